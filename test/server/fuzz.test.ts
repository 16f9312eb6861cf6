import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows, schema } from '../../server/db/index';
import { inboundEventSchema } from '../../server/services/ingest';
import { openTestDb, type TestDb } from './support/db';
import { forgedCursor, HOSTILE_KINDS, hostileValue, leaves, replaceAt, valid, type HostileKind, type JsonSchema } from './support/fuzz';
import { postWebhook, startTestServer, type TestServer } from './support/server';

/**
 * The fuzz suite: every operation of GET /openapi.json, for every kind of caller, with requests
 * generated from its schemas (valid, then hostile), against the real server over HTTP on PGlite.
 * Seeded, so a failure replays; bounded (RK_FUZZ_RUNS per operation and caller, default 16).
 */
const SEED = Number(process.env.RK_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.RK_FUZZ_RUNS ?? 16);
const MINE = 'acct_mine_fz';
const OTHERS = ['acct_other_fz1', 'acct_other_fz2'];
const CALLERS = ['admin', 'csm', 'viewer', 'member', 'none'] as const;
type Caller = (typeof CALLERS)[number];

interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface Request {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? value.map(asText).join(',') : JSON.stringify(value) ?? '');


/**
 * A generated path parameter as one URL segment. An empty, `.` or `..` value cannot reach the
 * operation at all (URL parsing drops or resolves the segment, `%2E` included, and the request
 * lands on another path), so it is sent as `-`; lone surrogates become U+FFFD, as fetch would.
 */
function pathSegment(value: string): string {
  return ['', '.', '..'].includes(value) ? '-' : value.replace(/[\ud800-\udfff]/g, '\ufffd');
}
describe('fuzzing every operation of the OpenAPI document on pglite', () => {
  let db: TestDb;
  let server: TestServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  const knownIds: string[] = [MINE, ...OTHERS, 'nobody'];

  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await startTestServer(db);
    await db.orm.insert(schema.accounts).values([MINE, ...OTHERS].map((id) => ({ id, name: `Account ${id}`, mrr: 100 })));
    const admin = { authorization: `Bearer ${await server.token('admin')}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) }).then((r) => r.json());
    await post('/api/customer-success/rescore', {});
    for (const account_id of [MINE, ...OTHERS]) {
      const made = await post('/api/interventions', { account_id, intervention_type: 'csm_outreach', priority: 'high', scheduled_at: '2026-12-24T09:00:00Z' });
      knownIds.push(made.intervention.id);
    }
    for (const list of ['triggers', 'templates', 'alert-rules']) {
      const res = await (await fetch(`${server.url}/api/${list}`, { headers: admin })).json();
      const items = Object.values(res).find(Array.isArray) as Array<{ id: string }>;
      knownIds.push(...items.map((i) => i.id));
    }
    doc = await (await fetch(`${server.url}/openapi.json`)).json();
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  it('answers no 5xx, only documented statuses, 2xx bodies of the documented shape, and no other account to a member', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const resolve = (ref: string) => ref.replace('#/components/schemas/', '').split('/').reduce((s, k) => s[k], doc.components.schemas) as JsonSchema;
    const validators = new Map<JsonSchema, ReturnType<typeof ajv.compile>>();
    const validate = (s: JsonSchema, body: unknown) => {
      if (!validators.has(s)) validators.set(s, ajv.compile(JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"doc#/components/'))));
      const check = validators.get(s)!;
      return check(body) ? null : ajv.errorsText(check.errors);
    };
    const tokens = Object.fromEntries(
      await Promise.all(CALLERS.map(async (c) => [c, c === 'none' ? null : await server.token(c, c === 'member' ? MINE : undefined)] as const)),
    ) as Record<Caller, string | null>;

    const failures: string[] = [];
    let requests = 0;
    const statuses = new Map<number, number>();
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );

    for (const [index, { path, method, op }] of operations.entries()) {
      const params = op.parameters ?? [];
      const jsonBody = op.requestBody?.content['application/json']?.schema;
      const paramArb = (p: (typeof params)[number]) =>
        p.in === 'path'
          ? fc.oneof({ arbitrary: fc.constantFrom(...knownIds), weight: 3 }, { arbitrary: valid(p.schema, resolve).map(asText), weight: 1 })
          : valid(p.schema, resolve).map(asText);
      const validRequest: fc.Arbitrary<Request> = fc.record({
        params: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, paramArb(p)]))),
        query: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query' && p.name !== 'cursor').map((p) => [p.name, paramArb(p)])), {
          requiredKeys: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        }),
        body: jsonBody ? valid(jsonBody, resolve) : fc.constant(undefined),
      }) as fc.Arbitrary<Request>;
      const hostileRequest = fc
        .constantFrom(...HOSTILE_KINDS)
        .chain((kind) => fc.tuple(validRequest, fc.constant(kind), fc.nat(), hostileValue(kind, false), hostileValue(kind, true)))
        .map(([request, kind, pick, long, short]) => mutate(request, kind, pick, long, short, params.some((p) => p.name === 'cursor')));

      for (const caller of CALLERS) {
        const seed = SEED + index * 31 + CALLERS.indexOf(caller);
        const samples = [
          ...fc.sample(validRequest, { seed, numRuns: Math.ceil(RUNS / 3) }),
          ...fc.sample(hostileRequest, { seed: seed + 1, numRuns: RUNS - Math.ceil(RUNS / 3) }),
        ];
        for (const request of samples) {
          const url = new URL(path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathSegment(request.params[name]!))), server.url);
          for (const [k, v] of Object.entries(request.query)) url.searchParams.set(k, v);
          const headers: Record<string, string> = {};
          if (tokens[caller]) headers.authorization = `Bearer ${tokens[caller]}`;
          const sent = request.body === undefined ? undefined : JSON.stringify(request.body);
          if (sent !== undefined) headers['content-type'] = 'application/json';
          const where = `${caller} ${method} ${url.pathname}${url.search.slice(0, 200)} ${sent?.slice(0, 200) ?? ''}`;
          requests += 1;
          const res = await fetch(url, { method, headers, ...(sent !== undefined ? { body: sent } : {}), signal: AbortSignal.timeout(30_000) });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
            await res.body?.cancel();
            continue;
          }
          const text = await res.text();
          if (res.status >= 500) failures.push(`${res.status} ${where} → ${text.slice(0, 200)}`);
          else if (!(String(res.status) in op.responses)) failures.push(`undocumented ${res.status} ${where} → ${text.slice(0, 200)}`);
          // A 2xx answers one of the documented media types (JSON, or a file: `format=csv|xlsx`); JSON must match its schema.
          const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
          const content = op.responses[String(res.status)]?.content;
          if (res.status < 300 && content) {
            if (!(mediaType in content)) failures.push(`${res.status} undocumented content type ${mediaType} ${where}`);
            const documented = mediaType === 'application/json' ? content['application/json']?.schema : undefined;
            const problem = documented && validate(documented, JSON.parse(text));
            if (problem) failures.push(`${res.status} body does not match the schema (${problem}) ${where}`);
          }
          if (caller === 'member') {
            const leaked = OTHERS.filter((id) => text.includes(id) && !`${url}${sent ?? ''}`.includes(id));
            if (leaked.length > 0) failures.push(`member received ${leaked.join(', ')}: ${where}`);
          }
        }
      }
    }
    console.log(`fuzz: ${requests} requests over ${operations.length} operations × ${CALLERS.length} callers; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(operations.length * CALLERS.length * RUNS);
  }, 600_000);

  it('applies 1,000 signed webhooks with hostile data and 10 % duplicates exactly as answered', async () => {
    const eventSchema = z.toJSONSchema(inboundEventSchema, { io: 'input' }) as JsonSchema;
    const event = valid(eventSchema, () => ({}));
    const hostileEvent = fc
      .constantFrom(...HOSTILE_KINDS.filter((k) => k !== 'cursor'))
      .chain((kind) => fc.tuple(event, fc.constant(kind), fc.nat(), hostileValue(kind, false)))
      .map(([e, kind, pick, value]) => {
        const body = e as { data: Record<string, unknown> };
        if (kind === 'unknown') return { ...body, data: { ...body.data, [`zz_${String(value)}`]: value } };
        const spots = leaves(body).filter((p) => p[0] !== 'type');
        return replaceAt(body, spots[pick % spots.length]!, value);
      });
    const bodies = fc.sample(fc.oneof(event, hostileEvent), { seed: SEED, numRuns: 901 });
    const duplicateOf = fc.sample(fc.nat(), { seed: SEED + 1, numRuns: 100 });
    const sent: Array<{ id: string; body: unknown; status: number; outcome?: string }> = [];
    const failures: string[] = [];
    const send = async (id: string, body: unknown) => {
      const res = await postWebhook(server.url, body, { id });
      if (res.status >= 500 || (res.status >= 300 && res.status < 400)) failures.push(`${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { id, body, status: res.status, outcome: res.json?.status as string | undefined };
    };
    // In rounds of ten: nine new deliveries and one repeat of a delivery answered in an earlier round (ten new in the first).
    for (let round = 0; round < 100; round += 1) {
      const fresh = bodies.slice(round === 0 ? 0 : round * 9 + 1, round * 9 + 10).map((body) => send(`fz_${randomUUID()}`, body));
      const again = sent.length > 0 ? [sent[duplicateOf[round]! % sent.length]!] : [];
      const repeats = again.map(async (earlier) => ({ earlier, now: await send(earlier.id, earlier.body) }));
      sent.push(...(await Promise.all(fresh)));
      for (const { earlier, now } of await Promise.all(repeats)) {
        const expected = earlier.status === 200 ? 'duplicate' : undefined;
        if (now.outcome !== expected || (earlier.status === 200) !== (now.status === 200)) {
          failures.push(`repeat of ${earlier.status} ${earlier.outcome ?? ''} answered ${now.status} ${now.outcome ?? ''}`);
        }
      }
    }
    const applied = sent.filter((s) => s.status === 200 && s.outcome === 'applied').map((s) => s.id);
    const stored = await queryRows<{ webhook_id: string }>(db.orm, sql`select webhook_id from webhook_receipts where webhook_id like 'fz_%'`);
    console.log(`webhook fuzz: ${sent.length + 99} deliveries, ${applied.length} applied, ${sent.length - applied.length} refused, 99 repeats`);
    expect(failures).toEqual([]);
    expect(stored.map((r) => r.webhook_id).sort()).toEqual(applied.sort());
    expect(applied.length).toBeGreaterThan(100);
  }, 300_000);
});

/** One hostile change to a valid request: in the body, a query or a path parameter, or a new field. */
function mutate(request: Request, kind: HostileKind, pick: number, long: unknown, short: unknown, hasCursor: boolean): Request {
  const query = { ...request.query };
  if (kind === 'cursor' || (kind === 'unknown' && hasCursor && pick % 2 === 0)) {
    return { ...request, query: { ...query, cursor: typeof short === 'string' ? short : fc.sample(forgedCursor, { seed: pick, numRuns: 1 })[0]! } };
  }
  if (kind === 'unknown') {
    if (request.body !== undefined && pick % 3 !== 0 && typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)) {
      return { ...request, body: { ...request.body, [`zz_${asText(short)}`]: long } };
    }
    return { ...request, query: { ...query, [`zz_${asText(short)}`]: asText(short) } };
  }
  const targets = [
    ...(request.body !== undefined ? leaves(request.body).map((p) => ['body', p] as const) : []),
    ...Object.keys(request.query).map((k) => ['query', k] as const),
    ...Object.keys(request.params).map((k) => ['params', k] as const),
  ];
  if (targets.length === 0) return { ...request, query: { ...query, q: asText(short) } };
  const [where, at] = targets[pick % targets.length]!;
  if (where === 'body') return { ...request, body: replaceAt(request.body, at as Array<string | number>, long) };
  return { ...request, [where]: { ...request[where], [at as string]: asText(short) } };
}
