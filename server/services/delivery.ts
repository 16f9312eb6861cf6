/**
 * Delivers the alert outbox (`alert_deliveries`) and the intervention email outbox
 * (`email_outbox`, see `automated-email.ts`) the same way. A pass claims due rows with FOR UPDATE SKIP
 * LOCKED, so several instances share the work, and takes a lease by pushing `next_attempt_at`
 * forward before sending: a worker that dies mid-send leaves a row another picks up once the
 * lease runs out (at-least-once; receivers de-duplicate by the stable delivery id). Failures back
 * off exponentially; after the last attempt a row becomes `failed` and stays visible.
 */
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import { eq, sql } from 'drizzle-orm';
import type { AppConfig, Clock } from '../config';
import { queryRows, type Db, type Executor } from '../db/index';
import { interventionActivity, interventions } from '../db/schema';
import { backoffMs, type DeliveryChannel } from '../domain/alerts';
import { escapeHtml } from '../domain/templates';
import { interventionEvent } from '../live/builders';
import type { ScorePipeline } from './score-pipeline';

export interface DeliveryDeps {
  db: Db;
  config: AppConfig;
  clock: Clock;
}

export interface DeliveryOptions {
  /** How often to look for due deliveries. */
  pollIntervalMs?: number;
  /** Rows claimed per pass. */
  batchSize?: number;
  /** Attempts before a delivery is `failed`. */
  maxAttempts?: number;
  /** The wait after the first failure; doubled after each further one, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed row is reserved for its sender before another worker may retry it. */
  leaseMs?: number;
  /** Per request (HTTP) or connection (SMTP) timeout. */
  requestTimeoutMs?: number;
  /** Where a pass that failed as a whole (database down) is reported; the loop goes on. */
  onError?: (error: unknown) => void;
}

const DEFAULTS = {
  pollIntervalMs: 5_000,
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  leaseMs: 120_000,
  requestTimeoutMs: 10_000,
} satisfies Omit<Required<DeliveryOptions>, 'onError'>;

/** A claimed outbox row with the alert it carries. */
export interface ClaimedDelivery {
  id: string;
  channel: DeliveryChannel;
  target: string;
  attempts: number;
  alert: {
    id: string;
    rule_id: string | null;
    account_id: string;
    company_name: string;
    severity: string;
    title: string;
    message: string;
    metric: string;
    value: number;
    threshold: number;
    created_at: string;
  };
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
}

type Sender = (delivery: ClaimedDelivery, now: Date) => Promise<void>;

type Outbox = 'alert_deliveries' | 'email_outbox';

/** A row whose last allowed attempt never reported back (its worker died) has nothing left to try. */
async function expireUnfinished(executor: Executor, outbox: Outbox, at: string, maxAttempts: number) {
  await executor.execute(sql`
    update ${sql.identifier(outbox)} set status = 'failed',
      last_error = coalesce(last_error || '; ', '') || 'the last attempt did not finish'
    where status = 'pending' and attempts >= ${maxAttempts} and next_attempt_at <= ${at}::timestamptz`);
}

/** Claims up to `batchSize` due rows, leasing them for `leaseMs`; their attempt is counted now. */
export async function claimDue(db: Db, now: Date, options: DeliveryOptions = {}): Promise<ClaimedDelivery[]> {
  const o = { ...DEFAULTS, ...options };
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + o.leaseMs).toISOString();
  await expireUnfinished(db.orm, 'alert_deliveries', at, o.maxAttempts);
  const rows = await queryRows<{
    id: string;
    channel: DeliveryChannel;
    target: string;
    attempts: number;
    alert: ClaimedDelivery['alert'];
  }>(
    db.orm,
    sql`
    update alert_deliveries d
    set attempts = d.attempts + 1, last_attempt_at = ${at}::timestamptz, next_attempt_at = ${leaseUntil}::timestamptz
    from alerts a
    where a.id = d.alert_id and d.id in (
      select id from alert_deliveries
      where status = 'pending' and next_attempt_at <= ${at}::timestamptz and attempts < ${o.maxAttempts}
      order by next_attempt_at, id
      limit ${o.batchSize}
      for update skip locked)
    returning d.id, d.channel, d.target, d.attempts,
      jsonb_build_object('id', a.id, 'rule_id', a.rule_id, 'account_id', a.account_id, 'company_name', a.company_name,
        'severity', a.severity, 'title', a.title, 'message', a.message, 'metric', a.metric, 'value', a.value,
        'threshold', a.threshold, 'created_at', a.created_at) as alert`,
  );
  return rows.map((r) => ({
    ...r,
    attempts: Number(r.attempts),
    alert: { ...r.alert, created_at: new Date(r.alert.created_at).toISOString() },
  }));
}

/** Records an attempt's result, unless the lease was lost meanwhile (another worker owns the row). */
async function record(
  executor: Executor,
  outbox: Outbox,
  d: { id: string; attempts: number },
  now: Date,
  error: unknown,
  o: typeof DEFAULTS,
): Promise<keyof PassResult | null> {
  const at = now.toISOString();
  if (error === null) {
    const rows = await queryRows<{ id: string }>(
      executor,
      sql`update ${sql.identifier(outbox)} set status = 'sent', sent_at = ${at}::timestamptz, last_error = null
          where id = ${d.id} and attempts = ${d.attempts} and status = 'pending' returning id`,
    );
    return rows.length > 0 ? 'sent' : null;
  }
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  const giveUp = d.attempts >= o.maxAttempts;
  const next = new Date(now.getTime() + backoffMs(d.attempts, o.baseDelayMs, o.maxDelayMs)).toISOString();
  const rows = await queryRows<{ id: string }>(
    executor,
    sql`update ${sql.identifier(outbox)}
        set status = ${giveUp ? 'failed' : 'pending'}, last_error = ${message},
            next_attempt_at = ${giveUp ? at : next}::timestamptz
        where id = ${d.id} and attempts = ${d.attempts} and status = 'pending' returning id`,
  );
  return rows.length === 0 ? null : giveUp ? 'failed' : 'retried';
}

/** Senders for every channel, from the configuration (one SMTP transport per worker). */
function createSenders(config: AppConfig, requestTimeoutMs = DEFAULTS.requestTimeoutMs) {
  const channels = config.alertChannels;
  const mailer = channels.smtp
    ? nodemailer.createTransport({
        url: channels.smtp.url,
        connectionTimeout: requestTimeoutMs,
        greetingTimeout: requestTimeoutMs,
        socketTimeout: requestTimeoutMs,
      })
    : null;
  const webhook = channels.webhook ? new Webhook(channels.webhook.secret) : null;

  const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'retention-kit-alerts', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`);
    await res.body?.cancel();
  };

  const senders: Record<DeliveryChannel, Sender> = {
    email: async (d) => {
      if (!mailer || !channels.smtp) throw new Error('no SMTP server configured');
      const a = d.alert;
      await mailer.sendMail({
        from: channels.smtp.from,
        to: d.target,
        subject: `[${a.severity}] ${a.title}: ${a.company_name}`.replace(/[\r\n]+/g, ' '),
        text: `${a.title}\n\n${a.company_name} (${a.account_id})\n${a.message}\n\nRaised ${a.created_at}. Alert ${a.id}.`,
        html: `<h2>${escapeHtml(a.title)}</h2><p><strong>${escapeHtml(a.company_name)}</strong> (${escapeHtml(a.account_id)})</p><p>${escapeHtml(a.message)}</p><p><small>Raised ${escapeHtml(a.created_at)}. Alert ${escapeHtml(a.id)}.</small></p>`,
        headers: { 'X-Retention-Kit-Delivery': d.id },
      });
    },
    slack: async (d) => {
      const a = d.alert;
      await post(d.target, JSON.stringify({ text: `:rotating_light: *${slackEscape(a.title)}* (${a.severity}): ${slackEscape(a.company_name)}: ${slackEscape(a.message)}` }));
    },
    sms: async (d) => {
      if (!channels.sms) throw new Error('no SMS provider configured');
      const a = d.alert;
      await post(
        channels.sms.url,
        JSON.stringify({ to: d.target, body: `${a.title}: ${a.company_name}. ${a.message}`.slice(0, 320), id: d.id }),
        channels.sms.token ? { authorization: `Bearer ${channels.sms.token}` } : {},
      );
    },
    webhook: async (d, now) => {
      if (!webhook) throw new Error('no alert webhook configured');
      const payload = JSON.stringify({ type: 'churn_alert', timestamp: now.toISOString(), data: d.alert });
      // The delivery id is the message id: stable across retries, so a receiver can de-duplicate.
      const signature = webhook.sign(d.id, now, payload);
      await post(d.target, payload, {
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      });
    },
  };
  /** One message of the intervention email outbox. */
  const mail = async (e: ClaimedEmail) => {
    if (!mailer || !channels.smtp) throw new Error('no SMTP server configured');
    await mailer.sendMail({
      from: channels.smtp.from,
      to: e.recipient,
      subject: e.subject,
      text: e.text,
      ...(e.html ? { html: e.html } : {}),
      headers: {
        'X-Retention-Kit-Delivery': e.id,
        ...(e.unsubscribe_url ? { 'List-Unsubscribe': `<${e.unsubscribe_url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      },
    });
  };
  return { senders, mail, close: () => mailer?.close() };
}

/** Slack mrkdwn control characters, escaped as Slack documents. */
const slackEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** One pass: claim what is due, send it, record each result. */
export async function deliverDue(
  deps: DeliveryDeps,
  options: DeliveryOptions = {},
  senders: Record<DeliveryChannel, Sender> = createSenders(deps.config, options.requestTimeoutMs).senders,
): Promise<PassResult> {
  const o = { ...DEFAULTS, ...options };
  const claimed = await claimDue(deps.db, deps.clock(), o);
  const result: PassResult = { sent: 0, retried: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (d) => {
      let error: unknown = null;
      try {
        await senders[d.channel](d, deps.clock());
      } catch (e) {
        error = e ?? new Error('unknown failure');
      }
      const outcome = await record(deps.db.orm, 'alert_deliveries', d, deps.clock(), error, o);
      if (outcome) result[outcome] += 1;
    }),
  );
  return result;
}

/** A claimed row of the intervention email outbox. */
export interface ClaimedEmail {
  id: string;
  kind: 'automated_email' | 'assignee_notice';
  intervention_id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  unsubscribe_url: string | null;
  attempts: number;
}

/** The email pass also moves interventions along, so it appends their live events through the pipeline. */
export interface EmailDeliveryDeps extends DeliveryDeps {
  pipeline: Pick<ScorePipeline, 'within'>;
}

/**
 * Claims due emails as `claimDue` claims alerts. An automated email whose intervention was
 * cancelled, or whose recipient unsubscribed, since it was queued fails unsent.
 */
export async function claimDueEmails(db: Db, now: Date, options: DeliveryOptions = {}): Promise<ClaimedEmail[]> {
  const o = { ...DEFAULTS, ...options };
  const at = now.toISOString();
  await expireUnfinished(db.orm, 'email_outbox', at, o.maxAttempts);
  await db.orm.execute(sql`
    update email_outbox o set status = 'failed', last_error = 'the intervention was cancelled before the email was sent'
    from interventions i
    where i.id = o.intervention_id and o.status = 'pending' and o.kind = 'automated_email' and i.status = 'cancelled'`);
  await db.orm.execute(sql`
    update email_outbox o set status = 'failed', last_error = o.recipient || ' unsubscribed before the email was sent'
    from email_unsubscribes u
    where u.email = o.recipient and o.status = 'pending' and o.kind = 'automated_email'`);
  // What expired unfinished or was cancelled shows on its intervention too.
  await db.orm.execute(sql`
    update interventions i set email_status = 'failed', email_detail = 'not sent: ' || o.last_error
    from email_outbox o
    where o.intervention_id = i.id and o.kind = 'automated_email' and o.status = 'failed' and i.email_status = 'queued'`);
  const rows = await queryRows<ClaimedEmail>(
    db.orm,
    sql`
    update email_outbox
    set attempts = attempts + 1, last_attempt_at = ${at}::timestamptz,
        next_attempt_at = ${new Date(now.getTime() + o.leaseMs).toISOString()}::timestamptz
    where id in (
      select id from email_outbox
      where status = 'pending' and next_attempt_at <= ${at}::timestamptz and attempts < ${o.maxAttempts}
      order by next_attempt_at, id
      limit ${o.batchSize}
      for update skip locked)
    returning id, kind, intervention_id, recipient, subject, text, html, unsubscribe_url, attempts`,
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/**
 * One pass over the email outbox. A delivered automated email moves its planned intervention
 * to `executed`; one that fails for good says why on the intervention. Either way in the
 * transaction that records the attempt, with the intervention's activity and live event.
 */
export async function deliverEmailsDue(
  deps: EmailDeliveryDeps,
  options: DeliveryOptions = {},
  mail: (e: ClaimedEmail) => Promise<void> = createSenders(deps.config, options.requestTimeoutMs).mail,
): Promise<PassResult> {
  const o = { ...DEFAULTS, ...options };
  const claimed = await claimDueEmails(deps.db, deps.clock(), o);
  const result: PassResult = { sent: 0, retried: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (e) => {
      let error: unknown = null;
      try {
        await mail(e);
      } catch (caught) {
        error = caught ?? new Error('unknown failure');
      }
      const now = deps.clock();
      const outcome = await deps.db.orm.transaction(async (tx) => {
        const recorded = await record(tx, 'email_outbox', e, now, error, o);
        if (e.kind === 'automated_email' && (recorded === 'sent' || recorded === 'failed')) {
          const message = error instanceof Error ? error.message : String(error);
          await settleIntervention(tx, deps.pipeline, e, now, recorded === 'sent' ? null : `failed after ${e.attempts} attempts: ${message}`.slice(0, 1000));
        }
        return recorded;
      });
      if (outcome) result[outcome] += 1;
    }),
  );
  return result;
}

/** Delivered: a planned intervention becomes executed. Failed: the reason is on it. */
async function settleIntervention(tx: Executor, pipeline: EmailDeliveryDeps['pipeline'], e: ClaimedEmail, now: Date, failure: string | null) {
  const [current] = await tx.select().from(interventions).where(eq(interventions.id, e.intervention_id)).for('update');
  if (!current) return;
  const set: Partial<typeof interventions.$inferInsert> = failure
    ? { emailStatus: 'failed', emailDetail: failure }
    : { emailStatus: 'sent', emailDetail: `sent to ${e.recipient} at ${now.toISOString()}` };
  const changes: Record<string, { from: unknown; to: unknown }> = { email_status: { from: current.emailStatus, to: set.emailStatus } };
  if (!failure && current.status === 'planned') {
    Object.assign(set, { status: 'executed', executedAt: now });
    changes.status = { from: 'planned', to: 'executed' };
    changes.executed_at = { from: null, to: now.toISOString() };
  }
  const [row] = await tx.update(interventions).set({ ...set, updatedAt: now }).where(eq(interventions.id, current.id)).returning();
  if (!row) return;
  await tx.insert(interventionActivity).values({ interventionId: row.id, accountId: row.accountId, actor: 'automation:email', action: 'updated', changes, at: now });
  await pipeline.within(tx, { events: [interventionEvent('updated', row)] });
}

export interface DeliveryWorker {
  /** Polls the outbox from now on. */
  start(): void;
  /** Waits for the pass in flight. */
  stop(): Promise<void>;
}

/**
 * Polls the outbox once started, until stopped. Pending rows survive restarts in the database,
 * so a new worker simply carries on.
 */
export function createDeliveryWorker(deps: EmailDeliveryDeps, options: DeliveryOptions = {}): DeliveryWorker {
  const o = { ...DEFAULTS, ...options };
  let senders: ReturnType<typeof createSenders> | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const loop = (channels: ReturnType<typeof createSenders>) => {
    running = (async () => {
      try {
        // Keep going while full batches come back, so a backlog drains without waiting a poll.
        for (;;) {
          const alerts = await deliverDue(deps, o, channels.senders);
          const emails = stopped ? alerts : await deliverEmailsDue(deps, o, channels.mail);
          const full = (r: PassResult) => r.sent + r.retried + r.failed >= o.batchSize;
          if (stopped || (!full(alerts) && !full(emails))) break;
        }
      } catch (error) {
        (options.onError ?? ((e: unknown) => console.error('delivery pass failed:', e)))(error);
      }
      if (!stopped) timer = setTimeout(() => loop(channels), o.pollIntervalMs);
    })();
  };

  return {
    start() {
      if (senders || stopped) return;
      senders = createSenders(deps.config, o.requestTimeoutMs);
      loop(senders);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      senders?.close();
    },
  };
}
