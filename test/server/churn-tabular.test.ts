import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { auc, generateChurnTable, type ChurnTable } from './support/churn-table';

const END = new Date('2026-06-15T12:00:00Z');

/**
 * Issue 16 §6: a customer table (no activity at all) imported as `account.upserted` and
 * `account.churned` events, trained with `activate: "always"`, and read back through the health
 * API for the accounts whose outcome was withheld. Two tables: churns dated over two years (tested
 * out of time), and churns all in the month before the export, as a table that only says who left
 * lately is dated (no earlier outcomes: tested on held-out accounts).
 */
const tables = [
  ...dbKinds.map((kind) => ({ kind, churnDates: 'spread' as const, holdout: 'out_of_time' })),
  // The import path is the one above; only the slicing differs, and it reads no database.
  { kind: 'pglite' as const, churnDates: 'last_month' as const, holdout: 'accounts' },
];

describe.each(tables)('churn model on a customer table ($kind, churns $churnDates)', ({ kind, churnDates, holdout }) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  let table: ChurnTable;
  type Family = { validationAuc: number; testAuc: { estimate: number }; complexity: number };
  let run: { id: number; status: string; error: string | null; model_family: string; holdout: string; families: { logistic: Family; gbdt: Family }; metrics: { auc: { estimate: number } }; features: Array<{ name: string; importance: number }> };

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => END });
    table = generateChurnTable({ end: END, accounts: 3000, churnShare: 0.25, withheldShare: 0.3, seed: 16, churnDates });
    const res = await t.app.request('/api/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('admin')}`, 'content-type': 'application/x-ndjson' },
      body: table.lines.join('\n'),
    });
    expect(await res.json()).toMatchObject({ accepted: table.lines.length, rejected: 0 });
    const started = await t.call('/api/churn-models', { role: 'admin', body: { activate: 'always' } });
    expect(started.status).toBe(202);
    await t.deps.churnModels.settled();
    run = (await t.call(`/api/churn-models/${started.json.id}`, { role: 'admin' })).json;
  }, 600_000);
  afterAll(() => db?.dispose());

  it('trains, activates and scores the accounts whose outcome it was not given', async () => {
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', active: true, holdout });
    const probabilities: number[] = [];
    const labels: Array<0 | 1> = [];
    for (const [id, label] of table.withheld) {
      const health = await t.call(`/api/customer-success/health/${id}`, { role: 'admin' });
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ churn_model_version: `trained-${run.id}`, churn_horizon_days: 90 });
      probabilities.push(health.json.churn_probability);
      labels.push(label);
    }
    const withheldAuc = auc(probabilities, labels);
    console.info(`${kind} ${churnDates}: withheld AUC ${withheldAuc.toFixed(3)} (oracle ${table.oracleAuc.toFixed(3)}), test AUC ${run.metrics.auc.estimate.toFixed(3)}, model ${run.model_family}`);
    expect(table.oracleAuc).toBeGreaterThan(0.85);
    // The oracle reads 0.857 on these accounts, a tuned gradient-boosting model 0.849 (docs/churn-model.md).
    expect(withheldAuc).toBeGreaterThan(0.82);
  }, 600_000);

  it('fits and compares both model families on the same examples', () => {
    const { logistic, gbdt } = run.families;
    console.info(`${kind} ${churnDates}: test AUC logistic ${logistic.testAuc.estimate.toFixed(3)} (λ ${logistic.complexity}), boosted trees ${gbdt.testAuc.estimate.toFixed(3)} (${gbdt.complexity} trees)`);
    // Both families learn the planted traits; the validation slice is a few hundred examples, so its AUC is the noisier one.
    for (const family of [logistic, gbdt]) {
      expect(family.validationAuc).toBeGreaterThan(0.65);
      expect(family.testAuc.estimate).toBeGreaterThan(0.7);
      expect(family.complexity).toBeGreaterThan(0);
    }
    expect(gbdt.complexity).toBeGreaterThan(1);
  });

  it('learns from the planted traits, and from nothing the import or the churn left behind', () => {
    console.info(`${kind} ${churnDates}: features ${run.features.slice(0, 8).map((f) => `${f.name} ${f.importance.toFixed(3)}`).join(', ')}`);
    const top = run.features.slice(0, 3).map((f) => f.name);
    expect(top.sort()).toEqual(['trait.contract', 'trait.support_calls', 'trait.usage_score']);
    // A churner's account row says it churned, and its events arrived in another order: none of that may reach a feature.
    const leaked = run.features.filter((f) => !f.name.startsWith('trait.') && !['tenure_days', 'mrr', 'plan'].includes(f.name) && f.importance > 0.01);
    expect(leaked).toEqual([]);
  });
});
