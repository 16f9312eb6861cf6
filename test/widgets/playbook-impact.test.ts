import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../widgets/playbook-impact/define';
import { ApiClient } from '../../widgets/core/api-client';
import type { PlaybookImpactQuery, PlaybookImpactReport } from '../../widgets/core/types';
import type { PlaybookImpact } from '../../widgets/playbook-impact/playbook-impact';
import { expectAccessible } from './support/axe';
import { renderInProvider } from './support/connect';
import { activeIn, part, parts, settle, text } from './support/dom';
import { HOSTILE, impactGroup, impactReport, triggerImpact } from './support/fixtures';

const keysOf = (el: PlaybookImpact) => parts(el, 'row').filter((r) => r.closest('[part~="table"]')).map((r) => r.dataset.key);
const rowOf = (el: PlaybookImpact, key: string) => el.shadowRoot!.querySelector<HTMLTableRowElement>(`[part~="table"] tr[data-key="${CSS.escape(key)}"]`)!;
const cells = (row: HTMLTableRowElement) => [...row.cells].map((c) => text(c));

/** A client answering the impact report (no network), recording the queries. */
class ImpactClient extends ApiClient {
  readonly queries: PlaybookImpactQuery[] = [];
  override playbookImpact(query: PlaybookImpactQuery = {}): Promise<PlaybookImpactReport> {
    this.queries.push(query);
    return Promise.resolve(impactReport());
  }
}

describe('<playbook-impact>', () => {
  it('shows each play as a row of a real table: treated against control churn, churn prevented with its interval, saved ARR, counts', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact locale="en-US" .data=${impactReport()}></playbook-impact>`);
    expect(el.state).to.equal('ready');
    expect(keysOf(el)).to.deep.equal(['trg_call', 'trg_email', 'trg_training']);
    const call = rowOf(el, 'trg_call');
    expect(call.querySelector('th')?.getAttribute('scope')).to.equal('row');
    expect(cells(call)).to.deep.equal([
      'Health check call for high risk Health check call, 20 % held out',
      '15.0% 180 of 1,200 churned',
      '30.0% 90 of 300 churned',
      '+15 pts +10 pts to +20 pts',
      '$540,000 $360,000 to $720,000',
      'Reduces churn 1,200 treated and 300 held-out firings with a closed window',
    ]);
    expect(call.dataset.evidence).to.equal('benefit');
    expect(rowOf(el, 'trg_email').dataset.evidence).to.equal('unclear');
    expect(text(rowOf(el, 'trg_email').querySelector('.verdict'))).to.equal('No clear effect');
    const headers = [...el.shadowRoot!.querySelectorAll('[part~="table"] thead th')].map((th) => text(th).replace(/ [▼▲↕].*$/, ''));
    expect(headers).to.deep.equal(['Play', 'Treated churn', 'Control churn', 'Churn prevented (95 % interval)', 'Saved ARR', 'Evidence']);
  });

  it('draws each interval as a bar on one shared axis, with a zero line, hidden from assistive technology', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${impactReport()}></playbook-impact>`);
    const plots = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="table"] [part~="plot"]')];
    expect(plots.length).to.equal(3);
    for (const plot of plots) expect(plot.getAttribute('aria-hidden')).to.equal('true');
    expect(part(el, 'axis')?.getAttribute('aria-hidden')).to.equal('true');
    // The zero line is at the same place in every row; a bar spans its interval on that axis.
    const zero = plots.map((p) => p.querySelector<HTMLElement>('[part~="zero-line"]')!.getBoundingClientRect().left);
    expect(new Set(zero.map((z) => Math.round(z))).size).to.equal(1);
    const bar = (key: string) => rowOf(el, key).querySelector<HTMLElement>('[part~="interval"]')!.getBoundingClientRect();
    const call = bar('trg_call');
    // +10 to +20 pts: right of zero; the email play's −8 to +10 pts crosses it.
    expect(call.left).to.be.greaterThan(zero[0]!);
    expect(bar('trg_email').left).to.be.lessThan(zero[0]!);
    expect(bar('trg_email').right).to.be.greaterThan(zero[0]!);
    // Same axis: the training play's wide interval (−12 to +60 pts) is the widest bar.
    expect(bar('trg_training').width).to.be.greaterThan(call.width);
  });

  it('marks a row below the minimum counts as insufficient evidence, still showing its figures', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${impactReport()}></playbook-impact>`);
    const row = rowOf(el, 'trg_training');
    expect(row.dataset.evidence).to.equal('insufficient');
    expect(text(row.querySelector('[part~="evidence"]'))).to.equal(
      'Insufficient evidence Insufficient evidence: 14 treated (20 needed) and 3 held-out (10 needed) firings with a closed window',
    );
    expect(text(row.cells[3])).to.contain('+19 pts');
    // A comparison with no estimate at all is insufficient too, and says so rather than drawing a bar.
    el.data = impactReport({
      by_trigger: [triggerImpact({ trigger_id: 'new', trigger_name: 'New play', treated: impactGroup(0, 0), held_out: impactGroup(0, 0), churn_difference: null, saved_arr: null, insufficient_evidence: true, evidence_note: 'No firing with a closed window yet' })],
    });
    await el.updateComplete;
    const fresh = rowOf(el, 'new');
    expect(fresh.dataset.evidence).to.equal('insufficient');
    expect(text(fresh.cells[3])).to.equal('— no estimate');
    expect(fresh.querySelector('[part~="interval"]')).to.equal(null);
  });

  it('labels interim figures apart, and gives manual interventions as outcome rates without a causal claim', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact locale="en-US" .data=${impactReport()}></playbook-impact>`);
    const interim = part(el, 'interim')!;
    expect(text(interim.querySelector('h3'))).to.equal('Interim: outcome windows still open');
    expect(text(interim.querySelector('[part~="note"]'))).to.equal('Interim: the outcome windows of these firings are still open; churn so far, which can only rise.');
    expect([...interim.querySelectorAll('tbody tr')].map((r) => (r as HTMLElement).dataset.key)).to.deep.equal(['trg_call']);
    const manual = part(el, 'manual')!;
    expect(text(manual.querySelector('h3'))).to.equal('Manual interventions: outcome rates, not effects');
    expect(text(manual.querySelector('[part~="note"]'))).to.equal('Manual interventions have no control group: these are outcome rates, not effects.');
    expect(cells(manual.querySelector('tbody tr')!)).to.deep.equal(['CSM outreach', '15.0% 9 of 60 churned', '30 successful, 12 unsuccessful']);
    // No plot and no "Churn prevented" for them.
    expect(manual.querySelector('[part~="plot"]')).to.equal(null);
  });

  it('sorts by churn prevented and by counts from the column buttons, with aria-sort, rows with insufficient evidence last', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${impactReport()}></playbook-impact>`);
    const sortButton = (column: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="sort-button"][data-sort="${column}"]`)!;
    const ariaSort = (column: string) => sortButton(column).closest('th')!.getAttribute('aria-sort');
    // The default: most churn prevented first; the training play's +19 pts is below the minimum counts, so last.
    expect(keysOf(el)).to.deep.equal(['trg_call', 'trg_email', 'trg_training']);
    expect(ariaSort('uplift')).to.equal('descending');
    sortButton('uplift').click();
    await el.updateComplete;
    expect(el.sort).to.equal('uplift');
    expect(keysOf(el)).to.deep.equal(['trg_email', 'trg_call', 'trg_training']);
    expect(ariaSort('uplift')).to.equal('ascending');
    sortButton('held-out').click();
    await el.updateComplete;
    expect(el.sort).to.equal('-held-out');
    expect(keysOf(el)).to.deep.equal(['trg_call', 'trg_email', 'trg_training']);
    expect(ariaSort('held-out')).to.equal('descending');
    expect(ariaSort('uplift')).to.equal(null);
    sortButton('treated').click();
    sortButton('treated').click();
    await el.updateComplete;
    expect(el.sort).to.equal('treated');
    expect(keysOf(el)).to.deep.equal(['trg_training', 'trg_email', 'trg_call']);
  });

  it('groups by intervention type from the toggle', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${impactReport()}></playbook-impact>`);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="grouping-toggle"][data-grouping="type"]')!;
    toggle.click();
    await el.updateComplete;
    expect(el.groupBy).to.equal('type');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(keysOf(el)).to.deep.equal(['health_check_call', 'automated_email']);
    expect(text(rowOf(el, 'automated_email').querySelector('.name'))).to.equal('Automated email');
  });

  it('is one tab stop over the rows: arrows, Home and End move between plays, and the focus follows a re-sort', async () => {
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${impactReport()}></playbook-impact>`);
    const heads = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="table"] tbody th')];
    expect(heads().map((th) => th.tabIndex)).to.deep.equal([0, -1, -1]);
    heads()[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeIn(el)?.closest('tr')?.dataset.key).to.equal('trg_email');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(activeIn(el)?.closest('tr')?.dataset.key).to.equal('trg_training');
    expect(heads().map((th) => th.tabIndex)).to.deep.equal([-1, -1, 0]);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(activeIn(el)?.closest('tr')?.dataset.key).to.equal('trg_call');
    // A re-sort moves the row; the focus stays on it.
    el.sort = 'uplift';
    await el.updateComplete;
    await el.updateComplete;
    expect(activeIn(el)?.closest('tr')?.dataset.key).to.equal('trg_call');
  });

  it('renders untrusted names and notes as text', async () => {
    const el = await fixture<PlaybookImpact>(
      html`<playbook-impact
        .data=${impactReport({
          by_trigger: [triggerImpact({ trigger_id: HOSTILE, trigger_name: HOSTILE, evidence_note: HOSTILE })],
          interim: { note: HOSTILE, by_trigger: [], by_intervention_type: [] },
        })}
      ></playbook-impact>`,
    );
    const row = rowOf(el, HOSTILE);
    expect(text(row.querySelector('.name'))).to.equal(HOSTILE);
    expect(text(row.querySelector('[part~="evidence"] .sub'))).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('fetches the report for its window from the provider', async () => {
    const { el, client } = await renderInProvider<PlaybookImpact, ImpactClient>('playbook-impact', html`<playbook-impact window-days="30"></playbook-impact>`, new ImpactClient());
    await settle(el);
    expect(client.queries).to.deep.equal([{ window_days: 30 }]);
    expect(el.state).to.equal('ready');
    expect(keysOf(el)).to.have.length(3);
  });

  it('shows the empty state when no play has fired', async () => {
    const empty = impactReport({ by_trigger: [], by_intervention_type: [], interim: { note: '', by_trigger: [], by_intervention_type: [] }, manual: { causal_claim: false, note: '', by_type: [] } });
    const el = await fixture<PlaybookImpact>(html`<playbook-impact .data=${empty}></playbook-impact>`);
    expect(el.state).to.equal('empty');
    expect(text(part(el, 'empty'))).to.equal('No play has fired yet.');
  });

  it('below 880 px of its own width shows each play as a card with labelled cells, nothing scrolling sideways', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 360px"><playbook-impact .data=${impactReport()}></playbook-impact></div>`);
    const el = wrapper.querySelector('playbook-impact') as PlaybookImpact;
    await el.updateComplete;
    wrapper.style.width = '860px';
    await nextFrame();
    expect(getComputedStyle(rowOf(el, 'trg_call')).display, 'a card at 860 px too').to.equal('grid');
    wrapper.style.width = '360px';
    await nextFrame();
    const row = rowOf(el, 'trg_call');
    expect(getComputedStyle(row).display).to.equal('grid');
    expect(getComputedStyle(row.cells[1]!, '::before').content).to.equal('"Treated churn"');
    for (const scroller of parts(el, 'scroller')) expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth + 1);
    await expectAccessible(el);
  });

  for (const width of [1000, 900]) {
    it(`keeps every column in view as a table at ${width} px of its own width (a main column beside a side panel)`, async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"><playbook-impact .data=${impactReport()}></playbook-impact></div>`);
      const el = wrapper.querySelector('playbook-impact') as PlaybookImpact;
      await el.updateComplete;
      expect(getComputedStyle(rowOf(el, 'trg_call')).display).to.equal('table-row');
      for (const scroller of parts(el, 'scroller')) expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth + 1);
    });
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe in the ${theme} theme`, async () => {
      await emulateMedia({ colorScheme: theme });
      const el = await fixture<PlaybookImpact>(html`<playbook-impact theme=${theme} .data=${impactReport()}></playbook-impact>`);
      await expectAccessible(el);
      await emulateMedia({ colorScheme: 'light' });
    });
  }
});
