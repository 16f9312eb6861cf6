/**
 * Scores: the scorecard versions, each account's current `health_scores` row (the reference's
 * single `customer_health_dashboard` row) and its `health_snapshots` history.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import type { AccountFactors } from '../../domain/scoring';
import { accountRef, accounts } from './accounts';
import { createdAt, timestamptz } from './columns';

/** Every saved scorecard is kept: a stored score names the version that made it. */
export const scorecards = pgTable('scorecards', {
  version: serial('version').primaryKey(),
  profile: text('profile').notNull(),
  config: jsonb('config').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

const healthColumns = {
  overallScore: smallint('overall_score').notNull(),
  engagementScore: doublePrecision('engagement_score').notNull(),
  satisfactionScore: doublePrecision('satisfaction_score').notNull(),
  /** Every component of the scorecard that made the score, by key. */
  components: jsonb('components').$type<Record<string, number>>().notNull(),
  status: text('status', {
    enum: ['excellent', 'good', 'warning', 'critical', 'churn_risk'],
  }).notNull(),
  riskLevel: text('risk_level', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
  churnProbability: doublePrecision('churn_probability'),
  priority: text('priority', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
  scorecardVersion: integer('scorecard_version')
    .notNull()
    .references(() => scorecards.version),
  /** Share 0-1 of the scorecard's weight that stood on data; null for scores made before it was measured. */
  coverage: doublePrecision('coverage'),
  /** Factors that fell back to a default for want of data; null before coverage was measured. */
  unknownFactors: jsonb('unknown_factors').$type<string[]>(),
};

export const healthScores = pgTable(
  'health_scores',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ...healthColumns,
    riskFactors: jsonb('risk_factors').$type<string[]>().notNull().default([]),
    /**
     * The derived inputs the score was computed from. With the immutable scorecard version they
     * reproduce the score's explanation exactly, which is rebuilt on read rather than stored: a
     * full rescore writes every account, and the explanation is many times the size of its inputs.
     */
    factors: jsonb('factors').$type<AccountFactors>().notNull(),
    churnModelVersion: text('churn_model_version'),
    computedAt: timestamptz('computed_at').notNull(),
  },
  (t) => [
    index('idx_health_score').on(t.overallScore),
    index('idx_health_risk_score').on(t.riskLevel, t.overallScore),
    index('idx_health_priority').on(t.priority, t.churnProbability),
    index('idx_health_status').on(t.status),
    index('idx_health_updated').on(t.computedAt),
    check('health_overall_range', sql`${t.overallScore} between 0 and 100`),
    check('health_churn_range', sql`${t.churnProbability} between 0 and 1`),
  ],
);

export const healthSnapshots = pgTable(
  'health_snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: accountRef(),
    ...healthColumns,
    churnModelVersion: text('churn_model_version'),
    /** Computed afterwards, as of `taken_at`, by a backfill rather than live. */
    backfilled: boolean('backfilled').notNull().default(false),
    /**
     * The inputs the snapshot's score was computed from: a proposed scorecard is judged by
     * rescoring history from them (`POST /api/scorecard/preview`). Null for snapshots taken before.
     */
    factors: jsonb('factors').$type<AccountFactors>(),
    takenAt: timestamptz('taken_at').notNull(),
  },
  (t) => [index('idx_snapshots_account_taken').on(t.accountId, t.takenAt)],
);
