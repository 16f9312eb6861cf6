/**
 * `retention-kit.js`, the ES module a host page loads (itself, or through retention-kit.loader.js):
 * it registers every element of the kit at once but fetches an element's code only when one of its
 * elements is first connected (in the document or any shadow root), so a page pays for the
 * widgets it shows.
 *
 * - Each tag is registered with a placeholder (core/placeholder.ts) that already has the
 *   element's public properties, so React and Vue set `.data` as a property, not as an attribute,
 *   even before the code arrives; the placeholder upgrades in place when it does, keeping what was set.
 * - `<rk-provider>` is defined here, before any widget: widgets ask for its context when they
 *   connect, and a provider defined after them would not answer.
 * - Elements a widget draws in its own shadow root (the card's gauge) come with that widget.
 */
import './rk-provider/define';
import { definePlaceholder, UPGRADE } from './core/placeholder';
import { ELEMENT_MEMBERS } from './element-members';

/** Every lazily defined element and the import that defines it. */
const ELEMENTS = new Map<string, () => Promise<unknown>>([
  ['health-gauge', () => import('./health-gauge/define')],
  ['churn-chart', () => import('./churn-chart/define')],
  ['health-history-chart', () => import('./health-history-chart/define')],
  ['health-distribution', () => import('./health-distribution/define')],
  ['kpi-summary', () => import('./kpi-summary/define')],
  ['intervention-queue', () => import('./intervention-queue/define')],
  ['at-risk-table', () => import('./at-risk-table/define')],
  ['churn-alerts', () => import('./churn-alerts/define')],
  ['customer-health-card', () => import('./customer-health-card/define')],
  ['playbook-impact', () => import('./playbook-impact/define')],
  ['customer-list', () => import('./customer-list/define')],
  ['churn-model-report', () => import('./churn-model-report/define')],
  ['customer-detail', () => import('./customer-detail/define')],
]);

const loading = new Map<string, Promise<unknown>>();

function load(tag: string): Promise<unknown> {
  let pending = loading.get(tag);
  if (!pending) {
    pending = ELEMENTS.get(tag)!().catch((error: unknown) => {
      // Forgotten, so that the tag's next connection tries again.
      loading.delete(tag);
      console.error(`retention-kit: could not load <${tag}>`, error);
    });
    loading.set(tag, pending);
  }
  return pending;
}

/**
 * Loads the code of every kit element in `root` (and `root` itself); resolves once it has run.
 * Connecting an element is enough to load it: this is for a host that wants to wait for it.
 */
export async function discover(root: Element | Document | DocumentFragment): Promise<void> {
  const elements = [...root.querySelectorAll([...ELEMENTS.keys()].join())];
  if (root.nodeType === Node.ELEMENT_NODE) elements.push(root as Element);
  // Only tags with a placeholder: one a widget's own entry defined first has nothing to fetch.
  const placeheld = (tag: string) => Object.hasOwn(customElements.get(tag) ?? {}, UPGRADE);
  const tags = new Set(elements.map((element) => element.localName).filter(placeheld));
  await Promise.all([...tags].map(load));
}

for (const tag of ELEMENTS.keys()) definePlaceholder(tag, ELEMENT_MEMBERS[tag]!, () => void load(tag));
