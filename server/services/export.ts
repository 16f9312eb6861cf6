/**
 * Listings as files: rows → a CSV or XLSX byte stream, written as the rows come, so an export of
 * 100,000 rows holds one page of them (and the writers' buffers) in memory, never the file.
 * Where the rows come from is the caller's: `keysetPages` walks a keyset listing page by page.
 */
import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows fetched per query while exporting. */
export const EXPORT_PAGE_ROWS = 1000;

export type Cell = string | number | boolean | null;

/** One column of an export: its human-readable header and how a row gives its cell. */
export interface ExportColumn<T> {
  header: string;
  value: (row: T) => Cell;
  /** XLSX column width in characters; default 14. */
  width?: number;
}

/** What makes a spreadsheet read text as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as it may go into a spreadsheet: text that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading single quote, so Excel, LibreOffice and Sheets show it as text
 * instead of evaluating it. Only text: a number (a negative MRR or NPS) stays a number.
 */
export function neutraliseCell(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** A listing's pages, the first one already fetched (so a failing query is an error answer, not a cut file). */
export async function keysetPages<T, K>(
  fetchPage: (after: K | undefined) => Promise<{ rows: T[]; next: K | null }>,
): Promise<AsyncIterable<T[]>> {
  const first = await fetchPage(undefined);
  return (async function* () {
    let page = first;
    yield page.rows;
    while (page.next !== null) {
      page = await fetchPage(page.next);
      yield page.rows;
    }
  })();
}

const cellsOf = <T>(columns: readonly ExportColumn<T>[], row: T) => columns.map((c) => neutraliseCell(c.value(row)));

/**
 * The file as a byte stream. It pulls the next page only when the reader has taken what came
 * before (backpressure end to end); a reader that goes away stops the queries, and a query that
 * fails mid-file breaks the stream (the client sees a cut transfer, not a short file).
 */
export function exportStream<T>(format: ExportFormat, sheetName: string, columns: readonly ExportColumn<T>[], pages: AsyncIterable<T[]>): Readable {
  const output = new PassThrough();
  const write = format === 'csv' ? writeCsv(output, columns, pages) : writeXlsx(output, sheetName, columns, pages);
  write.catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

/** RFC 4180 (CRLF, quotes doubled), every text field quoted, with a BOM so Excel reads UTF-8. */
async function writeCsv<T>(output: Writable, columns: readonly ExportColumn<T>[], pages: AsyncIterable<T[]>): Promise<void> {
  const records = Readable.from(
    (async function* () {
      for await (const rows of pages) for (const row of rows) yield cellsOf(columns, row);
    })(),
  );
  const csv = stringify({
    bom: true,
    header: true,
    columns: columns.map((c, index) => ({ key: String(index), header: c.header })),
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    quoted_string: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  await pipeline(records, csv, output);
}

/** A stream of the readable-stream 2 package (inside archiver), which predates `writableLength`. */
type OldStream = Readable & { _writableState?: { length: number; highWaterMark: number } };

/**
 * exceljs 4.4 writes a worksheet's XML into its zip (archiver) through a PassThrough, and never
 * waits: its StreamBuf ignores backpressure. When the zip's deflate is behind, the XML piles up
 * in that PassThrough; when the reader is behind, the compressed bytes pile up in the zip's read
 * buffer. Before the next page, both are let flow out (`drain` and `data` are progress); a
 * reader that goes away ends the wait.
 */
async function xlsxFlushed(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet, output: Writable, gone: Promise<unknown>): Promise<void> {
  const zip = (workbook as unknown as { zip: Readable }).zip;
  const entry = (sheet as unknown as { stream: { pipes?: OldStream[] } }).stream.pipes?.[0];
  while (!output.destroyed) {
    const xml = entry?._writableState;
    if (entry && xml && xml.length > xml.highWaterMark) await Promise.race([once(entry, 'drain'), gone]);
    else if (zip.readableLength > Math.max(zip.readableHighWaterMark, 64 * 1024)) await Promise.race([once(zip, 'data'), gone]);
    else return;
  }
}

/**
 * Strings as inline strings (no shared-string table to hold in memory) and typed as text, never
 * as formulas; the header row frozen. exceljs writes rows into its zip as they are committed;
 * after each page the writer waits for the reader to take them.
 */
async function writeXlsx<T>(output: Writable, sheetName: string, columns: readonly ExportColumn<T>[], pages: AsyncIterable<T[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: true });
  workbook.creator = 'retention-kit';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  // One listener for the whole file, not one a page.
  const gone = new Promise((resolve) => output.once('close', resolve));
  for await (const rows of pages) {
    if (output.destroyed) return;
    for (const row of rows) sheet.addRow(cellsOf(columns, row)).commit();
    await xlsxFlushed(workbook, sheet, output, gone);
  }
  sheet.commit();
  await workbook.commit();
}
