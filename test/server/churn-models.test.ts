import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ChurnModels, DEFAULT_TRAINING_PARAMS, type ChurnModelRun } from '../../server/services/churn-models';
import type { TrainingStage } from '../../server/domain/ml/train-churn-model';
import { churnModelArtifactSchema } from '../../server/domain/ml/churn-model';
import { queryRows } from '../../server/db/index';
import { scheduledJobs } from '../../server/services/jobs';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { generateChurnHistory, type ChurnHistoryOptions } from './support/churn-history';

const END = new Date('2026-06-15T12:00:00Z');
const clock = () => END;

/** A run, and how many times a 5 ms timer fired on this thread by the time each training stage started. */
async function trained(db: TestDb, signal: ChurnHistoryOptions['signal']): Promise<{ run: ChurnModelRun; ticksAt: Map<TrainingStage, number> }> {
  await generateChurnHistory(db.orm, { end: END, accounts: 400, days: 730, churnShare: 0.5, signal, seed: 11 });
  const models = new ChurnModels({ db, clock, pipeline: { rescore: () => Promise.reject(new Error('these tests activate nothing')), activeTrainedModel: async () => null, churnModel: null } });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const ticksAt = new Map<TrainingStage, number>();
  try {
    const started = await models.start({ ...DEFAULT_TRAINING_PARAMS, activate: 'never' }, (event) => {
      if (event.phase === 'training') ticksAt.set(event.stage, ticks);
    });
    expect(started).toMatchObject({ status: 'running' });
    await models.settled();
    return { run: (await models.get(started!.id))!, ticksAt };
  } finally {
    clearInterval(timer);
  }
}

describe.each(dbKinds)('churn model training (%s)', (kind) => {
  describe('on history with a planted signal', () => {
    let db: TestDb;
    let run: ChurnModelRun;
    let ticksAt: Map<TrainingStage, number>;
    beforeAll(async () => {
      db = await openTestDb(kind);
      ({ run, ticksAt } = await trained(db, 'planted'));
    }, 300_000);
    afterAll(() => db?.dispose());

    it('recovers it out of time, with its evidence and the three baselines stored', async () => {
      expect(run.error).toBeNull();
      expect(run).toMatchObject({ status: 'succeeded', version: `trained-${run.id}`, horizon_days: 90, active: false });
      expect(run.metrics!.auc.estimate).toBeGreaterThan(0.9);
      expect(run.metrics!.auc.lower).toBeLessThanOrEqual(run.metrics!.auc.estimate!);
      expect(run.baselines!.map((b) => b.name)).toEqual(['health_score', 'logistic-v1', 'days_since_login']);
      expect(run.counts!.test.churners).toBeGreaterThan(0);
      expect(run.counts!.train.examples).toBeGreaterThan(run.counts!.test.examples);
      expect(run.features![0]!.importance).toBeGreaterThan(0);
      expect(run.finished_at).not.toBeNull();
      const [stored] = await queryRows<{ artifact: unknown }>(db.orm, sql`select artifact from churn_model_runs where id = ${run.id}`);
      expect(churnModelArtifactSchema.safeParse(stored!.artifact).success).toBe(true);
    });

    it('fits off the event loop: timers keep firing while both model families are fitted', () => {
      // On this thread the stages would follow each other synchronously, with no timer between them.
      expect(ticksAt.get('importance')! - ticksAt.get('logistic')!).toBeGreaterThan(0);
    });

    it('refuses a second run while one is running, and fails a run its process left running', async () => {
      const models = new ChurnModels({ db, clock, pipeline: { rescore: () => Promise.reject(new Error('these tests activate nothing')), activeTrainedModel: async () => null, churnModel: null } });
      await db.orm.execute(sql`insert into churn_model_runs (version, status, horizon_days, params) values ('orphan', 'running', 90, '{}')`);
      expect(await models.start(DEFAULT_TRAINING_PARAMS)).toBeNull();
      expect(await models.failAbandoned()).toBe(1);
      const orphan = (await models.list()).find((r) => r.version === 'orphan')!;
      expect(orphan).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
      const next = await models.start({ ...DEFAULT_TRAINING_PARAMS, history_days: 100 });
      expect(next).toMatchObject({ status: 'running' });
      await models.settled();
      // 100 days of history leave one closed 90-day window: the run fails and says why.
      expect(await models.get(next!.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('not enough history') });
    }, 120_000);
  });

  describe('scheduled', () => {
    let db: TestDb;
    afterAll(() => db?.dispose());
    it('retrains every RK_CHURN_RETRAIN_DAYS days, once cluster-wide, activating only if better', async () => {
      db = await openTestDb(kind);
      await generateChurnHistory(db.orm, { end: END, accounts: 150, days: 500, churnShare: 0.5, signal: 'planted', seed: 3 });
      const { deps } = buildTestApp(db, { clock });
      const job = scheduledJobs(deps, { ...deps.config.schedule, churnRetrainDays: 30 }).find((j) => j.name === 'churn_retrain')!;
      expect(job.next(END).getTime() - END.getTime()).toBeLessThanOrEqual(30 * 86_400_000);
      await job.run();
      const [run] = await deps.churnModels.list();
      expect(run).toMatchObject({ status: 'succeeded', params: { activate: 'if_better' } });
    }, 120_000);
  });

  describe('on history whose churn is unrelated to anything the accounts do', () => {
    let db: TestDb;
    afterAll(() => db?.dispose());
    it('finds nothing: test AUC near one half', async () => {
      db = await openTestDb(kind);
      const { run } = await trained(db, 'none');
      expect(run.status).toBe('succeeded');
      expect(run.metrics!.auc.estimate).toBeGreaterThan(0.4);
      expect(run.metrics!.auc.estimate).toBeLessThan(0.6);
    }, 300_000);
  });
});
