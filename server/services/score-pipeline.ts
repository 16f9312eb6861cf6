/**
 * The score pipeline: the one module that turns an accepted change into live events.
 *
 *   accepted event ─┬─ lifecycle change ───────────────────────────────┐
 *                   └─ activity → dirty mark → rescore worker ─┐        │
 *   rescore (full, listed, an intervention's outcome) ─────────┤        │
 *                        scores stored → health events         │        │
 *                        → triggers and alert rules ◄──────────┘        │
 *                        → one append to the event log ◄────────────────┘
 *
 * Whatever a transaction changed is appended to the log once, at its end (one lock, one NOTIFY),
 * and only while real-time updates are switched on: the flag is read here and nowhere else.
 */
import type { AppConfig, Clock } from '../config';
import type { Db, Executor } from '../db/index';
import type { Scorecard } from '../domain/scorecard';
import type { AccountFactors } from '../domain/scoring';
import type { ChurnModel } from '../domain/churn';
import { healthUpdateEvents, type HealthChange } from '../live/builders';
import type { LiveEventInput } from '../live/events';
import { appendLiveEvents } from '../live/log';
import type { Metrics } from '../metrics';
import { evaluateAutomation, loadAutomation, type Automation } from './automation';
import { openBillingIntervention } from './billing';
import { applyInboundEvent, changesLifecycle, type ApplyResult, type InboundEvent } from './ingest';
import { activeChurnModelVersion, loadTrainedModel, scoreWithTrainedModel, type TrainedChurnModel } from './churn-scoring';
import { deriveFactors, deriveFactorsAtInstants, derivedInBatches, scoreAccounts, storeBackfilledSnapshots, storeScores, type ScoredBatch } from './rescore';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/index';
import { activeScorecard } from './scorecards';

/** Accounts scored per statement: bounds the JSON parameter and the transaction. */
const BATCH_SIZE = 2_000;
/** Concurrent batch writes: PGlite serialises them, PostgreSQL spreads them over connections. */
const STORES_IN_FLIGHT = 2;

export interface RescoreResult {
  scorecard_version: number;
  rescored: number;
  changed: HealthChange[];
  duration_ms: number;
}

/**
 * What a rescore of everyone under a newly saved scorecard version, or a newly activated churn
 * model, reports instead of per-account events.
 */
export type Recalibration =
  | { event: 'scorecard_changed'; previous_version: number | null; created_by: string }
  | { event: 'churn_model_changed'; previous_model_version: string | null; created_by: string };

export interface BackfillOptions {
  /** The first step; default: the day of the oldest activity (UTC midnight). */
  from?: Date;
  /** Only the default grid's steps at or after this instant (an import's oldest event). */
  since?: Date;
  /** The last instant; default: now. */
  to?: Date;
  everyDays?: number;
  /** Only these accounts; default: all. */
  accountIds?: readonly string[];
  /** Called after each step with steps done and steps in all. */
  onProgress?(done: number, total: number): void;
  /**
   * Called with the milliseconds the run spent waiting on each stage: a batch's derivation, scoring
   * in Node, a step's snapshot write. Work that overlaps another stage is not counted (bench/history.ts).
   */
  onStage?(stage: BackfillStage, ms: number): void;
}

export type BackfillStage = 'derive' | 'score' | 'store';

export interface BackfillResult {
  from: string;
  to: string;
  every_days: number;
  steps: number;
  snapshots: number;
  scorecard_version: number;
  churn_model_version: string | null;
  duration_ms: number;
}

const DAY = 86_400_000;


export interface ScorePipelineDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  churnModel: ChurnModel;
  metrics: Metrics;
}

/** What a transaction hands the pipeline: accounts to rescore in it, and events of its own change. */
export interface TransactionWork {
  rescore?: readonly string[];
  events?: readonly LiveEventInput[];
}

export class ScorePipeline {
  /** Null when predictive scoring is switched off. Read by the scorecard preview, which scores as the pipeline does. */
  readonly churnModel: ChurnModel | null;
  /** The active trained model last read from the database, kept while its version stays active. */
  private trained: TrainedChurnModel | null = null;

  constructor(private readonly deps: ScorePipelineDeps) {
    this.churnModel = deps.config.features.predictiveScoring ? deps.churnModel : null;
  }

  /**
   * Stores an inbound event. Activity is one statement; it reaches the widgets through the
   * rescore of its account. A lifecycle change commits with its `status_update`, a failed
   * payment with the billing intervention it opens.
   */
  async accept(executor: Executor, deliveryId: string | null, event: InboundEvent): Promise<ApplyResult> {
    const paymentFailed = event.type === 'payment.failed';
    if (!changesLifecycle(event) && !paymentFailed) return { applied: (await applyInboundEvent(executor, deliveryId, event)).applied };
    return executor.transaction(async (tx) => {
      const { applied, events } = await applyInboundEvent(tx, deliveryId, event);
      // A failed payment opens a billing intervention with it; a retried delivery opens nothing.
      const billing = applied && paymentFailed ? await openBillingIntervention(tx, this.deps.config, event.data.account_id, event.data.amount, this.deps.clock()) : [];
      await this.within(tx, { events: [...events, ...billing] });
      return { applied };
    });
  }

  /**
   * Rescores every live account, or the listed ones: one aggregation, scoring in memory, then a
   * transaction per batch that stores the scores and what follows from them. Up to two batches
   * are written at once while the next is scored. The enabled triggers and alert rules are read
   * once for the whole run. A `recalibration` (a new scorecard version or churn model rescoring
   * everyone) is not customer movement: its scores are stored without health events, triggers or
   * alert rules, and one `scorecard_changed` or `churn_model_changed` event says what happened.
   */
  async rescore(accountIds?: readonly string[], recalibration?: Recalibration): Promise<RescoreResult> {
    const started = performance.now();
    const { db, config } = this.deps;
    const now = this.deps.clock();
    const scorecard = await activeScorecard(db.orm);
    const derived = await deriveFactors(db.orm, now, scorecard, accountIds);
    const trained = await this.activeTrainedModel(db.orm);
    const automation = derived.length > 0 && !recalibration ? await loadAutomation(db.orm, config) : null;
    const writes: Array<Promise<HealthChange[]>> = [];
    for (let start = 0; start < derived.length; start += BATCH_SIZE) {
      const batch = await this.score(db.orm, now, derived.slice(start, start + BATCH_SIZE), scorecard, trained);
      const oldest = writes[writes.length - STORES_IN_FLIGHT];
      if (oldest) await oldest;
      const write = db.orm.transaction(async (tx) => {
        const changes = await storeScores(tx, now, scorecard.version, batch);
        if (!recalibration) await this.afterScores(tx, changes, now, automation ?? undefined);
        return changes;
      });
      write.catch(() => {}); // observed by Promise.all below; a failure must not go unhandled meanwhile
      writes.push(write);
    }
    const changed = (await Promise.all(writes)).flat();
    if (recalibration?.event === 'scorecard_changed') {
      const { event: _, ...data } = recalibration;
      await this.append(db.orm, [
        { type: 'scorecard_changed', accountId: null, data: { ...data, scorecard_version: scorecard.version, rescored: derived.length } },
      ]);
    } else if (recalibration?.event === 'churn_model_changed') {
      const { event: _, ...data } = recalibration;
      const version = trained?.version ?? this.churnModel?.version ?? 'off';
      await this.append(db.orm, [
        { type: 'churn_model_changed', accountId: null, data: { ...data, churn_model_version: version, horizon_days: trained?.horizonDays ?? null, rescored: derived.length } },
      ]);
    }
    return this.measured(started, accountIds, { scorecard_version: scorecard.version, rescored: derived.length, changed });
  }

  /**
   * Inside the caller's transaction, for small sets whose change must commit or roll back with
   * their scores (the rescore worker's claim, an intervention's outcome): rescores `work.rescore`,
   * follows what changed, and appends those events and `work.events` in one append.
   */
  async within(tx: Executor, work: TransactionWork): Promise<RescoreResult | null> {
    let result: RescoreResult | null = null;
    const events: LiveEventInput[] = [];
    if (work.rescore && work.rescore.length > 0) {
      const started = performance.now();
      const now = this.deps.clock();
      const scorecard = await activeScorecard(tx);
      const derived = await deriveFactors(tx, now, scorecard, work.rescore);
      const trained = await this.activeTrainedModel(tx);
      const changed: HealthChange[] = [];
      for (let start = 0; start < derived.length; start += BATCH_SIZE) {
        const batch = await this.score(tx, now, derived.slice(start, start + BATCH_SIZE), scorecard, trained);
        changed.push(...(await storeScores(tx, now, scorecard.version, batch)));
      }
      events.push(...(await this.follow(tx, changed, now)));
      result = this.measured(started, work.rescore, { scorecard_version: scorecard.version, rescored: derived.length, changed });
    }
    events.push(...(work.events ?? []));
    await this.append(tx, events);
    return result;
  }

  /**
   * Recomputes the score history: at every step from `from` to `to`, every account's factors as
   * of that instant (derived for several steps per statement), scored with the active scorecard
   * and churn model (the active trained one when there is one, as live rescoring scores, with the
   * account's plan, MRR and traits as of the step) and stored as backfilled snapshots (replacing an earlier backfill's at the same instants, so a
   * second run changes nothing). Steps sit on a grid of `everyDays` from the oldest activity's day,
   * so runs with the same data share their instants. No current score, alert or intervention is
   * touched; one `history_rebuilt` event at the end.
   */
  async backfill(options: BackfillOptions = {}): Promise<BackfillResult> {
    const started = performance.now();
    const { db } = this.deps;
    const everyDays = options.everyDays ?? 7;
    const to = options.to ?? this.deps.clock();
    const oldest = await this.oldestEventDay();
    const requested = options.from ?? oldest ?? to;
    // Nothing is scored before the first event: a `from` of 1970 would run thousands of empty steps.
    const from = oldest && requested < oldest ? oldest : requested;
    const scorecard = await activeScorecard(db.orm);
    const steps: Date[] = [];
    for (let at = from.getTime(); at <= to.getTime(); at += everyDays * DAY) {
      if (!options.since || at >= options.since.getTime()) steps.push(new Date(at));
    }
    // The live pipeline's model: the active trained one, else the hand-set one (null when predictive scoring is off).
    const trained = await this.activeTrainedModel(db.orm);
    // One batch of steps ahead: the database derives the next steps while these are scored and
    // stored.
    const derivations = derivedInBatches(steps, 1, (batch) => deriveFactorsAtInstants(db.orm, batch, scorecard, options.accountIds));
    const timed = async <T>(stage: BackfillStage, work: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      const result = await work();
      options.onStage?.(stage, performance.now() - t0);
      return result;
    };
    // Snapshot writes run while the next batch is scored (up to STORES_IN_FLIGHT at once, as in a
    // rescore); `drain` waits until at most `keep` are still running.
    const writes: Array<Promise<number>> = [];
    let settled = 0;
    let snapshots = 0;
    const drain = async (keep: number) => {
      while (writes.length - settled > keep) snapshots += await timed('store', () => writes[settled++]!);
    };
    let done = 0;
    for (;;) {
      const next = await timed('derive', () => derivations.next());
      if (next.done) break;
      const { instants: batch, derived: derivedSteps } = next.value;
      for (const [i, at] of batch.entries()) {
        const derived = derivedSteps[i]!;
        // A trained model's trend inputs are the scores this run wrote before `at`: they must be in.
        if (trained) await drain(0);
        for (let start = 0; start < derived.length; start += BATCH_SIZE) {
          const scored = await timed('score', () => this.score(db.orm, at, derived.slice(start, start + BATCH_SIZE), scorecard, trained));
          await drain(STORES_IN_FLIGHT - 1);
          const write = storeBackfilledSnapshots(db.orm, at, scorecard.version, scored);
          write.catch(() => {}); // awaited by drain; a failure must not go unhandled meanwhile
          writes.push(write);
        }
        options.onProgress?.(++done, steps.length);
      }
    }
    await drain(0);
    const result = {
      from: from.toISOString(),
      to: to.toISOString(),
      every_days: everyDays,
      steps: steps.length,
      snapshots,
      scorecard_version: scorecard.version,
      churn_model_version: trained?.version ?? this.churnModel?.version ?? null,
    };
    await this.append(db.orm, [
      { type: 'history_rebuilt', accountId: null, data: { ...result, account_ids: options.accountIds ? [...options.accountIds] : null } },
    ]);
    return { ...result, duration_ms: Math.round(performance.now() - started) };
  }

  /**
   * After an import: when events older than the newest snapshot arrived, backfills the accounts
   * they touched from the oldest of them on (the history's grid, its steps replaced). Returns the
   * snapshots written.
   */
  async backfillLateEvents(oldestByAccount: ReadonlyMap<string, number>): Promise<number> {
    if (oldestByAccount.size === 0) return 0;
    const [newest] = await queryRows<{ at: Date | string | null }>(this.deps.db.orm, sql`select max(taken_at) as at from health_snapshots`);
    if (!newest?.at) return 0;
    const newestAt = new Date(newest.at).getTime();
    const late = [...oldestByAccount].filter(([, at]) => at < newestAt);
    if (late.length === 0) return 0;
    const since = new Date(late.reduce((oldest, [, at]) => Math.min(oldest, at), Infinity));
    const result = await this.backfill({ accountIds: late.map(([id]) => id), since });
    return result.snapshots;
  }

  /**
   * UTC midnight of the day of the oldest activity (else of the first account seen); null
   * without any account. Activity, not sign-up: before any activity there is nothing to score,
   * and an account created long before its data (an import, the demo) would show a false slump.
   */
  private async oldestEventDay(): Promise<Date | null> {
    const [row] = await queryRows<{ day: Date | string | null }>(
      this.deps.db.orm,
      sql`select date_trunc('day', coalesce((select min(occurred_at) from activity_events),
            (select min(coalesce(first_seen_at, created_at)) from accounts)) at time zone 'UTC') at time zone 'UTC' as day`,
    );
    return row?.day ? new Date(row.day) : null;
  }

  /**
   * The active trained churn model, read from the database on every rescore so each instance of a
   * cluster follows an activation made anywhere; null while none is active (the hand-set model
   * scores) or predictive scoring is off.
   */
  async activeTrainedModel(executor: Executor): Promise<TrainedChurnModel | null> {
    if (!this.churnModel) return null;
    const active = await activeChurnModelVersion(executor);
    if (!active) return null;
    if (this.trained?.version !== active.version) this.trained = await loadTrainedModel(executor, active.id);
    return this.trained;
  }

  private score(
    executor: Executor,
    now: Date,
    derived: ReadonlyArray<{ accountId: string; factors: AccountFactors }>,
    scorecard: Scorecard,
    trained: TrainedChurnModel | null,
  ): Promise<ScoredBatch> | ScoredBatch {
    return trained ? scoreWithTrainedModel(executor, now, derived, scorecard, trained) : scoreAccounts(derived, scorecard, this.churnModel);
  }

  /** What follows scores stored in `tx`: their health events, then what triggers and alert rules raise, appended at once. */
  async afterScores(tx: Executor, changes: readonly HealthChange[], now: Date, automation?: Automation): Promise<void> {
    await this.append(tx, await this.follow(tx, changes, now, automation));
  }

  private async follow(tx: Executor, changes: readonly HealthChange[], now: Date, automation?: Automation): Promise<LiveEventInput[]> {
    if (changes.length === 0) return [];
    const { config } = this.deps;
    const raised = await evaluateAutomation(tx, { config, now }, changes, automation ?? (await loadAutomation(tx, config)));
    return [...healthUpdateEvents(changes, now), ...raised];
  }

  private async append(tx: Executor, events: readonly LiveEventInput[]): Promise<void> {
    if (this.deps.config.features.realTimeUpdates && events.length > 0) await appendLiveEvents(tx, events);
  }

  private measured(started: number, accountIds: readonly string[] | undefined, result: Omit<RescoreResult, 'duration_ms'>): RescoreResult {
    const seconds = (performance.now() - started) / 1000;
    this.deps.metrics.healthScoreCalculationTime.observe({ calculation_type: accountIds ? 'accounts' : 'full' }, seconds);
    this.deps.metrics.accountsScored.inc(result.rescored);
    return { ...result, duration_ms: Math.round(seconds * 1000) };
  }
}
