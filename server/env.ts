import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AppConfig } from './config';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const emailList = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.email('RK_ALERT_EMAIL_TO must be email addresses separated by commas')));

const GENERATE = 'generate one with `openssl rand -base64 32`';

/**
 * Bits of a secret as its own character frequencies tell them (length × Shannon entropy per
 * character): a crude estimate that is enough to catch `aaaa…` or `passwordpassword…`, while a
 * random hex or base64 string of 32 characters is well above the bar.
 */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / secret.length) * Math.log2(count / secret.length);
  return perChar * secret.length;
}

/** What is wrong with a production JWT secret, or null. */
function weakJwtSecret(secret: string): string | null {
  if (Buffer.byteLength(secret) < 32) return `RK_JWT_SECRET must be at least 32 bytes in production; ${GENERATE}`;
  if (estimatedBits(secret) < 96) return `RK_JWT_SECRET is too predictable (repeated characters or words); ${GENERATE}`;
  return null;
}

/** What is wrong with production `whsec_…` secrets (space-separated), or null. */
function weakWebhookSecret(name: string, secrets: string): string | null {
  const short = secrets.split(' ').some((secret) => Buffer.from(secret.slice('whsec_'.length), 'base64').length < 24);
  return short ? `${name}: every whsec_ key must decode to at least 24 bytes in production; ${GENERATE} and prefix it with whsec_` : null;
}

/**
 * Every environment variable the server reads, checked in one place. Nothing reads
 * `process.env` at import time: `loadEnv()` is called by the entry points only.
 */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    RK_DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    RK_JWT_SECRET: z.string().min(32, 'RK_JWT_SECRET must be at least 32 characters').optional(),
    RK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(100),
    RK_MAX_STREAMS_PER_TOKEN: z.coerce.number().int().positive().max(10_000).default(20),
    RK_DEMO: flag(false),
    RK_DEMO_ACCOUNTS: z.coerce.number().int().positive().max(100_000).default(500),
    RK_DEMO_SEED: z.coerce.number().int().default(42),
    RK_DEMO_ACTIVITY: flag(true),
    RK_FEATURE_REAL_TIME_UPDATES: flag(true),
    RK_FEATURE_AUTOMATED_INTERVENTIONS: flag(true),
    RK_FEATURE_PREDICTIVE_SCORING: flag(true),
    RK_FEATURE_EMAIL_AUTOMATION: flag(true),
    RK_FEATURE_SLACK_INTEGRATION: flag(false),
    RK_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]+( whsec_[A-Za-z0-9+/=]+)*$/, 'RK_WEBHOOK_SECRET must be whsec_… secrets separated by spaces')
      .optional(),
    RK_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
    RK_BODY_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
    RK_EVENT_RETENTION_HOURS: z.coerce.number().positive().max(24 * 90).default(72),
    RK_CHURN_RETRAIN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    RK_FULL_RESCORE_UTC: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'RK_FULL_RESCORE_UTC must be HH:MM (UTC)')
      .default('02:00'),
    RK_CRITICAL_RESCORE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
    RK_FRAME_ANCESTORS: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
      .pipe(
        z.array(
          z.string().regex(/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/, 'RK_FRAME_ANCESTORS must be origins such as https://crm.example.com, separated by commas'),
        ),
      ),
    RK_METRICS_TOKEN: z.string().min(16, 'RK_METRICS_TOKEN must be at least 16 characters').optional(),
    RK_CORS_ORIGINS: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' || v.trim() === '*' ? null : v.split(',').map((o) => o.trim())))
      .pipe(z.array(z.url('RK_CORS_ORIGINS must be origins such as https://crm.example.com, separated by commas')).nullable()),
    // Server processes on this machine, one per core at most: they share the port (node:cluster)
    // and, like separate instances, one PostgreSQL.
    RK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    // Set by the cluster's primary for each worker (0, 1, …); a replacement keeps its slot.
    RK_WORKER_INDEX: z.coerce.number().int().min(0).default(0),
    RK_SCHEDULER_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    // Interventions and alerts (see docs/api.md).
    RK_SENIOR_CSM_ASSIGNEE: z.string().min(1).max(320).optional(),
    RK_ESCALATION_ASSIGNEE: z.string().min(1).max(320).optional(),
    RK_PRODUCT_NAME: z.string().min(1).max(200).default('our product'),
    RK_CALENDAR_LINK: z.string().max(2048).default(''),
    RK_TUTORIAL_LINK: z.string().max(2048).default(''),
    RK_NEW_FEATURES: z.string().max(2000).default(''),
    RK_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    RK_ALERT_EMAIL_FROM: z.email().default('alerts@retention-kit.invalid'),
    RK_ALERT_EMAIL_TO: emailList,
    RK_AUTOMATED_EMAIL_CAP_DAYS: z.coerce.number().int().min(0).max(365).default(7),
    RK_AUTOMATED_EMAIL_TO: z.email('RK_AUTOMATED_EMAIL_TO must be an email address').optional(),
    RK_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    RK_ASSIGNEE_NOTICES: z.enum(['each', 'digest', 'off']).default('each'),
    RK_ASSIGNEE_DIGEST_UTC: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'RK_ASSIGNEE_DIGEST_UTC must be HH:MM (UTC)')
      .default('08:00'),
    RK_SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    RK_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    RK_ALERT_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'RK_ALERT_WEBHOOK_SECRET must be whsec_…').optional(),
    RK_SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
    RK_SMS_TOKEN: z.string().min(1).optional(),
    RK_SMS_TO: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(',').map((n) => n.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'RK_SMS_TO must be E.164 numbers (+15551234567) separated by commas'))),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.RK_JWT_SECRET !== undefined, {
    path: ['RK_JWT_SECRET'],
    message: 'RK_JWT_SECRET is required when NODE_ENV=production',
  })
  // Production secrets are random enough to resist guessing offline: a token or a signature is
  // all an attacker needs to test a guess.
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const problems: Array<[string, string | null]> = [
      ['RK_JWT_SECRET', env.RK_JWT_SECRET === undefined ? null : weakJwtSecret(env.RK_JWT_SECRET)],
      ['RK_WEBHOOK_SECRET', env.RK_WEBHOOK_SECRET === undefined ? null : weakWebhookSecret('RK_WEBHOOK_SECRET', env.RK_WEBHOOK_SECRET)],
      [
        'RK_ALERT_WEBHOOK_SECRET',
        env.RK_ALERT_WEBHOOK_SECRET === undefined ? null : weakWebhookSecret('RK_ALERT_WEBHOOK_SECRET', env.RK_ALERT_WEBHOOK_SECRET),
      ],
    ];
    for (const [name, message] of problems) if (message) ctx.addIssue({ code: 'custom', path: [name], message });
  })
  .refine((env) => env.NODE_ENV !== 'production' || !env.RK_DEMO, {
    path: ['RK_DEMO'],
    message: 'RK_DEMO=true hands every visitor a csm token: never with NODE_ENV=production',
  })
  .refine((env) => (env.RK_ALERT_WEBHOOK_URL === undefined) === (env.RK_ALERT_WEBHOOK_SECRET === undefined), {
    path: ['RK_ALERT_WEBHOOK_SECRET'],
    message: 'RK_ALERT_WEBHOOK_URL and RK_ALERT_WEBHOOK_SECRET go together',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.RK_WEBHOOK_SECRET !== undefined, {
    path: ['RK_WEBHOOK_SECRET'],
    message: 'RK_WEBHOOK_SECRET is required when NODE_ENV=production',
  })
  .refine((env) => env.RK_WORKERS === 1 || env.DATABASE_URL !== undefined, {
    path: ['RK_WORKERS'],
    message: 'RK_WORKERS above 1 needs DATABASE_URL: the embedded PGlite belongs to one process',
  });

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // `DATABASE_URL=` (set but empty, as shells and env files leave it) means unset, not invalid.
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * Demo mode: only when asked for (`npm start` sets RK_DEMO=true), never by default, since its
 * session hands any visitor a csm token. The demo pages, that token, the demo data and the
 * simulated activity exist only then.
 */
export const isDemoMode = (env: Env) => env.RK_DEMO;

/** The app's configuration from the environment and the secrets resolved for it (see `secrets.ts`). */
export function appConfig(env: Env, secrets: Pick<AppConfig, 'jwtSecret' | 'webhookSecrets'>): AppConfig {
  return {
    ...secrets,
    rateLimitPerMinute: env.RK_RATE_LIMIT_PER_MINUTE,
    maxStreamsPerToken: env.RK_MAX_STREAMS_PER_TOKEN,
    features: {
      realTimeUpdates: env.RK_FEATURE_REAL_TIME_UPDATES,
      automatedInterventions: env.RK_FEATURE_AUTOMATED_INTERVENTIONS,
      predictiveScoring: env.RK_FEATURE_PREDICTIVE_SCORING,
      emailAutomation: env.RK_FEATURE_EMAIL_AUTOMATION,
      slackIntegration: env.RK_FEATURE_SLACK_INTEGRATION,
    },
    webhookMaxBytes: env.RK_WEBHOOK_MAX_BYTES,
    bodyMaxBytes: env.RK_BODY_MAX_BYTES,
    corsOrigins: env.RK_CORS_ORIGINS,
    frameAncestors: env.RK_FRAME_ANCESTORS,
    metricsToken: env.RK_METRICS_TOKEN ?? null,
    assets: {
      widgetsDir: fileURLToPath(new URL('../dist/widgets', import.meta.url)),
      demoDir: isDemoMode(env) ? fileURLToPath(new URL('../demo', import.meta.url)) : null,
    },
    assignees: { seniorCsm: env.RK_SENIOR_CSM_ASSIGNEE ?? null, escalation: env.RK_ESCALATION_ASSIGNEE ?? null },
    templateValues: {
      productName: env.RK_PRODUCT_NAME,
      calendarLink: env.RK_CALENDAR_LINK,
      tutorialLink: env.RK_TUTORIAL_LINK,
      newFeatures: env.RK_NEW_FEATURES,
    },
    alertChannels: {
      emailTo: env.RK_ALERT_EMAIL_TO,
      smtp: env.RK_SMTP_URL ? { url: env.RK_SMTP_URL, from: env.RK_ALERT_EMAIL_FROM } : null,
      slackWebhookUrl: env.RK_SLACK_WEBHOOK_URL ?? null,
      webhook:
        env.RK_ALERT_WEBHOOK_URL && env.RK_ALERT_WEBHOOK_SECRET
          ? { url: env.RK_ALERT_WEBHOOK_URL, secret: env.RK_ALERT_WEBHOOK_SECRET }
          : null,
      sms: env.RK_SMS_URL ? { url: env.RK_SMS_URL, token: env.RK_SMS_TOKEN ?? null, to: env.RK_SMS_TO } : null,
    },
    automatedEmail: {
      capDays: env.RK_AUTOMATED_EMAIL_CAP_DAYS,
      recipientOverride: env.RK_AUTOMATED_EMAIL_TO ?? null,
      publicUrl: (env.RK_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
      assigneeNotices: env.RK_ASSIGNEE_NOTICES,
      digestUtc: env.RK_ASSIGNEE_DIGEST_UTC,
    },
    schedule: {
      fullRescoreUtc: env.RK_FULL_RESCORE_UTC,
      criticalRescoreMinutes: env.RK_CRITICAL_RESCORE_MINUTES,
      eventRetentionHours: env.RK_EVENT_RETENTION_HOURS,
      churnRetrainDays: env.RK_CHURN_RETRAIN_DAYS,
      tickMs: env.RK_SCHEDULER_TICK_SECONDS * 1000,
    },
  };
}
