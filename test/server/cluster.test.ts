/**
 * Two real server processes (`server/main.ts`, as `npm start` runs it) on one real PostgreSQL:
 * what a load balancer in front of several instances sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { EventSource } from 'eventsource';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../server/auth';
import { createDb, queryRows, type Db } from '../../server/db/index';
import { TEST_SECRET, TEST_WEBHOOK_SECRET } from './support/app';
import { postWebhook } from './support/server';

interface Instance {
  child: ChildProcess;
  url: string;
  output: string[];
}

const baseUrl = process.env.TEST_DATABASE_URL;

async function startInstance(databaseUrl: string, name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Instance> {
  // node itself, not npx: a SIGKILL must reach the server, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      RK_JWT_SECRET: TEST_SECRET,
      RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      RK_DEMO: 'true',
      RK_DEMO_ACCOUNTS: '20',
      RK_DEMO_ACTIVITY: 'false',
      RK_SCHEDULER_TICK_SECONDS: '1',
      RK_DATA_DIR: `/tmp/rk-cluster-${name}`,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = output.join('').match(/listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output.join('')}`)));
  });
  return { child, url, output };
}

function collect(url: string) {
  const received: Array<{ id: number; account: string }> = [];
  const source = new EventSource(url);
  source.addEventListener('customer_health_update', (event) => {
    received.push({ id: Number(event.lastEventId), account: JSON.parse(event.data).account_id });
  });
  return { source, received };
}

async function until(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh database on the test server; `drop()` removes it. */
async function freshDatabase() {
  const name = `rk_cluster_${randomBytes(4).toString('hex')}`;
  const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe.runIf(baseUrl)('two instances on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  let a: Instance;
  let b: Instance;
  let token: string;
  let databaseUrl: string;

  const ticket = async (instance: Instance, query: string) => {
    const res = await fetch(`${instance.url}/api/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return `${instance.url}${(await res.json()).url}${query}`;
  };
  const paymentFailed = (account: string) => ({ type: 'payment.failed', timestamp: new Date().toISOString(), data: { account_id: account, amount: 1 } });
  /** Accounts a failed payment moves: live and paying (the demo generator decides which those are). */
  const payingAccounts = async (count: number) =>
    (
      await queryRows<{ id: string }>(
        db.orm,
        sql`select id from accounts where churned_at is null and payment_status = 'current' order by id limit ${count}`,
      )
    ).map((row) => row.id);
  const loginFor = (account: string) => ({ type: 'user.login', timestamp: new Date().toISOString(), data: { account_id: account, user_id: `u-${Math.random()}` } });

  beforeAll(async () => {
    database = await freshDatabase();
    databaseUrl = database.url;
    // A seeds the empty database; B starts on the seeded one.
    a = await startInstance(databaseUrl, 'a');
    b = await startInstance(databaseUrl, 'b');
    db = await createDb({ kind: 'postgres', url: databaseUrl, maxConnections: 2 });
    token = await signToken({ sub: 'cluster-test', role: 'admin', ttl: 600 }, TEST_SECRET);
  }, 120_000);
  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill('SIGKILL');
    await db?.close();
    await database?.drop();
  });

  it('delivers an event accepted by A to a stream on B', async () => {
    const [account] = (await payingAccounts(1)) as [string];
    const stream = collect(await ticket(b, `&types=customer_health_update&account_ids=${account}`));
    try {
      await until(() => stream.source.readyState === EventSource.OPEN, 'the stream to open');
      expect((await postWebhook(a.url, paymentFailed(account))).status).toBe(200);
      await until(() => stream.received.length > 0, 'the update on B');
      expect(stream.received[0]!.account).toBe(account);
    } finally {
      stream.source.close();
    }
  });

  it('resumes on A with no gap and no duplicate after B is killed mid-stream', async () => {
    const accounts = (await payingAccounts(4)).slice(1);
    expect(accounts).toHaveLength(3);
    const filter = `&types=customer_health_update&account_ids=${accounts.join(',')}`;
    const [{ start }] = (await queryRows<{ start: number }>(db.orm, sql`select coalesce(max(id), 0)::int as start from live_events`)) as [{ start: number }];
    const first = collect(await ticket(b, `${filter}&last_event_id=${start}`));
    let sending = true;
    // A steady flow of activity through A, each event rescoring one of the accounts.
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        await postWebhook(a.url, i % 2 ? loginFor(accounts[i % 3]!) : paymentFailed(accounts[i % 3]!));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await until(() => first.received.length >= 3, 'events on B');
    b.child.kill('SIGKILL');
    await until(() => first.source.readyState !== EventSource.OPEN, 'the stream on B to drop');
    first.source.close();
    const lastId = first.received.at(-1)!.id;

    const second = collect(await ticket(a, `${filter}&last_event_id=${lastId}`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    sending = false;
    await sender;
    const expected = async () =>
      (
        await queryRows<{ id: number }>(
          db.orm,
          sql`select id from live_events where type = 'customer_health_update' and id > ${start}
              and account_id = any(${sql.param(accounts)}::text[]) order by id`,
        )
      ).map((r) => Number(r.id));
    await until(async () => second.received.at(-1)?.id === (await expected()).at(-1), 'A to catch up');
    second.source.close();
    const ids = [...first.received, ...second.received].map((e) => e.id);
    expect(ids).toEqual(await expected());
  });

  it('ran each due scheduled job once with two instances up', async () => {
    const [{ jobs }] = (await queryRows<{ jobs: number }>(db.orm, sql`select count(*)::int as jobs from scheduled_jobs`)) as [{ jobs: number }];
    // Make every job due now; both instances tick every second.
    await db.orm.execute(sql`update scheduled_jobs set next_run_at = now() - interval '1 minute'`);
    await until(
      async () =>
        (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from scheduled_jobs where next_run_at <= now()`))[0]!.n === 0,
      'all jobs to run',
    );
    // B was killed above: start another to have two up again, then make the jobs due once more.
    b = await startInstance(databaseUrl, 'b2');
    const before = [a, b].map((i) => i.output.join('').match(/scheduled job \w+ ran/g)?.length ?? 0);
    await db.orm.execute(sql`update scheduled_jobs set next_run_at = now() - interval '1 minute'`);
    await until(
      async () =>
        (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from scheduled_jobs where next_run_at <= now()`))[0]!.n === 0,
      'all jobs to run again',
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = [a, b].map((i) => i.output.join('').match(/scheduled job \w+ ran/g)?.length ?? 0);
    expect(after[0]! - before[0]! + (after[1]! - before[1]!)).toBe(jobs);
  }, 60_000);
});

describe.runIf(baseUrl)('RK_WORKERS=2: one port, two worker processes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let server: Instance;
  const workers = () => [...server.output.join('').matchAll(/worker (\d) pid (\d+)/g)].map((m) => ({ index: Number(m[1]), pid: Number(m[2]) }));
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    database = await freshDatabase();
    server = await startInstance(database.url, 'workers', { RK_WORKERS: '2' });
    await until(() => workers().length === 2, 'both workers to listen');
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    for (const { pid } of workers()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await database?.drop();
  });

  it('serves from two worker processes: the seeding ran once, and live events reach a stream whichever worker holds it', async () => {
    expect(new Set(workers().map((w) => w.index))).toEqual(new Set([0, 1]));
    expect(server.output.join('').match(/Empty database: loading/g)).toHaveLength(1);
    // An account whose score a failed payment must move: live, and paying until now.
    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    const [{ id: account }] = (await client`select id from accounts where churned_at is null and payment_status = 'current' order by id limit 1`) as unknown as [{ id: string }];
    await client.end();
    const token = await signToken({ sub: 'workers-test', role: 'admin', ttl: 600 }, TEST_SECRET);
    const res = await fetch(`${server.url}/api/events/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const stream = collect(`${server.url}${(await res.json()).url}&types=customer_health_update&account_ids=${account}`);
    try {
      await until(() => stream.source.readyState === EventSource.OPEN, 'the stream to open');
      // Several posts: the connections land on both workers.
      for (let i = 0; i < 4; i++) expect((await postWebhook(server.url, { type: 'payment.failed', timestamp: new Date().toISOString(), data: { account_id: account, amount: 1 } })).status).toBe(200);
      await until(() => stream.received.length > 0, 'the update');
    } finally {
      stream.source.close();
    }
  });

  it('replaces a worker that dies, and stops them all on SIGTERM', async () => {
    const [victim] = workers();
    process.kill(victim!.pid, 'SIGKILL');
    await until(() => workers().length === 3, 'a replacement worker');
    const replacement = workers().at(-1)!;
    expect(replacement.index).toBe(victim!.index);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers().filter((w) => alive(w.pid))).toEqual([]);
  }, 30_000);
});
