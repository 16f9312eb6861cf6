/** The live pipeline: the event log, webhook receipts, dirty marks, scheduled jobs and stream tickets. */
import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';

/**
 * The durable event log behind `GET /api/events`. Ids are handed out under a transaction-level
 * advisory lock, so they commit in id order and a reader that follows `id > last` never skips one.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type', {
      enum: ['customer_health_update', 'churn_alert', 'intervention_update', 'status_update', 'history_rebuilt', 'scorecard_changed',
        'churn_model_changed'],
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
  /** The hash of the bearer token it was exchanged for (`Principal.tokenId`): the stream quota counts per token. */
  tokenId: text('token_id'),
  /** When the bearer token it was exchanged for expires: the stream closes then. */
  tokenExpiresAt: timestamptz('token_expires_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
});
