/**
 * Limits that keep one client from exhausting the server (issue 12, §2), over real HTTP on
 * loopback with raw sockets where the framing matters (chunked uploads, Expect: 100-continue).
 */
import { connect, type Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import { ndjsonLines } from '../../server/services/import';
import { TEST_WEBHOOK_SECRET } from './support/app';
import { openTestDb, type TestDb } from './support/db';
import { startTestServer, type TestServer } from './support/server';

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
    const ok = Array.from({ length: 2000 }, (_, i) => line(`import-${i}`));
    const body = [...ok, long, line('after-long')].join('\n');
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * MiB);
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ lines: 2002, accepted: 2001, rejected: 1 });
    expect(summary.errors).toEqual([{ line: 2001, message: expect.stringContaining('longer than') }]);
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
