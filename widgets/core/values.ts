/** Small helpers on values: comparing argument lists, caching a derivation, changing an immutable map. */

/** Whether two argument lists hold the same values (`Object.is`, item by item). */
export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Wraps `compute` to return its last result while its arguments stay the same: one slot is all a render needs. */
export function lastResult<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A) => {
    if (last && sameValues(last.args, args)) return last.result;
    last = { args, result: compute(...args) };
    return last.result;
  };
}

/** `map` with `key` set to `value` (or removed, for undefined), as a new map: for reactive state. */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): ReadonlyMap<K, V> {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}
