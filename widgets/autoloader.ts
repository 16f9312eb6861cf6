/**
 * `retention-kit.js`, the ES module a host page loads (itself, or through retention-kit.loader.js):
 * it registers every element of the kit but fetches an element's code only when its tag first
 * appears in the document, then or later, so a page pays for the widgets it shows.
 *
 * - `<rk-provider>` is defined here, before any widget: widgets ask for its context when they
 *   connect, and a provider defined after them would not answer.
 * - Elements a widget draws in its own shadow root (the card's gauge) come with that widget.
 * - Properties a host sets before an element's code arrives (`.data`) are kept when it upgrades.
 * - The observer watches the document, not shadow roots: a host that puts kit elements in its
 *   own shadow root calls `discover(shadowRoot)` (or imports those widgets' own entries).
 */
import './rk-provider/define';

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
]);

const loading = new Map<string, Promise<unknown>>();

function load(tag: string): Promise<unknown> | undefined {
  const define = ELEMENTS.get(tag);
  if (!define || customElements.get(tag)) return undefined;
  let pending = loading.get(tag);
  if (!pending) {
    pending = define().catch((error: unknown) => {
      // Forgotten, so that the tag's next appearance tries again.
      loading.delete(tag);
      console.error(`retention-kit: could not load <${tag}>`, error);
    });
    loading.set(tag, pending);
  }
  return pending;
}

/**
 * Loads the code of every kit element in `root` (and `root` itself) not yet defined; resolves
 * once it has run. The document is discovered on its own; call it for a shadow root of the host's.
 */
export async function discover(root: Element | Document | DocumentFragment): Promise<void> {
  const tags = [...root.querySelectorAll(':not(:defined)')].map((element) => element.localName);
  if (root.nodeType === Node.ELEMENT_NODE) tags.push((root as Element).localName);
  await Promise.all(tags.map(load));
}

const observer = new MutationObserver((records) => {
  // Everything requested: nothing left to look for.
  if (loading.size === ELEMENTS.size) return;
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType === Node.ELEMENT_NODE) void discover(node as Element);
    }
  }
});
observer.observe(document, { childList: true, subtree: true });
void discover(document);
