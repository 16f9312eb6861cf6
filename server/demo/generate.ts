/**
 * A deterministic demo-data generator: the same `seed`, `accounts` and `now` always give the
 * same rows. Everything random comes from one seeded Faker instance (its randomizer drives the
 * numeric sampling too); nothing reads the clock or `Math.random`, and no global state is touched.
 *
 * Three cohorts, seven storylines (shares and reasons in docs/demo-data.md), so that a model
 * trained or judged on the demo meets the noise real customers have:
 * - healthy (about 70 %): mostly steady use; about one in eight contracts (seats leave, use
 *   shrinks), one in eight expands (seats join, use grows), one in eight had a decline some
 *   months ago and recovered from it;
 * - declining (about 15 %): engagement falling for the last 5 to 11 weeks and still falling at
 *   `now`, with more and worse tickets, lower NPS and often late payments: the accounts at risk;
 * - churned (about 16 %, 12-21 % for a given seed; spread over the year): six in ten after a
 *   decline over their last 60-90 days; four in ten without warning (a budget cut, an
 *   acquisition), their use as healthy as anyone's until the day they leave. Then nothing at all.
 *
 * Everyone's use is noisy (week-to-week swings of ±35 %) and seasonal (quieter over the summer
 * holidays, much quieter between Christmas and New Year).
 *
 * History covers the 12 months before `now` (less for younger accounts), the same period for
 * churners and survivors, so where an account's records start says nothing about its outcome;
 * `customer_since` stays the real sign-up. Each account's contract, price, payment status and
 * stage are recorded as they changed (`accountHistory`), never today's values stamped on the past.
 *
 * Activity is a sample, not a log of every click: about 0.07 visits per seat per working day
 * (a login, usually a session, a feature use or two), which keeps 500 accounts near 170k activity rows
 * while active-user ratios, feature diversity and recency still tell the stories apart.
 */
import { Faker, base, en, generateMersenne53Randomizer } from '@faker-js/faker';
import type { Randomizer } from '@faker-js/faker';
import type {
  accountHistory,
  accountMilestones,
  accountUsers,
  accounts,
  activityEvents,
  integrations,
  interventionActivity,
  interventions,
  npsResponses,
  payments,
  supportInteractions,
  triggerFirings,
} from '../db/schema';
import { stateChanges, type HistoryState } from '../domain/history';
import { createdChanges, decideFiring, evaluateCondition, parseInterval, resolveAssignee } from '../domain/interventions';
import { firingPeriod, heldOutDetail, holdoutDraw, isHeldOut, suppressedDetail } from '../domain/playbooks';
import type { DefaultMilestoneKey } from './milestones';
import { CONTROL_CHURN_90D, DEMO_PLAYS, type DemoPlay } from './playbooks';

export type AccountRow = typeof accounts.$inferInsert;
export type AccountUserRow = typeof accountUsers.$inferInsert;
export type AccountHistoryRow = typeof accountHistory.$inferInsert;
export type ActivityEventRow = typeof activityEvents.$inferInsert;
export type AccountMilestoneRow = typeof accountMilestones.$inferInsert;
export type IntegrationRow = typeof integrations.$inferInsert;
export type SupportInteractionRow = typeof supportInteractions.$inferInsert;
export type NpsResponseRow = typeof npsResponses.$inferInsert;
export type PaymentRow = typeof payments.$inferInsert;
export type InterventionRow = typeof interventions.$inferInsert;
export type InterventionActivityRow = typeof interventionActivity.$inferInsert;
export type TriggerFiringRow = typeof triggerFirings.$inferInsert;

export type DemoCohort = 'healthy' | 'declining' | 'churned';

/** The finer story within a cohort (docs/demo-data.md). */
export type DemoStoryline =
  | 'steady'
  | 'contracting'
  | 'expanding'
  | 'recovered'
  | 'declining'
  | 'churned_after_decline'
  | 'churned_without_warning';

/** Row arrays for the drizzle tables, in an order that satisfies the foreign keys. */
export interface DemoDataset {
  accounts: AccountRow[];
  /** Each account's own state as it changed: contract renewals, repricing, payment status, stage. */
  accountHistory: AccountHistoryRow[];
  accountUsers: AccountUserRow[];
  integrations: IntegrationRow[];
  accountMilestones: AccountMilestoneRow[];
  supportInteractions: SupportInteractionRow[];
  npsResponses: NpsResponseRow[];
  payments: PaymentRow[];
  activityEvents: ActivityEventRow[];
  /** What the plays' triggers opened for treated firings, and its activity. */
  interventions: InterventionRow[];
  interventionActivity: InterventionActivityRow[];
  /** Every firing of the plays' triggers: treated, held out or suppressed, as the trigger engine records them. */
  triggerFirings: TriggerFiringRow[];
  /** Not loaded: the storyline each account follows, by account id (for tests and demos). */
  cohorts: Record<string, DemoCohort>;
  /** Not loaded: the finer storyline of each account, by account id. */
  storylines: Record<string, DemoStoryline>;
}

export interface DemoOptions {
  seed: number;
  accounts: number;
  /** The end of the generated history; nothing is dated after it. */
  now: Date;
  /** The plays whose firings are simulated, with their triggers' settings (default `DEMO_PLAYS`). */
  plays?: readonly DemoPlay[];
}

const DEMO_CSM_TEAM = [
  'priya.shah@csm.example.com',
  'marcus.lee@csm.example.com',
  'elena.garcia@csm.example.com',
  'tom.becker@csm.example.com',
  'aisha.khan@csm.example.com',
  'jonas.berg@csm.example.com',
] as const;

const BASIC_FEATURES = [
  'dashboard',
  'reports',
  'search',
  'export',
  'calendar',
  'messaging',
  'templates',
  'client_portal',
  'invoicing',
  'forms',
  'tasks',
  'file_sharing',
] as const;

/** The reference scorecard's advanced features. */
export const ADVANCED_FEATURES = ['automation', 'api', 'custom_reports', 'workflows', 'sso'] as const;

const INDUSTRIES = ['events', 'photography', 'hospitality', 'retail', 'professional_services', 'education', 'healthcare'] as const;
const REGIONS = [
  ['north_america', 45],
  ['europe', 30],
  ['asia_pacific', 15],
  ['latin_america', 10],
] as const;
const SEGMENTS = { starter: 'small_business', growth: 'mid_market', enterprise: 'enterprise' } as const;

const INTEGRATION_PROVIDERS = [
  'slack',
  'salesforce',
  'hubspot',
  'quickbooks',
  'stripe',
  'zapier',
  'google_calendar',
  'mailchimp',
] as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const HISTORY_DAYS = 365;
/** A renewal is signed up to this many days before the contract ends. */
const RENEWAL_LEAD_DAYS = 30;
/** Days before the contract ends from which an account is in its renewal stage. */
const RENEWAL_STAGE_DAYS = 60;
/** Days after sign-up an account is onboarding. */
const ONBOARDING_DAYS = 60;
/** Visits per seat per working day at full engagement (weekends get a quarter of it). */
const VISIT_RATE = 0.07;
/**
 * What each account goes through (docs/demo-data.md): a sudden churn; a spell of collapsing
 * engagement that made the plays fire more than 90 days ago (their outcome window has closed),
 * perhaps followed by more; one that made them fire in the last weeks; or none.
 */
type Fate = 'sudden' | 'spells' | 'recent_spell' | 'untroubled';
/** After recovering from a spell, the chance of another. */
const RELAPSE_CHANCE = 0.6;
/** The demo configures no senior or escalation CSM: the trigger's rule falls back to the account owner. */
const NO_ASSIGNEES = { seniorCsm: null, escalation: null };
/** The days after firing over which churn is decided: the impact report's default window. */
const OUTCOME_WINDOW_DAYS = 90;
/** The untroubled accounts' storylines and their weights (docs/demo-data.md). */
const HEALTHY_STORYLINES = [
  ['steady', 72],
  ['contracting', 14],
  ['expanding', 14],
] as const satisfies ReadonlyArray<readonly [DemoStoryline, number]>;

type Plan = 'starter' | 'growth' | 'enterprise';

const PLANS: Record<
  Plan,
  {
    weight: number;
    seats: [number, number];
    base: number;
    perSeat: number;
    clients: [number, number];
    customFields: [number, number];
    advanced: [number, number];
    integrations: [number, number];
  }
> = {
  starter: { weight: 50, seats: [3, 8], base: 29, perSeat: 15, clients: [1, 15], customFields: [0, 5], advanced: [0, 2], integrations: [0, 3] },
  growth: { weight: 35, seats: [6, 20], base: 199, perSeat: 30, clients: [8, 60], customFields: [2, 12], advanced: [1, 4], integrations: [1, 4] },
  enterprise: { weight: 15, seats: [15, 40], base: 999, perSeat: 60, clients: [40, 250], customFields: [5, 25], advanced: [2, 5], integrations: [2, 6] },
};

/** Days after sign-up by which each step is expected. */
const MILESTONE_TARGET_DAYS: Record<DefaultMilestoneKey, number> = {
  onboarding_complete: 14,
  first_project_created: 21,
  first_integration_connected: 30,
  data_imported: 30,
  workflow_created: 60,
  first_payment_processed: 30,
};

const TICKET_SUBJECTS = [
  'Cannot export report to CSV',
  'Question about invoice',
  'How do I add a new user?',
  'Dashboard loads slowly',
  'Integration stopped syncing',
  'Password reset email not arriving',
  'Feature request: bulk edit',
  'Data import failed halfway',
  'Automation did not trigger',
  'API returns 429 errors',
  'SSO login loop',
  'Custom report shows wrong totals',
  'Need help setting up workflows',
  'Client portal branding',
  'Billing: card declined',
  'Duplicate records after import',
  'Calendar events out of sync',
  'Request for training session',
  'Permissions for client users',
  'Downgrade or cancellation question',
] as const;

const INTERACTION_TYPES = [
  ['ticket', 55],
  ['email', 20],
  ['chat', 15],
  ['phone', 5],
  ['meeting', 3],
  ['training', 2],
] as const;

const NPS_COMMENTS = {
  promoter: [
    'Saves our team hours every week.',
    'Support is fast and friendly.',
    'The automations are a game changer.',
    'Our clients love the portal.',
    'Reliable and easy to use.',
  ],
  passive: [
    'Does the job, a few rough edges.',
    'Good, but reporting could be better.',
    'Pricing is a bit steep for what we use.',
    'Fine overall.',
  ],
  detractor: [
    'Too many bugs lately.',
    'Support takes days to answer.',
    'We are evaluating alternatives.',
    'Hard to get the team to use it.',
    'Integrations keep breaking.',
  ],
} as const;

/** Numeric sampling on the seeded randomizer. */
class Rng {
  constructor(private readonly randomizer: Randomizer) {}
  next(): number {
    return this.randomizer.next();
  }
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(median: number, sigma: number): number {
    return Math.exp(this.normal(Math.log(median), sigma));
  }
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const startOfUtcDay = (ms: number) => Math.floor(ms / DAY) * DAY;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** `months` calendar months after `from` (day clamped to the month's length), UTC. */
function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

interface Seat {
  row: AccountUserRow;
  userId: string;
  createdAt: number;
  deactivatedAt: number | null;
  weight: number;
  lastLoginAt: number | null;
}

/** One play's firing in a spell, decided by the trigger engine's own rules. */
interface PlannedFiring {
  play: DemoPlay;
  outcome: 'fired' | 'held_out' | 'suppressed';
  reason: 'cooldown' | 'open_intervention' | null;
  detail: string;
  value: number;
  draw: number | null;
}

/**
 * A spell of trouble: use falls from normal at `start` to `atFiring` of it at `firedAt`, when the
 * plays' condition holds and they fire; then to `floor` at `low`: the churn, for a spell that
 * ends in one (`end` null), or the bottom, back to normal at `end`.
 */
interface Spell {
  start: number;
  firedAt: number;
  atFiring: number;
  low: number;
  floor: number;
  end: number | null;
  firings: PlannedFiring[];
}

interface Story {
  cohort: DemoCohort;
  storyline: DemoStoryline;
  baseline: number;
  createdAt: number;
  /** Generated history starts here. */
  historyStart: number;
  /** Exclusive end of anything dated: `churnedAt` or `now`. */
  end: number;
  churnedAt: number | null;
  spells: Spell[];
  /** The start of the last spell when the account has not recovered from it (it churned, or it is still in it at now). */
  troubleStart: number | null;
  /** Use relative to the baseline a year before `now` and at `now`, linear in between. */
  trend: { from: number; to: number };
}

function spellFactor(s: Spell, t: number): number {
  if (t <= s.start) return 1;
  if (t <= s.firedAt) return 1 - (1 - s.atFiring) * ((t - s.start) / (s.firedAt - s.start));
  if (t <= s.low) return s.atFiring - (s.atFiring - s.floor) * ((t - s.firedAt) / (s.low - s.firedAt));
  if (s.end === null) return s.floor;
  if (t < s.end) return s.floor + (1 - s.floor) * ((t - s.low) / (s.end - s.low));
  return 1;
}

/** How well the account is doing, 0-1: 1 outside its spells of trouble. Trouble is 1 minus this. */
function declineFactor(story: Story, t: number): number {
  return story.spells.reduce((factor, spell) => factor * spellFactor(spell, t), 1);
}

/** A contracting or expanding account's use against its baseline: `trend.from` a year ago, `trend.to` at now. */
function trendFactor(story: Story, t: number, nowMs: number): number {
  const x = clamp(1 - (nowMs - t) / (HISTORY_DAYS * DAY), 0, 1);
  return story.trend.from + (story.trend.to - story.trend.from) * x;
}

/** Seasons of use: the Christmas week very quiet, the summer holidays quieter, spring a little busier. */
function seasonFactor(t: number): number {
  const d = new Date(t);
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  if ((month === 11 && day >= 22) || (month === 0 && day <= 2)) return 0.5;
  if ((month === 6 && day >= 15) || month === 7) return 0.8;
  const dayOfYear = (t - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY;
  return 1 + 0.06 * Math.cos((2 * Math.PI * (dayOfYear - 75)) / 365);
}

const emptyDataset = (): DemoDataset => ({
  accounts: [],
  accountHistory: [],
  accountUsers: [],
  integrations: [],
  accountMilestones: [],
  supportInteractions: [],
  npsResponses: [],
  payments: [],
  activityEvents: [],
  interventions: [],
  interventionActivity: [],
  triggerFirings: [],
  cohorts: {},
  storylines: {},
});

/** The whole dataset in memory (about 85 MB of heap per 1,000 accounts). */
export function generateDemoData(options: DemoOptions): DemoDataset {
  const first = generateDemoChunks(options, Infinity).next();
  return first.done ? emptyDataset() : first.value;
}

/**
 * The same rows as `generateDemoData`, in datasets of at most `chunkAccounts` accounts each,
 * so a large demo never has to fit in memory at once. Always yields at least one dataset.
 */
export function* generateDemoChunks(options: DemoOptions, chunkAccounts = 1_000): Generator<DemoDataset, void, undefined> {
  const { seed, now } = options;
  const count = options.accounts;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`accounts must be a non-negative integer, got ${count}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  if (!(chunkAccounts >= 1)) throw new RangeError(`chunkAccounts must be at least 1, got ${chunkAccounts}`);

  const randomizer = generateMersenne53Randomizer(seed);
  const faker = new Faker({ locale: [en, base], randomizer, seed });
  faker.setDefaultRefDate(now);
  const rng = new Rng(randomizer);
  const nowMs = now.getTime();
  const windowStart = nowMs - HISTORY_DAYS * DAY;
  let dataset = emptyDataset();

  const plays = options.plays ?? DEMO_PLAYS;
  // Fates are dealt from a shuffled deck so the shares hold for small counts too; whether a
  // spell ends in churn is decided later, at its firing.
  const suddenCount = Math.round(count * rng.float(0.03, 0.045));
  const spellsCount = Math.round(count * rng.float(0.17, 0.19));
  const recentCount = Math.round(count * rng.float(0.13, 0.15));
  const deck: Fate[] = [
    ...Array<Fate>(Math.min(count, suddenCount)).fill('sudden'),
    ...Array<Fate>(Math.max(0, Math.min(spellsCount, count - suddenCount))).fill('spells'),
    ...Array<Fate>(Math.max(0, Math.min(recentCount, count - suddenCount - spellsCount))).fill('recent_spell'),
  ];
  while (deck.length < count) deck.push('untroubled');
  const shuffled = rng.shuffle(deck);

  let ticketSeq = 0;

  for (let index = 0; index < count; index++) {
    const accountNumber = String(index + 1).padStart(5, '0');
    const accountId = `cust_${accountNumber}`;
    const plan = rng.weighted<Plan>((Object.keys(PLANS) as Plan[]).map((p) => [p, PLANS[p].weight]));
    const spec = PLANS[plan];
    const seatCount = rng.int(spec.seats[0], spec.seats[1]);
    const story = makeStory(rng, shuffled[index] as Fate, { accountId, plays, nowMs, windowStart });
    const cohort = story.cohort;
    dataset.cohorts[accountId] = cohort;
    dataset.storylines[accountId] = story.storyline;
    // Accounts that decline (now or up to their churn) never adopted as deeply; a sudden churner or
    // a recovered account did.
    const troubledEver = story.storyline === 'declining' || story.storyline === 'churned_after_decline';

    // ---- the account ----
    const companyName = faker.company.name();
    const domain = `${slug(companyName) || `company${accountNumber}`}.example.com`;
    const contactFirst = faker.person.firstName();
    const contactLast = faker.person.lastName();
    const priceFactor = rng.float(0.85, 1.15);
    const acquisitionMultiple = rng.float(3, 12);
    const csmOwner = rng.pick(DEMO_CSM_TEAM);

    // ---- seats ----
    const seats: Seat[] = [];
    const founders = Math.max(1, Math.ceil(seatCount * 0.3));
    for (let j = 0; j < seatCount; j++) {
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      const lifetime = story.end - story.createdAt;
      const offset = j < founders
        ? rng.float(0, 1) * Math.min(2 * DAY, lifetime / 2)
        : Math.min(rng.float(3, 180) * DAY, lifetime * rng.float(0.1, 0.9));
      // An expanding account adds seats over its last six months.
      const joinsLate = j >= founders && story.storyline === 'expanding' && rng.chance(0.45);
      const createdAt = joinsLate ? Math.max(story.createdAt + offset, rng.float(nowMs - 180 * DAY, nowMs - DAY)) : story.createdAt + offset;
      let deactivatedAt: number | null = null;
      if (story.churnedAt !== null) deactivatedAt = story.churnedAt;
      else if (j >= founders && story.storyline === 'contracting' && rng.chance(0.4) && nowMs - createdAt > 45 * DAY) {
        // A contracting account gives up seats over its last nine months.
        deactivatedAt = Math.max(createdAt + 30 * DAY, rng.float(nowMs - 270 * DAY, nowMs - 7 * DAY));
      } else if (j >= founders && rng.chance(0.06) && nowMs - createdAt > 45 * DAY) {
        deactivatedAt = rng.float(createdAt + 30 * DAY, nowMs);
      }
      const userId = `usr_${accountNumber}_${String(j + 1).padStart(2, '0')}`;
      const row: AccountUserRow = {
        accountId,
        userId,
        email: faker.internet.email({ firstName, lastName, provider: domain }).toLowerCase(),
        name: `${firstName} ${lastName}`,
        lastLoginAt: null, // set from the generated logins below
        deactivatedAt: deactivatedAt === null ? null : new Date(deactivatedAt),
        createdAt: new Date(createdAt),
      };
      dataset.accountUsers.push(row);
      seats.push({ row, userId, createdAt, deactivatedAt, weight: 0.15 + rng.next() ** 2, lastLoginAt: null });
    }
    const seatsByWeight = [...seats].sort((a, b) => b.weight - a.weight);

    // ---- the contract: renewed ahead of each end, each term priced on the seats then in use ----
    const termMonths = plan === 'enterprise' && rng.chance(0.3) ? 24 : 12;
    // Accounts at risk are often near renewal: that is when a decline turns into a churn.
    const renewalDue = cohort === 'declining' && rng.chance(0.4) ? nowMs + rng.int(10, 90) * DAY : null;
    const contract = planContract(rng, story, termMonths, renewalDue);
    const seatsAt = (t: number) => seats.filter((s) => s.createdAt <= t && (s.deactivatedAt === null || s.deactivatedAt > t)).length;
    // The first term pays for the seats planned at sign-up (those of its first 90 days).
    const priceOf = (seatsInUse: number) => Math.round(spec.base + spec.perSeat * Math.max(1, seatsInUse) * priceFactor);
    const firstPrice = priceOf(seatsAt(story.createdAt + 90 * DAY));
    const renewalPrices = contract.renewedAt.map((at) => priceOf(seatsAt(at)));
    const mrrAt = (t: number) => {
      const renewals = contract.renewedAt.filter((at) => at <= t).length;
      return renewals === 0 ? firstPrice : (renewalPrices[renewals - 1] as number);
    };
    const acquisitionCost = round2(firstPrice * acquisitionMultiple);

    // ---- adopted features: basic first, so a decline drops the advanced ones first ----
    const advancedRange = troubledEver ? ([0, 2] as const) : spec.advanced;
    const adopted = [
      ...rng.shuffle(BASIC_FEATURES).slice(0, rng.int(4, 9)),
      ...rng.shuffle(ADVANCED_FEATURES).slice(0, rng.int(advancedRange[0], advancedRange[1])),
    ];

    // ---- activity, day by day ----
    let weekNoise = 1;
    for (let day = startOfUtcDay(story.historyStart); day < story.end; day += DAY) {
      const weekday = new Date(day).getUTCDay();
      if (weekday === 1 || day === startOfUtcDay(story.historyStart)) weekNoise = rng.float(0.65, 1.35);
      const midday = day + 12 * HOUR;
      const df = declineFactor(story, midday);
      const ageDays = (midday - story.createdAt) / DAY;
      const ramp = ageDays < 30 ? 0.4 + 0.6 * clamp(ageDays / 30, 0, 1) : 1;
      const weekFactor = weekday === 0 || weekday === 6 ? 0.25 : 1;
      const active = seatsByWeight.filter(
        (s) => s.createdAt <= day + DAY && (s.deactivatedAt === null || s.deactivatedAt > day),
      );
      if (active.length === 0) continue;
      // A declining account narrows to its most committed users.
      const candidates = active.slice(0, Math.max(1, Math.ceil(active.length * (0.2 + 0.8 * df))));
      const lambda =
        active.length * VISIT_RATE * story.baseline * df * ramp * weekFactor * weekNoise * trendFactor(story, midday, nowMs) * seasonFactor(midday);
      const visits = rng.poisson(lambda);
      const featureLimit = Math.max(1, Math.ceil(adopted.length * (0.3 + 0.7 * df)));
      const candidateWeight = candidates.reduce((sum, s) => sum + s.weight, 0);

      for (let v = 0; v < visits; v++) {
        let r = rng.next() * candidateWeight;
        let seat = candidates[candidates.length - 1] as Seat;
        for (const s of candidates) {
          r -= s.weight;
          if (r < 0) {
            seat = s;
            break;
          }
        }
        const loginAt = day + clamp(rng.normal(13, 2.8), 6, 22.5) * HOUR + rng.float(0, 1_800) * 1000;
        if (loginAt < seat.createdAt || loginAt < story.historyStart || loginAt >= story.end) continue;
        if (seat.deactivatedAt !== null && loginAt >= seat.deactivatedAt) continue;
        dataset.activityEvents.push({ accountId, userId: seat.userId, kind: 'login', occurredAt: new Date(loginAt) });
        if (seat.lastLoginAt === null || loginAt > seat.lastLoginAt) seat.lastLoginAt = loginAt;

        const durationSeconds = Math.round(clamp(rng.logNormal(18 * 60, 0.7) * (0.5 + 0.5 * df), 60, 4 * 3600));
        const uses = rng.poisson(1.1 * (0.6 + 0.4 * df));
        for (let u = 0; u < uses; u++) {
          const usedAt = loginAt + rng.float(0.05, 0.95) * durationSeconds * 1000;
          if (usedAt >= story.end) continue;
          const feature = adopted[Math.floor(rng.next() * featureLimit)] as string;
          dataset.activityEvents.push({ accountId, userId: seat.userId, kind: 'feature_use', feature, occurredAt: new Date(usedAt) });
        }
        const endedAt = loginAt + durationSeconds * 1000;
        if (rng.chance(0.85) && endedAt < story.end) {
          dataset.activityEvents.push({ accountId, userId: seat.userId, kind: 'session', durationSeconds, occurredAt: new Date(endedAt) });
        }
      }
    }
    for (const seat of seats) seat.row.lastLoginAt = seat.lastLoginAt === null ? null : new Date(seat.lastLoginAt);

    // ---- integrations ----
    const integrationRange = troubledEver ? ([0, 3] as const) : spec.integrations;
    const providers = rng.shuffle(INTEGRATION_PROVIDERS).slice(0, rng.int(integrationRange[0], integrationRange[1]));
    let firstConnectedAt: number | null = null;
    for (const provider of providers) {
      const connectedAt = story.createdAt + rng.float(2, 120) * DAY;
      if (connectedAt >= story.end) continue;
      let disconnectedAt: number | null = null;
      if (story.churnedAt !== null) disconnectedAt = story.churnedAt;
      else if (story.troubleStart !== null && rng.chance(0.4)) disconnectedAt = Math.max(connectedAt + DAY, rng.float(story.troubleStart, nowMs));
      else if (rng.chance(0.08)) disconnectedAt = rng.float(connectedAt, nowMs);
      if (disconnectedAt !== null && disconnectedAt > nowMs) disconnectedAt = null;
      firstConnectedAt = firstConnectedAt === null ? connectedAt : Math.min(firstConnectedAt, connectedAt);
      dataset.integrations.push({
        accountId,
        provider,
        status: disconnectedAt === null ? 'connected' : 'disconnected',
        connectedAt: new Date(connectedAt),
        disconnectedAt: disconnectedAt === null ? null : new Date(disconnectedAt),
      });
    }

    // ---- payments: monthly from a billing anchor after the trial ----
    const billingAnchor = story.createdAt + rng.int(0, 14) * DAY;
    const troubleFrom = story.troubleStart === null ? Infinity : story.churnedAt !== null ? story.churnedAt - 75 * DAY : story.troubleStart;
    const finalStatus = rng.weighted<'current' | 'overdue' | 'failed'>(
      story.storyline === 'churned_after_decline'
        ? [['current', 35], ['overdue', 30], ['failed', 35]]
        : cohort === 'declining'
          ? [['current', 55], ['overdue', 25], ['failed', 20]]
          : [['current', 97], ['overdue', 2], ['failed', 1]],
    );
    const firstPayment = dataset.payments.length;
    const cycles: number[] = [];
    for (let k = 0; ; k++) {
      const due = addMonths(new Date(billingAnchor), k).getTime();
      if (due >= story.end) break;
      cycles.push(due);
    }
    // The first charge always succeeds (it completes first_payment_processed); the last one
    // decides the account's payment status; in between, troubled months fail more often.
    const owing = cycles.length > 1 && finalStatus !== 'current';
    cycles.forEach((due, k) => {
      const last = k === cycles.length - 1;
      const failFirst = k > 0 && ((last && owing) || rng.chance(due >= troubleFrom ? 0.3 : 0.02));
      const retryFails = last && owing;
      if (due < story.historyStart) return;
      const mrr = mrrAt(due);
      if (!failFirst) {
        dataset.payments.push(paymentRow(faker, accountId, mrr, 'succeeded', due));
        return;
      }
      dataset.payments.push(paymentRow(faker, accountId, mrr, 'failed', due));
      const retryAt = due + rng.int(3, 7) * DAY + rng.float(0, 6) * HOUR;
      if (retryAt >= story.end) return;
      // 'overdue' waits on a first failure; 'failed' has had its retry fail as well.
      if (last && finalStatus === 'overdue') return;
      dataset.payments.push(paymentRow(faker, accountId, mrr, retryFails ? 'failed' : 'succeeded', retryAt));
    });
    const paymentStatus: AccountRow['paymentStatus'] = owing ? finalStatus : 'current';

    // ---- milestones: a chain of product steps, plus integration and payment as they happened ----
    const stallChance = troubledEver ? 0.3 : plan === 'enterprise' ? 0.04 : 0.1;
    const plannedAt: Record<DefaultMilestoneKey, number | null> = {
      onboarding_complete: story.createdAt + rng.float(2, 21) * DAY,
      first_project_created: story.createdAt + rng.float(3, 30) * DAY,
      first_integration_connected: firstConnectedAt,
      data_imported: story.createdAt + rng.float(7, 60) * DAY,
      workflow_created: story.createdAt + rng.float(14, 120) * DAY,
      first_payment_processed: billingAnchor,
    };
    let chainDone = true;
    let chainAt = story.createdAt;
    for (const key of Object.keys(plannedAt) as DefaultMilestoneKey[]) {
      const planned = plannedAt[key];
      const base = {
        accountId,
        milestoneKey: key,
        targetDate: isoDate(new Date(story.createdAt + MILESTONE_TARGET_DAYS[key] * DAY)),
        createdAt: new Date(story.createdAt),
      };
      if (key === 'first_integration_connected' || key === 'first_payment_processed') {
        if (planned !== null && planned < story.end) {
          dataset.accountMilestones.push({ ...base, status: 'completed', progressPercentage: 100, completedAt: new Date(planned) });
        } else {
          const skipped = key === 'first_integration_connected' && rng.chance(0.25);
          dataset.accountMilestones.push({ ...base, status: skipped ? 'skipped' : 'pending', progressPercentage: 0 });
        }
        continue;
      }
      if (!chainDone) {
        dataset.accountMilestones.push({ ...base, status: 'pending', progressPercentage: 0 });
        continue;
      }
      const stalled = key !== 'onboarding_complete' && rng.chance(stallChance);
      const completedAt = Math.max(planned ?? story.createdAt, chainAt + rng.float(0.5, 5) * DAY);
      if (!stalled && completedAt < story.end) {
        dataset.accountMilestones.push({ ...base, status: 'completed', progressPercentage: 100, completedAt: new Date(completedAt) });
        chainAt = completedAt;
        continue;
      }
      chainDone = false;
      const progress = stalled
        ? rng.int(10, 80)
        : clamp(Math.round((100 * (story.end - story.createdAt)) / (completedAt - story.createdAt)), 5, 95);
      dataset.accountMilestones.push({ ...base, status: 'in_progress', progressPercentage: progress });
    }

    // ---- support interactions ----
    const monthlyTickets = 0.3 + 0.04 * seatCount;
    for (let day = startOfUtcDay(story.historyStart); day < story.end; day += DAY) {
      const trouble = 1 - declineFactor(story, day + 12 * HOUR);
      const tickets = rng.poisson((monthlyTickets / 30) * (1 + 3.5 * trouble));
      for (let n = 0; n < tickets; n++) {
        const createdAt = day + rng.float(7, 19) * HOUR;
        if (createdAt < story.historyStart || createdAt >= story.end) continue;
        const bad = rng.chance(Math.min(1, trouble * 1.4));
        const priority = rng.weighted<'low' | 'medium' | 'high' | 'urgent'>(
          bad
            ? [['low', 15], ['medium', 35], ['high', 35], ['urgent', 15]]
            : [['low', 35], ['medium', 45], ['high', 15], ['urgent', 5]],
        );
        const escalated = rng.chance((bad ? 0.25 : 0.03) + (priority === 'urgent' ? 0.2 : 0));
        const responseHours = round2(clamp(rng.logNormal(bad ? 9 : 2.5, 0.8), 0.1, 96));
        const resolutionHours = round2(responseHours + clamp(rng.logNormal(bad ? 40 : 18, 0.9), 0.5, 720));
        const ageHours = (story.end - createdAt) / HOUR;
        let status: 'open' | 'in_progress' | 'resolved' | 'closed';
        if (story.churnedAt !== null) status = 'closed';
        else if (ageHours < responseHours) status = 'open';
        else if (ageHours < resolutionHours || (bad && ageHours < 45 * 24 && rng.chance(0.35))) status = 'in_progress';
        else status = ageHours < 7 * 24 ? 'resolved' : 'closed';
        const done = status === 'resolved' || status === 'closed';
        const rated = done && rng.chance(0.65);
        const rating = rated
          ? rng.weighted<number>(bad ? [[5, 8], [4, 17], [3, 30], [2, 25], [1, 20]] : [[5, 50], [4, 32], [3, 10], [2, 5], [1, 3]])
          : null;
        const responded = status !== 'open';
        const updatedAt = Math.min(story.end, createdAt + (done ? resolutionHours : responded ? responseHours : 0) * HOUR);
        ticketSeq++;
        dataset.supportInteractions.push({
          id: faker.string.uuid(),
          accountId,
          externalId: `T-${String(100_000 + ticketSeq)}`,
          interactionType: rng.weighted(INTERACTION_TYPES),
          subject: rng.pick(TICKET_SUBJECTS),
          status,
          priority,
          escalated,
          satisfactionRating: rating,
          responseTimeHours: responded ? responseHours : null,
          resolutionTimeHours: done ? resolutionHours : null,
          createdAt: new Date(createdAt),
          updatedAt: new Date(updatedAt),
        });
      }
    }

    // ---- NPS: a survey about every 90 days, answered by a few seats ----
    for (let survey = story.createdAt + rng.float(20, 60) * DAY; survey < story.end; survey += rng.float(80, 100) * DAY) {
      if (survey < story.historyStart) continue;
      const trouble = 1 - declineFactor(story, survey);
      if (rng.chance(trouble > 0.2 ? 0.35 : 0.15)) continue;
      const eligible = seats.filter((s) => s.createdAt <= survey && (s.deactivatedAt === null || s.deactivatedAt > survey));
      const respondents = Math.min(eligible.length, 1 + rng.poisson(seatCount * 0.08));
      for (const seat of rng.shuffle(eligible).slice(0, respondents)) {
        const respondedAt = survey + rng.float(0, 5) * DAY;
        if (respondedAt >= story.end) continue;
        const score = Math.round(clamp(rng.normal(8.4 - 6 * trouble, trouble > 0.2 ? 1.8 : 1.4), 0, 10));
        const bucket = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
        dataset.npsResponses.push({
          id: faker.string.uuid(),
          accountId,
          userId: seat.userId,
          score,
          comment: rng.chance(0.35) ? rng.pick(NPS_COMMENTS[bucket]) : null,
          respondedAt: new Date(respondedAt),
        });
      }
    }

    // ---- the account row, as it stands at the end, and its history up to then ----
    // Whether the host moves it to an expansion stage once established: not a matter of its fate.
    const expands = plan !== 'starter' && rng.chance(story.storyline === 'expanding' ? 0.8 : 0.3);
    const lifecycleAt = (t: number): AccountRow['lifecycleStage'] =>
      story.churnedAt !== null && t >= story.churnedAt
        ? 'churned'
        : t - story.createdAt < ONBOARDING_DAYS * DAY
          ? 'onboarding'
          : contractEndAt(contract, t) - t <= RENEWAL_STAGE_DAYS * DAY
            ? 'renewal'
            : expands && t - story.createdAt > 180 * DAY
              ? 'expansion'
              : 'adoption';
    const lastMoment = story.end - 1;
    const quality = troubledEver ? 0.6 : 1;
    const contactEmail = faker.internet.email({ firstName: contactFirst, lastName: contactLast, provider: domain }).toLowerCase();
    const account = {
      id: accountId,
      name: companyName,
      plan,
      mrr: mrrAt(lastMoment),
      acquisitionCost,
      contractEndDate: isoDate(new Date(contractEndAt(contract, lastMoment))),
      csmOwner,
      contactName: `${contactFirst} ${contactLast}`,
      contactEmail,
      paymentStatus,
      lifecycleStage: story.churnedAt !== null ? 'churned' : lifecycleAt(nowMs),
      clientCount: Math.round(rng.int(spec.clients[0], spec.clients[1]) * quality),
      customFieldsUsed: Math.round(rng.int(spec.customFields[0], spec.customFields[1]) * quality),
      churnedAt: story.churnedAt === null ? null : new Date(story.churnedAt),
      // The kit's records of the account start with the generated period (its sign-up, for younger ones).
      firstSeenAt: new Date(story.historyStart),
      createdAt: new Date(story.createdAt),
      updatedAt: new Date(story.end),
      // What a host sends on account.upserted: when the relationship began, and its own attributes.
      customerSince: isoDate(new Date(story.createdAt)),
      traits: {
        industry: rng.pick(INDUSTRIES),
        segment: SEGMENTS[plan],
        region: rng.weighted(REGIONS),
        // What the contract pays for: the seats in use, or a few more.
        seats_bought: seatCount + (rng.chance(0.4) ? rng.int(1, 5) : 0),
      },
    } satisfies AccountRow;
    dataset.accounts.push(account);

    // What the host's events (account.upserted, contract.updated, payments, account.churned) left in
    // the account's history, each change at its own time: no value is visible before it was known.
    const accountPayments = dataset.payments.slice(firstPayment);
    const paymentStatusAt = (t: number): AccountRow['paymentStatus'] => {
      const paid = accountPayments.filter((p) => (p.occurredAt as Date).getTime() <= t);
      if (paid.length === 0) return accountPayments.length > 0 ? 'current' : paymentStatus;
      if (paid.length === accountPayments.length) return paymentStatus;
      return (paid[paid.length - 1] as PaymentRow).status === 'failed' ? 'failed' : 'current';
    };
    const changes = new Set<number>([
      story.historyStart,
      ...contract.renewedAt,
      ...contract.ends.map((end) => end - RENEWAL_STAGE_DAYS * DAY),
      story.createdAt + ONBOARDING_DAYS * DAY,
      story.createdAt + 180 * DAY,
      ...accountPayments.map((p) => (p.occurredAt as Date).getTime()),
      ...(story.churnedAt === null ? [] : [story.churnedAt]),
    ]);
    // Each row also keeps what its event set: the difference from the row before (all of the first).
    let previous: HistoryState | null = null;
    for (const at of [...changes].filter((t) => t >= story.historyStart && t <= (story.churnedAt ?? nowMs)).sort((a, b) => a - b)) {
      const state = {
        payment_status: paymentStatusAt(at),
        contract_end_date: isoDate(new Date(contractEndAt(contract, at))),
        mrr: mrrAt(at),
        plan,
        lifecycle_stage: lifecycleAt(at),
        client_count: account.clientCount,
        custom_fields_used: account.customFieldsUsed,
        customer_since: account.customerSince,
        traits: account.traits,
      };
      dataset.accountHistory.push({ accountId, kind: 'account', validFrom: new Date(at), state, changes: stateChanges(previous, state) });
      previous = state;
    }

    recordPlays(rng, faker, dataset, story, { id: accountId, csmOwner, contactEmail }, nowMs);

    if (dataset.accounts.length >= chunkAccounts) {
      yield dataset;
      dataset = emptyDataset();
    }
  }
  if (dataset.accounts.length > 0 || count === 0) yield dataset;
}

/**
 * An account's contract: the end of each term, oldest first, and when the term ending at
 * `ends[k]` was renewed to `ends[k + 1]` (`renewedAt[k]`, a few weeks ahead of its end).
 */
interface Contract {
  ends: number[];
  renewedAt: number[];
}

/** The end of the term in force at `t`. */
function contractEndAt(contract: Contract, t: number): number {
  const renewals = contract.renewedAt.filter((at) => at <= t).length;
  return contract.ends[renewals] as number;
}

/**
 * Terms of `termMonths` from sign-up, each renewed before it ends while the account stays. An
 * account at risk (`renewalDue`) is on a cycle whose current term ends then, not yet renewed.
 */
function planContract(rng: Rng, story: Story, termMonths: number, renewalDue: number | null): Contract {
  const ends: number[] = [];
  const renewedAt: number[] = [];
  if (renewalDue !== null) {
    for (let end = new Date(renewalDue); end.getTime() > story.createdAt + 30 * DAY; end = addMonths(end, -termMonths)) ends.unshift(end.getTime());
    if (ends.length === 0) ends.push(renewalDue);
    for (const end of ends.slice(0, -1)) renewedAt.push(end - rng.float(0, RENEWAL_LEAD_DAYS) * DAY);
    return { ends, renewedAt };
  }
  ends.push(addMonths(new Date(story.createdAt), termMonths).getTime());
  for (;;) {
    const end = ends[ends.length - 1] as number;
    const signedAt = end - rng.float(0, RENEWAL_LEAD_DAYS) * DAY;
    if (signedAt >= story.end) return { ends, renewedAt };
    renewedAt.push(signedAt);
    ends.push(addMonths(new Date(end), termMonths).getTime());
  }
}

interface StoryContext {
  accountId: string;
  plays: readonly DemoPlay[];
  nowMs: number;
  windowStart: number;
}

/**
 * The plays' firings at `firedAt`, decided as the trigger engine decides them: the condition
 * (engagement, estimated from how far use has fallen), cooldown, then the hold-out draw.
 */
function planFirings(ctx: StoryContext, firedAt: number, atFiring: number, lastFired: Map<string, number>): PlannedFiring[] {
  const at = new Date(firedAt);
  // An estimate of the engagement score at firing (use at 20-40 % of normal scores about 17-29).
  const engagement = Math.round((5 + 60 * atFiring) * 10) / 10;
  const planned: PlannedFiring[] = [];
  for (const play of ctx.plays) {
    const { trigger } = play;
    const result = evaluateCondition(trigger, {
      healthScore: 0,
      engagementScore: engagement,
      previousHealthScore: null,
      contractEndDays: null,
      peakHealthScore: null,
      escalations: 0,
      churnProbability: null,
      peakEngagementScore: null,
      activityLast7Days: 0,
      activityPrevious28Days: 0,
    });
    if (!result.met) continue;
    const last = lastFired.get(trigger.id);
    // A spell's intervention is settled before the next spell fires: none is open.
    const decision = decideFiring(trigger, at, last === undefined ? null : new Date(last), null);
    const base = { play, value: result.value };
    if (decision.outcome === 'suppressed') {
      planned.push({ ...base, outcome: 'suppressed', reason: decision.reason, detail: suppressedDetail(result.description, decision.detail), draw: null });
      continue;
    }
    lastFired.set(trigger.id, firedAt);
    const draw = holdoutDraw(trigger.id, ctx.accountId, firingPeriod(at));
    planned.push(
      isHeldOut(draw, trigger.holdoutPercent)
        ? { ...base, outcome: 'held_out', reason: null, detail: heldOutDetail(result.description, draw, trigger.holdoutPercent), draw }
        : { ...base, outcome: 'fired', reason: null, detail: result.description, draw },
    );
  }
  return planned;
}

/**
 * Spells of collapsing engagement from the first firing at `firedAt`: the plays fire, then churn
 * within the outcome window is drawn with the control group's rate times the effect of each play
 * that treated the account. An account that does not churn recovers, and may have another spell
 * (`relapses`) while there is time before now. A churn drawn after now leaves the account in its spell.
 */
function runSpells(rng: Rng, ctx: StoryContext, firstFiredAt: number, relapses: boolean): Spell[] {
  const spells: Spell[] = [];
  const lastFired = new Map<string, number>();
  let firedAt = firstFiredAt;
  for (;;) {
    const start = firedAt - rng.float(21, 35) * DAY;
    const atFiring = rng.float(0.2, 0.4);
    const firings = planFirings(ctx, firedAt, atFiring, lastFired);
    const churnChance = firings.reduce((p, f) => (f.outcome === 'fired' ? p * f.play.churnRatio : p), CONTROL_CHURN_90D);
    if (rng.chance(churnChance)) {
      const churnAt = firedAt + rng.float(5, OUTCOME_WINDOW_DAYS) * DAY;
      spells.push({ start, firedAt, atFiring, low: churnAt, floor: rng.float(0.03, 0.12), end: null, firings });
      return spells;
    }
    const low = firedAt + rng.float(5, 25) * DAY;
    const end = low + rng.float(30, 60) * DAY;
    spells.push({ start, firedAt, atFiring, low, floor: rng.float(0.1, Math.min(0.3, atFiring)), end, firings });
    if (!relapses || !rng.chance(RELAPSE_CHANCE)) return spells;
    // Not before this firing's outcome window has closed: a churn belongs to one firing's window.
    firedAt = Math.max(end + rng.float(14, 60) * DAY + rng.float(21, 35) * DAY, firedAt + (OUTCOME_WINDOW_DAYS + 1) * DAY);
    if (firedAt > ctx.nowMs - 3 * DAY) return spells;
  }
}

function makeStory(rng: Rng, fate: Fate, ctx: StoryContext): Story {
  const { nowMs, windowStart } = ctx;
  // A time of day for the account's creation, so accounts do not all start at midnight.
  const daysAgo = (days: number) => startOfUtcDay(nowMs - days * DAY) + rng.float(8, 18) * HOUR;
  const flat = { from: 1, to: 1 };
  if (fate === 'sudden') {
    let churnedAt = daysAgo(rng.float(2, 350));
    if (churnedAt >= nowMs) churnedAt = nowMs - rng.float(1, 12) * HOUR;
    const createdAt = churnedAt - rng.float(180, 900) * DAY;
    return {
      cohort: 'churned',
      storyline: 'churned_without_warning',
      baseline: rng.float(0.6, 1.2),
      createdAt,
      historyStart: Math.max(createdAt, windowStart),
      end: churnedAt,
      churnedAt,
      spells: [],
      troubleStart: null,
      trend: flat,
    };
  }
  if (fate === 'spells' || fate === 'recent_spell') {
    // The first firing: with its outcome window closed, or in the last weeks.
    const firstFiredAt = fate === 'spells' ? daysAgo(rng.float(OUTCOME_WINDOW_DAYS + 5, 335)) : daysAgo(rng.float(3, 50));
    const spells = runSpells(rng, ctx, firstFiredAt, fate === 'spells');
    const last = spells[spells.length - 1] as Spell;
    const churnedAt = last.end === null && last.low < nowMs ? last.low : null;
    const unresolved = last.end === null || last.end > nowMs;
    // Established customers: a whole year of history shows what came before the first spell.
    const createdAt = Math.min(daysAgo(fate === 'spells' ? rng.float(320, 1100) : rng.float(130, 1000)), (spells[0] as Spell).start - 60 * DAY);
    const end = churnedAt ?? nowMs;
    return {
      cohort: churnedAt !== null ? 'churned' : unresolved ? 'declining' : 'healthy',
      storyline: churnedAt !== null ? 'churned_after_decline' : unresolved ? 'declining' : 'recovered',
      baseline: rng.float(0.6, 1.2),
      createdAt,
      historyStart: Math.max(createdAt, windowStart),
      end,
      churnedAt,
      spells,
      troubleStart: unresolved ? last.start : null,
      trend: flat,
    };
  }
  const storyline = rng.weighted<DemoStoryline>(HEALTHY_STORYLINES);
  // Contracting and expanding are established customers; steady ones include the newest.
  const createdAt =
    storyline !== 'steady'
      ? daysAgo(rng.float(200, 1100))
      : Math.min(rng.chance(0.7) ? daysAgo(rng.float(1, 365)) : daysAgo(rng.float(365, 1100)), nowMs - HOUR);
  return {
    cohort: 'healthy',
    storyline,
    baseline: rng.float(0.6, 1.2),
    createdAt,
    historyStart: Math.max(createdAt, windowStart),
    end: nowMs,
    churnedAt: null,
    spells: [],
    troubleStart: null,
    trend:
      storyline === 'contracting'
        ? { from: 1, to: rng.float(0.6, 0.8) }
        : storyline === 'expanding'
          ? { from: rng.float(0.65, 0.8), to: 1 }
          : flat,
  };
}

/**
 * The rows the trigger engine would have written for a story's firings: each firing, and for a
 * treated one its intervention (carried out, then settled with the spell: successful when the
 * account recovered, unsuccessful when it churned) with its activity.
 */
function recordPlays(
  rng: Rng,
  faker: Faker,
  dataset: DemoDataset,
  story: Story,
  account: { id: string; csmOwner: string; contactEmail: string },
  nowMs: number,
): void {
  for (const spell of story.spells) {
    const settledAt = spell.end ?? spell.low;
    for (const firing of spell.firings) {
      const { trigger } = firing.play;
      let interventionId: string | null = null;
      if (firing.outcome === 'fired') {
        interventionId = faker.string.uuid();
        const scheduledAt = spell.firedAt + (parseInterval(trigger.scheduleIn) ?? 0);
        const email = trigger.interventionType === 'automated_email';
        const executedAt = scheduledAt + (email ? 0 : rng.float(0, 3) * DAY);
        const completedAt = Math.max(executedAt + HOUR, Math.min(settledAt, spell.firedAt + OUTCOME_WINDOW_DAYS * DAY));
        const status = executedAt > nowMs ? 'planned' : completedAt > nowMs ? 'executed' : 'completed';
        const outcome = status !== 'completed' ? 'pending' : spell.end === null ? 'unsuccessful' : 'successful';
        const assignedTo = resolveAssignee(trigger.assigneeRule, trigger.priority, account.csmOwner, NO_ASSIGNEES);
        const row = {
          id: interventionId,
          accountId: account.id,
          triggerType: trigger.conditionType,
          interventionType: trigger.interventionType,
          title: trigger.interventionTitle,
          description: firing.detail,
          status,
          priority: trigger.priority,
          outcome,
          assignedTo,
          triggerId: trigger.id,
          templateId: trigger.templateId,
          createdBy: `trigger:${trigger.id}`,
          scheduledAt: new Date(scheduledAt),
          executedAt: status === 'planned' ? null : new Date(executedAt),
          completedAt: status === 'completed' ? new Date(completedAt) : null,
          emailStatus: !email ? null : status === 'planned' ? 'queued' : 'sent',
          emailDetail: !email
            ? null
            : status === 'planned'
              ? `to ${account.contactEmail}`
              : `sent to ${account.contactEmail} at ${new Date(executedAt).toISOString()}`,
          createdAt: new Date(spell.firedAt),
          updatedAt: new Date(status === 'completed' ? completedAt : status === 'executed' ? executedAt : spell.firedAt),
        } satisfies InterventionRow;
        dataset.interventions.push(row);
        dataset.interventionActivity.push({
          interventionId,
          accountId: account.id,
          actor: row.createdBy,
          action: 'created',
          changes: createdChanges({ ...row, status: 'planned' }),
          at: new Date(spell.firedAt),
        });
        if (status === 'completed') {
          dataset.interventionActivity.push({
            interventionId,
            accountId: account.id,
            actor: assignedTo ?? row.createdBy,
            action: 'updated',
            changes: { status: { from: email ? 'executed' : 'planned', to: 'completed' }, outcome: { from: 'pending', to: outcome } },
            at: new Date(completedAt),
          });
        }
      }
      dataset.triggerFirings.push({
        triggerId: trigger.id,
        accountId: account.id,
        outcome: firing.outcome,
        reason: firing.reason,
        detail: firing.detail,
        value: firing.value,
        threshold: trigger.threshold,
        interventionId,
        draw: firing.draw,
        firedAt: new Date(spell.firedAt),
      });
    }
  }
}

function paymentRow(faker: Faker, accountId: string, amount: number, status: 'succeeded' | 'failed', at: number): PaymentRow {
  return { id: faker.string.uuid(), accountId, amount, status, occurredAt: new Date(at) };
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
