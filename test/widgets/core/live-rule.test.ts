import { expect } from '@open-wc/testing';
import { overlay, supersedes, type LiveCopy } from '../../../widgets/core/live-rule';

interface Item {
  id: string;
  value: string;
  at: string;
}

const identity = { key: (i: Item) => i.id, time: (i: Item) => i.at };
const item = (id: string, value: string, hour: number): Item => ({ id, value, at: `2025-10-20T${String(hour).padStart(2, '0')}:00:00.000Z` });
const copy = (arrival: number, next: Item | null, key = next?.id ?? '', time: string | null = next?.at ?? null): LiveCopy<Item> => ({ key, item: next, time, arrival });
const values = (items: readonly Item[]) => items.map((i) => `${i.id}=${i.value}`);

describe('the live rule', () => {
  it('supersedes: a later arrival wins unless it is known to be older', () => {
    const at = (hour: number) => item('x', '', hour).at;
    expect(supersedes(at(10), at(9))).to.equal(true);
    expect(supersedes(at(9), at(10))).to.equal(false);
    // Equal times: the later arrival wins.
    expect(supersedes(at(9), at(9))).to.equal(true);
    // No time of its own: newer than any copy, and only another timeless event replaces it.
    expect(supersedes(null, at(9))).to.equal(true);
    expect(supersedes(at(23), null)).to.equal(false);
    expect(supersedes(null, null)).to.equal(true);
    // A time that does not parse is never called older; nothing to replace is always replaced.
    expect(supersedes('soon', at(9))).to.equal(true);
    expect(supersedes(at(9), 'never')).to.equal(true);
    expect(supersedes(at(9), undefined)).to.equal(true);
  });

  it('ignores events that reached the store before the data was requested, and gives the data back unchanged', () => {
    const data = [item('a', 'data', 9)];
    expect(overlay(data, [copy(3, item('a', 'event', 12))], 5, identity)).to.equal(data);
    expect(overlay(data, [copy(5, item('a', 'event', 12))], 5, identity)).to.equal(data);
    expect(values(overlay(data, [copy(6, item('a', 'event', 12))], 5, identity))).to.deep.equal(['a=event']);
  });

  it('a stale event is ignored, a newer one wins, an equal one wins', () => {
    const data = [item('a', 'data', 9), item('b', 'data', 9), item('c', 'data', 9)];
    const shown = overlay(data, [copy(1, item('a', 'older', 8)), copy(2, item('b', 'newer', 10)), copy(3, item('c', 'same time', 9))], 0, identity);
    expect(values(shown)).to.deep.equal(['a=data', 'b=newer', 'c=same time']);
    // Nothing changed: the same array, so what a widget derived from it stays cached.
    expect(overlay(data, [copy(1, item('a', 'older', 8))], 0, identity)).to.equal(data);
  });

  it('takes the events of one item in their order of arrival: a later, older one does not undo a newer', () => {
    const data = [item('a', 'data', 9)];
    const newer = copy(2, item('a', 'newest', 12));
    const older = copy(3, item('a', 'late but older', 10));
    expect(values(overlay(data, [older, newer], 0, identity))).to.deep.equal(['a=newest']);
  });

  it('removes, adds last in order of arrival, and asks the filter before adding', () => {
    const data = [item('a', 'data', 9), item('b', 'data', 9)];
    const copies = [copy(4, item('d', 'added', 9)), copy(1, null, 'a', item('a', '', 10).at), copy(2, item('c', 'added', 9)), copy(3, item('x', 'filtered', 9))];
    expect(values(overlay(data, copies, 0, identity, (i) => i.id !== 'x'))).to.deep.equal(['b=data', 'c=added', 'd=added']);
    // The filter is for additions: an item of the data is updated even when the filter would not admit it.
    expect(values(overlay(data, [copy(1, item('b', 'moved', 10))], 0, identity, () => false))).to.deep.equal(['a=data', 'b=moved']);
  });

  it('an event without a time of its own (a churn) outlives later copies that carry one', () => {
    const data = [item('a', 'data', 9)];
    const churn = copy(1, null, 'a', null);
    expect(overlay(data, [churn, copy(2, item('a', 'rescored', 12))], 0, identity)).to.deep.equal([]);
  });
});
