/**
 * How list routes read their query: comma lists, date-times, path ids, page sizes, and the one
 * cursor codec of the API. A cursor is opaque to clients (base64url JSON); whatever comes back
 * is checked against the listing's own keyset, so a malformed or forged one is a 400 naming
 * `cursor`, never a query on garbage.
 */
import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors';
import { findUnstorableText, instantText, MAX_YEAR, MIN_YEAR } from '../validation';

/**
 * `a,b,c` → a de-duplicated list of the given values; an unknown value is named in the error.
 * Its documented pattern accepts exactly what the parser does: blanks and empty items around
 * at least one known value (so `priority=` alone is a 400 by the schema too).
 */
export const commaList = <T extends string>(values: readonly T[]) => {
  const value = `(?:${values.join('|')})`;
  return z
    .string()
    .openapi({ pattern: `^(?:\\s*,)*\\s*${value}\\s*(?:,\\s*(?:${value}\\s*)?)*$` })
    .transform((text, ctx) => {
      const list = [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];
      const unknown = list.filter((v) => !values.includes(v as T));
      if (list.length === 0 || unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${unknown.length > 0 ? `unknown ${unknown.join(', ')}; ` : ''}give one or more of ${values.join(', ')}`,
        });
        return z.NEVER;
      }
      return list as T[];
    });
};

/** An ISO 8601 date-time with its offset, as a Date. */
export const isoDateTime = () => instantText.transform((s) => new Date(s));

export const idParam = (name: string, example: string) =>
  z.string().min(1).max(128).openapi({ param: { name, in: 'path' }, example });

/** Interventions and alerts have uuid ids: any other id names nothing (404), rather than a query error. */
export const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** `limit`: rows per page. */
export const pageSize = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const NOT_A_CURSOR = 'not a cursor of this listing';

export const encodeCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

function decode<T>(cursor: string, keyset: z.ZodType<T>): T | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A key is compared with stored text: one holding a NUL would fail in the database.
    if (findUnstorableText(key) !== undefined) return undefined;
    const parsed = keyset.safeParse(key);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A cursor whose keyset depends on another parameter (a sort): decoded by the route, 400 when it does not fit. */
export function decodeCursor<T>(cursor: string, keyset: z.ZodType<T>): T {
  const key = decode(cursor, keyset);
  if (key === undefined) throw ApiError.invalid([{ field: 'cursor', message: NOT_A_CURSOR }]);
  return key;
}

/** The `cursor` query parameter of a listing with a fixed keyset, decoded as it is validated. */
export const cursorParam = <T>(keyset: z.ZodType<T>) =>
  z
    .string()
    .max(2048)
    .transform((cursor, ctx) => {
      const key = decode(cursor, keyset);
      if (key === undefined) {
        ctx.addIssue({ code: 'custom', message: NOT_A_CURSOR });
        return z.NEVER;
      }
      return key;
    })
    .optional()
    .openapi({ type: 'string', description: 'next_cursor of the previous page' });

const EARLIEST = Date.UTC(MIN_YEAR, 0, 1);
const LATEST = Date.UTC(MAX_YEAR + 1, 0, 1);
const END_OF_TIME = 8.64e15;

/** The keyset of a listing ordered by a time and then a uuid: `{ t, id }`. */
export const timeKeyset = z.object({
  t: z.string().transform((text, ctx) => {
    const at = new Date(text);
    // Keys come from stored times (years MIN_YEAR-MAX_YEAR) or the end of time (JavaScript's latest date).
    const time = at.getTime();
    if (!(time >= EARLIEST && (time < LATEST || time === END_OF_TIME))) {
      ctx.addIssue({ code: 'custom', message: 'not a time' });
      return z.NEVER;
    }
    return at;
  }),
  id: z.guid(),
});

/** `next_cursor`: where the next page of a time-ordered listing starts, or null on the last page. */
export const encodeTimeCursor = (next: { t: Date; id: string } | null): string | null =>
  next && encodeCursor({ t: next.t.toISOString(), id: next.id });
