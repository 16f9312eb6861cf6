import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { RkElement } from '../../widgets/core/base-element';
import { loadLocale } from '../../widgets/core/localize';
import type { RiskFactor } from '../../widgets/core/types';
import { expectAccessible } from './support/axe';
import { settle } from './support/dom';
import { atRisk, details, ELEMENTS, health } from './support/every-element';
import { finance, kpis } from './support/fixtures';

const LOCALES = ['de', 'es', 'fr', 'ar'] as const;

interface Unit {
  /** The English source's words, split at its placeholders. */
  fragments: string[];
  /** The translation, placeholders removed. */
  target: string;
}

const textOf = (node: Element) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** The catalog of `locale` as its XLIFF file holds it. */
async function catalog(locale: string): Promise<Unit[]> {
  const xml = new DOMParser().parseFromString(await (await fetch(`/widgets/locales/xliff/${locale}.xlf`)).text(), 'application/xml');
  return [...xml.querySelectorAll('trans-unit')].map((unit) => {
    const source = unit.querySelector('source');
    const target = unit.querySelector('target');
    const fragments = [...(source?.childNodes ?? [])]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent?.replace(/\s+/g, ' ').trim() ?? '')
      .filter((f) => /[A-Za-z]{3}/.test(f));
    return { fragments, target: target ? textOf(target) : '' };
  });
}

/**
 * The UI text an element shows (its shadow roots', nested ones included) with its accessible names and
 * placeholders, leaving out data: what is isolated in `<bdi>` or `dir="auto"` (names, ids, server text).
 */
function uiText(root: ShadowRoot | Element): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      if (node.localName === 'bdi' || (node.getAttribute('dir') === 'auto' && !node.matches('[part~="title"]'))) return;
      if (node.localName === 'style' || node.localName === 'slot') return;
      for (const name of ['aria-label', 'aria-valuetext', 'placeholder', 'title', 'data-label']) {
        const value = node.getAttribute(name);
        if (value) out.push(value);
      }
      if (node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
    } else if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim()) {
      out.push(node.textContent.trim());
    }
    node.childNodes.forEach(walk);
  };
  root.childNodes.forEach(walk);
  return out;
}

/** English data of the fixtures that UI text quotes without isolating it (an accessible name naming the alert). */
const DATA = ['Acme Robotics', 'Health fell below 50'];

/**
 * The English UI strings of `units` still in `texts`: a word sequence of a source that no
 * translation of the locale uses itself (German keeps "Health Score", French "Actions").
 */
function untranslated(units: Unit[], texts: string[]): string[] {
  const all = DATA.reduce((t, d) => t.replaceAll(d, ''), texts.join('\n'));
  const targets = units.map((u) => u.target).join('\n');
  const found = new Set<string>();
  for (const unit of units) {
    for (const fragment of unit.fragments) {
      if (fragment.length < 4 || targets.includes(fragment)) continue;
      const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[^A-Za-z-])${escaped}($|[^A-Za-z-])`).test(all)) found.add(fragment);
    }
  }
  return [...found];
}

async function rendered(template: TemplateResult): Promise<RkElement> {
  const host = await fixture<HTMLElement>(template);
  // The element itself, inside its wrapper (a `lang` div) and provider, if any.
  const el = [host, ...host.querySelectorAll('*')].find((e) => e.localName !== 'div' && e.localName !== 'rk-provider') as RkElement;
  await settle(el);
  // Nested elements (the card's gauge) update a frame later.
  await settle(el);
  return el;
}

describe('localisation', () => {
  const catalogs = new Map<string, Unit[]>();
  before(async () => {
    for (const locale of LOCALES) {
      catalogs.set(locale, await catalog(locale));
      await loadLocale(locale);
    }
  });

  it('ships a translation for every message in every locale', () => {
    for (const locale of LOCALES) {
      const units = catalogs.get(locale) ?? [];
      expect(units.length).to.be.greaterThan(200);
      expect(units.filter((u) => u.target === '').map((u) => u.fragments.join(' … ')), locale).to.deep.equal([]);
    }
  });

  it('finds the English UI text of an element shown in English (the check below can fail)', async () => {
    const el = await rendered(html`<div lang="en">${ELEMENTS['kpi-summary']!({})}</div>`);
    const found = untranslated(catalogs.get('de') ?? [], uiText(el.shadowRoot as ShadowRoot));
    expect(found).to.include.members(['Total customers', '30-day change unknown']);
  });

  for (const [tag, template] of Object.entries(ELEMENTS)) {
    describe(`<${tag}>`, () => {
      for (const locale of LOCALES) {
        it(`${locale} from an ancestor's lang: no English UI text, axe clean`, async () => {
          const el = await rendered(html`<div lang=${locale} dir=${locale === 'ar' ? 'rtl' : 'ltr'}>${template({})}</div>`);
          expect(el.localName).to.equal(tag);
          const texts = uiText(el.shadowRoot as ShadowRoot);
          expect(texts.length).to.be.greaterThan(0);
          expect(untranslated(catalogs.get(locale) ?? [], texts), texts.join(' | ')).to.deep.equal([]);
          await expectAccessible(el);
        });

        it(`${locale} from the locale property: no English UI text`, async () => {
          const el = await rendered(template({ locale }));
          const texts = uiText(el.shadowRoot as ShadowRoot);
          expect(untranslated(catalogs.get(locale) ?? [], texts), texts.join(' | ')).to.deep.equal([]);
        });
      }
    });
  }

  it('shows English with lang="en", and follows a change of the ancestor lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en"><kpi-summary .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary></div>`);
    const el = wrapper.firstElementChild as RkElement;
    await settle(el);
    const title = () => textOf(el.shadowRoot?.querySelector('[part~="title"]') as Element);
    expect(title()).to.equal('Customer success KPIs');
    wrapper.lang = 'de';
    await settle(el);
    expect(title()).to.equal('Customer-Success-KPIs');
    el.locale = 'fr';
    await settle(el);
    expect(title()).to.equal('KPI de succès client');
  });

  it('translates risk factors from their codes, and shows the text of a code it does not know', async () => {
    const factors: RiskFactor[] = [...details, { code: 'champion_left', params: {}, text: 'Champion left' }];
    const el = await rendered(
      html`<at-risk-table locale="de" .data=${[{ ...atRisk, risk_factors: factors.map((f) => f.text), risk_factor_details: factors }]}></at-risk-table>`,
    );
    const items = [...(el.shadowRoot?.querySelectorAll('[part~="risk-factors"] li') ?? [])].map(textOf);
    expect(items).to.deep.equal(['Seit 14 Tagen kein Login', '3 offene Support-Tickets', 'NPS -100', 'Champion left']);
  });

  it('keeps composed strings whole in Arabic: no number or question mark pushed to the wrong end', async () => {
    const kpi = await rendered(html`<div lang="ar" dir="rtl"><kpi-summary .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary></div>`);
    const deltas = [...(kpi.shadowRoot?.querySelectorAll('[part~="delta"]') ?? [])].map(textOf);
    expect(deltas).to.include('التغيّر خلال 30 يومًا غير معروف');
    expect(deltas.join(' ')).not.to.contain('change unknown');
    const gauge = await rendered(html`<div lang="ar" dir="rtl"><health-gauge .data=${health()}></health-gauge></div>`);
    expect(textOf(gauge.shadowRoot?.querySelector('[part~="disclosure"]') as Element)).to.equal('▸لماذا هذه الدرجة؟');
  });
});
