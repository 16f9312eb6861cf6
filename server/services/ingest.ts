/**
 * Customer activity coming in: the inbound event types (signed webhooks and NDJSON import share
 * them), their validation, and how each one changes the stored data. An event is applied
 * together with its receipt, so a retried delivery changes nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Executor } from '../db/index';
import { ApiError } from '../errors';
import { statusUpdateEvent } from '../live/builders';
import type { LiveEventInput } from '../live/events';
import { dayText, instantText, rejectUnstorableText } from '../validation';
import type { HistoryKind } from '../domain/history';
import { accountState, refoldHistory, ticketState } from './history';

const accountId = z.string().min(1).max(200);
const userId = z.string().min(1).max(200);
const isoDate = dayText;
const instant = instantText;
const money = z.number().finite().min(0).max(1e10);
/** A count stored in an integer column. */
const count = z.number().int().min(0).max(2_147_483_647);

const accountFields = {
  name: z.string().min(1).max(500),
  plan: z.string().min(1).max(100).optional(),
  mrr: money.optional(),
  acquisition_cost: money.optional(),
  contract_end_date: isoDate.nullable().optional(),
  csm_owner: z.string().max(320).nullable().optional(),
  contact_name: z.string().max(500).nullable().optional(),
  contact_email: z.string().max(320).nullable().optional(),
  lifecycle_stage: z.enum(['onboarding', 'adoption', 'expansion', 'renewal']).optional(),
  client_count: count.optional(),
  custom_fields_used: count.optional(),
  customer_since: isoDate.optional(),
  traits: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a trait name starts with a letter: letters, digits and _ (at most 64)'),
      z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]),
    )
    .refine((traits) => Object.keys(traits).length <= 100, 'at most 100 traits')
    .optional(),
};

const ticketFields = {
  ticket_id: z.string().min(1).max(200),
  status: z.enum(['open', 'in_progress', 'resolved', 'closed']).optional(),
  priority: z.enum(['low', 'medium', 'high', 'urgent']).optional(),
  escalated: z.boolean().optional(),
  satisfaction_rating: z.number().int().min(1).max(5).nullable().optional(),
  response_time_hours: z.number().finite().min(0).nullable().optional(),
  resolution_time_hours: z.number().finite().min(0).nullable().optional(),
};

const event = <T extends string, S extends z.ZodRawShape>(type: T, data: S) =>
  z.object({
    type: z.literal(type),
    timestamp: instant,
    data: z.object({ account_id: accountId, ...data }),
  });

export const inboundEventSchema = z.discriminatedUnion('type', [
  event('account.upserted', accountFields),
  event('user.login', { user_id: userId, email: z.string().max(320).optional(), name: z.string().max(500).optional() }),
  event('feature.used', { user_id: userId.optional(), feature: z.string().min(1).max(200) }),
  event('session.ended', { user_id: userId.optional(), duration_seconds: z.number().int().min(0).max(86_400 * 7) }),
  event('support.ticket.created', {
    ...ticketFields,
    subject: z.string().min(1).max(1000),
    interaction_type: z.enum(['ticket', 'chat', 'email', 'phone', 'meeting', 'training']).optional(),
  }),
  event('support.ticket.updated', { ...ticketFields, subject: z.string().min(1).max(1000).optional() }),
  event('milestone.updated', {
    milestone_key: z.string().min(1).max(200),
    status: z.enum(['pending', 'in_progress', 'completed', 'skipped']),
    progress_percentage: z.number().int().min(0).max(100).optional(),
  }),
  event('integration.connected', { integration: z.string().min(1).max(200) }),
  event('integration.disconnected', { integration: z.string().min(1).max(200) }),
  event('payment.succeeded', { amount: money }),
  event('payment.failed', { amount: money }),
  event('nps.response', { user_id: userId.optional(), score: z.number().int().min(0).max(10), comment: z.string().max(5000).optional() }),
  event('contract.updated', {
    contract_end_date: isoDate.nullable(),
    mrr: money.optional(),
    plan: z.string().min(1).max(100).optional(),
  }),
  event('account.churned', { churned_at: instant.optional() }),
]);

export type InboundEvent = z.infer<typeof inboundEventSchema>;
export const INBOUND_EVENT_TYPES = inboundEventSchema.options.map((o) => o.shape.type.value);

/** Parses an event, or a 400 naming each offending field. */
export function parseInboundEvent(input: unknown): InboundEvent {
  const result = inboundEventSchema.safeParse(input);
  if (!result.success) throw ApiError.fromZod(result.error);
  rejectUnstorableText(result.data, 'body');
  return result.data;
}

export interface ApplyResult {
  /** False when this delivery id was applied before: nothing changed. */
  applied: boolean;
}

type LifecycleEvent = Extract<InboundEvent, { type: 'account.upserted' | 'account.churned' }>;

/** Account upserts and churn: they change the lifecycle stage, which is a live `status_update`. */
export const changesLifecycle = (event: InboundEvent): event is LifecycleEvent =>
  event.type === 'account.upserted' || event.type === 'account.churned';

/**
 * Records the delivery and applies the event. The receipt's primary key makes a retry a no-op,
 * also when two deliveries of one id race. Activity is one statement (a single round trip,
 * atomic without a transaction); a lifecycle change is two, so the caller runs it in a
 * transaction, and gets back its live events to append there (the score pipeline does both).
 * An event older than history rows already stored for what it changes arrived late: it is
 * stored in a transaction of its own with the re-fold of those rows (docs/history.md, "Late
 * events"); a lifecycle change re-folds in the caller's. An event for an account not yet known
 * creates it with its id as the name (activity often arrives before the host's
 * `account.upserted`, and nothing may be dropped); the account's next upsert fills it in.
 */
export async function applyInboundEvent(
  executor: Executor,
  deliveryId: string | null,
  event: InboundEvent,
): Promise<ApplyResult & { events: LiveEventInput[] }> {
  try {
    const id = event.data.account_id;
    if (changesLifecycle(event)) {
      const { fresh, later } = await record(executor, deliveryId, event, null, false);
      if (!fresh) return { applied: false, events: [] };
      const { events, since } = await applyLifecycle(executor, event);
      // A state-since row lies before the upsert's own row, so it is late for whatever follows it.
      if (later || since) await refoldHistory(executor, id, 'account', '');
      return { applied: true, events };
    }
    const effects = activityEffects(event);
    const inOrder = await record(executor, deliveryId, event, effects, true);
    if (inOrder.fresh || !inOrder.later) return { applied: inOrder.fresh, events: [] };
    // Late (a later history row exists, so nothing was written): store it and re-fold what follows,
    // together. The account's lock first, so two late events of one account re-fold one after the other.
    const applied = await executor.transaction(async (tx) => {
      await tx.execute(sql`select 1 from accounts where id = ${id} for update`);
      const { fresh, later } = await record(tx, deliveryId, event, effects, false);
      if (fresh && later) await refoldHistory(tx, id, later.kind, later.item_key);
      return fresh;
    });
    return { applied, events: [] };
  } catch (error) {
    throw asFieldError(error, event);
  }
}

/** A history row later than the event, of the account or item the event changes. */
interface LaterRow {
  kind: HistoryKind;
  item_key: string;
}

/**
 * The receipt, the account (created if unknown, with what the event says about it), the dirty
 * mark and the event's own rows, in one statement. Every write is gated on `fresh`, so a
 * duplicate delivery writes nothing. Foreign keys are checked at the end of the statement, so
 * the rows may reference an account created in it. It also finds a history row of what the
 * event changes dated after it (`later`): `inOrderOnly` then writes nothing at all (not even the
 * receipt), for the caller to store the event with the re-fold it needs in one transaction.
 */
async function record(
  executor: Executor,
  deliveryId: string | null,
  event: InboundEvent,
  effects: SQL | null,
  inOrderOnly: boolean,
): Promise<{ fresh: boolean; later: LaterRow | null }> {
  const id = event.data.account_id;
  const onTime = inOrderOnly ? sql`not exists (select 1 from later) and` : sql``;
  const [row] = await queryRows<{ fresh: boolean; kind: HistoryKind | null; item_key: string | null }>(
    executor,
    sql`
    with later as (${laterRow(event)}),
    receipt as (
      insert into webhook_receipts (webhook_id, event_type, account_id)
      select ${deliveryId}, ${event.type}, ${id} where ${onTime} ${deliveryId}::text is not null
      on conflict (webhook_id) do nothing
      returning 1
    ),
    fresh as (select ${onTime} (${deliveryId}::text is null or exists (select 1 from receipt)) as fresh),
    ${accountWrite(event)},
    -- No NOTIFY: PostgreSQL serialises the commits of notifying transactions. The receiving
    -- instance wakes its rescore worker in-process after commit; the others poll.
    dirty as (insert into dirty_accounts (account_id) select ${id} from fresh where fresh.fresh)
    ${effects ? sql`, ${effects}` : sql``}
    select fresh.fresh, later.kind, later.item_key from fresh left join later on true`,
  );
  return { fresh: row?.fresh === true, later: row?.kind ? { kind: row.kind, item_key: row.item_key ?? '' } : null };
}

/**
 * The history row, if any, of the account or item the event changes that is dated after it (an
 * index range: the in-order case finds none). Events without history: none.
 */
function laterRow(event: InboundEvent): SQL {
  const d = event.data;
  const after = (kind: HistoryKind, itemKey: SQL) => sql`
    select h.kind, h.item_key from account_history h
    where h.account_id = ${d.account_id} and h.kind = ${kind} and h.item_key = ${itemKey} and h.valid_from > ${event.timestamp}::timestamptz
    limit 1`;
  switch (event.type) {
    case 'account.upserted':
    case 'account.churned':
    case 'payment.succeeded':
    case 'payment.failed':
    case 'contract.updated':
      return after('account', sql`''`);
    case 'support.ticket.created':
    case 'support.ticket.updated':
      return after('ticket', sql`(select s.id::text from support_interactions s where s.account_id = ${d.account_id} and s.external_id = ${event.data.ticket_id})`);
    case 'milestone.updated':
      return after('milestone', sql`${event.data.milestone_key}`);
    case 'integration.connected':
    case 'integration.disconnected':
      return after('integration', sql`${event.data.integration}`);
    default:
      return sql`select null::text as kind, null::text as item_key where false`;
  }
}

/**
 * The account row: created if unknown (first seen at the event's time, or earlier when an older
 * event arrives late), and for payments and contracts updated in the same step, with the new
 * state appended to its history at the event's time.
 */
function accountWrite(event: InboundEvent): SQL {
  const id = event.data.account_id;
  const at = event.timestamp;
  const history = (changes: SQL) => sql`, ${historyOf(at, sql`select id, state from account`, changes)}`;
  switch (event.type) {
    case 'payment.succeeded':
    case 'payment.failed': {
      const status = event.type === 'payment.succeeded' ? 'current' : 'failed';
      return sql`account as (insert into accounts (id, name, payment_status, first_seen_at)
        select ${id}, ${id}, ${status}, ${at}::timestamptz from fresh where fresh.fresh
        on conflict (id) do update set payment_status = excluded.payment_status,
          first_seen_at = least(accounts.first_seen_at, excluded.first_seen_at), updated_at = now()
        returning id, ${accountState('accounts')} as state)${history(sql`jsonb_build_object('payment_status', ${status}::text)`)}`;
    }
    case 'contract.updated': {
      const d = event.data;
      return sql`account as (insert into accounts (id, name, contract_end_date, mrr, plan, first_seen_at)
        select ${id}, ${id}, ${d.contract_end_date}::date, coalesce(${d.mrr ?? null}::numeric, 0), coalesce(${d.plan ?? null}, 'standard'),
          ${at}::timestamptz
        from fresh where fresh.fresh
        on conflict (id) do update set contract_end_date = excluded.contract_end_date,
          mrr = coalesce(${d.mrr ?? null}::numeric, accounts.mrr), plan = coalesce(${d.plan ?? null}, accounts.plan),
          first_seen_at = least(accounts.first_seen_at, excluded.first_seen_at), updated_at = now()
        returning id, ${accountState('accounts')} as state)${history(sql`jsonb_build_object('contract_end_date', ${d.contract_end_date}::date)
          || jsonb_strip_nulls(jsonb_build_object('mrr', ${d.mrr ?? null}::numeric(14, 2), 'plan', ${d.plan ?? null}::text))`)}`;
    }
    default:
      return firstSeen(sql`select ${id} as account_id, ${at}::timestamptz as at from fresh where fresh.fresh`);
  }
}

/**
 * Creates the accounts of `seen` (account_id, at) unknown so far, first seen then, and moves
 * back the first sighting of known ones when an older event arrives late. The update touches
 * (and locks) an account row only in that rare case, so concurrent activity does not queue.
 */
export function firstSeen(seen: SQL): SQL {
  return sql`seen as (select account_id, min(at) as at from (${seen}) s group by account_id),
    account as (
      insert into accounts (id, name, first_seen_at) select account_id, account_id, at from seen
      on conflict (id) do nothing
    ),
    earlier as (
      update accounts set first_seen_at = seen.at from seen
      where accounts.id = seen.account_id and accounts.first_seen_at > seen.at
    )`;
}

/** The rows activity events add, as CTEs gated on `fresh`; null when the account write is all. */
function activityEffects(event: Exclude<InboundEvent, LifecycleEvent>): SQL | null {
  const at = event.timestamp;
  const gate = sql`from fresh where fresh.fresh`;
  switch (event.type) {
    case 'user.login': {
      const d = event.data;
      return sql`
        seat as (
          insert into account_users (account_id, user_id, email, name, last_login_at, created_at)
          select ${d.account_id}, ${d.user_id}, ${d.email ?? null}, ${d.name ?? null}, ${at}::timestamptz, ${at}::timestamptz ${gate}
          on conflict (account_id, user_id) do update set
            last_login_at = greatest(account_users.last_login_at, excluded.last_login_at),
            created_at = least(account_users.created_at, excluded.created_at),
            email = coalesce(excluded.email, account_users.email),
            name = coalesce(excluded.name, account_users.name)
        ),
        activity as (
          insert into activity_events (account_id, user_id, kind, occurred_at)
          select ${d.account_id}, ${d.user_id}, 'login', ${at}::timestamptz ${gate}
        )`;
    }
    case 'feature.used':
      return sql`activity as (
        insert into activity_events (account_id, user_id, kind, feature, occurred_at)
        select ${event.data.account_id}, ${event.data.user_id ?? null}, 'feature_use', ${event.data.feature}, ${at}::timestamptz ${gate})`;
    case 'session.ended':
      return sql`activity as (
        insert into activity_events (account_id, user_id, kind, duration_seconds, occurred_at)
        select ${event.data.account_id}, ${event.data.user_id ?? null}, 'session', ${event.data.duration_seconds}, ${at}::timestamptz ${gate})`;
    case 'support.ticket.created':
    case 'support.ticket.updated': {
      const d = event.data;
      // Upsert either way: webhooks may arrive out of order, and an update may be the first we hear.
      return sql`ticket as (
        insert into support_interactions (account_id, external_id, interaction_type, subject, status, priority,
          escalated, satisfaction_rating, response_time_hours, resolution_time_hours, created_at, updated_at)
        select ${d.account_id}, ${d.ticket_id}, ${('interaction_type' in d ? d.interaction_type : undefined) ?? 'ticket'},
          ${d.subject ?? d.ticket_id}, ${d.status ?? 'open'}, ${d.priority ?? 'medium'}, ${d.escalated ?? false},
          ${d.satisfaction_rating ?? null}::smallint, ${d.response_time_hours ?? null}::float8, ${d.resolution_time_hours ?? null}::float8,
          ${at}::timestamptz, ${at}::timestamptz ${gate}
        on conflict (account_id, external_id) do update set
          subject = coalesce(${d.subject ?? null}, support_interactions.subject),
          status = coalesce(${d.status ?? null}, support_interactions.status),
          priority = coalesce(${d.priority ?? null}, support_interactions.priority),
          escalated = coalesce(${d.escalated ?? null}::boolean, support_interactions.escalated),
          satisfaction_rating = coalesce(${d.satisfaction_rating ?? null}::smallint, support_interactions.satisfaction_rating),
          response_time_hours = coalesce(${d.response_time_hours ?? null}::float8, support_interactions.response_time_hours),
          resolution_time_hours = coalesce(${d.resolution_time_hours ?? null}::float8, support_interactions.resolution_time_hours),
          created_at = least(support_interactions.created_at, excluded.created_at),
          updated_at = greatest(support_interactions.updated_at, excluded.updated_at)
        returning id, account_id, ${ticketState('support_interactions')} as state),
      ticket_state as (
        insert into account_history (account_id, kind, item_key, valid_from, state, changes)
        select account_id, 'ticket', id::text, ${at}::timestamptz, state,
          jsonb_strip_nulls(jsonb_build_object('status', ${d.status ?? null}::text, 'escalated', ${d.escalated ?? null}::boolean,
            'satisfaction_rating', ${d.satisfaction_rating ?? null}::smallint, 'response_time_hours', ${d.response_time_hours ?? null}::float8,
            'resolution_time_hours', ${d.resolution_time_hours ?? null}::float8))
        from ticket)`;
    }
    case 'milestone.updated': {
      const d = event.data;
      const progress = d.progress_percentage ?? (d.status === 'completed' ? 100 : 0);
      return sql`milestone as (
        insert into account_milestones (account_id, milestone_key, status, progress_percentage, completed_at)
        select ${d.account_id}, ${d.milestone_key}, ${d.status}, ${progress}, ${d.status === 'completed' ? at : null}::timestamptz ${gate}
        on conflict (account_id, milestone_key) do update set
          status = excluded.status, progress_percentage = excluded.progress_percentage,
          completed_at = case when excluded.status = 'completed'
            then coalesce(account_milestones.completed_at, excluded.completed_at) end
        returning account_id, milestone_key, status),
      milestone_state as (
        insert into account_history (account_id, kind, item_key, valid_from, state, changes)
        select account_id, 'milestone', milestone_key, ${at}::timestamptz, jsonb_build_object('status', status), jsonb_build_object('status', status)
        from milestone)`;
    }
    case 'integration.connected':
    case 'integration.disconnected': {
      const connected = event.type === 'integration.connected';
      return sql`integration as (
        insert into integrations (account_id, provider, status, connected_at, disconnected_at)
        select ${event.data.account_id}, ${event.data.integration}, ${connected ? 'connected' : 'disconnected'},
          ${connected ? at : null}::timestamptz, ${connected ? null : at}::timestamptz ${gate}
        on conflict (account_id, provider) do update set
          status = excluded.status,
          connected_at = coalesce(excluded.connected_at, integrations.connected_at),
          disconnected_at = excluded.disconnected_at
        returning account_id, provider, status),
      integration_state as (
        insert into account_history (account_id, kind, item_key, valid_from, state, changes)
        select account_id, 'integration', provider, ${at}::timestamptz, jsonb_build_object('status', status), jsonb_build_object('status', status)
        from integration)`;
    }
    case 'payment.succeeded':
    case 'payment.failed':
      return sql`payment as (
        insert into payments (account_id, amount, status, occurred_at)
        select ${event.data.account_id}, ${event.data.amount}, ${event.type === 'payment.succeeded' ? 'succeeded' : 'failed'}, ${at}::timestamptz ${gate})`;
    case 'nps.response':
      return sql`nps as (
        insert into nps_responses (account_id, user_id, score, comment, responded_at)
        select ${event.data.account_id}, ${event.data.user_id ?? null}, ${event.data.score}, ${event.data.comment ?? null}, ${at}::timestamptz ${gate})`;
    case 'contract.updated':
      return null;
  }
}

/**
 * The lifecycle change and its `status_update`, when the stage moved; `since`: a state-since row
 * was added before the event.
 */
async function applyLifecycle(tx: Executor, event: LifecycleEvent): Promise<{ events: LiveEventInput[]; since: boolean }> {
  const at = event.timestamp;
  if (event.type === 'account.upserted') {
    const d = event.data;
    const traits = Object.entries(d.traits ?? {});
    const setTraits = Object.fromEntries(traits.filter(([, value]) => value !== null));
    const removeTraits = traits.filter(([, value]) => value === null).map(([key]) => key);
    const changes = sql`jsonb_strip_nulls(jsonb_build_object('plan', ${d.plan ?? null}::text, 'mrr', ${d.mrr ?? null}::numeric(14, 2),
        'lifecycle_stage', ${d.lifecycle_stage ?? null}::text, 'client_count', ${d.client_count ?? null}::int,
        'custom_fields_used', ${d.custom_fields_used ?? null}::int, 'customer_since', ${d.customer_since ?? null}::date))
      || ${d.contract_end_date === undefined ? sql`'{}'::jsonb` : sql`jsonb_build_object('contract_end_date', ${d.contract_end_date}::date)`}
      || ${d.traits === undefined ? sql`'{}'::jsonb` : sql`jsonb_build_object('traits', ${JSON.stringify(d.traits)}::jsonb)`}`;
    const [row] = await queryRows<{ name: string; before: string; after: string; since: boolean }>(
      tx,
      sql`
      with before as (select lifecycle_stage as previous_stage from accounts where id = ${d.account_id} for update),
      updated as (update accounts set
        name = ${d.name},
        plan = coalesce(${d.plan ?? null}, plan),
        mrr = coalesce(${d.mrr ?? null}::numeric, mrr),
        acquisition_cost = coalesce(${d.acquisition_cost ?? null}::numeric, acquisition_cost),
        contract_end_date = case when ${d.contract_end_date !== undefined} then ${d.contract_end_date ?? null}::date else contract_end_date end,
        csm_owner = case when ${d.csm_owner !== undefined} then ${d.csm_owner ?? null} else csm_owner end,
        contact_name = case when ${d.contact_name !== undefined} then ${d.contact_name ?? null} else contact_name end,
        contact_email = case when ${d.contact_email !== undefined} then ${d.contact_email ?? null} else contact_email end,
        -- Not over a stage a newer event set (a late upsert): the re-fold would put it back, after a false status_update.
        lifecycle_stage = case when churned_at is null and not exists (select 1 from account_history h
            where h.account_id = ${d.account_id} and h.kind = 'account' and h.valid_from > ${at}::timestamptz and h.changes ? 'lifecycle_stage')
          then coalesce(${d.lifecycle_stage ?? null}, lifecycle_stage) else lifecycle_stage end,
        client_count = coalesce(${d.client_count ?? null}::int, client_count),
        custom_fields_used = coalesce(${d.custom_fields_used ?? null}::int, custom_fields_used),
        customer_since = coalesce(${d.customer_since ?? null}::date, customer_since),
        first_seen_at = least(first_seen_at, ${d.customer_since ?? null}::date::timestamp at time zone 'UTC'),
        traits = (traits || ${JSON.stringify(setTraits)}::jsonb) - ${sql.param(removeTraits)}::text[],
        updated_at = now()
      from before
      where id = ${d.account_id}
      returning accounts.*, before.previous_stage as before),
      ${historyOf(at, updatedStates, changes)},
      ${stateSince(d.customer_since ?? null, at, changes)}
      select name, before, lifecycle_stage as after, exists (select 1 from since_state) as since from updated`,
    );
    const events = row && row.before !== row.after ? [statusUpdate(d.account_id, row.name, row.after, row.before, null)] : [];
    return { events, since: row?.since === true };
  }
  const churnedAt = event.data.churned_at ?? at;
  const [row] = await queryRows<{ name: string; before: string }>(
    tx,
    sql`
    with before as (select lifecycle_stage as previous_stage from accounts where id = ${event.data.account_id} for update),
    updated as (update accounts set churned_at = ${churnedAt}, lifecycle_stage = 'churned', updated_at = now()
      from before where id = ${event.data.account_id}
      returning accounts.*, before.previous_stage as before),
    ${historyOf(at, updatedStates, sql`'{"lifecycle_stage": "churned"}'::jsonb`)}
    select name, before from updated`,
  );
  const events = row ? [statusUpdate(event.data.account_id, row.name, 'churned', row.before, new Date(churnedAt).toISOString())] : [];
  return { events, since: false };
}

/** Appends to their history, at `at`, the accounts' states `source` selects (`id`, `state`), with what the event set. */
const historyOf = (at: string, source: SQL, changes: SQL): SQL => sql`account_state as (
  insert into account_history (account_id, kind, valid_from, state, changes)
  select id, 'account', ${at}::timestamptz, state, ${changes} from (${source}) written)`;

/** The accounts an `updated` CTE returned, with their historised state. */
const updatedStates = sql`select id, ${accountState('updated')} as state from updated`;

/**
 * A host's first word about an account it has had since `customer_since` (a table exported today,
 * a host connecting its existing customers): the state it sends describes the account from that
 * day on, when nothing dated earlier says otherwise. Without it, every instant before the event
 * would know the account existed (its tenure) but nothing about it; the churn model's examples
 * (docs/churn-model.md, "Customer tables") need the two to agree.
 */
const stateSince = (customerSince: string | null, at: string, changes: SQL): SQL => sql`since_state as (
  insert into account_history (account_id, kind, valid_from, state, changes)
  select u.id, 'account', ${customerSince}::date::timestamp at time zone 'UTC', ${accountState('u')}, ${changes}
  from updated u
  where ${customerSince}::date::timestamp at time zone 'UTC' < ${at}::timestamptz
    and not exists (select 1 from account_history h where h.account_id = u.id and h.kind = 'account'
                    and h.valid_from <= ${customerSince}::date::timestamp at time zone 'UTC')
  returning 1)`;

function statusUpdate(accountId: string, name: string, stage: string, previous: string | null, churnedAt: string | null): LiveEventInput {
  return statusUpdateEvent({
    account_id: accountId,
    company_name: name,
    lifecycle_stage: stage,
    previous_lifecycle_stage: previous,
    churned_at: churnedAt,
  });
}

/** A foreign key the sender named wrongly (an unknown milestone type) is their error, not ours. */
function asFieldError(error: unknown, event: InboundEvent): unknown {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (code === '23503' && event.type === 'milestone.updated') {
    return new ApiError(400, 'invalid_request', `data.milestone_key: unknown milestone type '${event.data.milestone_key}'`, [
      { field: 'data.milestone_key', message: `unknown milestone type '${event.data.milestone_key}'` },
    ]);
  }
  return error;
}
