// An alert inbox served over real HTTP by the widget test server (web-test-runner.config.mjs), as
// the service's `GET /api/alerts` and `POST /api/alerts/{id}/acknowledge` answer: newest first, a
// page of `limit` with an opaque `next_cursor`, `total` counting the whole filter, 400 naming a bad
// field, 404 for an unknown alert, and the token's subject as who acknowledged.
//
// Each inbox is its own: `<prefix>/<name>/api/alerts…` where the name says what it starts with,
// `open-<n>-acknowledged-<m>[-anything]` (a test adds its own suffix to get a fresh one).

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const BASE = Date.parse('2026-05-18T12:00:00.000Z');
const MINUTE = 60_000;

/** Alert `i` of an inbox: 10 minutes older than alert `i - 1`. */
function alertOf(i, acknowledged) {
  const created = BASE - i * 10 * MINUTE;
  return {
    id: `al-${String(i).padStart(3, '0')}`,
    rule_id: 'critical_health_score',
    account_id: `cust_${i}`,
    company_name: `Company ${i}`,
    severity: SEVERITIES[i % SEVERITIES.length],
    title: `Health fell below ${50 - (i % 10)}`,
    message: `Health score is ${40 - (i % 10)}.`,
    metric: 'health_score',
    value: 40 - (i % 10),
    threshold: 50,
    skipped_channels: [],
    created_at: new Date(created).toISOString(),
    acknowledged_at: acknowledged ? new Date(created + 5 * MINUTE).toISOString() : null,
    acknowledged_by: acknowledged ? 'dana@cs.example' : null,
    deliveries: [],
  };
}

function newInbox(name) {
  const [, open = '0', acknowledged = '0'] = /^open-(\d+)-acknowledged-(\d+)/.exec(name) ?? [];
  const alerts = [];
  for (let i = 0; i < Number(open) + Number(acknowledged); i++) alerts.push(alertOf(i, i >= Number(open)));
  return alerts;
}

const fail = (context, status, code, message, fields = []) => {
  context.status = status;
  context.type = 'application/json';
  context.body = JSON.stringify({ error: { code, message, fields } });
};

/** The Koa middleware serving inboxes under `prefix`. */
export function alertInbox(prefix) {
  const inboxes = new Map();
  return async function inbox(context, next) {
    if (!context.path.startsWith(`${prefix}/`)) return next();
    const match = /^\/([^/]+)\/api\/alerts(?:\/([^/]+)\/acknowledge)?$/.exec(context.path.slice(prefix.length));
    if (!match) return fail(context, 404, 'not_found', 'no such route');
    const [, name, id] = match;
    if (!inboxes.has(name)) inboxes.set(name, newInbox(name));
    const alerts = inboxes.get(name);
    const token = /^Bearer (.+)$/.exec(context.get('authorization') ?? '')?.[1];
    if (!token) return fail(context, 401, 'unauthorized', 'a bearer token is required');

    if (id !== undefined) {
      if (context.method !== 'POST') return fail(context, 405, 'method_not_allowed', 'POST only');
      const found = alerts.find((a) => a.id === decodeURIComponent(id));
      if (!found) return fail(context, 404, 'not_found', `alert ${id} not found`);
      if (found.acknowledged_at === null) Object.assign(found, { acknowledged_at: new Date().toISOString(), acknowledged_by: token });
      context.type = 'application/json';
      context.body = JSON.stringify({ alert: found });
      return;
    }

    if (context.method !== 'GET') return fail(context, 405, 'method_not_allowed', 'GET only');
    const query = context.query;
    const state = query.state;
    if (state !== undefined && state !== 'open' && state !== 'acknowledged') {
      return fail(context, 400, 'invalid_request', 'state must be open or acknowledged', [{ field: 'state', message: 'open or acknowledged' }]);
    }
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      return fail(context, 400, 'invalid_request', 'limit must be 1-200', [{ field: 'limit', message: 'an integer from 1 to 200' }]);
    }
    const matching = alerts
      .filter((a) => state === undefined || (state === 'open') === (a.acknowledged_at === null))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
    let start = 0;
    if (query.cursor !== undefined) {
      const after = Buffer.from(String(query.cursor), 'base64url').toString();
      const index = matching.findIndex((a) => `${a.created_at}|${a.id}` === after);
      // Keyset: what comes after the cursor's alert, even if that alert left the filter meanwhile.
      start = index >= 0 ? index + 1 : matching.findIndex((a) => `${a.created_at}|${a.id}` < after);
      if (start < 0) start = matching.length;
    }
    const page = matching.slice(start, start + limit);
    const last = page.at(-1);
    const more = start + limit < matching.length;
    context.type = 'application/json';
    context.body = JSON.stringify({
      alerts: page,
      next_cursor: more && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
      total: matching.length,
    });
  };
}
