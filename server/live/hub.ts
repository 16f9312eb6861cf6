/**
 * Fan-out of the live event log to this instance's server-sent-event streams. Every instance
 * LISTENs for the newest id and reads the log itself, so an event committed by any instance
 * reaches every subscriber; a poll covers notifications lost while the listen connection was
 * down. Each event is serialised once; each subscriber gets the events of a page it may see in
 * one write, the same bytes as every subscriber of its selection.
 */
import type { Db } from '../db/index';
import type { Metrics } from '../metrics';
import type { Principal } from '../principal';
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
  /** The longest a stream goes without bytes: idle streams get a comment heartbeat so proxies keep them open. */
  heartbeatMs?: number;
  /** Where the number of open streams is reported. */
  metrics?: Pick<Metrics, 'liveSubscribers'>;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(':\n\n');

/** The SSE frame of an event; its data is the event's own JSON. */
function sseFrame(event: Pick<LiveEvent, 'id' | 'type' | 'data'>): Uint8Array {
  return encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/** Whether a subscriber may and wants to see an event: a member only its own account's. */
function visibleTo(subscriber: Pick<Subscriber, 'principal' | 'filter'>, event: Pick<LiveEvent, 'type' | 'accountId'>): boolean {
  const { principal, filter } = subscriber;
  if (principal.role === 'member' && event.accountId !== principal.accountId) return false;
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.accountIds && (event.accountId === null || !filter.accountIds.has(event.accountId))) return false;
  return true;
}

/** Subscribers of one selection see the same events of any page, so they get the same bytes. */
function selectionOf({ principal, filter }: Pick<Subscriber, 'principal' | 'filter'>): string {
  return JSON.stringify([
    principal.role === 'member' ? ['member', principal.accountId] : null,
    filter.types && [...filter.types].sort(),
    filter.accountIds && [...filter.accountIds].sort(),
  ]);
}

/** The frames of the events a subscriber sees, as one chunk (one write), or null if none. */
function framesFor(subscriber: Pick<Subscriber, 'principal' | 'filter'>, events: readonly LiveEvent[], frameOf: (index: number) => Uint8Array): Uint8Array | null {
  const frames: Uint8Array[] = [];
  events.forEach((event, i) => visibleTo(subscriber, event) && frames.push(frameOf(i)));
  return frames.length <= 1 ? (frames[0] ?? null) : Buffer.concat(frames);
}

interface Entry {
  subscriber: Subscriber;
  selection: string;
  /** When the stream was last written to (`performance.now()`). */
  wroteAt: number;
  /** Chunks that arrived while the subscriber was replaying history; null once it is live. */
  pending: Uint8Array[] | null;
}

/** `reset`: the requested id is no longer kept (or never was); the client must refetch. */
interface AttachResult {
  reset: boolean;
  detach: () => void;
}

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
  private readonly metrics: HubOptions['metrics'];

  constructor(
    private readonly db: Db,
    options: HubOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.pageSize = options.pageSize ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.metrics = options.metrics;
  }

  get subscriberCount(): number {
    return this.entries.size;
  }

  /** Starts from the newest event: streams opened later replay older ones themselves. */
  async start(): Promise<void> {
    this.lastSeen = (await liveLogBounds(this.db.orm)).newest;
    this.unlisten = await this.db.listen(LIVE_CHANNEL, () => this.pump(), () => this.pump());
    this.timers.push(setInterval(() => this.pump(), this.pollMs).unref());
    // Checked three times per interval, so a stream idle for two thirds of it gets a heartbeat
    // before the interval is up. Streams that events keep busy get none: at 10,000 streams a
    // heartbeat to all is a fan-out of its own, which delayed whatever event it met.
    const check = this.heartbeatMs / 3;
    this.timers.push(
      setInterval(() => {
        const now = performance.now();
        for (const entry of this.entries) {
          if (now - entry.wroteAt < this.heartbeatMs - check) continue;
          entry.subscriber.write(HEARTBEAT);
          entry.wroteAt = now;
        }
      }, check).unref(),
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
    // The stream's own opening bytes count as its last write.
    const entry: Entry = { subscriber, selection: selectionOf(subscriber), wroteAt: performance.now(), pending: lastEventId === null ? null : [] };
    // Joined and bounded in one synchronous step: events after `upTo` reach `pending`.
    this.entries.add(entry);
    this.metrics?.liveSubscribers.inc();
    const upTo = this.lastSeen;
    const detach = () => {
      if (this.entries.delete(entry)) this.metrics?.liveSubscribers.dec();
    };
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
      const missed = page.filter((event) => event.id <= upTo);
      const chunk = framesFor(subscriber, missed, (i) => sseFrame(missed[i]!));
      if (chunk) subscriber.write(chunk);
      if (missed.length < page.length || page.length < this.pageSize) break;
      after = missed.at(-1)!.id;
    }
    for (const chunk of entry.pending ?? []) subscriber.write(chunk);
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

  /**
   * Synchronous, so no stream attaches halfway through a page. Each subscriber gets the page's
   * frames it sees in one write: a rescore that changes many accounts at once is one write per
   * stream, not one per event and stream. Frames and chunks are built once and shared.
   */
  private dispatch(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    const frames: Uint8Array[] = [];
    const frameOf = (i: number) => (frames[i] ??= sseFrame(events[i]!));
    const chunks = new Map<string, Uint8Array | null>();
    const now = performance.now();
    for (const entry of this.entries) {
      let chunk = chunks.get(entry.selection);
      if (chunk === undefined) chunks.set(entry.selection, (chunk = framesFor(entry.subscriber, events, frameOf)));
      if (chunk === null) continue;
      entry.wroteAt = now;
      if (entry.pending) entry.pending.push(chunk);
      else entry.subscriber.write(chunk);
    }
    this.lastSeen = events.at(-1)!.id;
  }
}
