import type { FeatureMatrix } from './dataset';

/** What a caller may put in a raw example; numbers, categories and gaps as the data has them. */
export type RawValue = number | string | boolean | null | undefined;
export type RawExample = Readonly<Record<string, RawValue>>;

export interface FeatureDefinition {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
}

export interface EncoderOptions {
  /** A category needs at least this many training rows to get its own column. */
  readonly minCategoryCount?: number;
  /** …and at least this share of the training rows. */
  readonly minCategoryShare?: number;
  /** At most this many categories per feature keep their own column (the most frequent). */
  readonly maxCategoryLevels?: number;
}

/** The pooled column for rare categories and for categories never seen in training. */
export const OTHER_CATEGORY = '__other__';
/** A missing categorical value is a category of its own (pooled like any other when rare). */
export const MISSING_CATEGORY = '__missing__';

export type FeatureSpec =
  | { readonly kind: 'numeric'; readonly name: string; readonly median: number; readonly missingIndicator: boolean }
  | { readonly kind: 'categorical'; readonly name: string; readonly levels: readonly string[] };

/**
 * One encoded column. `numeric` columns carry the raw number (NaN when missing: the tree model gives
 * it a bin of its own, the linear model imputes `impute`); `indicator` columns are 0/1 (a category
 * level or a missing-value flag). `mean` and `scale` standardise the column for the linear model.
 */
export interface ColumnSpec {
  readonly name: string;
  readonly feature: string;
  readonly kind: 'numeric' | 'indicator';
  readonly impute: number;
  readonly mean: number;
  readonly scale: number;
}

/** A fitted encoder, plain JSON: stored with the model so scoring encodes exactly as training did. */
export interface EncoderSpec {
  readonly features: readonly FeatureSpec[];
  readonly columns: readonly ColumnSpec[];
}

const DEFAULTS: Required<EncoderOptions> = { minCategoryCount: 20, minCategoryShare: 0.005, maxCategoryLevels: 30 };

/**
 * Fits the encoder on the training rows only (medians, kept categories and standardisation all come
 * from them), so nothing about validation or test examples shapes the features.
 */
export function fitEncoder(
  definitions: readonly FeatureDefinition[],
  rows: readonly RawExample[],
  options: EncoderOptions = {},
): EncoderSpec {
  if (rows.length === 0) throw new Error('fitEncoder: no training rows');
  const names = new Set<string>();
  for (const definition of definitions) {
    if (names.has(definition.name)) throw new Error(`fitEncoder: feature "${definition.name}" is defined twice`);
    names.add(definition.name);
  }
  const settings = { ...DEFAULTS, ...options };
  // One pass over the rows (row by row, as encoding does), then each feature from what it collected.
  const n = rows.length;
  // One buffer for every numeric feature: each large typed array can set off a full collection of
  // the caller's (large) heap of example objects, so allocate once.
  const buffer = new Float64Array(n * definitions.filter((definition) => definition.kind === 'numeric').length);
  let numeric = 0;
  const present = definitions.map((definition) =>
    definition.kind === 'numeric' ? buffer.subarray(n * numeric, n * ++numeric) : null,
  );
  const presentCount = new Array<number>(definitions.length).fill(0);
  const counts = definitions.map((definition) => (definition.kind === 'categorical' ? new Map<string, number>() : null));
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    for (let f = 0; f < definitions.length; f++) {
      const name = definitions[f]!.name;
      const values = present[f];
      if (values) {
        const value = numericValue(name, row[name], r);
        if (!Number.isNaN(value)) values[presentCount[f]!++] = value;
      } else {
        const category = categoryOf(row[name]);
        counts[f]!.set(category, (counts[f]!.get(category) ?? 0) + 1);
      }
    }
  }
  const fitted = definitions.map((definition, f) =>
    definition.kind === 'numeric'
      ? fitNumeric(definition.name, present[f]!.subarray(0, presentCount[f]), n)
      : fitCategorical(definition.name, counts[f]!, n, settings),
  );
  return { features: fitted.map(({ feature }) => feature), columns: fitted.flatMap(({ columns }) => columns) };
}

/** Encodes rows into a column-major matrix with the fitted spec; unseen categories go to `__other__`. */
export function encodeExamples(spec: EncoderSpec, rows: readonly RawExample[]): FeatureMatrix {
  return encodeWith(spec.features, spec.columns.length, rows);
}

/** Encodes one example, the shape single-example scoring and explanations take. */
export function encodeExample(spec: EncoderSpec, row: RawExample): Float64Array {
  return encodeWith(spec.features, spec.columns.length, [row]).values;
}

/** Row by row (each example's fields are read while it is in cache), writing into the columns. */
function encodeWith(features: readonly FeatureSpec[], columnCount: number, rows: readonly RawExample[]): FeatureMatrix {
  const n = rows.length;
  const values = new Float64Array(n * columnCount);
  const firstColumn: number[] = [];
  let column = 0;
  for (const feature of features) {
    firstColumn.push(column);
    column += feature.kind === 'numeric' ? (feature.missingIndicator ? 2 : 1) : feature.levels.length + 1;
  }
  const levels = features.map((feature) => (feature.kind === 'categorical' ? levelPositions(feature) : null));
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    for (let f = 0; f < features.length; f++) {
      const feature = features[f]!;
      const base = firstColumn[f]! * n + r;
      if (feature.kind === 'numeric') {
        const value = numericValue(feature.name, row[feature.name], r);
        values[base] = value;
        if (feature.missingIndicator && Number.isNaN(value)) values[base + n] = 1;
      } else {
        values[base + (levels[f]!.get(categoryOf(row[feature.name])) ?? feature.levels.length) * n] = 1;
      }
    }
  }
  return { rows: n, columns: columnCount, values };
}

interface FittedFeature {
  readonly feature: FeatureSpec;
  readonly columns: readonly ColumnSpec[];
}

function fitNumeric(name: string, present: Float64Array, n: number): FittedFeature {
  const missing = n - present.length;
  const middle = median(present);
  let sum = missing * middle;
  for (const value of present) sum += value;
  const mean = sum / n;
  let squares = missing * (middle - mean) ** 2;
  for (const value of present) squares += (value - mean) ** 2;
  const columns: ColumnSpec[] = [
    { name, feature: name, kind: 'numeric', impute: middle, mean, scale: nonZeroScale(Math.sqrt(squares / n), mean) },
  ];
  if (missing > 0) columns.push(indicatorColumn(name, MISSING_CATEGORY, missing / n));
  return { feature: { kind: 'numeric', name, median: middle, missingIndicator: missing > 0 }, columns };
}

function fitCategorical(
  name: string,
  counts: Map<string, number>,
  n: number,
  settings: Required<EncoderOptions>,
): FittedFeature {
  const minimum = Math.max(settings.minCategoryCount, settings.minCategoryShare * n);
  const kept = [...counts]
    .filter(([level, count]) => count >= minimum && level !== OTHER_CATEGORY)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, settings.maxCategoryLevels);
  const keptRows = kept.reduce((total, [, count]) => total + count, 0);
  const columns = [
    ...kept.map(([level, count]) => indicatorColumn(name, level, count / n)),
    indicatorColumn(name, OTHER_CATEGORY, (n - keptRows) / n),
  ];
  return { feature: { kind: 'categorical', name, levels: kept.map(([level]) => level) }, columns };
}

/** A 0/1 column with training share q: mean q, standard deviation sqrt(q(1 - q)). */
function indicatorColumn(feature: string, level: string, share: number): ColumnSpec {
  return {
    name: `${feature}=${level}`,
    feature,
    kind: 'indicator',
    impute: 0,
    mean: share,
    scale: nonZeroScale(Math.sqrt(share * (1 - share)), share),
  };
}

/** A constant column keeps scale 1, so standardising it gives 0 rather than a division by zero. */
function nonZeroScale(sd: number, mean: number): number {
  return sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
}

/** Level → column offset per categorical feature, built once per fitted spec (scoring encodes one account at a time). */
const positions = new WeakMap<FeatureSpec, Map<string, number>>();

function levelPositions(feature: Extract<FeatureSpec, { kind: 'categorical' }>): Map<string, number> {
  let position = positions.get(feature);
  if (!position) {
    position = new Map(feature.levels.map((level, i) => [level, i]));
    positions.set(feature, position);
  }
  return position;
}

/** Finite numbers as they are, booleans as 0/1, gaps and non-finite numbers as missing (NaN). */
function numericValue(feature: string, value: RawValue, row: number): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  throw new Error(`feature "${feature}" is numeric, but example ${row} has the text ${JSON.stringify(value)}`);
}

function categoryOf(value: RawValue): string {
  if (value === null || value === undefined || value === '') return MISSING_CATEGORY;
  return String(value);
}

/**
 * Median of the values (0 when there are none, so an always-missing feature imputes a constant), by
 * quickselect in place: linear time, where sorting each of fifty columns of 300,000 rows was not.
 */
function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const upper = select(values, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection everything left of n/2 is ≤ upper: the lower middle is their maximum.
  let lower = values[0]!;
  for (let i = 1; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** Hoare's quickselect: the k-th smallest value, leaving smaller ones before position k. */
function select(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else break;
  }
  return values[k]!;
}
