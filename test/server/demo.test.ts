import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../server/db/index';
import { generateDemoChunks, generateDemoData, type DemoDataset } from '../../server/demo/generate';
import { DEMO_TABLE_NAMES, DEMO_TABLES, isDatabaseEmpty, loadDemoData, seedDemoData } from '../../server/demo/load';
import { DEFAULT_MILESTONES, ensureMilestoneDefinitions } from '../../server/demo/milestones';
import { accountStateAsOf, seedHistory } from '../../server/services/history';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

/** Rows whose time falls in [end - fromDays, end - toDays) of their account's end. */
function inWindow(at: Date, end: number, fromDays: number, toDays: number): boolean {
  const t = at.getTime();
  return t >= end - fromDays * DAY && t < end - toDays * DAY;
}

const average = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('demo data generator', () => {
  const data = generateDemoData({ seed: 42, accounts: 300, now: NOW });
  const churned = data.accounts.filter((a) => a.churnedAt);
  const churnAt = new Map(churned.map((a) => [a.id, (a.churnedAt as Date).getTime()]));

  it('gives identical data for the same inputs and different data for another seed', () => {
    const a = generateDemoData({ seed: 7, accounts: 40, now: NOW });
    const b = generateDemoData({ seed: 7, accounts: 40, now: NOW });
    const c = generateDemoData({ seed: 8, accounts: 40, now: NOW });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(c.accounts.map((x) => x.name)).not.toEqual(a.accounts.map((x) => x.name));
  });

  it('yields the same rows in chunks as in one piece', () => {
    const whole = generateDemoData({ seed: 9, accounts: 23, now: NOW });
    const chunks = [...generateDemoChunks({ seed: 9, accounts: 23, now: NOW }, 10)];
    expect(chunks.map((c) => c.accounts.length)).toEqual([10, 10, 3]);
    const merged = Object.fromEntries(
      DEMO_TABLES.map((t) => [t, chunks.flatMap((c) => c[t] as unknown[])]),
    );
    const joined = (key: 'cohorts' | 'storylines') => Object.assign({}, ...chunks.map((c) => c[key]));
    expect({ ...merged, cohorts: joined('cohorts'), storylines: joined('storylines') }).toEqual(whole);
  });

  it('reads neither the clock nor Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const clock = vi.spyOn(Date, 'now');
    try {
      generateDemoData({ seed: 5, accounts: 20, now: NOW });
      expect(random).not.toHaveBeenCalled();
      expect(clock).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      clock.mockRestore();
    }
  });

  // Churn is drawn at each firing, so a few hundred accounts spread about 2 points around 16 %.
  it.each([1, 2, 3, 42])('churns 12-21 %% of accounts and marks them churned (seed %i)', (seed) => {
    const d = seed === 42 ? data : generateDemoData({ seed, accounts: 200, now: NOW });
    const gone = d.accounts.filter((a) => a.churnedAt);
    expect(gone.length / d.accounts.length).toBeGreaterThanOrEqual(0.12);
    expect(gone.length / d.accounts.length).toBeLessThanOrEqual(0.21);
    for (const a of d.accounts) expect(a.lifecycleStage === 'churned').toBe(a.churnedAt != null);
    const declining = Object.values(d.cohorts).filter((c) => c === 'declining').length;
    expect(declining / d.accounts.length).toBeGreaterThan(0.1);
    expect(declining / d.accounts.length).toBeLessThan(0.2);
  });

  it('keeps 12 months of history with churn spread over the year', () => {
    const oldest = Math.min(...data.activityEvents.filter((e) => !churnAt.has(e.accountId)).map((e) => e.occurredAt.getTime()));
    expect(NOW.getTime() - oldest).toBeLessThanOrEqual(366 * DAY);
    expect(NOW.getTime() - oldest).toBeGreaterThan(360 * DAY);
    const churnMonths = new Set(churned.map((a) => (a.churnedAt as Date).toISOString().slice(0, 7)));
    expect(churnMonths.size).toBeGreaterThanOrEqual(10);
    expect(data.accounts.some((a) => (a.createdAt as Date).getTime() < NOW.getTime() - 365 * DAY)).toBe(true);
  });

  it('shows the churned accounts that declined doing so over the months before they leave', () => {
    const warned = new Set(churned.filter((a) => data.storylines[a.id] === 'churned_after_decline').map((a) => a.id));
    const events = data.activityEvents.filter((e) => warned.has(e.accountId));
    const count = (from: number, to: number, kind?: string) =>
      events.filter((e) => (!kind || e.kind === kind) && inWindow(e.occurredAt, churnAt.get(e.accountId) as number, from, to)).length;
    // Days 30-0 before churn against days 120-90 before, for the cohort as a whole.
    expect(count(30, 0)).toBeLessThan(0.5 * count(120, 90));
    expect(count(30, 0, 'login')).toBeLessThan(0.5 * count(120, 90, 'login'));
    expect(count(120, 90)).toBeGreaterThan(1_000);

    const features = (from: number, to: number) =>
      average(
        churned.filter((a) => warned.has(a.id)).map((a) => {
          const end = churnAt.get(a.id) as number;
          return new Set(events.filter((e) => e.accountId === a.id && e.feature && inWindow(e.occurredAt, end, from, to)).map((e) => e.feature)).size;
        }),
      );
    expect(features(30, 0)).toBeLessThan(features(120, 90));

    const tickets = data.supportInteractions.filter((t) => warned.has(t.accountId));
    const ticketsIn = (from: number, to: number) =>
      tickets.filter((t) => inWindow(t.createdAt as Date, churnAt.get(t.accountId) as number, from, to));
    expect(ticketsIn(60, 0).length).toBeGreaterThan(1.5 * ticketsIn(150, 90).length);
    const rating = (rows: typeof tickets) => average(rows.flatMap((t) => (t.satisfactionRating == null ? [] : [t.satisfactionRating])));
    expect(rating(ticketsIn(60, 0))).toBeLessThan(rating(ticketsIn(365, 90)) - 0.5);

    const nps = data.npsResponses.filter((n) => warned.has(n.accountId));
    const npsIn = (from: number, to: number) =>
      average(nps.filter((n) => inWindow(n.respondedAt, churnAt.get(n.accountId) as number, from, to)).map((n) => n.score));
    expect(npsIn(90, 0)).toBeLessThan(npsIn(365, 90) - 1);

    const failed = data.payments.filter((p) => p.status === 'failed');
    expect(failed.filter((p) => warned.has(p.accountId)).length).toBeGreaterThan(failed.length / 4);
  });

  it('starts every account\'s records with the generated period or its sign-up, churners and survivors alike', () => {
    const periodStart = NOW.getTime() - 365 * DAY;
    const first = new Map<string, number>();
    const seen = (accountId: string, at: Date) => first.set(accountId, Math.min(first.get(accountId) ?? Infinity, at.getTime()));
    for (const e of data.activityEvents) seen(e.accountId, e.occurredAt);
    for (const t of data.supportInteractions) seen(t.accountId, t.createdAt as Date);
    for (const p of data.payments) seen(p.accountId, p.occurredAt);
    for (const h of data.accountHistory) seen(h.accountId, h.validFrom);
    for (const a of data.accounts) {
      const since = (a.createdAt as Date).getTime();
      expect(a.customerSince).toBe((a.createdAt as Date).toISOString().slice(0, 10));
      expect(a.firstSeenAt?.getTime()).toBe(Math.max(since, periodStart));
      // Nothing recorded before the records start: where they start says nothing about the outcome.
      expect(first.get(a.id)).toBeGreaterThanOrEqual(a.firstSeenAt!.getTime());
    }
    const older = (pick: (a: (typeof data.accounts)[number]) => boolean) => {
      const group = data.accounts.filter((a) => pick(a) && (a.createdAt as Date).getTime() < periodStart);
      return group.filter((a) => first.get(a.id)! < periodStart + 7 * DAY).length / group.length;
    };
    expect(older((a) => a.churnedAt != null)).toBeGreaterThan(0.9);
    expect(older((a) => a.churnedAt == null)).toBeGreaterThan(0.9);
  });

  it('records each account\'s contract as it was known: renewals, repricing, payment status and stage at their own times', () => {
    const history = new Map<string, typeof data.accountHistory>();
    for (const h of data.accountHistory) history.set(h.accountId, [...(history.get(h.accountId) ?? []), h]);
    let renewals = 0;
    let repriced = 0;
    for (const a of data.accounts) {
      const rows = history.get(a.id)!;
      expect(rows[0]!.validFrom).toEqual(a.firstSeenAt);
      expect(rows.map((r) => r.validFrom.getTime())).toEqual(rows.map((r) => r.validFrom.getTime()).sort((x, y) => x - y));
      // The last state is the account as it stands.
      const last = rows.at(-1)!.state;
      expect(last).toMatchObject({
        contract_end_date: a.contractEndDate,
        mrr: a.mrr,
        payment_status: a.paymentStatus,
        lifecycle_stage: a.lifecycleStage,
        plan: a.plan,
        customer_since: a.customerSince,
      });
      for (const [k, row] of rows.entries()) {
        // A contract in force has not ended yet: renewals are signed ahead of the end.
        expect(Date.parse(`${row.state.contract_end_date as string}T23:59:59Z`)).toBeGreaterThanOrEqual(row.validFrom.getTime());
        const before = rows[k - 1]?.state;
        if (before && before.contract_end_date !== row.state.contract_end_date) renewals++;
        if (before && before.mrr !== row.state.mrr) repriced++;
      }
    }
    expect(renewals).toBeGreaterThan(data.accounts.length / 2);
    expect(repriced).toBeGreaterThan(10);
    // At past instants an established account's contract ends within 60 days about as often whether
    // or not it churns in the next 90 (today's end back-dated would give the survivors none).
    const ending = { churns: [0, 0], stays: [0, 0] };
    for (const ago of [300, 250, 200, 150, 100]) {
      const at = NOW.getTime() - ago * DAY;
      for (const a of data.accounts) {
        if ((a.createdAt as Date).getTime() > at - 365 * DAY || (a.churnedAt != null && a.churnedAt.getTime() <= at)) continue;
        const state = history.get(a.id)!.filter((h) => h.validFrom.getTime() <= at).at(-1)!.state;
        const tally = ending[a.churnedAt != null && a.churnedAt.getTime() <= at + 90 * DAY ? 'churns' : 'stays'];
        tally[0]! += Date.parse(state.contract_end_date as string) - at <= 60 * DAY ? 1 : 0;
        tally[1]! += 1;
      }
    }
    const share = ([soon, all]: number[]) => soon! / all!;
    expect(ending.churns[1]).toBeGreaterThan(30);
    expect(share(ending.stays)).toBeGreaterThan(0.04);
    expect(Math.abs(share(ending.churns) - share(ending.stays))).toBeLessThan(0.1);
  });

  const storylineOf = (id: string) => data.storylines[id];
  const accountsOf = (storyline: string) => data.accounts.filter((a) => storylineOf(a.id as string) === storyline);

  it('deals the documented storylines: part of the churners leave without warning, part of the healthy contract, expand or recovered', () => {
    const share = (storyline: string, of: number) => accountsOf(storyline).length / of;
    const sudden = share('churned_without_warning', churned.length);
    expect(sudden).toBeGreaterThan(0.15);
    expect(sudden).toBeLessThan(0.6);
    const healthy = Object.values(data.cohorts).filter((c) => c === 'healthy').length;
    for (const storyline of ['contracting', 'expanding', 'recovered']) {
      expect(share(storyline, healthy), storyline).toBeGreaterThan(0.05);
      expect(share(storyline, healthy), storyline).toBeLessThan(0.22);
    }
    for (const a of data.accounts) {
      const cohort = data.cohorts[a.id as string];
      const storyline = storylineOf(a.id as string) as string;
      const expected = cohort === 'churned' ? ['churned_after_decline', 'churned_without_warning'] : cohort === 'declining' ? ['declining'] : ['steady', 'contracting', 'expanding', 'recovered'];
      expect(expected).toContain(storyline);
    }
  });

  it('lets churners without warning use the product as before until the day they leave', () => {
    const sudden = new Set(accountsOf('churned_without_warning').map((a) => a.id));
    const events = data.activityEvents.filter((e) => sudden.has(e.accountId));
    const count = (from: number, to: number) =>
      events.filter((e) => inWindow(e.occurredAt, churnAt.get(e.accountId) as number, from, to)).length;
    expect(count(120, 90)).toBeGreaterThan(300);
    expect(count(30, 0)).toBeGreaterThan(0.75 * count(120, 90));
    const tickets = data.supportInteractions.filter((t) => sudden.has(t.accountId) && t.satisfactionRating != null);
    expect(average(tickets.map((t) => t.satisfactionRating as number))).toBeGreaterThan(3.8);
  });

  /** Accounts of a storyline that are customers for more than a year: their whole year is in the data. */
  const establishedOf = (storyline: string) => accountsOf(storyline).filter((a) => (a.createdAt as Date).getTime() < NOW.getTime() - 365 * DAY);

  /**
   * Per account busy enough for Poisson noise not to dominate (40 events in a typical 30 days):
   * its quietest and its last 30 days, each against its median 30 days of the last 300.
   */
  function dipAndNow(accountId: string): { quietest: number; now: number } | null {
    const now = NOW.getTime();
    const times = data.activityEvents.filter((e) => e.accountId === accountId).map((e) => e.occurredAt.getTime());
    const windows: number[] = [];
    for (let end = now - 30 * DAY; end >= now - 300 * DAY; end -= 10 * DAY) windows.push(times.filter((t) => t >= end - 30 * DAY && t < end).length);
    windows.sort((a, b) => a - b);
    const median = windows[Math.floor(windows.length / 2)] as number;
    if (median < 40) return null;
    return { quietest: (windows[0] as number) / median, now: times.filter((t) => t >= now - 30 * DAY).length / median };
  }

  it('brings part of the decliners back: recovered accounts had a deep dip and use the product as before now', () => {
    const measured = (storyline: string) => establishedOf(storyline).flatMap((a) => dipAndNow(a.id as string) ?? []);
    const deep = (list: Array<{ quietest: number }>) => list.filter((x) => x.quietest < 0.4).length / list.length;
    const recovered = measured('recovered');
    expect(recovered.length).toBeGreaterThan(5);
    expect(deep(recovered)).toBeGreaterThan(0.7);
    expect(deep(measured('steady'))).toBeLessThan(0.3);
    expect(average(recovered.map((x) => x.now))).toBeGreaterThan(0.75);
  });

  it('has contracting accounts give up seats and use, and expanding ones add them', () => {
    const now = NOW.getTime();
    const seatsAt = (storyline: string, t: number) => {
      const ids = new Set(establishedOf(storyline).map((a) => a.id));
      return data.accountUsers.filter(
        (u) => ids.has(u.accountId) && (u.createdAt as Date).getTime() <= t && (u.deactivatedAt == null || u.deactivatedAt.getTime() > t),
      ).length;
    };
    const growth = (storyline: string) => seatsAt(storyline, now) / seatsAt(storyline, now - 300 * DAY);
    expect(growth('contracting')).toBeLessThan(0.85);
    expect(growth('expanding')).toBeGreaterThan(growth('steady'));
    expect(growth('steady')).toBeGreaterThan(growth('contracting'));
  });

  it('is seasonal: the week between Christmas and New Year is far quieter than early December', () => {
    const steady = new Set(accountsOf('steady').map((a) => a.id));
    const perDay = (from: string, to: string) =>
      data.activityEvents.filter((e) => steady.has(e.accountId) && e.occurredAt >= new Date(from) && e.occurredAt < new Date(to)).length /
      ((Date.parse(to) - Date.parse(from)) / DAY);
    expect(perDay('2025-12-22', '2026-01-02')).toBeLessThan(0.7 * perDay('2025-12-01', '2025-12-15'));
  });

  it('gives every account the start date and traits a host sends on account.upserted', () => {
    for (const a of data.accounts) {
      expect(a.customerSince).toBe((a.createdAt as Date).toISOString().slice(0, 10));
      const traits = a.traits ?? {};
      expect(Object.keys(traits).sort()).toEqual(['industry', 'region', 'seats_bought', 'segment']);
      for (const [key, value] of Object.entries(traits)) {
        expect(key).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);
        expect(typeof value === 'number' ? Number.isFinite(value) : String(value).length <= 200).toBe(true);
      }
    }
  });

  it('records nothing for a churned account after it left, and nothing after now', () => {
    const after = (accountId: string, at: Date) => at.getTime() >= (churnAt.get(accountId) ?? Infinity);
    expect(data.activityEvents.filter((e) => after(e.accountId, e.occurredAt))).toEqual([]);
    expect(data.supportInteractions.filter((t) => after(t.accountId, t.createdAt as Date))).toEqual([]);
    expect(data.npsResponses.filter((n) => after(n.accountId, n.respondedAt))).toEqual([]);
    expect(data.payments.filter((p) => after(p.accountId, p.occurredAt))).toEqual([]);
    const late = (at: Date | null | undefined) => at != null && at.getTime() > NOW.getTime();
    expect(data.activityEvents.filter((e) => late(e.occurredAt))).toEqual([]);
    expect(data.accountUsers.filter((u) => late(u.lastLoginAt) || late(u.createdAt))).toEqual([]);
    expect(data.accountMilestones.filter((m) => late(m.completedAt))).toEqual([]);
    expect(data.supportInteractions.filter((t) => late(t.createdAt) || late(t.updatedAt))).toEqual([]);
  });

  it('has the accounts at risk declining now and the healthy ones not', () => {
    const now = NOW.getTime();
    const ratio = (cohort: string) => {
      const events = data.activityEvents.filter((e) => data.cohorts[e.accountId] === cohort);
      const recent = events.filter((e) => inWindow(e.occurredAt, now, 30, 0)).length;
      const before = events.filter((e) => inWindow(e.occurredAt, now, 120, 90)).length;
      return recent / before;
    };
    expect(ratio('declining')).toBeLessThan(0.6);
    const steady = (() => {
      const events = data.activityEvents.filter((e) => data.storylines[e.accountId] === 'steady');
      return events.filter((e) => inWindow(e.occurredAt, now, 30, 0)).length / events.filter((e) => inWindow(e.occurredAt, now, 120, 90)).length;
    })();
    expect(steady).toBeGreaterThan(0.8);
    const live = data.accounts.filter((a) => !a.churnedAt);
    const owing = (cohort: string) => live.filter((a) => data.cohorts[a.id] === cohort && a.paymentStatus !== 'current').length;
    expect(owing('declining')).toBeGreaterThan(owing('healthy'));
  });

  it('sets each seat’s last login to its latest login event', () => {
    const latest = new Map<string, number>();
    for (const e of data.activityEvents) {
      if (e.kind !== 'login') continue;
      const key = `${e.accountId}/${e.userId}`;
      latest.set(key, Math.max(latest.get(key) ?? 0, e.occurredAt.getTime()));
    }
    for (const u of data.accountUsers) {
      expect(u.lastLoginAt?.getTime() ?? null, u.userId).toBe(latest.get(`${u.accountId}/${u.userId}`) ?? null);
    }
  });

  it('generates realistic, consistent accounts in bounded volume', () => {
    const seats = new Map<string, number>();
    for (const u of data.accountUsers) seats.set(u.accountId, (seats.get(u.accountId) ?? 0) + 1);
    for (const a of data.accounts) {
      expect(a.id).toMatch(/^cust_\d{5}$/);
      expect(seats.get(a.id)).toBeGreaterThanOrEqual(3);
      expect(seats.get(a.id)).toBeLessThanOrEqual(40);
      expect(['starter', 'growth', 'enterprise']).toContain(a.plan);
      expect(a.mrr).toBeGreaterThan(0);
      expect(a.contractEndDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(new Set(data.accounts.map((a) => a.csmOwner)).size).toBeLessThanOrEqual(6);
    const mrr = (plan: string) => average(data.accounts.filter((a) => a.plan === plan).map((a) => a.mrr as number));
    expect(mrr('starter')).toBeLessThan(mrr('growth'));
    expect(mrr('growth')).toBeLessThan(mrr('enterprise'));
    const daysToRenewal = data.accounts
      .filter((a) => !a.churnedAt)
      .map((a) => (Date.parse(a.contractEndDate as string) - NOW.getTime()) / DAY);
    for (const within of [30, 60, 120]) expect(daysToRenewal.filter((d) => d <= within).length).toBeGreaterThan(0);

    const keys = new Set<string>(DEFAULT_MILESTONES.map((m) => m.key));
    expect(data.accountMilestones.every((m) => keys.has(m.milestoneKey))).toBe(true);
    expect(data.accountMilestones).toHaveLength(data.accounts.length * DEFAULT_MILESTONES.length);
    const seatIds = new Set(data.accountUsers.map((u) => `${u.accountId}/${u.userId}`));
    expect(data.activityEvents.every((e) => seatIds.has(`${e.accountId}/${e.userId}`))).toBe(true);
    const advanced = new Set(['automation', 'api', 'custom_reports', 'workflows', 'sso']);
    expect(data.activityEvents.some((e) => e.feature && advanced.has(e.feature))).toBe(true);

    // 500 accounts should stay near 150-250k activity rows: 300-500 a account.
    const perAccount = data.activityEvents.length / data.accounts.length;
    expect(perAccount).toBeGreaterThan(250);
    expect(perAccount).toBeLessThan(550);
  });
});

async function countRows(executor: Executor, table: string): Promise<number> {
  // The dataset brings the accounts' own history; the items' history is derived on loading.
  const where = table === 'account_history' ? ` where kind = 'account'` : '';
  const [row] = await queryRows<{ n: number }>(executor, sql.raw(`select count(*)::int as n from "${table}"${where}`));
  return row?.n ?? -1;
}

async function tableCounts(executor: Executor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...DEMO_TABLES.map((t) => DEMO_TABLE_NAMES[t]), 'milestone_definitions']) {
    counts[table] = await countRows(executor, table);
  }
  return counts;
}

function expectedCounts(dataset: DemoDataset): Record<string, number> {
  return {
    ...Object.fromEntries(DEMO_TABLES.map((t) => [DEMO_TABLE_NAMES[t], dataset[t].length])),
    milestone_definitions: DEFAULT_MILESTONES.length,
  };
}

const EMPTY = Object.fromEntries([...DEMO_TABLES.map((t) => DEMO_TABLE_NAMES[t]), 'milestone_definitions'].map((t) => [t, 0]));

describe.each(dbKinds)('loading demo data on %s', (kind) => {
  let db: TestDb;
  const dataset = generateDemoData({ seed: 11, accounts: 40, now: NOW });

  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('rolls back a load that fails midway', async () => {
    const broken: DemoDataset = {
      ...dataset,
      activityEvents: [...dataset.activityEvents, { accountId: 'cust_missing', userId: 'x', kind: 'login', occurredAt: NOW }],
    };
    let inserted = 0;
    await expect(loadDemoData(db.orm, broken, (done) => (inserted = done))).rejects.toThrow(
      /activityEvents .*violates foreign key constraint/,
    );
    // Every other table (and most events) went in before the failing batch...
    expect(inserted).toBeGreaterThan(dataset.accounts.length + dataset.accountUsers.length + dataset.payments.length);
    // ...and the transaction took them all back, milestone definitions included.
    expect(await isDatabaseEmpty(db.orm)).toBe(true);
    expect(await tableCounts(db.orm)).toEqual(EMPTY);
  });

  it('rolls back a load with a duplicate account id', async () => {
    const first = dataset.accounts[0]!;
    const broken: DemoDataset = { ...dataset, accounts: [...dataset.accounts, { ...first, name: 'Duplicate' }] };
    await expect(loadDemoData(db.orm, broken)).rejects.toThrow(/accounts .*duplicate key/);
    expect(await tableCounts(db.orm)).toEqual(EMPTY);
  });

  it('loads a 40-account dataset with every row', async () => {
    const calls: Array<[number, number]> = [];
    const result = await loadDemoData(db.orm, dataset, (done, total) => calls.push([done, total]));
    const total = DEMO_TABLES.reduce((sum, t) => sum + dataset[t].length, 0);
    expect(result.total).toBe(total);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
    expect(await tableCounts(db.orm)).toEqual(expectedCounts(dataset));
    expect(await isDatabaseEmpty(db.orm)).toBe(false);

    const [churnedRow] = await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from accounts where churned_at is not null`);
    expect(churnedRow?.n).toBe(dataset.accounts.filter((a) => a.churnedAt).length);
    const [logins] = await queryRows<{ latest: string | Date }>(db.orm, sql`select max(last_login_at) as latest from account_users`);
    const expectedLatest = Math.max(...dataset.accountUsers.map((u) => u.lastLoginAt?.getTime() ?? 0));
    expect(new Date(logins!.latest).getTime()).toBe(expectedLatest);
    expect(await ensureMilestoneDefinitions(db.orm)).toBe(0);
  });

  it('keeps the accounts\' own history: a contract renewed at T reads the old term until T, and a second seeding adds nothing', async () => {
    const renewal = dataset.accountHistory.find((row, k) => {
      const before = dataset.accountHistory[k - 1];
      return before?.accountId === row.accountId && before.state.contract_end_date !== row.state.contract_end_date;
    })!;
    const previous = dataset.accountHistory[dataset.accountHistory.indexOf(renewal) - 1]!;
    const stateAt = async (at: Date) => {
      const [row] = await queryRows<{ state: Record<string, unknown> }>(
        db.orm,
        sql`select ${accountStateAsOf('a', at)} as state from accounts a where a.id = ${renewal.accountId}`,
      );
      return row!.state;
    };
    const at = renewal.validFrom.getTime();
    expect((await stateAt(new Date(at - 1000))).contract_end_date).toBe(previous.state.contract_end_date);
    expect((await stateAt(new Date(at))).contract_end_date).toBe(renewal.state.contract_end_date);
    // Seeding history again (as every load does) stamps no current values onto the past.
    const before = await countRows(db.orm, 'account_history');
    await seedHistory(db.orm);
    expect(await countRows(db.orm, 'account_history')).toBe(before);
    expect((await stateAt(new Date(at - 1000))).contract_end_date).toBe(previous.state.contract_end_date);
  });

  it('replaces existing accounts when seeding with replace, a chunk of accounts at a time', async () => {
    const result = await seedDemoData(db, { accounts: 12, seed: 3, now: NOW, progress: false, replace: true, chunkAccounts: 5 });
    const expected = generateDemoData({ seed: 3, accounts: 12, now: NOW });
    expect(result.counts.accounts).toBe(12);
    expect(result.total).toBe(DEMO_TABLES.reduce((sum, t) => sum + expected[t].length, 0));
    expect(await tableCounts(db.orm)).toEqual(expectedCounts(expected));
    const ids = await queryRows<{ id: string; name: string }>(db.orm, sql`select id, name from accounts order by id`);
    expect(ids).toEqual(expected.accounts.map((a) => ({ id: a.id, name: a.name })));
  });

  it('seeds an empty database through the Db handle, as the server start does', async () => {
    await db.orm.execute(sql`truncate table accounts cascade`);
    expect(await isDatabaseEmpty(db.orm)).toBe(true);
    const result = await seedDemoData(db, { accounts: 5, seed: 1, now: NOW, progress: false });
    expect(result.counts.accounts).toBe(5);
    expect(await isDatabaseEmpty(db.orm)).toBe(false);
  });
});
