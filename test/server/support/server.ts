import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../../../server/db/index';
import { serveApp } from '../../../server/http';
import { buildTestApp, TEST_WEBHOOK_SECRET, type TestAppOptions } from './app';

/**
 * The real app served over HTTP on a loopback port, with its live hub and rescore worker:
 * what `npm start` runs, minus the scheduler and the alert delivery. The clock is the wall
 * clock unless given, since webhook timestamps and token expiry are checked against it.
 */
export async function startTestServer(db: Db, options: TestAppOptions = {}) {
  const t = buildTestApp(db, {
    clock: () => new Date(),
    ...options,
    services: { hub: { pollMs: 250 }, rescoreWorker: { pollMs: 250 }, ...options.services },
  });
  await t.deps.start(['hub', 'rescoreWorker']);
  const { hub, rescoreWorker: worker } = t.deps;
  if (!hub) throw new Error('the test server streams: real-time updates must be on');
  const server = serveApp({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...t,
    hub,
    worker,
    url,
    close: async () => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await t.deps.stop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface Delivery {
  id?: string;
  timestamp?: Date;
  secret?: string;
  /** Replaces the signature header entirely (several signatures, garbage). */
  signature?: string;
  /** Sent instead of the signed body, after signing (tampering). */
  sendBody?: string;
  /** Streams the body with Transfer-Encoding: chunked, no Content-Length. */
  chunked?: boolean;
}

/** Posts a webhook signed by the standardwebhooks package, as a sender would. */
export async function postWebhook(url: string, body: unknown, delivery: Delivery = {}) {
  const id = delivery.id ?? `msg_${randomUUID()}`;
  const timestamp = delivery.timestamp ?? new Date();
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = delivery.signature ?? new Webhook(delivery.secret ?? TEST_WEBHOOK_SECRET).sign(id, timestamp, payload);
  const res = await fetch(`${url}/api/webhooks/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: delivery.chunked ? chunks(delivery.sendBody ?? payload) : (delivery.sendBody ?? payload),
    ...(delivery.chunked ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, json: json as any, id };
}

/** A body as a stream of 16 kB pieces, so fetch sends it chunked. */
function chunks(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, (offset += 16 * 1024)));
    },
  });
}
