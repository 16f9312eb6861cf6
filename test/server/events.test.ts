import { once } from 'node:events';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { EventSource } from 'eventsource';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, schema } from '../../server/db/index';
import { LIVE_EVENT_TYPES, type LiveEventInput } from '../../server/live/events';
import { LiveHub, type SubscriberFilter } from '../../server/live/hub';
import { appendLiveEvents } from '../../server/live/log';
import { signToken } from '../../server/auth';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { buildTestApp, TEST_SECRET, TEST_WEBHOOK_SECRET, testConfig } from './support/app';
import { postWebhook, startTestServer, type TestServer } from './support/server';

interface Received {
  id: number;
  type: string;
  data: { account_id?: string; reason?: string; n?: number };
}

/** An EventSource (the npm package, as a browser would) that records what it receives. */
function listen(url: string, init: { headers?: Record<string, string> } = {}) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const source = new EventSource(url, {
    fetch: (input, options) => fetch(input, { ...options, headers: { ...options?.headers, ...init.headers } }),
  });
  for (const type of [...LIVE_EVENT_TYPES, 'reset']) {
    source.addEventListener(type, (event) => {
      received.push({ id: Number(event.lastEventId), type, data: JSON.parse(event.data) });
      for (const wake of waiters.splice(0)) wake();
    });
  }
  const opened = new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(error);
  });
  /** Resolves once `count` events arrived, or fails after a generous bound. */
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`waited for ${count} events, got ${received.length}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return received;
  };
  return { source, received, opened, waitFor };
}

const statusEvent = (accountId: string, n: number): LiveEventInput => ({
  type: 'status_update',
  accountId,
  data: { account_id: accountId, company_name: accountId, lifecycle_stage: 'adoption', previous_lifecycle_stage: null, churned_at: null, n } as never,
});

describe.each(dbKinds)('server-sent events on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;
  const open: Array<{ source: EventSource }> = [];

  const append = (events: LiveEventInput[]) => db.orm.transaction((tx) => appendLiveEvents(tx, events));
  const ticketUrl = async (role: 'admin' | 'viewer' | 'member' = 'viewer', accountId?: string, query = '') => {
    const res = await server.call('/api/events/ticket', { method: 'POST', role, ...(accountId ? { accountId } : {}) });
    expect(res.status).toBe(201);
    return `${server.url}${res.json.url}${query}`;
  };
  const stream = (url: string, init?: { headers?: Record<string, string> }) => {
    const l = listen(url, init);
    open.push(l);
    return l;
  };

  beforeAll(async () => {
    db = await openTestDb(kind);
    await db.orm.insert(schema.accounts).values([
      { id: 'a1', name: 'Alpha' },
      { id: 'a2', name: 'Beta' },
    ]);
    server = await startTestServer(db);
  });
  afterEach(() => {
    for (const l of open.splice(0)) l.source.close();
  });
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  it('delivers a webhook-triggered health update to a ticket-opened stream', async () => {
    const l = stream(await ticketUrl('viewer', undefined, '&types=customer_health_update'));
    await l.opened;
    const res = await postWebhook(server.url, { type: 'payment.failed', timestamp: new Date().toISOString(), data: { account_id: 'a1', amount: 10 } });
    expect(res.status).toBe(200);
    const [update] = await l.waitFor(1);
    expect(update).toMatchObject({ type: 'customer_health_update', data: { account_id: 'a1', company_name: 'Alpha' } });
    expect(update!.id).toBeGreaterThan(0);
  });

  it('accepts a ticket once, and refuses an unknown one', async () => {
    const url = await ticketUrl();
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await first.body?.cancel();
    const second = await fetch(url);
    expect(second.status).toBe(401);
    expect((await fetch(`${server.url}/api/events?ticket=forged`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/events`)).status).toBe(401);
  });

  it('answers an unknown filter with 400 naming it', async () => {
    const res = await fetch(`${server.url}/api/events?types=gossip`, { headers: { authorization: `Bearer ${await server.token('viewer')}` } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('types');
  });

  it('resumes after a disconnect with nothing missed and nothing twice', async () => {
    const first = stream(await ticketUrl('viewer', undefined, '&types=status_update'));
    await first.opened;
    await append([statusEvent('a1', 1), statusEvent('a2', 2)]);
    await first.waitFor(2);
    first.source.close();
    const lastId = first.received[1]!.id;

    // Missed while away, then more while resuming.
    await append([statusEvent('a1', 3), statusEvent('a2', 4)]);
    const resumed = stream(await ticketUrl('viewer', undefined, '&types=status_update'), { headers: { 'last-event-id': String(lastId) } });
    await append([statusEvent('a1', 5)]);
    const events = await resumed.waitFor(3);
    await append([statusEvent('a2', 6)]);
    await resumed.waitFor(4);
    expect(events.map((e) => e.data.n)).toEqual([3, 4, 5, 6]);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(4);
  });

  it('resumes from the last_event_id query parameter too', async () => {
    const [anchor] = await append([statusEvent('a1', 10)]);
    await append([statusEvent('a2', 11)]);
    const l = stream(await ticketUrl('viewer', undefined, `&types=status_update&last_event_id=${anchor}`));
    expect((await l.waitFor(1)).map((e) => e.data.n)).toEqual([11]);
  });

  it('says reset when asked for an id older than the kept history', async () => {
    const [oldest] = await append([statusEvent('a1', 20), statusEvent('a1', 21), statusEvent('a1', 22)]);
    await db.orm.execute(sql`delete from live_events where id <= ${oldest! + 1}`);
    const l = stream(await ticketUrl('viewer', undefined, `&last_event_id=${oldest! - 1}`));
    const [reset] = await l.waitFor(1);
    expect(reset?.type).toBe('reset');
  });

  it('says reset when asked for an id the log never held', async () => {
    const l = stream(await ticketUrl('viewer', undefined, '&last_event_id=999999999'));
    expect((await l.waitFor(1))[0]?.type).toBe('reset');
  });

  it("shows a member its own account's events only, live and replayed", async () => {
    const [before] = await append([statusEvent('a2', 30), statusEvent('a1', 31)]);
    const l = stream(await ticketUrl('member', 'a1', `&last_event_id=${before! - 1}`));
    await append([statusEvent('a2', 32), statusEvent('a1', 33)]);
    const events = await l.waitFor(2);
    await append([statusEvent('a1', 34)]);
    await l.waitFor(3);
    expect(events.map((e) => [e.data.account_id, e.data.n])).toEqual([['a1', 31], ['a1', 33], ['a1', 34]]);
  });

  it('filters by account ids', async () => {
    const l = stream(await ticketUrl('admin', undefined, '&types=status_update&account_ids=a2'));
    await l.opened;
    await append([statusEvent('a1', 40), statusEvent('a2', 41)]);
    expect((await l.waitFor(1)).map((e) => e.data.n)).toEqual([41]);
  });

  it('accepts a bearer header from fetch-based clients, and closes the stream when the token expires', async () => {
    const token = await signToken({ sub: 'short-lived', role: 'viewer', ttl: 2 }, TEST_SECRET);
    const res = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // Frames go to the socket as they are: the body ends with the connection, not in chunks.
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(res.headers.get('connection')).toBe('close');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    // The stream ended by itself once the token's two seconds were up.
    expect(text).toContain('retry: 3000');
  });

  it('forgets streams whose clients left while they were being opened', async () => {
    const settled = async () => {
      const deadline = Date.now() + 5_000;
      while (server.hub.subscriberCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return server.hub.subscriberCount;
    };
    expect(await settled()).toBe(0);
    const [anchor] = await append([statusEvent('a1', 50), statusEvent('a1', 51)]);
    const token = await server.token('viewer');
    const { port } = new URL(server.url);
    // Each asks to replay from an id, then leaves at once: gone before its stream is attached.
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const socket = connect(Number(port), '127.0.0.1');
        await once(socket, 'connect');
        socket.end(`GET /api/events?last_event_id=${anchor! - 1} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`);
        socket.destroy();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await settled()).toBe(0);
  });

  it.runIf(kind === 'postgres')('commits appends in id order, so a reader following ids never skips one', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAppended!: () => void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = db.orm.transaction(async (tx) => {
      const [id] = await appendLiveEvents(tx, [statusEvent('a1', 200)]);
      firstAppended();
      await firstHolds;
      order.push('first commits');
      return id!;
    });
    await appended;
    const second = db.orm.transaction(async (tx) => (await appendLiveEvents(tx, [statusEvent('a1', 201)]))[0]!).then((id) => {
      order.push('second commits');
      return id;
    });
    // The second append waits on the first one's lock however long the first stays open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('first released');
    releaseFirst();
    const [firstId, secondId] = await Promise.all([first, second]);
    expect(order).toEqual(['first released', 'first commits', 'second commits']);
    expect(secondId).toBeGreaterThan(firstId);
  });

  it('sends heartbeats to idle streams only, within the heartbeat interval', async () => {
    const heartbeatMs = 900;
    const hub = new LiveHub(db, { pollMs: 60_000, heartbeatMs });
    await hub.start();
    const sink = (accountId: string) => {
      const writes: Array<{ at: number; text: string }> = [];
      const subscriber = {
        principal: { role: 'viewer' as const, accountId: null },
        filter: { types: null, accountIds: new Set([accountId]) },
        write: (chunk: Uint8Array) => void writes.push({ at: performance.now(), text: new TextDecoder().decode(chunk) }),
      };
      return { subscriber, writes, heartbeats: () => writes.filter((w) => w.text === ':\n\n') };
    };
    try {
      const idle = sink('a2');
      const busy = sink('a1');
      const opened = performance.now();
      await hub.attach(idle.subscriber, null);
      await hub.attach(busy.subscriber, null);
      // An event for the busy stream every 100 ms for two intervals.
      for (let n = 0; n < 18; n++) {
        await append([statusEvent('a1', 100 + n)]);
        await hub.pump();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(busy.heartbeats()).toHaveLength(0);
      expect(busy.writes.length).toBe(18);
      // The idle stream got its heartbeats about once an interval (the bound leaves room for a busy machine's timers).
      const times = [opened, ...idle.heartbeats().map((w) => w.at)];
      expect(times.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(1.5 * heartbeatMs);
    } finally {
      await hub.stop();
    }
  });

  it('writes each stream the events of a page it may see in one write, the same bytes for the same selection', async () => {
    const hub = new LiveHub(db, { pollMs: 60_000 });
    await hub.start();
    const sink = (role: 'viewer' | 'member', accountId: string | null, filter: Partial<SubscriberFilter> = {}) => {
      const writes: Uint8Array[] = [];
      const subscriber = { principal: { role, accountId }, filter: { types: null, accountIds: null, ...filter }, write: (chunk: Uint8Array) => void writes.push(chunk) };
      return { subscriber, writes, text: () => writes.map((w) => new TextDecoder().decode(w)) };
    };
    const numbers = (text: string) => [...text.matchAll(/"n":(\d+)/g)].map((m) => Number(m[1]));
    try {
      const viewer = sink('viewer', null);
      const otherViewer = sink('viewer', null);
      const member = sink('member', 'a1');
      const onlyAlerts = sink('viewer', null, { types: new Set(['churn_alert'] as const) });
      for (const s of [viewer, otherViewer, member, onlyAlerts]) await hub.attach(s.subscriber, null);

      // One rescore's worth: several events committed together.
      const [first] = await append([statusEvent('a1', 60), statusEvent('a2', 61), statusEvent('a1', 62)]);
      await hub.pump();
      expect(viewer.writes).toHaveLength(1);
      expect(numbers(viewer.text()[0]!)).toEqual([60, 61, 62]);
      expect(otherViewer.writes[0]).toBe(viewer.writes[0]);
      expect(member.writes).toHaveLength(1);
      expect(numbers(member.text()[0]!)).toEqual([60, 62]);
      expect(onlyAlerts.writes).toHaveLength(0);

      // A replay is one write per page too, then live again.
      const resumed = sink('viewer', null);
      await hub.attach(resumed.subscriber, first! - 1);
      await append([statusEvent('a2', 63)]);
      await hub.pump();
      expect(resumed.text().map(numbers)).toEqual([[60, 61, 62], [63]]);
    } finally {
      await hub.stop();
    }
  });
});

describe('with real-time updates switched off', () => {
  it('serves no stream and logs no live events, lifecycle changes included', async () => {
    const db = await openTestDb('pglite');
    try {
      await db.orm.insert(schema.accounts).values({ id: 'quiet', name: 'Quiet Co' });
      const t = buildTestApp(db, { config: { features: { ...testConfig().features, realTimeUpdates: false } } });
      const res = await t.call('/api/events', { role: 'viewer' });
      expect(res.status).toBe(503);
      expect(res.json.error.message).toContain('RK_FEATURE_REAL_TIME_UPDATES');
      expect((await t.call('/api/customer-success/rescore', { role: 'admin', body: {} })).status).toBe(200);
      // A lifecycle change through the signed webhook: applied, and no status_update logged.
      const body = JSON.stringify({
        type: 'account.upserted',
        timestamp: new Date().toISOString(),
        data: { account_id: 'quiet', name: 'Quiet Co', lifecycle_stage: 'adoption' },
      });
      const sentAt = new Date();
      const webhook = await t.app.request('/api/webhooks/inbound', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_quiet_upsert',
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(TEST_WEBHOOK_SECRET).sign('msg_quiet_upsert', sentAt, body),
        },
        body,
      });
      expect(webhook.status).toBe(200);
      const [account] = await queryRows<{ lifecycle_stage: string }>(db.orm, sql`select lifecycle_stage from accounts where id = 'quiet'`);
      expect(account?.lifecycle_stage).toBe('adoption');
      const [row] = await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from live_events`);
      expect(row?.n).toBe(0);
    } finally {
      await db.dispose();
    }
  });
});
