import { describe, expect, it } from 'vitest';
import { churnDrivers, churnModelArtifactSchema, explainChurn, scoreChurn } from '../../../server/domain/ml/churn-model';
import { OTHER_CATEGORY } from '../../../server/domain/ml/encoding';
import { sigmoid } from '../../../server/domain/ml/loss';
import { rankScores, rocAuc } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';
import { selectRows, splitByGroup, type ExampleSlice } from '../../../server/domain/ml/split';
import { trainChurnModel, type ChurnTrainingData, type TrainingStage } from '../../../server/domain/ml/train-churn-model';
import { gaussian, syntheticChurn, type SyntheticData } from './support/synthetic-churn';

/** Five snapshots per account: the two oldest train, then validation, calibration and test. */
function byTime(data: SyntheticData): Omit<ChurnTrainingData, 'baselines'> {
  const at = (from: number, to: number) =>
    selectRows(data.slice, Array.from(data.time.keys()).filter((i) => data.time[i]! >= from && data.time[i]! < to));
  return { features: data.features, train: at(0, 2), validation: at(2, 3), calibration: at(3, 4), test: at(4, 5) };
}

function testRows(data: SyntheticData): number[] {
  return Array.from(data.time.keys()).filter((i) => data.time[i] === 4);
}

const fast = { resamples: 200, importanceSample: 200 };

describe('training a churn model', () => {
  const planted = syntheticChurn({ examples: 30_000, seed: 21, snapshotsPerAccount: 5, strength: 1.6 });
  const slices = byTime(planted);
  const truth = Float64Array.from(testRows(planted), (i) => planted.trueMargin[i]!);
  const random = createRandom(5);
  const noise = Float64Array.from(truth, () => random.next());
  const stages: TrainingStage[] = [];
  const result = trainChurnModel(
    {
      ...slices,
      baselines: [
        { name: 'planted log-odds', scores: truth, kind: 'ranking' },
        { name: 'coin flip', scores: noise, kind: 'probability' },
      ],
    },
    { ...fast, onStage: (stage) => stages.push(stage) },
  );

  it('recovers a planted signal with a test AUC above 0.9, the trees beating the linear model', () => {
    expect(result.metrics.auc.estimate!).toBeGreaterThan(0.9);
    expect(result.artifact.family).toBe('gbdt');
    expect(result.families.gbdt.validationAuc).toBeGreaterThan(result.families.logistic.validationAuc);
    expect(result.families.gbdt.testAuc.estimate!).toBeGreaterThan(result.families.logistic.testAuc.estimate!);
    // Nothing beats the truth: the planted log-odds' AUC is the ceiling, within noise.
    expect(result.metrics.auc.estimate!).toBeLessThan(result.baselines[0]!.metrics.auc.estimate! + 0.01);
    expect(result.importance.slice(0, 5).map((entry) => entry.feature).sort()).toEqual(
      ['contract', 'inactivity', 'seats_trend', 'tickets', 'usage_trend'],
    );
    expect(stages).toEqual(['encoding', 'logistic', 'gbdt', 'calibration', 'evaluation', 'importance']);
  });

  it('reports calibrated probabilities with intervals, counts and baselines measured the same way', () => {
    const { metrics, counts } = result;
    expect(metrics.ece!.estimate!).toBeLessThan(0.03);
    for (const interval of [metrics.auc, metrics.prAuc, metrics.topDecileLift, metrics.brier!, metrics.brierSkill!, metrics.ece!]) {
      expect(interval.lower!).toBeLessThanOrEqual(interval.estimate!);
      expect(interval.upper!).toBeGreaterThanOrEqual(interval.estimate!);
    }
    expect(metrics.prAuc.estimate!).toBeGreaterThan(metrics.baseRate);
    expect(metrics.topDecileLift.estimate!).toBeLessThanOrEqual(metrics.liftCeiling);
    expect(metrics.reliability!.reduce((sum, bin) => sum + bin.count, 0)).toBe(6000);
    expect(counts.test).toEqual({ examples: 6000, accounts: 6000, churners: slices.test.labels.reduce((sum, y) => sum + y, 0) });
    expect(counts.train.examples).toBe(12_000);
    expect(result.insufficientData).toBe(false);
    const [ranking, coin] = result.baselines;
    expect(ranking!.metrics.brier).toBeNull();
    expect(coin!.metrics.brier).not.toBeNull();
    expect(Math.abs(coin!.metrics.auc.estimate! - 0.5)).toBeLessThan(0.05);
    expect(coin!.aucDifference.lower!).toBeGreaterThan(0);
    expect(coin!.aucDifference.shareAboveB).toBe(1);
  });

  it('stores a JSON artifact that scores and explains raw examples, drivers by raw feature', () => {
    const stored = churnModelArtifactSchema.parse(JSON.parse(JSON.stringify(result.artifact)));
    const example = slices.test.examples[0]!;
    const explanation = explainChurn(stored, example);
    expect(explanation.probability).toBeCloseTo(scoreChurn(result.artifact, example), 12);
    expect(explanation.base + explanation.contributions.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(explanation.margin, 10);
    expect(explanation.contributions.map((c) => c.feature)).toEqual(planted.features.map((f) => f.name));
    const drivers = churnDrivers(explanation);
    expect(drivers).toHaveLength(5);
    for (let i = 1; i < drivers.length; i++) {
      expect(Math.abs(drivers[i]!.contribution)).toBeLessThanOrEqual(Math.abs(drivers[i - 1]!.contribution));
    }
    expect(() => churnModelArtifactSchema.parse({ ...result.artifact, family: 'forest' })).toThrow();
  });

  it('gives the same model and evidence for the same seed', () => {
    const again = trainChurnModel({ ...slices, baselines: [{ name: 'coin flip', scores: noise, kind: 'probability' }] }, fast);
    expect(JSON.stringify(again.artifact)).toBe(JSON.stringify(result.artifact));
    expect(again.metrics).toEqual(result.metrics);
  });

  it('cannot learn from the test or calibration outcomes: changing them leaves the fitted families as they were', () => {
    const flip = (slice: ExampleSlice): ExampleSlice => ({ ...slice, labels: slice.labels.map((y) => 1 - y) });
    const unseen = trainChurnModel({ ...slices, test: flip(slices.test) }, fast);
    expect(JSON.stringify(unseen.artifact)).toBe(JSON.stringify(result.artifact));
    const recalibrated = trainChurnModel({ ...slices, calibration: flip(slices.calibration) }, fast);
    expect(JSON.stringify(recalibrated.artifact.model)).toBe(JSON.stringify(result.artifact.model));
    // Two more full trainings, each fitting three tree shapes: past the default 30 s on a loaded machine.
  }, 90_000);
});

describe('training a churn model on noise or on too little', () => {
  it('finds nothing when the labels are shuffled: test AUC near 0.5', () => {
    const data = syntheticChurn({ examples: 40_000, seed: 22, snapshotsPerAccount: 5, strength: 1.6 });
    const random = createRandom(9);
    const labels = Uint8Array.from(data.slice.labels);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [labels[i], labels[j]] = [labels[j]!, labels[i]!];
    }
    const result = trainChurnModel(byTime({ ...data, slice: { ...data.slice, labels } }), fast);
    expect(result.metrics.auc.estimate!).toBeGreaterThan(0.45);
    expect(result.metrics.auc.estimate!).toBeLessThan(0.55);
    expect(result.metrics.auc.lower!).toBeLessThanOrEqual(0.5);
    expect(result.metrics.auc.upper!).toBeGreaterThanOrEqual(0.5);
  });

  it('fits the encoder on training rows only: a category first seen in the test slice is pooled', () => {
    const data = syntheticChurn({ examples: 5000, seed: 23, snapshotsPerAccount: 5, intercept: -2.5 });
    const slices = byTime(data);
    const test = { ...slices.test, examples: slices.test.examples.map((example) => ({ ...example, contract: 'brand-new' })) };
    const result = trainChurnModel({ ...slices, test }, fast);
    const contract = result.artifact.encoder.features.find((feature) => feature.name === 'contract')!;
    expect(contract.kind === 'categorical' && contract.levels).not.toContain('brand-new');
    expect(result.artifact.encoder.columns.map((column) => column.name)).toContain(`contract=${OTHER_CATEGORY}`);
  });

  it('says insufficient data below 30 churned test examples, and still measures', () => {
    const data = syntheticChurn({ examples: 2000, seed: 24, snapshotsPerAccount: 5, intercept: -4.5 });
    const result = trainChurnModel(byTime(data), fast);
    expect(result.metrics.positives).toBeLessThan(30);
    expect(result.insufficientData).toBe(true);
    expect(result.metrics.auc.lower).not.toBeNull();
  });

  it('down-samples retained training examples to the budget, weighting them back up', () => {
    const data = syntheticChurn({ examples: 10_000, seed: 25, snapshotsPerAccount: 5 });
    const slices = byTime(data);
    const full = trainChurnModel(slices, fast);
    const sampled = trainChurnModel(slices, { ...fast, maxTrainingExamples: 1200 });
    expect(sampled.counts.train).toEqual(full.counts.train);
    // Unweighted, a sample with 4× the churn rate would push every uncalibrated log-odds up by
    // about ln 4; weighted back up, the validation log loss stays near the full fit's.
    for (const family of ['logistic', 'gbdt'] as const) {
      expect(sampled.families[family].validationLogLoss).toBeLessThan(full.families[family].validationLogLoss * 1.15);
    }
    expect(() => trainChurnModel(slices, { ...fast, maxTrainingExamples: 10 })).toThrow(/leaves no room/);
  });

  it('on a customer table seen at every snapshot, learns a planted interaction the linear model cannot', () => {
    // 2,500 accounts × 8 snapshots with traits that never change (a table's attributes): churn risk
    // jumps for month-to-month customers with low usage and for the others with high usage (one
    // usage effect with opposite signs, which a linear model averages away), next to continuous
    // traits that say nothing. Trees with small leaves memorise such accounts by their noise and stop after a few
    // rounds; the chosen shape must find the interaction instead.
    const random = createRandom(31);
    const accounts = 2500;
    const snapshots = 8;
    const examples: Array<Record<string, number | string | null>> = [];
    const labels: number[] = [];
    const groups: string[] = [];
    const time: number[] = [];
    const truth: number[] = [];
    for (let a = 0; a < accounts; a++) {
      const contract = random.next() < 0.4 ? 'month-to-month' : random.next() < 0.5 ? 'annual' : 'two-year';
      const usage = gaussian(random);
      const calls = random.int(6);
      const traits = { contract, usage, calls, mrr: Math.round(20 + random.next() * 200), noise: gaussian(random), region: `r${random.int(4)}` };
      for (let s = 0; s < snapshots; s++) {
        const risky = contract === 'month-to-month' ? usage < -0.3 : usage > 1;
        const margin = -4.4 + (risky ? 2.8 : 0) + 0.15 * calls;
        examples.push({ ...traits, tenure_days: 100 + 14 * s + random.int(400) });
        labels.push(random.next() < sigmoid(margin) ? 1 : 0);
        groups.push(`acct_${a}`);
        time.push(s);
        truth.push(margin);
      }
    }
    const all: ExampleSlice = { examples, labels: Uint8Array.from(labels), groups };
    const rows = (keep: (s: number) => boolean) => time.flatMap((s, i) => (keep(s) ? [i] : []));
    const fit = selectRows(all, rows((s) => s < 5));
    const [trainRows, validationRows] = splitByGroup(fit.groups, [0.8, 0.2], 3);
    const testRows = rows((s) => s >= 6);
    const result = trainChurnModel(
      {
        features: [
          { name: 'contract', kind: 'categorical' },
          { name: 'usage', kind: 'numeric' },
          { name: 'calls', kind: 'numeric' },
          { name: 'mrr', kind: 'numeric' },
          { name: 'noise', kind: 'numeric' },
          { name: 'region', kind: 'categorical' },
          { name: 'tenure_days', kind: 'numeric' },
        ],
        train: selectRows(fit, trainRows!),
        validation: selectRows(fit, validationRows!),
        calibration: selectRows(all, rows((s) => s === 5)),
        test: selectRows(all, testRows),
      },
      fast,
    );
    const ceiling = rocAuc(rankScores(Float64Array.from(testRows, (i) => truth[i]!), all.labels.filter((_, i) => time[i]! >= 6)));
    const { logistic, gbdt } = result.families;
    expect(result.artifact.family).toBe('gbdt');
    expect(gbdt.complexity).toBeGreaterThan(30);
    expect(gbdt.testAuc.estimate!).toBeGreaterThan(logistic.testAuc.estimate! + 0.03);
    expect(gbdt.testAuc.estimate!).toBeGreaterThan(ceiling - 0.02);
  });

  it('scores with the average of both families when neither is clearly better, and explains it additively', () => {
    // A customer table: a linear effect with one bend, which the linear model half sees and the trees approximate.
    const random = createRandom(11);
    const examples: Array<Record<string, number | string>> = [];
    const labels: number[] = [];
    const groups: string[] = [];
    const time: number[] = [];
    for (let a = 0; a < 6000; a++) {
      const record = { usage: gaussian(random), calls: random.int(6), plan: ['basic', 'plus', 'pro'][random.int(3)]!, noise: gaussian(random) };
      const margin = -3.2 + 0.8 * record.usage + 0.35 * record.calls + (record.plan === 'basic' ? 0.7 : 0) + (record.usage < -0.5 ? 1.2 : 0);
      for (let s = 0; s < 4; s++) {
        examples.push(record);
        labels.push(random.next() < sigmoid(margin) ? 1 : 0);
        groups.push(`a${a}`);
        time.push(s);
      }
    }
    const all: ExampleSlice = { examples, labels: Uint8Array.from(labels), groups };
    const rows = (keep: (s: number) => boolean) => time.flatMap((s, i) => (keep(s) ? [i] : []));
    const fit = selectRows(all, rows((s) => s < 2));
    const [trainRows, validationRows] = splitByGroup(fit.groups, [0.8, 0.2], 3);
    const result = trainChurnModel(
      {
        features: [
          { name: 'usage', kind: 'numeric' },
          { name: 'calls', kind: 'numeric' },
          { name: 'plan', kind: 'categorical' },
          { name: 'noise', kind: 'numeric' },
        ],
        train: selectRows(fit, trainRows!),
        validation: selectRows(fit, validationRows!),
        calibration: selectRows(all, rows((s) => s === 2)),
        test: selectRows(all, rows((s) => s === 3)),
      },
      fast,
    );
    const artifact = churnModelArtifactSchema.parse(JSON.parse(JSON.stringify(result.artifact)));
    if (artifact.family !== 'average') throw new Error(`chose ${artifact.family}`);
    const { encoder, calibrator, model } = artifact;
    const margin = (probability: number) => Math.log(probability / (1 - probability));
    const identity = { method: 'platt', slope: 1, intercept: 0 } as const;
    for (const example of examples.slice(0, 200)) {
      const linear = margin(scoreChurn({ family: 'logistic', encoder, model: model.logistic, calibrator: identity }, example));
      const trees = margin(scoreChurn({ family: 'gbdt', encoder, model: model.gbdt, calibrator: identity }, example));
      const explanation = explainChurn(artifact, example);
      expect(explanation.margin).toBeCloseTo((linear + trees) / 2, 9);
      expect(explanation.base + explanation.contributions.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(explanation.margin, 9);
      expect(explanation.probability).toBeCloseTo(scoreChurn(artifact, example), 12);
    }
    expect(calibrator).toEqual(result.artifact.calibrator);
    // Measured like any model, and at least as good on the test examples as the better family, within noise.
    const { logistic, gbdt } = result.families;
    expect(result.metrics.auc.estimate!).toBeGreaterThan(Math.max(logistic.testAuc.estimate!, gbdt.testAuc.estimate!) - 0.005);
    expect(result.importance.slice(0, 3).map((entry) => entry.feature).sort()).toEqual(['calls', 'plan', 'usage']);
  });
});
