/**
 * Every Storybook story renders in Debian's Chromium without page errors, console errors or a
 * Storybook error display, and with zero axe-core violations in its root; no story but the
 * "Security/Hostile data" ones shows a script payload, and those show theirs as text, unrun.
 * Each element's docs page lists its public API only, with CSS parts as text; the Getting started
 * and rk-provider pages render, and Getting started's token example mints a token the server accepts.
 *
 * Runs against storybook-static/ (`npm run build-storybook`, which `npm test` runs first). When
 * the build is missing or older than the stories, the .storybook config or the widgets, this file
 * builds it itself, so `npm run test:e2e` alone is never stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../server/auth';
import { HOSTILE_PAYLOADS } from '../../stories/support/hostile';

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
  tags: string[];
}

// Stories are known only from the build: build (if needed) while the file is collected.
ensureStorybookBuilt();
const entries = Object.values((JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, IndexEntry> }).entries);
const stories = entries.filter((entry) => entry.type === 'story');

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

/** The text and attribute values shown in the story root, shadow roots included (runs in the page). */
const deepText = (): string => {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? '');
      if (!(child instanceof Element)) continue;
      for (const attribute of child.attributes) parts.push(attribute.value);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  walk(document.querySelector('#storybook-root') ?? document.body);
  return parts.join('\n');
};

/** Elements in the story root that only a payload rendered as HTML would make (runs in the page). */
const injectedElements = (): string[] => {
  const found: string[] = [];
  const walk = (root: ParentNode): void => {
    for (const el of root.querySelectorAll('*')) {
      const handlers = [...el.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => ` ${attribute.name}`);
      const scriptLink = /^\s*javascript:/i.test(el.getAttribute('href') ?? '');
      if (el.localName === 'script' || (el.localName === 'img' && el.getAttribute('src') === 'x') || handlers.length > 0 || scriptLink) {
        found.push(`<${el.localName}${handlers.join('')}${scriptLink ? ' href="javascript:…"' : ''}>`);
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document.querySelector('#storybook-root') ?? document.body);
  return found;
};

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
        page.on('dialog', (dialog) => {
          errors.push(`dialog: ${dialog.message()}`);
          void dialog.dismiss();
        });
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

          const shownText = await page.evaluate(deepText);
          expect(await page.evaluate(() => (window as { __rkHostile?: unknown }).__rkHostile), 'a payload ran').toBeUndefined();
          expect(await page.evaluate(injectedElements), 'elements made from data').toEqual([]);
          if (story.tags.includes('hostile-data')) {
            // Shown, as text: the company name every hostile story has.
            expect(shownText).toContain(HOSTILE_PAYLOADS.image);
          } else {
            expect(shownText).not.toMatch(/<script|onerror|javascript:/i);
          }

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

interface ManifestMember {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  inheritedFrom?: { name: string };
}
interface ManifestElement {
  tagName: string;
  members?: ManifestMember[];
  attributes?: { name: string }[];
  events?: { name: string }[];
  slots?: { name: string }[];
  cssParts?: { name: string }[];
}

/** The kit's elements as the analyzer wrote them (the build's manifest), private members included. */
const elements = (JSON.parse(readFileSync(join(root, 'dist/widgets/custom-elements.json'), 'utf8')) as { modules: { declarations?: (ManifestElement & { kind: string })[] }[] }).modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.kind === 'class' && declaration.tagName);

/**
 * What an element's docs must not list: private and protected members, statics (`define`),
 * `_`/`#` names, and what the base classes have that is not an attribute (`apiClient`,
 * `liveStore`, `emit`…). A name the element also has as public API (an attribute, event…) is left out.
 */
function internalNames(element: ManifestElement): string[] {
  const members = element.members ?? [];
  const internal = (m: ManifestMember) => m.privacy === 'private' || m.privacy === 'protected' || m.static || /^[_#]/.test(m.name) || (m.inheritedFrom && !m.attribute);
  const publicNames = new Set([
    ...members.filter((m) => !internal(m)).map((m) => m.name),
    ...[element.attributes, element.events, element.slots].flatMap((list) => (list ?? []).map((item) => item.name)),
  ]);
  return [...new Set(members.filter(internal).map((m) => m.name))].filter((name) => !publicNames.has(name));
}

/** A docs page of the build, once Storybook has rendered its content (and its arg table, `table`). */
async function openDocs(page: Page, id: string, { table = true } = {}): Promise<void> {
  await page.goto(`${base}/iframe.html?id=${encodeURIComponent(id)}&viewMode=docs&globals=a11y.manual:!true`);
  await page.waitForSelector('.sbdocs-content h1', { timeout: 60_000 });
  if (table) await page.waitForSelector('table.docblock-argstable tbody tr td + td', { timeout: 60_000 });
}

/** The arg table's rows: name, and whether the row has a control (a category's header row is left out). */
const argRows = (page: Page) =>
  page.$$eval('table.docblock-argstable tbody tr', (rows) =>
    rows
      .filter((row) => row.children.length > 2)
      .map((row) => ({ name: row.children[0]!.textContent!.trim(), control: row.querySelector('input, textarea, select, button') !== null })),
  );

describe('Storybook docs', () => {
  let page: Page;
  let errors: string[] = [];
  beforeAll(async () => {
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  });
  afterAll(() => page?.close());

  it('has a docs page for every element of the kit', () => {
    const docs = new Set(entries.filter((entry) => entry.type === 'docs').map((entry) => entry.id));
    expect(elements.map((element) => element.tagName).filter((tag) => !docs.has(`widgets-${tag}--docs`))).toEqual([]);
    expect(internalNames(elements.find((element) => element.tagName === 'at-risk-table')!)).toEqual(expect.arrayContaining(['apiClient', 'liveStore', 'emit', 'define', 'contextClient']));
  });

  for (const element of elements) {
    it(`<${element.tagName}>'s page lists its public API only, with CSS parts as text`, async () => {
      errors = [];
      await openDocs(page, `widgets-${element.tagName}--docs`);
      const rows = await argRows(page);
      const names = rows.map((row) => row.name);
      expect(names.filter((name) => internalNames(element).includes(name)), 'internal members in the docs').toEqual([]);
      expect(names.filter((name) => /^[_#]/.test(name))).toEqual([]);
      expect(names).toEqual(expect.arrayContaining((element.attributes ?? []).map((attribute) => attribute.name)));
      // Slots keep their own rows: the default one named, `empty` no longer taken by the part of that name.
      expect(names).toEqual(expect.arrayContaining((element.slots ?? []).map((slot) => slot.name || '(default slot)')));
      for (const part of element.cssParts ?? []) {
        const row = rows.find((r) => r.name === `::part(${part.name})`);
        expect(row, `::part(${part.name})`).toBeDefined();
        expect(row!.control, `::part(${part.name}) has a control`).toBe(false);
      }
      expect(errors).toEqual([]);
    });
  }

  it('renders the Getting started page', async () => {
    errors = [];
    await openDocs(page, 'guides-getting-started--docs', { table: false });
    expect(await page.locator('.sbdocs-content h1').textContent()).toBe('Getting started');
    const headings = await page.locator('.sbdocs-content h2').allTextContents();
    expect(headings).toEqual(['1. One script tag', '2. Choose a role for the embedded dashboard', '3. Mint a short-lived token on your server', '4. Refresh the token before it expires', 'Next']);
    // The code blocks are highlighted once the highlighter has loaded.
    const code = () => page.locator('.sbdocs-content pre').allTextContents().then((blocks) => blocks.join('\n'));
    for (const text of ['retention-kit.loader.js', 'mintDashboardToken', 'curl -s -H "Authorization: Bearer $TOKEN"', 'provider.token = token']) {
      await expect.poll(code).toContain(text);
    }
    expect(errors).toEqual([]);
  });

  it('renders the rk-provider page: what it provides, its attributes, one provider for many widgets', async () => {
    errors = [];
    await openDocs(page, 'widgets-rk-provider--docs');
    expect(await page.locator('.sbdocs-content h1').textContent()).toBe('rk-provider');
    expect(await page.locator('.sbdocs-content h2').allTextContents()).toEqual(expect.arrayContaining(['What it provides', 'One provider for many widgets']));
    const names = (await argRows(page)).map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(['api', 'token', 'enable-live', 'rk-live-status', '(default slot)']));
    expect(names).not.toContain('ownClient');
    expect(names).not.toContain('connection');
    // The example: two widgets under the one provider.
    await expect.poll(() => page.locator('.sbdocs-content rk-provider > kpi-summary, .sbdocs-content rk-provider > health-gauge').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});

describe("Getting started's token example", () => {
  const secret = 'a-test-secret-of-at-least-32-characters!';
  let dir: string;
  beforeAll(() => {
    const mdx = readFileSync(join(root, 'stories/getting-started.mdx'), 'utf8');
    const source = mdx.match(/^```js mint-token\.mjs\n([\s\S]*?)^```$/m)?.[1];
    if (!source) throw new Error('stories/getting-started.mdx has no mint-token.mjs example');
    // A folder where `jose` resolves as in a host app.
    dir = mkdtempSync(join(tmpdir(), 'rk-getting-started-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(root, 'node_modules/jose'), join(dir, 'node_modules/jose'), 'dir');
    writeFileSync(join(dir, 'mint-token.mjs'), source);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const mint = (...args: string[]) =>
    spawnSync(process.execPath, ['mint-token.mjs', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, RK_JWT_SECRET: secret } });

  it('mints a ten-minute viewer token the server accepts', async () => {
    const before = Date.now();
    const run = mint('dana@example.com', 'viewer');
    expect(run.stderr).toBe('');
    const principal = await verifyToken(run.stdout.trim(), secret);
    expect(principal).toMatchObject({ sub: 'dana@example.com', role: 'viewer', accountId: null });
    expect(principal.expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(principal.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('mints a member token for one account, and no admin token', async () => {
    const member = await verifyToken(mint('portal-user', 'member', 'cust_1').stdout.trim(), secret);
    expect(member).toMatchObject({ role: 'member', accountId: 'cust_1' });
    const admin = mint('root', 'admin');
    expect(admin.status).not.toBe(0);
    expect(admin.stdout).toBe('');
    expect(admin.stderr).toContain('no embedded dashboard for role admin');
  });
});
