/** One customer's health as `GET /api/customer-success/health/{id}` shows it. */
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Clock } from '../config';
import type { Db } from '../db/index';
import { accounts, healthScores, healthSnapshots } from '../db/schema';
import { churnRiskCategory, scoreAccount } from '../domain/scoring';
import { ApiError } from '../errors';
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
 * Score, components, their explanation, risk and 90 days of history. A new account is scored
 * on first sight rather than answered with a hole; 404 for an unknown one, or one that churned
 * before it was ever scored.
 */
export async function customerHealth(deps: { db: Db; clock: Clock; pipeline: ScorePipeline }, id: string) {
  let row = await loadHealth(deps.db, id);
  if (!row) throw ApiError.notFound('customer', id);
  if (!row.health && !row.account.churnedAt) {
    await deps.pipeline.rescore([id]);
    row = await loadHealth(deps.db, id);
  }
  const health = row?.health;
  if (!row || !health) throw new ApiError(404, 'not_scored', `customer '${id}' churned before it was ever scored`);

  // The stored inputs and the immutable scorecard version reproduce the explanation exactly.
  const scorecard = await scorecardVersion(deps.db.orm, health.scorecardVersion);
  if (!scorecard) throw new Error(`scorecard version ${health.scorecardVersion} is missing`);
  const { explanation } = scoreAccount(health.factors, scorecard, null);

  const now = deps.clock();
  const history = await deps.db.orm
    .select()
    .from(healthSnapshots)
    .where(and(eq(healthSnapshots.accountId, id), gte(healthSnapshots.takenAt, new Date(now.getTime() - 90 * DAY))))
    .orderBy(asc(healthSnapshots.takenAt));
  const [before] = await deps.db.orm
    .select({ score: healthSnapshots.overallScore })
    .from(healthSnapshots)
    .where(and(eq(healthSnapshots.accountId, id), lte(healthSnapshots.takenAt, new Date(now.getTime() - 30 * DAY))))
    .orderBy(desc(healthSnapshots.takenAt))
    .limit(1);

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
    intervention_priority: health.priority,
    risk_factors: health.riskFactors,
    scorecard_version: health.scorecardVersion,
    last_updated: health.computedAt.toISOString(),
    change_30d: before ? health.overallScore - before.score : null,
    customer_since: row.account.customerSince ?? row.account.firstSeenAt?.toISOString().slice(0, 10) ?? null,
    traits: row.account.traits,
    history: history.map((s) => ({
      taken_at: s.takenAt.toISOString(),
      health_score: s.overallScore,
      status: s.status,
      risk_level: s.riskLevel,
      churn_probability: s.churnProbability,
      intervention_priority: s.priority,
      components: s.components,
    })),
  };
}
