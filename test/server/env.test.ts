/**
 * The environment `npm start` reads (server/env.ts), and what the real entry point does with it
 * in production: refuse to start without secrets, never load demo data by itself.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '../../server/auth';
import { isDemoMode, loadEnv } from '../../server/env';
import { TEST_SECRET, TEST_WEBHOOK_SECRET } from './support/app';

describe('loadEnv', () => {
  it('gives the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 8787, RK_DATA_DIR: './.data', NODE_ENV: 'development', RK_RATE_LIMIT_PER_MINUTE: 100 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats a variable set to the empty string as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', PORT: '', RK_CORS_ORIGINS: '' })).toMatchObject({ PORT: 8787, RK_CORS_ORIGINS: null });
  });

  it('names every bad variable', () => {
    let message = '';
    try {
      loadEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty', RK_JWT_SECRET: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ {2}DATABASE_URL: /m);
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toContain('RK_JWT_SECRET: RK_JWT_SECRET must be at least 32 characters');
  });

  it('runs several worker processes only on PostgreSQL', () => {
    expect(() => loadEnv({ RK_WORKERS: '2' })).toThrow(/RK_WORKERS: RK_WORKERS above 1 needs DATABASE_URL/);
    expect(loadEnv({ RK_WORKERS: '2', DATABASE_URL: 'postgres://db.example/rk' }).RK_WORKERS).toBe(2);
    expect(loadEnv({}).RK_WORKERS).toBe(1);
  });

  it('requires the JWT and webhook secrets in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/RK_JWT_SECRET is required when NODE_ENV=production/);
    expect(() => loadEnv({ NODE_ENV: 'production', RK_JWT_SECRET: TEST_SECRET })).toThrow(/RK_WEBHOOK_SECRET is required/);
    expect(loadEnv({ NODE_ENV: 'production', RK_JWT_SECRET: TEST_SECRET, RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }).NODE_ENV).toBe('production');
  });

  it('is in demo mode only with RK_DEMO=true, whatever NODE_ENV says, and never in production', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(isDemoMode(loadEnv({ ...(NODE_ENV ? { NODE_ENV } : {}) })), NODE_ENV).toBe(false);
      expect(isDemoMode(loadEnv({ ...(NODE_ENV ? { NODE_ENV } : {}), RK_DEMO: 'true' })), NODE_ENV).toBe(true);
    }
    expect(() => loadEnv({ NODE_ENV: 'production', RK_JWT_SECRET: TEST_SECRET, RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, RK_DEMO: 'true' })).toThrow(
      /RK_DEMO: .*never with NODE_ENV=production/,
    );
  });

  it('refuses weak secrets in production, naming the variable and how to make a good one', () => {
    const production = { NODE_ENV: 'production', RK_JWT_SECRET: TEST_SECRET, RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET };
    const whsec = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        loadEnv({ ...production, ...env });
      } catch (error) {
        return (error as Error).message;
      }
      return 'started';
    };
    expect(refusal({ RK_JWT_SECRET: 'a'.repeat(32) })).toMatch(/RK_JWT_SECRET: RK_JWT_SECRET is too predictable.*openssl rand -base64 32/);
    expect(refusal({ RK_JWT_SECRET: 'password'.repeat(4) })).toMatch(/RK_JWT_SECRET is too predictable/);
    expect(refusal({ RK_JWT_SECRET: randomBytes(24).toString('base64').slice(0, 31) })).toMatch(/at least 32/);
    expect(refusal({ RK_WEBHOOK_SECRET: whsec(23) })).toMatch(/RK_WEBHOOK_SECRET: .*at least 24 bytes.*openssl rand -base64 32/);
    // While rotating, every key counts.
    expect(refusal({ RK_WEBHOOK_SECRET: `${whsec(32)} ${whsec(16)}` })).toMatch(/RK_WEBHOOK_SECRET: /);
    expect(refusal({ RK_ALERT_WEBHOOK_URL: 'https://hooks.example/a', RK_ALERT_WEBHOOK_SECRET: whsec(8) })).toMatch(/RK_ALERT_WEBHOOK_SECRET: /);
    // What the docs tell people to run passes, and so does a 32-character hex secret.
    expect(refusal({ RK_JWT_SECRET: randomBytes(32).toString('base64'), RK_WEBHOOK_SECRET: `${whsec(24)} ${whsec(32)}` })).toBe('started');
    expect(refusal({ RK_JWT_SECRET: '3f9a1c7e5b2d48e6a0c4f1b97d3e8a52' })).toBe('started');
    // Outside production a weak secret is the developer's business.
    expect(refusal({ NODE_ENV: 'development', RK_JWT_SECRET: 'a'.repeat(32), RK_WEBHOOK_SECRET: whsec(8) })).toBe('started');
  });
});

/** Runs `server/main.ts` as `npm start` does; resolves with its URL once listening, or its exit code and output. */
function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', RK_DEMO_ACTIVITY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const result = new Promise<{ url?: string; code?: number | null; output: string }>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, output });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
  return { child, result };
}

describe('a start without RK_DEMO=true', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads no demo data and serves neither the demo nor its session', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-env-'));
    // NODE_ENV unset, as in a container that forgot it: still no demo.
    const { child, result } = start({ NODE_ENV: '', RK_DEMO: '', RK_DATA_DIR: dir, RK_JWT_SECRET: TEST_SECRET, RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
    try {
      const { url, output } = await result;
      expect(url, output).toBeDefined();
      expect(output).not.toContain('demo accounts');
      expect(output).not.toContain('Demo:');
      for (const path of ['/demo/session', '/demo/', '/demo/sidebar.html']) expect((await fetch(`${url}${path}`)).status, path).toBe(404);
      const token = await signToken({ sub: 'ops', role: 'admin', ttl: 60 }, TEST_SECRET);
      const kpis = await fetch(`${url}/api/customer-success/kpis`, { headers: { authorization: `Bearer ${token}` } });
      expect((await kpis.json()).overview.total_customers).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('npm start with NODE_ENV=production', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rk-env-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('refuses to start without RK_JWT_SECRET, naming it', async () => {
    const { result } = start({ NODE_ENV: 'production', RK_DATA_DIR: await dataDir(), RK_JWT_SECRET: '' });
    const { code, output } = await result;
    expect(code).not.toBe(0);
    expect(output).toContain('RK_JWT_SECRET is required when NODE_ENV=production');
  });

  it('starts on an empty database without loading demo data or serving the demo', async () => {
    const { child, result } = start({
      NODE_ENV: 'production',
      RK_DATA_DIR: await dataDir(),
      RK_JWT_SECRET: TEST_SECRET,
      RK_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    });
    try {
      const { url, output } = await result;
      expect(url, output).toBeDefined();
      expect(output).not.toContain('demo accounts');
      const token = await signToken({ sub: 'ops', role: 'admin', ttl: 60 }, TEST_SECRET);
      const kpis = await fetch(`${url}/api/customer-success/kpis`, { headers: { authorization: `Bearer ${token}` } });
      expect(kpis.status).toBe(200);
      expect((await kpis.json()).overview.total_customers).toBe(0);
      expect((await fetch(`${url}/demo/session`)).status).toBe(404);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
