import { asc, desc, eq } from 'drizzle-orm';
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

/** The fields of a scorecard that differ between two versions, as dotted paths. */
export function scorecardChanges(before: unknown, after: unknown, path = ''): Array<{ field: string; from: unknown; to: unknown }> {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => scorecardChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: path, from: before ?? null, to: after ?? null }];
}

/** Every saved version, newest first, with its author, time and changes against the one before. */
export async function scorecardHistory(executor: Executor) {
  await activeScorecard(executor);
  const rows = await executor.select().from(scorecards).orderBy(asc(scorecards.version));
  const versions = rows.map((row, i) => ({
    version: row.version,
    profile: row.profile,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    active: i === rows.length - 1,
    changes: i === 0 ? [] : scorecardChanges(rows[i - 1]!.config, row.config),
    scorecard: scorecardSchema.parse(row.config),
  }));
  return versions.reverse();
}
