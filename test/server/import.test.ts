import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, schema } from '../../server/db/index';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { TEST_SECRET } from './support/app';
import { startTestServer, type TestServer } from './support/server';

const line = (value: unknown) => JSON.stringify(value);
const ts = '2026-10-01T09:00:00Z';

describe.each(dbKinds)('NDJSON import on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;
  const post = async (body: string, role: 'admin' | 'csm' = 'admin') => {
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await server.token(role)}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    return { status: res.status, json: await res.json() };
  };
  const logins = async () =>
    (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from activity_events where kind = 'login'`))[0]!.n;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await db.orm.insert(schema.milestoneDefinitions).values({ key: 'kickoff', name: 'Kickoff' });
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  const file = [
    line({ id: 'imp_1', type: 'account.upserted', timestamp: ts, data: { account_id: 'imp_a', name: 'Imported A' } }),
    line({ id: 'imp_2', type: 'user.login', timestamp: ts, data: { account_id: 'imp_a', user_id: 'u1' } }),
    '{"type": "user.login", "timestamp":',
    line({ id: 'imp_3', type: 'nps.response', timestamp: ts, data: { account_id: 'imp_a', score: 42 } }),
    '',
    line({ id: 'imp_4', type: 'milestone.updated', timestamp: ts, data: { account_id: 'imp_a', milestone_key: 'nope', status: 'completed' } }),
    line({ type: 'user.login', timestamp: ts, data: { account_id: 'imp_a', user_id: 'u2' } }),
  ].join('\n');

  it('applies good lines, reports each bad one by line number, and keeps going', async () => {
    const { status, json } = await post(file);
    expect(status).toBe(200);
    expect(json).toEqual({
      lines: 7,
      accepted: 3,
      duplicates: 0,
      rejected: 3,
      errors: [
        { line: 3, message: 'not valid JSON' },
        { line: 4, message: expect.stringContaining('data.score') },
        { line: 6, message: expect.stringContaining("unknown milestone type 'nope'") },
      ],
    });
    expect(await logins()).toBe(2);
  });

  it('changes nothing when the same file (with ids) is imported again', async () => {
    const { json } = await post(file.split('\n').slice(0, 2).join('\n'));
    expect(json).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    expect(await logins()).toBe(2);
  });

  it('is for admins only', async () => {
    expect((await post(file, 'csm')).status).toBe(403);
  });

  it('runs from the command line with a progress bar and a summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rk-import-'));
    const path = join(dir, 'events.ndjson');
    await writeFile(path, [
      line({ id: 'cli_1', type: 'feature.used', timestamp: ts, data: { account_id: 'imp_a', feature: 'exports' } }),
      line({ id: 'cli_2', type: 'feature.used', timestamp: ts, data: { account_id: 'imp_a', feature: 'alerts' } }),
    ].join('\n'));
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'server/cli/import.ts', path, '--url', server.url], {
      env: { ...process.env, RK_JWT_SECRET: TEST_SECRET, NODE_ENV: 'test' },
    });
    expect(stdout).toContain('2 lines: 2 accepted, 0 already known, 0 rejected');
  });
});
