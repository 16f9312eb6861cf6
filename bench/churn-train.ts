/**
 * Churn-model training throughput on generated examples: the pure ML core alone (examples already
 * built), both model families, calibration, the bootstrap evidence and feature importance, timed
 * per stage; then single-account scoring and explanation rates.
 *
 *   npm run bench:churn-train [-- --examples 460000 --noise-numeric 38 --noise-categorical 5 --seed 1]
 *
 * The examples carry a planted non-linear signal (see test/server/ml/support/synthetic-churn.ts) at
 * about a 5 % churn rate; the test AUC of the planted log-odds themselves is printed as the ceiling.
 * Snapshots are cut by time: the oldest ~74 % train, then validation, calibration and test.
 */
import { parseArgs } from 'node:util';
import { churnMargins, explainChurn, scoreChurn } from '../server/domain/ml/churn-model';
import { rankScores, rocAuc } from '../server/domain/ml/metrics';
import { selectRows } from '../server/domain/ml/split';
import { trainChurnModel, type TrainingStage } from '../server/domain/ml/train-churn-model';
import { encodeExamples } from '../server/domain/ml/encoding';
import { syntheticChurn } from '../test/server/ml/support/synthetic-churn';

const { values } = parseArgs({
  options: {
    examples: { type: 'string', default: '460000' },
    'noise-numeric': { type: 'string', default: '38' },
    'noise-categorical': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const snapshots = 46;
const examples = Number(values.examples);

let started = performance.now();
const data = syntheticChurn({
  examples,
  seed: Number(values.seed),
  snapshotsPerAccount: snapshots,
  noiseNumeric: Number(values['noise-numeric']),
  noiseCategorical: Number(values['noise-categorical']),
  intercept: -4.45,
});
const slice = (from: number, to: number) =>
  selectRows(data.slice, Array.from(data.time.keys()).filter((i) => data.time[i]! >= from && data.time[i]! < to));
const train = slice(0, 34);
const validation = slice(34, 38);
const calibration = slice(38, 42);
const test = slice(42, snapshots);
const churners = data.slice.labels.reduce((sum, y) => sum + y, 0);
console.log(
  `generated ${examples.toLocaleString('en')} examples × ${data.features.length} features ` +
    `(${((100 * churners) / examples).toFixed(1)} % churners) in ${seconds(performance.now() - started)}`,
);
console.log(
  `slices: train ${train.labels.length.toLocaleString('en')}, validation ${validation.labels.length.toLocaleString('en')}, ` +
    `calibration ${calibration.labels.length.toLocaleString('en')}, test ${test.labels.length.toLocaleString('en')}`,
);

// Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure.
const stageTimes = new Map<TrainingStage, { wall: number; cpu: number }>();
let current: TrainingStage | null = null;
let stageStart = 0;
let stageCpu = process.cpuUsage();
const endStage = () => {
  const cpu = process.cpuUsage(stageCpu);
  if (current) stageTimes.set(current, { wall: performance.now() - stageStart, cpu: (cpu.user + cpu.system) / 1000 });
};
started = performance.now();
const startedCpu = process.cpuUsage();
const result = trainChurnModel(
  {
    features: data.features,
    train,
    validation,
    calibration,
    test,
    baselines: [{ name: 'planted log-odds (ceiling)', scores: testMargins(), kind: 'ranking' }],
  },
  {
    onStage: (stage) => {
      endStage();
      current = stage;
      stageStart = performance.now();
      stageCpu = process.cpuUsage();
    },
  },
);
endStage();
const total = performance.now() - started;
const totalCpu = process.cpuUsage(startedCpu);

console.log('\nstage            wall       CPU');
for (const [stage, time] of stageTimes) {
  console.log(`${stage.padEnd(13)} ${seconds(time.wall).padStart(8)}  ${seconds(time.cpu).padStart(8)}`);
}
const cpuTotal = (totalCpu.user + totalCpu.system) / 1000;
console.log(`${'total'.padEnd(13)} ${seconds(total).padStart(8)}  ${seconds(cpuTotal).padStart(8)}`);
console.log(
  `${Math.round((train.labels.length / total) * 1000).toLocaleString('en')} training examples/s wall, ` +
    `${Math.round((train.labels.length / cpuTotal) * 1000).toLocaleString('en')} per CPU second`,
);

const { families, metrics } = result;
const auc = (interval: { estimate: number | null; lower: number | null; upper: number | null }) =>
  `${interval.estimate?.toFixed(4)} [${interval.lower?.toFixed(4)}, ${interval.upper?.toFixed(4)}]`;
console.log(`\nlogistic regression   validation AUC ${families.logistic.validationAuc.toFixed(4)}   test AUC ${auc(families.logistic.testAuc)}   λ ${families.logistic.complexity.toPrecision(3)}`);
console.log(`boosted trees         validation AUC ${families.gbdt.validationAuc.toFixed(4)}   test AUC ${auc(families.gbdt.testAuc)}   ${families.gbdt.complexity} trees`);
console.log(`chosen: ${result.artifact.family}, calibrated by ${result.artifact.calibrator.method}`);
console.log(
  `test: AUC ${auc(metrics.auc)}, PR AUC ${metrics.prAuc.estimate?.toFixed(4)} (base rate ${metrics.baseRate.toFixed(4)}), ` +
    `top-decile lift ${metrics.topDecileLift.estimate?.toFixed(2)} (ceiling ${metrics.liftCeiling.toFixed(2)}), ` +
    `Brier skill ${metrics.brierSkill?.estimate?.toFixed(4)}, ECE ${metrics.ece?.estimate?.toFixed(4)}`,
);
console.log(`planted log-odds on the same test examples: AUC ${auc(result.baselines[0]!.metrics.auc)}`);

// Rescoring: one raw example at a time, as the service scores accounts.
const artifact = result.artifact;
const sample = test.examples.slice(0, 2000);
started = performance.now();
for (const example of sample) scoreChurn(artifact, example);
const scoring = (performance.now() - started) / sample.length;
started = performance.now();
for (const example of sample.slice(0, 500)) explainChurn(artifact, example);
const explaining = (performance.now() - started) / 500;
console.log(`\nscoring one account: ${(scoring * 1000).toFixed(1)} µs; with its drivers (explanation): ${(explaining * 1000).toFixed(0)} µs`);
const direct = rocAuc(rankScores(churnMargins(artifact, encodeExamples(artifact.encoder, test.examples)), test.labels));
console.log(`(check: AUC of the stored model re-scored from raw examples ${direct.toFixed(4)})`);

function testMargins(): Float64Array {
  const rows = Array.from(data.time.keys()).filter((i) => data.time[i]! >= 42);
  return Float64Array.from(rows, (i) => data.trueMargin[i]!);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
