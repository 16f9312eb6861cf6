/** Interventions and alerts: the interventions themselves, triggers and their firings, templates, alert rules, alerts and their deliveries. */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accountRef } from './accounts';
import { createdAt, timestamptz } from './columns';

/** The reference's health_intervention_logs. */
export const interventions = pgTable(
  'interventions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: accountRef(),
    triggerType: text('trigger_type').notNull().default('manual'),
    interventionType: text('intervention_type', {
      enum: [
        'automated_email',
        'csm_outreach',
        'training_scheduled',
        'health_check_call',
        'escalation_created',
      ],
    }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status', {
      enum: ['planned', 'executed', 'responded', 'completed', 'cancelled'],
    })
      .notNull()
      .default('planned'),
    priority: text('priority', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
    outcome: text('outcome', {
      enum: ['successful', 'partially_successful', 'unsuccessful', 'pending'],
    })
      .notNull()
      .default('pending'),
    outcomeNotes: text('outcome_notes'),
    assignedTo: text('assigned_to'),
    /** The automated trigger that opened it; null for a manual intervention. */
    triggerId: text('trigger_id').references(() => interventionTriggers.id, { onDelete: 'set null' }),
    /** The email template it carries, e.g. the re-engagement email of an `automated_email`. */
    templateId: text('template_id').references(() => emailTemplates.id, { onDelete: 'set null' }),
    /** The creator's own notes (the reference's manual `notes`). */
    notes: text('notes'),
    createdBy: text('created_by').notNull(),
    scheduledAt: timestamptz('scheduled_at'),
    executedAt: timestamptz('executed_at'),
    completedAt: timestamptz('completed_at'),
    /**
     * What became of an `automated_email`'s email: `queued` in the outbox, `sent`, `failed` after
     * its last attempt, or `skipped` (switched off, capped, unsubscribed…); null for other types.
     */
    emailStatus: text('email_status', { enum: ['queued', 'sent', 'failed', 'skipped'] }),
    /** Why it was skipped or failed; to whom it went. */
    emailDetail: text('email_detail'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('idx_interventions_trigger_scheduled').on(t.triggerType, t.scheduledAt),
    index('idx_interventions_org_status').on(t.accountId, t.status),
    index('idx_interventions_org_active')
      .on(t.accountId, t.status)
      .where(sql`${t.status} in ('planned', 'executed', 'responded')`),
    // One open intervention per trigger and account, however many rescores race.
    uniqueIndex('uq_interventions_open_trigger')
      .on(t.triggerId, t.accountId)
      .where(sql`${t.triggerId} is not null and ${t.status} in ('planned', 'executed', 'responded')`),
    index('idx_interventions_scheduled').on(t.scheduledAt, t.id),
  ],
);

/**
 * The reference's InterventionTrigger as configuration. The defaults ship in migration
 * 0002_interventions_alerts; admins change them through `/api/triggers`.
 */
export const interventionTriggers = pgTable('intervention_triggers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  conditionType: text('condition_type', {
    enum: ['health_score_drop', 'engagement_decline', 'support_escalation', 'contract_renewal', 'churn_prediction', 'usage_pattern_change'],
  }).notNull(),
  threshold: doublePrecision('threshold').notNull(),
  /** `<n> minutes|hours|days|weeks`, a PostgreSQL interval. */
  timeWindow: text('time_window').notNull(),
  interventionType: text('intervention_type', {
    enum: ['automated_email', 'csm_outreach', 'training_scheduled', 'health_check_call', 'escalation_created'],
  }).notNull(),
  interventionTitle: text('intervention_title').notNull(),
  templateId: text('template_id').references(() => emailTemplates.id, { onDelete: 'restrict' }),
  /** How long after firing the intervention is scheduled, as an interval; `0 minutes` is now. */
  scheduleIn: text('schedule_in').notNull().default('0 minutes'),
  assigneeRule: text('assignee_rule', { enum: ['auto', 'account_owner', 'senior_csm', 'escalation'] })
    .notNull()
    .default('auto'),
  priority: text('priority', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
  cooldownHours: integer('cooldown_hours').notNull(),
  /** The share of firings (0-50 %) held out as a control group: recorded, but no intervention opened. */
  holdoutPercent: integer('holdout_percent').notNull().default(10),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/** Every time a trigger's condition held: what it opened, or why it opened nothing. */
export const triggerFirings = pgTable(
  'trigger_firings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    triggerId: text('trigger_id')
      .notNull()
      .references(() => interventionTriggers.id, { onDelete: 'cascade' }),
    accountId: accountRef(),
    /** `held_out`: the condition held and the draw put the account in the control group. */
    outcome: text('outcome', { enum: ['fired', 'suppressed', 'held_out'] }).notNull(),
    /** Why a suppressed firing opened nothing: `cooldown` or `open_intervention`. */
    reason: text('reason', { enum: ['cooldown', 'open_intervention'] }),
    detail: text('detail').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    interventionId: uuid('intervention_id').references(() => interventions.id, { onDelete: 'set null' }),
    /** The hold-out draw in [0, 100) for a firing that was not suppressed (see `holdoutDraw`); held out below `holdout_percent`. */
    draw: doublePrecision('draw'),
    firedAt: timestamptz('fired_at').notNull(),
  },
  (t) => [
    index('idx_trigger_firings_trigger_account').on(t.triggerId, t.accountId, t.firedAt),
    index('idx_trigger_firings_account').on(t.accountId, t.firedAt),
  ],
);

/** Who did what to an intervention, and when. */
export const interventionActivity = pgTable(
  'intervention_activity',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    interventionId: uuid('intervention_id')
      .notNull()
      .references(() => interventions.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    /** A user id, or `trigger:<id>` for the automation. */
    actor: text('actor').notNull(),
    action: text('action', { enum: ['created', 'updated'] }).notNull(),
    /** What changed: `{ field: { from, to } }`, or the created values. */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('idx_intervention_activity').on(t.interventionId, t.id)],
);

export const emailTemplates = pgTable('email_templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  category: text('category', { enum: ['reengagement', 'health_check', 'renewal', 'onboarding'] }).notNull(),
  subject: text('subject').notNull(),
  /** Plain text; `{{variable}}` placeholders. */
  body: text('body').notNull(),
  /** Optional HTML alternative; substituted values are HTML-escaped into it. */
  htmlBody: text('html_body'),
  createdAt: createdAt(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/** The reference's AlertRule as configuration (defaults seeded by migration 0002). */
export const alertRules = pgTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  metric: text('metric', { enum: ['health_score', 'engagement_score', 'satisfaction_score', 'churn_probability'] }).notNull(),
  operator: text('operator', { enum: ['lt', 'gt', 'eq', 'changed_by'] }).notNull(),
  threshold: doublePrecision('threshold').notNull(),
  /** Required for `changed_by`: the interval the change is measured over. */
  timeWindow: text('time_window'),
  channels: jsonb('channels').$type<Array<'email' | 'slack' | 'sms'>>().notNull(),
  severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
  enabled: boolean('enabled').notNull().default(true),
  cooldownMinutes: integer('cooldown_minutes').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: text('rule_id').references(() => alertRules.id, { onDelete: 'set null' }),
    accountId: accountRef(),
    companyName: text('company_name').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
    title: text('title').notNull(),
    message: text('message').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    /** Channels the rule named that got no delivery, with why (feature off, no target configured). */
    skippedChannels: jsonb('skipped_channels').$type<Array<{ channel: string; reason: string }>>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull(),
    /** When a CSM or admin acknowledged it (the alert inbox's "done"); null while open. */
    acknowledgedAt: timestamptz('acknowledged_at'),
    /** Who acknowledged it (the token's `sub`). */
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [
    index('idx_alerts_rule_account').on(t.ruleId, t.accountId, t.createdAt),
    index('idx_alerts_created').on(t.createdAt, t.id),
    index('idx_alerts_account').on(t.accountId, t.createdAt),
  ],
);

/**
 * The outbox: one row per alert, channel and recipient, written in the transaction that raised
 * the alert. Rows are never deleted; `failed` ones stay visible after the last attempt.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'slack', 'sms', 'webhook'] }).notNull(),
    /** An address, phone number or URL. */
    target: text('target').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When a pending row is next due; while an attempt is in flight, when its lease expires. */
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    lastAttemptAt: timestamptz('last_attempt_at'),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    index('idx_alert_deliveries_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('idx_alert_deliveries_alert').on(t.alertId),
  ],
);

/**
 * The email outbox for interventions: an automated email to the account's contact, or a notice
 * to an intervention's assignee. Rendered when queued (in the transaction that opened the
 * intervention), delivered like `alert_deliveries` (leases, retries, `failed` kept visible).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['automated_email', 'assignee_notice'] }).notNull(),
    interventionId: uuid('intervention_id')
      .notNull()
      .references(() => interventions.id, { onDelete: 'cascade' }),
    accountId: accountRef(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** The signed link that stops automated email to the recipient (automated emails only). */
    unsubscribeUrl: text('unsubscribe_url'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    lastAttemptAt: timestamptz('last_attempt_at'),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    index('idx_email_outbox_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // One automated email per intervention, however often it is queued.
    uniqueIndex('uq_email_outbox_automated').on(t.interventionId).where(sql`${t.kind} = 'automated_email'`),
    index('idx_email_outbox_account').on(t.accountId, t.kind, t.createdAt),
  ],
);

/** Addresses that followed an unsubscribe link: no further automated email goes to them. */
export const emailUnsubscribes = pgTable('email_unsubscribes', {
  /** Lower-cased. */
  email: text('email').primaryKey(),
  unsubscribedAt: timestamptz('unsubscribed_at').notNull(),
});
