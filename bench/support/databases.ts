import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type Db } from '../../server/db/index';

/**
 * Runs a bench's `measure` on a fresh PGlite and on a fresh database of the PostgreSQL server at
 * BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local one), dropped afterwards; `only`
 * keeps one of the two.
 */
export async function onEachDatabase(only: string | undefined, measure: (label: string, db: Db) => Promise<void>): Promise<void> {
  if (only !== 'postgres') {
    const db = await createDb({ kind: 'pglite' });
    try {
      await measure('PGlite', db);
    } finally {
      await db.close();
    }
  }
  if (only !== 'pglite') {
    const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `rk_bench_${randomBytes(4).toString('hex')}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const db = await createDb({ kind: 'postgres', url: url.toString() });
    try {
      await measure('PostgreSQL', db);
    } finally {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}
