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
const WIDGETS = ['kpi-summary', 'customer-detail', 'churn-chart', 'health-distribution', 'at-risk-table', 'intervention-queue', 'churn-alerts'];

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

/** Chooses the first at-risk row as a user would (its customer cell): the demo opens the customer drawer. */
async function openFirstRow(page: Page): Promise<string> {
  const cell = page.locator('at-risk-table [part~="row"] [part~="customer"]').first();
  await cell.waitFor({ timeout: 20_000 });
  await cell.click();
  await page.locator('#drawer[open]').waitFor();
  return (await page.locator('at-risk-table [part~="row"]').first().getAttribute('data-id'))!;
}

/** Whether the page scrolls sideways (it must not, at any width). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
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

/**
 * Open alerts the bell can show, raised as a user's would be: an admin adds a rule every score meets
 * (no cooldown), then an escalated ticket moves the healthiest accounts' scores by a few points
 * (they stay healthy, so the at-risk list is as it was), until `count` more are open. The demo's
 * own alerts depend on the day it starts on; these do not.
 */
async function raiseAlerts(count: number) {
  const admin = { authorization: `Bearer ${await signToken({ sub: 'e2e-admin', role: 'admin', ttl: 600 }, JWT_SECRET)}`, 'content-type': 'application/json' };
  const rule = { id: `e2e_any_score_${randomUUID().slice(0, 8)}`, name: 'Any score (e2e)', condition: { metric: 'health_score', operator: 'gt', threshold: 0 }, channels: ['email'], severity: 'medium', cooldown_minutes: 0 };
  const created = await fetch(`${base}/api/alert-rules`, { method: 'POST', headers: admin, body: JSON.stringify(rule) });
  expect(created.status, await created.text()).toBe(201);
  const open = async () => ((await (await fetch(`${base}/api/alerts?state=open&limit=1`, { headers: admin })).json()) as { total: number }).total;
  const before = await open();
  const { customers } = (await (await fetch(`${base}/api/customer-success/customers?sort=churn_probability&limit=${count}`, { headers: admin })).json()) as { customers: Array<{ customer_id: string }> };
  for (const { customer_id } of customers) {
    const ticket = { ticket_id: `e2e-${randomUUID()}`, subject: 'Export fails', status: 'open', priority: 'urgent', escalated: true, satisfaction_rating: 1 };
    await postWebhook({ type: 'support.ticket.created', timestamp: new Date().toISOString(), data: { account_id: customer_id, ...ticket } });
  }
  await expect.poll(open, { timeout: 30_000 }).toBeGreaterThanOrEqual(before + count);
  // Later tests see the demo's own rules only.
  await fetch(`${base}/api/alert-rules/${rule.id}`, { method: 'DELETE', headers: admin });
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
    await openFirstRow(page);
    await page.locator('#detail [role=meter]').waitFor();
    await page.locator('#tab-portfolio').click();
    await page.locator('churn-chart canvas').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('moves the gauge and the table live when a signed webhook arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const meter = page.locator('#detail [role=meter]');
    await openFirstRow(page);
    await meter.waitFor();
    await page.waitForFunction(() => document.querySelector('customer-detail')?.getAttribute('account-id'));
    const customerId = await page.evaluate(() => document.querySelector('customer-detail')!.getAttribute('account-id')!);
    const before = Number(await meter.getAttribute('aria-valuenow'));
    // The demo starts on the most urgent customer, so the table shows it too.
    await page.waitForFunction((id) => (document.querySelector('at-risk-table')?.shadowRoot?.textContent ?? '').includes(id), customerId);
    // The user reads the drawer: the pointer is over it, not over the table (which would hold its
    // order, and keep a customer who left the list in place, until the pointer leaves).
    const drawerBox = (await page.locator('#drawer').boundingBox())!;
    await page.mouse.move(drawerBox.x + drawerBox.width / 2, drawerBox.y + drawerBox.height / 2);
    // Give the live connection a moment to open, then make the customer markedly healthier.
    await page.waitForTimeout(1500);
    await postWebhook({ type: 'payment.succeeded', timestamp: new Date().toISOString(), data: { account_id: customerId, amount: 500 } });
    for (let i = 0; i < 6; i++) {
      await postWebhook({ type: 'user.login', timestamp: new Date().toISOString(), data: { account_id: customerId, user_id: `e2e-${i}` } });
    }
    await postWebhook({ type: 'nps.response', timestamp: new Date().toISOString(), data: { account_id: customerId, score: 10 } });
    await page.waitForFunction(
      ([previous]) => {
        const gauge = document.querySelector('customer-detail')?.shadowRoot?.querySelector('health-gauge');
        const meterEl = gauge?.shadowRoot?.querySelector('[role=meter]');
        return meterEl && Number(meterEl.getAttribute('aria-valuenow')) !== previous;
      },
      [before],
      { timeout: 15_000 },
    );
    const after = Number(await meter.getAttribute('aria-valuenow'));
    expect(after).not.toBe(before);
    // The table's row shows the score the gauge shows, or the table has let the customer go as no
    // longer at risk. Read both at once: the later webhooks (and the demo's own activity) may move
    // the score again after the gauge's first move, and both follow.
    await page.waitForFunction(
      (id) => {
        const gauge = document.querySelector('customer-detail')?.shadowRoot?.querySelector('health-gauge')?.shadowRoot?.querySelector('[role=meter]');
        const row = document.querySelector('at-risk-table')?.shadowRoot?.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
        const shown = row?.querySelector('[aria-valuenow]')?.getAttribute('aria-valuenow');
        return !row || (shown != null && Number(shown) === Number(gauge?.getAttribute('aria-valuenow')));
      },
      customerId,
      { timeout: 15_000 },
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('has a live bell with the open alerts, inside the viewport, and Call/Email/Create task clicks that do not throw', async () => {
    for (const width of [1440, 375]) {
      await raiseAlerts(3);
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

  it('acknowledges an alert in the bell, shows it under Acknowledged with who, and pages both views from the server', async () => {
    await raiseAlerts(5);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const auth = { headers: { authorization: `Bearer ${await demoToken()}` } };
    const count = async (state: string) =>
      ((await (await fetch(`${base}/api/alerts?state=${state}&limit=1`, auth)).json()) as { total: number }).total;
    const before = { open: await count('open'), acknowledged: await count('acknowledged') };
    // A bell of two alerts a page in the demo's place, so its inbox has more pages than one.
    await page.locator('churn-alerts').evaluate((el) => {
      const paged = document.createElement('churn-alerts');
      paged.setAttribute('limit', '2');
      el.replaceWith(paged);
    });
    await page.locator('churn-alerts [part~="bell"]').click();
    const panel = page.locator('churn-alerts [part~="panel"]');
    await panel.locator('[part~="alert"]').first().waitFor();
    expect(await panel.locator('[part~="alert"]').count()).toBe(2);
    await panel.locator('[part~="load-more"]').click();
    await expect.poll(() => panel.locator('[part~="alert"]').count()).toBe(4);

    const first = panel.locator('[part~="alert"]').first();
    const id = await first.getAttribute('data-id');
    await first.locator('[part~="acknowledge"]').click();
    await expect.poll(() => count('acknowledged')).toBe(before.acknowledged + 1);
    expect(await count('open')).toBe(before.open - 1);

    await panel.locator('[part~="tab"][data-view="acknowledged"]').click();
    const acknowledged = panel.locator(`[part~="alert"][data-id="${id}"]`);
    await acknowledged.waitFor();
    // The server records the page's visitor (its token's subject) as who acknowledged; the widget says so.
    const { alerts } = (await (await fetch(`${base}/api/alerts?state=acknowledged&limit=200`, auth)).json()) as { alerts: Array<{ id: string; acknowledged_by: string }> };
    const by = alerts.find((a) => a.id === id)!.acknowledged_by;
    expect(by).toMatch(/^demo-visitor-/);
    expect(await acknowledged.locator('[part~="acknowledgement"]').textContent()).toContain(by);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps the spaces the built kit used to trim, and does not call a fresh queue overdue', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}/demo/`);
    const title = page.locator('intervention-queue [part~="title"]');
    await page.locator('intervention-queue [part~="item"]').first().waitFor({ timeout: 20_000 });
    expect(await title.textContent()).toMatch(/^Open interventions \(\d+\)$/);
    await openFirstRow(page);
    await page.locator('#detail [part~="component"]').first().waitFor();
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

  it('switches the At risk, Whole book, Portfolio and Model tabs with the keyboard; the portfolio shows the year of health history', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const atRisk = page.locator('#tab-at-risk');
    const portfolio = page.locator('#tab-portfolio');
    await page.locator('at-risk-table [part~="row"]').first().waitFor({ timeout: 20_000 });
    expect(await page.getByRole('tablist').getByRole('tab').count()).toBe(4);
    expect(await page.locator('#panel-portfolio').isHidden()).toBe(true);
    await atRisk.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#tab-book').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await portfolio.getAttribute('aria-selected')).toBe('true');
    expect(await atRisk.getAttribute('aria-selected')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-portfolio');
    // Roving tabindex: one tab stop for the list, the selected tab's.
    expect([await atRisk.getAttribute('tabindex'), await portfolio.getAttribute('tabindex')]).toEqual(['-1', '0']);
    expect(await page.locator('#panel-at-risk').isHidden()).toBe(true);
    await page.getByRole('tabpanel', { name: 'Portfolio' }).waitFor();

    // The whole book over the backfilled year: as many steps drawn as the server has.
    await page.locator('#history canvas').waitFor({ timeout: 20_000 });
    const drawnSteps = () =>
      page.evaluate(() => (document.querySelector('#history') as unknown as { chart?: { data: { labels?: unknown[] } } }).chart?.data.labels?.length ?? 0);
    await expect.poll(drawnSteps, { timeout: 20_000 }).toBeGreaterThan(0);
    const drawn = await drawnSteps();
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const history = (await (
      await fetch(`${base}/api/customer-success/health-history?from=${from}`, { headers: { authorization: `Bearer ${await demoToken()}` } })
    ).json()) as { steps: unknown[] };
    expect(history.steps.length).toBeGreaterThan(10);
    expect(drawn).toBe(history.steps.length);
    expect(await page.locator('#history [part~="summary"]').textContent()).toMatch(/\d/);
    await page.locator('health-distribution').getByText(/customers/).first().waitFor();
    await page.locator('churn-chart canvas').waitFor();

    // The Model tab: the churn model's runs, as the demo's own training left them (read-only: the demo token is a csm's).
    const model = page.locator('#tab-model');
    await page.keyboard.press('ArrowRight');
    expect(await model.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tabpanel', { name: 'Model' }).waitFor();
    const reportState = () => page.evaluate(() => (document.querySelector('churn-model-report') as unknown as { state: string }).state);
    await expect.poll(reportState, { timeout: 20_000 }).toMatch(/^(ready|empty)$/);
    expect(await page.locator('churn-model-report [part~="train-button"]').count()).toBe(0);

    // Home, End and wrapping arrows; the at-risk table comes back as it was.
    await page.keyboard.press('ArrowRight');
    expect(await atRisk.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await model.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await atRisk.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#panel-portfolio').isHidden()).toBe(true);
    await page.locator('at-risk-table [part~="row"]').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('opens the customer drawer on a row chosen with the keyboard; Escape closes it and focus returns to the row', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const drawer = page.locator('#drawer');
    const cell = page.locator('at-risk-table [part~="row"] [part~="customer"]').nth(1);
    await cell.waitFor({ timeout: 20_000 });
    expect(await drawer.isVisible()).toBe(false);
    const id = (await page.locator('at-risk-table [part~="row"]').nth(1).getAttribute('data-id'))!;
    await cell.focus();
    await page.keyboard.press('Space');
    await page.locator('#drawer[open]').waitFor();
    // The detail of that customer (one gauge), and focus inside the drawer (on its Close button).
    await page.locator('#drawer customer-detail [role=meter]').waitFor({ timeout: 20_000 });
    await page.locator('#detail [role=meter]').waitFor();
    expect(await page.locator('#detail').getAttribute('account-id')).toBe(id);
    expect(await page.locator('#drawer customer-detail [part~="customer-id"]').textContent()).toContain(id);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drawer-close');
    const box = (await drawer.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1440);
    expect(box.height).toBeLessThanOrEqual(900);

    await page.keyboard.press('Escape');
    await page.locator('#drawer:not([open])').waitFor({ state: 'attached' });
    expect(await drawer.isVisible()).toBe(false);
    const focused = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.closest('[part~="row"]')?.getAttribute('data-id');
    });
    expect(focused).toBe(id);

    // An alert's company opens it too, and the Close button closes it.
    await page.locator('churn-alerts [part~="bell"]').click();
    const company = page.locator('churn-alerts [part~="company"]').first();
    await company.waitFor({ timeout: 20_000 });
    await company.click();
    await page.locator('#drawer[open]').waitFor();
    await page.locator('#drawer-close').click();
    expect(await drawer.isVisible()).toBe(false);

    // The drawer leaves the header's bell usable; Escape closes the bell's panel first, then the drawer.
    await openFirstRow(page);
    await page.locator('churn-alerts [part~="bell"]').click();
    await page.locator('churn-alerts [part~="panel"] [part~="alert"]').first().waitFor();
    await page.keyboard.press('Escape');
    await page.locator('churn-alerts [part~="panel"]').waitFor({ state: 'hidden' });
    expect(await drawer.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await drawer.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps the queue in a side column that scrolls on its own, with no empty column and no sideways scrolling', async () => {
    for (const width of [1440, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${base}/demo/`);
      await page.locator('at-risk-table [part~="row"]').first().waitFor({ timeout: 20_000 });
      await page.locator('intervention-queue [part~="item"]').first().waitFor({ timeout: 20_000 });
      const layout = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().toJSON() as DOMRect;
        const queue = document.querySelector<HTMLElement>('.queue')!;
        return { work: box('.work'), queue: box('.queue'), kpis: box('.kpis'), client: queue.clientHeight, scroll: queue.scrollHeight };
      });
      // The queue's own scroll: bounded by the viewport at 1440 (not a 12,000 px column), and below the work at 375.
      expect(layout.scroll).toBeGreaterThan(layout.client);
      if (width === 1440) {
        expect(layout.queue.height).toBeLessThanOrEqual(900);
        expect(layout.queue.left).toBeGreaterThan(layout.work.right);
        // No empty grid column: the key figures span the work and the queue, the queue ends at the page's margin.
        expect(layout.kpis.right - layout.queue.right).toBeLessThan(1);
        expect(layout.work.left - layout.kpis.left).toBeLessThan(1);
      } else {
        expect(layout.queue.top).toBeGreaterThanOrEqual(layout.work.bottom);
        expect(Math.abs(layout.queue.left - layout.work.left)).toBeLessThan(1);
        expect(Math.abs(layout.queue.width - layout.work.width)).toBeLessThan(1);
      }
      const scrolled = await page.evaluate(async () => {
        const queue = document.querySelector<HTMLElement>('.queue')!;
        const pageY = window.scrollY;
        queue.scrollTop = 600;
        await new Promise(requestAnimationFrame);
        return { queue: queue.scrollTop, page: window.scrollY - pageY };
      });
      expect(scrolled.queue).toBeGreaterThan(0);
      expect(scrolled.page).toBe(0);

      // Nothing scrolls sideways: either tab, the drawer open, right to left.
      expect(await horizontalOverflow(page)).toBe(0);
      await page.locator('#tab-portfolio').click();
      await page.locator('#history canvas').waitFor({ timeout: 20_000 });
      expect(await horizontalOverflow(page)).toBe(0);
      await page.locator('#tab-at-risk').click();
      await openFirstRow(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.keyboard.press('Escape');
      await page.selectOption('#locale', 'ar');
      expect(await horizontalOverflow(page)).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('switches the language: lang on the root, every element with its text, numbers and dates in that language, right to left for Arabic', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${base}/demo/`);
    const table = page.locator('at-risk-table [part~="row"]').first();
    await table.waitFor({ timeout: 20_000 });
    // Money in the key figures as Intl writes it: "$43,301" in English, "43.301 $" in German.
    const kpiText = () => page.evaluate(() => document.querySelector('kpi-summary')?.shadowRoot?.textContent ?? '');
    await page.waitForFunction(() => /\$\d{1,3},\d{3}/.test(document.querySelector('kpi-summary')?.shadowRoot?.textContent ?? ''));
    await page.selectOption('#locale', 'de');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['de', 'ltr']);
    // The elements follow the root's lang: their own text is German too.
    await page.waitForFunction(() => document.querySelector('kpi-summary')?.shadowRoot?.querySelector('[part~="title"]')?.textContent?.trim() === 'Customer-Success-KPIs');
    await page.waitForFunction(() => /Gefährdete Kunden/.test(document.querySelector('at-risk-table')?.shadowRoot?.textContent ?? ''));
    await page.waitForFunction(() => /Abwanderungsalarme/.test(document.querySelector('churn-alerts')?.shadowRoot?.querySelector('[part~="bell"]')?.getAttribute('aria-label') ?? ''));
    await page.waitForFunction(() => /\d\.\d{3}\s\$/.test(document.querySelector('kpi-summary')?.shadowRoot?.textContent ?? ''));
    expect(await kpiText()).not.toMatch(/\$\d{1,3},\d{3}/);
    // Relative times too ("vor 3 Minuten").
    await page.waitForFunction(() => /vor \d+|jetzt/.test(document.querySelector('at-risk-table')?.shadowRoot?.textContent ?? ''));
    await page.selectOption('#locale', 'ar');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    // Right to left: the queue's column is on the left of the work.
    const [work, queue] = await Promise.all([page.locator('.work').boundingBox(), page.locator('.queue').boundingBox()]);
    expect(queue!.x + queue!.width).toBeLessThanOrEqual(work!.x);
    const sidebar = await (await page.$('#sidebar'))!.contentFrame();
    await sidebar!.waitForFunction(() => document.documentElement.dir === 'rtl' && document.querySelector('customer-health-card')?.getAttribute('locale') === 'ar');
    expect(errors).toEqual([]);
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
