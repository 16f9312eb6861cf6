import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { FocusGroupController } from '../core/focus-group';
import { percentagePoints, type Formatter } from '../core/format';
import { emptyMessage, renderFrame } from '../core/frame';
import { typeLabel } from '../core/interventions';
import { valueLabel } from '../core/status';
import { baseStyles, cardStyles, stateStyles } from '../core/styles';
import type { InterventionTypeImpact, ManualOutcomes, PlaybookImpactReport, TriggerImpact } from '../core/types';
import { playbookImpactStyles } from './playbook-impact.styles';

/** The rows: one per trigger (a play), or one per intervention type over every trigger. */
export type ImpactGrouping = 'trigger' | 'type';

/** What the rows sort by: the churn prevented, or the treated or held-out firings. */
export type ImpactSortColumn = 'uplift' | 'treated' | 'held-out';

/** An estimate with its 95 % interval, as the server sends them. */
interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** What a row's interval says: `benefit` excludes 0 on the good side, `harm` on the bad side. */
export type EvidenceVerdict = 'insufficient' | 'benefit' | 'harm' | 'unclear';

/** One row of the table: a trigger's or an intervention type's comparison. */
export interface ImpactRow {
  key: string;
  name: string;
  detail: string;
  comparison: TriggerImpact | InterventionTypeImpact;
  /** Churn prevented, held-out minus treated rate (the server's difference turned round): positive helps. */
  uplift: Interval | null;
  verdict: EvidenceVerdict;
}

const SORT_COLUMNS: readonly ImpactSortColumn[] = ['uplift', 'treated', 'held-out'];
const DEFAULT_SORT = '-uplift';

const isSortColumn = (value: string): value is ImpactSortColumn => (SORT_COLUMNS as readonly string[]).includes(value);

/** `-uplift` → uplift, descending; an unknown column is the default order. */
export function parseImpactSort(sort: string | undefined): { column: ImpactSortColumn; descending: boolean } {
  const text = (sort ?? '').trim();
  const descending = text.startsWith('-');
  const column = descending ? text.slice(1) : text;
  return isSortColumn(column) ? { column, descending } : { column: 'uplift', descending: true };
}

/** The churn prevented of a comparison: the negated difference, so that positive means fewer churned. */
const upliftOf = (c: TriggerImpact | InterventionTypeImpact): Interval | null =>
  c.churn_difference && { estimate: -c.churn_difference.estimate, lower: -c.churn_difference.upper, upper: -c.churn_difference.lower };

function verdictOf(insufficient: boolean, uplift: Interval | null): EvidenceVerdict {
  if (insufficient || !uplift) return 'insufficient';
  if (uplift.lower > 0) return 'benefit';
  if (uplift.upper < 0) return 'harm';
  return 'unclear';
}

const VERDICT_TEXT: Record<EvidenceVerdict, () => string> = {
  insufficient: () => msg('Insufficient evidence'),
  benefit: () => msg('Reduces churn'),
  harm: () => msg('Increases churn'),
  unclear: () => msg('No clear effect'),
};

/** The rows of one grouping of a report section (the closed windows, or the interim ones). */
export function impactRows(section: Pick<PlaybookImpactReport, 'by_trigger' | 'by_intervention_type'>, grouping: ImpactGrouping, f?: Formatter): ImpactRow[] {
  const row = (key: string, name: string, detail: string, comparison: TriggerImpact | InterventionTypeImpact): ImpactRow => {
    const uplift = upliftOf(comparison);
    return { key, name, detail, comparison, uplift, verdict: verdictOf(comparison.insufficient_evidence, uplift) };
  };
  const percent = (n: number) => (f ? f.number(n) : String(n));
  return grouping === 'trigger'
    ? section.by_trigger.map((t) => row(t.trigger_id, t.trigger_name, msg(str`${typeLabel(t.intervention_type)}, ${percent(t.holdout_percent)} % held out`), t))
    : section.by_intervention_type.map((t) => row(t.intervention_type, typeLabel(t.intervention_type), msg('Every trigger opening it'), t));
}

/**
 * The rows in the order asked for; ties keep the server's order. By churn prevented, the rows with
 * insufficient evidence come after the others either way: a wide interval's estimate is no rank.
 */
export function sortImpactRows(rows: readonly ImpactRow[], sort: string | undefined): ImpactRow[] {
  const { column, descending } = parseImpactSort(sort);
  const value = (r: ImpactRow): number | null =>
    column === 'uplift' ? (r.verdict === 'insufficient' ? null : (r.uplift?.estimate ?? null)) : column === 'treated' ? r.comparison.treated.firings : r.comparison.held_out.firings;
  const rank = (r: ImpactRow) => (column === 'uplift' && r.uplift ? r.uplift.estimate : 0);
  return rows
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === null && b.v === null) return (descending ? rank(b.r) - rank(a.r) : rank(a.r) - rank(b.r)) || a.i - b.i;
      if (a.v === null || b.v === null) return a.v === null ? 1 : -1;
      return (descending ? b.v - a.v : a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** The next sort after a click on `column`'s header: the other direction of the same column, else most first. */
export function nextImpactSort(current: string | undefined, column: ImpactSortColumn): string {
  const order = parseImpactSort(current);
  return order.column === column && order.descending ? column : `-${column}`;
}

/** The shared axis of a table's plots: from the lowest lower bound to the highest upper one, always with 0, in whole 5-point steps. */
function axisOf(rows: readonly ImpactRow[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const r of rows) {
    if (!r.uplift) continue;
    min = Math.min(min, r.uplift.lower);
    max = Math.max(max, r.uplift.upper);
  }
  const step = 0.05;
  return { min: Math.floor(min / step - 1e-9) * step, max: Math.max(Math.ceil(max / step + 1e-9) * step, Math.floor(min / step - 1e-9) * step + step) };
}

const rowKey = (el: Element) => el.closest<HTMLElement>('tr[data-key]')?.dataset.key;

/** The column headers (and the card layout's cell labels), in the updating element's language. */
const HEADERS: readonly { key: ImpactSortColumn | 'play' | 'saved-arr' | 'evidence'; readonly label: string }[] = [
  { key: 'play', get label() { return msg('Play'); } },
  { key: 'treated', get label() { return msg('Treated churn'); } },
  { key: 'held-out', get label() { return msg('Control churn'); } },
  { key: 'uplift', get label() { return msg('Churn prevented (95 % interval)'); } },
  { key: 'saved-arr', get label() { return msg('Saved ARR'); } },
  { key: 'evidence', get label() { return msg('Evidence'); } },
];

/**
 * @summary Did each play save anyone? Every trigger (or intervention type) as a row: churn of the
 * treated accounts against the held-out control group, the churn prevented with its 95 % interval
 * drawn as a bar on a shared axis with a zero line (a forest plot), the saved ARR with its
 * interval, the counts, and an "insufficient evidence" state below the minimum counts.
 *
 * Two ways to feed it:
 * - `.data` (the body of `GET /api/playbooks/impact`): no server at all;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched for `window-days` (default 90; csm or
 *   admin token), refreshed every `refresh-interval` seconds and on a live `reset`.
 *
 * Only firings whose outcome window has closed are compared; firings still in their window are
 * shown apart under "Interim", labelled, and manual interventions (no control group) are listed
 * with their outcome rates and the server's note that these are not effects. See docs/playbooks.md.
 *
 * The table holds every number as text; the interval bars are decoration (`aria-hidden`), the
 * interval being in the cell beside them. Sorting: the column header buttons (Churn prevented,
 * Treated, Control: a second click reverses; by churn prevented, the rows with insufficient
 * evidence come last), or `sort` (`uplift`, `treated`, `held-out`, `-` for
 * descending; default `-uplift`). Keyboard: the rows are one tab stop, on the play's name; Arrow
 * Up/Down, Page Up/Down, Home and End move between them. `group-by` (`trigger` or `type`) and the
 * toggle above the table choose the rows. Below 880 px of its own width (a container query) each
 * row is a card with its cells labelled, the sort buttons a row above them; nothing scrolls sideways.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No play has fired yet." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Playbook impact".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart grouping - The "By play" / "By intervention type" toggle group.
 * @csspart grouping-toggle - One of its buttons (`data-grouping`, `aria-pressed`).
 * @csspart window - The "90-day window" line.
 * @csspart scroller - The scrolling area around a table.
 * @csspart table - The table of closed windows.
 * @csspart sort-button - A column header's sort button (`data-sort`).
 * @csspart axis - The plot axis in the header (`aria-hidden`).
 * @csspart row - One play (`data-key`, `data-evidence`: insufficient, benefit, harm, unclear).
 * @csspart play - A row's name and detail.
 * @csspart plot - A row's interval bar (`aria-hidden`).
 * @csspart interval - The bar from the lower to the upper bound.
 * @csspart estimate - The estimate's marker.
 * @csspart zero-line - The line at no effect.
 * @csspart evidence - A row's verdict and the server's evidence note.
 * @csspart interim - The interim section (open windows).
 * @csspart interim-table - Its table.
 * @csspart manual - The manual interventions section.
 * @csspart manual-table - Its table.
 * @csspart note - A section's note from the server.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-impact-benefit - Bars whose interval shows less churn (default `--rk-color-excellent`).
 * @cssprop --rk-impact-harm - Bars whose interval shows more churn (default `--rk-color-critical`).
 * @cssprop --rk-impact-unclear - Bars whose interval crosses zero, and insufficient evidence (default `--rk-color-text-muted`).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Bar track, pressed toggle, skeleton.
 * @cssprop --rk-color-text - Text and the zero line.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons (default 44px).
 */
export class PlaybookImpact extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, playbookImpactStyles];

  private readonly report = new DataController<PlaybookImpactReport>(this, {
    args: () => [this.windowDayCount],
    load: (client, signal) => client.playbookImpact({ window_days: this.windowDayCount }, { signal }),
    isEmpty: (r) =>
      r.by_trigger.length + r.by_intervention_type.length + r.interim.by_trigger.length + r.interim.by_intervention_type.length + r.manual.by_type.length === 0,
  });

  /** The rows are one tab stop, on the play cell of the current row. */
  private readonly rowFocus: FocusGroupController = new FocusGroupController(this, {
    keys: () => this.rows().map((r) => r.key),
    item: (key) => this.renderRoot.querySelector<HTMLElement>(`[part~="table"] tr[data-key="${CSS.escape(key)}"]`),
    keyOf: (el) => (el.closest('[part~="table"]') ? rowKey(el) : undefined),
    focusTarget: (row) => row.querySelector('th'),
    page: 10,
  });

  private cachedRows: { inputs: readonly unknown[]; rows: ImpactRow[] } | undefined;

  /** The report given by the page (no fetch). */
  @property({ attribute: false }) data: PlaybookImpactReport | undefined;

  /** Days after a firing in which churn counts (7-365; default 90). */
  @property({ attribute: 'window-days', type: Number }) windowDays = 90;

  /** The rows: `trigger` (one per play, the default) or `type` (one per intervention type). */
  @property({ attribute: 'group-by', reflect: true }) groupBy: ImpactGrouping = 'trigger';

  /** The order: `uplift`, `treated` or `held-out`, `-` first for descending (default `-uplift`). */
  @property({ reflect: true }) sort = DEFAULT_SORT;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.report.state;
  }

  /** Loads the data again (what the retry button does). */
  reload(): Promise<void> {
    return this.report.reload();
  }

  protected override liveFilter(): LiveFilter {
    // Nothing in the stream changes a closed window but a `reset` (which always comes): ask for as little as possible.
    return { types: ['status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.report.set(this.data);
  }

  private get windowDayCount(): number {
    const n = Math.round(Number(this.windowDays));
    return Number.isFinite(n) ? Math.min(365, Math.max(7, n)) : 90;
  }

  private get grouping(): ImpactGrouping {
    return this.groupBy === 'type' ? 'type' : 'trigger';
  }

  /** The rows of the closed windows, sorted: the same array until the data, grouping or sort change. */
  private rows(): ImpactRow[] {
    const data = this.report.state === 'ready' ? this.report.data : undefined;
    const inputs = [data, this.grouping, this.sort, this.format];
    if (this.cachedRows && inputs.every((v, i) => v === this.cachedRows?.inputs[i])) return this.cachedRows.rows;
    const rows = data ? sortImpactRows(impactRows(data, this.grouping, this.format), this.sort) : [];
    this.cachedRows = { inputs, rows };
    return rows;
  }

  // ---- handlers ----

  private onSortClick(event: MouseEvent): void {
    const column = (event.target as Element).closest<HTMLElement>('button[data-sort]')?.dataset.sort;
    if (column && isSortColumn(column)) this.sort = nextImpactSort(this.sort, column);
  }

  private onGroupingClick(event: MouseEvent): void {
    const grouping = (event.target as Element).closest<HTMLElement>('button[data-grouping]')?.dataset.grouping;
    if (grouping === 'trigger' || grouping === 'type') this.groupBy = grouping;
  }

  // ---- rendering ----

  protected override render() {
    const state = this.report.state;
    const data = state === 'ready' ? this.report.data : undefined;
    return renderFrame(this.report, {
      title: msg('Playbook impact'),
      hasData: data !== undefined,
      skeleton: [0, 1, 2, 3].map(() => html`<div class="shape line"></div>`),
      loading: msg('Loading playbook impact…'),
      failed: msg('the playbook impact'),
      body: () => data && this.renderReady(data),
      empty: emptyMessage(msg('No play has fired yet.')),
    });
  }

  private renderReady(data: PlaybookImpactReport) {
    const f = this.format;
    const rows = this.rows();
    const interim = impactRows(data.interim, this.grouping, f);
    return html`
      <div class="toolbar">
        <div part="grouping" class="grouping" role="group" aria-label=${msg('Rows')} @click=${this.onGroupingClick}>
          ${(['trigger', 'type'] as const).map(
            (g) => html`<button part="grouping-toggle" type="button" data-grouping=${g} aria-pressed=${this.grouping === g ? 'true' : 'false'}>
              ${g === 'trigger' ? msg('By play') : msg('By intervention type')}
            </button>`,
          )}
        </div>
        <p part="window" class="window">
          ${msg(str`${f.number(data.window_days)}-day window, firings ${this.day(data.from)} to ${this.day(data.to)}; treated against held out`)}
        </p>
      </div>
      ${rows.length > 0
        ? this.renderTable(rows, { part: 'table', caption: msg('Closed outcome windows'), sortable: true })
        : html`<p class="none">${msg('No play has a closed outcome window yet.')}</p>`}
      ${interim.length > 0
        ? html`<section part="interim" class="section" aria-labelledby="interim-title">
            <h3 class="section-title" id="interim-title">${msg('Interim: outcome windows still open')}</h3>
            <p part="note" class="note" dir="auto">${data.interim.note}</p>
            ${this.renderTable(interim, { part: 'interim-table', caption: msg('Interim figures, outcome windows still open'), sortable: false })}
          </section>`
        : nothing}
      ${data.manual.by_type.length > 0 ? this.renderManual(data.manual.note, data.manual.by_type) : nothing}
      <p id="keys" class="visually-hidden">${msg('Arrow keys move between plays; the column buttons sort.')}</p>
    `;
  }

  private renderTable(rows: readonly ImpactRow[], options: { part: string; caption: string; sortable: boolean }) {
    const axis = axisOf(rows);
    const order = parseImpactSort(this.sort);
    return html`
      <div part="scroller" class="scroller" tabindex="0" role="region" aria-label=${msg(str`${options.caption} (scrollable table)`)}>
        <table part=${options.part} aria-describedby=${options.sortable ? 'keys' : nothing}>
          <caption class="visually-hidden">${options.caption}</caption>
          <thead @click=${options.sortable ? this.onSortClick : nothing}>
            <tr>
              ${HEADERS.map(({ key, label }) => {
                const axisPart = key === 'uplift' ? this.renderAxis(axis) : nothing;
                if (!options.sortable || !isSortColumn(key)) return html`<th scope="col" data-column=${key}>${label}${axisPart}</th>`;
                const sorted = order.column === key;
                return html`<th scope="col" data-column=${key} aria-sort=${sorted ? (order.descending ? 'descending' : 'ascending') : nothing}>
                  <button part="sort-button" class="sort" type="button" data-sort=${key}>
                    ${label} <span class="sort-icon" aria-hidden="true">${sorted ? (order.descending ? '▼' : '▲') : '↕'}</span>
                  </button>
                  ${axisPart}
                </th>`;
              })}
            </tr>
          </thead>
          <tbody @keydown=${options.sortable ? this.rowFocus.onKeydown : nothing} @focusin=${options.sortable ? this.rowFocus.onFocusin : nothing}>
            ${repeat(
              rows,
              (r) => r.key,
              (r) => this.renderRow(r, axis, options.sortable ? (r.key === this.rowFocus.activeKey ? '0' : '-1') : undefined),
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderAxis(axis: { min: number; max: number }) {
    const zero = ((0 - axis.min) / (axis.max - axis.min)) * 100;
    // An end label too near the zero label would run into it.
    return html`<span part="axis" class="axis" aria-hidden="true">
      ${zero > 18 ? html`<span class="tick">${this.points(axis.min)}</span>` : nothing}
      <span class="tick zero" style=${styleMap({ insetInlineStart: `${zero}%` })}>0</span>
      ${zero < 82 ? html`<span class="tick end">${this.points(axis.max)}</span>` : nothing}
    </span>`;
  }

  private renderRow(r: ImpactRow, axis: { min: number; max: number }, tabindex: string | undefined) {
    const f = this.format;
    const c = r.comparison;
    return html`<tr part="row" data-key=${r.key} data-evidence=${r.verdict}>
      <th part="play" scope="row" class="play" tabindex=${tabindex ?? nothing}>
        <span class="name" dir="auto">${r.name}</span> <span class="sub">${r.detail}</span>
      </th>
      <td class="num" data-label=${msg('Treated churn')}>${this.rateCell(c.treated)}</td>
      <td class="num" data-label=${msg('Control churn')}>${this.rateCell(c.held_out)}</td>
      <td class="uplift" data-label=${msg('Churn prevented (95 % interval)')}>
        <div class="uplift-cell">
          <span class="num">
            ${r.uplift
              ? html`<span class="value">${this.points(r.uplift.estimate)}</span> <span class="sub">${msg(str`${this.points(r.uplift.lower)} to ${this.points(r.uplift.upper)}`)}</span>`
              : html`<span class="value">—</span> <span class="sub">${msg('no estimate')}</span>`}
          </span>
          ${this.renderPlot(r, axis)}
        </div>
      </td>
      <td class="num" data-label=${msg('Saved ARR')}>
        ${c.saved_arr
          ? html`<span class="value">${f.currency(c.saved_arr.estimate)}</span> <span class="sub">${msg(str`${f.currency(c.saved_arr.lower)} to ${f.currency(c.saved_arr.upper)}`)}</span>`
          : html`<span class="value">—</span>`}
      </td>
      <td part="evidence" class="evidence" data-label=${msg('Evidence')} data-evidence=${r.verdict}>
        <span class="verdict">${VERDICT_TEXT[r.verdict]()}</span> <span class="sub" dir="auto">${c.evidence_note}</span>
      </td>
    </tr>`;
  }

  private renderPlot(r: ImpactRow, axis: { min: number; max: number }) {
    const at = (v: number) => ((v - axis.min) / (axis.max - axis.min)) * 100;
    return html`<span part="plot" class="plot" aria-hidden="true">
      <span part="zero-line" class="zero-line" style=${styleMap({ insetInlineStart: `${at(0)}%` })}></span>
      ${r.uplift
        ? html`<span
              part="interval"
              class="interval"
              style=${styleMap({ insetInlineStart: `${at(r.uplift.lower)}%`, inlineSize: `${Math.max(0.5, at(r.uplift.upper) - at(r.uplift.lower))}%` })}
            ></span
            ><span part="estimate" class="estimate" style=${styleMap({ insetInlineStart: `${at(r.uplift.estimate)}%` })}></span>`
        : nothing}
    </span>`;
  }

  private rateCell(group: TriggerImpact['treated']) {
    const f = this.format;
    return html`<span class="value">${group.churn_rate ? f.percent(group.churn_rate.estimate, 1) : '—'}</span> <span class="sub">${msg(str`${f.number(group.churned)} of ${f.number(group.firings)} churned`)}</span>`;
  }

  private renderManual(note: string, types: readonly ManualOutcomes[]) {
    const f = this.format;
    return html`<section part="manual" class="section" aria-labelledby="manual-title">
      <h3 class="section-title" id="manual-title">${msg('Manual interventions: outcome rates, not effects')}</h3>
      <p part="note" class="note" dir="auto">${note}</p>
      <div part="scroller" class="scroller" tabindex="0" role="region" aria-label=${msg('Manual interventions (scrollable table)')}>
        <table part="manual-table">
          <caption class="visually-hidden">${msg('Manual interventions by type, without a control group')}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Type')}</th>
              <th scope="col">${msg('Churn within the window')}</th>
              <th scope="col">${msg('Recorded outcomes')}</th>
            </tr>
          </thead>
          <tbody>
            ${types.map(
              (t) => html`<tr data-key=${t.intervention_type}>
                <th scope="row" class="play"><span class="name">${typeLabel(t.intervention_type)}</span></th>
                <td class="num" data-label=${msg('Churn within the window')}>${this.rateCell(t)}</td>
                <td data-label=${msg('Recorded outcomes')}>
                  ${Object.keys(t.outcomes).length > 0
                    ? Object.entries(t.outcomes)
                        .map(([outcome, n]) => `${f.number(n)} ${valueLabel(outcome).toLocaleLowerCase(f.locale)}`)
                        .join(msg(', ', { desc: 'Between items of a list, before the last.' }))
                    : msg('None recorded')}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private points(fraction: number): string {
    return percentagePoints(this.format, fraction);
  }

  private day(at: string): string {
    const t = Date.parse(at);
    return Number.isFinite(t) ? this.format.date(t, { dateStyle: 'medium', timeZone: 'UTC' }) : at;
  }
}
