import type { FeatureMatrix } from './dataset';
import type { Random } from './random';

/** Value bins per column at most, so a bin code and the missing code fit in one byte. */
export const MAX_BINS = 255;

/**
 * A matrix as small integer codes, column-major in one Uint8Array: the tree learner scans these
 * instead of doubles, and a histogram per column has at most 256 slots. In column c, codes
 * 0 … binCounts[c] − 1 are value bins (value ≤ edges[c][b] for the first such b) and code
 * binCounts[c] means missing.
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly codes: Uint8Array;
  readonly binCounts: Uint16Array;
}

/**
 * Upper bin edges per column from the training rows (a seeded sample of at most `sampleSize`, as
 * quantiles settle long before that): midpoints between distinct values when there are few of them,
 * quantile cuts otherwise. A column gets binCount − 1 edges.
 */
export function fitBinEdges(
  matrix: FeatureMatrix,
  random: Random,
  { maxBins = MAX_BINS, sampleSize = 100_000 }: { maxBins?: number; sampleSize?: number } = {},
): Float64Array[] {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new Error(`maxBins must be 2-${MAX_BINS}, not ${maxBins}`);
  const sample = sampleRows(matrix.rows, sampleSize, random);
  const buffer = new Float64Array(sample.length);
  const edges: Float64Array[] = [];
  for (let c = 0; c < matrix.columns; c++) {
    const base = c * matrix.rows;
    let m = 0;
    for (const r of sample) {
      const value = matrix.values[base + r]!;
      if (!Number.isNaN(value)) buffer[m++] = value;
    }
    edges.push(columnEdges(buffer.subarray(0, m), maxBins));
  }
  return edges;
}

/** Codes every value with the edges fitted on training rows, the same way for any later matrix. */
export function binMatrix(matrix: FeatureMatrix, edges: readonly Float64Array[]): BinnedMatrix {
  const { rows, columns } = matrix;
  const codes = new Uint8Array(rows * columns);
  const binCounts = Uint16Array.from(edges, (columnEdges) => columnEdges.length + 1);
  for (let c = 0; c < columns; c++) {
    const columnEdges = edges[c]!;
    const missing = columnEdges.length + 1;
    const base = c * rows;
    for (let r = 0; r < rows; r++) {
      const value = matrix.values[base + r]!;
      codes[base + r] = Number.isNaN(value) ? missing : binOf(columnEdges, value);
    }
  }
  return { rows, columns, codes, binCounts };
}

/** The first bin whose upper edge is ≥ value (the last bin when none is). */
export function binOf(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Edges from a column's present values (reordered in place). */
function columnEdges(values: Float64Array, maxBins: number): Float64Array {
  // Most columns (0/1 levels and flags, small counts) have few distinct values: count them without sorting.
  const few = new Map<number, number>();
  for (let i = 0; i < values.length && few.size <= maxBins; i++) few.set(values[i]!, (few.get(values[i]!) ?? 0) + 1);
  if (few.size <= maxBins) {
    const distinct = [...few.keys()].sort((a, b) => a - b);
    return Float64Array.from(distinct.slice(1), (value, i) => midpoint(distinct[i]!, value));
  }
  const sorted = values.sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]!);
      counts.push(1);
    } else {
      counts[counts.length - 1]!++;
    }
  }
  for (let target = sorted.length / maxBins; ; target *= 1.1) {
    const cuts = equalFrequencyCuts(distinct, counts, target);
    if (cuts.length < maxBins) return Float64Array.from(cuts);
  }
}

/**
 * Cuts between distinct values so each bin holds about `target` rows, and a value at least that
 * frequent (a heavy zero, a default) gets a bin to itself instead of hiding among its neighbours.
 */
function equalFrequencyCuts(distinct: readonly number[], counts: readonly number[], target: number): number[] {
  const cuts: number[] = [];
  let filled = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (filled > 0 && counts[i]! >= target) {
      cuts.push(midpoint(distinct[i - 1]!, distinct[i]!));
      filled = 0;
    }
    filled += counts[i]!;
    if (filled >= target && i < distinct.length - 1) {
      cuts.push(midpoint(distinct[i]!, distinct[i + 1]!));
      filled = 0;
    }
  }
  return cuts;
}

/** Halfway, but never equal to the upper value (which must land in the bin above). */
function midpoint(below: number, above: number): number {
  const middle = below + (above - below) / 2;
  return middle < above ? middle : below;
}

function sampleRows(rows: number, size: number, random: Random): Uint32Array {
  const all = Uint32Array.from({ length: rows }, (_, r) => r);
  if (rows <= size) return all;
  // Partial Fisher–Yates: the first `size` slots become a uniform sample without replacement.
  for (let i = 0; i < size; i++) {
    const j = i + random.int(rows - i);
    const swap = all[i]!;
    all[i] = all[j]!;
    all[j] = swap;
  }
  return all.subarray(0, size).sort();
}
