import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportStream, keysetPages, neutraliseCell, type Cell, type ExportColumn, type ExportFormat } from '../../server/services/export';

describe('neutraliseCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+33 1 23', "'+33 1 23"],
    ['-100', "'-100"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
  ])('prefixes a single quote to text %j', (text, expected) => {
    expect(neutraliseCell(text)).toBe(expected);
  });

  it.each<[Cell]>([['Acme'], [''], ['a=b'], ["'quoted"], [' =padded'], [-100], [-0.5], [0], [42], [true], [false], [null]])(
    'leaves %j as it is: other text, numbers (negative ones too), booleans and empty cells',
    (value) => {
      expect(neutraliseCell(value)).toBe(value);
    },
  );
});

interface Row {
  name: string;
  mrr: number;
  nps: number | null;
  active: boolean;
}
const columns: ExportColumn<Row>[] = [
  { header: 'Company name', value: (r) => r.name },
  { header: 'MRR', value: (r) => r.mrr },
  { header: 'NPS', value: (r) => r.nps },
  { header: 'Active', value: (r) => r.active },
];
const rows: Row[] = [
  { name: "=cmd|' /C calc'!A0", mrr: -250.5, nps: -100, active: true },
  { name: 'Quote " comma, and\nnew line', mrr: 0, nps: null, active: false },
  { name: 'Müller & Søn — 東京', mrr: 1200, nps: 35, active: true },
  { name: '-12', mrr: 3, nps: 0, active: true },
];

async function* twoPages() {
  yield rows.slice(0, 2);
  yield rows.slice(2);
}

/** The file read back with exceljs, as a grid of values (row 1 the headers). */
async function readBack(format: ExportFormat, bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  const sheet = format === 'csv' ? await workbook.csv.read(Readable.from([bytes])) : (await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer), workbook.worksheets[0]!);
  const grid: { value: unknown; type: ExcelJS.ValueType }[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, index) => {
    grid[index - 1] = columns.map((_, i) => ({ value: row.getCell(i + 1).value, type: row.getCell(i + 1).type }));
  });
  return grid;
}

describe('exportStream', () => {
  it('writes CSV that reads back as the rows, formulas neutralised, numbers still numbers', async () => {
    const bytes = Buffer.from(await buffer(exportStream('csv', 'Test', columns, twoPages())));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8');
    expect(text).toContain('"\'=cmd|\' /C calc\'!A0",-250.5,-100,true\r\n');
    const grid = await readBack('csv', bytes);
    expect(grid.map((r) => r.map((c) => c.value))).toEqual([
      ['\ufeffCompany name', 'MRR', 'NPS', 'Active'].map((h, i) => (i === 0 ? expect.stringMatching(/^\ufeff?Company name$/) : h)),
      ["'=cmd|' /C calc'!A0", -250.5, -100, true],
      ['Quote " comma, and\nnew line', 0, null, false],
      ['Müller & Søn — 東京', 1200, 35, true],
      ["'-12", 3, 0, true],
    ]);
  });

  it('writes XLSX whose text cells are strings (never formulas) and whose numbers are numbers', async () => {
    const bytes = Buffer.from(await buffer(exportStream('xlsx', 'Test sheet', columns, twoPages())));
    const grid = await readBack('xlsx', bytes);
    expect(grid.map((r) => r.map((c) => c.value))).toEqual([
      ['Company name', 'MRR', 'NPS', 'Active'],
      ["'=cmd|' /C calc'!A0", -250.5, -100, true],
      ['Quote " comma, and\nnew line', 0, null, false],
      ['Müller & Søn — 東京', 1200, 35, true],
      ["'-12", 3, 0, true],
    ]);
    expect(grid[1]!.map((c) => c.type)).toEqual([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Number, ExcelJS.ValueType.Boolean]);
    expect(grid[4]![0]!.type).toBe(ExcelJS.ValueType.String);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.name).toBe('Test sheet');
  });

  it.each<ExportFormat>(['csv', 'xlsx'])('%s: pulls pages only as fast as the reader takes the bytes, and stops when it goes', async (format) => {
    const total = 60;
    let fetched = 0;
    const pages = await keysetPages(async (after: number | undefined) => {
      fetched++;
      const page = (after ?? -1) + 1;
      const pageRows = Array.from({ length: 1000 }, () => ({ name: randomBytes(24).toString('hex'), mrr: page, nps: null, active: true }));
      return { rows: pageRows, next: page + 1 < total ? page : null };
    });
    const stream = exportStream(format, 'Test', columns, pages);
    // Nobody reads: the writer must stop well before the end and stay stopped.
    let previous = -1;
    while (previous !== fetched) {
      previous = fetched;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fetched).toBeLessThan(total / 2);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterDestroy = fetched;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fetched).toBe(afterDestroy);
    expect(fetched).toBeLessThan(total);
  });
});
