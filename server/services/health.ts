/** One customer's health as `GET /api/customer-success/health/{id}` shows it. */
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Clock } from '../config';
import { queryRows, type Db } from '../db/index';
import { accounts, healthScores, healthSnapshots } from '../db/schema';
import { churnRiskCategory, HEALTH_STATUSES, riskFactorOf, scoreAccount, scoreCoverage, type HealthStatus } from '../domain/scoring';
import { ApiError } from '../errors';
import { churnDriversOf } from './churn-scoring';
import { recommendedActions } from './playbooks';
import type { ScorePipeline } from './score-pipeline';
import { scorecardVersion } from './scorecards';

const DAY = 86_400_000;

async function loadHealth(db: Db, id: string) {
  const [row] = await db.orm
    .select({ account: accounts, health: healthScores })
    .from(accounts)
    .leftJoin(healthScores, eq(healthScores.accountId, accounts.id))
    .where(eq(accounts.id, id));
  return row;
}

/**
 * Score, components, their explanation, risk and `historyDays` (default 90) of history. A new
 * account is scored on first sight rather than answered with a hole. A churned account answers
 * its last score before the churn, with status `churned` and the history up to it; 404 for an
 * unknown account, or one that churned before it was ever scored.
 */
export async function customerHealth(
  deps: { db: Db; clock: Clock; pipeline: ScorePipeline },
  id: string,
  {
    withRecommendations,
    historyDays = 90,
  }: {
    /** Staff see the plays recommended for the account; a member's own view does not carry them. */
    withRecommendations: boolean;
    historyDays?: number | undefined;
  },
) {
  let row = await loadHealth(deps.db, id);
  if (!row) throw ApiError.notFound('customer', id);
  if (row.account.churnedAt) return churnedHealth(deps.db, row.account, historyDays);
  if (!row.health) {
    await deps.pipeline.rescore([id]);
    row = await loadHealth(deps.db, id);
  }
  const health = row?.health;
  if (!row || !health) throw ApiError.notFound('customer', id);

  // The stored inputs and the immutable scorecard version reproduce the explanation exactly.
  const scorecard = await scorecardVersion(deps.db.orm, health.scorecardVersion);
  if (!scorecard) throw new Error(`scorecard version ${health.scorecardVersion} is missing`);
  const { explanation } = scoreAccount(health.factors, scorecard, null);
  // Scores stored before coverage was measured get it from their inputs, like the explanation.
  const coverage =
    health.coverage !== null && health.unknownFactors !== null
      ? { coverage: health.coverage, unknown_factors: health.unknownFactors }
      : scoreCoverage(health.factors, scorecard);

  const now = deps.clock();
  const { history, before } = await historyUpTo(deps.db, id, now, historyDays);
  // The drivers only for a probability the active trained model gave: the hand-set model has none.
  const trained = await deps.pipeline.activeTrainedModel(deps.db.orm);
  const model = trained && trained.version === health.churnModelVersion ? trained : null;
  const churnDrivers = model ? await churnDriversOf(deps.db.orm, now, { accountId: id, factors: health.factors }, scorecard, model) : [];

  const contractEndDays = row.account.contractEndDate
    ? Math.floor((Date.parse(`${row.account.contractEndDate}T00:00:00Z`) - Date.parse(now.toISOString().slice(0, 10))) / DAY)
    : null;
  const recommended = withRecommendations
    ? await recommendedActions(
        deps.db.orm,
        { riskLevel: health.riskLevel, healthScore: health.overallScore, engagementScore: health.engagementScore, contractEndDays },
        now,
      )
    : [];

  return {
    customer_id: id,
    company_name: row.account.name,
    health_score: health.overallScore,
    status: health.status,
    components: health.components,
    explanation,
    risk_level: health.riskLevel,
    churn_probability: health.churnProbability,
    churn_risk_category: health.churnProbability === null ? null : churnRiskCategory(health.churnProbability),
    churn_model_version: health.churnModelVersion,
    churn_horizon_days: model?.horizonDays ?? null,
    churn_drivers: churnDrivers,
    intervention_priority: health.priority,
    risk_factors: health.riskFactors,
    risk_factor_details: health.riskFactors.map(riskFactorOf),
    ...coverage,
    scorecard_version: health.scorecardVersion,
    last_updated: health.computedAt.toISOString(),
    change_30d: before ? health.overallScore - before.score : null,
    ...accountFacts(row.account),
    history: history.map(snapshotBody),
    recommended_actions: recommended,
  };
}

type Account = typeof accounts.$inferSelect;
type Snapshot = typeof healthSnapshots.$inferSelect;

const accountFacts = (account: Account) => ({
  customer_since: account.customerSince ?? account.firstSeenAt?.toISOString().slice(0, 10) ?? null,
  traits: account.traits,
});

const snapshotBody = (s: Snapshot) => ({
  taken_at: s.takenAt.toISOString(),
  health_score: s.overallScore,
  status: s.status,
  risk_level: s.riskLevel,
  churn_probability: s.churnProbability,
  intervention_priority: s.priority,
  components: s.components,
  coverage: s.coverage,
  scorecard_version: s.scorecardVersion,
  backfilled: s.backfilled,
});

/** The snapshots of the `days` up to `end`, oldest first, and the last one 30 days or more before it. */
async function historyUpTo(db: Db, id: string, end: Date, days: number) {
  const history = await db.orm
    .select()
    .from(healthSnapshots)
    .where(and(eq(healthSnapshots.accountId, id), gte(healthSnapshots.takenAt, new Date(end.getTime() - days * DAY)), lte(healthSnapshots.takenAt, end)))
    .orderBy(asc(healthSnapshots.takenAt));
  const [before] = await db.orm
    .select({ score: healthSnapshots.overallScore })
    .from(healthSnapshots)
    .where(and(eq(healthSnapshots.accountId, id), lte(healthSnapshots.takenAt, new Date(end.getTime() - 30 * DAY))))
    .orderBy(desc(healthSnapshots.takenAt))
    .limit(1);
  return { history, before };
}

/** A churned account: its last score before the churn and the history that led to it. */
async function churnedHealth(db: Db, account: Account, historyDays: number) {
  const churnedAt = account.churnedAt ?? new Date();
  const { history, before } = await historyUpTo(db, account.id, churnedAt, historyDays);
  const [last] = await db.orm
    .select()
    .from(healthSnapshots)
    .where(and(eq(healthSnapshots.accountId, account.id), lte(healthSnapshots.takenAt, churnedAt)))
    .orderBy(desc(healthSnapshots.takenAt))
    .limit(1);
  if (!last) throw new ApiError(404, 'not_scored', `customer '${account.id}' churned before it was ever scored`);
  return {
    customer_id: account.id,
    company_name: account.name,
    health_score: last.overallScore,
    status: 'churned' as const,
    components: last.components,
    explanation: null,
    risk_level: last.riskLevel,
    churn_probability: last.churnProbability,
    churn_risk_category: last.churnProbability === null ? null : churnRiskCategory(last.churnProbability),
    churn_model_version: last.churnModelVersion,
    churn_horizon_days: null,
    churn_drivers: [],
    intervention_priority: last.priority,
    risk_factors: [],
    risk_factor_details: [],
    // Null when the last snapshot predates coverage: nothing says how much of it stood on data.
    coverage: last.coverage,
    unknown_factors: last.unknownFactors ?? [],
    scorecard_version: last.scorecardVersion,
    last_updated: last.takenAt.toISOString(),
    churned_at: churnedAt.toISOString(),
    change_30d: before ? last.overallScore - before.score : null,
    ...accountFacts(account),
    history: history.map(snapshotBody),
    recommended_actions: [],
  };
}

/** Below this coverage a score stood on less than half of the scorecard's weight: thin data, not a measurement. */
const LOW_COVERAGE = 0.5;

/**
 * The portfolio at every step from `from` to `to`: per status, the accounts whose latest
 * snapshot in the step's window (the `everyDays` up to it) has it, and their average score.
 * Accounts churned by the step are left out, and so are scores below `minCoverage` (counted as
 * `excluded`); `low_coverage` says how many of the counted scores stood on less than half the
 * weight (young accounts with thin data, which the first weeks of a history are full of).
 */
export async function portfolioHistory(db: Db, from: Date, to: Date, everyDays: number, minCoverage = 0) {
  const rows = await queryRows<
    { at: Date | string; accounts: number; average_score: number | null; low_coverage: number; excluded: number } & Record<HealthStatus, number>
  >(
    db.orm,
    sql`
    with steps as (
      select generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, make_interval(days => ${everyDays})) as at
    ),
    latest as (
      select distinct on (s.at, h.account_id) s.at, h.account_id, h.overall_score, h.status,
             -- A score from before coverage was measured counts as fully covered.
             coalesce(h.coverage, 1) as coverage
      from steps s
      join health_snapshots h on h.taken_at <= s.at and h.taken_at > s.at - make_interval(days => ${everyDays})
      join accounts a on a.id = h.account_id and (a.churned_at is null or a.churned_at > s.at)
      order by s.at, h.account_id, h.taken_at desc
    ),
    kept as (
      select l.*, l.coverage >= ${minCoverage}::float8 as kept from latest l
    )
    select s.at, count(l.account_id) filter (where l.kept)::int as accounts,
           round(avg(l.overall_score) filter (where l.kept), 1)::float8 as average_score,
           count(*) filter (where l.kept and l.coverage < ${LOW_COVERAGE}::float8)::int as low_coverage,
           count(*) filter (where not l.kept)::int as excluded,
           ${sql.join(
             HEALTH_STATUSES.map((status) => sql`count(*) filter (where l.kept and l.status = ${status})::int as ${sql.identifier(status)}`),
             sql`, `,
           )}
    from steps s left join kept l on l.at = s.at
    group by s.at order by s.at`,
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    every_days: everyDays,
    min_coverage: minCoverage,
    steps: rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      accounts: r.accounts,
      average_score: r.average_score,
      low_coverage: r.low_coverage,
      excluded: r.excluded,
      counts: Object.fromEntries(HEALTH_STATUSES.map((status) => [status, r[status]])) as Record<HealthStatus, number>,
    })),
  };
}
