import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

type Fetch = Parameters<typeof serve>[0]['fetch'];

/**
 * The app on Node's HTTP server. `Expect: 100-continue` is answered by the app, not by Node:
 * Node would send `100 Continue` at once, so a client with an oversized body would start sending
 * it and then meet the 413 and a closed socket. Here `100 Continue` goes out only when the app
 * starts reading the body, after the size limit has judged the declared length.
 */
export function serveApp(options: { fetch: Fetch; port: number; hostname: string }, listening?: (info: AddressInfo) => void): Server {
  const server = serve(options, listening) as Server;
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
