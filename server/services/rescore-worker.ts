import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index';
import type { Metrics } from '../metrics';
import type { ScorePipeline } from './score-pipeline';

export interface RescoreWorkerOptions {
  /** Accounts claimed (with all their dirty marks) per transaction. */
  batchSize?: number;
  /** How often to look for dirty accounts without a wake-up (marks made by other instances). */
  pollMs?: number;
  /**
   * After a round, rest this many times as long as the round took before the next one (capped
   * at 500 ms). Under a stream of events the worker then takes at most half the database's
   * time instead of rescoring busy accounts back to back; a small round rests a few
   * milliseconds, so a lone event still reaches the widgets at once.
   */
  restFactor?: number;
}

export interface RescoreWorker {
  /** Polls from now on, and answers wake-ups. */
  start(): void;
  /** Asks for a drain soon: called after an event commits on this instance (ignored until started). */
  wake(): void;
  /** Rescores every dirty account now; resolves when none is left. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export interface RescoreWorkerDeps {
  db: Db;
  pipeline: ScorePipeline;
  metrics: Metrics;
}

/** Two-key advisory lock space: (this key, hashtext(account id)) is held by whoever rescores that account. */
export const RESCORE_CLAIM_LOCK_KEY = 72_830_004;

/**
 * Rescores accounts that events marked dirty. A round claims the oldest dirty accounts whose
 * claim lock it can take (an instance already rescoring one keeps it), and deletes all their
 * marks in the transaction that stores the new scores: several instances share the work without
 * rescoring one account twice at once, and a crash gives the claim back. Marks of transactions
 * still open are invisible here and wait for the next round, so none is lost.
 */
export function createRescoreWorker(deps: RescoreWorkerDeps, options: RescoreWorkerOptions = {}): RescoreWorker {
  const batchSize = options.batchSize ?? 5000;
  const restFactor = options.restFactor ?? 1;
  let restUntil = 0;
  let running: Promise<number> | null = null;
  let again = false;
  // Wake-ups and polls drain only between start and stop.
  let started = false;
  let stopped = false;
  let poll: NodeJS.Timeout | undefined;

  const claimAndRescore = () =>
    deps.db.orm.transaction(async (tx) => {
      // The limit applies before the locks are tried (no filter goes below a LIMIT), and each lock
      // is tried once per account (materialized). `waited`: how long each mark has waited until
      // its claim, on the database's clock (the one that stamped it).
      const claimed = await queryRows<{ account_id: string; waited: number }>(
        tx,
        sql`with oldest as (
              select account_id from dirty_accounts group by account_id order by min(id) limit ${batchSize}
            ),
            mine as materialized (
              select account_id from oldest where pg_try_advisory_xact_lock(${RESCORE_CLAIM_LOCK_KEY}, hashtext(account_id))
            )
            delete from dirty_accounts d using mine where d.account_id = mine.account_id
            returning d.account_id, extract(epoch from clock_timestamp() - d.marked_at)::float8 as waited`,
      );
      // From here the rescore's own time is added: `waited` already covers the claim.
      const claimedAt = performance.now();
      const waited = new Map<string, number>();
      for (const { account_id, waited: seconds } of claimed) waited.set(account_id, Math.max(seconds, waited.get(account_id) ?? 0));
      if (waited.size > 0) await deps.pipeline.within(tx, { rescore: [...waited.keys()] });
      return { waited, claimedAt };
    });

  const drain = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          const wait = restUntil - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const started = performance.now();
          let claimed: number;
          do {
            const { waited, claimedAt } = await claimAndRescore();
            // Committed: the wait of each account's oldest mark, plus the rescore.
            const rescoring = (performance.now() - claimedAt) / 1000;
            for (const seconds of waited.values()) deps.metrics.rescoreLag.observe(seconds + rescoring);
            claimed = waited.size;
            total += claimed;
          } while (claimed === batchSize && !stopped);
          const took = performance.now() - started;
          restUntil = performance.now() + Math.min(500, took * restFactor);
        } while (again && !stopped);
      } catch (error) {
        // The claim rolled back: the marks stay and the next round retries them.
        console.error('rescore worker: batch failed', error);
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };

  // Coalesces a burst of wake-ups into one drain that starts right after the current one.
  let scheduled = false;
  const wake = () => {
    if (scheduled || !started || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void drain();
    });
  };
  return {
    start: () => {
      if (started) return;
      started = true;
      poll = setInterval(() => void drain(), options.pollMs ?? 1000).unref();
    },
    wake,
    drain,
    stop: async () => {
      stopped = true;
      clearInterval(poll);
      await running;
    },
  };
}
