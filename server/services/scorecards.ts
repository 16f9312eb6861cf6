import { desc, eq } from 'drizzle-orm';
import { scorecards } from '../db/schema';
import type { Executor } from '../db/index';
import { REFERENCE_SCORECARD, scorecardSchema, type Scorecard, type ScorecardConfig } from '../domain/scorecard';

/** The newest saved scorecard; the reference profile is saved as version 1 on first use. */
export async function activeScorecard(executor: Executor): Promise<Scorecard> {
  const [latest] = await executor.select().from(scorecards).orderBy(desc(scorecards.version)).limit(1);
  if (latest) return { ...scorecardSchema.parse(latest.config), version: latest.version };
  return saveScorecard(executor, REFERENCE_SCORECARD, 'system');
}

/** Saves a new version; earlier versions stay so old scores still name what made them. */
export async function saveScorecard(executor: Executor, config: ScorecardConfig, createdBy: string): Promise<Scorecard> {
  const [row] = await executor
    .insert(scorecards)
    .values({ profile: config.profile, config, createdBy })
    .returning({ version: scorecards.version });
  if (!row) throw new Error('scorecard insert returned no row');
  return { ...config, version: row.version };
}

/** A saved version; versions are never changed, so a score's explanation can be rebuilt from it. */
export async function scorecardVersion(executor: Executor, version: number): Promise<Scorecard | null> {
  const [row] = await executor.select().from(scorecards).where(eq(scorecards.version, version));
  return row ? { ...scorecardSchema.parse(row.config), version: row.version } : null;
}
