/**
 * `?format=csv|xlsx` on a listing route: the parameter, its documented 200 content types and the
 * streamed attachment answer. The route keeps its own filters, sort and scope; it hands over how
 * to fetch a page after a key, and gets the whole listing as a file.
 */
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { EXPORT_CONTENT_TYPES, exportStream, keysetPages, type ExportColumn, type ExportFormat } from '../services/export';

export const formatParam = z
  .enum(['json', 'csv', 'xlsx'])
  .default('json')
  .openapi({
    description:
      'json: a page. csv or xlsx: every row the filters keep, in the same order, as a downloaded file (streamed); `limit` and `cursor` page the JSON only',
  });

/** The file types a listing's 200 answer may also have, for its `content`. */
export const exportContent = {
  'text/csv': { schema: z.string().openapi({ description: 'RFC 4180 with a header row of column names, UTF-8 with a BOM' }) },
  [EXPORT_CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary', description: 'One worksheet, a header row of column names' }) },
} as const;

export interface ExportRequest<T, K> {
  format: ExportFormat;
  /** The file name's stem and the worksheet's name: `customers` → `customers-2026-06-15.csv`. */
  name: string;
  columns: readonly ExportColumn<T>[];
  /** A page of the listing after a key (the first page without one), and the key of the next or null. */
  fetchPage: (after: K | undefined) => Promise<{ rows: T[]; next: K | null }>;
}

/** The listing as a streamed attachment. Private to the caller: proxies may not keep it. */
export async function exportResponse<T, K>(c: Context<AppEnv>, request: ExportRequest<T, K>): Promise<Response> {
  const pages = await keysetPages(request.fetchPage);
  const day = c.var.deps.clock().toISOString().slice(0, 10);
  const body = Readable.toWeb(exportStream(request.format, request.name, request.columns, pages)) as ReadableStream<Uint8Array>;
  return c.body(body, 200, {
    'content-type': EXPORT_CONTENT_TYPES[request.format],
    'content-disposition': `attachment; filename="${request.name}-${day}.${request.format}"`,
    'cache-control': 'no-store',
  });
}
