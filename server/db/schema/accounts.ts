/**
 * Accounts and what they do: seats, activity, milestones, integrations, support, NPS and
 * payments. The health-scoring reference's organisations are our `accounts` (keyed by the
 * host's own customer id); its wedding milestones become configured `milestone_definitions`.
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
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, money, timestamptz } from './columns';

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
    /** When the customer relationship began (the host's, or the date of the first event). */
    customerSince: date('customer_since', { mode: 'string' }),
    /** The time of the account's oldest event: before it the account did not exist. Null: always existed. */
    firstSeenAt: timestamptz('first_seen_at'),
    /** The host's own attributes of the customer (industry, segment, region…), current values. */
    traits: jsonb('traits').$type<Record<string, string | number | boolean>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('idx_accounts_csm_owner').on(t.csmOwner),
    index('idx_accounts_churned_at').on(t.churnedAt),
    index('idx_accounts_created_at').on(t.createdAt),
    // The customer list's keyset orders (services/reports.ts SORT_KEYS), expression for
    // expression: a page reads the next rows of the index instead of sorting every account.
    // Descending sorts scan them backwards.
    index('idx_accounts_sort_name').on(t.name, t.id),
    index('idx_accounts_sort_mrr').on(sql`(${t.mrr}::float8)`, t.id),
    index('idx_accounts_sort_renewal_first').on(sql`coalesce(${t.contractEndDate}, 'infinity'::date)`, t.id),
    index('idx_accounts_sort_renewal_last').on(sql`coalesce(${t.contractEndDate}, '-infinity'::date)`, t.id),
    check('accounts_mrr_nonnegative', sql`${t.mrr} >= 0`),
    check('accounts_acquisition_cost_nonnegative', sql`${t.acquisitionCost} >= 0`),
  ],
);

/** The account a row belongs to; the row goes when the account does. */
export const accountRef = () =>
  text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/** Seats: the people at an account who use the product. */
export const accountUsers = pgTable(
  'account_users',
  {
    accountId: accountRef(),
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
    accountId: accountRef(),
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
    accountId: accountRef(),
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
    accountId: accountRef(),
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
    accountId: accountRef(),
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
    accountId: accountRef(),
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
    accountId: accountRef(),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['succeeded', 'failed'] }).notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
  },
  (t) => [index('idx_payments_account_occurred').on(t.accountId, t.occurredAt)],
);

/**
 * Append-only history of what is otherwise kept only as current state, keyed by the time of
 * the event that caused each change, so a value as of any instant is exact. `kind` 'account'
 * holds the account's own state (payment status, contract, MRR, plan, stage, client count,
 * custom fields, customer since, traits); 'ticket', 'milestone' and 'integration' hold the
 * state of one item (`item_key`: the ticket's id, the milestone key, the provider). Each row is
 * the whole state after the event and what the event set; the state as of t is the latest row at
 * or before t. An event that arrives after later ones re-folds their states (server/domain/history.ts).
 */
export const accountHistory = pgTable(
  'account_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: accountRef(),
    kind: text('kind', { enum: ['account', 'ticket', 'milestone', 'integration'] }).notNull(),
    itemKey: text('item_key').notNull().default(''),
    validFrom: timestamptz('valid_from').notNull(),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    /** What the event set: the fields it named (traits as a patch, null removing one). */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('idx_account_history_as_of').on(t.accountId, t.kind, t.itemKey, t.validFrom)],
);

/** What CSMs and admins write down about an account: plain text, kept verbatim, never edited. */
export const accountNotes = pgTable(
  'account_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: accountRef(),
    /** The writer's token `sub`. */
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    index('idx_account_notes_account_created').on(t.accountId, t.createdAt, t.id),
    check('account_notes_body_length', sql`char_length(${t.body}) between 1 and 10000`),
  ],
);
