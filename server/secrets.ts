import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from './env';

/**
 * RK_JWT_SECRET when set (production requires it). Outside production a random secret is
 * made once and kept in RK_DATA_DIR, so `npm run token` and the server agree across restarts.
 */
export async function resolveJwtSecret(env: Env): Promise<{ secret: string; source: 'environment' | 'data-dir' }> {
  if (env.RK_JWT_SECRET) return { secret: env.RK_JWT_SECRET, source: 'environment' };
  if (env.NODE_ENV === 'production') throw new Error('RK_JWT_SECRET is required when NODE_ENV=production');
  const file = join(env.RK_DATA_DIR, 'dev-jwt-secret');
  try {
    return { secret: (await readFile(file, 'utf8')).trim(), source: 'data-dir' };
  } catch {
    await mkdir(env.RK_DATA_DIR, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(() => {});
    return { secret: (await readFile(file, 'utf8')).trim(), source: 'data-dir' };
  }
}
