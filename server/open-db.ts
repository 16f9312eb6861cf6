import { join } from 'node:path';
import { createDb, type Db } from './db/index';
import type { Env } from './env';

/** PostgreSQL when DATABASE_URL is set, else the embedded PGlite kept in RK_DATA_DIR. */
export function openDatabase(env: Env): Promise<Db> {
  return env.DATABASE_URL
    ? createDb({ kind: 'postgres', url: env.DATABASE_URL })
    : createDb({ kind: 'pglite', dataDir: join(env.RK_DATA_DIR, 'pglite') });
}
