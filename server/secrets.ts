import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from './env';

export interface ResolvedSecret {
  secret: string;
  source: 'environment' | 'data-dir';
}

/**
 * A secret from the environment when set (production requires it). Outside production a random
 * one is made once and kept in RK_DATA_DIR, so the CLIs, the demo and the server agree across
 * restarts.
 */
async function resolveSecret(
  env: Env,
  fromEnv: string | undefined,
  name: string,
  fileName: string,
  make: () => string,
): Promise<ResolvedSecret> {
  if (fromEnv) return { secret: fromEnv, source: 'environment' };
  if (env.NODE_ENV === 'production') throw new Error(`${name} is required when NODE_ENV=production`);
  const file = join(env.RK_DATA_DIR, fileName);
  try {
    return { secret: (await readFile(file, 'utf8')).trim(), source: 'data-dir' };
  } catch {
    await mkdir(env.RK_DATA_DIR, { recursive: true });
    // 'wx': when two processes race, the first file wins and both read it back.
    await writeFile(file, make(), { mode: 0o600, flag: 'wx' }).catch(() => {});
    return { secret: (await readFile(file, 'utf8')).trim(), source: 'data-dir' };
  }
}

/** The HS256 secret of API tokens. */
export const resolveJwtSecret = (env: Env) =>
  resolveSecret(env, env.RK_JWT_SECRET, 'RK_JWT_SECRET', 'dev-jwt-secret', () => randomBytes(48).toString('base64url'));

/** The Standard Webhooks secrets inbound deliveries may be signed with (several while rotating). */
export async function resolveWebhookSecrets(env: Env): Promise<{ secrets: string[]; source: ResolvedSecret['source'] }> {
  const { secret, source } = await resolveSecret(
    env,
    env.RK_WEBHOOK_SECRET,
    'RK_WEBHOOK_SECRET',
    'dev-webhook-secret',
    () => `whsec_${randomBytes(32).toString('base64')}`,
  );
  return { secrets: secret.split(' '), source };
}
