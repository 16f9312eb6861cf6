/**
 * Training examples for the churn model from the account's own history: at every snapshot instant,
 * every account live then, its features as of that instant (one set-based derivation per instant
 * for all accounts, a few instants at a time) and whether it churned within the horizon after it. Only instants whose
 * horizon has closed are examples, and nothing dated after an instant reaches its features.
 */
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import { logisticChurnModel } from '../domain/churn';
import { churnExample, type AccountStateAt, type ScoredFactors, type TrendPoint, type TrendWindow } from '../domain/churn-features';
import { recordedTrends, stateAt, trendsOf, type RecordedTrends } from './churn-scoring';
import type { RawExample } from '../domain/ml/encoding';
import { selectRows, splitByGroup, type ExampleSlice } from '../domain/ml/split';
import type { Baseline, ChurnTrainingData } from '../domain/ml/train-churn-model';
import { scoreAccount, type AccountFactors } from '../domain/scoring';
import type { Scorecard } from '../domain/scorecard';
import { accountStateAsOf } from './history';
import { deriveFactorsAtInstants, derivedInBatches } from './rescore';

const DAY = 86_400_000;

export interface ExampleOptions {
  /** The end of the history: windows must close by it. */
  readonly now: Date;
  readonly horizonDays: number;
  readonly snapshotEveryDays: number;
  readonly historyDays: number;
  /** Called after each instant's derivation with instants done and instants in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ChurnExampleRow {
  readonly accountId: string;
  /** The snapshot instant, epoch ms. */
  readonly at: number;
  readonly example: RawExample;
  /** 1 = churned in (at, at + horizon]. */
  readonly label: 0 | 1;
  /** The baselines' scores of the same account at the same instant. */
  readonly baselines: { readonly healthRisk: number; readonly handSet: number; readonly lastLoginDays: number };
}

/** Days since the last login for an account nobody ever logged into: ranks it with the longest absences. */
const NEVER_LOGGED_IN_DAYS = 100_000;

const handSetModel = logisticChurnModel();

/**
 * The instants, oldest first: every `snapshotEveryDays` back over `historyDays` from the latest one
 * whose window (t, t + horizon] has closed, `now` − horizon, so every outcome up to `now` is some
 * example's label (a table exported today dates its churns in the last weeks).
 */
export function snapshotInstants(options: Omit<ExampleOptions, 'onProgress'>): number[] {
  const end = options.now.getTime();
  const instants: number[] = [];
  for (let at = end - options.horizonDays * DAY; at >= end - options.historyDays * DAY; at -= options.snapshotEveryDays * DAY) instants.push(at);
  return instants.reverse();
}

/**
 * Builds every example of the training period (oldest instant first). Trends start from the
 * account's recorded snapshots a window before the instant, read as scoring reads them. Eight
 * instants are derived per statement (as the backfill does), reading the history and login ranges
 * once per batch instead of once per instant, and the next two batches are derived while this
 * thread turns one into examples (on PostgreSQL by two backends, on both cores).
 */
export async function buildChurnExamples(executor: Executor, scorecard: Scorecard, options: ExampleOptions): Promise<ChurnExampleRow[]> {
  const instants = snapshotInstants(options).map((at) => new Date(at));
  const derivations = derivedInBatches(instants, 2, async (batch) => {
    // PGlite answers in process without giving the event loop a turn: let requests in between batches.
    await yieldToRequests();
    return Promise.all([
      deriveFactorsAtInstants(executor, batch, scorecard),
      Promise.all(batch.map((at) => statesAt(executor, at, options.horizonDays))),
    ]);
  });
  const byBatch: ChurnExampleRow[][] = [];
  let done = 0;
  for await (const { instants: batch, derived: [derived, states] } of derivations) {
    byBatch.push(batch.flatMap((at, k) => examplesAt(scorecard, at.getTime(), derived[k]!, states[k]!)));
    done += batch.length;
    options.onProgress?.(done, instants.length);
  }
  return byBatch.flat();
}

/** One instant's examples: every account live at `at`, with its label and its baselines' scores. */
function examplesAt(
  scorecard: Scorecard,
  at: number,
  derived: ReadonlyArray<{ accountId: string; factors: AccountFactors }>,
  states: Awaited<ReturnType<typeof statesAt>>,
): ChurnExampleRow[] {
  const scored = new Map<string, ScoredFactors>();
  for (const { accountId, factors } of derived) scored.set(accountId, { factors, health: scoreAccount(factors, scorecard, handSetModel) });
  const rows: ChurnExampleRow[] = [];
  for (const { accountId, state, trends, churned } of states) {
    const now = scored.get(accountId);
    if (!now) continue;
    rows.push({
      accountId,
      at,
      example: churnExample(now, trends, state),
      label: churned ? 1 : 0,
      baselines: {
        healthRisk: 100 - now.health.overall_score,
        handSet: now.health.churn_probability ?? 0,
        lastLoginDays: now.factors.lastLoginDays ?? NEVER_LOGGED_IN_DAYS,
      },
    });
  }
  return rows;
}

/**
 * Each account live at `at`: its own state as its history had it then (`accountStateAsOf`, the rule
 * the factor derivation and scoring follow), its recorded trend points, and whether it churned in
 * (at, at + horizon].
 */
async function statesAt(
  executor: Executor,
  at: Date,
  horizonDays: number,
): Promise<Array<{ accountId: string; state: AccountStateAt; trends: Record<TrendWindow, TrendPoint | null>; churned: boolean }>> {
  const iso = at.toISOString();
  const rows = await queryRows<{ account_id: string; state: Record<string, unknown> | null; churned: boolean } & RecordedTrends>(
    executor,
    sql`
    select a.id as account_id, ${accountStateAsOf('a', at)} as state,
           coalesce(a.churned_at <= ${iso}::timestamptz + make_interval(days => ${horizonDays}::int), false) as churned,
           ${recordedTrends(sql`a.id`, at)}
    from accounts a
    where (a.churned_at is null or a.churned_at > ${iso}::timestamptz)
      and (a.first_seen_at is null or a.first_seen_at <= ${iso}::timestamptz)`,
  );
  return rows.map((row) => ({ accountId: row.account_id, churned: row.churned, trends: trendsOf(row), state: stateAt(row.state) }));
}

export interface SliceOptions {
  readonly horizonDays: number;
  readonly seed: number;
}

/**
 * How the test examples were held back: "out_of_time", the latest instants; "accounts", a fifth of
 * the accounts at every instant, when the history has too few churn outcomes before its latest
 * windows to learn from (a table exported today, its churns dated in the last weeks).
 */
export type Holdout = 'out_of_time' | 'accounts';

/** Fewer churn outcomes than this to learn from out of time, and the accounts are held out instead. */
const MIN_FIT_CHURNERS = 30;

export interface ExampleSlices extends Omit<ChurnTrainingData, 'features'> {
  readonly holdout: Holdout;
  readonly testRows: ChurnExampleRow[];
}

/**
 * Cuts the examples by time. Test: the latest instants that hold a quarter of the churn outcomes
 * (at least one instant). Everything the model learns from sits a whole horizon before the first
 * test instant, so no training label was observed inside the test period. Of that, the latest
 * instants holding a fifth of its churn outcomes calibrate, and the rest is split by account into
 * training (80 %) and validation (20 %). Cutting by outcomes rather than by instants keeps churners
 * to learn from when churn is recent (a young history, a growing base).
 *
 * Instants before the first whose window holds a churn outcome are left out: churn was not being
 * recorded then (a table imported today, a feed that began sending churns later), and examples
 * that are all "stayed" would teach the model when an instant is, not who leaves.
 *
 * When that leaves fewer than 30 churn outcomes to learn from, the history has no time to validate
 * across, and accounts are held out instead: 60 % train, 10 % validate, 10 % calibrate and 20 % are
 * the test, each account with all its instants in one part. The run says so (`holdout`).
 */
export function sliceExamples(recorded: readonly ChurnExampleRow[], options: SliceOptions): ExampleSlices {
  const churnAt = new Map<number, number>();
  for (const row of recorded) churnAt.set(row.at, (churnAt.get(row.at) ?? 0) + row.label);
  const recordedInstants = [...churnAt.keys()].sort((a, b) => a - b);
  const firstOutcome = recordedInstants.find((at) => churnAt.get(at)! > 0) ?? -Infinity;
  const instants = recordedInstants.filter((at) => at >= firstOutcome);
  const rows = recorded.filter((row) => row.at >= firstOutcome);
  const testFrom = latestHolding(instants, churnAt, 0.25);
  const fitInstants = instants.filter((at) => at + options.horizonDays * DAY <= testFrom);
  const calibrationFrom = fitInstants.length > 0 ? latestHolding(fitInstants, churnAt, 0.2) : testFrom;
  const all = toSlice(rows);
  const pick = (keep: (row: ChurnExampleRow) => boolean) => rows.flatMap((row, i) => (keep(row) ? [i] : []));
  const fitIndices = pick((row) => row.at < calibrationFrom && row.at + options.horizonDays * DAY <= testFrom);
  const fitChurners = fitIndices.reduce((sum, i) => sum + rows[i]!.label, 0);
  if (fitChurners < MIN_FIT_CHURNERS) {
    const [train, validation, calibration, test] = splitByGroup(all.groups, [0.6, 0.1, 0.1, 0.2], options.seed);
    return slices('accounts', rows, all, { train: train!, validation: validation!, calibration: calibration!, test: test! });
  }
  const [train, validation] = splitByGroup(
    fitIndices.map((i) => all.groups[i]!),
    [0.8, 0.2],
    options.seed,
  ).map((part) => part.map((k) => fitIndices[k]!));
  return slices('out_of_time', rows, all, {
    train: train!,
    validation: validation!,
    calibration: pick((row) => row.at >= calibrationFrom && row.at + options.horizonDays * DAY <= testFrom),
    test: pick((row) => row.at >= testFrom),
  });
}

/** The slices of `all` at the given rows, with the test rows' baseline scores. */
function slices(
  holdout: Holdout,
  rows: readonly ChurnExampleRow[],
  all: ExampleSlice,
  parts: { train: number[]; validation: number[]; calibration: number[]; test: number[] },
): ExampleSlices {
  const testRows = parts.test.map((i) => rows[i]!);
  const baselines: Baseline[] = [
    { name: 'health_score', kind: 'ranking', scores: testRows.map((row) => row.baselines.healthRisk) },
    { name: 'logistic-v1', kind: 'probability', scores: testRows.map((row) => row.baselines.handSet) },
    { name: 'days_since_login', kind: 'ranking', scores: testRows.map((row) => row.baselines.lastLoginDays) },
  ];
  return {
    holdout,
    train: selectRows(all, parts.train),
    validation: selectRows(all, parts.validation),
    calibration: selectRows(all, parts.calibration),
    test: selectRows(all, parts.test),
    baselines,
    testRows,
  };
}

/** The first of the latest instants (at least one) that together hold `share` of the churn outcomes. */
function latestHolding(instants: readonly number[], churnAt: ReadonlyMap<number, number>, share: number): number {
  const total = instants.reduce((sum, at) => sum + churnAt.get(at)!, 0);
  let held = 0;
  for (let i = instants.length - 1; i > 0; i--) {
    held += churnAt.get(instants[i]!)!;
    if (held >= share * total) return instants[i]!;
  }
  return instants[0]!;
}

function toSlice(rows: readonly ChurnExampleRow[]): ExampleSlice {
  return {
    examples: rows.map((row) => row.example),
    labels: Uint8Array.from(rows, (row) => row.label),
    groups: rows.map((row) => row.accountId),
  };
}
