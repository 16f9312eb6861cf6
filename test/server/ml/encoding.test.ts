import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MISSING_CATEGORY,
  OTHER_CATEGORY,
  encodeExample,
  encodeExamples,
  fitEncoder,
  type FeatureDefinition,
  type RawExample,
} from '../../../server/domain/ml/encoding';

const definitions: FeatureDefinition[] = [
  { name: 'mrr', kind: 'numeric' },
  { name: 'plan', kind: 'categorical' },
];

describe('feature encoding', () => {
  const rows: RawExample[] = [
    { mrr: 10, plan: 'pro' },
    { mrr: 30, plan: 'pro' },
    { mrr: null, plan: 'starter' },
    { mrr: 20, plan: 'rare' },
  ];
  const spec = fitEncoder(definitions, rows, { minCategoryCount: 1, minCategoryShare: 0.3 });

  it('imputes the training median, flags missing values and pools rare categories', () => {
    expect(spec.features).toEqual([
      { kind: 'numeric', name: 'mrr', median: 20, missingIndicator: true },
      // 'starter' and 'rare' are each 1 of 4 rows (25 % < 30 %): pooled into __other__.
      { kind: 'categorical', name: 'plan', levels: ['pro'] },
    ]);
    expect(spec.columns.map((column) => column.name)).toEqual([
      'mrr',
      `mrr=${MISSING_CATEGORY}`,
      'plan=pro',
      `plan=${OTHER_CATEGORY}`,
    ]);
    // mrr after imputation: 10, 30, 20, 20 → mean 20, population sd √50.
    expect(spec.columns[0]).toMatchObject({ kind: 'numeric', impute: 20, mean: 20 });
    expect(spec.columns[0]!.scale).toBeCloseTo(Math.sqrt(50), 12);
    // The missing flag: 1 of 4 → mean 0.25, sd √(0.25 · 0.75).
    expect(spec.columns[1]).toMatchObject({ kind: 'indicator', mean: 0.25 });
    expect(spec.columns[1]!.scale).toBeCloseTo(Math.sqrt(0.1875), 12);
  });

  it('encodes column-major, keeps NaN for the tree model and sends unseen categories to __other__', () => {
    const matrix = encodeExamples(spec, [{ mrr: 5, plan: 'pro' }, { mrr: undefined, plan: 'enterprise' }, { plan: null }]);
    expect(matrix.rows).toBe(3);
    expect(Array.from(matrix.values)).toEqual([
      5, Number.NaN, Number.NaN, // mrr
      0, 1, 1, // mrr missing
      1, 0, 0, // plan=pro
      0, 1, 1, // plan=__other__ (unseen 'enterprise', missing plan)
    ]);
    expect(Array.from(encodeExample(spec, { mrr: 5, plan: 'pro' }))).toEqual([5, 0, 1, 0]);
  });

  it('keeps a frequent missing category as a level of its own and caps the number of levels', () => {
    const many: RawExample[] = [
      ...Array.from({ length: 50 }, () => ({ plan: null })),
      ...Array.from({ length: 40 }, () => ({ plan: 'a' })),
      ...Array.from({ length: 30 }, () => ({ plan: 'b' })),
    ];
    const fitted = fitEncoder([{ name: 'plan', kind: 'categorical' }], many, { minCategoryCount: 1, maxCategoryLevels: 2 });
    expect(fitted.features[0]).toEqual({ kind: 'categorical', name: 'plan', levels: [MISSING_CATEGORY, 'a'] });
  });

  it('rejects text in a numeric feature and a feature defined twice, naming them', () => {
    expect(() => fitEncoder(definitions, [{ mrr: 'lots', plan: 'pro' }])).toThrow(/"mrr" is numeric.*"lots"/);
    expect(() => fitEncoder([...definitions, { name: 'mrr', kind: 'categorical' }], rows)).toThrow(/"mrr" is defined twice/);
  });

  it('imputes the exact median, even and odd counts, ties and all (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { minLength: 1, maxLength: 40 }), (values) => {
        const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
        const middle = present.length >> 1;
        const expected = present.length === 0 ? 0 : present.length % 2 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
        const fitted = fitEncoder([{ name: 'x', kind: 'numeric' }], values.map((x) => ({ x })));
        expect(fitted.features[0]).toMatchObject({ median: expected });
      }),
    );
  });

  it('standardisation stats equal those of the encoded, imputed training columns (property)', () => {
    const value = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    const category = fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.record({ mrr: value, plan: category }), { minLength: 1, maxLength: 60 }), (sample) => {
        const fitted = fitEncoder(definitions, sample, { minCategoryCount: 3, minCategoryShare: 0 });
        const matrix = encodeExamples(fitted, sample);
        fitted.columns.forEach((column, c) => {
          const values = Array.from(matrix.values.subarray(c * sample.length, (c + 1) * sample.length), (v) =>
            Number.isNaN(v) ? column.impute : v,
          );
          const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
          const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
          expect(column.mean).toBeCloseTo(mean, 6 - Math.log10(Math.max(1, Math.abs(mean))));
          // A (numerically) constant column keeps scale 1 instead of dividing by ~0.
          const tolerance = 1e-12 * Math.max(1, Math.abs(mean));
          if (sd < tolerance / 2) expect(column.scale).toBe(1);
          else if (sd > 2 * tolerance) expect(column.scale / sd).toBeCloseTo(1, 6);
        });
        // Each row has exactly one category column set.
        const levels = fitted.columns.flatMap((column, c) => (column.feature === 'plan' ? [c] : []));
        for (let r = 0; r < sample.length; r++) {
          expect(levels.reduce((sum, c) => sum + matrix.values[c * sample.length + r]!, 0)).toBe(1);
        }
      }),
    );
  });
});
