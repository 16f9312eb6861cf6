/**
 * `<at-risk-table>` with 100 and 1,000 rows, in Debian's Chromium, from the built kit:
 *
 *   first render  `.data` set inside `<rk-provider>` → rows laid out;
 *   re-sort       a click on the Health header → rows laid out in the new order;
 *   keystroke     one character typed into (or deleted from) the search box → rows laid out;
 *   live update   one `customer_health_update` moving a row to the top → laid out;
 *   scroll        the page scrolled by one screen → the rows now in view laid out (from the
 *                 scroll event: the wait for the frame is the browser's, not the table's);
 *   End key       End pressed on the first row → the last row rendered, scrolled to and focused.
 *
 *   npx tsx bench/at-risk-table.ts [--runs 9]
 *
 * Each figure is the median over the runs, from the action to the end of the forced layout
 * (script, style and layout; not paint). The table renders only the rows in view (and a few
 * beyond), so each step also waits for the frames after it until the rendered rows stop changing:
 * rows brought in a frame late count in the figure. After each step the screen is checked to show
 * rows, not the gap that stands for rows out of view. The 1,000/100 ratio says how the cost grows
 * with the rows: 10 would be linear, 1 flat. Nothing is asserted.
 *
 * Needs dist/widgets (`npm run build:widgets`); nothing is built here. The page loads
 * retention-kit.js only: mixing it with per-widget entries would load two copies of the signals
 * library, and the table would not see the provider store's changes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const RUNS = Math.max(3, Number(values.runs) || 9);
const SIZES = [100, 1000] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, 'dist/widgets');

const kit = join(dist, 'retention-kit.js');
if (!existsSync(kit) || !/["'`]at-risk-table["'`]/.test(readFileSync(kit, 'utf8'))) {
  console.error('dist/widgets is missing or has no <at-risk-table>: run `npm run build:widgets` first.');
  process.exit(1);
}

/**
 * The page's side, as plain JavaScript (a function handed to page.evaluate would carry the
 * helpers tsx adds to TypeScript functions). `runBench(size, runs)` returns milliseconds per step.
 */
const BENCH_JS = `
import { discover } from '/w/retention-kit.js';

const HOUR = 3600000;
const now = Date.now();
function many(count) {
  return Array.from({ length: count }, (_, i) => ({
    customer_id: 'c-' + String(i).padStart(4, '0'),
    company_name: 'Company ' + ((i * 7919) % count),
    last_health_score: (i * 37) % 50,
    predicted_churn_score: i % 13 === 0 ? null : ((i * 53) % 100) / 100,
    intervention_priority: i % 3 === 0 ? 'critical' : 'high',
    risk_factors: i % 2 ? ['declining_usage'] : ['payment_failed', 'no_login_14d'],
    last_updated: new Date(now - (i % 97) * HOUR).toISOString(),
  }));
}

const rendered = (table) => table.shadowRoot.querySelectorAll('tbody tr[data-id]');
const frame = () => new Promise((done) => requestAnimationFrame(done));
/** What the table shows: its rendered rows and the heights of the gaps between them. */
const snapshot = (table) =>
  [...table.shadowRoot.querySelectorAll('tbody tr')].map((tr) => tr.dataset.id ?? tr.firstElementChild.style.height).join();
/** Waits for the element's update, then forces layout. */
async function settled(table) {
  await table.updateComplete;
  return table.shadowRoot.querySelector('[part~="base"]').offsetHeight;
}
/** Settled, then frame by frame until the rendered rows stop changing: the time of the last change. */
async function finished(table) {
  await settled(table);
  let end = performance.now();
  for (let before = snapshot(table); ; ) {
    await frame();
    await settled(table);
    const now = snapshot(table);
    if (now === before) break;
    before = now;
    end = performance.now();
  }
  return end;
}
/** Throws unless the table's visible part shows rows at its top, middle and bottom. */
function expectRowsOnScreen(table) {
  const box = table.shadowRoot.querySelector('tbody').getBoundingClientRect();
  const top = Math.max(box.top, 0) + 2;
  const bottom = Math.min(box.bottom, innerHeight) - 2;
  for (const y of [top, (top + bottom) / 2, bottom]) {
    const hit = table.shadowRoot.elementFromPoint(box.left + box.width / 2, y);
    if (!hit?.closest('tr[data-id]')) throw new Error('no row on screen at y=' + Math.round(y) + ': ' + (hit?.outerHTML.slice(0, 80) ?? 'nothing'));
  }
}
async function time(action, table) {
  const start = performance.now();
  await action();
  const end = await finished(table);
  expectRowsOnScreen(table);
  return end - start;
}

window.runBench = async (size, runs) => {
  const data = many(size);
  const result = { render: [], sort: [], keystroke: [], live: [], scroll: [], end: [] };
  const host = document.getElementById('host');
  for (let run = 0; run < runs; run++) {
    host.replaceChildren();
    const provider = document.createElement('rk-provider');
    const table = document.createElement('at-risk-table');
    table.maxAtRiskCustomers = size;
    table.data = data;
    provider.append(table);
    result.render.push(await time(() => host.append(provider), table));
    const count = table.shadowRoot.querySelector('table').getAttribute('aria-rowcount');
    if (count !== String(size + 1)) throw new Error('expected aria-rowcount ' + (size + 1) + ', got ' + count);

    const health = table.shadowRoot.querySelector('button[data-sort="health"]');
    result.sort.push(await time(() => health.click(), table));

    const input = table.shadowRoot.querySelector('[part~="search"]');
    const type = (value) => () => {
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    result.keystroke.push(await time(type('4'), table));
    result.keystroke.push(await time(type(''), table));

    // The healthiest row turns critical: it moves from the bottom to the top.
    const last = table.customers[table.customers.length - 1];
    result.live.push(
      await time(() => provider.store.apply({
        type: 'customer_health_update',
        id: run + 1,
        data: {
          account_id: last.customer_id,
          company_name: last.company_name,
          health_score: 0,
          previous_health_score: last.last_health_score,
          status: 'churn_risk',
          risk_level: 'critical',
          churn_probability: 0.99,
          intervention_priority: 'critical',
          risk_factors: ['payment_failed'],
          components: {},
          computed_at: new Date(Date.now() + run * 1000).toISOString(),
        },
      }), table),
    );
    if (rendered(table)[0].dataset.id !== last.customer_id) throw new Error('the live update did not move the row');

    // From the scroll event, which the browser sends at the next frame.
    let scrolled = 0;
    addEventListener('scroll', () => (scrolled = performance.now()), { capture: true, once: true });
    scrollBy(0, innerHeight);
    while (!scrolled) await frame();
    result.scroll.push((await finished(table)) - scrolled);
    expectRowsOnScreen(table);
    scrollTo(0, 0);
    await finished(table);

    const lastId = table.customers[table.customers.length - 1].customer_id;
    const first = rendered(table)[0].querySelector('th');
    first.focus();
    result.end.push(
      await time(() => first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true })), table),
    );
    const focused = table.shadowRoot.activeElement;
    const cell = focused.getBoundingClientRect();
    if (focused.closest('tr').dataset.id !== lastId || cell.top < 0 || cell.bottom > innerHeight) throw new Error('End did not bring the last row into view');
    scrollTo(0, 0);
  }
  host.replaceChildren();
  return result;
};
// The kit loads an element's code when it first sees one (every tag is defined at once, by a
// placeholder until then): show it one of each and wait for that code, out of the timings.
const probe = document.createElement('div');
probe.hidden = true;
probe.innerHTML = '<rk-provider><at-risk-table></at-risk-table></rk-provider>';
document.body.append(probe);
await discover(probe);
probe.remove();
window.benchReady = true;
`;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>at-risk-table bench</title>
<script type="module" src="/bench.js"></script></head><body><div id="host" style="width: 1200px"></div></body></html>`;

function serve(): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (path === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(BENCH_JS);
    const file = normalize(join(dist, path.replace(/^\/w\//, '/')));
    if (!path.startsWith('/w/') || !file.startsWith(dist + sep)) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

type Steps = Record<'render' | 'sort' | 'keystroke' | 'live' | 'scroll' | 'end', number[]>;
const LABELS: [keyof Steps, string][] = [
  ['render', 'first render'],
  ['sort', 're-sort'],
  ['keystroke', 'filter keystroke'],
  ['live', 'live health update'],
  ['scroll', 'scroll one screen'],
  ['end', 'End key'],
];

const server = await serve();
const userDataDir = mkdtempSync(join(tmpdir(), 'rk-bench-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium asks every new origin for /favicon.ico; the bench serves none.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction('window.benchReady === true', undefined, { timeout: 10_000 }).catch(() => {
    throw new Error(`the bench page did not start: ${errors.join('; ') || 'no error reported'}`);
  });
  // One throwaway pass: the first run of anything pays for compilation.
  await page.evaluate(`runBench(${SIZES[0]}, 2)`);
  const results = new Map<number, Steps>();
  for (const size of SIZES) results.set(size, (await page.evaluate(`runBench(${size}, ${RUNS})`)) as Steps);

  const [small, large] = SIZES.map((size) => results.get(size) as Steps) as [Steps, Steps];
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  console.log(`<at-risk-table> from retention-kit.js, medians of ${RUNS} runs (keystroke: ${RUNS * 2})\n`);
  console.log(`${'step'.padEnd(20)}${'100 rows'.padStart(10)}${'1,000 rows'.padStart(12)}${'1,000/100'.padStart(11)}`);
  for (const [key, label] of LABELS) {
    const a = median(small[key]);
    const b = median(large[key]);
    console.log(`${label.padEnd(20)}${ms(a)}${ms(b).padStart(12)}${`${(b / a).toFixed(1)}×`.padStart(11)}`);
  }
  if (errors.length > 0) console.log(`\nPage errors:\n  ${errors.join('\n  ')}`);
} finally {
  await context.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
