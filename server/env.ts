import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

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
    RK_DEMO_ACCOUNTS: z.coerce.number().int().positive().max(100_000).default(500),
    RK_DEMO_SEED: z.coerce.number().int().default(42),
    RK_FEATURE_REAL_TIME_UPDATES: flag(true),
    RK_FEATURE_AUTOMATED_INTERVENTIONS: flag(true),
    RK_FEATURE_PREDICTIVE_SCORING: flag(true),
    RK_FEATURE_EMAIL_AUTOMATION: flag(true),
    RK_FEATURE_SLACK_INTEGRATION: flag(false),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.RK_JWT_SECRET !== undefined, {
    path: ['RK_JWT_SECRET'],
    message: 'RK_JWT_SECRET is required when NODE_ENV=production',
  });

export type Env = z.infer<typeof envSchema>;

/** The reference's feature flags; each really switches its part off. */
export interface FeatureFlags {
  realTimeUpdates: boolean;
  automatedInterventions: boolean;
  predictiveScoring: boolean;
  emailAutomation: boolean;
  slackIntegration: boolean;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function featureFlags(env: Env): FeatureFlags {
  return {
    realTimeUpdates: env.RK_FEATURE_REAL_TIME_UPDATES,
    automatedInterventions: env.RK_FEATURE_AUTOMATED_INTERVENTIONS,
    predictiveScoring: env.RK_FEATURE_PREDICTIVE_SCORING,
    emailAutomation: env.RK_FEATURE_EMAIL_AUTOMATION,
    slackIntegration: env.RK_FEATURE_SLACK_INTEGRATION,
  };
}
