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

/** Statistics on the original examples and on every resample (NaN where one is undefined). */
export interface Replicates {
  readonly estimates: readonly number[];
  /** replicates[s][b]: statistic s on resample b. */
  readonly replicates: readonly Float64Array[];
}

/**
 * The nonparametric bootstrap: each resample is a vector of multiplicities (how often each example
 * was drawn) handed to `statistics`, which returns every statistic of interest at once, so one set of
 * draws serves the model, the baselines and their paired comparisons alike.
 */
export function bootstrap(
  rows: number,
  statistics: (weights?: Float64Array) => readonly number[],
  options: BootstrapOptions,
): Replicates {
  const estimates = statistics();
  const resamples = options.resamples ?? 1000;
  const replicates = estimates.map(() => new Float64Array(resamples));
  const weights = new Float64Array(rows);
  const random = createRandom(options.seed);
  const groupOf = options.groups ? groupIndex(options.groups, rows) : null;
  const drawn = new Float64Array(groupOf ? groupOf.count : rows);
  for (let b = 0; b < resamples; b++) {
    draw(drawn, random);
    if (groupOf) for (let r = 0; r < rows; r++) weights[r] = drawn[groupOf.ids[r]!]!;
    statistics(groupOf ? weights : drawn).forEach((value, s) => (replicates[s]![b] = value));
  }
  return { estimates, replicates };
}

/** A point estimate with its percentile interval; null where the statistic is undefined. */
export interface Interval {
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The 95 % percentile interval of statistic s; resamples where it is undefined (no churner drawn) are left out. */
export function percentileInterval(result: Replicates, s: number): Interval {
  return { estimate: finiteOrNull(result.estimates[s]!), ...percentiles(result.replicates[s]!.filter(Number.isFinite)) };
}

export interface PairedComparison extends Interval {
  /** Share of resamples in which A's statistic was strictly above B's. */
  readonly shareAboveB: number | null;
}

/**
 * Statistic a − statistic b with both taken on the same resamples: what the two have in common (the
 * hard examples) cancels out, and the interval and the share of resamples where A wins say whether
 * A really beats B on these examples.
 */
export function pairedDifference(result: Replicates, a: number, b: number): PairedComparison {
  const differences = result.replicates[a]!.map((value, i) => value - result.replicates[b]![i]!).filter(Number.isFinite);
  return {
    estimate: finiteOrNull(result.estimates[a]! - result.estimates[b]!),
    ...percentiles(differences),
    shareAboveB: differences.length > 0 ? differences.filter((d) => d > 0).length / differences.length : null,
  };
}

function groupIndex(groups: readonly string[], rows: number): { ids: Uint32Array; count: number } {
  if (groups.length !== rows) throw new Error(`bootstrap: ${groups.length} groups for ${rows} rows`);
  const ids = new Map<string, number>();
  const index = Uint32Array.from(groups, (group) => {
    let id = ids.get(group);
    if (id === undefined) ids.set(group, (id = ids.size));
    return id;
  });
  return { ids: index, count: ids.size };
}

/** n draws with replacement from n items, as multiplicities. */
function draw(counts: Float64Array, random: Random): void {
  counts.fill(0);
  for (let k = 0; k < counts.length; k++) counts[random.int(counts.length)]!++;
}

/** The 2.5th and 97.5th percentiles (linear interpolation between order statistics). */
function percentiles(values: Float64Array): { lower: number | null; upper: number | null } {
  if (values.length === 0) return { lower: null, upper: null };
  const sorted = values.sort();
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
