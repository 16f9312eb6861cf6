import { describe, expect, it } from 'vitest';
import { selectRows, splitByGroup } from '../../../server/domain/ml/split';

describe('grouped split', () => {
  const groups = Array.from({ length: 2000 }, (_, i) => `acct_${i % 400}`);

  it('puts every example of an account in the same part, with about the asked share of accounts', () => {
    const parts = splitByGroup(groups, [0.6, 0.2, 0.2], 7);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
    const accountsOf = parts.map((rows) => new Set(rows.map((row) => groups[row])));
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) expect([...accountsOf[a]!].some((account) => accountsOf[b]!.has(account))).toBe(false);
    }
    expect(accountsOf.map((accounts) => accounts.size)).toEqual([240, 80, 80]);
  });

  it('depends on the seed and the set of accounts, not on the row order', () => {
    const parts = splitByGroup(groups, [0.5, 0.5], 1);
    const reversed = [...groups].reverse();
    const partsReversed = splitByGroup(reversed, [0.5, 0.5], 1);
    const accounts = (rows: number[], source: string[]) => new Set(rows.map((row) => source[row]));
    expect(accounts(partsReversed[0]!, reversed)).toEqual(accounts(parts[0]!, groups));
    expect(accounts(splitByGroup(groups, [0.5, 0.5], 2)[0]!, groups)).not.toEqual(accounts(parts[0]!, groups));
    expect(() => splitByGroup(groups, [0, 0], 1)).toThrow(/shares/);
  });

  it('selects rows of a slice with their outcomes, accounts and weights', () => {
    const slice = { examples: [{ a: 1 }, { a: 2 }, { a: 3 }], labels: Uint8Array.of(0, 1, 0), groups: ['x', 'y', 'z'], weights: Float64Array.of(1, 2, 3) };
    expect(selectRows(slice, [2, 1])).toEqual({ examples: [{ a: 3 }, { a: 2 }], labels: Uint8Array.of(0, 1), groups: ['z', 'y'], weights: Float64Array.of(3, 2) });
  });
});
