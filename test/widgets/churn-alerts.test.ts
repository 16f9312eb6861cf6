import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../widgets/index';
import '../../widgets/churn-alerts/define';
import type { ChurnAlerts, RkAlertDismissEvent } from '../../widgets/churn-alerts/churn-alerts';
import type { RkSelectEvent } from '../../widgets/core/events';
import type { AlertPage, ChurnAlert } from '../../widgets/core/types';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { standaloneLive } from './support/connect';
import { activeIn, part, parts, root, settle, text } from './support/dom';
import { ago, HOSTILE, MINUTE, tokenFor } from './support/fixtures';

function alert(overrides: Partial<ChurnAlert> = {}): ChurnAlert {
  return {
    alert_id: 'a1',
    account_id: 'cust_acme',
    company_name: 'Acme Robotics',
    severity: 'high',
    title: 'Health fell below 50',
    message: 'Health score fell from 62 to 44 in 7 days.',
    created_at: ago(5 * MINUTE),
    acknowledged_at: null,
    acknowledged_by: null,
    ...overrides,
  };
}

function sample(): ChurnAlert[] {
  return [
    alert({ alert_id: 'high-new', severity: 'high', created_at: ago(1 * MINUTE) }),
    alert({ alert_id: 'crit-old', severity: 'critical', created_at: ago(60 * MINUTE), company_name: 'Globex', account_id: 'cust_globex' }),
    alert({ alert_id: 'low-mid', severity: 'low', created_at: ago(10 * MINUTE) }),
    alert({ alert_id: 'crit-new', severity: 'critical', created_at: ago(2 * MINUTE), company_name: 'Initech', account_id: 'cust_initech' }),
  ];
}

const bell = (el: Element) => part(el, 'bell') as HTMLButtonElement;
const alertIds = (el: Element) => parts(el, 'alert').map((li) => li.dataset.id);
const toastIds = (el: Element) => parts(el, 'toast').map((t) => t.dataset.id);
const announced = (el: Element) => text(root(el).querySelector('[role="status"][aria-live="polite"]'));

async function inProvider(template: ReturnType<typeof html>) {
  const provider = await fixture<RkProvider>(html`<rk-provider token="t">${template}</rk-provider>`);
  const el = provider.querySelector('churn-alerts') as ChurnAlerts;
  await settle(el);
  return { provider, el };
}

let nextEventId = 1;
function push(provider: RkProvider, data: ChurnAlert) {
  provider.store.apply({ type: 'churn_alert', id: nextEventId++, data });
}

describe('<churn-alerts>', () => {
  describe('bell and panel', () => {
    it('shows the unread count on the bell: in its label and a badge', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts .data=${sample()}></churn-alerts>`);
      expect(bell(el).getAttribute('aria-label')).to.equal('Churn alerts: 4 unread, including critical');
      expect(bell(el).getAttribute('aria-expanded')).to.equal('false');
      expect(bell(el).getAttribute('aria-controls')).to.equal('panel');
      expect(text(part(el, 'badge'))).to.equal('4');
      expect(part(el, 'badge')?.getAttribute('aria-hidden')).to.equal('true');
      expect(el.unreadCount).to.equal(4);
      expect((part(el, 'panel') as HTMLElement).matches(':popover-open')).to.equal(false);
    });

    it('opens a panel listing the alerts critical first, then newest, and marks them read', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts locale="en-US" .data=${sample()}></churn-alerts>`);
      bell(el).click();
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(el.hasAttribute('open')).to.equal(true);
      expect(bell(el).getAttribute('aria-expanded')).to.equal('true');
      expect((part(el, 'panel') as HTMLElement).matches(':popover-open')).to.equal(true);
      expect(alertIds(el)).to.deep.equal(['crit-new', 'crit-old', 'high-new', 'low-mid']);
      // Read now: the badge goes, but the alerts stay marked "New" while the panel is open.
      expect(bell(el).getAttribute('aria-label')).to.equal('Churn alerts: no unread alerts');
      expect(part(el, 'badge')).to.equal(null);
      const first = parts(el, 'alert')[0] as HTMLElement;
      expect(first.dataset.unread).to.equal('true');
      expect(text(first.querySelector('[part~="severity"]'))).to.equal('Critical');
      expect(text(first.querySelector('.new'))).to.equal('New');
      expect(text(first.querySelector('[part~="company"]'))).to.equal('Initech');
      expect(text(first.querySelector('[part~="alert-title"]'))).to.equal('Health fell below 50');
      expect(text(first.querySelector('[part~="alert-message"]'))).to.equal('Health score fell from 62 to 44 in 7 days.');
      expect(text(first.querySelector('[part~="time"]'))).to.equal('2 minutes ago');
      await expectAccessible(el);

      // Closed and opened again: no longer new.
      bell(el).click();
      await el.updateComplete;
      bell(el).click();
      await el.updateComplete;
      expect(parts(el, 'alert').map((a) => a.dataset.unread)).to.deep.equal(['false', 'false', 'false', 'false']);
    });

    it('Escape closes the panel and returns focus to the bell', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts .data=${sample()}></churn-alerts>`);
      bell(el).focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.open).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(activeIn(el)?.getAttribute('part')).to.equal('dismiss-all');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(activeIn(el)).to.equal(bell(el));
      // Space toggles too.
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(el.open).to.equal(true);
    });

    it('renders hostile text as text', async () => {
      const el = await fixture<ChurnAlerts>(
        html`<churn-alerts open .data=${[alert({ company_name: HOSTILE, title: HOSTILE, message: HOSTILE })]}></churn-alerts>`,
      );
      expect(root(el).querySelector('img')).to.equal(null);
      expect(text(part(el, 'company'))).to.equal(HOSTILE);
      expect(text(part(el, 'alert-title'))).to.equal(HOSTILE);
      expect(text(part(el, 'alert-message'))).to.equal(HOSTILE);
    });

    it('fits a 300 px sidebar with 44 px touch targets', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><churn-alerts open .data=${sample()}></churn-alerts></div>`);
      const el = wrapper.querySelector('churn-alerts') as ChurnAlerts;
      await el.updateComplete;
      const panel = part(el, 'panel') as HTMLElement;
      expect(panel.scrollWidth).to.be.at.most(panel.clientWidth + 1);
      for (const b of root(el).querySelectorAll('button')) {
        const box = b.getBoundingClientRect();
        expect(box.height, text(b)).to.be.at.least(44);
      }
      expect(bell(el).getBoundingClientRect().width).to.be.at.least(44);
    });

    it('is accessible in light and dark, and calms motion for prefers-reduced-motion', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts theme="light" open .data=${sample()}></churn-alerts>`);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(part(el, 'panel') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');
      await expectAccessible(el);
      try {
        await emulateMedia({ reducedMotion: 'reduce' });
        el.open = false;
        el.data = [...sample(), alert({ alert_id: 'later' })];
        await el.updateComplete;
        expect(toastIds(el)).to.deep.equal(['later']);
        expect(getComputedStyle(part(el, 'toast') as HTMLElement).animationName).to.equal('none');
        await expectAccessible(el);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  });

  describe('events', () => {
    it('dismisses one alert with rk-alert-dismiss (bubbling, composed) and moves focus to the next', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      const seen: RkAlertDismissEvent[] = [];
      const listener = (e: RkAlertDismissEvent) => seen.push(e);
      document.addEventListener('rk-alert-dismiss', listener);
      try {
        const second = parts(el, 'alert')[1]?.querySelector<HTMLButtonElement>('[part~="dismiss"]') as HTMLButtonElement;
        expect(text(second)).to.equal('Dismiss alert: Globex, Health fell below 50');
        second.focus();
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(seen.length).to.equal(1);
        const event = seen[0] as RkAlertDismissEvent;
        expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, true]);
        expect(event.reason).to.equal('dismiss');
        expect(event.alertIds).to.deep.equal(['crit-old']);
        expect(alertIds(el)).to.deep.equal(['crit-new', 'high-new', 'low-mid']);
        expect(activeIn(el)?.closest('li')?.dataset.id).to.equal('high-new');
      } finally {
        document.removeEventListener('rk-alert-dismiss', listener);
      }
    });

    it('keeps an alert whose dismiss event was cancelled', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      el.addEventListener('rk-alert-dismiss', (e) => e.preventDefault());
      parts(el, 'dismiss')[0]?.click();
      await el.updateComplete;
      expect(alertIds(el).length).to.equal(4);
    });

    it('dismisses all, then shows the empty state and returns focus to the bell', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      const dismissed = oneEvent<RkAlertDismissEvent>(el, 'rk-alert-dismiss');
      part(el, 'dismiss-all')?.click();
      const event = await dismissed;
      expect(event.reason).to.equal('dismiss-all');
      expect(event.alertIds).to.deep.equal(['crit-new', 'crit-old', 'high-new', 'low-mid']);
      await el.updateComplete;
      await el.updateComplete;
      expect(text(part(el, 'empty'))).to.equal('No alerts.');
      expect(activeIn(el)).to.equal(bell(el));
      expect(bell(el).getAttribute('aria-label')).to.equal('Churn alerts: no unread alerts');
      await expectAccessible(el);
    });

    it('fires rk-select with the customer id when a company is chosen', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      const selected = new Promise<RkSelectEvent>((resolve) => document.addEventListener('rk-select', resolve, { once: true }));
      parts(el, 'company')[1]?.click();
      const event = await selected;
      expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
      expect(event.customerId).to.equal('cust_globex');
    });
  });

  describe('live alerts', () => {
    it('offers Acknowledge to a csm, and to a viewer only Dismiss (the server refuses a viewer the acknowledgement)', async () => {
      for (const role of ['csm', 'viewer'] as const) {
        const provider = await fixture<RkProvider>(html`<rk-provider token=${tokenFor(role)}><churn-alerts></churn-alerts></rk-provider>`);
        const el = provider.querySelector('churn-alerts') as ChurnAlerts;
        await settle(el);
        push(provider, alert({ alert_id: `live-${role}` }));
        await el.toggle(true);
        await settle(el);
        await waitUntil(() => parts(el, 'alert').length === 1 && parts(el, 'dismiss').length > 0, `${role}: alert not shown`);
        if (role === 'csm') await waitUntil(() => parts(el, 'acknowledge').length === 1, 'csm: no Acknowledge');
        else expect(parts(el, 'acknowledge'), 'viewer: Acknowledge offered').to.have.length(0);
        await expectAccessible(el);
      }
    });

    it('counts new live alerts, shows them as toasts and announces critical ones politely', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts></churn-alerts>`);
      expect(bell(el).getAttribute('aria-label')).to.equal('Churn alerts: no unread alerts');
      const region = root(el).querySelector('[role="status"][aria-live="polite"]');
      expect(region).to.not.equal(null);

      push(provider, alert({ alert_id: 'live-high', severity: 'high' }));
      await settle(el);
      expect(text(part(el, 'badge'))).to.equal('1');
      expect(toastIds(el)).to.deep.equal(['live-high']);
      expect(announced(el)).to.equal('');

      push(provider, alert({ alert_id: 'live-crit', severity: 'critical', company_name: 'Globex', title: 'Churn probability above 70%' }));
      await settle(el);
      expect(bell(el).getAttribute('aria-label')).to.equal('Churn alerts: 2 unread, including critical');
      expect(toastIds(el)).to.deep.equal(['live-crit', 'live-high']);
      expect(announced(el)).to.equal('New critical churn alert: Globex: Churn probability above 70%');
      expect(text(part(el, 'toast'))).to.contain('Critical');
      await expectAccessible(el);

      // A toast can be dismissed; opening the panel reads the rest and clears the toasts.
      const dismissed = oneEvent<RkAlertDismissEvent>(el, 'rk-alert-dismiss');
      (part(el, 'toast')?.querySelector('[part~="dismiss"]') as HTMLButtonElement).click();
      expect((await dismissed).alertIds).to.deep.equal(['live-crit']);
      await el.updateComplete;
      expect(toastIds(el)).to.deep.equal(['live-high']);
      bell(el).click();
      await el.updateComplete;
      expect(toastIds(el)).to.deep.equal([]);
      expect(alertIds(el)).to.deep.equal(['live-high']);
    });

    it('merges .data with live alerts by id', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      push(provider, alert({ alert_id: 'crit-new', severity: 'critical', company_name: 'Initech' }));
      push(provider, alert({ alert_id: 'extra', severity: 'medium', created_at: ago(0) }));
      await settle(el);
      expect(alertIds(el)).to.deep.equal(['crit-new', 'crit-old', 'high-new', 'extra', 'low-mid']);
    });

    it('show-notifications="false": the bell counts new alerts but no toast appears', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts show-notifications="false"></churn-alerts>`);
      expect(el.showNotifications).to.equal(false);
      push(provider, alert({ alert_id: 'quiet', severity: 'critical' }));
      await settle(el);
      expect(text(part(el, 'badge'))).to.equal('1');
      expect(part(el, 'toasts')).to.equal(null);
      // Still announced for screen readers.
      expect(announced(el)).to.contain('New critical churn alert');
      el.removeAttribute('show-notifications');
      await el.updateComplete;
      expect(el.showNotifications).to.equal(true);
      expect(toastIds(el)).to.deep.equal(['quiet']);
    });

    it('auto-dismiss: non-critical alerts dismiss themselves, critical ones never', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts auto-dismiss="0.3"></churn-alerts>`);
      const reasons: string[] = [];
      el.addEventListener('rk-alert-dismiss', (e) => reasons.push(`${e.reason}:${e.alertIds.join(',')}`));
      push(provider, alert({ alert_id: 'goes', severity: 'medium' }));
      push(provider, alert({ alert_id: 'stays', severity: 'critical' }));
      await settle(el);
      expect(toastIds(el)).to.deep.equal(['stays', 'goes']);
      await waitUntil(() => reasons.length === 1, 'no auto-dismiss', { timeout: 3_000 });
      await el.updateComplete;
      expect(reasons).to.deep.equal(['auto:goes']);
      expect(toastIds(el)).to.deep.equal(['stays']);
      await aTimeout(500);
      expect(el.alerts.map((a) => a.alert_id)).to.deep.equal(['stays']);
    });

    it('auto-dismiss waits while the panel is open', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts auto-dismiss="0.2" open></churn-alerts>`);
      push(provider, alert({ alert_id: 'waits', severity: 'low' }));
      await settle(el);
      await aTimeout(500);
      expect(alertIds(el)).to.deep.equal(['waits']);
      el.open = false;
      await el.updateComplete;
      await waitUntil(() => el.alerts.length === 0, 'not dismissed after closing', { timeout: 2_000 });
    });
  });

  describe('states', () => {
    it('is empty without alerts, with a slot for the message', async () => {
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open></churn-alerts>`);
      expect(text(part(el, 'empty'))).to.equal('No alerts.');
      expect(part(el, 'dismiss-all')).to.equal(null);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('shows a skeleton while the live connection opens', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts open></churn-alerts>`);
      provider.store.status.set('connecting');
      await settle(el);
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'panel')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(part(el, 'panel'))).to.contain('Connecting to live alerts…');
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('shows an error with a retry button when the connection fails with no alerts, and Offline with alerts', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts open theme="light"></churn-alerts>`);
      provider.store.status.set('offline');
      await settle(el);
      expect(text(part(el, 'error'))).to.contain('Live alerts are unavailable');
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(text(retry)).to.equal('Retry now');
      let online = 0;
      const count = () => online++;
      window.addEventListener('online', count);
      retry.click();
      window.removeEventListener('online', count);
      expect(online).to.equal(1);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);

      push(provider, alert());
      provider.store.status.set('offline');
      await settle(el);
      expect(part(el, 'error')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: alerts may be out of date');
      expect(alertIds(el)).to.deep.equal(['a1']);
      await expectAccessible(el);
    });

    it('shows Live while live events arrive', async () => {
      const { provider, el } = await inProvider(html`<churn-alerts open .data=${sample()}></churn-alerts>`);
      provider.store.status.set('live');
      await settle(el);
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessible(el);
    });

    it('standalone with enable-live: opens its own connection, and shows its failure', async () => {
      const el = document.createElement('churn-alerts');
      el.open = true;
      const { statuses, container } = standaloneLive(el);
      try {
        await waitUntil(() => statuses.includes('offline'), 'never offline', { timeout: 5_000 });
        await settle(el);
        expect(statuses.slice(0, 2)).to.deep.equal(['connecting', 'offline']);
        // The test server has no ticket endpoint: a 404.
        expect(text(part(el, 'error'))).to.contain('404');
        el.remove();
        expect(statuses.at(-1)).to.equal('idle');
      } finally {
        container.remove();
      }
    });
  });

  describe('inbox', () => {
    let run = 0;
    /** A fresh inbox of the test server (test/widgets/support/alert-inbox.mjs): `open` open alerts, then `acknowledged` ones, 10 minutes apart. */
    const inboxApi = (open: number, acknowledged: number) => `/__rk_test__/inbox/open-${open}-acknowledged-${acknowledged}-${Date.now()}-${++run}`;

    async function inInbox(api: string, template = html`<churn-alerts limit="2"></churn-alerts>`) {
      const provider = await fixture<RkProvider>(html`<rk-provider api=${api} token="csm-user">${template}</rk-provider>`);
      const el = provider.querySelector('churn-alerts') as ChurnAlerts;
      await waitUntil(() => el.state !== 'loading', 'open alerts not loaded');
      await settle(el);
      return { provider, el };
    }

    const tab = (el: Element, view: string) => root(el).querySelector<HTMLElement>(`[part~="tab"][data-view="${view}"]`) as HTMLElement;
    const acknowledgements = (el: Element) => parts(el, 'acknowledgement').map(text);

    it('loads the open alerts when it starts, counts them from the server, and acknowledges', async () => {
      const { provider, el } = await inInbox(inboxApi(5, 0));
      expect(el.openCount).to.equal(5);
      expect(text(part(el, 'badge'))).to.equal('5');
      expect(bell(el).getAttribute('aria-label')).to.contain('5 open');
      // Alerts that were open before the page: no toasts.
      expect(toastIds(el)).to.deep.equal([]);

      await el.toggle(true);
      // The first page (limit 2), critical first.
      expect(alertIds(el)).to.deep.equal(['al-000', 'al-001']);
      (parts(el, 'alert')[0]?.querySelector('[part~="acknowledge"]') as HTMLButtonElement).click();
      await waitUntil(() => alertIds(el).length === 1, 'not acknowledged');
      expect(el.openCount).to.equal(4);
      // Focus moves on to the next alert's button.
      expect(activeIn(el)?.closest<HTMLElement>('[part~="alert"]')?.dataset.id).to.equal('al-001');
      // The server holds it as acknowledged, by the token's user.
      const stored = (await (await fetch(`${provider.api}/api/alerts?state=acknowledged`, { headers: { authorization: 'Bearer x' } })).json()) as AlertPage;
      expect(stored.alerts.map((a) => [a.id, a.acknowledged_by])).to.deep.equal([['al-000', 'csm-user']]);

      // Someone else acknowledges one: the live event takes it out.
      provider.store.apply({
        type: 'churn_alert',
        id: nextEventId++,
        data: alert({ alert_id: 'al-001', severity: 'high', created_at: '2026-05-18T11:50:00.000Z', acknowledged_at: new Date().toISOString(), acknowledged_by: 'admin-user' }),
      });
      await settle(el);
      expect(alertIds(el)).to.deep.equal([]);
      expect(el.openCount).to.equal(3);
      // A new one arrives live: counted.
      push(provider, alert({ alert_id: 'new', severity: 'critical', created_at: new Date().toISOString() }));
      await settle(el);
      expect(el.openCount).to.equal(4);

      // Both acknowledgements are in the acknowledged tab, saying who and when.
      tab(el, 'acknowledged').click();
      await waitUntil(() => el.acknowledgedAlerts.length === 2, 'acknowledged alerts not shown');
      await el.updateComplete;
      expect(alertIds(el)).to.deep.equal(['al-000', 'al-001']);
      const [mine, theirs] = acknowledgements(el);
      expect(mine).to.match(/^Acknowledged by csm-user, (now|\d+ seconds? ago)$/);
      expect(theirs).to.match(/^Acknowledged by admin-user, (now|\d+ seconds? ago)$/);
      await expectAccessible(el);
    });

    it('pages both views with "Load more" until the server has no more', async () => {
      const { el } = await inInbox(inboxApi(5, 3));
      await el.toggle(true);
      expect(alertIds(el)).to.deep.equal(['al-000', 'al-001']);
      const more = () => part(el, 'load-more') as HTMLButtonElement | null;
      expect(text(more())).to.equal('Load more');
      more()?.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => alertIds(el).length === 4, 'second page not loaded');
      expect(alertIds(el)).to.deep.equal(['al-000', 'al-001', 'al-002', 'al-003']);
      // "Load more" keeps the focus while there is more.
      expect(activeIn(el)).to.equal(more());
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => alertIds(el).length === 5, 'last page not loaded');
      await el.updateComplete;
      // Critical first across the pages: the last page's critical al-004 comes before the first page's high one.
      expect(alertIds(el)).to.deep.equal(['al-000', 'al-004', 'al-001', 'al-002', 'al-003']);
      expect(more()).to.equal(null);
      // After the last page the focus goes to the alert it added.
      expect(activeIn(el)?.closest<HTMLElement>('[part~="alert"]')?.dataset.id).to.equal('al-004');
      // The badge counted them all from the start.
      expect(el.openCount).to.equal(5);

      tab(el, 'acknowledged').click();
      await waitUntil(() => alertIds(el).length === 2 && !!more(), 'acknowledged page not loaded');
      expect(el.view).to.equal('acknowledged');
      expect(el.getAttribute('view')).to.equal('acknowledged');
      expect(alertIds(el)).to.deep.equal(['al-005', 'al-006']);
      expect(acknowledgements(el)[0]).to.match(/^Acknowledged by dana@cs\.example, \d+ (months?|years?|days?) ago$/);
      expect(root(el).querySelector('[part~="acknowledgement"] bdi')?.textContent).to.equal('dana@cs.example');
      const time = root(el).querySelector('[part~="acknowledgement"] time');
      expect(time?.getAttribute('datetime')).to.equal('2026-05-18T11:15:00.000Z');
      // No acknowledge or dismiss buttons on acknowledged alerts, nor "Dismiss all".
      expect([part(el, 'acknowledge'), part(el, 'dismiss'), part(el, 'dismiss-all')]).to.deep.equal([null, null, null]);
      more()?.click();
      await waitUntil(() => alertIds(el).length === 3, 'acknowledged last page not loaded');
      await el.updateComplete;
      expect(alertIds(el)).to.deep.equal(['al-005', 'al-006', 'al-007']);
      expect(more()).to.equal(null);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('tabs: one tab stop, the arrow keys (mirrored right to left), Home and End move and show the view', async () => {
      const acknowledged = alert({ alert_id: 'done', acknowledged_at: ago(MINUTE), acknowledged_by: 'sam@cs.example' });
      const el = await fixture<ChurnAlerts>(html`<churn-alerts open .data=${[...sample(), acknowledged]}></churn-alerts>`);
      const tabs = parts(el, 'tab');
      expect(part(el, 'tabs')?.getAttribute('role')).to.equal('tablist');
      expect(tabs.map((t) => [t.getAttribute('role'), text(t), t.getAttribute('aria-selected'), t.tabIndex])).to.deep.equal([
        ['tab', 'Open', 'true', 0],
        ['tab', 'Acknowledged', 'false', -1],
      ]);
      const panel = part(el, 'view') as HTMLElement;
      expect([panel.getAttribute('role'), panel.getAttribute('aria-labelledby')]).to.deep.equal(['tabpanel', 'tab-open']);
      expect(alertIds(el)).to.deep.equal(['crit-new', 'crit-old', 'high-new', 'low-mid']);

      tabs[0]?.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(tabs[1]);
      expect(el.view).to.equal('acknowledged');
      expect([tabs[0]?.tabIndex, tabs[1]?.tabIndex, tabs[1]?.getAttribute('aria-selected')]).to.deep.equal([-1, 0, 'true']);
      expect(part(el, 'view')?.getAttribute('aria-labelledby')).to.equal('tab-acknowledged');
      expect(alertIds(el)).to.deep.equal(['done']);
      expect(acknowledgements(el)).to.deep.equal(['Acknowledged by sam@cs.example, 1 minute ago']);
      await expectAccessible(el);
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect([activeIn(el), el.view]).to.deep.equal([tabs[0], 'open']);
      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(el.view).to.equal('acknowledged');
      // Tab leaves the tab list for the view's content.
      await sendKeys({ press: 'Tab' });
      expect(activeIn(el)?.getAttribute('part')).to.equal('company');

      // Right to left, Arrow Left goes forward.
      el.view = 'open';
      el.dir = 'rtl';
      await el.updateComplete;
      tabs[0]?.focus();
      await sendKeys({ press: 'ArrowLeft' });
      await el.updateComplete;
      expect([activeIn(el), el.view]).to.deep.equal([tabs[1], 'acknowledged']);
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.view).to.equal('open');
    });

    it('says who acknowledged and when in German and Arabic, the name isolated', async () => {
      const acknowledged = alert({ alert_id: 'done', acknowledged_at: ago(2 * MINUTE), acknowledged_by: 'sam@cs.example' });
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><churn-alerts open view="acknowledged" locale="de" .data=${[acknowledged]}></churn-alerts
          ><div lang="ar" dir="rtl"><churn-alerts open view="acknowledged" .data=${[acknowledged]}></churn-alerts></div></div>`,
      );
      const [de, ar] = [...wrapper.querySelectorAll('churn-alerts')] as ChurnAlerts[];
      await settle(de!);
      await settle(ar!);
      expect(parts(de!, 'tab').map(text)).to.deep.equal(['Offen', 'Bestätigt']);
      expect(acknowledgements(de!)).to.deep.equal(['Bestätigt von sam@cs.example, vor 2 Minuten']);
      expect(acknowledgements(ar!)[0]).to.contain('sam@cs.example');
      expect(acknowledgements(ar!)[0]).not.to.contain('Acknowledged');
      expect(root(ar!).querySelector('[part~="acknowledgement"] bdi')?.textContent).to.equal('sam@cs.example');
      await expectAccessible(ar!);
    });

    for (const width of [320, 1440]) {
      it(`opens as a popover in the top layer, inside the viewport, at ${width} px`, async () => {
        await setViewport({ width, height: 800 });
        try {
          // The bell at the right edge, as in a header: the panel must not hang off either side.
          const wrapper = await fixture<HTMLDivElement>(
            html`<div style="display: flex; justify-content: flex-end; overflow: hidden; height: 60px"><churn-alerts .data=${sample()}></churn-alerts></div>`,
          );
          const el = wrapper.querySelector('churn-alerts') as ChurnAlerts;
          bell(el).click();
          await el.updateComplete;
          const panel = part(el, 'panel') as HTMLElement;
          expect(panel.matches(':popover-open')).to.equal(true);
          // In the top layer: not clipped by the overflow: hidden header, and out of its flow.
          expect(wrapper.getBoundingClientRect().height).to.equal(60);
          const box = panel.getBoundingClientRect();
          expect(box.left).to.be.at.least(0);
          expect(box.right).to.be.at.most(document.documentElement.clientWidth);
          expect(box.top).to.be.at.least(0);
          expect(box.bottom).to.be.at.most(innerHeight);
          expect(box.width).to.be.greaterThan(200);
          expect(document.elementFromPoint(box.left + box.width / 2, box.top + 10)).to.equal(el);
        } finally {
          await setViewport({ width: 800, height: 600 });
        }
      });
    }
  });
});
