/**
 * The one rule by which widgets lay live events over their data (widgets/core/live-rule.ts), held
 * to every widget that follows events item by item: an event older than the data is ignored, a
 * newer one wins, the newer of two stays whatever their order of arrival, and an event that reached
 * the store before fetched data was requested is already in it (page data counts every event).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widgets/index';
import { ApiClient } from '../../widgets/core/api-client';
import type { RkElement } from '../../widgets/core/base-element';
import type { LiveStore } from '../../widgets/core/live-store';
import type { AtRiskResponse, ChurnAlert, CustomerHealth, Intervention, InterventionPage } from '../../widgets/core/types';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { part, root, settle, text } from './support/dom';
import { healthResponse, healthUpdate, intervention } from './support/fixtures';

/** The time of the data; events are stamped hours before or after it. */
const T0 = '2025-10-20T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

/** The values the data (A) and two events (B, C) give the item, told apart on screen. */
type Label = 'A' | 'B' | 'C';
const SCORES: Record<Label, number> = { A: 72, B: 41, C: 30 };

const health = (): CustomerHealth => healthResponse({ health_score: SCORES.A, last_updated: T0 });
const item = (): Intervention => intervention({ id: 'iv-rule', notes: 'A', updated_at: T0 });
const alert = (title: Label, created_at: string): ChurnAlert => ({
  alert_id: 'alert-rule',
  account_id: 'cust_acme',
  company_name: 'Acme Robotics',
  severity: 'high',
  title,
  message: 'Health fell.',
  created_at,
  acknowledged_at: null,
  acknowledged_by: null,
});
const row = () => ({
  customer_id: 'cust_acme',
  company_name: 'Acme Robotics',
  last_health_score: SCORES.A,
  predicted_churn_score: 0.5,
  intervention_priority: 'critical' as const,
  risk_factors: [],
  coverage: 1,
  unknown_factors: [],
  last_updated: T0,
});

/** Answers every fetch with the data at T0. */
class DataClient extends ApiClient {
  override health(): Promise<CustomerHealth> {
    return Promise.resolve(health());
  }

  override interventions(): Promise<InterventionPage> {
    return Promise.resolve({ interventions: [item()], next_cursor: null });
  }

  override atRisk(): Promise<AtRiskResponse> {
    return Promise.resolve({ at_risk_customers: [row()], totals: { critical: 1, high: 0, medium: 0, low: 0 } });
  }
}

interface Case {
  tag: string;
  /** The widget, holding one item from `T0` with the values of A: given by the page, or fetched. */
  create(given: boolean): RkElement;
  /** A live event of that item, stamped `time`, with the values of `label`. */
  push(store: LiveStore, time: string, label: Label): void;
  /** What the widget shows of the item, as a label. */
  shown(el: RkElement): Label | undefined;
  /** Whether it fetches its data (the alerts only ever have the page's). */
  fetches: boolean;
}

const labelOfScore = (score: string | null | undefined) => (Object.keys(SCORES) as Label[]).find((l) => String(SCORES[l]) === score);
const healthEvent = (store: LiveStore, time: string, label: Label) =>
  store.apply({ type: 'customer_health_update', id: null, data: healthUpdate({ health_score: SCORES[label], intervention_priority: 'critical', computed_at: time }) });
const interventionEvent = (store: LiveStore, time: string, label: Label) =>
  store.apply({ type: 'intervention_update', id: null, data: { action: 'updated', intervention: { ...item(), notes: label, updated_at: time } } });

function element<K extends keyof HTMLElementTagNameMap>(tag: K, setup: (el: HTMLElementTagNameMap[K]) => void): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setup(el);
  return el;
}

const CASES: Case[] = [
  {
    tag: 'health-gauge',
    create: (given) => element('health-gauge', (el) => (given ? (el.data = health()) : (el.customerId = 'cust_acme'))),
    push: healthEvent,
    shown: (el) => labelOfScore(text(part(el, 'score'))),
    fetches: true,
  },
  {
    tag: 'customer-health-card',
    create: (given) =>
      element('customer-health-card', (el) => (given ? (el.data = { health: health(), interventions: [item()] }) : (el.customerId = 'cust_acme'))),
    push: healthEvent,
    shown: (el) => labelOfScore(root(el).querySelector('health-gauge')?.shadowRoot?.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')),
    fetches: true,
  },
  {
    tag: 'customer-health-card (interventions)',
    create: (given) =>
      element('customer-health-card', (el) => (given ? (el.data = { health: health(), interventions: [item()] }) : (el.customerId = 'cust_acme'))),
    push: interventionEvent,
    shown: (el) => text(part(el, 'intervention-notes')) as Label,
    fetches: true,
  },
  {
    tag: 'at-risk-table',
    create: (given) => element('at-risk-table', (el) => given && (el.data = [row()])),
    push: healthEvent,
    shown: (el) => labelOfScore(root(el).querySelector('tr[data-id="cust_acme"] [part~="health"]')?.getAttribute('aria-valuenow')),
    fetches: true,
  },
  {
    tag: 'intervention-queue',
    create: (given) => element('intervention-queue', (el) => given && (el.data = [item()])),
    push: interventionEvent,
    shown: (el) => text(part(el, 'notes')) as Label,
    fetches: true,
  },
  {
    tag: 'churn-alerts',
    create: () =>
      element('churn-alerts', (el) => {
        el.open = true;
        el.data = [alert('A', T0)];
      }),
    push: (store, time, label) => store.apply({ type: 'churn_alert', id: null, data: alert(label, time) }),
    shown: (el) => text(part(el, 'alert-title')) as Label,
    fetches: false,
  },
];

/** `widget` inside a provider with a client that answers with the data at T0, once it shows the item. */
async function inProvider(el: RkElement, before?: (store: LiveStore) => void): Promise<{ store: LiveStore; el: RkElement }> {
  const provider = await fixture<RkProvider>(html`<rk-provider .client=${new DataClient()}></rk-provider>`);
  before?.(provider.store);
  provider.append(el);
  await waitUntil(async () => {
    await settle(el);
    return (el as RkElement & { state?: string }).state !== 'loading';
  }, 'never loaded');
  await settle(el);
  return { store: provider.store, el };
}

describe('the live rule, in every widget', () => {
  for (const c of CASES) {
    describe(`<${c.tag}>`, () => {
      it('shows its data, and ignores a live event older than it', async () => {
        const { store, el } = await inProvider(c.create(true));
        expect(c.shown(el)).to.equal('A');
        c.push(store, at(-1), 'B');
        await settle(el);
        expect(c.shown(el)).to.equal('A');
      });

      it('shows a live event newer than its data', async () => {
        const { store, el } = await inProvider(c.create(true));
        c.push(store, at(1), 'B');
        await settle(el);
        expect(c.shown(el)).to.equal('B');
      });

      it('keeps the newer of two events, whatever their order of arrival', async () => {
        const { store, el } = await inProvider(c.create(true));
        c.push(store, at(2), 'C');
        c.push(store, at(1), 'B');
        await settle(el);
        expect(c.shown(el)).to.equal('C');
      });

      it('counts, for data the page gave, an event that came before it, by its time', async () => {
        const { el } = await inProvider(c.create(true), (store) => c.push(store, at(1), 'B'));
        expect(c.shown(el)).to.equal('B');
      });

      if (c.fetches) {
        it('ignores an event that reached the store before its data was requested, and follows the ones after', async () => {
          const { store, el } = await inProvider(c.create(false), (s) => c.push(s, at(1), 'B'));
          // The server's answer (stamped T0 by this test's client) already holds what came before it.
          expect(c.shown(el)).to.equal('A');
          c.push(store, at(2), 'C');
          await settle(el);
          expect(c.shown(el)).to.equal('C');
        });
      }
    });
  }
});
