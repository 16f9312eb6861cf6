import { expect, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { render } from 'lit';
import type { ChurnAlerts } from '../../widgets/churn-alerts/churn-alerts';
import type { RkElement } from '../../widgets/core/base-element';
import { loadLocale } from '../../widgets/core/localize';
import { allLocales } from '../../widgets/locales/locale-codes';
import { axeViolations } from './support/axe';
import { settle } from './support/dom';
import { ELEMENTS } from './support/every-element';

/**
 * The axe matrix: every element, in every shipped locale (Arabic right to left), light and dark, in
 * a 320 px and a 1440 px container, with 0 violations. One page per locale and theme; each width
 * resizes its container (the elements lay out by container queries) and runs axe once over the page.
 */
const LOCALES = allLocales;
const THEMES = ['light', 'dark'] as const;
const WIDTHS = [320, 1440] as const;

/** The element in a rendered template: inside its provider, if any. */
const elementIn = (section: Element) => [...section.querySelectorAll('*')].find((e) => e.localName !== 'rk-provider') as RkElement;

describe('accessibility: axe in every locale and theme at 320 and 1440 px', () => {
  before(async () => {
    for (const locale of LOCALES) if (locale !== 'en') await loadLocale(locale);
  });

  after(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await setViewport({ width: 800, height: 600 });
  });

  it('finds a contrast failure inside an element (the matrix can fail)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const page = document.createElement('div');
    document.body.append(page);
    try {
      // Grey text on the dark surface: about 2.9:1, under the 4.5:1 axe asks of small text.
      render(html`<div style="--rk-color-text-muted: #666666">${ELEMENTS['kpi-summary']!({})}</div>`, page);
      const el = page.querySelector('kpi-summary') as RkElement;
      await settle(el);
      expect((await axeViolations(el)).join('\n')).to.contain('color-contrast');
    } finally {
      page.remove();
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  for (const theme of THEMES) {
    for (const locale of LOCALES) {
      describe(`${locale}, ${theme}`, () => {
        let page: HTMLDivElement;
        let elements: RkElement[];

        before(async () => {
          // `theme="auto"` (the default) follows the page: the nested elements (the card's gauge) too.
          await emulateMedia({ colorScheme: theme });
          page = document.createElement('div');
          page.lang = locale;
          page.dir = locale === 'ar' ? 'rtl' : 'ltr';
          // The host page's own colours, as a page in that scheme has them.
          page.style.cssText = `color-scheme: ${theme}; background: Canvas; color: CanvasText; box-sizing: border-box`;
          document.body.append(page);
          render(
            html`${Object.entries(ELEMENTS).map(([tag, template]) => html`<section data-tag=${tag} style="margin-block-end: 24px">${template({})}</section>`)}`,
            page,
          );
          elements = [...page.querySelectorAll('section')].map(elementIn);
          for (const el of elements) await settle(el);
          // Nested elements (the card's gauge) update a frame later; the alerts' panel is opened, so axe reads it.
          for (const el of elements) await settle(el);
          const alerts = elements.find((el) => el.localName === 'churn-alerts') as ChurnAlerts;
          await alerts.toggle(true);
        });

        after(() => page.remove());

        for (const width of WIDTHS) {
          it(`${width} px: 0 violations`, async () => {
            await setViewport({ width, height: 900 });
            page.style.width = `${width}px`;
            for (const el of elements) await settle(el);
            for (const el of elements) {
              expect((el as RkElement & { state?: string }).state, `${el.localName} did not render its data`).to.not.be.oneOf(['loading', 'error']);
              // The theme took: each element is in the page's colour scheme (the dark one sets its own `color-scheme`).
              expect(getComputedStyle(el).colorScheme, el.localName).to.contain(theme);
            }
            // One run over the whole page (a run's set-up costs more than its checks); each violation names its element.
            const found = await axeViolations(page);
            expect(found, found.join('\n')).to.deep.equal([]);
          });
        }
      });
    }
  }
});
