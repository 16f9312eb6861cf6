/**
 * Every Storybook story renders in Debian's Chromium without page errors, console errors or a
 * Storybook error display, and with zero axe-core violations in its root.
 *
 * Runs against storybook-static/ (`npm run build-storybook`, which `npm test` runs first). When
 * the build is missing or older than the stories, the .storybook config or the widgets, this file
 * builds it itself, so `npm run test:e2e` alone is never stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const staticDir = join(root, 'storybook-static');
const indexFile = join(staticDir, 'index.json');
const axePath = join(root, 'node_modules/axe-core/axe.min.js');

/** Newest modification time under `dir` (recursively), 0 if it does not exist. */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureStorybookBuilt(): void {
  const sources = Math.max(...['stories', '.storybook', 'widgets'].map((dir) => newest(join(root, dir))));
  if (existsSync(indexFile) && statSync(indexFile).mtimeMs >= sources) return;
  const build = spawnSync('npm', ['run', 'build-storybook'], { cwd: root, encoding: 'utf8', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } });
  if (build.status !== 0) throw new Error(`npm run build-storybook failed:\n${build.stdout}\n${build.stderr}`);
}

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
}

// Stories are known only from the build: build (if needed) while the file is collected.
ensureStorybookBuilt();
const stories = Object.values((JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, IndexEntry> }).entries).filter(
  (entry) => entry.type === 'story',
);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** storybook-static over loopback HTTP (Storybook's iframe needs http:, not file:). */
function serveStatic(dir: string): Promise<http.Server> {
  const base = resolve(dir);
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== base && !file.startsWith(base + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

let server: http.Server;
let base: string;
let browser: Browser;
let context: BrowserContext;
const userDataDir = mkdtempSync(join(tmpdir(), 'rk-e2e-storybook-'));

beforeAll(async () => {
  server = await serveStatic(staticDir);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  rmSync(userDataDir, { recursive: true, force: true });
});

type Shown = 'rendered' | 'failed';

/**
 * Shows `story` in `page`: the first story of a page is loaded from its URL, the next ones are
 * switched to through Storybook's channel, as Storybook's own UI does, which spares reloading the
 * preview bundle for every story. Resolves once Storybook says the story rendered or failed.
 */
async function show(page: Page, story: IndexEntry): Promise<Shown> {
  const loaded = await page.evaluate(() => '__STORYBOOK_ADDONS_CHANNEL__' in window).catch(() => false);
  if (!loaded) {
    // a11y.manual: the addon's own automatic axe run stays off; this test runs axe itself.
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`);
    await page.waitForFunction(() => /sb-show-(main|errordisplay|nopreview)/.test(document.body.className), undefined, { timeout: 20_000 });
    return (await page.evaluate(() => document.body.classList.contains('sb-show-main'))) ? 'rendered' : 'failed';
  }
  return page.evaluate(
    (id) =>
      new Promise<Shown>((resolve) => {
        type Channel = { on(event: string, fn: (payload: unknown) => void): void; off(event: string, fn: (payload: unknown) => void): void; emit(event: string, payload: unknown): void };
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: Channel }).__STORYBOOK_ADDONS_CHANNEL__;
        const events: Record<string, Shown> = { storyRendered: 'rendered', storyErrored: 'failed', storyThrewException: 'failed', storyMissing: 'failed' };
        const handlers = Object.entries(events).map(([event, result]) => {
          const handler = (payload: unknown) => {
            if (event === 'storyRendered' && payload !== id) return;
            for (const [e, h] of handlers) channel.off(e, h);
            resolve(result);
          };
          channel.on(event, handler);
          return [event, handler] as const;
        });
        channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' });
      }),
    story.id,
  );
}

/** Resolves once no request has been in flight for `quietMs` (lazy chunks such as Chart.js included). */
function networkQuiet(page: Page, quietMs = 150): Promise<void> {
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    const check = () => {
      clearTimeout(timer);
      if (inFlight === 0) timer = setTimeout(done, quietMs);
    };
    const started = () => {
      inFlight++;
      clearTimeout(timer);
    };
    const ended = () => {
      inFlight = Math.max(0, inFlight - 1);
      check();
    };
    const done = () => {
      page.off('request', started).off('requestfinished', ended).off('requestfailed', ended);
      resolve();
    };
    page.on('request', started).on('requestfinished', ended).on('requestfailed', ended);
    check();
  });
}

/** Waits until every element inside the story root has finished updating, and lazy chunks have loaded. */
async function settle(page: Page): Promise<void> {
  const quiet = networkQuiet(page);
  await page.evaluate(async () => {
    const all = (node: ParentNode): Element[] =>
      [...node.querySelectorAll('*')].flatMap((el) => [el, ...(el.shadowRoot ? all(el.shadowRoot) : [])]);
    for (let round = 0; round < 3; round++) {
      const pending = all(document.querySelector('#storybook-root') ?? document.body)
        .map((el) => (el as Element & { updateComplete?: Promise<unknown> }).updateComplete)
        .filter(Boolean);
      await Promise.all(pending);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    }
  });
  await quiet;
}

/** Stories grouped by component: one page per component, stories switched inside it. */
const byTitle = new Map<string, IndexEntry[]>();
for (const story of stories) byTitle.set(story.title, [...(byTitle.get(story.title) ?? []), story]);

describe('Storybook stories', () => {
  it('has stories to check', () => {
    expect(stories.length).toBeGreaterThan(0);
  });

  for (const [title, group] of byTitle) {
    describe(title, () => {
      let page: Page;
      let errors: string[] = [];
      beforeAll(async () => {
        page = await context.newPage();
        page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          const url = message.location().url;
          // Chromium asks every new origin for /favicon.ico; Storybook has none at that path.
          if (url.endsWith('/favicon.ico')) return;
          errors.push(`console: ${message.text()}${url ? ` (${url})` : ''}`);
        });
      });
      afterAll(() => page?.close());

      for (const story of group) {
        it(`${story.name} renders without errors and axe violations`, async () => {
          errors = [];
          const shown = await show(page, story);
          await settle(page);
          const errorDisplay = await page.evaluate(() =>
            document.body.classList.contains('sb-show-errordisplay') ? (document.querySelector('#error-message')?.textContent ?? 'error display') : null,
          );
          expect(errorDisplay, 'Storybook error display').toBeNull();
          expect(shown, 'Storybook reported a failed render').toBe('rendered');
          expect(await page.locator('#storybook-root > *').count(), 'nothing rendered').toBeGreaterThan(0);

          if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
          const violations = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run(context: string, options: RunOptions): Promise<AxeResults> } }).axe;
            const result = await axe.run('#storybook-root', { resultTypes: ['violations'] });
            return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' >>> ')).join(', ')}`);
          });
          expect(violations).toEqual([]);
          expect(errors).toEqual([]);
        });
      }
    });
  }
});
