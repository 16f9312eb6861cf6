/**
 * Churn model training runs: examples from the account's own history, both model families fitted
 * and validated out of time against the three baselines, and each run stored with its evidence in
 * `churn_model_runs`. One run at a time cluster-wide: the table's partial unique index on
 * `status = 'running'` refuses a second, and a run its process left running is failed at startup.
 */
import { sql } from 'drizzle-orm';
import type { Clock } from '../config';
import { queryRows, type Db } from '../db/index';
import { churnFeatures } from '../domain/churn-features';
import { scoreChurn } from '../domain/ml/churn-model';
import type { ChurnTrainingResult, TrainingStage } from '../domain/ml/train-churn-model';
import { startFitWorker } from './churn-fit';
import { buildChurnExamples, sliceExamples, type Holdout } from './churn-examples';
import type { ScorePipeline } from './score-pipeline';
import { activeScorecard } from './scorecards';

export interface TrainingParams {
  readonly horizon_days: number;
  readonly snapshot_every_days: number;
  readonly history_days: number;
  /**
   * After a successful run: "if_better" activates the model only when its test AUC beats the
   * scoring model's on the same test examples (the paired bootstrap interval of the difference
   * above 0), its calibration error is at most 0.05, the data sufficed and the test was out of
   * time; "always"; "never".
   */
  readonly activate: 'if_better' | 'always' | 'never';
}

export const DEFAULT_TRAINING_PARAMS: TrainingParams = { horizon_days: 90, snapshot_every_days: 14, history_days: 730, activate: 'if_better' };

/** The accepted range of each numeric training parameter, for the API and the CLI alike. */
export const TRAINING_LIMITS = {
  horizon_days: { min: 30, max: 365 },
  snapshot_every_days: { min: 7, max: 90 },
  history_days: { min: 90, max: 3650 },
} as const;

/** The largest expected calibration error a model may have to be activated automatically. */
const MAX_AUTO_ECE = 0.05;

export type RunStatus = 'running' | 'succeeded' | 'failed';

/** A run as the API shows it (the artifact stays in the database). */
export interface ChurnModelRun {
  id: number;
  version: string;
  status: RunStatus;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  horizon_days: number;
  params: TrainingParams;
  counts: ChurnTrainingResult['counts'] | null;
  model_family: 'logistic' | 'gbdt' | 'average' | null;
  families: ChurnTrainingResult['families'] | null;
  metrics: ChurnTrainingResult['metrics'] | null;
  baselines: ChurnTrainingResult['baselines'] | null;
  features: Array<{ name: string; importance: number }> | null;
  insufficient_data: boolean | null;
  /** How the test examples were held back (null while running or after a failure). */
  holdout: Holdout | null;
  active: boolean;
}

export interface TrainingProgress {
  /** Examples: instants derived of all; training: the stage that started. */
  (event: { phase: 'examples'; done: number; total: number } | { phase: 'training'; stage: TrainingStage }): void;
}

export interface ChurnModelsDeps {
  db: Db;
  clock: Clock;
  /** Rescores everyone when a model is activated. */
  pipeline: Pick<ScorePipeline, 'rescore' | 'activeTrainedModel' | 'churnModel'>;
}

const RUN_COLUMNS = sql.raw(`id, version, status, error, created_at, finished_at, horizon_days, params, counts, model_family, families,
  metrics, baselines, features, insufficient_data, holdout, active`);

export class ChurnModels {
  /** The run this process is training, if any: awaited by `settled` (tests, the CLI, shutdown). */
  private inFlight: Promise<void> | null = null;

  constructor(private readonly deps: ChurnModelsDeps) {}

  /**
   * Claims the one running slot and trains in the background of this process. Null when a run
   * is already running anywhere in the cluster.
   */
  async start(params: TrainingParams, progress?: TrainingProgress): Promise<{ id: number; status: 'running' } | null> {
    const [claimed] = await queryRows<{ id: number }>(
      this.deps.db.orm,
      sql`
      with next as (select nextval(pg_get_serial_sequence('churn_model_runs', 'id'))::int as id)
      insert into churn_model_runs (id, version, status, horizon_days, params, created_at)
      select id, 'trained-' || id, 'running', ${params.horizon_days}, ${JSON.stringify(params)}::jsonb, ${this.deps.clock().toISOString()}::timestamptz
      from next
      on conflict do nothing
      returning id`,
    );
    if (!claimed) return null;
    const run = this.train(claimed.id, params, progress);
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return { id: claimed.id, status: 'running' };
  }

  /** Resolves when the run this process started (if any) has finished, either way. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  /** At startup: a run still marked running belongs to a process that died, and nothing of it was kept. */
  async failAbandoned(): Promise<number> {
    const rows = await queryRows<{ id: number }>(
      this.deps.db.orm,
      sql`update churn_model_runs set status = 'failed', error = 'the process training it stopped before it finished',
            finished_at = ${this.deps.clock().toISOString()}::timestamptz
          where status = 'running' returning id`,
    );
    return rows.length;
  }

  async list(): Promise<ChurnModelRun[]> {
    return (await queryRows<RunRow>(this.deps.db.orm, sql`select ${RUN_COLUMNS} from churn_model_runs order by id desc`)).map(toRun);
  }

  async get(id: number): Promise<ChurnModelRun | null> {
    const [row] = await queryRows<RunRow>(this.deps.db.orm, sql`select ${RUN_COLUMNS} from churn_model_runs where id = ${id}`);
    return row ? toRun(row) : null;
  }

  /**
   * Makes a succeeded run's model the one that scores (and no other), then rescores every account
   * with it as a recalibration: one `churn_model_changed` event, no alert, no intervention. Null
   * when there is no such run; 'not_succeeded' when it has no model to activate. `by`: who asked.
   */
  async activate(id: number, by: string): Promise<{ run: ChurnModelRun; rescored: number } | 'not_succeeded' | null> {
    const found = await this.get(id);
    if (!found) return null;
    const previous = await this.deps.pipeline.activeTrainedModel(this.deps.db.orm);
    const [switched] = await queryRows<{ id: number }>(
      this.deps.db.orm,
      sql`with target as (select id from churn_model_runs where id = ${id} and status = 'succeeded'),
          off as (update churn_model_runs set active = false where active and id <> ${id} and exists (select 1 from target))
          update churn_model_runs set active = true where id in (select id from target) returning id`,
    );
    if (!switched) return 'not_succeeded';
    const { rescored } = await this.deps.pipeline.rescore(undefined, {
      event: 'churn_model_changed',
      previous_model_version: previous?.version ?? this.deps.pipeline.churnModel?.version ?? null,
      created_by: by,
    });
    return { run: (await this.get(id))!, rescored };
  }

  private async train(id: number, params: TrainingParams, progress?: TrainingProgress): Promise<void> {
    const { db } = this.deps;
    // Started now, the worker loads the training code while the examples are built.
    const fitter = startFitWorker();
    let fitting = false;
    try {
      const scorecard = await activeScorecard(db.orm);
      const rows = await buildChurnExamples(db.orm, scorecard, {
        now: this.deps.clock(),
        horizonDays: params.horizon_days,
        snapshotEveryDays: params.snapshot_every_days,
        historyDays: params.history_days,
        onProgress: (done, total) => progress?.({ phase: 'examples', done, total }),
      });
      const instants = new Set(rows.map((row) => row.at)).size;
      const churners = rows.reduce((sum, row) => sum + row.label, 0);
      if (instants < 4 || churners === 0) {
        throw new Error(
          `not enough history to train: ${instants} snapshot instants with a closed ${params.horizon_days}-day window and ${churners} churn outcomes (at least 4 instants and one churn needed)`,
        );
      }
      const slices = sliceExamples(rows, { horizonDays: params.horizon_days, seed: id });
      // The model scoring now, measured on the same test examples: what "if_better" must beat.
      const scoring = await this.deps.pipeline.activeTrainedModel(db.orm);
      const incumbent = scoring
        ? [{ name: scoring.version, kind: 'probability' as const, scores: slices.testRows.map((row) => scoreChurn(scoring.artifact, row.example)) }]
        : [];
      // The fit runs in a worker thread: requests (and /healthz) are answered meanwhile.
      const { testRows: _, holdout, ...cut } = slices;
      fitting = true;
      const result = await fitter.fit(
        { features: churnFeatures(rows.map((row) => row.example)), ...cut, baselines: [...cut.baselines!, ...incumbent] },
        { seed: id, onStage: (stage) => progress?.({ phase: 'training', stage }) },
      );
      await db.orm.execute(sql`
        update churn_model_runs set status = 'succeeded', finished_at = ${this.deps.clock().toISOString()}::timestamptz,
          counts = ${JSON.stringify(result.counts)}::jsonb, model_family = ${result.artifact.family},
          families = ${JSON.stringify(result.families)}::jsonb,
          metrics = ${JSON.stringify(result.metrics)}::jsonb, baselines = ${JSON.stringify(result.baselines)}::jsonb,
          features = ${JSON.stringify(result.importance.map(({ feature, importance }) => ({ name: feature, importance })))}::jsonb,
          insufficient_data = ${result.insufficientData}, holdout = ${holdout}, artifact = ${JSON.stringify(result.artifact)}::jsonb
        where id = ${id}`);
      if (shouldActivate(params.activate, result, holdout, scoring?.version ?? 'logistic-v1')) await this.activate(id, `training run ${id} (activate: ${params.activate})`);
    } catch (error) {
      await db.orm.execute(sql`
        update churn_model_runs set status = 'failed', error = ${error instanceof Error ? error.message : String(error)},
          finished_at = ${this.deps.clock().toISOString()}::timestamptz
        where id = ${id}`);
    } finally {
      if (!fitting) await fitter.stop();
    }
  }
}

function shouldActivate(policy: TrainingParams['activate'], result: ChurnTrainingResult, holdout: Holdout, scoringVersion: string): boolean {
  if (policy !== 'if_better') return policy === 'always';
  const versus = result.baselines.find((baseline) => baseline.name === scoringVersion);
  // Accounts held out at the same instants show the model ranks unseen accounts, not that it
  // predicts a future it was not fitted in: that evidence activates only when asked to.
  return (
    holdout === 'out_of_time' &&
    !result.insufficientData &&
    (result.metrics.ece?.estimate ?? Infinity) <= MAX_AUTO_ECE &&
    (versus?.aucDifference.lower ?? -Infinity) > 0
  );
}

interface RunRow extends Omit<ChurnModelRun, 'created_at' | 'finished_at'> {
  created_at: Date | string;
  finished_at: Date | string | null;
}

function toRun(row: RunRow): ChurnModelRun {
  return {
    ...row,
    created_at: new Date(row.created_at).toISOString(),
    finished_at: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}
