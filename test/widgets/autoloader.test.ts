// The autoloader as a framework host meets it: every tag is defined at once by a placeholder with
// the element's public properties, so React 19 and Vue set `data` as a property even before the
// element's code has arrived (they check `prop in element` when they render), and the element
// upgrades in place, keeping it. Each test file runs in a page of its own: nothing else defines tags here.
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type * as Vue from 'vue';
import { discover } from '../../widgets/autoloader';
import { UPGRADE } from '../../widgets/core/placeholder';
import { ELEMENT_MEMBERS } from '../../widgets/element-members';
import { HealthGauge } from '../../widgets/health-gauge/health-gauge';
import { part, text } from './support/dom';
import { finance, healthResponse, kpis } from './support/fixtures';

type Gauge = HTMLElement & { data?: unknown; customerId?: unknown };

/** React 19's rule for a prop of a custom element (react-dom, setValueForPropertyOnCustomComponent). */
function setReactProp(element: Element, name: string, value: unknown): void {
  if (name in element) (element as unknown as Record<string, unknown>)[name] = value;
  else element.setAttribute(name, String(value));
}

/** Whether the element's own code has arrived and run on it (a placeholder has no `updateComplete`). */
const upgraded = (element: Element) => 'updateComplete' in element;

/** Resolves with the element once it has upgraded and rendered. */
async function rendered<T extends Element>(element: T): Promise<T> {
  await waitUntil(() => upgraded(element), `<${element.localName}> did not upgrade`, { timeout: 5_000 });
  await (element as unknown as LitElement).updateComplete;
  return element;
}

function captureWarnings(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

describe('the autoloader', () => {
  afterEach(() => document.body.replaceChildren());

  it('defines every tag at once, with its settable properties, and fetches no element\'s code before one is connected', () => {
    for (const tag of Object.keys(ELEMENT_MEMBERS)) {
      expect(customElements.get(tag), tag).to.not.equal(undefined);
      const element = document.createElement(tag);
      for (const name of ELEMENT_MEMBERS[tag]!.properties) expect(name in element, `${tag}.${name}`).to.equal(true);
    }
    expect(upgraded(document.createElement('churn-alerts'))).to.equal(false);
    expect(performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/churn-alerts/'))).to.deep.equal([]);
  });

  it('keeps `data` set the way React 19 sets it before the element\'s code arrives, and renders it', async () => {
    const gauge = document.createElement('health-gauge') as Gauge;
    expect(upgraded(gauge)).to.equal(false);
    setReactProp(gauge, 'data', healthResponse({ health_score: 37, company_name: 'Placeholder Inc' }));
    setReactProp(gauge, 'theme', 'dark');
    document.body.append(gauge);
    expect(upgraded(gauge)).to.equal(false);

    await rendered(gauge);
    expect(gauge).to.be.instanceOf(HealthGauge);
    expect(gauge.hasAttribute('data')).to.equal(false);
    expect(text(part(gauge, 'score'))).to.equal('37');
    expect(text(part(gauge, 'title'))).to.equal('Placeholder Inc');
    expect(gauge.getAttribute('theme')).to.equal('dark');

    // Created after the upgrade: an ordinary element of the class, with the attributes it is given.
    const later = document.createElement('health-gauge');
    later.setAttribute('score', '91');
    document.body.append(later);
    await rendered(later);
    expect(text(part(later, 'score'))).to.equal('91');
  });

  it('gives a Vue 3 host\'s plain `:data` to the element as a property', async () => {
    // Vue's browser build, served as a file (its bare import resolves to a build for bundlers).
    const vue = (await import('/node_modules/vue/dist/vue.runtime.esm-browser.prod.js' as string)) as typeof Vue;
    const mount = document.createElement('div');
    document.body.append(mount);
    // A tag no other test has loaded yet.
    const app = vue.createApp({ render: () => vue.h('kpi-summary', { data: { kpis: kpis(), finance: finance() } }) });
    app.mount(mount);
    try {
      const summary = mount.querySelector('kpi-summary')!;
      expect(upgraded(summary)).to.equal(false);
      expect(summary.hasAttribute('data')).to.equal(false);
      await rendered(summary);
      expect(summary.shadowRoot!.textContent).to.include('1,240');
    } finally {
      app.unmount();
    }
  });

  it('loads an element connected in a shadow root of the host\'s, with no call to discover()', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<health-distribution></health-distribution>';
    const distribution = host.shadowRoot!.querySelector('health-distribution')!;
    await rendered(distribution);
    await discover(host.shadowRoot!);
  });

  it('ignores an object written as an attribute, warning once with the property to set instead', async () => {
    const capture = captureWarnings();
    try {
      document.body.innerHTML = '<health-gauge score="44" data="[object Object]" customer-id="[object Object]"></health-gauge>';
      const gauge = await rendered(document.querySelector('health-gauge') as Gauge);
      expect(gauge.data).to.equal(undefined);
      expect(gauge.customerId).to.equal(undefined);
      expect(text(part(gauge, 'score'))).to.equal('44');
      expect(capture.warnings.filter((w) => w.includes('data="[object Object]"'))).to.have.length(1);
      expect(capture.warnings.find((w) => w.includes('data="[object Object]"'))).to.include('element.data = value');
      expect(capture.warnings.filter((w) => w.includes('customer-id="[object Object]"'))).to.have.length(1);

      // Once per tag and attribute, however often it happens.
      const again = document.createElement('health-gauge');
      again.setAttribute('data', '[object Object]');
      document.body.append(again);
      again.setAttribute('customer-id', '[object Object]');
      await aTimeout(0);
      expect(capture.warnings.filter((w) => w.includes('[object Object]'))).to.have.length(2);
    } finally {
      capture.restore();
    }
  });

  it('declares the properties and observed attributes of each element\'s class (else: npm run build:members)', async () => {
    document.body.innerHTML = Object.keys(ELEMENT_MEMBERS)
      .map((tag) => `<${tag}></${tag}>`)
      .join('');
    await discover(document);
    for (const [tag, members] of Object.entries(ELEMENT_MEMBERS)) {
      const registered = customElements.get(tag)!;
      // A placeholder has become a subclass of the element's class; the provider is defined as itself.
      const elementClass = (Object.hasOwn(registered, UPGRADE) ? Object.getPrototypeOf(registered) : registered) as typeof LitElement;
      expect(elementClass.elementProperties, `<${tag}> upgraded`).to.be.instanceOf(Map);
      // Every Lit property, and the plain public fields the manifest lists (the provider's `client`, `store`).
      const declared = [...elementClass.elementProperties].filter(([, options]) => !options.state).map(([name]) => String(name));
      expect(declared.filter((name) => !members.properties.includes(name)), `<${tag}> properties not listed`).to.deep.equal([]);
      const element = document.querySelector(tag)!;
      expect(members.properties.filter((name) => !(name in element)), `<${tag}> listed properties it does not have`).to.deep.equal([]);
      expect([...members.attributes].sort(), `${tag} attributes`).to.deep.equal([...elementClass.observedAttributes].sort());
    }
  });
});
