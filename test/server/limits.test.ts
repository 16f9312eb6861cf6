/**
 * Limits that keep one client from exhausting the server (issue 12, §2), over real HTTP on
 * loopback with raw sockets where the framing matters (chunked uploads, Expect: 100-continue).
 */
import { connect, type Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../server/auth';
import { schema } from '../../server/db/index';
import { ndjsonLines } from '../../server/services/import';
import { buildTestApp, TEST_SECRET, TEST_WEBHOOK_SECRET } from './support/app';
import { openTestDb, type TestDb } from './support/db';
import { postWebhook, startTestServer, type TestServer } from './support/server';

const MiB = 1024 * 1024;

/** A raw HTTP/1.1 exchange: collects what the server sends until it closes or `until` matches. */
function rawRequest(url: string) {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  const listeners: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    for (const listener of listeners) listener();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  /** Resolves once the server has sent something matching `pattern`, or has closed. */
  const waitFor = (pattern: RegExp) =>
    Promise.race([
      new Promise<void>((resolve) => {
        const check = () => pattern.test(received) && resolve();
        listeners.push(check);
        check();
      }),
      closed,
    ]).then(() => received);
  return { socket, waitFor, closed, received: () => received };
}

const body413 = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4).trim()) as { error: { code: string } };

describe('request limits over HTTP', () => {
  let db: TestDb;
  let server: TestServer;
  let adminToken: string;

  beforeAll(async () => {
    db = await openTestDb('pglite');
    await db.orm.insert(schema.accounts).values({ id: 'acme', name: 'Acme', mrr: 500 });
    server = await startTestServer(db);
    adminToken = await server.token('admin');
  });
  afterAll(async () => {
    await server?.close();
    await db?.dispose();
  });

  it('refuses a 100 MB chunked JSON body with 413 after reading at most about the limit', async () => {
    const exchange = rawRequest(server.url);
    exchange.socket.write(
      `POST /api/interventions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminToken}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const piece = Buffer.alloc(64 * 1024, 'a');
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    let sent = 0;
    let answered = false;
    const answer = exchange.waitFor(/\r\n\r\n\{.*\}/s).then((text) => ((answered = true), text));
    while (!answered && sent < 100 * MiB && !exchange.socket.destroyed) {
      if (!exchange.socket.write(chunk)) await new Promise((resolve) => exchange.socket.once('drain', resolve).once('close', resolve));
      sent += piece.length;
    }
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/connection: close/i);
    expect(body413(text).error.code).toBe('payload_too_large');
    // Socket buffers let a few MB through before the answer arrives, never the 100 MB.
    expect(sent).toBeLessThan(20 * MiB);
    exchange.socket.destroy();
  });

  it('lets a client that reads only after sending 25 MB of an oversized body still read the 413', async () => {
    const exchange = rawRequest(server.url);
    // Not reading while it sends: the answer waits in the kernel, where a reset would discard it.
    exchange.socket.pause();
    exchange.socket.write(
      `POST /api/interventions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminToken}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const piece = Buffer.alloc(64 * 1024, 'a');
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    for (let i = 0; i < 400; i++) exchange.socket.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    exchange.socket.resume();
    const text = await exchange.waitFor(/\r\n\r\n\{.*\}/s);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(body413(text).error.code).toBe('payload_too_large');
    exchange.socket.destroy();
  });

  it('refuses a declared 100 MB body with 413 before any of it is sent, token or not', async () => {
    for (const authorization of [`Authorization: Bearer ${adminToken}\r\n`, '']) {
      const exchange = rawRequest(server.url);
      exchange.socket.write(
        `PATCH /api/interventions/x HTTP/1.1\r\nHost: x\r\n${authorization}Content-Type: application/json\r\nContent-Length: ${100 * MiB}\r\n\r\n{`,
      );
      const text = await exchange.waitFor(/\r\n\r\n\{.*\}/s);
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(body413(text).error.code).toBe('payload_too_large');
      exchange.socket.destroy();
    }
  });

  it('still accepts a JSON body under the limit', async () => {
    const res = await fetch(`${server.url}/api/interventions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: 'acme', type: 'check_in', notes: 'n'.repeat(10_000) }),
    });
    expect(res.status).not.toBe(413);
  });

  it('answers an oversized webhook sent with Expect: 100-continue with 413, never 100 Continue', async () => {
    const exchange = rawRequest(server.url);
    exchange.socket.write(
      'POST /api/webhooks/inbound HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${2 * MiB}\r\nExpect: 100-continue\r\nwebhook-id: msg_big\r\nwebhook-timestamp: 1\r\nwebhook-signature: v1,x\r\n\r\n`,
    );
    const text = await exchange.waitFor(/\r\n\r\n\{.*\}/s);
    expect(text).not.toContain('100 Continue');
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(body413(text).error.code).toBe('payload_too_large');
    exchange.socket.destroy();
  });

  it('sends 100 Continue to a webhook within the limit and applies it', async () => {
    const id = 'msg_continue';
    const timestamp = new Date();
    const payload = JSON.stringify({ type: 'feature.used', timestamp: timestamp.toISOString(), data: { account_id: 'acme', feature: 'continue' } });
    const signature = new Webhook(TEST_WEBHOOK_SECRET).sign(id, timestamp, payload);
    const exchange = rawRequest(server.url);
    exchange.socket.write(
      'POST /api/webhooks/inbound HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n' +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nExpect: 100-continue\r\nwebhook-id: ${id}\r\n` +
        `webhook-timestamp: ${Math.floor(timestamp.getTime() / 1000)}\r\nwebhook-signature: ${signature}\r\n\r\n`,
    );
    expect(await exchange.waitFor(/100 Continue\r\n\r\n/)).toMatch(/^HTTP\/1\.1 100 Continue/);
    exchange.socket.write(payload);
    const text = await exchange.waitFor(/\r\n\r\n\{.*\}/s);
    expect(text).toMatch(/HTTP\/1\.1 200 /);
    expect(text).toContain('"applied"');
  });

  it('keeps the NDJSON import streamed past the JSON limit, rejecting only an over-long line', async () => {
    const line = (feature: string) =>
      JSON.stringify({ type: 'feature.used', timestamp: new Date().toISOString(), data: { account_id: 'acme', feature } });
    const long = JSON.stringify({ type: 'feature.used', timestamp: new Date().toISOString(), data: { account_id: 'acme', feature: 'x'.repeat(2 * MiB) } });
    const ok = Array.from({ length: 200 }, (_, i) => line(`import-${i}`));
    const body = [...ok, long, line('after-long')].join('\n');
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * MiB);
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ lines: 202, accepted: 201, rejected: 1 });
    expect(summary.errors).toEqual([{ line: 201, message: expect.stringContaining('longer than') }]);
  });
});

describe('ndjsonLines', () => {
  it('never holds more than one line, however long a line is', async () => {
    const piece = new TextEncoder().encode('y'.repeat(64 * 1024));
    let pieces = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 20 MB of one line, then a short one.
        if (pieces++ < 320) controller.enqueue(piece);
        else {
          controller.enqueue(new TextEncoder().encode('\n{"short":1}'));
          controller.close();
        }
      },
    });
    const lines: string[] = [];
    for await (const line of ndjsonLines(stream, 1000)) lines.push(line);
    expect(lines.map((l) => l.length)).toEqual([1001, 11]);
  });
});

describe('rate limits and the event-stream quota', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(() => db?.dispose());

  const kpis = (app: ReturnType<typeof buildTestApp>['app'], token?: string) =>
    app.request('/api/customer-success/kpis', token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('gives each token its own bucket, even two tokens of one subject', async () => {
    const { app } = buildTestApp(db, { config: { rateLimitPerMinute: 3 } });
    const first = await signToken({ sub: 'shared-user', role: 'viewer', ttl: 600 }, TEST_SECRET);
    const second = await signToken({ sub: 'shared-user', role: 'viewer', ttl: 900 }, TEST_SECRET);
    expect((await Promise.all([1, 2, 3].map(() => kpis(app, first)))).map((r) => r.status)).toEqual([200, 200, 200]);
    const limited = await kpis(app, first);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await kpis(app, second)).status).toBe(200);
  });

  it('limits answers 401 per address: missing and forged tokens', async () => {
    const { app } = buildTestApp(db, { config: { rateLimitPerMinute: 3 } });
    const forged = await signToken({ sub: 'x', role: 'admin', ttl: 600 }, 'another-secret-that-is-at-least-32-chars');
    const statuses = [];
    for (const token of [undefined, forged, 'garbage', undefined]) statuses.push((await kpis(app, token)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await kpis(app);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
  });

  it('does not count answers with a valid token against the address', async () => {
    const { app, token } = buildTestApp(db, { config: { rateLimitPerMinute: 3 } });
    const admin = await token('admin');
    for (let i = 0; i < 2; i++) expect((await kpis(app)).status).toBe(401);
    // Valid requests from the same address in between are not counted.
    for (let i = 0; i < 2; i++) expect((await app.request('/api/customer-success/kpis', { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    expect((await kpis(app)).status).toBe(401);
    expect((await kpis(app)).status).toBe(429);
  });

  it('limits webhooks with a bad signature per address', async () => {
    const server = await startTestServer(db, { config: { rateLimitPerMinute: 3 } });
    try {
      const body = { type: 'feature.used', timestamp: new Date().toISOString(), data: { account_id: 'acme', feature: 'x' } };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await postWebhook(server.url, body, { signature: 'v1,Zm9yZ2Vk' })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await server.close();
    }
  });

  it('caps the event streams one token holds open, then answers 429 with Retry-After', async () => {
    const server = await startTestServer(db, { config: { maxStreamsPerToken: 2 } });
    const controllers: AbortController[] = [];
    const open = async (token: string, ticket?: string) => {
      const controller = new AbortController();
      controllers.push(controller);
      const res = await fetch(`${server.url}/api/events${ticket ? `?ticket=${ticket}` : ''}`, {
        headers: ticket ? {} : { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      return { res, close: () => controller.abort() };
    };
    try {
      const token = await server.token('csm');
      const a = await open(token);
      // A ticket stands for the token it was exchanged for: it takes one of the same slots.
      const ticket = await fetch(`${server.url}/api/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const b = await open(token, (await ticket.json()).ticket);
      expect([a.res.status, b.res.status]).toEqual([200, 200]);
      const third = await open(token);
      expect(third.res.status).toBe(429);
      expect(third.res.headers.get('retry-after')).toBe('30');
      expect((await third.res.json()).error.code).toBe('too_many_streams');
      // Another token of the same subject has its own slots.
      const other = await open(await signToken({ sub: 'csm-user', role: 'csm', ttl: 120 }, TEST_SECRET));
      expect(other.res.status).toBe(200);
      // A closed stream gives its slot back.
      a.close();
      let reopened = 0;
      for (let i = 0; i < 50 && reopened !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const again = await open(token);
        reopened = again.res.status;
        if (reopened !== 200) await again.res.body?.cancel();
      }
      expect(reopened).toBe(200);
    } finally {
      for (const controller of controllers) controller.abort();
      await server.close();
    }
  });
});

describe('demo sessions', () => {
  it('give each visit its own subject', async () => {
    const db = await openTestDb('pglite');
    try {
      const { app } = buildTestApp(db, { config: { assets: { widgetsDir: '/nonexistent', demoDir: 'demo' } } });
      const subjects = await Promise.all(
        [1, 2].map(async () => (await verifyToken((await (await app.request('/demo/session')).json()).token, TEST_SECRET)).sub),
      );
      expect(subjects[0]).toMatch(/^demo-visitor-/);
      expect(subjects[0]).not.toBe(subjects[1]);
    } finally {
      await db.dispose();
    }
  });
});
