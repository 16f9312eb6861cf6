/**
 * Streams an NDJSON file of inbound events to a running server's POST /api/import, with a
 * progress bar. Through the server, not into the database directly: an embedded PGlite
 * belongs to the one process that opened it.
 *
 *   npm run import -- events.ndjson [--url http://127.0.0.1:8787]
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { signToken } from '../auth';
import { loadEnv } from '../env';
import { resolveJwtSecret } from '../secrets';

const USAGE = 'usage: npm run import -- <file.ndjson> [--url http://127.0.0.1:8787]';
const { values, positionals } = parseArgs({ options: { url: { type: 'string' } }, allowPositionals: true });
const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}
const env = loadEnv();
const url = values.url ?? `http://127.0.0.1:${env.PORT}`;
const size = (await stat(file).catch(() => {
  console.error(`${file}: no such file`);
  process.exit(2);
})).size;
const { secret } = await resolveJwtSecret(env);
const token = await signToken({ sub: 'npm-run-import', role: 'admin', ttl: 3600 }, secret);

const bar = new SingleBar({ format: 'importing {bar} {percentage}% | {value}/{total} bytes' }, Presets.shades_classic);
bar.start(size, 0);
const source = createReadStream(file);
source.on('data', (chunk) => bar.increment(chunk.length));
const res = await fetch(`${url}/api/import`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
  body: Readable.toWeb(source) as ReadableStream<Uint8Array>,
  duplex: 'half',
} as RequestInit & { duplex: 'half' }).catch((error: Error) => {
  bar.stop();
  console.error(`cannot reach ${url}: ${error.message} (is the server running? npm start)`);
  process.exit(1);
});
bar.stop();
const summary = (await res.json()) as {
  lines?: number; accepted?: number; duplicates?: number; rejected?: number;
  errors?: Array<{ line: number; message: string }>; error?: { message: string };
};
if (!res.ok) {
  console.error(`import failed (${res.status}): ${summary.error?.message ?? 'unknown error'}`);
  process.exit(1);
}
console.log(`${summary.lines} lines: ${summary.accepted} accepted, ${summary.duplicates} already known, ${summary.rejected} rejected`);
for (const { line, message } of summary.errors ?? []) console.log(`  line ${line}: ${message}`);
process.exit(summary.rejected ? 1 : 0);
