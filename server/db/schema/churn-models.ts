/**
 * Churn model training runs: what each run was asked, what it measured, and the trained model
 * itself. At most one run is running and at most one model is active, cluster-wide, by index.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';

export const churnModelRuns = pgTable(
  'churn_model_runs',
  {
    id: serial('id').primaryKey(),
    /** The version every probability scored with this model names (`trained-<id>`). */
    version: text('version').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull().default('running'),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: timestamptz('finished_at'),
    horizonDays: integer('horizon_days').notNull(),
    /** The request: horizon, snapshot step, history span, activation policy. */
    params: jsonb('params').notNull(),
    counts: jsonb('counts'),
    /** The model that scores: one family, or the average of both families' log-odds. */
    modelFamily: text('model_family', { enum: ['logistic', 'gbdt', 'average'] }),
    /** Both families' validation and test AUC and complexity: the comparison the choice came from. */
    families: jsonb('families'),
    metrics: jsonb('metrics'),
    baselines: jsonb('baselines'),
    features: jsonb('features'),
    insufficientData: boolean('insufficient_data'),
    /** How the test examples were held back: the latest instants, or accounts when the history had no time to validate across. */
    holdout: text('holdout', { enum: ['out_of_time', 'accounts'] }),
    active: boolean('active').notNull().default(false),
    artifact: jsonb('artifact'),
  },
  (t) => [
    uniqueIndex('churn_model_runs_version').on(t.version),
    // One training run at a time, across every instance sharing the database.
    uniqueIndex('churn_model_runs_one_running').on(t.status).where(sql`status = 'running'`),
    uniqueIndex('churn_model_runs_one_active').on(t.active).where(sql`active`),
    check('churn_model_runs_horizon_range', sql`${t.horizonDays} between 1 and 3650`),
    check('churn_model_runs_active_succeeded', sql`not ${t.active} or ${t.status} = 'succeeded'`),
  ],
);
