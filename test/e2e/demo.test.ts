/**
 * End to end: the real server as `npm start` runs it (embedded PGlite, demo data, the built
 * kit), driven in Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../server/auth';

const JWT_SECRET = 'e2e-secret-that-is-at-least-32-characters-long';
const WEBHOOK_SECRET = `whsec_${Buffer.from('retention-kit e2e webhook secret').toString('base64')}`;
const WIDGETS = ['kpi-summary', 'health-gauge', 'churn-chart', 'health-distribution', 'at-risk-table', 'intervention-queue', 'churn-alerts'];

let server: ChildProcess;
let base: string;
let browser: Browser;

async function startServer(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rk-e2e-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      NODE_ENV: 'development',
      RK_DATA_DIR: dataDir,
      RK_DEMO: 'true',
      RK_DEMO_ACCOUNTS: '80',
      RK_DEMO_ACTIVITY: 'false',
      // Several full page loads a minute from one address (each fetches the kit's chunks): not what this file tests.
      RK_RATE_LIMIT_PER_MINUTE: '5000',
      RK_JWT_SECRET: JWT_SECRET,
      RK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Console errors and uncaught exceptions of a page, collected for an assertion at the end. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** The demo session's token (a CSM's), as the demo page gets it. */
async function demoToken(): Promise<string> {
  return ((await (await fetch(`${base}/demo/session`)).json()) as { token: string }).token;
}

async function postWebhook(body: unknown) {
  const payload = JSON.stringify(body);
  const id = `e2e_${randomUUID()}`;
  const now = new Date();
  const res = await fetch(`${base}/api/webhooks/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(WEBHOOK_SECRET).sign(id, now, payload),
    },
    body: payload,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  base = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
});

describe('the demo, end to end', () => {
  it('renders every widget without console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    for (const tag of WIDGETS) {
      await page.waitForFunction((t) => {
        const el = document.querySelector(t);
        return !!el?.shadowRoot && el.shadowRoot.childElementCount > 0;
      }, tag);
    }
    // The data widgets leave their loading state with data, not an error.
    await page.locator('at-risk-table').getByRole('row').nth(1).waitFor();
    await page.locator('health-gauge [role=meter]').waitFor();
    await page.locator('churn-chart canvas').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('moves the gauge and the table live when a signed webhook arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const meter = page.locator('health-gauge [role=meter]');
    await meter.waitFor();
    await page.waitForFunction(() => document.querySelector('health-gauge')?.getAttribute('customer-id'));
    const customerId = await page.evaluate(() => document.querySelector('health-gauge')!.getAttribute('customer-id')!);
    const before = Number(await meter.getAttribute('aria-valuenow'));
    // The demo starts on the most urgent customer, so the table shows it too.
    await page.waitForFunction((id) => (document.querySelector('at-risk-table')?.shadowRoot?.textContent ?? '').includes(id), customerId);
    // Give the live connection a moment to open, then make the customer markedly healthier.
    await page.waitForTimeout(1500);
    await postWebhook({ type: 'payment.succeeded', timestamp: new Date().toISOString(), data: { account_id: customerId, amount: 500 } });
    for (let i = 0; i < 6; i++) {
      await postWebhook({ type: 'user.login', timestamp: new Date().toISOString(), data: { account_id: customerId, user_id: `e2e-${i}` } });
    }
    await postWebhook({ type: 'nps.response', timestamp: new Date().toISOString(), data: { account_id: customerId, score: 10 } });
    await page.waitForFunction(
      ([previous]) => {
        const meterEl = document.querySelector('health-gauge')?.shadowRoot?.querySelector('[role=meter]');
        return meterEl && Number(meterEl.getAttribute('aria-valuenow')) !== previous;
      },
      [before],
      { timeout: 15_000 },
    );
    const after = Number(await meter.getAttribute('aria-valuenow'));
    expect(after).not.toBe(before);
    // The table shows the same customer's new score, or has let it go as no longer at risk.
    await page.waitForFunction(
      ([id, score]) => {
        const table = document.querySelector('at-risk-table');
        const text = table?.shadowRoot?.textContent ?? '';
        return !text.includes(id as string) || text.includes(String(score));
      },
      [customerId, after],
      { timeout: 15_000 },
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('has a live bell with the open alerts, inside the viewport, and Call/Email/Create task clicks that do not throw', async () => {
    for (const width of [1440, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${base}/demo/`);
      // The bell loads the server's open alerts: a badge, not "No alerts."
      const badge = page.locator('churn-alerts [part~="badge"]');
      await badge.waitFor({ timeout: 20_000 });
      const open = (await (await fetch(`${base}/api/alerts?state=open&limit=1`, { headers: { authorization: `Bearer ${await demoToken()}` } })).json()) as { total: number };
      expect(open.total).toBeGreaterThan(0);
      expect(await badge.textContent()).toBe(open.total > 99 ? '99+' : String(open.total));
      const bell = await page.locator('churn-alerts [part~="bell"]').boundingBox();
      expect(bell!.x).toBeGreaterThanOrEqual(0);
      expect(bell!.x + bell!.width).toBeLessThanOrEqual(width);
      // Opened, the panel is in the top layer: the header keeps its height, the panel stays inside the viewport.
      const header = await page.locator('header.bar').boundingBox();
      await page.locator('churn-alerts [part~="bell"]').click();
      const panel = page.locator('churn-alerts [part~="panel"]');
      await panel.locator('[part~="alert"]').first().waitFor();
      expect((await page.locator('header.bar').boundingBox())!.height).toBe(header!.height);
      const box = (await panel.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await page.keyboard.press('Escape');

      // Every action of a row: the host's listener reads event.action, and nothing throws.
      const row = page.locator('at-risk-table [part~="row"]').first();
      await row.waitFor();
      const seen: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'info') seen.push(message.text());
      });
      for (const action of ['call', 'email', 'create-task']) {
        await row.locator(`[data-action="${action}"]`).click();
        await page.locator('at-risk-table [part~="row-message"]').first().waitFor();
      }
      await expect.poll(() => seen.filter((s) => s.startsWith('host sees')).length).toBe(3);
      expect(seen.some((s) => s.includes('undefined'))).toBe(false);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('keeps the spaces the built kit used to trim, and does not call a fresh queue overdue', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}/demo/`);
    const title = page.locator('intervention-queue [part~="title"]');
    await page.locator('intervention-queue [part~="item"]').first().waitFor({ timeout: 20_000 });
    expect(await title.textContent()).toMatch(/^Open interventions \(\d+\)$/);
    await page.locator('health-gauge [part~="component"]').first().waitFor();
    const names = await page.locator('health-gauge [part~="component"] .name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.replace(/\s+/g, ' ').trim()).toMatch(/^\S.* \(\d+% weight\)$/);
    // Demo interventions are due when their trigger opened them, minutes ago: within the hour's grace.
    const overdue = await page.locator('intervention-queue [part~="item"][data-overdue="true"]').count();
    const items = await page.locator('intervention-queue [part~="item"]').count();
    expect(overdue).toBeLessThan(items);
    for (const due of await page.locator('intervention-queue [part~="due"]').allTextContents()) {
      expect(due.replace(/\s+/g, ' ')).not.toMatch(/Overdue:\S/);
    }
    await page.close();
  }, 60_000);

  it('gives the sidebar iframe the page\'s dark theme: no light frame', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}/demo/`);
    await page.frameLocator('#sidebar').locator('customer-health-card [role=meter]').waitFor({ timeout: 20_000 });
    await page.selectOption('#theme', 'dark');
    const content = await (await page.$('#sidebar'))!.contentFrame();
    await content!.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const look = await content!.evaluate(() => ({
      scheme: getComputedStyle(document.documentElement).colorScheme,
      body: getComputedStyle(document.body).backgroundColor,
      card: document.querySelector('customer-health-card')!.getAttribute('theme'),
    }));
    expect(look).toEqual({ scheme: 'dark', body: 'rgba(0, 0, 0, 0)', card: 'dark' });
    expect(await page.$eval('#sidebar', (f) => getComputedStyle(f).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    await page.close();
  }, 60_000);

  it('fits the CRM sidebar iframe at 320 px without horizontal overflow', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${base}/demo/`);
    const frame = page.frameLocator('#sidebar');
    await frame.locator('customer-health-card [role=meter]').waitFor({ timeout: 20_000 });
    const handle = await page.$('#sidebar');
    const content = await handle!.contentFrame();
    const overflow = await content!.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      card: document.querySelector('customer-health-card')!.scrollWidth,
    }));
    expect(overflow.client).toBeLessThanOrEqual(320);
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    await page.close();
  }, 60_000);

  it('runs the plain host page under the demo pages\' Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    try {
      const res = await page.goto(`${base}/demo/plain.html`);
      expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('at-risk-table').getByRole('row').nth(1).waitFor({ timeout: 20_000 });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('loads the kit into a plain page on another origin with one script tag and a token', async () => {
    const token = await signToken({ sub: 'other-origin', role: 'viewer', ttl: 600 }, JWT_SECRET);
    const html = `<!doctype html><html lang="en"><head><title>Host</title>
      <script src="${base}/widgets/retention-kit.loader.js"></script></head><body>
      <rk-provider api="${base}" token="${token}"><kpi-summary></kpi-summary><at-risk-table></at-risk-table></rk-provider>
      </body></html>`;
    const host = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    // localhost vs 127.0.0.1: a different origin from the server's.
    const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}/`;
    const page = await browser.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(hostUrl);
      await page.locator('at-risk-table').getByRole('row').nth(1).waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => (document.querySelector('kpi-summary')?.shadowRoot?.textContent ?? '').match(/\d/));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      host.close();
    }
  }, 60_000);
});
