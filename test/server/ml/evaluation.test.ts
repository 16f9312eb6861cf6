import { describe, expect, it } from 'vitest';
import { bootstrap, pairedDifference, percentileInterval } from '../../../server/domain/ml/bootstrap';
import { evaluateScores } from '../../../server/domain/ml/evaluation';
import { sigmoid } from '../../../server/domain/ml/loss';
import { probabilityMetrics, rankingMetrics, rankScores } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';
import { gaussian } from './support/synthetic-churn';

describe('evaluateScores', () => {
  it('gives the intervals of a plain bootstrap over row weights, laid out in rank order for speed', () => {
    // 300 accounts with 1-6 examples each; a probability with ties, and a coarse ranking with many.
    const random = createRandom(3);
    const groups: string[] = [];
    const labels: number[] = [];
    const probabilities: number[] = [];
    const ranking: number[] = [];
    for (let a = 0; a < 300; a++) {
      const risk = gaussian(random);
      for (let k = 1 + random.int(6); k > 0; k--) {
        const y = random.next() < sigmoid(risk - 2.5) ? 1 : 0;
        groups.push(`acct_${a}`);
        labels.push(y);
        probabilities.push(Math.round(sigmoid(risk - 2.5 + 0.5 * gaussian(random)) * 100) / 100);
        ranking.push(Math.round(risk + y));
      }
    }
    const outcomes = Uint8Array.from(labels);
    const options = { seed: 9, resamples: 200, groups };
    const evaluation = evaluateScores(
      [
        { scores: probabilities, kind: 'probability' },
        { scores: ranking, kind: 'ranking' },
      ],
      outcomes,
      options,
    );

    const p = rankScores(probabilities, outcomes);
    const r = rankScores(ranking, outcomes);
    const plain = bootstrap(
      outcomes.length,
      (w) => {
        const a = rankingMetrics(p, w);
        const b = probabilityMetrics(p, w);
        const c = rankingMetrics(r, w);
        return [a.auc, a.averagePrecision, a.topDecileLift, b.brier, b.brierSkill, b.ece, c.auc, c.averagePrecision, c.topDecileLift];
      },
      options,
    );
    const [model, baseline] = evaluation.reports as [(typeof evaluation.reports)[0], (typeof evaluation.reports)[0]];
    const close = (got: { estimate: number | null; lower: number | null; upper: number | null }, s: number) => {
      const want = percentileInterval(plain, s);
      for (const key of ['estimate', 'lower', 'upper'] as const) expect(got[key]).toBeCloseTo(want[key]!, 12);
    };
    close(model.auc, 0);
    close(model.prAuc, 1);
    close(model.topDecileLift, 2);
    close(model.brier!, 3);
    close(model.brierSkill!, 4);
    close(model.ece!, 5);
    close(baseline.auc, 6);
    close(baseline.prAuc, 7);
    close(baseline.topDecileLift, 8);
    expect(baseline.brier).toBeNull();
    const difference = evaluation.aucDifference(0, 1);
    const want = pairedDifference(plain, 0, 6);
    expect(difference.lower).toBeCloseTo(want.lower!, 12);
    expect(difference.upper).toBeCloseTo(want.upper!, 12);
    expect(difference.shareAboveB).toBe(want.shareAboveB);
    // The resamples vary: the interval has width.
    expect(model.auc.upper! - model.auc.lower!).toBeGreaterThan(0.01);
  });
});
