/** Where the next page of a listing ordered by a time and an id starts. */
export interface TimeKey {
  t: Date;
  id: string;
}

export interface Page<T> {
  rows: T[];
  /** Null on the last page. */
  next: TimeKey | null;
}

/** A page out of `limit + 1` rows fetched: the extra row only says that there is more. */
export function pageOf<R, T>(fetched: readonly R[], limit: number, key: (row: R) => TimeKey, view: (row: R) => T): Page<T> {
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  return { rows: rows.map(view), next: fetched.length > limit && last !== undefined ? key(last) : null };
}
