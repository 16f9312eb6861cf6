/**
 * The data model, generalised from the health-scoring reference: its organisations are our
 * `accounts` (keyed by the host's own customer id), wedding milestones become configured
 * `milestone_definitions`, and the single `customer_health_dashboard` row becomes
 * `health_scores` (current) plus `health_snapshots` (history).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AccountFactors } from '../domain/scoring';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });
const createdAt = () => timestamptz('created_at').notNull().defaultNow();

export const accounts = pgTable(
  'accounts',
  {
    /** The host's own customer id, e.g. `cust_12345`. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    plan: text('plan').notNull().default('standard'),
    mrr: money('mrr').notNull().default(0),
    acquisitionCost: money('acquisition_cost').notNull().default(0),
    contractEndDate: date('contract_end_date', { mode: 'string' }),
    csmOwner: text('csm_owner'),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    paymentStatus: text('payment_status', { enum: ['current', 'overdue', 'failed'] })
      .notNull()
      .default('current'),
    lifecycleStage: text('lifecycle_stage', {
      enum: ['onboarding', 'adoption', 'expansion', 'renewal', 'churned'],
    })
      .notNull()
      .default('onboarding'),
    /** The host's own unit of portfolio size (clients, projects, sites): the reference's clientCount. */
    clientCount: integer('client_count').notNull().default(0),
    customFieldsUsed: integer('custom_fields_used').notNull().default(0),
    churnedAt: timestamptz('churned_at'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('idx_accounts_csm_owner').on(t.csmOwner),
    index('idx_accounts_churned_at').on(t.churnedAt),
    index('idx_accounts_created_at').on(t.createdAt),
    check('accounts_mrr_nonnegative', sql`${t.mrr} >= 0`),
    check('accounts_acquisition_cost_nonnegative', sql`${t.acquisitionCost} >= 0`),
  ],
);

/** Seats: the people at an account who use the product. */
export const accountUsers = pgTable(
  'account_users',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The host's own user id. */
    userId: text('user_id').notNull(),
    email: text('email'),
    name: text('name'),
    lastLoginAt: timestamptz('last_login_at'),
    deactivatedAt: timestamptz('deactivated_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    index('idx_account_users_last_login').on(t.accountId, t.lastLoginAt),
  ],
);

/** Logins, feature use and ended sessions, one row each. */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: text('user_id'),
    kind: text('kind', { enum: ['login', 'feature_use', 'session'] }).notNull(),
    feature: text('feature'),
    durationSeconds: integer('duration_seconds'),
    occurredAt: timestamptz('occurred_at').notNull(),
  },
  (t) => [
    index('idx_activity_account_occurred').on(t.accountId, t.occurredAt),
    index('idx_activity_occurred').on(t.occurredAt),
  ],
);

/** Milestone types are configuration: the host decides what success steps exist. */
export const milestoneDefinitions = pgTable('milestone_definitions', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  position: smallint('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
});

export const accountMilestones = pgTable(
  'account_milestones',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    milestoneKey: text('milestone_key')
      .notNull()
      .references(() => milestoneDefinitions.key, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'in_progress', 'completed', 'skipped'] })
      .notNull()
      .default('pending'),
    progressPercentage: smallint('progress_percentage').notNull().default(0),
    completedAt: timestamptz('completed_at'),
    targetDate: date('target_date', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.milestoneKey] }),
    index('idx_milestones_account_status').on(t.accountId, t.status),
    index('idx_milestones_type_completed').on(t.milestoneKey, t.completedAt),
    check('account_milestones_progress_range', sql`${t.progressPercentage} between 0 and 100`),
  ],
);

export const integrations = pgTable(
  'integrations',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    status: text('status', { enum: ['connected', 'disconnected'] }).notNull(),
    connectedAt: timestamptz('connected_at'),
    disconnectedAt: timestamptz('disconnected_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.provider] })],
);

export const supportInteractions = pgTable(
  'support_interactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The host's ticket id, so updates find their ticket. */
    externalId: text('external_id'),
    interactionType: text('interaction_type', {
      enum: ['ticket', 'chat', 'email', 'phone', 'meeting', 'training'],
    })
      .notNull()
      .default('ticket'),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['open', 'in_progress', 'resolved', 'closed'] })
      .notNull()
      .default('open'),
    priority: text('priority', { enum: ['low', 'medium', 'high', 'urgent'] })
      .notNull()
      .default('medium'),
    escalated: boolean('escalated').notNull().default(false),
    satisfactionRating: smallint('satisfaction_rating'),
    responseTimeHours: doublePrecision('response_time_hours'),
    resolutionTimeHours: doublePrecision('resolution_time_hours'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_support_external').on(t.accountId, t.externalId),
    index('idx_support_org_status').on(t.accountId, t.status),
    index('idx_support_priority_created').on(t.priority, t.createdAt),
    index('idx_support_account_created').on(t.accountId, t.createdAt),
    check('support_rating_range', sql`${t.satisfactionRating} between 1 and 5`),
  ],
);

export const npsResponses = pgTable(
  'nps_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: text('user_id'),
    score: smallint('score').notNull(),
    comment: text('comment'),
    respondedAt: timestamptz('responded_at').notNull(),
  },
  (t) => [
    index('idx_nps_account_responded').on(t.accountId, t.respondedAt),
    check('nps_score_range', sql`${t.score} between 0 and 10`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['succeeded', 'failed'] }).notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
  },
  (t) => [index('idx_payments_account_occurred').on(t.accountId, t.occurredAt)],
);

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
     * reproduce the score's explanation exactly, which is rebuilt on read rather than stored:
     * writing ~1.7 kB of explanation per account was most of a full rescore's time.
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ...healthColumns,
    takenAt: timestamptz('taken_at').notNull(),
  },
  (t) => [index('idx_snapshots_account_taken').on(t.accountId, t.takenAt)],
);

/** The reference's health_intervention_logs. */
export const interventions = pgTable(
  'interventions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
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

// ---- Live pipeline ----

/**
 * The durable event log behind `GET /api/events`. Ids are handed out under a transaction-level
 * advisory lock, so they commit in id order and a reader that follows `id > last` never skips one.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type', {
      enum: ['customer_health_update', 'churn_alert', 'intervention_update', 'status_update'],
    }).notNull(),
    /** Null for events every staff member may see. */
    accountId: text('account_id'),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_live_events_created').on(t.createdAt)],
);

/** Standard Webhooks message ids already applied: a retried delivery finds its id here. */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    webhookId: text('webhook_id').primaryKey(),
    eventType: text('event_type').notNull(),
    accountId: text('account_id').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
  },
  (t) => [index('idx_webhook_receipts_received').on(t.receivedAt)],
);

/**
 * Accounts whose inputs changed since their last score; the rescore worker drains it. Append-only
 * (one row per event, no unique key) so concurrent webhooks for one account never wait on each other.
 */
export const dirtyAccounts = pgTable('dirty_accounts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountId: text('account_id').notNull(),
  markedAt: timestamptz('marked_at').notNull().defaultNow(),
});

/**
 * Scheduled jobs shared by every instance: an instance claims a due job by taking its lease
 * in one UPDATE, so it runs once cluster-wide, and an expired lease lets another pick it up.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  nextRunAt: timestamptz('next_run_at').notNull(),
  leaseUntil: timestamptz('lease_until'),
  leasedBy: text('leased_by'),
  lastRunAt: timestamptz('last_run_at'),
  lastDurationMs: integer('last_duration_ms'),
});

/** Single-use tickets that let an EventSource (which cannot send headers) open a stream. */
export const eventTickets = pgTable('event_tickets', {
  /** SHA-256 of the ticket: a leaked table does not leak usable tickets. */
  ticketHash: text('ticket_hash').primaryKey(),
  sub: text('sub').notNull(),
  role: text('role').notNull(),
  accountId: text('account_id'),
  /** When the bearer token it was exchanged for expires: the stream closes then. */
  tokenExpiresAt: timestamptz('token_expires_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
});

// ---- Interventions and alerts ----

/**
 * The reference's InterventionTrigger as configuration. The defaults ship in migration
 * 0002_interventions_alerts; admins change them through `/api/triggers`.
 */
export const interventionTriggers = pgTable('intervention_triggers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  conditionType: text('condition_type', {
    enum: ['health_score_drop', 'engagement_decline', 'support_escalation', 'contract_renewal'],
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: ['fired', 'suppressed'] }).notNull(),
    /** Why a suppressed firing opened nothing: `cooldown` or `open_intervention`. */
    reason: text('reason', { enum: ['cooldown', 'open_intervention'] }),
    detail: text('detail').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    interventionId: uuid('intervention_id').references(() => interventions.id, { onDelete: 'set null' }),
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
  metric: text('metric', { enum: ['health_score', 'engagement_score', 'satisfaction_score'] }).notNull(),
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
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
