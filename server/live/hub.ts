/**
 * Fan-out of the live event log to this instance's server-sent-event streams. Every instance
 * LISTENs for the newest id and reads the log itself, so an event committed by any instance
 * reaches every subscriber; a poll covers notifications lost while the listen connection was
 * down. Each event is serialised once and the same bytes are written to every subscriber.
 */
import type { Principal } from '../auth';
import type { Db } from '../db/index';
import type { LiveEvent, LiveEventType } from './events';
import { LIVE_CHANNEL, liveLogBounds, readLiveEvents } from './log';

export interface SubscriberFilter {
  types: ReadonlySet<LiveEventType> | null;
  accountIds: ReadonlySet<string> | null;
}

/** One open stream. `write` gets whole SSE frames. */
export interface Subscriber {
  readonly principal: Pick<Principal, 'role' | 'accountId'>;
  readonly filter: SubscriberFilter;
  write(frame: Uint8Array): void;
}

export interface HubOptions {
  /** How often to read the log even without a notification. */
  pollMs?: number;
  /** Events read per query. */
  pageSize?: number;
  /** Interval of the comment heartbeat that keeps proxies from closing idle streams. */
  heartbeatMs?: number;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(':\n\n');

/** The SSE frame of an event; its data is the event's own JSON. */
export function sseFrame(event: Pick<LiveEvent, 'id' | 'type' | 'data'>): Uint8Array {
  return encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/** Whether a subscriber may and wants to see an event: a member only its own account's. */
export function visibleTo(subscriber: Pick<Subscriber, 'principal' | 'filter'>, event: Pick<LiveEvent, 'type' | 'accountId'>): boolean {
  const { principal, filter } = subscriber;
  if (principal.role === 'member' && event.accountId !== principal.accountId) return false;
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.accountIds && (event.accountId === null || !filter.accountIds.has(event.accountId))) return false;
  return true;
}

interface Entry {
  subscriber: Subscriber;
  /** Frames that arrived while the subscriber was replaying history; null once it is live. */
  pending: Uint8Array[] | null;
}

export type AttachResult = { reset: false; detach: () => void } | { reset: true; detach: () => void };

export class LiveHub {
  private readonly entries = new Set<Entry>();
  private lastSeen = 0;
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private readonly pollMs: number;
  private readonly pageSize: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly db: Db,
    options: HubOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.pageSize = options.pageSize ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  get subscriberCount(): number {
    return this.entries.size;
  }

  /** Starts from the newest event: streams opened later replay older ones themselves. */
  async start(): Promise<void> {
    this.lastSeen = (await liveLogBounds(this.db.orm)).newest;
    this.unlisten = await this.db.listen(LIVE_CHANNEL, () => this.pump(), () => this.pump());
    this.timers.push(setInterval(() => this.pump(), this.pollMs).unref());
    this.timers.push(
      setInterval(() => {
        for (const entry of this.entries) entry.subscriber.write(HEARTBEAT);
      }, this.heartbeatMs).unref(),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.unlisten?.();
    this.unlisten = null;
    await this.pumping;
  }

  /**
   * Adds a stream. With `lastEventId` it first replays what the stream missed, then goes live
   * with nothing missed and nothing twice; an id the log no longer holds (or never held)
   * answers `reset`, so the client refetches instead of silently missing data.
   */
  async attach(subscriber: Subscriber, lastEventId: number | null): Promise<AttachResult> {
    const entry: Entry = { subscriber, pending: lastEventId === null ? null : [] };
    // Joined and bounded in one synchronous step: events after `upTo` reach `pending`.
    this.entries.add(entry);
    const upTo = this.lastSeen;
    const detach = () => void this.entries.delete(entry);
    if (lastEventId === null) return { reset: false, detach };

    const { oldest, newest } = await liveLogBounds(this.db.orm);
    if (lastEventId > Math.max(newest, upTo) || (oldest !== null && lastEventId < oldest - 1)) {
      entry.pending = null;
      return { reset: true, detach };
    }
    let after = lastEventId;
    while (after < upTo) {
      const page = await readLiveEvents(this.db.orm, after, this.pageSize);
      if (page.length === 0) break;
      for (const event of page) {
        if (event.id > upTo) break;
        if (visibleTo(subscriber, event)) subscriber.write(sseFrame(event));
        after = event.id;
      }
      if (page.length < this.pageSize) break;
    }
    for (const frame of entry.pending ?? []) subscriber.write(frame);
    entry.pending = null;
    return { reset: false, detach };
  }

  /** Reads and dispatches everything after `lastSeen`; concurrent calls coalesce into one more round. */
  pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false;
          let page: LiveEvent[];
          do {
            page = await readLiveEvents(this.db.orm, this.lastSeen, this.pageSize);
            this.dispatch(page);
          } while (page.length === this.pageSize);
        } while (this.pumpAgain);
      } catch (error) {
        // The next notification or poll retries from lastSeen; nothing is skipped.
        console.error('live hub: reading the event log failed', error);
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /** Synchronous, so no stream attaches halfway through a page. */
  private dispatch(events: readonly LiveEvent[]): void {
    for (const event of events) {
      let frame: Uint8Array | null = null;
      for (const entry of this.entries) {
        if (!visibleTo(entry.subscriber, event)) continue;
        frame ??= sseFrame(event);
        if (entry.pending) entry.pending.push(frame);
        else entry.subscriber.write(frame);
      }
      this.lastSeen = event.id;
    }
  }
}
