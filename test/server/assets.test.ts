import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../server/auth';
import type { AppConfig } from '../../server/config';
import { buildTestApp, TEST_SECRET } from './support/app';
import { openTestDb, type TestDb } from './support/db';

describe('the kit, the demo and CORS', () => {
  let db: TestDb;
  let widgetsDir: string;

  beforeAll(async () => {
    db = await openTestDb('pglite');
    widgetsDir = await mkdtemp(join(tmpdir(), 'rk-widgets-'));
    await mkdir(join(widgetsDir, 'chunks'));
    await writeFile(join(widgetsDir, 'retention-kit.js'), 'export {};');
    await writeFile(join(widgetsDir, 'chunks', 'chart-3f9a1c.js'), 'export {};');
  });
  afterAll(() => db.dispose());

  const app = (config: Partial<AppConfig>) => buildTestApp(db, { config }).app;

  it('serves the entry to any origin with a short cache, hashed chunks for a year', async () => {
    const kit = app({ assets: { widgetsDir, demoDir: null } });
    const entry = await kit.request('/widgets/retention-kit.js');
    expect(entry.status).toBe(200);
    expect(entry.headers.get('access-control-allow-origin')).toBe('*');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const chunk = await kit.request('/widgets/chunks/chart-3f9a1c.js');
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await kit.request('/widgets/missing.js')).status).toBe(404);
  });

  it('never rate-limits the kit files, which a page of widgets asks for a dozen at a time', async () => {
    const kit = app({ assets: { widgetsDir, demoDir: null }, rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await kit.request('/widgets/retention-kit.js')).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const healthz = [];
    for (let i = 0; i < 5; i += 1) healthz.push((await kit.request('/healthz')).status);
    expect(healthz).toContain(429);
  });

  it('gives the demo a CSM token in demo mode and serves nothing of it in production', async () => {
    const demo = await app({ assets: { widgetsDir, demoDir: 'demo' } }).request('http://localhost/demo/session');
    const session = await demo.json();
    expect(session.api).toBe('http://localhost');
    expect((await verifyToken(session.token, TEST_SECRET)).role).toBe('csm');
    const production = app({ assets: { widgetsDir, demoDir: null } });
    expect((await production.request('/demo/session')).status).toBe(404);
    expect((await production.request('/demo/')).status).toBe(404);
  });

  it("sends / to the demo with the link's query, so a shared view opens as shared", async () => {
    const demo = app({ assets: { widgetsDir, demoDir: 'demo' } });
    for (const [from, to] of [
      ['/', '/demo/'],
      ['/?theme=dark&locale=de', '/demo/?theme=dark&locale=de'],
    ] as const) {
      const res = await demo.request(from);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(to);
    }
  });

  it('answers preflights for any origin by default, and only listed origins when narrowed', async () => {
    const preflight = (origin: string) => ({
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    const open = await app({}).request('/api/customer-success/kpis', preflight('https://crm.example.com'));
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('access-control-allow-headers')).toContain('Authorization');
    const narrowed = app({ corsOrigins: ['https://portal.example.com'] });
    const allowed = await narrowed.request('/api/customer-success/kpis', preflight('https://portal.example.com'));
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    const refused = await narrowed.request('/api/customer-success/kpis', preflight('https://evil.example.com'));
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives webhooks no CORS headers: they come from servers, never from a page', async () => {
    const res = await app({}).request('/api/webhooks/inbound', {
      method: 'OPTIONS',
      headers: { origin: 'https://crm.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
