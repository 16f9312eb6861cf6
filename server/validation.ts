/**
 * The rules every input obeys wherever it enters (route parameters and bodies, signed webhooks,
 * NDJSON import, cursors): text is storable, that is without a NUL character and without an
 * unpaired UTF-16 surrogate (PostgreSQL takes neither, in text or JSON, so either would surface
 * as a 500), dates in ISO 8601 with a four-digit year in [MIN_YEAR, MAX_YEAR],
 * and delivery ids of bounded printable ASCII.
 */
import { z } from 'zod';
import { ApiError } from './errors';

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

/** The path (`a.b.0.c`) of the first string or key holding a NUL or an unpaired surrogate, or undefined. */
export function findUnstorableText(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path.join('.') : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return [...path, JSON.stringify(key).slice(1, -1)].join('.');
      const found = findUnstorableText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A 400 naming the first field (`where` when the input has no field names) whose text cannot be stored. */
export function rejectUnstorableText(value: unknown, where: string): void {
  const field = findUnstorableText(value);
  if (field !== undefined) throw ApiError.invalid([{ field: field || where, message: 'must not contain a NUL (\\u0000) character or an unpaired surrogate' }]);
}

const yearInRange = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const YEAR_MESSAGE = `the year must be ${MIN_YEAR}-${MAX_YEAR}`;

/** An instant: ISO 8601 date-time with an offset (`2026-06-15T14:00:00Z`), year in range; kept as text. */
export const instantText = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-06-15T14:00:00Z', abort: true })
  .refine(yearInRange, YEAR_MESSAGE);

/** A calendar day: ISO 8601 `YYYY-MM-DD`, year in range; kept as text. */
export const dayText = z.iso.date({ message: 'must be an ISO 8601 date, e.g. 2027-03-31', abort: true }).refine(yearInRange, YEAR_MESSAGE);

/** A delivery id (`webhook-id`, an import line's `id`): 1-256 printable ASCII characters. */
export const deliveryId = z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be 1-256 printable ASCII characters');
