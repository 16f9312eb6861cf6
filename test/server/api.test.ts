import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { schema } from '../../server/db/index';
import { VALUE_SCORECARD } from '../../server/domain/scorecard';
import { buildTestApp, TEST_SECRET } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function insertAccounts(db: TestDb) {
  await db.orm.insert(schema.accounts).values([
    { id: 'cust_1', name: 'Acme <script>alert(1)</script>', mrr: 900, csmOwner: 'dana@cs.example', paymentStatus: 'failed' },
    { id: 'cust_2', name: 'Globex', mrr: 300 },
    { id: 'cust_gone', name: 'Gone', churnedAt: daysAgo(3) },
  ]);
  await db.orm.insert(schema.accountUsers).values([{ accountId: 'cust_2', userId: 'u1', lastLoginAt: daysAgo(1) }]);
  await db.orm.insert(schema.healthSnapshots).values({
    accountId: 'cust_2', overallScore: 80, engagementScore: 80, satisfactionScore: 80,
    components: { engagement: 80, adoption: 80, satisfaction: 80 }, status: 'good', riskLevel: 'low',
    churnProbability: 0.1, priority: 'low', scorecardVersion: 1, takenAt: daysAgo(35),
  });
}

const hmac = new TextEncoder().encode(TEST_SECRET);
const rawToken = (claims: Record<string, unknown>, expiresIn: number | null = 3600) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone');
  if (expiresIn !== null) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn);
  return jwt.sign(hmac);
};

describe.each(dbKinds)('API on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    // Version 1 of the scorecard must exist before a snapshot can name it.
    expect((await t.call('/api/scorecard', { role: 'viewer' })).json.scorecard.version).toBe(1);
    await insertAccounts(db);
    expect((await t.call('/api/customer-success/rescore', { role: 'admin', body: {} })).status).toBe(200);
  });
  afterAll(() => db.dispose());

  describe('authentication', () => {
    const path = '/api/customer-success/health/cust_1';

    it('answers 401 without a token, with a bad signature, expired, or without exp', async () => {
      expect((await t.call(path)).status).toBe(401);
      const forged = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      for (const token of [
        forged,
        await rawToken({ role: 'admin' }, -60),
        await rawToken({ role: 'admin' }, null),
        await rawToken({ role: 'superuser' }),
        await rawToken({ role: 'member' }), // a member without account_id
        'not-a-jwt',
      ]) {
        const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, token).toBe(401);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('unauthorized');
      }
      const expired = await t.app.request(path, { headers: { authorization: `Bearer ${await rawToken({ role: 'admin' }, -60)}` } });
      expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    });

    it('lets a member see its own account only, and nothing else', async () => {
      expect((await t.call(path, { role: 'member', accountId: 'cust_1' })).status).toBe(200);
      expect((await t.call(path, { role: 'member', accountId: 'cust_2' })).status).toBe(403);
      expect((await t.call('/api/scorecard', { role: 'member', accountId: 'cust_1' })).status).toBe(403);
      expect((await t.call('/api/customer-success/rescore', { role: 'member', accountId: 'cust_1', body: {} })).status).toBe(403);
    });
  });

  describe('GET /api/customer-success/health/{customer_id}', () => {
    it('returns the score with its explanation, risk and history', async () => {
      const res = await t.call('/api/customer-success/health/cust_2', { role: 'viewer' });
      expect(res.status).toBe(200);
      const body = res.json;
      expect(body.customer_id).toBe('cust_2');
      expect(body.company_name).toBe('Globex');
      expect(Object.keys(body.components).sort()).toEqual(['adoption', 'engagement', 'satisfaction']);
      expect(body.explanation.components.engagement.contributions.length).toBeGreaterThan(0);
      // Rebuilt from the stored inputs, the explanation adds up to the stored score.
      expect(body.explanation.overall.rounded).toBe(body.health_score);
      expect(body.explanation.components.engagement.score).toBe(body.components.engagement);
      expect(body.scorecard_version).toBe(1);
      // The snapshot from 35 days ago is outside 30 days (so it anchors the change) and inside 90 (so it is history).
      expect(body.change_30d).toBe(body.health_score - 80);
      expect(body.history.map((h: { health_score: number }) => h.health_score)).toEqual([80, body.health_score]);
      expect(['low', 'medium', 'high', 'critical']).toContain(body.churn_risk_category);
    });

    it('keeps untrusted names as data, and reports a failed payment as a risk factor', async () => {
      const res = await t.call('/api/customer-success/health/cust_1', { role: 'csm' });
      expect(res.json.company_name).toBe('Acme <script>alert(1)</script>');
      expect(res.json.risk_factors).toContain('Payment failed');
      expect(res.json.risk_level).toBe('critical');
      // Each factor also as a code with parameters (what the widgets translate), in the same order, with the same sentence.
      expect(res.json.risk_factor_details.map((d: { text: string }) => d.text)).toEqual(res.json.risk_factors);
      expect(res.json.risk_factor_details).toContainEqual({ code: 'payment_failed', params: {}, text: 'Payment failed' });
    });

    it('scores an account on first sight', async () => {
      await db.orm.insert(schema.accounts).values({ id: 'cust_new', name: 'Newco' });
      const res = await t.call('/api/customer-success/health/cust_new', { role: 'viewer' });
      expect(res.status).toBe(200);
      expect(res.json.health_score).toBeTypeOf('number');
    });

    it('answers 404 for unknown and never-scored churned accounts', async () => {
      const unknown = await t.call('/api/customer-success/health/cust_nobody', { role: 'viewer' });
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.message).toContain('cust_nobody');
      expect((await t.call('/api/customer-success/health/cust_gone', { role: 'viewer' })).json.error.code).toBe('not_scored');
    });
  });

  describe('POST /api/customer-success/rescore', () => {
    it('is for admins, validates its body, and rescores the listed accounts', async () => {
      expect((await t.call('/api/customer-success/rescore', { role: 'csm', body: {} })).status).toBe(403);
      const bad = await t.call('/api/customer-success/rescore', { role: 'admin', body: { account_ids: 'cust_1' } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields[0].field).toBe('account_ids');
      const ok = await t.call('/api/customer-success/rescore', { role: 'admin', body: { account_ids: ['cust_1'] } });
      expect(ok.json).toMatchObject({ rescored: 1, scorecard_version: 1 });
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await t.app.request('/api/customer-success/rescore', {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.token('admin')}`, 'content-type': 'application/json' },
        body: '{"account_ids": [',
      });
      expect(res.status).toBe(400);
    });
  });

  describe('/api/scorecard', () => {
    it('rejects an invalid scorecard naming the field, and only admins may save', async () => {
      const bad = await t.call('/api/scorecard', {
        role: 'admin', method: 'PUT',
        body: { ...VALUE_SCORECARD, weights: { usage: 0.5, engagement: 0.1 } },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields.map((f: { field: string }) => f.field)).toContain('weights');
      expect((await t.call('/api/scorecard', { role: 'csm', method: 'PUT', body: VALUE_SCORECARD })).status).toBe(403);
    });

    it('saves a new version and rescores with it', async () => {
      const res = await t.call('/api/scorecard', { role: 'admin', method: 'PUT', body: VALUE_SCORECARD });
      expect(res.status).toBe(200);
      expect(res.json.scorecard.version).toBe(2);
      expect(res.json.rescored).toBeGreaterThan(0);
      const health = await t.call('/api/customer-success/health/cust_2', { role: 'viewer' });
      expect(health.json.scorecard_version).toBe(2);
      expect(Object.keys(health.json.components).sort()).toEqual(['engagement', 'satisfaction', 'usage', 'value_realization']);
    });
  });

  describe('system routes', () => {
    it('serves OpenAPI 3.1 generated from the route schemas', async () => {
      const res = await t.call('/openapi.json');
      expect(res.status).toBe(200);
      expect(res.json.openapi).toBe('3.1.0');
      expect(Object.keys(res.json.paths)).toEqual(
        expect.arrayContaining(['/api/customer-success/health/{customer_id}', '/api/customer-success/rescore', '/api/scorecard']),
      );
      expect(res.json.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    });

    it('documents every error response in the one error shape', async () => {
      const { json } = await t.call('/openapi.json');
      expect(json.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'fields']);
      const errors: Array<[string, string, string]> = [];
      for (const [path, operations] of Object.entries(json.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>)) {
        for (const [method, operation] of Object.entries(operations)) {
          for (const [status, response] of Object.entries(operation.responses)) {
            if (Number(status) >= 400) errors.push([`${method} ${path} ${status}`, status, response.content?.['application/json']?.schema.$ref ?? 'none']);
          }
        }
      }
      // Every route under /api documents at least its 401 or its 400; every error refers to the one schema.
      expect(errors.length).toBeGreaterThan(40);
      expect(errors.filter(([, , ref]) => ref !== '#/components/schemas/Error').map(([where]) => where)).toEqual(['get /healthz 503']);
      expect(errors.map(([where]) => where)).toEqual(
        expect.arrayContaining(['post /api/triggers 409', 'delete /api/templates/{id} 409', 'get /api/alerts 400', 'post /api/webhooks/inbound 401']),
      );
    });

    it('documents what every kind of route can answer, with an operationId on every operation', async () => {
      type Operation = { operationId?: string; security?: unknown[]; parameters?: Array<{ in: string }>; requestBody?: unknown; responses: Record<string, unknown> };
      const { json } = await t.call('/openapi.json');
      const ids = new Set<string>();
      const missing: string[] = [];
      for (const [path, operations] of Object.entries(json.paths as Record<string, Record<string, Operation>>)) {
        for (const [method, op] of Object.entries(operations)) {
          expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z]+[A-Za-z]*$/);
          ids.add(op.operationId!);
          const expected = [
            ...(JSON.stringify(op.security ?? []).includes('bearerAuth') ? ['401', '429'] : []),
            ...((op.parameters ?? []).length > 0 || op.requestBody ? ['400'] : []),
            ...((op.parameters ?? []).some((p) => p.in === 'path') ? ['404'] : []),
            ...(op.requestBody ? ['413'] : []),
          ];
          for (const status of expected) if (!(status in op.responses)) missing.push(`${method} ${path} ${status}`);
        }
      }
      expect(missing).toEqual([]);
      expect(ids.size).toBeGreaterThan(35);
      expect(json.paths['/healthz'].get.security).toEqual([]);
      expect(json.paths['/api/webhooks/inbound'].post.security).toEqual([]);
      expect(json.paths['/api/interventions/{id}'].get.responses).toHaveProperty('400');
      expect(json.info.license.name).toBe('MIT');
      expect(json.servers).toHaveLength(1);
    });

    it('answers a known path asked with another method 405 with Allow', async () => {
      for (const [method, path, allow] of [
        ['DELETE', '/api/interventions', 'GET, HEAD, POST'],
        ['PUT', '/api/interventions/0b9d6a8e-4f7e-4c52-9b7a-2f4f3f2b9a10', 'GET, HEAD, PATCH'],
        ['POST', '/api/customer-success/kpis', 'GET, HEAD'],
        ['POST', '/healthz', 'GET, HEAD'],
        ['GET', '/api/webhooks/inbound', 'POST'],
      ] as const) {
        const res = await t.call(path, { role: 'admin', method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(res.json.error.code).toBe('method_not_allowed');
      }
      expect((await t.call('/api/nothing-here', { role: 'admin', method: 'DELETE' })).status).toBe(404);
    });

    it('agrees with the server on what is valid: an empty priority list, an empty change', async () => {
      const { json } = await t.call('/openapi.json');
      const priority = json.paths['/api/customer-success/at-risk'].get.parameters.find((p: { name: string }) => p.name === 'priority');
      const pattern = new RegExp(priority.schema.pattern);
      for (const [value, valid] of [['', false], [' , ', false], ['critical', true], [' high ,,critical,', true], ['high,urgent', false]] as const) {
        expect(pattern.test(value), value).toBe(valid);
        const res = await t.call(`/api/customer-success/at-risk?priority=${encodeURIComponent(value)}`, { role: 'viewer' });
        expect(res.status, value).toBe(valid ? 200 : 400);
      }
      for (const name of ['AlertRuleChange', 'TriggerChange', 'TemplateChange', 'InterventionChange']) {
        expect(json.components.schemas[name].minProperties, name).toBe(1);
      }
      const empty = await t.call('/api/alert-rules/any-rule', { role: 'admin', method: 'PATCH', body: {} });
      expect(empty.status).toBe(400);
    });

    it('reports health and Prometheus metrics with the reference names', async () => {
      expect((await t.call('/healthz')).json).toEqual({ status: 'ok', database: kind });
      const metrics = await t.call('/metrics');
      expect(metrics.text).toContain('health_score_calculation_duration_seconds_count');
      expect(metrics.text).toContain('interventions_created_total');
      expect(metrics.text).toContain('dashboard_load_duration_seconds');
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await t.call('/api/nothing-here', { role: 'admin' });
      expect(res.status).toBe(404);
    });
  });

  describe('cursors', () => {
    const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const malformed = [
      'garbage',
      encode({ t: 'not a date' }),
      encode({ t: 'not a date', id: '0b9d6a8e-4f7e-4c52-9b7a-2f4f3f2b9a10' }),
      encode({ t: '2026-06-15T12:00:00.000Z', id: 'not-a-uuid' }),
      // Times no stored row has, which the database would refuse to compare with.
      encode({ t: '-000010-01-01T00:00:00.000Z', id: '0b9d6a8e-4f7e-4c52-9b7a-2f4f3f2b9a10' }),
      encode({ t: '+020000-01-01T00:00:00.000Z', id: '0b9d6a8e-4f7e-4c52-9b7a-2f4f3f2b9a10' }),
      encode({ s: '-mrr', v: 900, id: 'cust_1' }),
      encode([1, 2]),
    ];

    it.each(['/api/interventions', '/api/triggers/firings', '/api/triggers/critical_health_drop/firings', '/api/alerts'])(
      '%s answers a malformed or forged cursor with 400 naming cursor',
      async (path) => {
        for (const cursor of malformed) {
          const res = await t.call(`${path}?cursor=${encodeURIComponent(cursor)}`, { role: 'viewer' });
          expect(res.status, cursor).toBe(400);
          expect(res.json.error.fields).toEqual([{ field: 'cursor', message: expect.any(String) }]);
        }
      },
    );

    it('refuses a cursor of another listing on the customer list too', async () => {
      const res = await t.call(`/api/customer-success/customers?cursor=${encode({ t: '2026-06-15T12:00:00.000Z', id: 'cust_1' })}`, { role: 'viewer' });
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After and RateLimit headers past the per-token limit', async () => {
      const limited = buildTestApp(db, { clock: () => NOW, config: { rateLimitPerMinute: 3 } });
      // One token throughout: the bucket is the token's, and a token signed per call changes with the second.
      const bearer = await limited.token('viewer');
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof limited.call>> | undefined;
      for (let i = 0; i < 4; i++) {
        last = await limited.call('/api/scorecard', { bearer });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('ratelimit')).toMatch(/limit=3, remaining=0/);
      expect(last!.json.error.code).toBe('rate_limited');
      // Another token has its own budget.
      expect((await limited.call('/api/scorecard', { role: 'admin' })).status).toBe(200);
    });

    it('limits unauthenticated routes per address', async () => {
      const limited = buildTestApp(db, { clock: () => NOW, config: { rateLimitPerMinute: 2 } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.call('/healthz')).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });
});
