import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/churn-model-report/define';
import { ApiClient, ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent } from '../../widgets/core/events';
import type { ChurnModelRun, ChurnModelRunList } from '../../widgets/core/types';
import { decileLifts, truePositiveRateAt, type ChurnModelReport } from '../../widgets/churn-model-report/churn-model-report';
import { expectAccessible } from './support/axe';
import { renderInProvider } from './support/connect';
import { activeIn, part, parts, root, settle, text } from './support/dom';
import { churnModelRun, failedRun, HOSTILE, insufficientRun, runningRun, scoreReport } from './support/fixtures';

const list = (...runs: ChurnModelRun[]): ChurnModelRunList => ({ data: runs });
const rowsOf = (table: HTMLElement | null) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((r) => [...r.children].map((c) => text(c)));

/** A client answering the runs from `runs` (no network), recording the training and activation requests. */
class RunsClient extends ApiClient {
  loads = 0;
  trained = 0;
  activated: number[] = [];
  trainFailure: Error | undefined;
  activateFailure: Error | undefined;

  constructor(public runs: ChurnModelRun[]) {
    super();
  }

  override churnModels(): Promise<ChurnModelRunList> {
    this.loads++;
    return Promise.resolve(list(...this.runs));
  }

  override trainChurnModel(): Promise<{ id: number; status: 'running' }> {
    this.trained++;
    if (this.trainFailure) return Promise.reject(this.trainFailure);
    const run = runningRun({ id: 9, version: 'trained-9' });
    this.runs = [run, ...this.runs];
    return Promise.resolve({ id: run.id, status: 'running' });
  }

  override activateChurnModel(id: number): Promise<{ run: ChurnModelRun; rescored: number }> {
    this.activated.push(id);
    if (this.activateFailure) return Promise.reject(this.activateFailure);
    this.runs = this.runs.map((r) => ({ ...r, active: r.id === id }));
    return Promise.resolve({ run: this.runs.find((r) => r.id === id)!, rescored: 1234 });
  }
}

describe('<churn-model-report>', () => {
  describe('the chosen run', () => {
    it('shows the metrics with their bootstrap intervals and what to compare each with', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      expect(el.state).to.equal('ready');
      expect(el.run?.id).to.equal(3);
      expect(text(part(el, 'title'))).to.equal('Churn model');
      expect(text(part(el, 'metrics')?.querySelector('caption'))).to.equal('Test metrics with bootstrap 95 % intervals, 2,000 examples');
      expect(rowsOf(part(el, 'metrics'))).to.deep.equal([
        ['ROC AUC', '0.820', '0.780 to 0.860', '0.5 is a coin toss, 1 a perfect ranking'],
        ['PR AUC', '0.175', '0.145 to 0.205', 'Base rate 6.0%'],
        ['Brier score', '0.048', '0.044 to 0.052', 'Lower is better'],
        ['Brier skill', '0.140', '0.090 to 0.190', '0 is always predicting the base rate'],
        ['Top-decile lift', '6.03×', '5.43 to 6.63', 'Ceiling 10.00×'],
        ['Calibration error (ECE)', '0.021', '0.013 to 0.029', 'At most 0.050 to be activated "if better"'],
      ]);
      expect(text(part(el, 'run-summary'))).to.contain('Chance of churning within 90 days, by boosted trees.');
      expect(text(part(el, 'run-summary'))).to.contain('Measured on 2,000 test examples (120 churned, 410 accounts) after training on 5,800.');
      expect(part(el, 'insufficient')).to.equal(null);
    });

    it('compares the model with each baseline on the same test examples', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      expect(rowsOf(part(el, 'baselines'))).to.deep.equal([
        ['100 − health score', '0.610 0.570 to 0.650', '+0.210 0.160 to 0.260', '100% of resamples'],
        ['Hand-set model (logistic-v1)', '0.660 0.620 to 0.700', '+0.160 0.110 to 0.210', '100% of resamples'],
        ['Days since last login', '0.580 0.540 to 0.620', '+0.240 0.180 to 0.300', '100% of resamples'],
      ]);
    });

    it('draws the ROC curves of the model and the three baselines, with the diagonal, and reads them out in a table', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      await el.chartsReady;
      const roc = el.chart('roc')!;
      expect(roc.data.datasets.map((d) => d.label)).to.deep.equal([
        'This model (trained-3)',
        '100 − health score',
        'Hand-set model (logistic-v1)',
        'Days since last login',
        'Random ranking',
      ]);
      // Not colour alone: every baseline has a dash of its own.
      const dashes = roc.data.datasets.slice(0, 4).map((d) => JSON.stringify(d.borderDash));
      expect(new Set(dashes).size).to.equal(4);
      expect(roc.data.datasets[0]!.data[10]).to.deep.equal({ x: 0.5, y: 0.5 ** (1 / 0.82 - 1) });
      const canvas = el.shadowRoot!.querySelector('canvas[data-chart="roc"]');
      expect(canvas?.getAttribute('aria-hidden')).to.equal('true');
      const table = el.shadowRoot!.querySelector('[data-chart="roc"] [part~="table"]') as HTMLElement;
      expect(table.closest('.visually-hidden')).to.not.equal(null);
      const rows = rowsOf(table);
      expect(rows.map((r) => r[0])).to.deep.equal(['This model (trained-3)', '100 − health score', 'Hand-set model (logistic-v1)', 'Days since last login']);
      // TPR = FPR^0.2195…: at 5 % and 10 % false positives the model catches 51.8 % and 60.3 % of churners.
      expect(rows[0]!.slice(1, 4)).to.deep.equal(['0.820', '51.8%', '60.3%']);
    });

    it('draws the reliability diagram against perfect calibration, with a table of its bins', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      await el.chartsReady;
      const chart = el.chart('reliability')!;
      expect(chart.data.datasets.map((d) => d.label)).to.deep.equal(['This model', 'Perfect calibration']);
      expect(chart.data.datasets[0]!.data.length).to.equal(5);
      // The axes stop at the largest tenth the points reach (0.55 → 0.6), not at 1.
      expect((chart.options.scales?.x as { max?: number }).max).to.equal(0.6);
      const table = el.shadowRoot!.querySelector('[data-chart="reliability"] [part~="table"]') as HTMLElement;
      expect(rowsOf(table)[0]).to.deep.equal(['0% to 10%', '1,400', '4.0%', '3.0%']);
      // A ranking without probabilities has no reliability diagram.
      el.data = list(churnModelRun({ metrics: scoreReport(0.8, { calibrated: false }) }));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-chart="reliability"]')).to.equal(null);
    });

    it('gives lift and gains by decile as a visible table next to the gains chart', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      await el.chartsReady;
      const rows = rowsOf(part(el, 'lift-table'));
      expect(rows.length).to.equal(10);
      expect(rows[0]).to.deep.equal(['0% to 10%', '60.3%', '6.03×', '6.03×']);
      expect(rows[9]![0]).to.equal('90% to 100%');
      expect(rows[9]![3]).to.equal('1.00×');
      const gains = el.chart('gains')!;
      expect(gains.data.datasets[0]!.data[0]).to.deep.equal({ x: 0, y: 0 });
      expect(gains.data.datasets.at(-1)!.label).to.equal('Random ranking');
    });

    it('lists the most important features, top-features of them, named in words (a trait by its own name), as a table with decorative bars', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" top-features="4" .data=${list(churnModelRun())}></churn-model-report>`);
      const rows = rowsOf(part(el, 'features'));
      expect(rows).to.deep.equal([
        ['Days since last login', '0.412'],
        ['Health score: change over 90 days', '0.305'],
        ['contract_type', '0.221'],
        ['NPS', '0.187'],
      ]);
      const bars = parts(el, 'feature-bar');
      expect(bars[0]!.parentElement?.getAttribute('aria-hidden')).to.equal('true');
      expect(bars[0]!.getBoundingClientRect().width).to.be.greaterThan(bars[3]!.getBoundingClientRect().width);
    });

    it('renders hostile feature names and errors as text', async () => {
      const run = churnModelRun({ features: [{ name: HOSTILE, importance: 1 }] });
      const el = await fixture<ChurnModelReport>(html`<churn-model-report .data=${list(run, failedRun({ error: HOSTILE }))}></churn-model-report>`);
      expect(rowsOf(part(el, 'features'))[0]![0]).to.equal(HOSTILE);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      el.runId = 4;
      await el.updateComplete;
      expect(text(part(el, 'failed'))).to.contain(HOSTILE);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    });
  });

  describe('states', () => {
    it('says how many more churn outcomes an insufficient run needs, and still shows its figures', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(insufficientRun())}></churn-model-report>`);
      const note = text(part(el, 'insufficient'));
      expect(note).to.contain('Insufficient data');
      expect(note).to.contain('The test examples hold the outcomes of 12 churned accounts. At least 30 are needed to judge the model: 18 more.');
      expect(note).to.contain('about 72 more churn outcomes in the history');
      expect(part(el, 'metrics')).to.not.equal(null);
      await expectAccessible(el);
    });

    it('says when the test held accounts out instead of a later period', async () => {
      const outOfTime = await fixture<ChurnModelReport>(html`<churn-model-report locale="en-US" .data=${list(churnModelRun())}></churn-model-report>`);
      expect(text(part(outOfTime, 'run-summary'))).to.not.contain('held out');
      const el = await fixture<ChurnModelReport>(
        html`<churn-model-report locale="en-US" .data=${list(insufficientRun({ holdout: 'accounts' }))}></churn-model-report>`,
      );
      expect(text(part(el, 'run-summary'))).to.contain('Tested on accounts held out of training, at the same dates');
      expect(text(part(el, 'insufficient'))).to.contain('The test accounts are a fifth of all accounts: about 90 more churned accounts in the history.');
      await expectAccessible(el);
    });

    it('says a run is training, and polls until it ends', async () => {
      const client = new RunsClient([runningRun(), churnModelRun()]);
      const { el } = await renderInProvider<ChurnModelReport, RunsClient>(
        'churn-model-report',
        html`<churn-model-report locale="en-US" poll-interval="2"></churn-model-report>`,
        client,
      );
      el.runId = 6;
      await el.updateComplete;
      expect(text(part(el, 'running'))).to.equal('Training since 2 minutes ago. This report shows the evidence when the run ends.');
      expect(part(el, 'running')?.getAttribute('role')).to.equal('status');
      // The train button waits while a run trains.
      expect((part(el, 'train-button') as HTMLButtonElement).disabled).to.equal(true);
      client.runs = [churnModelRun({ id: 6, version: 'trained-6', active: false }), churnModelRun()];
      await waitUntil(() => part(el, 'metrics') !== null, 'did not poll', { timeout: 5_000 });
      expect(client.loads).to.equal(2);
      expect(text(el.shadowRoot!.querySelector('#run-title'))).to.equal('Run trained-6');
    });

    it('shows a failed run with its error', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report run-id="4" .data=${list(churnModelRun(), failedRun())}></churn-model-report>`);
      expect(part(el, 'failed')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'failed'))).to.contain('This run failed. not enough history to train');
    });

    it('is empty before any run, with a slot for the message', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report .data=${list()}><span slot="empty">Nothing yet</span></churn-model-report>`);
      expect(el.state).to.equal('empty');
      const slot = part(el, 'empty')!.querySelector('slot')!;
      expect(text(slot)).to.equal('No churn model has been trained yet.');
      expect(slot.assignedNodes().map((n) => n.textContent)).to.deep.equal(['Nothing yet']);
    });

    it('standalone: loads with its api and token, shows an error with a retry button and fires rk-error', async () => {
      const el = document.createElement('churn-model-report');
      const errors: RkErrorEvent[] = [];
      el.addEventListener('rk-error', (e) => errors.push(e));
      el.api = '/__rk_test__/missing';
      el.token = 't';
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.append(el);
      await waitUntil(() => el.state === 'error', 'no error', { timeout: 5_000 });
      expect(errors.length).to.equal(1);
      expect(errors[0]!.error).to.be.instanceOf(ApiError);
      expect(text(part(el, 'error'))).to.contain('Could not load the churn model runs.');
      expect(part(el, 'retry')).to.not.equal(null);
    });
  });

  describe('runs', () => {
    it('lists the runs with the one that scores, and shows the one chosen from the keyboard', async () => {
      const el = await fixture<ChurnModelReport>(
        html`<churn-model-report locale="en-US" .data=${list(insufficientRun(), failedRun(), churnModelRun())}></churn-model-report>`,
      );
      // Default: the run that scores, not the newest.
      expect(el.run?.id).to.equal(3);
      const runs = parts(el, 'run');
      expect(runs.map((r) => r.dataset.run)).to.deep.equal(['5', '4', '3']);
      expect(rowsOf(part(el, 'runs')).map((r) => [r[0], r[1], r[3]])).to.deep.equal([
        ['trained-5', 'Too few churners', '0.700'],
        ['trained-4', 'Failed', '—'],
        ['trained-3 Scoring', 'Succeeded', '0.820'],
      ]);
      const buttons = parts(el, 'run-button');
      expect(buttons.map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'true']);
      buttons[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.run?.id).to.equal(5);
      expect(el.getAttribute('run-id')).to.equal('5');
      expect(part(el, 'insufficient')).to.not.equal(null);
      expect(activeIn(el)).to.equal(parts(el, 'run-button')[0]);
      expect(parts(el, 'run-button').map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['true', 'false', 'false']);
    });

    it('has no train or activate buttons for data given by the page', async () => {
      const el = await fixture<ChurnModelReport>(html`<churn-model-report .data=${list(insufficientRun(), churnModelRun())}></churn-model-report>`);
      el.runId = 5;
      await el.updateComplete;
      expect(part(el, 'train-button')).to.equal(null);
      expect(part(el, 'activate-button')).to.equal(null);
    });

    it('trains a new model and follows it; a 409 or 403 is said in words', async () => {
      const client = new RunsClient([churnModelRun()]);
      const { el } = await renderInProvider<ChurnModelReport, RunsClient>('churn-model-report', html`<churn-model-report locale="en-US"></churn-model-report>`, client);
      client.trainFailure = new ApiError(409, 'training_running', 'a churn model is already being trained');
      const errors: RkErrorEvent[] = [];
      el.addEventListener('rk-error', (e) => errors.push(e));
      (part(el, 'train-button') as HTMLButtonElement).click();
      await waitUntil(() => part(el, 'action-message') !== null, 'no message');
      expect(text(part(el, 'action-message'))).to.equal('A churn model is already being trained: wait for it to finish.');
      expect(part(el, 'action-message')?.getAttribute('role')).to.equal('alert');
      expect(errors.length).to.equal(1);

      client.trainFailure = new ApiError(403, 'forbidden', 'admin only');
      (part(el, 'train-button') as HTMLButtonElement).click();
      await waitUntil(() => text(part(el, 'action-message')) === 'Only an admin can train a churn model.', 'no 403 message');

      client.trainFailure = undefined;
      (part(el, 'train-button') as HTMLButtonElement).click();
      await waitUntil(() => part(el, 'running') !== null, 'does not follow the new run');
      expect(client.trained).to.equal(3);
      expect(el.run?.id).to.equal(9);
      expect(part(el, 'action-message')?.getAttribute('role')).to.equal('status');
    });

    it('activates the chosen run and says how many accounts were rescored; a 403 is said in words', async () => {
      const client = new RunsClient([insufficientRun({ id: 7, version: 'trained-7', insufficient_data: false, metrics: scoreReport(0.85) }), churnModelRun()]);
      const { el } = await renderInProvider<ChurnModelReport, RunsClient>(
        'churn-model-report',
        html`<churn-model-report locale="en-US" run-id="7"></churn-model-report>`,
        client,
      );
      client.activateFailure = new ApiError(403, 'forbidden', 'admin only');
      (part(el, 'activate-button') as HTMLButtonElement).click();
      await waitUntil(() => text(part(el, 'action-message')) === 'Only an admin can choose the model that scores.', 'no 403 message');

      client.activateFailure = undefined;
      (part(el, 'activate-button') as HTMLButtonElement).click();
      await waitUntil(() => text(part(el, 'action-message')) === 'trained-7 now scores every account: 1,234 rescored.', 'no confirmation');
      await waitUntil(() => part(el, 'activate-button') === null, 'still offers activation');
      expect(client.activated).to.deep.equal([7, 7]);
      expect(text(el.shadowRoot!.querySelector('#run-title'))).to.equal('Run trained-7 Scoring');
    });

    it('read-only hides the buttons even with a server', async () => {
      const client = new RunsClient([churnModelRun({ active: false })]);
      const { el } = await renderInProvider<ChurnModelReport, RunsClient>('churn-model-report', html`<churn-model-report read-only></churn-model-report>`, client);
      expect(el.state).to.equal('ready');
      expect(part(el, 'train-button')).to.equal(null);
      expect(part(el, 'activate-button')).to.equal(null);
    });
  });

  describe('helpers', () => {
    it('reads a ROC curve at a false positive rate without exceeding it', () => {
      const roc = [
        { falsePositiveRate: 0, truePositiveRate: 0, threshold: null },
        { falsePositiveRate: 0.08, truePositiveRate: 0.4, threshold: 0.5 },
        { falsePositiveRate: 0.12, truePositiveRate: 0.6, threshold: 0.3 },
      ];
      expect(truePositiveRateAt(roc, 0.1)).to.equal(0.4);
      expect(truePositiveRateAt(roc, 0.12)).to.equal(0.6);
    });

    it('turns a gains curve into lift by decile', () => {
      const lifts = decileLifts([
        { share: 0, captured: 0 },
        { share: 0.5, captured: 0.8 },
        { share: 1, captured: 1 },
      ]);
      expect(lifts.map((d) => [d.lowerShare, d.share, Number(d.lift.toFixed(3)), Number(d.cumulativeLift.toFixed(3))])).to.deep.equal([
        [0, 0.5, 1.6, 1.6],
        [0.5, 1, 0.4, 1],
      ]);
    });
  });

  describe('accessibility and theme', () => {
    it('is accessible when ready, light and dark, at 320 px and right to left', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl" style="width: 320px"><churn-model-report theme="light" .data=${list(churnModelRun(), insufficientRun())}></churn-model-report></div>`,
      );
      const el = wrapper.querySelector('churn-model-report') as ChurnModelReport;
      await el.chartsReady;
      await expectAccessible(el);
      // Narrow: nothing wider than the widget but the scrollable regions.
      expect(part(el, 'base')!.scrollWidth).to.be.at.most(320);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');
    });

    for (const locale of ['en-US', 'de']) {
      it(`keeps the metrics and baselines tables in view in ${locale} at 960 px (the demo's main column at 1440 px)`, async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 960px"><churn-model-report locale=${locale} .data=${list(churnModelRun())}></churn-model-report></div>`);
        const el = wrapper.querySelector('churn-model-report') as ChurnModelReport;
        await el.chartsReady;
        const scrollers = Array.from(root(el).querySelectorAll<HTMLElement>('.grid.tables .scroller'));
        expect(scrollers).to.have.length(2);
        for (const scroller of scrollers) expect(scroller.scrollWidth, scroller.getAttribute('aria-label') ?? '').to.be.at.most(scroller.clientWidth + 1);
      });
    }

    it('takes the curves\' colours from --rk-* properties', async () => {
      const el = await fixture<ChurnModelReport>(
        html`<churn-model-report style="--rk-churn-model-color: #123456; --rk-churn-baseline-1-color: #654321" .data=${list(churnModelRun())}></churn-model-report>`,
      );
      await el.chartsReady;
      const roc = el.chart('roc')!;
      expect(roc.data.datasets[0]!.borderColor).to.equal('#123456');
      expect(roc.data.datasets[1]!.borderColor).to.equal('#654321');
    });

    it('works inside <rk-provider> after settling', async () => {
      const client = new RunsClient([churnModelRun()]);
      const { el } = await renderInProvider<ChurnModelReport, RunsClient>('churn-model-report', html`<churn-model-report></churn-model-report>`, client, settle);
      expect(el.state).to.equal('ready');
      expect(client.loads).to.equal(1);
    });
  });
});
