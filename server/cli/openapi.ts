/**
 * Writes the served OpenAPI document (`GET /openapi.json`) to the file named by the first
 * argument, or stdout: the app is built as the server builds it, on an in-memory PGlite, and
 * asked through `app.request`, with no network server.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createApp } from '../app';
import { createDb } from '../db/index';
import { appConfig, loadEnv } from '../env';
import { createServices } from '../services/index';

const db = await createDb({ kind: 'pglite' });
const config = appConfig(loadEnv({ NODE_ENV: 'test' }), {
  jwtSecret: 'openapi-dump-only-secret-of-32-bytes!!',
  webhookSecrets: [],
});
const app = createApp(createServices(db, config, () => new Date()));
const res = await app.request('/openapi.json');
if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
const text = `${JSON.stringify(await res.json(), null, 2)}\n`;
const out = process.argv[2];
if (out) {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
} else process.stdout.write(text);
await db.close();
