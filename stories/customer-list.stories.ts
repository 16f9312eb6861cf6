import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../widgets/customer-list/define';
import type { CustomerPage, CustomerQuery, CustomerRow } from '../widgets/core/types';
// The widget tests' fixture: a customer of the book with varied owners, plans, scores and open work.
import { customerRow } from '../test/widgets/support/fixtures';
import { createWidget, inProvider, inWidth, onDarkPage, rightToLeft, StoryClient, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  owner: string;
  status: string;
  plan: string;
  sort: string;
  q: string;
  pageSize: number;
}

/** A book of 240 customers answered in pages, filtered by owner, status, plan and search (no server). */
class BookClient extends StoryClient<'book' | 'empty'> {
  private readonly book: CustomerRow[] = Array.from({ length: 240 }, (_, i) => customerRow(i));

  override customers(query: CustomerQuery = {}): Promise<CustomerPage> {
    if (this.mode !== 'book' && this.mode !== 'empty') return super.customers(query);
    const q = query.q?.toLowerCase();
    const rows = (this.mode === 'empty' ? [] : this.book).filter(
      (c) =>
        (!query.owner || c.csm_owner === (query.owner === 'mine' ? 'dana@cs.example' : query.owner)) &&
        (!query.status || (c.status !== null && query.status.includes(c.status))) &&
        (!query.plan || query.plan.includes(c.plan)) &&
        (!q || c.company_name.toLowerCase().includes(q) || c.customer_id.includes(q)),
    );
    const start = Number(query.cursor ?? 0);
    const limit = query.limit ?? 50;
    return Promise.resolve({ customers: rows.slice(start, start + limit), next_cursor: start + limit < rows.length ? String(start + limit) : null });
  }
}

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('customer-list', args);
  el.view = { owner: args.owner, status: args.status, plan: args.plan, sort: args.sort, q: args.q };
  el.pageSize = args.pageSize ?? 50;
  el.style.setProperty('--rk-table-max-height', '480px');
  return el;
}

const withBook = (args: Args, mode: 'book' | 'empty' | 'pending' | 'failing' = 'book') => inProvider(widget(args), { client: new BookClient(mode) });

const meta: Meta<Args> = {
  title: 'Widgets/customer-list',
  component: 'customer-list',
  args: { ...themeArgs, owner: '', status: '', plan: '', sort: '-churn_probability', q: '', pageSize: 50 },
  argTypes: {
    ...themeArgTypes,
    owner: { control: 'select', options: ['', 'mine', 'dana@cs.example'] },
    status: { control: 'select', options: ['', 'excellent', 'good', 'warning', 'critical', 'churn_risk', 'critical,churn_risk'] },
    sort: { control: 'select', options: ['-churn_probability', 'churn_probability', 'name', '-name', '-mrr', 'mrr', 'health_score', '-health_score', 'renewal_date', '-renewal_date'] },
  },
  render: (args) => withBook(args),
};
export default meta;

type Story = StoryObj<Args>;

/** The whole book, 50 customers a page: scroll the table and the next page loads. */
export const Default: Story = {};

/** A view restored from attributes: my critical and churn-risk customers on the growth plan, by MRR. */
export const Filtered: Story = { args: { owner: 'mine', status: 'critical,churn_risk', plan: 'growth', sort: '-mrr' } };

/** No customer in the view: the message and "Clear filters". */
export const NoMatch: Story = { args: { q: 'nobody' }, render: (args) => withBook(args, 'empty') };

export const Loading: Story = { render: (args) => withBook(args, 'pending') };

export const Error: Story = { render: (args) => withBook(args, 'failing') };

export const Dark: Story = { args: { theme: 'dark' }, render: (args) => onDarkPage(withBook(args)) };

/** A 360 px container: each customer a card with the same actions. */
export const Narrow: Story = { render: (args) => inWidth(withBook(args), 360) };

export const RightToLeft: Story = { args: { locale: 'ar' }, render: (args) => rightToLeft(withBook(args)) };
