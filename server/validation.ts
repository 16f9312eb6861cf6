/**
 * The rules every input obeys wherever it enters (route parameters and bodies, signed webhooks,
 * NDJSON import, cursors): no NUL character in any text (PostgreSQL cannot store one, so it
 * would surface as a 500), dates in ISO 8601 with a four-digit year in [MIN_YEAR, MAX_YEAR],
 * and delivery ids of bounded printable ASCII.
 */
import { z } from 'zod';
import { ApiError } from './errors';

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

/** The path (`a.b.0.c`) of the first string or key holding a NUL character, or undefined. */
export function findNul(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')].join('.');
      const found = findNul(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A 400 naming the first field (under `where` when the input has no field names) that holds a NUL. */
export function rejectNul(value: unknown, where: string): void {
  const field = findNul(value);
  if (field !== undefined) throw ApiError.invalid([{ field: field || where, message: 'must not contain a NUL (\\u0000) character' }]);
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
