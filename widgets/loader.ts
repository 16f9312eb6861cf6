/**
 * `retention-kit.loader.js`: the one classic `<script>` a host page needs (no `type="module"`,
 * works with `async`/`defer`). It injects `<script type="module" src="…/retention-kit.js">` from
 * the folder it was itself loaded from, so hosts link to a single URL on the kit's server.
 * Including it twice injects the module once (and a module URL is evaluated once anyway).
 */
((doc: Document) => {
  const ENTRY = 'retention-kit.js';
  const current = doc.currentScript as HTMLScriptElement | null;
  // currentScript is null only when run from a module or a callback; fall back to the tag itself.
  const self = current?.src ? current : doc.querySelector<HTMLScriptElement>('script[src*="retention-kit.loader"]');
  if (!self?.src) {
    console.warn('retention-kit: the loader could not find its own URL; load retention-kit.js as a module instead.');
    return;
  }
  const src = new URL(ENTRY, self.src).href;
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[type="module"]')) {
    if (script.src === src) return;
  }
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = src;
  script.dataset.retentionKit = '';
  (doc.head ?? doc.documentElement).append(script);
})(document);
