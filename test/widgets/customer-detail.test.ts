import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/customer-detail/define';
import type { CustomerDetail } from '../../widgets/customer-detail/customer-detail';
import { ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent, RkRecommendationStartEvent } from '../../widgets/core/events';
import type {
  AccountNote,
  AccountNotePage,
  AccountProfile,
  AccountTimelinePage,
  CustomerHealth,
  InterventionPage,
  RecommendedAction,
  TimelineItem,
} from '../../widgets/core/types';
import { expectAccessible } from './support/axe';
import { RecordingClient, renderInProvider } from './support/connect';
import { expectWrappedBetweenParts, part, parts, root, settle, text } from './support/dom';
import { EVIDENCE_RECOMMENDATION, healthResponse, HOSTILE, HOUR, intervention, iso, LONG_ADDRESS, RULE_RECOMMENDATION, tokenFor } from './support/fixtures';

const profile = (id: string, owner = 'dana@cs.example'): AccountProfile => ({
  customer_id: id,
  company_name: `Company ${id}`,
  plan: 'enterprise',
  mrr: 1200,
  arr: 14_400,
  contract_end_date: '2026-09-30',
  csm_owner: owner,
  lifecycle_stage: 'renewal',
  payment_status: 'current',
  customer_since: '2024-01-15',
  churned_at: null,
  contacts: [{ name: 'Ada', email: 'ada@a.example', primary: true, last_login_at: null }],
  traits: { segment: 'enterprise', seats: 40 },
});

const note = (id: string, body: string, hoursAgo = 1): AccountNote => ({ id, account_id: 'acct_1', author: 'csm-user', text: body, created_at: iso(-hoursAgo * HOUR) });

const item = (n: number): TimelineItem => ({
  at: iso(-n * HOUR),
  kind: n % 2 ? 'ticket' : 'payment',
  id: `i${n}`,
  subtype: n % 2 ? 'ticket' : 'succeeded',
  title: n % 2 ? `Ticket ${n}` : null,
  summary: null,
  status: n % 2 ? 'open' : null,
  value: n % 2 ? null : 100,
  actor: null,
});

/** The server as the element asks it, answered by the test. */
class AccountClient extends RecordingClient {
  notesStore: AccountNote[] = [note('n1', HOSTILE)];
  readonly added: string[] = [];
  readonly timelineCursors: Array<string | undefined> = [];
  notesError: ApiError | undefined;
  owner: string | undefined;
  recommended: RecommendedAction[] = [];
  contacts: AccountProfile['contacts'] | undefined;
  /** The timeline's first page, instead of tickets and payments. */
  timeline: TimelineItem[] | undefined;

  override account(id: string): Promise<AccountProfile> {
    if (id === 'nobody') return Promise.reject(new ApiError(404, 'not_found', "account 'nobody' does not exist"));
    const answer = profile(id, this.owner);
    return Promise.resolve(this.contacts ? { ...answer, contacts: this.contacts } : answer);
  }

  override health(id: string): Promise<CustomerHealth> {
    return Promise.resolve(healthResponse({ customer_id: id, company_name: `Company ${id}`, risk_factors: ['No login in 14 days'], recommended_actions: this.recommended }));
  }

  override interventions(): Promise<InterventionPage> {
    return Promise.resolve({ interventions: [intervention({ id: 'open-1', account_id: 'acct_1', title: 'Call the sponsor' })], next_cursor: null });
  }

  override accountTimeline(_id: string, query: { cursor?: string } = {}): Promise<AccountTimelinePage> {
    this.timelineCursors.push(query.cursor);
    if (this.timeline) return Promise.resolve({ items: this.timeline, next_cursor: null });
    return Promise.resolve(query.cursor ? { items: [item(3), item(4)], next_cursor: null } : { items: [item(1), item(2)], next_cursor: 'page-2' });
  }

  override accountNotes(): Promise<AccountNotePage> {
    return this.notesError ? Promise.reject(this.notesError) : Promise.resolve({ notes: this.notesStore, next_cursor: null });
  }

  override addAccountNote(_id: string, body: string): Promise<AccountNote> {
    this.added.push(body);
    return Promise.resolve(note(`n${this.added.length + 1}`, body, 0));
  }
}

/** The text of `el` line by line, as laid out. */
function lines(el: Element): string[] {
  const result: string[] = [];
  let top: number | undefined;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = node.textContent ?? '';
    for (let i = 0; i < chars.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (top === undefined || rect.top > top + 2) result.push(chars[i] ?? '');
      else result[result.length - 1] += chars[i] ?? '';
      top = rect.top;
    }
  }
  return result;
}

async function detail(client = new AccountClient(), id = 'acct_1') {
  const { el } = await renderInProvider<CustomerDetail, AccountClient>('customer-detail', html`<customer-detail account-id=${id}></customer-detail>`, client);
  await waitUntil(() => el.state !== 'loading' && parts(el, 'timeline-item').length > 0 || el.state === 'empty', 'the detail loaded');
  await settle(el);
  return { el, client };
}

/** The detail of an account the server recommends `recommended` for, to the holder of `token`. */
function recommending(recommended: RecommendedAction[], token?: string) {
  const client = new AccountClient(token ? { token } : {});
  client.recommended = recommended;
  return detail(client);
}

describe('<customer-detail>', () => {
  it('shows the account facts, one gauge with its components, the trend over the status bands, risk factors and open interventions', async () => {
    const { el } = await detail();
    expect(text(part(el, 'title'))).to.contain('Company acct_1');
    expect(text(part(el, 'facts'))).to.contain('enterprise').and.contain('$1,200').and.contain('$14,400').and.contain('dana@cs.example');
    expect(text(part(el, 'contacts'))).to.contain('Ada').and.contain('Primary');
    expect(text(part(el, 'traits'))).to.contain('Segment').and.contain('40');
    expect(root(el).querySelectorAll('health-gauge')).to.have.length(1);
    const chart = root(el).querySelector('health-history-chart')!;
    expect(chart).to.not.equal(null);
    await waitUntil(() => chart.shadowRoot?.querySelector('[part~="summary"]'), 'the trend is drawn');
    expect(text(chart.shadowRoot!.querySelector('[part~="title"]'))).to.equal('Health over time');
    expect(text(part(el, 'risk-factors'))).to.equal('No login in 14 days');
    expect(text(part(el, 'interventions'))).to.contain('Call the sponsor');
    expect(parts(el, 'action').map((b) => b.dataset.action)).to.deep.equal(['call', 'email', 'create-task']);
    await expectAccessible(el);
  });

  it('renders a note holding HTML as text, never as markup', async () => {
    const { el } = await detail();
    const [first] = parts(el, 'note');
    expect(text(first)).to.contain(HOSTILE);
    expect(root(el).querySelector('img')).to.equal(null);
  });

  it('adds a note from the keyboard and lists it first, as text', async () => {
    const { el, client } = await detail();
    const input = part(el, 'note-input') as HTMLTextAreaElement;
    input.focus();
    await sendKeys({ type: '<b>Renewal</b> call booked' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement).to.equal(part(el, 'note-submit'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.added.length === 1, 'the note was sent');
    await settle(el);
    expect(client.added).to.deep.equal(['<b>Renewal</b> call booked']);
    expect(text(parts(el, 'note')[0])).to.contain('<b>Renewal</b> call booked');
    expect(root(el).querySelector('b')).to.equal(null);
    expect(input.value).to.equal('');
    expect(text(part(el, 'message'))).to.equal('Note saved.');
  });

  it('refuses an empty note without asking the server', async () => {
    const { el, client } = await detail();
    (part(el, 'note-submit') as HTMLButtonElement).click();
    await settle(el);
    expect(client.added).to.deep.equal([]);
    expect(text(part(el, 'message'))).to.equal('Write a note first.');
  });

  it('pages the timeline with Load more', async () => {
    const { el, client } = await detail();
    expect(parts(el, 'timeline-item').map((li) => li.dataset.kind)).to.deep.equal(['ticket', 'payment']);
    (part(el, 'load-more') as HTMLButtonElement).click();
    await waitUntil(() => parts(el, 'timeline-item').length === 4, 'the second page is appended');
    expect(client.timelineCursors).to.deep.equal([undefined, 'page-2']);
    expect(part(el, 'load-more')).to.equal(null);
    expect(text(parts(el, 'timeline-item')[0])).to.contain('Ticket 1');
  });

  it('says when the token may not read notes, and shows the empty state for an unknown account', async () => {
    const client = new AccountClient();
    client.notesError = new ApiError(403, 'forbidden', "this token's scope does not include notes:read");
    const { el } = await detail(client);
    expect(text(el.shadowRoot!.querySelector('section[aria-labelledby="notes-title"]'))).to.contain('This sign-in may not read notes.');
    const unknown = await detail(new AccountClient(), 'nobody');
    expect(unknown.el.state).to.equal('empty');
    expect(text(part(unknown.el, 'empty'))).to.equal('No such customer.');
  });

  it("wraps the owner's e-mail address only after the @ or before a dot, never inside a word", async () => {
    const client = new AccountClient();
    client.owner = 'dana.fitzgerald-montgomery@customer-success.example.com';
    const { el } = await detail(client);
    el.style.display = 'block';
    el.style.width = '320px';
    await settle(el);
    const owner = Array.from(part(el, 'facts')!.querySelectorAll('div')).find((d) => text(d.querySelector('dt')) === 'Owner')!.querySelector('dd')!;
    const shown = lines(owner);
    expect(shown.join('')).to.equal(client.owner);
    expect(shown.length).to.be.greaterThan(1, 'the address is wider than its column');
    const parts = new Set(['dana', '.fitzgerald-montgomery@', 'customer-success', '.example', '.com']);
    for (const line of shown) {
      // Every line is a run of whole parts.
      let rest = line;
      while (rest) {
        const next = [...parts].find((p) => rest.startsWith(p));
        expect(next, `"${line}" breaks inside a word`).to.not.equal(undefined);
        rest = rest.slice(next!.length);
      }
    }
    expect(owner.scrollWidth).to.be.at.most(owner.clientWidth + 1);
  });

  describe('recommended next step', () => {
    const start = (el: CustomerDetail) => part(el, 'recommendation-start') as HTMLButtonElement;

    it('shows no recommendation when the server has none', async () => {
      const { el } = await detail();
      expect(part(el, 'recommendation') === null).to.equal(true);
    });

    it('shows the top measured play with its uplift, interval, treated and held-out counts', async () => {
      const { el } = await recommending([EVIDENCE_RECOMMENDATION, RULE_RECOMMENDATION]);
      expect(parts(el, 'recommendation')).to.have.length(1);
      const section = part(el, 'recommendation') as HTMLElement;
      expect(section.dataset.basis).to.equal('evidence');
      expect(text(section.querySelector('h3'))).to.equal('Recommended next step');
      expect(text(part(el, 'recommendation-title'))).to.equal('Health check call');
      expect(text(part(el, 'recommendation-reason'))).to.equal('Cut 90-day churn of high-risk accounts against its control group');
      expect(text(part(el, 'recommendation-evidence'))).to.equal(
        'Measured Churn prevented +12 pts (95 % interval +5 pts to +19 pts) in 90 days among high-risk accounts: 420 treated, 96 held out',
      );
      expect(text(start(el))).to.equal('Start: Health check call: Company acct_1');
      await expectAccessible(el);
    });

    it('labels a rule-based suggestion as a rule, not evidence', async () => {
      const { el } = await recommending([RULE_RECOMMENDATION]);
      expect((part(el, 'recommendation') as HTMLElement).dataset.basis).to.equal('rule');
      expect(text(part(el, 'recommendation-evidence'))).to.equal('Rule A rule of thumb, not measured evidence');
      expect(text(start(el))).to.equal('Start: Health check call: Company acct_1');
    });

    it('records nothing when the page cancels rk-recommendation-start; otherwise creates the intervention and lists it', async () => {
      const { el, client } = await recommending([EVIDENCE_RECOMMENDATION]);
      const cancelled = oneEvent<RkRecommendationStartEvent>(el, 'rk-recommendation-start');
      el.addEventListener('rk-recommendation-start', (e) => e.preventDefault(), { once: true });
      start(el).click();
      const event = await cancelled;
      expect([event.bubbles, event.composed, event.cancelable, event.customerId]).to.deep.equal([true, true, true, 'acct_1']);
      expect(event.recommendation).to.deep.equal(EVIDENCE_RECOMMENDATION);
      await settle(el);
      expect(client.created).to.deep.equal([]);
      expect(text(part(el, 'message'))).to.equal('');

      start(el).click();
      await waitUntil(() => text(part(el, 'message')).startsWith('Created'), 'the play was not started');
      expect(client.created).to.have.length(1);
      expect({ ...client.created[0], scheduled_at: undefined }).to.deep.equal({
        account_id: 'acct_1',
        intervention_type: 'health_check_call',
        priority: 'medium',
        scheduled_at: undefined,
        notes: 'Recommended: Health check call (measured against its control group)',
      });
      expect(text(part(el, 'message'))).to.equal('Created: Health check call.');
      expect(parts(el, 'intervention')).to.have.length(2);
    });

    it('says when the server refuses to record the play, and fires rk-error', async () => {
      const { el, client } = await recommending([RULE_RECOMMENDATION]);
      client.respond = () => Promise.reject(new ApiError(403, 'forbidden', 'viewers cannot create interventions'));
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      start(el).click();
      expect((await failed).error.message).to.equal('viewers cannot create interventions');
      await settle(el);
      expect(client.created[0]?.notes).to.equal('Recommended: Health check call (a rule, not measured evidence)');
      expect(text(part(el, 'message'))).to.equal('Could not save: viewers cannot create interventions');
      expect(parts(el, 'intervention')).to.have.length(1);
    });
  });

  it("wraps a contact's address shown without a name, a note author's and a login's user, only after the @ or before a dot", async () => {
    for (const locale of ['en-US', 'de']) {
      const client = new AccountClient();
      client.contacts = [{ name: null, email: LONG_ADDRESS, primary: true, last_login_at: null }];
      client.notesStore = [{ ...note('n1', 'Renewal call booked'), author: LONG_ADDRESS }];
      const timelineItem = { at: iso(-HOUR), id: 't', title: null, status: null, value: null, actor: LONG_ADDRESS };
      client.timeline = [
        { ...timelineItem, kind: 'activity', subtype: 'login', summary: null },
        { ...timelineItem, id: 'n', kind: 'note', subtype: 'note', summary: 'Renewal call booked' },
      ];
      const { el } = await detail(client);
      el.locale = locale;
      el.style.display = 'block';
      el.style.width = '320px';
      await settle(el);
      expectWrappedBetweenParts(part(el, 'contacts')!.querySelector('li')!, LONG_ADDRESS);
      expectWrappedBetweenParts(part(el, 'note')!.querySelector('.meta')!, LONG_ADDRESS);
      const [login, noted] = parts(el, 'timeline-item');
      expect(text(login!)).to.contain(locale === 'de' ? 'Login von' : 'Login by');
      expectWrappedBetweenParts(login!, LONG_ADDRESS);
      expectWrappedBetweenParts(noted!, LONG_ADDRESS);
    }
  });

  it('shows a viewer the notes and the recommendation but neither the note form, the actions nor Start; a csm all', async () => {
    const viewer = await recommending([EVIDENCE_RECOMMENDATION], tokenFor('viewer'));
    expect(parts(viewer.el, 'note')).to.have.length(1);
    // Booleans: a failing comparison of elements would serialise the whole shadow tree.
    expect(part(viewer.el, 'note-form') === null, 'a viewer is shown no note form').to.equal(true);
    expect(part(viewer.el, 'actions') === null, 'a viewer is shown no quick actions').to.equal(true);
    expect(part(viewer.el, 'recommendation') !== null, 'a viewer is shown the recommendation').to.equal(true);
    expect(part(viewer.el, 'recommendation-start') === null, 'a viewer is shown no Start').to.equal(true);
    await expectAccessible(viewer.el);
    const csm = await recommending([EVIDENCE_RECOMMENDATION], tokenFor('csm'));
    expect(part(csm.el, 'note-form') !== null, 'a csm is shown the note form').to.equal(true);
    expect(parts(csm.el, 'action')).to.have.length(3);
    expect(part(csm.el, 'recommendation-start') !== null, 'a csm is shown Start').to.equal(true);
  });

  it('fits a 320 px container without horizontal overflow, a recommended play included', async () => {
    const { el } = await recommending([EVIDENCE_RECOMMENDATION]);
    expect(part(el, 'recommendation') !== null, 'the play is shown').to.equal(true);
    el.style.display = 'block';
    el.style.width = '320px';
    await settle(el);
    const base = part(el, 'base')!;
    // The trend's canvas follows its box once Chart.js sees the resize.
    await waitUntil(() => base.scrollWidth <= base.clientWidth + 1, 'nothing overflows 320 px', { timeout: 3_000 });
    expect(base.clientWidth).to.be.at.most(320);
  });
});
