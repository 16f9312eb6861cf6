/**
 * The built kit (dist/widgets, `npm run build:widgets`; built here when missing) in Debian's
 * Chromium: two copies on one page warn instead of throwing, the classic loader is idempotent,
 * and Chart.js stays out of the entry until a chart is drawn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist/widgets');
/** A string from Chart.js's core (its canvas acquisition error), absent from the kit's own code. */
const CHART_JS_MARKER = "can't acquire context";

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

let server: http.Server;
let base: string;
let browser: Browser;

/**
 * dist/widgets under two prefixes (/a/ and /b/: two copies of the kit, as when a host and a
 * plugin each embed it) and a host page at /page?src=…&src=… with those scripts.
 */
function serve(): Promise<http.Server> {
  const distRoot = resolve(dist);
  const s = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/page') {
      const tags = url.searchParams
        .getAll('src')
        .map((src) => (src.includes('.loader.') ? `<script src="${src}"></script>` : `<script type="module" src="${src}"></script>`))
        .join('\n');
      const body = `<!doctype html><html lang="en"><head><title>Host</title>${tags}</head>
        <body><health-gauge score="72"></health-gauge><kpi-summary></kpi-summary></body></html>`;
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    }
    const match = /^\/(a|b)(\/.*)$/.exec(url.pathname);
    const file = match ? normalize(join(distRoot, match[2]!)) : '';
    if (!match || !file.startsWith(distRoot + sep)) return res.writeHead(404).end();
    try {
      const type = extname(file) === '.js' ? 'text/javascript; charset=utf-8' : 'application/json';
      res.writeHead(200, { 'content-type': type }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => s.listen(0, '127.0.0.1', () => done(s)));
}

function watch(page: Page) {
  const errors: string[] = [];
  const warnings: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  return { errors, warnings, requests };
}

const rendered = (page: Page, tag: string) =>
  page.waitForFunction((t) => (document.querySelector(t)?.shadowRoot?.childElementCount ?? 0) > 0, tag, { timeout: 10_000 });

beforeAll(async () => {
  if (!existsSync(join(dist, 'retention-kit.js')) || !existsSync(join(dist, 'retention-kit.loader.js')) || !existsSync(join(dist, 'health-gauge.js'))) {
    const built = spawnSync('npm', ['run', 'build:widgets'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build:widgets failed:\n${built.stdout}\n${built.stderr}`);
  }
  server = await serve();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

describe('the built kit', () => {
  it('keeps Chart.js out of retention-kit.js and its static imports, in a chunk loaded by import()', () => {
    const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const entry = manifest['widgets/index.ts'];
    expect(entry?.file).toBe('retention-kit.js');
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    visit('widgets/index.ts');
    for (const key of seen) {
      expect(readFileSync(join(dist, manifest[key]!.file), 'utf8'), manifest[key]!.file).not.toContain(CHART_JS_MARKER);
    }
    const chart = manifest['widgets/core/chart-loader.ts'];
    expect(chart?.file).toMatch(/^chunks\/chart-loader-[\w-]+\.js$/);
    expect(seen.has('widgets/core/chart-loader.ts')).toBe(false);
    expect([...seen].some((key) => manifest[key]?.dynamicImports?.includes('widgets/core/chart-loader.ts'))).toBe(true);
    expect(readFileSync(join(dist, chart!.file), 'utf8')).toContain(CHART_JS_MARKER);
  });

  it('has a stable-named entry per widget folder and type declarations with the tag map', () => {
    const folders = Object.keys(JSON.parse(readFileSync(join(dist, '.vite/manifest.widgets.json'), 'utf8')) as Record<string, ManifestChunk>)
      .filter((key) => /^widgets\/[^/]+\/define\.ts$/.test(key))
      .map((key) => key.split('/')[1]!);
    expect(folders).toContain('health-gauge');
    for (const tag of folders) expect(existsSync(join(dist, `${tag}.js`)), `${tag}.js`).toBe(true);
    const types = join(dist, 'types/health-gauge/define.d.ts');
    if (existsSync(types)) expect(readFileSync(types, 'utf8')).toMatch(/HTMLElementTagNameMap[\s\S]*'health-gauge': HealthGauge/);
  });

  it('warns, does not throw, when a second copy of the kit is loaded', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(`${base}/page?src=/a/retention-kit.js&src=/b/retention-kit.js`);
      await rendered(page, 'health-gauge');
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/b/retention-kit.js')));
      await page.waitForLoadState('networkidle');
      expect(seen.errors).toEqual([]);
      expect(seen.requests).toContain('/b/retention-kit.js');
      expect(seen.warnings.some((w) => w.includes('<health-gauge> is already defined'))).toBe(true);
      expect(await page.locator('health-gauge [role=meter]').getAttribute('aria-valuenow')).toBe('72');
    } finally {
      await page.close();
    }
  });

  it('mixes a single-widget entry with the whole kit without errors', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(`${base}/page?src=/a/health-gauge.js&src=/a/retention-kit.js`);
      await rendered(page, 'health-gauge');
      await rendered(page, 'kpi-summary');
      await page.waitForLoadState('networkidle');
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('loads the kit from the classic loader next to it, once even when included twice', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(`${base}/page?src=/b/retention-kit.loader.js&src=/b/retention-kit.loader.js`);
      await rendered(page, 'health-gauge');
      await page.waitForLoadState('networkidle');
      expect(seen.errors).toEqual([]);
      const injected = await page.evaluate(() => [...document.querySelectorAll('script[type=module]')].map((s) => (s as HTMLScriptElement).src));
      expect(injected).toEqual([`${base}/b/retention-kit.js`]);
      expect(seen.requests.filter((p) => p === '/b/retention-kit.js')).toHaveLength(1);
      // No chart on the page: Chart.js is never fetched.
      expect(seen.requests.some((p) => p.includes('chart-loader'))).toBe(false);
      expect(seen.warnings.filter((w) => w.includes('retention-kit'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
