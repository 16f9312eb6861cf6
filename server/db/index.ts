import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export { schema };
type Schema = typeof schema;
/** The drizzle API both drivers share. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
type Transaction = PgTransaction<PgQueryResultHKT, Schema>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  readonly orm: Database;
  /**
   * LISTENs on a channel. `onListen` runs whenever the listen is (re)established, so a caller
   * can catch up on what it missed while disconnected: NOTIFY is lost when nobody listens.
   * Resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DbOptions =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary key shared by every instance so only one migrates a PostgreSQL at a time. */
const MIGRATION_LOCK_KEY = 72_830_001;

/**
 * Opens the database and brings its schema up to date. PGlite (in memory, or kept in
 * `dataDir`) is the single-process default; `postgres` connects through postgres.js.
 */
export async function createDb(options: DbOptions): Promise<Db> {
  if (options.kind === 'postgres') {
    await migratePostgresOnce(options.url);
    const client = postgres(options.url, { max: options.maxConnections ?? 20, onnotice: () => {} });
    const orm = drizzlePostgres(preparing(client), { schema }) as unknown as Database;
    return {
      kind: 'postgres',
      orm,
      // postgres.js keeps one dedicated connection for every LISTEN and re-listens after a drop.
      listen: async (channel, onNotify, onListen) => {
        const { unlisten } = await client.listen(channel, onNotify, onListen);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const pgliteOrm = drizzlePglite(client, { schema });
  await migratePglite(pgliteOrm, { migrationsFolder });
  return {
    kind: 'pglite',
    orm: pgliteOrm as unknown as Database,
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await client.listen(channel, onNotify);
      onListen?.();
      return unlisten;
    },
    close: () => client.close(),
  };
}

/**
 * drizzle runs every query as an unnamed statement (`prepare: false`), so postgres.js sends each
 * parameterised one in two round trips (describe, then bind and execute) and PostgreSQL parses
 * and plans it every time, which dominates small, frequent queries such as a one-account
 * rescore. Here every query is
 * prepared on its connection, and a repeated one is a single round trip. Transactions and
 * savepoints get the same client. A connection's statements live until postgres.js recycles it
 * (`max_lifetime`, 30-60 minutes), which bounds what query texts of varying length (batch
 * inserts) add.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.Sql) => unknown;
          // A transaction's client (TransactionSql) has savepoint(); the pool's has begin().
          const method = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[property]!;
          return method(...args, (tx: postgres.Sql) => body(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** A one-connection client, so the advisory lock and the migration share a session. */
async function migratePostgresOnce(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Rows of a raw query, in the same shape on both drivers (PGlite wraps them, postgres.js does not). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
