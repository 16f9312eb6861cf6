import type { RawExample } from './encoding';
import { createRandom } from './random';

/**
 * Examples of one slice (training, validation, calibration or test) with their outcomes and the
 * account each belongs to. The caller cuts slices by time; every training step takes the slice it
 * may use explicitly, so the test slice cannot reach a fit by accident.
 */
export interface ExampleSlice {
  readonly examples: readonly RawExample[];
  /** 1 = the account churned within the horizon after the example's instant. */
  readonly labels: Uint8Array;
  /** The account of each example. */
  readonly groups: readonly string[];
  /** Sample weights, 1 each when absent. */
  readonly weights?: Float64Array;
}

/** The rows `indices` of a slice, in that order. */
export function selectRows(slice: ExampleSlice, indices: ArrayLike<number>): ExampleSlice {
  const rows = Array.from(indices);
  return {
    examples: rows.map((i) => slice.examples[i]!),
    labels: Uint8Array.from(rows, (i) => slice.labels[i]!),
    groups: rows.map((i) => slice.groups[i]!),
    ...(slice.weights ? { weights: Float64Array.from(rows, (i) => slice.weights![i]!) } : {}),
  };
}

/**
 * Splits rows into parts by group (account) with roughly the given shares of accounts, seeded: every
 * example of an account lands in the same part, which is what cross-validation over snapshots of the
 * same accounts needs. The assignment depends on the set of accounts, not on the row order.
 */
export function splitByGroup(groups: readonly string[], shares: readonly number[], seed: number): number[][] {
  const total = shares.reduce((sum, share) => sum + share, 0);
  if (shares.length === 0 || shares.some((share) => !(share >= 0)) || !(total > 0)) {
    throw new Error('splitByGroup: shares must be non-negative and add up to more than 0');
  }
  const distinct = [...new Set(groups)].sort();
  const random = createRandom(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [distinct[i], distinct[j]] = [distinct[j]!, distinct[i]!];
  }
  const partOf = new Map<string, number>();
  let cumulative = 0;
  let start = 0;
  shares.forEach((share, part) => {
    cumulative += share / total;
    const end = part === shares.length - 1 ? distinct.length : Math.round(cumulative * distinct.length);
    for (let g = start; g < end; g++) partOf.set(distinct[g]!, part);
    start = end;
  });
  const parts = shares.map(() => [] as number[]);
  groups.forEach((group, row) => parts[partOf.get(group)!]!.push(row));
  return parts;
}
