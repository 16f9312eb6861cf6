/**
 * The built kit (dist/widgets, `npm run build:widgets`; built here when missing) in Debian's
 * Chromium: the autoloader loads each element when its tag appears (with the provider first,
 * whatever order the chunks arrive in), two copies on one page warn instead of throwing, the
 * classic loader is idempotent, and Chart.js stays out of every widget chunk until a chart is drawn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importClosure } from '../../vite.config';
import { finance, healthResponse, kpis } from '../widgets/support/fixtures';

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
/** Milliseconds to hold back files of dist/widgets whose path contains the key (chunk arrival order). */
const delays = new Map<string, number>();
/** The authorization header of every /api request. */
const apiAuthorizations: string[] = [];
const API: Record<string, unknown> = {
  '/api/customer-success/health/cust_e2e': healthResponse({ customer_id: 'cust_e2e', health_score: 64 }),
  '/api/customer-success/kpis': kpis(),
  '/api/finance/summary': finance(),
};
const DEFAULT_BODY = '<health-gauge score="72"></health-gauge><kpi-summary></kpi-summary>';

/**
 * dist/widgets under two prefixes (/a/ and /b/: two copies of the kit, as when a host and a
 * plugin each embed it), a host page at /page?src=…&src=…[&body=…] with those scripts and that
 * body, and the few API routes of `API`.
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
        <body>${url.searchParams.get('body') ?? DEFAULT_BODY}</body></html>`;
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    }
    if (url.pathname in API) {
      apiAuthorizations.push(req.headers.authorization ?? '');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(API[url.pathname]));
    }
    const delay = [...delays].find(([key]) => url.pathname.includes(key))?.[1];
    if (delay) await new Promise((done) => setTimeout(done, delay));
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

const pageUrl = (src: string[], body?: string) => {
  const query = new URLSearchParams(src.map((s) => ['src', s]));
  if (body !== undefined) query.set('body', body);
  return `${base}/page?${query}`;
};

function readManifest(name: string): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(dist, '.vite', name), 'utf8')) as Record<string, ManifestChunk>;
}

/** Every tag of the kit: one per widget folder with a define.ts (the per-widget entries). */
const kitTags = () =>
  Object.keys(readManifest('manifest.widgets.json'))
    .filter((key) => /^widgets\/[^/]+\/define\.ts$/.test(key))
    .map((key) => key.split('/')[1]!);

beforeAll(async () => {
  if (!['retention-kit.js', 'retention-kit.loader.js', 'health-gauge.js', 'retention-kit-all.js'].every((file) => existsSync(join(dist, file)))) {
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

afterEach(() => {
  delays.clear();
  apiAuthorizations.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

describe('the built kit', () => {
  it('keeps Chart.js out of retention-kit.js and every widget chunk, in a chunk loaded by import()', () => {
    const manifest = readManifest('manifest.json');
    const entry = manifest['widgets/autoloader.ts'];
    expect(entry?.file).toBe('retention-kit.js');
    const importsOf = (key: string) => manifest[key]?.imports;
    const initial = importClosure('widgets/autoloader.ts', importsOf);
    // What a page showing every widget has loaded before its first chart.
    const widgets = new Set([...initial, ...(entry!.dynamicImports ?? []).flatMap((key) => [...importClosure(key, importsOf)])]);
    expect(widgets.size).toBeGreaterThan(initial.size);
    for (const key of widgets) {
      expect(readFileSync(join(dist, manifest[key]!.file), 'utf8'), manifest[key]!.file).not.toContain(CHART_JS_MARKER);
    }
    const chart = manifest['widgets/core/chart-loader.ts'];
    expect(chart?.file).toMatch(/^chunks\/chart-loader-[\w-]+\.js$/);
    expect(widgets.has('widgets/core/chart-loader.ts')).toBe(false);
    expect([...widgets].some((key) => manifest[key]?.dynamicImports?.includes('widgets/core/chart-loader.ts'))).toBe(true);
    expect([...initial].some((key) => manifest[key]?.dynamicImports?.includes('widgets/core/chart-loader.ts'))).toBe(false);
    expect(readFileSync(join(dist, chart!.file), 'utf8')).toContain(CHART_JS_MARKER);
  });

  it('has a stable-named entry per widget folder and type declarations with the tag map', () => {
    const folders = kitTags();
    expect(folders).toContain('health-gauge');
    for (const tag of folders) expect(existsSync(join(dist, `${tag}.js`)), `${tag}.js`).toBe(true);
    expect(readManifest('manifest.widgets.json')['widgets/index.ts']?.file).toBe('retention-kit-all.js');
    const types = join(dist, 'types/widgets/health-gauge/define.d.ts');
    if (existsSync(types)) {
      expect(readFileSync(types, 'utf8')).toMatch(/HTMLElementTagNameMap[\s\S]*'health-gauge': HealthGauge/);
      // The widgets' declarations import the wire contract: it ships beside them.
      expect(readFileSync(join(dist, 'types/contract/rest.d.ts'), 'utf8')).toMatch(/type CustomerHealth\b/);
      // …whose types are generated from the server's OpenAPI document, shipped beside them too.
      expect(readFileSync(join(dist, 'types/contract/openapi.d.ts'), 'utf8')).toMatch(/interface components\b/);
    }
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
      // The provider is defined by the entry itself; a widget is defined by whichever copy's chunk comes first.
      expect(seen.warnings.some((w) => w.includes('<rk-provider> is already defined'))).toBe(true);
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
      // No chart on the page: Chart.js is never fetched, nor the code of widgets not on it.
      expect(seen.requests.some((p) => p.includes('chart-loader'))).toBe(false);
      expect(seen.requests.filter((p) => /\/chunks\/(at-risk-table|churn-alerts|intervention-queue)-/.test(p))).toEqual([]);
      expect(seen.warnings.filter((w) => w.includes('retention-kit'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the autoloader (retention-kit.js)', () => {
  it('defines every element of the kit when its tag is in the page, and only then', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      const tags = kitTags();
      await page.goto(pageUrl(['/a/retention-kit.js'], '<p>No widget yet.</p>'));
      await page.waitForFunction(() => customElements.get('rk-provider') !== undefined);
      // Every tag is registered at once (by a placeholder), but only the provider's code has run.
      expect(await page.evaluate((all) => all.filter((tag) => customElements.get(tag) === undefined), tags)).toEqual([]);
      expect(await page.evaluate((all) => all.filter((tag) => 'updateComplete' in (customElements.get(tag)?.prototype ?? {})), tags)).toEqual(['rk-provider']);

      await page.goto(pageUrl(['/a/retention-kit.js'], tags.map((tag) => `<${tag}></${tag}>`).join('')));
      await page.waitForFunction((all) => all.every((tag) => 'updateComplete' in (customElements.get(tag)?.prototype ?? {})), tags, { timeout: 10_000 });
      await page.waitForLoadState('networkidle');
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('brings with a widget the elements it draws in its own shadow root', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(pageUrl(['/a/retention-kit.js'], '<customer-health-card></customer-health-card>'));
      await page.waitForFunction(() => 'updateComplete' in (customElements.get('customer-health-card')?.prototype ?? {}), undefined, { timeout: 10_000 });
      expect(await page.evaluate(() => [document.querySelector('health-gauge'), 'updateComplete' in (customElements.get('health-gauge')?.prototype ?? {})])).toEqual([null, true]);
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('loads elements added later, deep in an added subtree, and in a host\'s shadow root', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(pageUrl(['/a/retention-kit.js'], '<p>No widget yet.</p>'));
      await page.waitForFunction(() => customElements.get('rk-provider') !== undefined);
      await page.evaluate(() => {
        const section = document.createElement('section');
        section.innerHTML = '<div><churn-alerts></churn-alerts></div>';
        document.body.append(section, document.createElement('kpi-summary'));
      });
      await page.waitForFunction(() => ['churn-alerts', 'kpi-summary'].every((tag) => 'updateComplete' in (customElements.get(tag)?.prototype ?? {})), undefined, { timeout: 10_000 });

      // In a host's own shadow root too: connecting the element is what loads it.
      await page.evaluate(() => {
        const host = document.createElement('div');
        document.body.append(host);
        host.attachShadow({ mode: 'open' }).innerHTML = '<health-distribution></health-distribution>';
      });
      await page.waitForFunction(() => 'updateComplete' in (customElements.get('health-distribution')?.prototype ?? {}), undefined, { timeout: 10_000 });
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('fetches a widget chunk and the chunks it imports side by side, not one after the other', async () => {
    delays.set('/chunks/kpi-summary-', 1_000);
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      const widgetRequested = page.waitForRequest((request) => request.url().includes('/chunks/kpi-summary-'));
      await page.goto(pageUrl(['/a/retention-kit.js'], '<kpi-summary></kpi-summary>'), { waitUntil: 'domcontentloaded' });
      await widgetRequested;
      // Well before the held-back widget chunk arrives, its shared dependency is on its way.
      await page.waitForTimeout(300);
      expect(seen.requests.some((path) => path.includes('/chunks/widget-core-'))).toBe(true);
      await page.waitForFunction(() => 'updateComplete' in (customElements.get('kpi-summary')?.prototype ?? {}), undefined, { timeout: 10_000 });
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps the properties a host set before the element\'s code arrived', async () => {
    delays.set('/chunks/health-gauge-', 500);
    const page = await browser.newPage();
    const seen = watch(page);
    try {
      await page.goto(pageUrl(['/a/retention-kit.js'], '<p>A React host renders its gauge.</p>'));
      await page.waitForFunction(() => customElements.get('rk-provider') !== undefined);
      const loadedWhenSet = await page.evaluate((data) => {
        const gauge = document.createElement('health-gauge') as HTMLElement & { data: unknown };
        gauge.data = data;
        document.body.append(gauge);
        return 'updateComplete' in gauge;
      }, healthResponse({ health_score: 37 }));
      expect(loadedWhenSet).toBe(false);
      await rendered(page, 'health-gauge');
      await page.locator('health-gauge [role=meter]').waitFor();
      expect(await page.locator('health-gauge [role=meter]').getAttribute('aria-valuenow')).toBe('37');
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  for (const late of ['/chunks/health-gauge-', '/chunks/kpi-summary-', '/chunks/widget-core-']) {
    it(`connects the widgets to their provider when ${late.slice(8, -1)} arrives last`, async () => {
      delays.set(late, 600);
      const page = await browser.newPage();
      const seen = watch(page);
      try {
        await page.goto(
          pageUrl(['/a/retention-kit.js'], '<rk-provider token="t"><health-gauge customer-id="cust_e2e"></health-gauge><div><kpi-summary></kpi-summary></div></rk-provider>'),
        );
        await page.waitForFunction(
          () => ['health-gauge', 'kpi-summary'].every((tag) => (document.querySelector(tag) as (Element & { state?: string }) | null)?.state === 'ready'),
          undefined,
          { timeout: 10_000 },
        );
        const shared = await page.evaluate(() => {
          const provider = document.querySelector('rk-provider') as Element & { client: unknown };
          return ['health-gauge', 'kpi-summary'].map((tag) => (document.querySelector(tag) as Element & { apiClient: unknown }).apiClient === provider.client);
        });
        expect(shared).toEqual([true, true]);
        expect(await page.locator('health-gauge [role=meter]').getAttribute('aria-valuenow')).toBe('64');
        expect(apiAuthorizations.length).toBeGreaterThanOrEqual(3);
        expect(new Set(apiAuthorizations)).toEqual(new Set(['Bearer t']));
        expect(seen.errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
