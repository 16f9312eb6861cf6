import { schema, type Db } from '../../../server/db/index';
import type { HealthChange, HealthState } from '../../../server/live/builders';
import type { Services } from '../../../server/services/index';
import { activeScorecard } from '../../../server/services/scorecards';

export const HOUR = 3_600_000;

/** An account, with the scorecard version snapshots must name. */
export async function addAccount(
  db: Db,
  id: string,
  extra: Partial<typeof schema.accounts.$inferInsert> = {},
): Promise<void> {
  await activeScorecard(db.orm);
  await db.orm.insert(schema.accounts).values({ id, name: `Company ${id}`, csmOwner: 'owner@cs.example', ...extra });
}

/** A stored snapshot, as a rescore `at` would have left it. */
export async function addSnapshot(db: Db, accountId: string, score: number, at: Date, engagement = 60): Promise<void> {
  await db.orm.insert(schema.healthSnapshots).values({
    accountId,
    overallScore: score,
    engagementScore: engagement,
    satisfactionScore: 70,
    components: { engagement, adoption: 60, satisfaction: 70 },
    status: 'good',
    riskLevel: 'low',
    churnProbability: 0.1,
    priority: 'low',
    scorecardVersion: 1,
    takenAt: at,
  });
}

/** What a rescore reports for an account whose score became `score` (from `previous`). */
export function change(accountId: string, score: number, previous: number | null, engagement = 60): HealthChange {
  const state: HealthState = { overall_score: score, status: 'warning', risk_level: 'medium', priority: 'medium', churn_probability: 0.3 };
  return {
    account_id: accountId,
    company_name: `Company ${accountId}`,
    previous: previous === null ? null : { ...state, overall_score: previous },
    current: { ...state, engagement_score: engagement, components: { engagement, adoption: 60, satisfaction: 70 }, risk_factors: [], coverage: 1, unknown_factors: [] },
  };
}

/**
 * Stores the new score's snapshot, as a rescore does, and hands the changes to the score
 * pipeline in the same transaction: health events, triggers, alert rules.
 */
export async function rescored(deps: Pick<Services, 'db' | 'pipeline'>, now: Date, changes: HealthChange[]): Promise<void> {
  await deps.db.orm.transaction(async (tx) => {
    for (const c of changes) {
      await tx.insert(schema.healthSnapshots).values({
        accountId: c.account_id,
        overallScore: c.current.overall_score,
        engagementScore: c.current.engagement_score,
        satisfactionScore: 70,
        components: c.current.components,
        status: 'warning',
        riskLevel: 'medium',
        churnProbability: 0.3,
        priority: 'medium',
        scorecardVersion: 1,
        takenAt: now,
      });
    }
    await deps.pipeline.afterScores(tx, changes, now);
  });
}
