import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import type { Role } from '../../server/principal';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { generateChurnHistory } from './support/churn-history';
import { startTestServer, type TestServer } from './support/server';

const END = new Date('2026-06-15T12:00:00Z');

/** The parts of the answers these tests read (an error, a run, a listing). */
interface Answer {
  id: number;
  status: string;
  error: { code: string; fields: Array<{ field: string }> };
  data: Array<{ id: number }>;
  metrics: { auc: { estimate: number } };
  baselines: unknown[];
  features: unknown[];
  churn_drivers: unknown[];
}

describe.each(dbKinds)('churn model API over HTTP (%s)', (kind) => {
  let db: TestDb;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await generateChurnHistory(db.orm, { end: END, accounts: 200, days: 730, churnShare: 0.5, signal: 'planted', seed: 5 });
    server = await startTestServer(db, { clock: () => END });
  }, 120_000);
  afterAll(async () => {
    await server?.deps.churnModels.settled();
    await server?.close();
    await db?.dispose();
  });

  const request = async (path: string, role: Role, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${await server.token(role)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  it('lets only an admin train, and names a bad parameter', async () => {
    expect((await request('/api/churn-models', 'csm', {})).status).toBe(403);
    const bad = await request('/api/churn-models', 'admin', { horizon_days: 10, activate: 'always', snapshot_every_days: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f) => f.field)).toContain('horizon_days');
    expect((await request('/api/churn-models', 'admin', { history_days: 5000 })).body.error.fields[0]!.field).toBe('history_days');
  });

  it('trains in the background, refuses a second run meanwhile, and shows the run with its evidence', async () => {
    const started = await request('/api/churn-models', 'admin', { activate: 'never' });
    expect(started).toEqual({ status: 202, body: { id: expect.any(Number), status: 'running' } });
    const second = await request('/api/churn-models', 'admin', { horizon_days: 60 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('training_running');
    expect((await request(`/api/churn-models/${started.body.id}`, 'viewer')).body.status).toBe('running');

    await server.deps.churnModels.settled();
    const { status, body: run } = await request(`/api/churn-models/${started.body.id}`, 'viewer');
    expect(status).toBe(200);
    expect(run).toMatchObject({
      id: started.body.id,
      version: `trained-${started.body.id}`,
      status: 'succeeded',
      error: null,
      horizon_days: 90,
      params: { horizon_days: 90, snapshot_every_days: 14, history_days: 730, activate: 'never' },
      model_family: expect.stringMatching(/^(logistic|gbdt|average)$/),
      insufficient_data: expect.any(Boolean),
      active: false,
    });
    expect(run.metrics.auc.estimate).toBeGreaterThan(0.9);
    expect(run.baselines).toHaveLength(3);
    expect(run.features[0]).toEqual({ name: expect.any(String), importance: expect.any(Number) });
    expect(run).not.toHaveProperty('artifact');
    const list = await request('/api/churn-models', 'csm');
    expect(list.body.data.map((r) => r.id)).toEqual([started.body.id]);
  }, 240_000);

  it('activates a trained model: every live account is rescored with it and its probability names its version', async () => {
    await server.deps.pipeline.rescore();
    const versions = async () =>
      queryRows<{ version: string; accounts: number }>(
        db.orm,
        sql`select churn_model_version as version, count(*)::int as accounts from health_scores group by 1 order by 1`,
      );
    const live = (await versions()).reduce((sum, row) => sum + row.accounts, 0);
    expect(await versions()).toEqual([{ version: 'logistic-v1', accounts: live }]);
    const [run] = (await request('/api/churn-models', 'admin')).body.data;
    expect((await request(`/api/churn-models/${run!.id}/activate`, 'csm', {})).status).toBe(403);

    // Rules and a trigger that fire on any churn probability or any rise of it, as a host might configure them:
    // an ordinary rescore that moved every probability would raise them for every account.
    for (const [id, condition] of [
      ['churn_any', { metric: 'churn_probability', operator: 'gt', threshold: 0 }],
      ['churn_rise', { metric: 'churn_probability', operator: 'changed_by', threshold: 0.01, time_window: '7 days' }],
    ] as const) {
      const body = { id, name: id, condition, channels: ['slack'], severity: 'critical', cooldown_minutes: 0 };
      expect((await request('/api/alert-rules', 'admin', body)).status).toBe(201);
    }
    const trigger = {
      id: 'churn_risk', name: 'churn_risk', priority: 'high', holdout_percent: 0, cooldown_hours: 0,
      condition: { type: 'churn_prediction', threshold: 0.01, time_window: '7 days' }, intervention: { type: 'csm_outreach', title: 'churn risk' },
    };
    expect((await request('/api/triggers', 'admin', trigger)).status).toBe(201);
    const counted = async (table: string) => (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
    const before = { alerts: await counted('alerts'), interventions: await counted('interventions'), events: await counted('live_events') };

    const activated = await request(`/api/churn-models/${run!.id}/activate`, 'admin', {});
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ run: { id: run!.id, active: true }, rescored: live });
    expect(await versions()).toEqual([{ version: `trained-${run!.id}`, accounts: live }]);
    // A recalibration, like a new scorecard: one event, no alert, no intervention, no per-account event.
    expect(await counted('alerts')).toBe(before.alerts);
    expect(await counted('interventions')).toBe(before.interventions);
    const logged = await queryRows<{ type: string; data: unknown }>(db.orm, sql`select type, data from live_events order by id offset ${before.events}`);
    expect(logged).toEqual([
      {
        type: 'churn_model_changed',
        data: { churn_model_version: `trained-${run!.id}`, previous_model_version: 'logistic-v1', horizon_days: 90, created_by: expect.any(String), rescored: live },
      },
    ]);
    const [account] = await queryRows<{ id: string }>(db.orm, sql`select account_id as id from health_scores order by account_id limit 1`);
    const health = await request(`/api/customer-success/health/${account!.id}`, 'admin');
    expect(health.body).toMatchObject({ churn_model_version: `trained-${run!.id}`, churn_probability: expect.any(Number), churn_horizon_days: 90 });
    expect(health.body.churn_drivers).toHaveLength(5);
    for (const driver of health.body.churn_drivers) {
      expect(driver).toMatchObject({ feature: expect.any(String), contribution: expect.any(Number), text: expect.any(String) });
      expect(driver).toHaveProperty('value');
    }

    await db.orm.execute(sql`insert into churn_model_runs (version, status, horizon_days, params) values ('broken', 'failed', 90, '{}')`);
    const [failed] = await queryRows<{ id: number }>(db.orm, sql`select id from churn_model_runs where version = 'broken'`);
    expect((await request(`/api/churn-models/${failed!.id}/activate`, 'admin', {})).status).toBe(409);
    expect((await request(`/api/churn-models/${run!.id}`, 'admin')).body).toMatchObject({ active: true });

    // A retrain on the same history is no better than the model it would replace: if_better keeps the active one.
    const retrain = await request('/api/churn-models', 'admin', {});
    await server.deps.churnModels.settled();
    const retrained = await request(`/api/churn-models/${retrain.body.id}`, 'admin');
    expect(retrained.body).toMatchObject({ status: 'succeeded', active: false });
    expect(retrained.body.baselines.map((b) => (b as { name: string }).name)).toEqual(['health_score', 'logistic-v1', 'days_since_login', `trained-${run!.id}`]);
    expect((await request(`/api/churn-models/${run!.id}`, 'admin')).body).toMatchObject({ active: true });
  }, 240_000);

  it('answers 404 for a run that does not exist', async () => {
    expect((await request('/api/churn-models/999999', 'admin')).status).toBe(404);
    expect((await request('/api/churn-models/nope', 'admin')).status).toBe(404);
    expect((await request('/api/churn-models/999999/activate', 'admin', {})).status).toBe(404);
  });
});
