/**
 * The listings' exports over real HTTP: the same rows, order and scope as the JSON, read back
 * with exceljs from CSV and XLSX, across more than one export page (1,000 rows).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import type { Role } from '../../server/principal';
import { startTestServer, type TestServer } from './support/server';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
const EVIL = "=cmd|' /C calc'!A0";
const ACCOUNTS = 2_400;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const id = (i: number) => `acct-${String(i).padStart(5, '0')}`;

async function insertFixture(db: TestDb) {
  const { orm } = db;
  await orm.insert(schema.scorecards).values({ profile: 'reference', config: {}, createdBy: 'test' });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: id(i),
    name: i === 5 ? EVIL : `Company ${(i * 7919) % ACCOUNTS}`,
    plan: i % 3 === 0 ? 'growth' : 'starter',
    mrr: (i % 50) * 10,
    csmOwner: i % 2 === 0 ? 'dana@cs.example' : 'lee@cs.example',
    createdAt: new Date('2025-01-01T00:00:00Z'),
  }));
  for (let i = 0; i < accounts.length; i += 500) await orm.insert(schema.accounts).values(accounts.slice(i, i + 500));
  const scores = accounts.map((a, i) => {
    const priority = PRIORITIES[i % 4]!;
    const overall = (i * 37) % 101;
    return {
      accountId: a.id,
      overallScore: overall,
      engagementScore: overall,
      satisfactionScore: overall,
      components: { engagement: overall, adoption: overall, satisfaction: overall },
      status: (['churn_risk', 'critical', 'warning', 'good'] as const)[i % 4]!,
      riskLevel: (['critical', 'high', 'medium', 'low'] as const)[i % 4]!,
      // Ties and unknowns, so the order leans on every key.
      churnProbability: i % 9 === 0 ? null : ((i * 13) % 10) / 10,
      priority,
      scorecardVersion: 1,
      riskFactors: i === 5 ? ['-20% logins', 'NPS -100'] : [],
      factors: {} as never,
      computedAt: new Date('2026-06-14T00:00:00Z'),
    };
  });
  for (let i = 0; i < scores.length; i += 500) await orm.insert(schema.healthScores).values(scores.slice(i, i + 500));
  const interventions = accounts.slice(0, 1_200).map((a, i) => ({
    accountId: i % 100 === 0 ? id(0) : a.id,
    interventionType: 'health_check_call' as const,
    title: i === 7 ? '@SUM(1+1)*cmd' : `Call ${a.id}`,
    priority: PRIORITIES[i % 4]!,
    status: i % 5 === 0 ? ('completed' as const) : ('planned' as const),
    createdBy: 'test',
    scheduledAt: i % 11 === 0 ? null : new Date(NOW.getTime() + ((i * 17) % 240) * 3_600_000),
  }));
  for (let i = 0; i < interventions.length; i += 500) await orm.insert(schema.interventions).values(interventions.slice(i, i + 500));
}

describe.each(dbKinds)('exports on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await insertFixture(db);
    server = await startTestServer(db, { clock: () => NOW });
  });
  afterAll(async () => {
    await server?.close();
    await db?.dispose();
  });

  const get = async (path: string, role: Role = 'viewer', accountId?: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await server.token(role, accountId)}` } });

  /** Every row of a JSON listing, page after page. */
  async function allPages<T>(path: string, key: string, role: Role = 'viewer', accountId?: string): Promise<T[]> {
    const rows: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const res = await get(`${path}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`, role, accountId);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      rows.push(...(body[key] as T[]));
      cursor = body.next_cursor as string | null;
    } while (cursor);
    return rows;
  }

  /** An export read back with exceljs: the header row and the rows. */
  async function download(path: string, format: 'csv' | 'xlsx', role: Role = 'viewer', accountId?: string) {
    const res = await get(`${path}${path.includes('?') ? '&' : '?'}format=${format}`, role, accountId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="[a-z-]+-2026-06-15\\.${format}"$`));
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const bytes = Buffer.from(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    const sheet = format === 'csv' ? await workbook.csv.read(Readable.from([bytes])) : (await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer), workbook.worksheets[0]!);
    const grid: ExcelJS.Cell[][] = [];
    sheet.eachRow((row, index) => {
      grid[index - 1] = Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1));
    });
    const headers = grid[0]!.map((c) => String(c.value).replace(/^\ufeff/, ''));
    const column = (name: string) => {
      const index = headers.indexOf(name);
      expect(index, name).toBeGreaterThanOrEqual(0);
      return grid.slice(1).map((r) => r[index]!);
    };
    return { headers, rows: grid.slice(1), column, values: (name: string) => column(name).map((c) => c.value) };
  }

  describe.each(['csv', 'xlsx'] as const)('%s', (format) => {
    it('exports the customer list with the filters and sort of the JSON, every page of it', async () => {
      const query = '/api/customer-success/customers?status=critical,good,warning&owner=lee@cs.example&sort=-mrr';
      const json = await allPages<{ customer_id: string; mrr: number; health_score: number }>(query, 'customers');
      expect(json.length).toBeGreaterThan(1000);
      const file = await download(query, format);
      expect(file.headers).toContain('Company');
      expect(file.values('Customer ID')).toEqual(json.map((c) => c.customer_id));
      expect(file.values('MRR')).toEqual(json.map((c) => c.mrr));
      expect(file.values('Health score')).toEqual(json.map((c) => c.health_score));
    });

    it('exports the at-risk list in its order, across priorities and pages', async () => {
      const file = await download('/api/customer-success/at-risk?priority=critical,high,medium&min_coverage=0', format);
      // min_coverage=0 drops the scores whose coverage was never measured, as in the JSON.
      const json = await get('/api/customer-success/at-risk?priority=critical,high,medium&min_coverage=0&limit=1000');
      expect((await json.json()).at_risk_customers).toEqual([]);
      expect(file.rows).toEqual([]);

      const all = await download('/api/customer-success/at-risk?priority=critical,high,medium', format);
      const expected: string[] = [];
      for (const priority of ['critical', 'high', 'medium']) {
        const res = await get(`/api/customer-success/at-risk?priority=${priority}&limit=1000`);
        expected.push(...((await res.json()).at_risk_customers as { customer_id: string }[]).map((c) => c.customer_id));
      }
      expect(expected.length).toBeGreaterThan(1000);
      expect(all.values('Customer ID')).toEqual(expected);
      const evil = all.values('Customer ID').indexOf(id(5));
      expect(all.values('Risk factors')[evil]).toBe("'-20% logins; NPS -100");
    });

    it(`writes a company named ${EVIL} as text`, async () => {
      const file = await download('/api/customer-success/customers?q=cmd', format);
      expect(file.values('Company')).toEqual([`'${EVIL}`]);
      const cell = file.column('Company')[0]!;
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(file.column('MRR')[0]!.type).toBe(ExcelJS.ValueType.Number);
    });

    it('exports the intervention queue with its filters, and a member only its own account', async () => {
      const query = '/api/interventions?status=planned&priority=critical,high';
      const json = await allPages<{ id: string; title: string }>(query, 'interventions');
      const file = await download(query, format);
      expect(file.values('Intervention ID')).toEqual(json.map((i) => i.id));
      expect(file.values('Title')).toEqual(json.map((i) => (i.title.startsWith('@') ? `'${i.title}` : i.title)));

      const member = await download('/api/interventions', format, 'member', id(0));
      const own = await allPages<{ id: string }>('/api/interventions', 'interventions', 'member', id(0));
      expect(own.length).toBeGreaterThan(1);
      expect(member.values('Intervention ID')).toEqual(own.map((i) => i.id));
      expect(new Set(member.values('Account ID'))).toEqual(new Set([id(0)]));
    });
  });

  it('answers 400 naming format for an unknown format, and 403 to a member on the staff lists', async () => {
    for (const path of ['/api/customer-success/customers', '/api/customer-success/at-risk', '/api/interventions']) {
      const res = await get(`${path}?format=pdf`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.fields.map((f: { field: string }) => f.field)).toEqual(['format']);
    }
    expect((await get('/api/customer-success/customers?format=csv', 'member', id(0))).status).toBe(403);
    expect((await get('/api/customer-success/at-risk?format=xlsx', 'member', id(0))).status).toBe(403);
    expect((await get(`/api/interventions?format=csv&account_id=${id(1)}`, 'member', id(0))).status).toBe(403);
  });
});
