/**
 * `<at-risk-table>` with 100 and 1,000 rows, in Debian's Chromium, from the built kit:
 *
 *   first render  `.data` set inside `<rk-provider>` → rows laid out (the live store seeded);
 *   re-sort       a click on the Health header → rows laid out in the new order;
 *   keystroke     one character typed into (or deleted from) the search box → rows laid out;
 *   live update   one `customer_health_update` moving a row to the top → laid out.
 *
 *   npx tsx bench/at-risk-table.ts [--runs 9]
 *
 * Each figure is the median over the runs, from the action to the end of the forced layout
 * (script, style and layout; not paint). The 1,000/100 ratio says how the cost grows with the
 * rows: 10 would be linear. Nothing is asserted.
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
import '/w/retention-kit.js';

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

const rows = (table) => table.shadowRoot.querySelectorAll('tbody tr').length;
/** Waits for the element's update (and the live store's seeding after it), then forces layout. */
async function settled(table) {
  await table.updateComplete;
  await new Promise((done) => queueMicrotask(done));
  await table.updateComplete;
  return table.shadowRoot.querySelector('[part~="base"]').offsetHeight;
}
async function time(action, table) {
  const start = performance.now();
  await action();
  await settled(table);
  return performance.now() - start;
}

window.runBench = async (size, runs) => {
  const data = many(size);
  const result = { render: [], sort: [], keystroke: [], live: [] };
  const host = document.getElementById('host');
  for (let run = 0; run < runs; run++) {
    host.replaceChildren();
    const provider = document.createElement('rk-provider');
    const table = document.createElement('at-risk-table');
    table.maxAtRiskCustomers = size;
    table.data = data;
    provider.append(table);
    result.render.push(await time(() => host.append(provider), table));
    if (rows(table) !== size) throw new Error('expected ' + size + ' rows, got ' + rows(table));

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
    if (table.shadowRoot.querySelector('tbody tr').dataset.id !== last.customer_id) throw new Error('the live update did not move the row');
  }
  host.replaceChildren();
  return result;
};
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

type Steps = Record<'render' | 'sort' | 'keystroke' | 'live', number[]>;
const LABELS: [keyof Steps, string][] = [
  ['render', 'first render'],
  ['sort', 're-sort'],
  ['keystroke', 'filter keystroke'],
  ['live', 'live health update'],
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
