import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/index';
import { firstSeen, type ApplyResult, type InboundEvent } from './ingest';
import type { ScorePipeline } from './score-pipeline';

type Activity = Extract<InboundEvent, { type: 'user.login' | 'feature.used' | 'session.ended' }>;
const ACTIVITY_TYPES = new Set<InboundEvent['type']>(['user.login', 'feature.used', 'session.ended']);
const isActivity = (event: InboundEvent): event is Activity => ACTIVITY_TYPES.has(event.type);

interface Pending {
  deliveryId: string | null;
  event: Activity;
  resolve(result: ApplyResult): void;
  reject(error: unknown): void;
}

export interface IngestBatcherOptions {
  /** How long the first event of a batch waits for company. */
  maxDelayMs?: number;
  maxBatch?: number;
}

/**
 * Group commit for the bulk of inbound traffic (logins, feature use, sessions): events that
 * arrive within a couple of milliseconds of each other are stored by one statement, and each
 * request is answered when that statement has committed, so durability is unchanged and the
 * per-statement cost (planning, WAL flush, round trip) is shared. Every other type, and any
 * batch that fails, goes through the one-event path, so one bad event cannot fail the others.
 */
export class IngestBatcher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    private readonly pipeline: ScorePipeline,
    options: IngestBatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 2;
    this.maxBatch = options.maxBatch ?? 500;
  }

  submit(deliveryId: string | null, event: InboundEvent): Promise<ApplyResult> {
    if (!isActivity(event)) return this.pipeline.accept(this.db.orm, deliveryId, event);
    return new Promise((resolve, reject) => {
      this.pending.push({ deliveryId, event, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    applyActivityBatch(this.db.orm, batch).then(
      (applied) => batch.forEach((p, i) => p.resolve({ applied: applied.has(i) })),
      () => {
        for (const p of batch) this.pipeline.accept(this.db.orm, p.deliveryId, p.event).then(p.resolve, p.reject);
      },
    );
  }
}

/**
 * One statement for a batch of activity: receipts (the first of several deliveries of one id
 * wins; ids seen before write nothing), unknown accounts created, dirty marks, seats (latest
 * login per user) and activity rows. Returns the positions that were applied.
 */
async function applyActivityBatch(executor: Executor, batch: readonly Pick<Pending, 'deliveryId' | 'event'>[]): Promise<Set<number>> {
  const input = batch.map(({ deliveryId, event }, n) => ({
    n,
    webhook_id: deliveryId,
    type: event.type,
    account_id: event.data.account_id,
    user_id: event.data.user_id ?? null,
    email: event.type === 'user.login' ? (event.data.email ?? null) : null,
    name: event.type === 'user.login' ? (event.data.name ?? null) : null,
    feature: event.type === 'feature.used' ? event.data.feature : null,
    duration_seconds: event.type === 'session.ended' ? event.data.duration_seconds : null,
    occurred_at: event.timestamp,
  }));
  const rows = await queryRows<{ n: number }>(
    executor,
    sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(
        n int, webhook_id text, type text, account_id text, user_id text, email text, name text,
        feature text, duration_seconds int, occurred_at timestamptz)
    ),
    first_delivery as (
      select distinct on (webhook_id) n, webhook_id from input where webhook_id is not null order by webhook_id, n
    ),
    receipt as (
      insert into webhook_receipts (webhook_id, event_type, account_id)
      select f.webhook_id, i.type, i.account_id from first_delivery f join input i using (n)
      on conflict (webhook_id) do nothing
      returning webhook_id
    ),
    fresh as (
      select i.* from input i
      where i.webhook_id is null
         or i.n in (select f.n from first_delivery f join receipt r using (webhook_id))
    ),
    ${firstSeen(sql`select account_id, occurred_at as at from fresh`)},
    dirty as (insert into dirty_accounts (account_id) select account_id from fresh),
    seat as (
      insert into account_users (account_id, user_id, email, name, last_login_at, created_at)
      select account_id, user_id, max(email), max(name), max(occurred_at), min(occurred_at)
      from fresh where type = 'user.login' group by account_id, user_id
      on conflict (account_id, user_id) do update set
        last_login_at = greatest(account_users.last_login_at, excluded.last_login_at),
        created_at = least(account_users.created_at, excluded.created_at),
        email = coalesce(excluded.email, account_users.email),
        name = coalesce(excluded.name, account_users.name)
    ),
    activity as (
      insert into activity_events (account_id, user_id, kind, feature, duration_seconds, occurred_at)
      select account_id, user_id,
             case type when 'user.login' then 'login' when 'feature.used' then 'feature_use' else 'session' end,
             feature, duration_seconds, occurred_at
      from fresh
    )
    select n from fresh`,
  );
  return new Set(rows.map((r) => Number(r.n)));
}
