import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../widgets/customer-detail/define';
import { ApiError } from '../widgets/core/api-client';
import type {
  AccountNote,
  AccountNotePage,
  AccountProfile,
  AccountTimelinePage,
  CustomerHealth,
  Intervention,
  InterventionCreate,
  InterventionPage,
  RecommendedAction,
  TimelineItem,
} from '../widgets/core/types';
// The widget tests' fixtures: a dashboard-profile health response.
import { EVIDENCE_RECOMMENDATION, healthResponse, HOUR, iso, RULE_RECOMMENDATION } from '../test/widgets/support/fixtures';
import { answerLater, createWidget, inProvider, inWidth, onDarkPage, rightToLeft, StoryClient, storyIntervention, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

type Args = ThemeArgs;

const profile: AccountProfile = {
  customer_id: 'cust_acme',
  company_name: 'Acme Logistics',
  plan: 'enterprise',
  mrr: 4_800,
  arr: 57_600,
  contract_end_date: '2026-09-30',
  csm_owner: 'dana@cs.example',
  lifecycle_stage: 'renewal',
  payment_status: 'current',
  customer_since: '2023-04-01',
  churned_at: null,
  contacts: [
    { name: 'Ada Lovelace', email: 'ada@acme.example', primary: true, last_login_at: null },
    { name: 'Grace Hopper', email: 'grace@acme.example', primary: false, last_login_at: iso(-30 * HOUR) },
  ],
  traits: { segment: 'enterprise', region: 'EMEA', seats: 120 },
};

const timeline: TimelineItem[] = [
  { at: iso(-2 * HOUR), kind: 'note', id: 'n1', subtype: null, title: null, summary: 'Renewal call booked for Thursday.', status: null, value: null, actor: 'dana@cs.example' },
  { at: iso(-5 * HOUR), kind: 'alert', id: 'a1', subtype: 'high', title: 'Health score dropped', summary: 'Down 22 points in 24 hours', status: 'open', value: null, actor: null },
  { at: iso(-26 * HOUR), kind: 'ticket', id: 't1', subtype: 'ticket', title: 'Export fails on large reports', summary: null, status: 'open', value: null, actor: null },
  { at: iso(-50 * HOUR), kind: 'payment', id: 'p1', subtype: 'failed', title: null, summary: null, status: null, value: 4_800, actor: null },
  { at: iso(-80 * HOUR), kind: 'nps', id: 's1', subtype: null, title: null, summary: 'Too slow lately', status: null, value: 5, actor: 'u_17' },
  { at: iso(-100 * HOUR), kind: 'activity', id: '9', subtype: 'login', title: null, summary: null, status: null, value: null, actor: 'u_17' },
];

/** A client with no server: it answers the account from fixtures, never answers, fails, or knows no such account. */
class DetailClient extends StoryClient<'answer' | 'unknown'> {
  constructor(
    mode: 'answer' | 'unknown' | 'pending' | 'failing',
    private readonly recommended: RecommendedAction[] = [],
  ) {
    super(mode);
  }

  private notes: AccountNote[] = [{ id: 'n1', account_id: 'cust_acme', author: 'dana@cs.example', text: 'Renewal call booked for Thursday.\nBring the export fix.', created_at: iso(-2 * HOUR) }];

  private answer<T>(value: T): Promise<T> {
    if (this.mode === 'unknown') return Promise.reject(new ApiError(404, 'not_found', 'No such account (a story without a server).'));
    return this.mode === 'answer' ? Promise.resolve(value) : super.request<T>();
  }

  override account(): Promise<AccountProfile> {
    return this.answer(profile);
  }

  override health(): Promise<CustomerHealth> {
    return this.answer(healthResponse({ customer_id: 'cust_acme', company_name: 'Acme Logistics', risk_factors: ['Engagement score 28', 'No login in 14 days'], recommended_actions: this.recommended }));
  }

  override interventions(): Promise<InterventionPage> {
    return this.answer({ interventions: [storyIntervention({ id: 'iv-1', account_id: 'cust_acme', priority: 'high', title: 'Call the new sponsor' })], next_cursor: null });
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await answerLater();
    return storyIntervention({ id: `iv-${Date.now()}`, ...body, updated_at: new Date().toISOString() });
  }

  override accountTimeline(_id: string, query: { cursor?: string } = {}): Promise<AccountTimelinePage> {
    return this.answer(query.cursor ? { items: timeline.slice(3), next_cursor: null } : { items: timeline.slice(0, 3), next_cursor: 'more' });
  }

  override accountNotes(): Promise<AccountNotePage> {
    return this.answer({ notes: this.notes, next_cursor: null });
  }

  override async addAccountNote(id: string, text: string): Promise<AccountNote> {
    await answerLater();
    const note = { id: `n${Date.now()}`, account_id: id, author: 'you@cs.example', text, created_at: new Date().toISOString() };
    this.notes = [note, ...this.notes];
    return note;
  }
}

function detail(args: Partial<Args>, mode: 'answer' | 'unknown' | 'pending' | 'failing' = 'answer', accountId: string | undefined = 'cust_acme', recommended: RecommendedAction[] = []) {
  const el = createWidget('customer-detail', args);
  if (accountId) el.accountId = accountId;
  return inProvider(el, { client: new DetailClient(mode, recommended) });
}

const meta: Meta<Args> = {
  title: 'Widgets/customer-detail',
  component: 'customer-detail',
  args: themeArgs,
  argTypes: themeArgTypes,
  render: (args) => detail(args),
};
export default meta;

type Story = StoryObj<Args>;

/** One account from a client without a server: facts, health, trend, interventions (the quick actions record after 600 ms), notes (Save adds one after 600 ms), timeline with Load more. */
export const Default: Story = {};

/** The recommended next step measured against its control group, with its uplift, interval and counts; Start records it (600 ms). */
export const RecommendedByEvidence: Story = { render: (args) => detail(args, 'answer', 'cust_acme', [EVIDENCE_RECOMMENDATION]) };

/** Without enough evidence: the reference's rule, labelled as a rule, not evidence. */
export const RecommendedByRule: Story = { render: (args) => detail(args, 'answer', 'cust_acme', [RULE_RECOMMENDATION]) };

export const Loading: Story = { render: (args) => detail(args, 'pending') };

export const Error: Story = { render: (args) => detail(args, 'failing') };

/** An unknown account (404): the empty message (slot `empty`). */
export const Empty: Story = { render: (args) => detail(args, 'unknown') };

/** No account chosen yet: the prompt (slot `idle`). */
export const NoCustomer: Story = { render: (args) => detail(args, 'answer', undefined) };

export const Dark: Story = { args: { theme: 'dark' }, render: (args) => onDarkPage(detail(args)) };

/** 320 px of its own width: one column (container queries, not the viewport). */
export const Narrow: Story = { render: (args) => inWidth(detail(args), 320) };

export const RightToLeft: Story = { args: { locale: 'ar' }, render: (args) => rightToLeft(detail(args)) };
