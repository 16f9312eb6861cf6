/**
 * One `GET /api/events` stream, written to the raw Node response rather than through a web
 * stream per connection: the hub's shared chunks of frames go to the socket as they are, so the
 * fan-out to thousands of streams is one loop of socket writes.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Principal } from '../principal';
import type { LiveHub, Subscriber, SubscriberFilter } from './hub';

/** A subscriber this far behind is cut off; it reconnects and resumes from its last id. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 3000;
const RESET = new TextEncoder().encode(
  `event: reset\ndata: ${JSON.stringify({ reason: 'the requested event id is no longer kept; refetch' })}\n\n`,
);

export interface StreamRequest {
  principal: Pick<Principal, 'role' | 'accountId' | 'expiresAt'>;
  filter: SubscriberFilter;
  /** Resume after this id; null to start from now. */
  lastEventId: number | null;
  /** Headers the app set for this response (CORS). */
  headers: Record<string, string>;
  /** Called once when the stream ends, however it ends. */
  onClose?: () => void;
}

/**
 * Writes the head, joins the hub (replaying what `lastEventId` missed) and keeps the stream until
 * the client leaves, falls too far behind, or its token expires. `socket` is the response's own
 * (one waiting behind a pipelined response has none yet).
 */
export async function openEventStream(hub: LiveHub, outgoing: ServerResponse, socket: Socket, request: StreamRequest): Promise<void> {
  outgoing.removeHeader('transfer-encoding');
  outgoing.writeHead(200, {
    ...request.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // No chunked encoding: the body ends when the connection does (HTTP/1.1 allows it, and a
    // stream holds its connection anyway), so each chunk goes to the socket as it is, one write,
    // instead of being framed per stream.
    connection: 'close',
    'x-accel-buffering': 'no',
    // What the security-headers middleware gives every other answer (see security-headers.ts).
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  outgoing.write(`retry: ${RETRY_MS}\n\n`);
  // After the head, chunks go to the socket itself: the response's write would cork it and
  // uncork it on the next tick, a deferred second pass over every stream of the fan-out.
  socket.setNoDelay(true);

  let closed = false;
  let detach: (() => void) | undefined;
  const subscriber: Subscriber = {
    principal: request.principal,
    filter: request.filter,
    write: (chunk) => {
      if (closed) return;
      if (socket.writableLength > MAX_BUFFERED_BYTES) return close();
      socket.write(chunk);
    },
  };
  const expiry = setTimeout(close, Math.max(0, request.principal.expiresAt.getTime() - Date.now()));
  function close() {
    if (closed) return;
    closed = true;
    clearTimeout(expiry);
    detach?.();
    request.onClose?.();
    outgoing.end();
  }
  // Before the replay, and checked now: the client may have left during the sign-in or leave during the replay.
  outgoing.on('close', close);
  if (socket.destroyed) close();
  const attached = await hub.attach(subscriber, request.lastEventId);
  if (closed) attached.detach();
  else detach = attached.detach;
  if (attached.reset) subscriber.write(RESET);
}
