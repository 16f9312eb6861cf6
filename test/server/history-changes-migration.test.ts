import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder, queryRows, type Executor } from '../../server/db/index';
import { refoldHistory } from '../../server/services/history';
import { dbKinds, type DbKind } from './support/db';

/** The migrations before the one that added `changes`. */
async function foldersBeforeChanges(): Promise<{ before: string; dispose: () => Promise<void> }> {
  const before = await mkdtemp(join(tmpdir(), 'rk-migrations-'));
  await cp(migrationsFolder, before, { recursive: true });
  const journalFile = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((e) => e.tag < '0013');
  await writeFile(journalFile, JSON.stringify(journal));
  return { before, dispose: () => rm(before, { recursive: true, force: true }) };
}

/** A database migrated to `before`, and a way to take it to the latest migration. */
async function openAt(kind: DbKind, before: string) {
  if (kind === 'pglite') {
    const client = await PGlite.create();
    const orm = drizzlePglite(client);
    await migratePglite(orm, { migrationsFolder: before });
    return { orm: orm as unknown as Executor, upgrade: () => migratePglite(orm, { migrationsFolder }), dispose: () => client.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `rk_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const orm = drizzlePostgres(client);
  await migratePostgres(orm, { migrationsFolder: before });
  return {
    orm: orm as unknown as Executor,
    upgrade: () => migratePostgres(orm, { migrationsFolder }),
    dispose: async () => {
      await client.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe.each(dbKinds)('the migration that adds what each history row set, on %s', (kind) => {
  let folders: Awaited<ReturnType<typeof foldersBeforeChanges>>;
  beforeAll(async () => {
    folders = await foldersBeforeChanges();
  });
  afterAll(() => folders.dispose());

  it('takes each row’s changes from the row before it, so re-folding them gives the states back', { timeout: 120_000 }, async () => {
    const db = await openAt(kind, folders.before);
    try {
      const state = (mrr: number, plan: string, traits: Record<string, string>) => ({
        payment_status: 'current', contract_end_date: null, mrr, plan, lifecycle_stage: 'onboarding',
        client_count: 0, custom_fields_used: 0, customer_since: null, traits,
      });
      await db.orm.execute(sql`insert into accounts (id, name) values ('cust_a', 'Acme')`);
      const rows = [
        ['2026-01-01', state(100, 'starter', { segment: 'smb', region: 'eu' })],
        ['2026-02-01', state(100, 'growth', { segment: 'smb', region: 'eu' })],
        ['2026-03-01', state(250, 'growth', { segment: 'enterprise' })],
      ] as const;
      for (const [at, s] of rows) {
        await db.orm.execute(sql`insert into account_history (account_id, kind, valid_from, state) values ('cust_a', 'account', ${at}::timestamptz, ${JSON.stringify(s)}::jsonb)`);
      }
      await db.upgrade();
      const changes = await queryRows<{ changes: unknown }>(db.orm, sql`select changes from account_history order by valid_from`);
      expect(changes.map((r) => r.changes)).toEqual([
        rows[0][1],
        { plan: 'growth' },
        { mrr: 250, traits: { segment: 'enterprise', region: null } },
      ]);
      const before = await queryRows(db.orm, sql`select id, state from account_history order by id`);
      await refoldHistory(db.orm, 'cust_a', 'account', '');
      expect(await queryRows(db.orm, sql`select id, state from account_history order by id`)).toEqual(before);
      const [account] = await queryRows<{ mrr: string; plan: string; traits: unknown }>(db.orm, sql`select mrr, plan, traits from accounts`);
      expect([Number(account?.mrr), account?.plan, account?.traits]).toEqual([250, 'growth', { segment: 'enterprise' }]);
    } finally {
      await db.dispose();
    }
  });
});
