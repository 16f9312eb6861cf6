import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../widgets/index';
import { ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent, RkToggleEvent } from '../../widgets/core/events';
import type { HealthGauge } from '../../widgets/health-gauge/health-gauge';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { standaloneLive } from './support/connect';
import { part, text } from './support/dom';
import { healthResponse, healthUpdate, HOSTILE, statusOf } from './support/fixtures';

describe('<health-gauge>', () => {
  describe('bands at their boundaries', () => {
    const cases: [number, string, string][] = [
      [0, 'churn_risk', 'Churn risk'],
      [24, 'churn_risk', 'Churn risk'],
      [25, 'critical', 'Critical'],
      [49, 'critical', 'Critical'],
      [50, 'warning', 'Warning'],
      [69, 'warning', 'Warning'],
      [70, 'good', 'Good'],
      [84, 'good', 'Good'],
      [85, 'excellent', 'Excellent'],
      [100, 'excellent', 'Excellent'],
    ];
    for (const [score, status, label] of cases) {
      it(`score ${score} is ${label}`, async () => {
        const el = await fixture<HealthGauge>(html`<health-gauge score=${score}></health-gauge>`);
        const meter = part(el, 'gauge');
        expect(meter?.getAttribute('role')).to.equal('meter');
        expect(meter?.getAttribute('aria-valuenow')).to.equal(String(score));
        expect(meter?.getAttribute('aria-valuemin')).to.equal('0');
        expect(meter?.getAttribute('aria-valuemax')).to.equal('100');
        expect(meter?.getAttribute('aria-valuetext')).to.equal(`${score} of 100, ${label}`);
        expect(text(part(el, 'score'))).to.equal(String(score));
        const statusEl = part(el, 'status');
        expect(statusEl?.dataset.status).to.equal(status);
        expect(text(statusEl)).to.equal(label);
        // The value arc uses the band's colour, and covers `score` of 100.
        const value = el.shadowRoot?.querySelector('path.value');
        expect(value?.getAttribute('stroke')).to.equal(`var(--_rk-${status.replace('_', '-')})`);
        expect(value?.getAttribute('stroke-dasharray')).to.equal(`${score} 100`);
      });
    }

    it('draws the five bands with the spec colours', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge score="50"></health-gauge>`);
      const bands = [...(el.shadowRoot?.querySelectorAll<SVGPathElement>('path.band') ?? [])];
      expect(bands.map((b) => [b.dataset.status, b.getAttribute('stroke-dasharray'), b.getAttribute('stroke-dashoffset')])).to.deep.equal([
        ['excellent', '15 100', '-85'],
        ['good', '15 100', '-70'],
        ['warning', '20 100', '-50'],
        ['critical', '25 100', '-25'],
        ['churn_risk', '25 100', '0'],
      ]);
      const colours = bands.map((b) => getComputedStyle(b).stroke);
      expect(colours).to.deep.equal(['rgb(76, 175, 80)', 'rgb(139, 195, 74)', 'rgb(255, 152, 0)', 'rgb(244, 67, 54)', 'rgb(211, 47, 47)']);
    });

    it('clamps and rounds a bare score', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge score="130"></health-gauge>`);
      expect(part(el, 'gauge')?.getAttribute('aria-valuenow')).to.equal('100');
      el.score = -4;
      await el.updateComplete;
      expect(part(el, 'gauge')?.getAttribute('aria-valuenow')).to.equal('0');
      el.score = 69.6;
      await el.updateComplete;
      expect(part(el, 'status')?.dataset.status).to.equal('good');
    });

    it('follows the server status for data from the server', async () => {
      for (const score of [24, 25, 49, 50, 69, 70, 84, 85]) {
        const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ health_score: score, status: statusOf(score) })}></health-gauge>`);
        expect(part(el, 'status')?.dataset.status, `score ${score}`).to.equal(statusOf(score));
      }
    });
  });

  describe('attributes and properties', () => {
    it('renders a response set on .data: company, components with weights, 30-day change', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse()}></health-gauge>`);
      expect(el.state).to.equal('ready');
      expect(text(part(el, 'title'))).to.equal('Acme Robotics');
      expect(part(el, 'gauge')?.getAttribute('aria-label')).to.equal('Health score of Acme Robotics');
      const rows = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="component"]') ?? [])];
      expect(rows.map(text)).to.deep.equal([
        'Usage (30% weight) 80',
        'Engagement (25% weight) 65',
        'Satisfaction (25% weight) 70',
        'Value realization (20% weight) 68',
      ]);
      expect(rows[0]?.querySelector<HTMLElement>('.bar > span')?.style.width).to.equal('80%');
      expect(text(part(el, 'change'))).to.equal('▲ +5 up against 30 days ago');
    });

    it('shows a fall, no change and an unknown change in words', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ change_30d: -7.5 })}></health-gauge>`);
      expect(text(part(el, 'change'))).to.equal('▼ -7.5 down against 30 days ago');
      el.data = healthResponse({ change_30d: 0 });
      await el.updateComplete;
      expect(text(part(el, 'change'))).to.equal('No change against 30 days ago');
      el.data = healthResponse({ change_30d: null });
      await el.updateComplete;
      expect(text(part(el, 'change'))).to.equal('No score from 30 days ago');
    });

    it('says how much of the score stands on data, only when part of it is missing', async () => {
      const partial = healthResponse({
        coverage: 0.4,
        unknown_factors: ['milestone_completion', 'client_portfolio', 'support_rating', 'response_time', 'nps'],
      });
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${partial}></health-gauge>`);
      expect(text(part(el, 'coverage'))).to.equal('Based on 40% of the inputs: no adoption, support or NPS data yet');
      el.data = healthResponse({ coverage: 0.8, unknown_factors: ['support_rating', 'nps'] });
      await el.updateComplete;
      expect(text(part(el, 'coverage'))).to.equal('Based on 80% of the inputs: no support or NPS data yet');
      el.data = healthResponse({ coverage: 1, unknown_factors: ['nps'] });
      await el.updateComplete;
      expect(part(el, 'coverage')).to.equal(null);
      el.locale = 'de-DE';
      el.data = partial;
      await el.updateComplete;
      expect(text(part(el, 'coverage'))).to.contain('Basiert auf 40 % der Eingangsdaten');
    });

    it('renders unknown factor names it does not know as a generic input, never as markup', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ coverage: 0.5, unknown_factors: [HOSTILE] })}></health-gauge>`);
      expect(text(part(el, 'coverage'))).to.equal('Based on 50% of the inputs: no usage data yet');
      expect(part(el, 'coverage')?.children.length).to.equal(0);
    });

    it("draws the score's trend over its history as a sparkline with a text alternative", async () => {
      const history = [
        { ...healthResponse().history[0]!, taken_at: '2025-08-01T09:00:00.000Z', health_score: 90 },
        { ...healthResponse().history[0]!, taken_at: '2025-09-01T09:00:00.000Z', health_score: 40 },
      ];
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ history })}></health-gauge>`);
      const trend = part(el, 'trend');
      expect(trend?.getAttribute('role')).to.equal('img');
      // The two snapshots, then the current score (72, newer than the last snapshot).
      expect(trend?.getAttribute('aria-label')).to.equal('Score trend: 90 on Aug 1, 2025 to 72 on Oct 20, 2025');
      const points = trend?.querySelector('polyline')?.getAttribute('points')?.split(' ') ?? [];
      expect(points).to.have.length(3);
      expect(points[0]).to.equal('0.0,2.8');
      expect(points[2]?.startsWith('120.0,')).to.equal(true);
      expect(getComputedStyle(trend as Element).display).to.equal('block');
    });

    it('draws no trend from a single point or for a bare score', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ history: [] })}></health-gauge>`);
      expect(part(el, 'trend')).to.equal(null);
      const bare = await fixture<HealthGauge>(html`<health-gauge score="50"></health-gauge>`);
      expect(part(bare, 'trend')).to.equal(null);
    });

    it('falls back to the spec weights when there is no explanation', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse({ explanation: null })}></health-gauge>`);
      expect(text(el.shadowRoot?.querySelector('[data-component="usage"]') ?? null)).to.equal('Usage (30% weight) 80');
      expect(part(el, 'disclosure')).to.equal(null);
    });

    it('formats numbers in the locale attribute', async () => {
      const el = await fixture<HealthGauge>(
        html`<health-gauge locale="de-DE" .data=${healthResponse({ change_30d: 2.5, components: { usage: 80.5 } })}></health-gauge>`,
      );
      expect(text(part(el, 'change'))).to.contain('+2,5');
      expect(text(part(el, 'component'))).to.equal('Nutzung (Gewichtung 30 %) 80,5');
    });

    it('reflects theme, and the dark theme changes the colours', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge score="60"></health-gauge>`);
      expect(el.getAttribute('theme')).to.equal('auto');
      el.theme = 'light';
      await el.updateComplete;
      const light = getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor;
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      const dark = getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor;
      expect(light).to.equal('rgb(255, 255, 255)');
      expect(dark).to.equal('rgb(30, 30, 30)');
    });

    it('follows prefers-color-scheme unless theme="light", and calms motion for prefers-reduced-motion', async () => {
      try {
        await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
        const el = await fixture<HealthGauge>(html`<health-gauge score="60"></health-gauge>`);
        const base = part(el, 'base') as HTMLElement;
        expect(getComputedStyle(base).backgroundColor).to.equal('rgb(30, 30, 30)');
        expect(getComputedStyle(el.shadowRoot?.querySelector('path.value') as Element).transitionProperty).to.equal('none');
        el.theme = 'light';
        await el.updateComplete;
        expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
        await expectAccessible(el);
      } finally {
        await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
      }
    });

    it('takes --rk-* custom properties from an ancestor', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="--rk-color-good: rgb(1, 2, 3)"><health-gauge score="75"></health-gauge></div>`);
      const el = wrapper.querySelector('health-gauge') as HealthGauge;
      await el.updateComplete;
      expect(getComputedStyle(el.shadowRoot?.querySelector('path.value') as Element).stroke).to.equal('rgb(1, 2, 3)');
    });

    it('resets inherited text styles but keeps display block', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="letter-spacing: 7px; text-transform: uppercase; font-style: italic"><health-gauge score="75"></health-gauge></div>`,
      );
      const el = wrapper.querySelector('health-gauge') as HealthGauge;
      const style = getComputedStyle(el);
      expect(style.display).to.equal('block');
      expect(style.letterSpacing).to.equal('normal');
      expect(style.textTransform).to.equal('none');
      expect(style.fontStyle).to.equal('normal');
      expect(style.containerType).to.equal('inline-size');
    });
  });

  describe('explanation disclosure', () => {
    it('opens and closes from the keyboard, with aria-expanded and rk-toggle', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse()}></health-gauge>`);
      const button = part(el, 'disclosure') as HTMLButtonElement;
      const panel = part(el, 'explanation') as HTMLElement;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.getAttribute('aria-controls')).to.equal(panel.id);
      expect(panel.hidden).to.equal(true);

      button.focus();
      const opened = oneEvent<RkToggleEvent>(el, 'rk-toggle');
      await sendKeys({ press: 'Enter' });
      expect((await opened).open).to.equal(true);
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(panel.hidden).to.equal(false);
      expect(el.expanded).to.equal(true);
      expect(el.hasAttribute('expanded')).to.equal(true);

      const captions = [...panel.querySelectorAll('caption')].map(text);
      expect(captions).to.deep.equal([
        'Usage: 80 × 30% = 24 points',
        'Engagement: 65 × 25% = 16.3 points',
        'Satisfaction: 70 × 25% = 17.5 points',
        'Value realization: 68 × 20% = 13.6 points',
      ]);
      const firstRows = [...panel.querySelectorAll('table[data-component="usage"] tbody tr')].map(text);
      expect(firstRows).to.deep.equal(['Active seats 0.8 +40 of 50', 'Features used (capped) 12 +40 of 40']);
      expect(text(panel.querySelector('table[data-component="satisfaction"] tbody tr:last-child'))).to.equal('Open support tickets 2 -10 of 20');
      expect(text(panel.querySelector(':scope > p:last-of-type'))).to.equal('Weighted sum 71.4, rounded to 71.');

      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(panel.hidden).to.equal(true);
    });

    it('is reachable with Tab and shows a focus ring', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge .data=${healthResponse()}></health-gauge>`);
      const button = part(el, 'disclosure') as HTMLButtonElement;
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot?.activeElement).to.equal(button);
      expect(getComputedStyle(button).outlineStyle).to.equal('solid');
      expect(button.getBoundingClientRect().height).to.be.at.least(44);
    });

    it('can start open with the expanded attribute', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge expanded .data=${healthResponse()}></health-gauge>`);
      expect(part(el, 'disclosure')?.getAttribute('aria-expanded')).to.equal('true');
      expect((part(el, 'explanation') as HTMLElement).hidden).to.equal(false);
    });
  });

  describe('hostile text', () => {
    it('renders company names and factor labels as text, creating no element', async () => {
      const data = healthResponse({ company_name: HOSTILE, components: { [HOSTILE]: 50 } });
      const usage = data.explanation?.components.usage;
      if (usage?.contributions[0]) usage.contributions[0].label = HOSTILE;
      const el = await fixture<HealthGauge>(html`<health-gauge expanded .data=${data}></health-gauge>`);
      const root = el.shadowRoot as ShadowRoot;
      expect(root.querySelector('img')).to.equal(null);
      expect(text(part(el, 'title'))).to.equal(HOSTILE);
      expect(part(el, 'gauge')?.getAttribute('aria-label')).to.equal(`Health score of ${HOSTILE}`);
      expect(text(root.querySelector('table[data-component="usage"] tbody td'))).to.equal(HOSTILE);
      expect(text(part(el, 'component'))).to.contain('<img src=x onerror=alert(1)>');
    });
  });

  describe('states', () => {
    it('is empty without a score, id or data, with a slot for the message', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge></health-gauge>`);
      expect(el.state).to.equal('idle');
      expect(text(part(el, 'empty'))).to.equal('No health score yet.');
      expect(part(el, 'gauge')).to.equal(null);
      await expectAccessible(el);
    });

    it('shows a skeleton while loading, then an error with a retry button, and fires rk-error', async () => {
      // A real endpoint of the test server that answers 503 after 4 s.
      const el = await fixture<HealthGauge>(html`<health-gauge api="/__rk_test__/slow" token="t" customer-id="cust_acme"></health-gauge>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(el.shadowRoot?.querySelector('[role="status"]') ?? null)).to.equal('Loading health score…');
      await expectAccessible(el);

      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect(failed.bubbles).to.equal(true);
      expect(failed.composed).to.equal(true);
      expect(failed.error).to.be.instanceOf(ApiError);
      expect((failed.error as ApiError).status).to.equal(503);
      expect((failed.error as ApiError).code).to.equal('unavailable');
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('slow test endpoint');
      await expectAccessible(el);
    }).timeout(15_000);

    it('errors when the server refuses, retries from the retry button, and the event reaches document', async () => {
      const seen: RkErrorEvent[] = [];
      const origins: boolean[] = [];
      const listener = (e: RkErrorEvent) => {
        seen.push(e);
        origins.push(e.composedPath()[0] === document.querySelector('health-gauge'));
      };
      document.addEventListener('rk-error', listener);
      try {
        // The test server has no /api routes: a real 404.
        const el = await fixture<HealthGauge>(html`<health-gauge api="" token="t" customer-id="nobody"></health-gauge>`);
        await waitUntil(() => el.state === 'error', 'no error state', { timeout: 5_000 });
        await el.updateComplete;
        expect(seen.length).to.equal(1);
        expect(origins).to.deep.equal([true]);
        expect((seen[0]?.error as ApiError).status).to.equal(404);
        const retry = part(el, 'retry') as HTMLButtonElement;
        expect(text(retry)).to.equal('Retry');
        expect(retry.getBoundingClientRect().height).to.be.at.least(44);
        retry.focus();
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => seen.length === 2, 'the retry did not load again', { timeout: 5_000 });
        expect(el.state).to.equal('error');
      } finally {
        document.removeEventListener('rk-error', listener);
      }
    });

    it('reports a missing server configuration as an error', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge customer-id="cust_acme"></health-gauge>`);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect((el as unknown as { health: { error: ApiError } }).health.error.code).to.equal('not_configured');
    });

    it('shows data with an offline indicator while the live connection is down, and Live while it is up', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-gauge customer-id="cust_acme" .data=${healthResponse()}></health-gauge></rk-provider>`);
      const el = provider.querySelector('health-gauge') as HealthGauge;
      await el.updateComplete;
      expect(part(el, 'offline-indicator')).to.equal(null);
      expect(part(el, 'live-indicator')).to.equal(null);

      provider.store.status.set('live');
      await aTimeout(0);
      await el.updateComplete;
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessible(el);

      provider.store.status.set('offline');
      await aTimeout(0);
      await el.updateComplete;
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(text(part(el, 'score'))).to.equal('72');
      await expectAccessible(el);
    });

    it('standalone with enable-live: opens its own connection and shows offline when it cannot', async () => {
      const el = document.createElement('health-gauge');
      el.customerId = 'cust_acme';
      el.data = healthResponse();
      const { statuses, container } = standaloneLive(el);
      try {
        await waitUntil(() => statuses.includes('offline'), 'never offline', { timeout: 5_000 });
        await el.updateComplete;
        expect(statuses.slice(0, 2)).to.deep.equal(['connecting', 'offline']);
        expect(el.getAttribute('enable-live')).to.equal('');
        expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
        el.remove();
        expect(statuses.at(-1)).to.equal('idle');
      } finally {
        container.remove();
      }
    });

    it('is accessible when ready, collapsed and expanded, light and dark', async () => {
      const el = await fixture<HealthGauge>(html`<health-gauge theme="light" .data=${healthResponse()}></health-gauge>`);
      await expectAccessible(el);
      el.expanded = true;
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
      el.score = 10;
      el.data = undefined;
      await el.updateComplete;
      await expectAccessible(el);
    });
  });

  describe('live updates', () => {
    it('follows customer_health_update events for its customer from the provider store', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-gauge customer-id="cust_acme" .data=${healthResponse()}></health-gauge></rk-provider>`);
      const el = provider.querySelector('health-gauge') as HealthGauge;
      await el.updateComplete;

      provider.store.apply({ type: 'customer_health_update', id: 10, data: healthUpdate({ account_id: 'someone_else', health_score: 5 }) });
      await aTimeout(0);
      await el.updateComplete;
      expect(text(part(el, 'score'))).to.equal('72');

      provider.store.apply({ type: 'customer_health_update', id: 11, data: healthUpdate({ health_score: 41 }) });
      await aTimeout(0);
      await el.updateComplete;
      expect(text(part(el, 'score'))).to.equal('41');
      expect(part(el, 'status')?.dataset.status).to.equal('critical');
      expect(text(part(el, 'change'))).to.equal('▼ -26 down against 30 days ago');
      expect(text(el.shadowRoot?.querySelector('[data-component="usage"]') ?? null)).to.equal('Usage (30% weight) 40');
      expect(text(part(el, 'explanation'))).to.contain('before the latest live update');
      expect(part(el, 'coverage')).to.equal(null);

      provider.store.apply({
        type: 'customer_health_update',
        id: 12,
        data: healthUpdate({ health_score: 40, coverage: 0.6, unknown_factors: ['support_rating'], computed_at: '2025-10-21T10:00:00.000Z' }),
      });
      await aTimeout(0);
      await el.updateComplete;
      expect(text(part(el, 'coverage'))).to.equal('Based on 60% of the inputs: no support data yet');

      // An update older than the data is ignored.
      el.data = healthResponse({ last_updated: '2025-10-22T00:00:00.000Z' });
      await el.updateComplete;
      expect(text(part(el, 'score'))).to.equal('72');
    });

    it('refetches when the store receives a reset', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-gauge customer-id="cust_x"></health-gauge></rk-provider>`);
      const el = provider.querySelector('health-gauge') as HealthGauge;
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      provider.store.apply({ type: 'reset', id: 20, data: { reason: 'log truncated' } });
      await waitUntil(() => errors === 1, 'no refetch after reset', { timeout: 5_000 });
    });
  });
});
