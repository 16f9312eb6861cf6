import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors';

/** `a,b,c` → a de-duplicated list of the given values; an unknown value is named in the error. */
export const commaList = <T extends string>(values: readonly T[]) =>
  z.string().transform((text, ctx) => {
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

/** An ISO 8601 date-time with its offset, as a Date. */
export const isoDateTime = () =>
  z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-06-15T14:00:00Z' })
    .transform((s) => new Date(s));

/** An opaque keyset cursor: base64url JSON validated by `schema`. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError(400, 'invalid_request', 'cursor: not a cursor of this listing', [
      { field: 'cursor', message: 'not a cursor of this listing' },
    ]);
  }
}

export const idParam = (name: string, example: string) =>
  z.string().min(1).max(128).openapi({ param: { name, in: 'path' }, example });
