import type { Executor } from '../db/index';
import { ApiError } from '../errors';
import type { LiveEventInput } from '../live/events';
import { deliveryId } from '../validation';
import { applyInboundEvent, parseInboundEvent } from './ingest';
import type { ScorePipeline } from './score-pipeline';

export interface ImportSummary {
  lines: number;
  accepted: number;
  /** Lines whose `id` was applied before (by a webhook or an earlier import). */
  duplicates: number;
  rejected: number;
  /** The first rejected lines, each with its 1-based line number and what was wrong. */
  errors: Array<{ line: number; message: string }>;
}

const BATCH_LINES = 500;
const MAX_REPORTED_ERRORS = 100;
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Backfills NDJSON events, the same shapes webhooks carry plus an optional `id` (the delivery
 * id, so a re-import changes nothing). Each batch of lines commits in one transaction with the
 * live events of its lifecycle changes; a bad line is rejected alone (its savepoint rolls back)
 * and reported, and the rest is applied.
 */
export async function importEvents(
  transaction: <T>(work: (tx: Executor) => Promise<T>) => Promise<T>,
  pipeline: ScorePipeline,
  lines: AsyncIterable<string>,
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, errors: [] };
  /** The oldest event applied per account: what the score history may have missed. */
  const oldest = new Map<string, number>();
  const reject = (line: number, message: string) => {
    summary.rejected += 1;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ line, message });
  };
  let batch: Array<{ line: number; text: string }> = [];
  const flush = async () => {
    const current = batch;
    batch = [];
    await transaction(async (tx) => {
      const events: LiveEventInput[] = [];
      for (const { line, text } of current) {
        let parsed: { id: string | null; event: ReturnType<typeof parseInboundEvent> };
        try {
          parsed = parseLine(text);
        } catch (error) {
          reject(line, (error as Error).message);
          continue;
        }
        try {
          const result = await tx.transaction((savepoint) => applyInboundEvent(savepoint, parsed.id, parsed.event));
          events.push(...result.events);
          if (result.applied) {
            summary.accepted += 1;
            const at = Date.parse(parsed.event.timestamp);
            const id = parsed.event.data.account_id;
            oldest.set(id, Math.min(at, oldest.get(id) ?? at));
          }
          else summary.duplicates += 1;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          reject(line, error.message);
        }
      }
      await pipeline.within(tx, { events });
    });
  };
  for await (const text of lines) {
    summary.lines += 1;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE_BYTES) {
      reject(summary.lines, `line is longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    batch.push({ line: summary.lines, text });
    if (batch.length >= BATCH_LINES) await flush();
  }
  if (batch.length > 0) await flush();
  // Events older than the newest snapshot: the score history they change is recomputed.
  await pipeline.backfillLateEvents(oldest);
  return summary;
}

function parseLine(text: string) {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  const { id, ...event } = (body ?? {}) as { id?: unknown };
  if (id !== undefined && !deliveryId.safeParse(id).success) throw new Error('id: must be 1-256 printable ASCII characters');
  return { id: (id as string | undefined) ?? null, event: parseInboundEvent(event) };
}

/**
 * Splits a byte stream into lines without holding more than one line in memory: a line longer
 * than `maxLine` is yielded cut at `maxLine + 1` characters (for the caller to reject) and the
 * rest of it is dropped as it streams, never buffered.
 */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>, maxLine = MAX_LINE_BYTES): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  let skipping = false;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      if (!skipping) yield buffered.slice(0, newline).replace(/\r$/, '');
      skipping = false;
      buffered = buffered.slice(newline + 1);
    }
    if (buffered.length > maxLine) {
      if (!skipping) yield buffered.slice(0, maxLine + 1);
      skipping = true;
      buffered = '';
    }
  }
  buffered += decoder.decode();
  if (buffered !== '' && !skipping) yield buffered;
}
