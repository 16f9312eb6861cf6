// What the widget tests read of a rendered widget (its shadow root, its parts and their text) and how they wait for it.
import { aTimeout } from '@open-wc/testing';
import type { ReactiveElement } from 'lit';

export const root = (el: Element) => el.shadowRoot as ShadowRoot;
export const part = (el: Element, name: string) => el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
export const parts = (el: Element, name: string) => [...(el.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
/** The text of `node` with white space folded. */
export const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The focused element inside the widget's shadow root. */
export const activeIn = (el: Element) => root(el).activeElement as HTMLElement | null;

/** Lets signal watchers run, then the widget finish its update. */
export async function settle(el: ReactiveElement) {
  await aTimeout(0);
  await el.updateComplete;
}

/** Whether the page has requested Chart.js (or the widgets' chart loader) yet. */
export const chartJsRequested = () =>
  performance.getEntriesByType('resource').some((e) => /chart-loader|\/chart\.js\/|@kurkle/.test(e.name));
