import type { FeatureDefinition, RawExample } from '../../../../server/domain/ml/encoding';
import { sigmoid } from '../../../../server/domain/ml/loss';
import { createRandom, type Random } from '../../../../server/domain/ml/random';
import type { ExampleSlice } from '../../../../server/domain/ml/split';

/**
 * Generated churn examples with a planted signal a linear model can only partly see: a steep effect of
 * `inactivity`, an XOR-like interaction of `usage_trend` and `seats_trend`, a U-shaped `tickets`,
 * month-to-month contracts, and a missing `nps` (no survey answered) all raise the risk; every other
 * column is noise. Shared by the tests and `bench/churn-train.ts`.
 */
export interface SyntheticOptions {
  readonly examples: number;
  readonly seed: number;
  /** Examples per account; consecutive examples of an account are its snapshots in time order. */
  readonly snapshotsPerAccount?: number;
  /** Extra noise columns beyond the seven signal columns. */
  readonly noiseNumeric?: number;
  readonly noiseCategorical?: number;
  /** Intercept of the planted log-odds: −4.3 gives about 5 % churners. */
  readonly intercept?: number;
  /** Multiplies the planted signal; 0 leaves outcomes unrelated to every feature. */
  readonly strength?: number;
}

export interface SyntheticData {
  readonly features: FeatureDefinition[];
  readonly slice: ExampleSlice;
  /** Snapshot index of each example (0 = oldest), for cutting slices by time. */
  readonly time: Uint32Array;
  /** The planted log-odds of each example: the best any model can do. */
  readonly trueMargin: Float64Array;
}

const CONTRACTS = ['annual', 'month-to-month', 'two-year', 'quarterly', 'legacy-a', 'legacy-b'] as const;
const CONTRACT_SHARES = [0.5, 0.3, 0.15, 0.048, 0.0015, 0.0005];
const REGIONS = ['emea', 'na', 'apac', 'latam'] as const;

export function syntheticChurn(options: SyntheticOptions): SyntheticData {
  const random = createRandom(options.seed);
  const snapshots = options.snapshotsPerAccount ?? 4;
  const noiseNumeric = options.noiseNumeric ?? 3;
  const noiseCategorical = options.noiseCategorical ?? 1;
  const intercept = options.intercept ?? -4.3;
  const strength = options.strength ?? 1;
  const features: FeatureDefinition[] = [
    { name: 'inactivity', kind: 'numeric' },
    { name: 'usage_trend', kind: 'numeric' },
    { name: 'seats_trend', kind: 'numeric' },
    { name: 'tickets', kind: 'numeric' },
    { name: 'nps', kind: 'numeric' },
    { name: 'contract', kind: 'categorical' },
    { name: 'region', kind: 'categorical' },
    ...Array.from({ length: noiseNumeric }, (_, i) => ({ name: `noise_${i}`, kind: 'numeric' as const })),
    ...Array.from({ length: noiseCategorical }, (_, i) => ({ name: `noise_cat_${i}`, kind: 'categorical' as const })),
  ];
  const examples: RawExample[] = [];
  const labels = new Uint8Array(options.examples);
  const groups: string[] = [];
  const time = new Uint32Array(options.examples);
  const trueMargin = new Float64Array(options.examples);
  for (let i = 0; i < options.examples; i++) {
    const inactivity = Math.exp(gaussian(random) * 0.8 + 1.5);
    const usageTrend = gaussian(random);
    const seatsTrend = gaussian(random);
    const tickets = Math.floor(random.next() * 9);
    const npsMissing = random.next() < 0.3;
    const contract = CONTRACTS[pick(CONTRACT_SHARES, random)]!;
    const example: Record<string, number | string | null> = {
      inactivity: Math.round(inactivity),
      usage_trend: usageTrend,
      seats_trend: random.next() < 0.05 ? null : seatsTrend,
      tickets,
      nps: npsMissing ? null : Math.round(random.next() * 10),
      contract,
      region: REGIONS[random.int(REGIONS.length)]!,
    };
    for (let k = 0; k < noiseNumeric; k++) example[`noise_${k}`] = random.next() < 0.1 ? null : gaussian(random) * 10 + k;
    for (let k = 0; k < noiseCategorical; k++) example[`noise_cat_${k}`] = `level_${random.int(8)}`;
    const signal =
      1.4 * Math.min(Math.log1p(inactivity), 4) +
      1.6 * Math.sign(usageTrend) * Math.sign(seatsTrend) +
      0.35 * (tickets - 4) ** 2 / 4 +
      (contract === 'month-to-month' ? 1.2 : 0) +
      (npsMissing ? 1.0 : 0) -
      3.6;
    trueMargin[i] = intercept + strength * signal;
    labels[i] = random.next() < sigmoid(trueMargin[i]!) ? 1 : 0;
    examples.push(example);
    groups.push(`acct_${Math.floor(i / snapshots)}`);
    time[i] = i % snapshots;
  }
  return { features, slice: { examples, labels, groups }, time, trueMargin };
}

/** Standard normal by Box–Muller. */
export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function pick(shares: readonly number[], random: Random): number {
  let u = random.next();
  for (let i = 0; i < shares.length; i++) {
    u -= shares[i]!;
    if (u < 0) return i;
  }
  return shares.length - 1;
}
