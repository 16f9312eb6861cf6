import { expect } from '@open-wc/testing';

// The demo's own strings (demo/strings.js): plain JavaScript the demo pages load as they are.
interface DemoStrings {
  DEMO_STRINGS: Record<string, Record<string, string>>;
  translateDemo: (root: Document | Element, locale: string) => void;
}
const modulePath = '/demo/strings.js';
const { DEMO_STRINGS, translateDemo } = (await import(/* @vite-ignore */ modulePath)) as DemoStrings;

const LOCALES = ['de', 'es', 'fr', 'ar'];
/** Text of the pages that is the same in every language: the product's name, the close sign, each language's own name. */
const UNTRANSLATED = new Set(['retention-kit', '×', 'English', 'Deutsch', 'Español', 'Français', 'العربية']);

async function page(name: string): Promise<Document> {
  return new DOMParser().parseFromString(await (await fetch(`/demo/${name}`)).text(), 'text/html');
}

/** The English strings a page marks for translation: marked text and marked attributes. */
function marked(doc: Document): string[] {
  const texts = [...doc.querySelectorAll('[data-i18n]')].map((el) => el.textContent?.trim() ?? '');
  const attributes = [...doc.querySelectorAll<HTMLElement>('[data-i18n-attrs]')].flatMap((el) =>
    (el.dataset.i18nAttrs ?? '').split(/\s+/).map((name) => el.getAttribute(name) ?? ''),
  );
  return [...texts, ...attributes];
}

/** The page's own words that are not marked: text outside `data-i18n` and kit elements, and unmarked labels and titles. */
function unmarked(doc: Document): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      if (node.localName.includes('-') || node.hasAttribute('data-i18n') || ['script', 'style'].includes(node.localName)) return;
      const listed = (node.getAttribute('data-i18n-attrs') ?? '').split(/\s+/);
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = node.getAttribute(name);
        if (value && !listed.includes(name)) out.push(`${name}=${value}`);
      }
    } else if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent?.trim() ?? '';
      if (/\p{L}/u.test(text) && !UNTRANSLATED.has(text)) out.push(text);
    }
    node.childNodes.forEach(walk);
  };
  walk(doc.documentElement);
  return out;
}

describe('the demo pages follow the language switch', () => {
  for (const name of ['index.html', 'sidebar.html']) {
    it(`${name}: every word of the page is marked, and every marked string is translated in ${LOCALES.join(', ')}`, async () => {
      const doc = await page(name);
      expect(unmarked(doc)).to.deep.equal([]);
      const strings = marked(doc);
      expect(strings.length).to.be.greaterThan(1);
      for (const locale of LOCALES) {
        expect(strings.filter((s) => !DEMO_STRINGS[locale]?.[s]), locale).to.deep.equal([]);
      }
    });
  }

  it('holds no string that the pages do not use', async () => {
    const used = new Set([...marked(await page('index.html')), ...marked(await page('sidebar.html'))]);
    for (const locale of LOCALES) expect(Object.keys(DEMO_STRINGS[locale] ?? {}).filter((s) => !used.has(s)), locale).to.deep.equal([]);
  });

  it('translates the tabs, switches and labels, and goes back to English', async () => {
    const doc = await page('index.html');
    const tabs = () => [...doc.querySelectorAll('[role=tab]')].map((t) => t.textContent);
    translateDemo(doc, 'de');
    expect(tabs()).to.deep.equal(['Gefährdet', 'Alle Kunden', 'Portfolio', 'Modell']);
    expect(doc.querySelector('[role=tablist]')?.getAttribute('aria-label')).to.equal('Ansichten');
    expect(doc.title).to.equal('retention-kit-Demo: Customer-Success-Dashboard');
    translateDemo(doc, 'ar');
    expect(tabs()).to.deep.equal(['المعرّضون للخطر', 'جميع العملاء', 'المحفظة', 'النموذج']);
    expect(doc.getElementById('drawer-close')?.getAttribute('aria-label')).to.equal('إغلاق تفاصيل العميل');
    // The customer's id keeps its own element beside the translated word.
    expect(doc.querySelector('#drawer-title bdi#drawer-customer')).to.not.equal(null);
    translateDemo(doc, 'en');
    expect(tabs()).to.deep.equal(['At risk', 'Whole book', 'Portfolio', 'Model']);
    expect(doc.querySelector('[role=tablist]')?.getAttribute('aria-label')).to.equal('Views');
    // A language the table lacks shows the English.
    translateDemo(doc, 'pt-BR');
    expect(tabs()).to.deep.equal(['At risk', 'Whole book', 'Portfolio', 'Model']);
  });
});
