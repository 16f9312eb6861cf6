import { createRandom, type Random } from './random';

export interface BootstrapOptions {
  /** 1,000 by default. */
  readonly resamples?: number;
  readonly seed: number;
  /**
   * Resample whole groups (accounts) rather than examples: an account's snapshots are not
   * independent, and resampling them one by one would make the interval too narrow.
   */
  readonly groups?: readonly string[];
}

/** A point estimate with its percentile interval; null where the statistic is undefined. */
export interface Interval {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * Percentile bootstrap 95 % intervals for several statistics of the same examples at once: each
 * resample is a vector of multiplicities (how often each example was drawn), every statistic reads
 * the same vector. Resamples where a statistic is undefined (no churner drawn) are left out of its
 * interval.
 */
export function bootstrapIntervals(
  rows: number,
  statistics: readonly ((weights?: Float64Array) => number)[],
  options: BootstrapOptions,
): Interval[] {
  const draws = statistics.map(() => [] as number[]);
  forEachResample(rows, options, (weights) => {
    statistics.forEach((statistic, s) => {
      const value = statistic(weights);
      if (Number.isFinite(value)) draws[s]!.push(value);
    });
  });
  return statistics.map((statistic, s) => ({ estimate: finiteOrNull(statistic()), ...percentiles(draws[s]!) }));
}

export interface PairedComparison extends Interval {
  /** Share of resamples in which A's statistic was strictly above B's. */
  readonly shareAboveB: number | null;
}

/**
 * Paired bootstrap of statistic(A) − statistic(B) on the same examples: both are evaluated on the
 * same resample each time, so what the two have in common (the hard examples) cancels out, and the
 * interval and the share of resamples where A wins say whether A really beats B.
 */
export function pairedBootstrap(
  rows: number,
  statisticA: (weights?: Float64Array) => number,
  statisticB: (weights?: Float64Array) => number,
  options: BootstrapOptions,
): PairedComparison {
  const differences: number[] = [];
  let above = 0;
  forEachResample(rows, options, (weights) => {
    const difference = statisticA(weights) - statisticB(weights);
    if (!Number.isFinite(difference)) return;
    differences.push(difference);
    if (difference > 0) above++;
  });
  return {
    estimate: finiteOrNull(statisticA() - statisticB()),
    ...percentiles(differences),
    shareAboveB: differences.length > 0 ? above / differences.length : null,
  };
}

function forEachResample(rows: number, options: BootstrapOptions, visit: (weights: Float64Array) => void): void {
  const random = createRandom(options.seed);
  const resamples = options.resamples ?? 1000;
  const weights = new Float64Array(rows);
  if (options.groups) {
    if (options.groups.length !== rows) throw new Error(`bootstrap: ${options.groups.length} groups for ${rows} rows`);
    const ids = new Map<string, number>();
    const groupOf = Uint32Array.from(options.groups, (group) => {
      let id = ids.get(group);
      if (id === undefined) ids.set(group, (id = ids.size));
      return id;
    });
    const drawn = new Float64Array(ids.size);
    for (let b = 0; b < resamples; b++) {
      draw(drawn, random);
      for (let r = 0; r < rows; r++) weights[r] = drawn[groupOf[r]!]!;
      visit(weights);
    }
  } else {
    for (let b = 0; b < resamples; b++) {
      draw(weights, random);
      visit(weights);
    }
  }
}

/** n draws with replacement from n items, as multiplicities. */
function draw(counts: Float64Array, random: Random): void {
  counts.fill(0);
  for (let k = 0; k < counts.length; k++) counts[random.int(counts.length)]!++;
}

/** The 2.5th and 97.5th percentiles (linear interpolation between order statistics). */
function percentiles(values: number[]): { lower: number | null; upper: number | null } {
  if (values.length === 0) return { lower: null, upper: null };
  const sorted = Float64Array.from(values).sort();
  return { lower: quantile(sorted, 0.025), upper: quantile(sorted, 0.975) };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
