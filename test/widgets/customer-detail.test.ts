import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/customer-detail/define';
import type { CustomerDetail } from '../../widgets/customer-detail/customer-detail';
import { ApiError } from '../../widgets/core/api-client';
import type { AccountNote, AccountNotePage, AccountProfile, AccountTimelinePage, CustomerHealth, InterventionPage, TimelineItem } from '../../widgets/core/types';
import { expectAccessible } from './support/axe';
import { RecordingClient, renderInProvider } from './support/connect';
import { part, parts, root, settle, text } from './support/dom';
import { healthResponse, HOSTILE, HOUR, intervention, iso } from './support/fixtures';

const profile = (id: string): AccountProfile => ({
  customer_id: id,
  company_name: `Company ${id}`,
  plan: 'enterprise',
  mrr: 1200,
  arr: 14_400,
  contract_end_date: '2026-09-30',
  csm_owner: 'dana@cs.example',
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

  override account(id: string): Promise<AccountProfile> {
    return id === 'nobody' ? Promise.reject(new ApiError(404, 'not_found', "account 'nobody' does not exist")) : Promise.resolve(profile(id));
  }

  override health(id: string): Promise<CustomerHealth> {
    return Promise.resolve(healthResponse({ customer_id: id, company_name: `Company ${id}`, risk_factors: ['No login in 14 days'] }));
  }

  override interventions(): Promise<InterventionPage> {
    return Promise.resolve({ interventions: [intervention({ id: 'open-1', account_id: 'acct_1', title: 'Call the sponsor' })], next_cursor: null });
  }

  override accountTimeline(_id: string, query: { cursor?: string } = {}): Promise<AccountTimelinePage> {
    this.timelineCursors.push(query.cursor);
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

async function detail(client = new AccountClient(), id = 'acct_1') {
  const { el } = await renderInProvider<CustomerDetail, AccountClient>('customer-detail', html`<customer-detail account-id=${id}></customer-detail>`, client);
  await waitUntil(() => el.state !== 'loading' && parts(el, 'timeline-item').length > 0 || el.state === 'empty', 'the detail loaded');
  await settle(el);
  return { el, client };
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

  it('fits a 320 px container without horizontal overflow', async () => {
    const { el } = await detail();
    el.style.display = 'block';
    el.style.width = '320px';
    await settle(el);
    const base = part(el, 'base')!;
    // The trend's canvas follows its box once Chart.js sees the resize.
    await waitUntil(() => base.scrollWidth <= base.clientWidth + 1, 'nothing overflows 320 px', { timeout: 3_000 });
    expect(base.clientWidth).to.be.at.most(320);
  });
});
