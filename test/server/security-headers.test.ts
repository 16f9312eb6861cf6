/**
 * Security headers on every answer, framing only where a CRM must frame, the demo's
 * Content-Security-Policy, /metrics behind RK_METRICS_TOKEN, and Vary: Origin wherever the
 * answer depends on the origin (issue 12, §3).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../server/config';
import { loadEnv } from '../../server/env';
import { buildTestApp } from './support/app';
import { openTestDb, type TestDb } from './support/db';
import { startTestServer } from './support/server';

describe('security headers', () => {
  let db: TestDb;
  let widgetsDir: string;

  beforeAll(async () => {
    db = await openTestDb('pglite');
    widgetsDir = await mkdtemp(join(tmpdir(), 'rk-widgets-'));
    await mkdir(widgetsDir, { recursive: true });
    await writeFile(join(widgetsDir, 'retention-kit.js'), 'export {};');
  });
  afterAll(() => db?.dispose());

  const build = (config: Partial<AppConfig> = {}) => buildTestApp(db, { config: { assets: { widgetsDir, demoDir: 'demo' }, ...config } });

  it('sends nosniff and a referrer policy on every kind of answer, and forbids framing the API', async () => {
    const { app, token } = build();
    const admin = { headers: { authorization: `Bearer ${await token('admin')}` } };
    for (const [path, init] of [
      ['/api/customer-success/kpis', admin],
      ['/api/customer-success/kpis', {}],
      ['/api/nothing-here', admin],
      ['/healthz', {}],
      ['/openapi.json', {}],
      ['/metrics', {}],
      ['/widgets/retention-kit.js', {}],
      ['/demo/', {}],
      ['/demo/sidebar.html', {}],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    const api = await app.request('/api/customer-success/kpis', admin);
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('lets any origin load the widget kit, which pages embedded in CRM iframes load', async () => {
    const res = await build().app.request('/widgets/retention-kit.js');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('gives the demo pages a policy without inline script, and lets RK_FRAME_ANCESTORS frame the sidebar only', async () => {
    const { app } = build({ frameAncestors: ['https://crm.example.com', 'https://*.crm.example.org'] });
    const index = await app.request('/demo/');
    const policy = index.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain('crm.example.com');
    expect(index.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const sidebar = await app.request('/demo/sidebar.html');
    expect(sidebar.status).toBe(200);
    expect(sidebar.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://crm.example.com https://*.crm.example.org");
    expect(sidebar.headers.get('x-frame-options')).toBeNull();
  });

  it('reads RK_FRAME_ANCESTORS as origins and refuses anything else', () => {
    expect(loadEnv({ RK_FRAME_ANCESTORS: 'https://crm.example.com, https://*.example.org' }).RK_FRAME_ANCESTORS).toEqual([
      'https://crm.example.com',
      'https://*.example.org',
    ]);
    expect(loadEnv({}).RK_FRAME_ANCESTORS).toEqual([]);
    expect(() => loadEnv({ RK_FRAME_ANCESTORS: "https://a.example; script-src 'unsafe-inline'" })).toThrow(/RK_FRAME_ANCESTORS/);
  });

  it('protects /metrics with RK_METRICS_TOKEN when it is set, and leaves it public when not', async () => {
    expect((await build().app.request('/metrics')).status).toBe(200);
    const { app } = build({ metricsToken: 'metrics-token-0123456789' });
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer metrics-token-01234567890' } })).status).toBe(401);
    const allowed = await app.request('/metrics', { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('# HELP');
  });
});

describe('Vary: Origin with RK_CORS_ORIGINS', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(() => db?.dispose());

  it('marks every answer that depends on the origin, the event stream and its refusals too', async () => {
    const allowed = 'https://portal.example.com';
    const server = await startTestServer(db, { config: { corsOrigins: [allowed] } });
    const controller = new AbortController();
    try {
      const token = await server.token('viewer');
      for (const origin of [allowed, 'https://evil.example.com']) {
        const api = await fetch(`${server.url}/api/customer-success/kpis`, { headers: { origin, authorization: `Bearer ${token}` } });
        expect(api.headers.get('vary'), origin).toMatch(/origin/i);
        await api.body?.cancel();
        const stream = await fetch(`${server.url}/api/events`, { headers: { origin, authorization: `Bearer ${token}` }, signal: controller.signal });
        expect(stream.status).toBe(200);
        expect(stream.headers.get('vary'), origin).toMatch(/origin/i);
        expect(stream.headers.get('access-control-allow-origin')).toBe(origin === allowed ? allowed : null);
        expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
      }
      const refused = await fetch(`${server.url}/api/events`, { headers: { origin: allowed } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(refused.headers.get('vary')).toMatch(/origin/i);
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      controller.abort();
      await server.close();
    }
  });
});
