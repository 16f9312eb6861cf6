import { createApp } from '../../../server/app';
import { signToken } from '../../../server/auth';
import type { AppConfig, Clock } from '../../../server/config';
import type { Db } from '../../../server/db/index';
import { appConfig, loadEnv } from '../../../server/env';
import type { MemberScope, Role } from '../../../server/principal';
import { createServices, type ServiceOptions } from '../../../server/services/index';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
/** A Standard Webhooks secret: `whsec_` and base64 key bytes. */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('retention-kit test webhook key!!').toString('base64')}`;

export interface TestAppOptions {
  clock?: Clock;
  config?: Partial<AppConfig>;
  services?: ServiceOptions;
}

/**
 * The configuration tests run with, made the way the server makes its own: from environment
 * variables. No alert delivery targets: tests that deliver bring their own local peers.
 */
export function testConfig(): AppConfig {
  const env = loadEnv({
    NODE_ENV: 'test',
    RK_RATE_LIMIT_PER_MINUTE: '10000',
    RK_SENIOR_CSM_ASSIGNEE: 'senior-csm@cs.example',
    RK_ESCALATION_ASSIGNEE: 'escalations@cs.example',
    RK_PRODUCT_NAME: 'Retention Kit',
    RK_CALENDAR_LINK: 'https://cal.example/success',
    RK_TUTORIAL_LINK: 'https://docs.example/tutorials',
    RK_NEW_FEATURES: 'Scheduled reports',
  });
  return appConfig(env, { jwtSecret: TEST_SECRET, webhookSecrets: [TEST_WEBHOOK_SECRET] });
}

/**
 * The real app on a real database, built as the server builds it, with a fixed clock unless a
 * test brings its own. Nothing runs in the background until a test starts it (`deps.start`).
 */
export function buildTestApp(db: Db, options: TestAppOptions = {}) {
  const clock = options.clock ?? (() => new Date('2026-06-15T12:00:00Z'));
  const deps = createServices(db, { ...testConfig(), ...options.config }, clock, options.services);
  const app = createApp(deps);

  /** A signed token; real wall-clock expiry so jose accepts it. */
  const token = (role: Role, accountId?: string, scopes?: readonly MemberScope[]) =>
    signToken({ sub: `${role}-user`, role, ttl: 3600, ...(accountId ? { accountId } : {}), ...(scopes ? { scopes } : {}) }, TEST_SECRET);

  /**
   * GET/POST through the real app with a bearer token of the given role, signed afresh for the call
   * (so two calls a second apart carry two tokens), or with the given `bearer` token.
   */
  const call = async (
    path: string,
    init: { role?: Role; bearer?: string; accountId?: string; scopes?: readonly MemberScope[]; method?: string; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = {};
    const bearer = init.bearer ?? (init.role ? await token(init.role, init.accountId, init.scopes) : undefined);
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try { json = JSON.parse(text); } catch { /* not JSON: left undefined */ }
    // Tests assert on response bodies field by field; the schemas themselves are checked in the routes.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, json: json as any, text };
  };

  return { app, deps, token, call };
}
