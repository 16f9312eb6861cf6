import { Presets, SingleBar } from 'cli-progress';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../db/index';
import {
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
import { seedHistory } from '../services/history';
import { generateDemoChunks, type DemoDataset } from './generate';
import { ensureMilestoneDefinitions } from './milestones';
import { ensureDemoPlays } from './playbooks';

/** The dataset's tables, in load order (parents before children). */
export const DEMO_TABLES = [
  'accounts',
  'accountHistory',
  'accountUsers',
  'integrations',
  'accountMilestones',
  'supportInteractions',
  'npsResponses',
  'payments',
  'activityEvents',
  'interventions',
  'interventionActivity',
  'triggerFirings',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

const TABLES = {
  accounts,
  accountHistory,
  accountUsers,
  integrations,
  accountMilestones,
  supportInteractions,
  npsResponses,
  payments,
  activityEvents,
  interventions,
  interventionActivity,
  triggerFirings,
} as const satisfies Record<DemoTable, PgTable>;

/** The SQL name of each dataset table (`accountUsers` → `account_users`). */
export const DEMO_TABLE_NAMES = Object.fromEntries(
  DEMO_TABLES.map((table) => [table, getTableName(TABLES[table])]),
) as Record<DemoTable, string>;
export type DemoRowCounts = Record<DemoTable, number>;

/** Rows per insert statement, at most; wide tables get fewer (see `batchSize`). */
const MAX_BATCH_ROWS = 5_000;
/** PostgreSQL binds at most 65,535 parameters per statement: stay well under it. */
const MAX_PARAMETERS = 60_000;

export type ProgressCallback = (done: number, total: number) => void;

interface Step {
  table: DemoTable;
  rows: number;
  batchSize: number;
  insert(executor: Executor, from: number, to: number): Promise<unknown>;
}

function step<T extends PgTable>(table: DemoTable, target: T, rows: PgInsertValue<T>[]): Step {
  const columns = Object.keys(getTableColumns(target)).length;
  return {
    table,
    rows: rows.length,
    batchSize: Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns))),
    insert: (executor, from, to) => executor.insert(target).values(rows.slice(from, to)),
  };
}

function plan(dataset: DemoDataset): Step[] {
  const steps: Record<DemoTable, Step> = {
    accounts: step('accounts', accounts, dataset.accounts),
    accountHistory: step('accountHistory', accountHistory, dataset.accountHistory),
    accountUsers: step('accountUsers', accountUsers, dataset.accountUsers),
    integrations: step('integrations', integrations, dataset.integrations),
    accountMilestones: step('accountMilestones', accountMilestones, dataset.accountMilestones),
    supportInteractions: step('supportInteractions', supportInteractions, dataset.supportInteractions),
    npsResponses: step('npsResponses', npsResponses, dataset.npsResponses),
    payments: step('payments', payments, dataset.payments),
    activityEvents: step('activityEvents', activityEvents, dataset.activityEvents),
    interventions: step('interventions', interventions, dataset.interventions),
    interventionActivity: step('interventionActivity', interventionActivity, dataset.interventionActivity),
    triggerFirings: step('triggerFirings', triggerFirings, dataset.triggerFirings),
  };
  return DEMO_TABLES.map((table) => steps[table]);
}

/** Rows per table of a dataset, the way `loadDemoData` will insert them. */
function countDemoRows(dataset: DemoDataset): DemoRowCounts {
  return Object.fromEntries(DEMO_TABLES.map((table) => [table, dataset[table].length])) as DemoRowCounts;
}

export interface LoadResult {
  counts: DemoRowCounts;
  total: number;
}

/**
 * Inserts a generated dataset in batched multi-row inserts, all inside one transaction
 * (a savepoint when `executor` is already a transaction): a load that fails part-way leaves
 * nothing behind. The default milestone definitions and the demo's plays are ensured first. `onProgress` is
 * called after every batch with rows inserted so far and rows in all.
 */
export async function loadDemoData(executor: Executor, dataset: DemoDataset, onProgress?: ProgressCallback): Promise<LoadResult> {
  const steps = plan(dataset);
  const total = steps.reduce((sum, s) => sum + s.rows, 0);
  await executor.transaction(async (tx) => {
    await ensureMilestoneDefinitions(tx);
    await ensureDemoPlays(tx);
    let done = 0;
    onProgress?.(0, total);
    for (const s of steps) {
      for (let from = 0; from < s.rows; from += s.batchSize) {
        const to = Math.min(s.rows, from + s.batchSize);
        try {
          await s.insert(tx, from, to);
        } catch (error) {
          throw new Error(`Loading demo data failed in ${s.table} (rows ${from + 1}-${to}): ${describeError(error)}`, { cause: error });
        }
        done += to - from;
        onProgress?.(done, total);
      }
    }
    // The accounts come with their own history; the items' (tickets, milestones, integrations)
    // follows from their dates.
    await seedHistory(tx);
  });
  return { counts: countDemoRows(dataset), total };
}

/** The driver's own message: drizzle's wraps the whole statement and its thousands of parameters. */
function describeError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** True when no account exists (the server then loads demo data outside production). */
export async function isDatabaseEmpty(executor: Executor): Promise<boolean> {
  const rows = await executor.select({ id: accounts.id }).from(accounts).limit(1);
  return rows.length === 0;
}

/**
 * Removes every account and everything that hangs off one (seats, activity, milestones,
 * integrations, support, NPS, payments, scores, snapshots, interventions). Configuration
 * (milestone definitions, scorecards) stays.
 */
async function clearDemoData(executor: Executor): Promise<void> {
  await executor.execute(sql`truncate table ${accounts} cascade`);
}

export interface SeedOptions {
  accounts: number;
  seed: number;
  /** The end of the generated history. */
  now: Date;
  /** Show a progress bar (on stderr, when it is a terminal). */
  progress: boolean;
  /** Delete existing accounts first, in the same transaction as the load. */
  replace?: boolean;
  /** Accounts generated and inserted at a time (default 1,000: about 85 MB of rows in memory). */
  chunkAccounts?: number;
}

export interface SeedResult extends LoadResult {
  generateMs: number;
  loadMs: number;
}

/**
 * Generates and loads demo data, all in one transaction: what `npm run seed` and the server's
 * first start share. Large demos are generated and inserted a chunk of accounts at a time; the
 * rows are the same as `generateDemoData` with the same options. Does not score: the caller
 * rescores afterwards.
 */
export async function seedDemoData(db: Db | Executor, options: SeedOptions): Promise<SeedResult> {
  const executor: Executor = 'orm' in db ? db.orm : db;
  const bar = options.progress
    ? new SingleBar(
        {
          format: 'Loading demo data |{bar}| {percentage}% | {value}/{total} rows | {duration_formatted}',
          hideCursor: true,
          clearOnComplete: false,
        },
        Presets.shades_classic,
      )
    : null;
  const counts = Object.fromEntries(DEMO_TABLES.map((table) => [table, 0])) as DemoRowCounts;
  let total = 0;
  let generateMs = 0;
  const started = performance.now();
  try {
    await executor.transaction(async (tx) => {
      if (options.replace) await clearDemoData(tx);
      // The plays' firings are drawn with their triggers' settings as configured.
      const plays = await ensureDemoPlays(tx);
      const chunks = generateDemoChunks(
        { seed: options.seed, accounts: options.accounts, now: options.now, plays },
        options.chunkAccounts ?? 1_000,
      );
      let accountsDone = 0;
      for (;;) {
        const generating = performance.now();
        const next = chunks.next();
        generateMs += performance.now() - generating;
        if (next.done) break;
        const chunk = next.value;
        const chunkAccounts = chunk.accounts.length;
        const before = total;
        const result = await loadDemoData(tx, chunk, (done, chunkTotal) => {
          if (!bar) return;
          // Rows to come are estimated from the rows per account so far; exact on the last chunk.
          const estimate = Math.round(((before + chunkTotal) / Math.max(1, accountsDone + chunkAccounts)) * options.accounts);
          const expected = accountsDone + chunkAccounts >= options.accounts ? before + chunkTotal : estimate;
          if (before === 0 && done === 0) bar.start(expected, 0);
          else if (bar.getTotal() !== expected) bar.setTotal(expected);
          bar.update(before + done);
        });
        accountsDone += chunkAccounts;
        total += result.total;
        for (const table of DEMO_TABLES) counts[table] += result.counts[table];
      }
    });
  } finally {
    bar?.stop();
  }
  // Freshly filled tables have no statistics until autovacuum gets to them; the rescore that
  // follows a seed would plan blind.
  await executor.execute(sql`analyze`);
  const elapsed = performance.now() - started;
  return { counts, total, generateMs: Math.round(generateMs), loadMs: Math.round(elapsed - generateMs) };
}
