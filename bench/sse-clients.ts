/**
 * One load-generator process of `bench:live`'s delivery run: opens its share of the SSE
 * clients and records, per client, when each `customer_health_update` frame arrived. Several
 * of these run side by side so that reading 10,000 sockets is not one event loop's queue, which
 * would measure the load generator rather than the server.
 *
 * Clients are raw TCP sockets with a minimal SSE reader (frames end at a blank line): an
 * `http.get` per client costs the generator several times more per event than the server
 * spends writing it. Times are `performance.timeOrigin + performance.now()`, comparable
 * across processes. Talks to its parent over the IPC channel:
 *   parent → { open: { port, path, token, count } }   child → { opened: count }
 *   (after every event that all its clients have received)  child → { complete: n }
 *   parent → { collect: true }                         child → { arrivals: number[][] }
 */
import net from 'node:net';

interface Client {
  arrivals: number[];
  socket: net.Socket;
}

const FRAME_MARKER = '\nevent: customer_health_update\n';
const clients: Client[] = [];
/** reached[n]: how many clients have received at least n frames. */
const reached: number[] = [];
const now = () => performance.timeOrigin + performance.now();

function open(port: number, path: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const client: Client = { arrivals: [], socket };
    let headerDone = false;
    let buffer = '';
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('connect', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`),
    );
    socket.on('data', (text: string) => {
      const at = now();
      buffer += text;
      if (!headerDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buffer.startsWith('HTTP/1.1 200')) return reject(new Error(`stream answered ${buffer.slice(0, buffer.indexOf('\r\n'))}`));
        headerDone = true;
        buffer = buffer.slice(end + 4);
        resolve(client);
      }
      // Whole frames only (chunk sizes and frames may split anywhere); the rest waits for more.
      const last = buffer.lastIndexOf('\n\n');
      if (last < 0) return;
      const frames = `\n${buffer.slice(0, last)}`;
      buffer = buffer.slice(last + 2);
      for (let i = frames.indexOf(FRAME_MARKER); i >= 0; i = frames.indexOf(FRAME_MARKER, i + 1)) {
        const n = client.arrivals.push(at);
        reached[n] = (reached[n] ?? 0) + 1;
        if (reached[n] === clients.length) process.send!({ complete: n });
      }
    });
  });
}

process.on('message', async (message: { open?: { port: number; path: string; token: string; count: number }; collect?: true }) => {
  if (message.open) {
    const { port, path, token, count } = message.open;
    // In waves: a burst of 10,000 connects overflows the listen backlog.
    for (let i = 0; i < count; i += 200) {
      clients.push(...(await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => open(port, path, token)))));
    }
    process.send!({ opened: clients.length });
  }
  if (message.collect) process.send!({ arrivals: clients.map((c) => c.arrivals) });
});
process.on('disconnect', () => process.exit(0));
