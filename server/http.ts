import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';

type Fetch = Parameters<typeof serve>[0]['fetch'];

/** How long a closing connection keeps reading what the client still sends (see `lingeringClose`). */
const LINGER_MS = 5_000;

/**
 * Lingering close, as nginx and Apache do it. Node closes a connection after a `connection:
 * close` response with `socket.destroySoon()`: end, then destroy once written. When the client
 * is still sending (a body refused with 413 mid-upload), closing with unread input makes the
 * kernel answer with a reset, and a reset can discard the response before the client has read
 * it: the client sees a broken pipe instead of the 413. So the write side is ended, the input is
 * read and dropped, and the socket is destroyed when the client closes or after `LINGER_MS`.
 */
function lingeringClose(socket: Socket) {
  socket.destroySoon = () => {
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
    socket.on('data', () => {});
    socket.end();
    socket.resume();
  };
}

/**
 * The app on Node's HTTP server. `Expect: 100-continue` is answered by the app, not by Node:
 * Node would send `100 Continue` at once, so a client with an oversized body would start sending
 * it and then meet the 413 and a closed socket. Here `100 Continue` goes out only when the app
 * starts reading the body, after the size limit has judged the declared length.
 */
export function serveApp(options: { fetch: Fetch; port: number; hostname: string }, listening?: (info: AddressInfo) => void): Server {
  const server = serve(options, listening) as Server;
  server.on('connection', lingeringClose);
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    const read = request._read.bind(request);
    let continued = false;
    request._read = (size) => {
      if (!continued) {
        continued = true;
        response.writeContinue();
      }
      read(size);
    };
    server.emit('request', request, response);
  });
  return server;
}
