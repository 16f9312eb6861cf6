/**
 * Scoring with the active trained churn model: the model is read from `churn_model_runs` (so every
 * instance of a cluster scores with the one activated anywhere), and each account's example is
 * built as training built it, from its factors at the instant, its own state as of the instant and
 * its recorded scores a trend window before it. Until a trained model is active, the hand-set one scores.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import type { ChurnModel } from '../domain/churn';
import { churnExample, describeDriver, TREND_WINDOW_DAYS, type AccountStateAt, type ChurnDriver, type TrendPoint, type TrendWindow } from '../domain/churn-features';
import type { RawExample } from '../domain/ml/encoding';
import { churnDrivers, churnModelArtifactSchema, explainChurn, scoreChurn, type ChurnModelArtifact } from '../domain/ml/churn-model';
import { scoreAccount, type AccountFactors } from '../domain/scoring';
import type { Scorecard } from '../domain/scorecard';
import { accountStateAsOf } from './history';
import type { ScoredBatch } from './rescore';

export interface TrainedChurnModel {
  readonly version: string;
  readonly horizonDays: number;
  readonly artifact: ChurnModelArtifact;
}

/** The active trained model's version and horizon (cheap: read on every rescore). */
export async function activeChurnModelVersion(executor: Executor): Promise<{ id: number; version: string; horizon_days: number } | null> {
  const [row] = await queryRows<{ id: number; version: string; horizon_days: number }>(
    executor,
    sql`select id, version, horizon_days from churn_model_runs where active`,
  );
  return row ?? null;
}

/** A run's stored model, validated where it enters. */
export async function loadTrainedModel(executor: Executor, id: number): Promise<TrainedChurnModel | null> {
  const [row] = await queryRows<{ version: string; horizon_days: number; artifact: unknown }>(
    executor,
    sql`select version, horizon_days, artifact from churn_model_runs where id = ${id} and status = 'succeeded'`,
  );
  if (!row) return null;
  return { version: row.version, horizonDays: row.horizon_days, artifact: churnModelArtifactSchema.parse(row.artifact) };
}

/** The columns `recordedTrends` selects: one trend point (or null) per window. */
export type RecordedTrends = { [W in TrendWindow as `then_${W}`]: TrendPoint | null };

/**
 * The select-list columns of each window's trend point for the account `accountId` (a column
 * reference) at `at`: its latest snapshot with inputs at or before `at` less the window. The one
 * definition of the trend's starting point, for training instants and for scoring now alike.
 */
export function recordedTrends(accountId: SQL, at: Date): SQL {
  const iso = at.toISOString();
  return sql.join(
    (Object.entries(TREND_WINDOW_DAYS) as Array<[TrendWindow, number]>).map(
      ([window, days]) => sql`(
      select jsonb_build_object('health_score', s.overall_score, 'engagement_score', s.engagement_score,
               'active_users', (s.factors->>'activeUsers')::float8, 'features_used', (s.factors->>'featureUsageCount')::float8,
               'daily_active_users', (s.factors->>'dailyActiveUsers')::float8)
      from health_snapshots s
      where s.account_id = ${accountId} and s.factors is not null and s.taken_at <= ${iso}::timestamptz - make_interval(days => ${days}::int)
      order by s.taken_at desc limit 1) as ${sql.identifier(`then_${window}`)}`,
    ),
    sql`, `,
  );
}

/** The trend points of `recordedTrends` as `churnExample` takes them. */
export function trendsOf(row: RecordedTrends | undefined): Record<TrendWindow, TrendPoint | null> {
  return { '30d': row?.then_30d ?? null, '90d': row?.then_90d ?? null };
}

interface ContextRow extends RecordedTrends {
  account_id: string;
  state: Record<string, unknown> | null;
}

/** The MRR, plan and traits of an account state row (null: the account had none yet). */
export function stateAt(state: Record<string, unknown> | null): AccountStateAt {
  return {
    mrr: typeof state?.mrr === 'number' ? state.mrr : state?.mrr != null ? Number(state.mrr) : null,
    plan: typeof state?.plan === 'string' ? state.plan : null,
    traits: (state?.traits as AccountStateAt['traits'] | undefined) ?? {},
  };
}

/**
 * Each account's own state as of `now` (its history then, as the factor derivation reads it: a
 * backfilled step sees the plan, MRR and traits of its instant, not today's) and its recorded
 * trend points.
 */
async function scoringContext(executor: Executor, now: Date, accountIds: readonly string[]): Promise<Map<string, ContextRow>> {
  const rows = await queryRows<ContextRow>(
    executor,
    sql`select a.id as account_id, ${accountStateAsOf('a', now)} as state, ${recordedTrends(sql`a.id`, now)}
        from accounts a where a.id = any(${sql.param(accountIds)}::text[])`,
  );
  return new Map(rows.map((row) => [row.account_id, row]));
}

/** Each account's example as training built it, with its health as the scorecard has it. */
export async function examplesNow(
  executor: Executor,
  now: Date,
  derived: ReadonlyArray<{ accountId: string; factors: AccountFactors }>,
  scorecard: Scorecard,
): Promise<Array<{ example: RawExample }>> {
  const context = await scoringContext(
    executor,
    now,
    derived.map((d) => d.accountId),
  );
  return derived.map(({ accountId, factors }) => {
    const own = context.get(accountId);
    return {
      example: churnExample(
        { factors, health: scoreAccount(factors, scorecard, null) },
        trendsOf(own),
        stateAt(own?.state ?? null),
      ),
    };
  });
}

/**
 * Scores derived inputs with a trained model: the model's probability from each account's example,
 * then the health, risk and priority as the scorecard has them with that probability.
 */
export async function scoreWithTrainedModel(
  executor: Executor,
  now: Date,
  derived: ReadonlyArray<{ accountId: string; factors: AccountFactors }>,
  scorecard: Scorecard,
  model: TrainedChurnModel,
): Promise<ScoredBatch> {
  const examples = await examplesNow(executor, now, derived, scorecard);
  return derived.map(({ accountId, factors }, i) => {
    const probability = Math.round(scoreChurn(model.artifact, examples[i]!.example) * 10_000) / 10_000;
    const fixed: ChurnModel = { version: model.version, predict: () => probability };
    return { accountId, factors, health: scoreAccount(factors, scorecard, fixed) };
  });
}

/**
 * The five features that pushed one account's probability up or down most, in words: computed
 * on read (one account, one explanation) rather than for every account on every rescore.
 */
export async function churnDriversOf(
  executor: Executor,
  now: Date,
  account: { accountId: string; factors: AccountFactors },
  scorecard: Scorecard,
  model: TrainedChurnModel,
): Promise<ChurnDriver[]> {
  const [{ example }] = (await examplesNow(executor, now, [account], scorecard)) as [{ example: RawExample }];
  return churnDrivers(explainChurn(model.artifact, example)).map(({ feature, contribution }) => describeDriver(feature, example[feature], contribution));
}
