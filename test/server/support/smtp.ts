import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that accepts every message, except to the addresses in `rejected` (a permanent 550). */
export async function smtpPeer() {
  const messages: Array<{ to: string[]; raw: string }> = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (!rejected.has(address.address)) return callback();
      const error = Object.assign(new Error(`mailbox ${address.address} does not exist`), { responseCode: 550 });
      callback(error);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, rejected, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
