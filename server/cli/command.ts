/** What the service's own commands (backfill, churn:train) share: checked arguments and the services the server builds. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { appConfig, loadEnv } from '../env';
import { openDatabase } from '../open-db';
import { resolveJwtSecret, resolveWebhookSecrets } from '../secrets';
import { createServices, type Services } from '../services/index';

/** The string options `names` of the command line, checked by `schema`; a bad one prints its message and `usage`, and exits 2. */
export function commandArgs<S extends z.ZodType>(names: readonly string[], schema: S, usage: string): z.output<S> {
  const fail = (message: string): never => {
    console.error(`${message}\n${usage}`);
    process.exit(2);
  };
  const options: ParseArgsConfig['options'] = Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
  let values: Record<string, unknown> = {};
  try {
    values = parseArgs({ options, strict: true }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message).join('\n'));
  return parsed.data as z.output<S>;
}

/**
 * Runs `use` with the services built as the server builds them, on the configured database
 * (DATABASE_URL, else PGlite in RK_DATA_DIR), and closes it after. A failure prints `failure:`
 * and its message and sets exit code 1.
 */
export async function withServices(failure: string, use: (services: Services) => Promise<void>): Promise<void> {
  try {
    const env = loadEnv();
    const { secret } = await resolveJwtSecret(env);
    const webhook = await resolveWebhookSecrets(env);
    const db = await openDatabase(env);
    try {
      await use(createServices(db, appConfig(env, { jwtSecret: secret, webhookSecrets: webhook.secrets }), () => new Date()));
    } finally {
      await db.close();
    }
  } catch (error) {
    console.error(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
