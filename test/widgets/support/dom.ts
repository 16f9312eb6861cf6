// What the widget tests read of a rendered widget (its shadow root, its parts and their text) and how they wait for it.
import { aTimeout, expect } from '@open-wc/testing';
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

/** How many lines the first `sub` in the text of `node` (across its elements) is laid out on; 0 when absent. */
export function linesOf(node: Node, sub: string): number {
  const texts: Text[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  const start = texts.map((t) => t.data).join('').indexOf(sub);
  if (start < 0) return 0;
  /** The text node and offset of character `offset` of the whole (`end`: just after the one before). */
  const at = (offset: number, end: boolean): [Text, number] => {
    let rest = offset;
    for (const t of texts) {
      if (rest < t.length || (end && rest === t.length)) return [t, rest];
      rest -= t.length;
    }
    throw new Error(`offset ${offset} is past the text`);
  };
  const range = document.createRange();
  range.setStart(...at(start, false));
  range.setEnd(...at(start + sub.length, true));
  const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top).sort((a, b) => a - b);
  // Boxes of one line (text beside an inline-block) may sit a pixel or two apart.
  return tops.filter((top, i) => i === 0 || top > (tops[i - 1] ?? top) + 2).length;
}

/**
 * Expects `address` in `node` whole, laid out on more than one line (wider than its box), and
 * broken only after the @ or before a dot: each part between those on one line.
 */
export function expectWrappedBetweenParts(node: Element, address: string): void {
  expect(text(node)).to.contain(address);
  expect(linesOf(node, address), `${address} is wider than its box`).to.be.greaterThan(1);
  for (const piece of address.split(/(?<=@)|(?=\.)/)) expect(linesOf(node, piece), `"${piece}" breaks inside a word`).to.equal(1);
}
