/**
 * The one rule by which a widget lays live events over the data it fetched (or was given), the same
 * for the gauge, the card, the table, the queue and the alerts (see `live-data.ts`):
 *
 * 1. An event counts only if it reached the live store after the data was requested: the server's
 *    answer already holds the events before. Data given by the page was requested by no one the
 *    kit knows of, so every event counts for it (rule 2 then decides).
 * 2. An event that counts replaces the item's copy (a customer, an intervention or an alert, by its
 *    id) unless it is older, by the time each carries (`computed_at`, `updated_at`, `created_at`;
 *    a row's `last_updated`). On equal times the later arrival wins. An event that carries no time
 *    of its own (a churn) is newer than any copy; a time that does not parse is never older.
 * 3. The events of one item are taken in the order they reached the store. An event may take the
 *    item out (a customer no longer at risk, or churned); one may add an item the data did not
 *    hold only if the widget's own filters admit it.
 *
 * The store keeps, of each item, the copy rule 2 prefers, with its arrival. What comes out is in
 * the data's order with additions last; each widget then sorts by its own order.
 */

/** One event's copy of an item. */
export interface LiveCopy<T> {
  /** The item's id. */
  key: string;
  /** The item as the event has it; null: the event takes the item out. */
  item: T | null;
  /** The time the event carries; null when it carries none (then it is newer than any copy). */
  time: string | null;
  /** When the event reached the store (`LiveStore.arrivalOf`, or `arrivalMark()` for a widget's own change). */
  arrival: number;
}

const instant = (time: string | null | undefined) => (time === null ? Number.POSITIVE_INFINITY : Date.parse(time ?? ''));

/** Rule 2: a copy stamped `next`, arriving later, replaces one stamped `current` unless it is known to be older. */
export function supersedes(next: string | null, current: string | null | undefined): boolean {
  return !(instant(next) < instant(current));
}

/** How a list's items are told apart and dated. */
export interface ItemIdentity<T> {
  key: (item: T) => string;
  time: (item: T) => string | null;
}

/**
 * `items` (data requested at arrival mark `since`) with the copies that count laid over them, by
 * rules 1-3. `items` itself when nothing changed, so callers can cache what they derive from it.
 */
export function overlay<T>(
  items: readonly T[],
  copies: Iterable<LiveCopy<T>>,
  since: number,
  { key, time }: ItemIdentity<T>,
  admit: (item: T) => boolean = () => true,
): readonly T[] {
  const counting = [...copies].filter((copy) => copy.arrival > since).sort((a, b) => a.arrival - b.arrival);
  if (counting.length === 0) return items;
  const shown = new Map<string, { item: T | null; time: string | null }>();
  for (const item of items) shown.set(key(item), { item, time: time(item) });
  const inData = new Set(shown.keys());
  let changed = false;
  for (const copy of counting) {
    const current = shown.get(copy.key);
    if (current && !supersedes(copy.time, current.time)) continue;
    if (copy.item !== null && !inData.has(copy.key) && !admit(copy.item)) continue;
    changed ||= (current?.item ?? null) !== copy.item;
    shown.set(copy.key, { item: copy.item, time: copy.time });
  }
  if (!changed) return items;
  const result: T[] = [];
  for (const { item } of shown.values()) if (item !== null) result.push(item);
  return result;
}
