import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AppEnv } from './context';
import { ApiError } from './errors';
import { MEMBER_SCOPES, STAFF_ROLES, type MemberScope, type Principal, type Role } from './principal';

const claimsSchema = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1), role: z.enum(['admin', 'csm', 'viewer']), exp: z.number() }),
  z.object({
    sub: z.string().min(1),
    role: z.literal('member'),
    account_id: z.string().min(1),
    exp: z.number(),
    scope: z.string().max(1000).optional(),
  }),
]);

const encoder = new TextEncoder();

export async function verifyToken(token: string, secret: string): Promise<Principal> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new ApiError(401, 'unauthorized', expired ? 'token has expired' : 'token is not valid');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    const field = claims.error.issues[0]?.path.join('.') || 'role';
    throw new ApiError(401, 'unauthorized', `token claim '${field}' is missing or not valid`);
  }
  const c = claims.data;
  return {
    sub: c.sub,
    role: c.role,
    accountId: c.role === 'member' ? c.account_id : null,
    scopes: c.role === 'member' ? memberScopes(c.scope) : [],
    expiresAt: new Date(c.exp * 1000),
    tokenId: createHash('sha256').update(token).digest('base64url').slice(0, 22),
  };
}

/** The grants of a member token's space-separated `scope` claim this server knows; others are ignored. */
function memberScopes(scope: string | undefined): MemberScope[] {
  const words = new Set(scope?.split(' ') ?? []);
  return MEMBER_SCOPES.filter((s) => words.has(s));
}

export interface TokenRequest {
  sub: string;
  role: Role;
  accountId?: string;
  /** Only for members: what else the token lets them read (see `MEMBER_SCOPES`). */
  scopes?: readonly MemberScope[];
  /** Seconds until expiry. */
  ttl: number;
}

export async function signToken(request: TokenRequest, secret: string, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    role: request.role,
    ...(request.accountId ? { account_id: request.accountId } : {}),
    ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttl)
    .sign(encoder.encode(secret));
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
}

/** Every `/api` route: a Bearer JWT or 401. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new ApiError(401, 'unauthorized', 'Authorization: Bearer <token> is required');
  c.set('principal', await verifyToken(token, c.var.deps.config.jwtSecret));
  await next();
});

/** Allows the given roles only; a member never reaches a route it is not listed on. */
const requireRole = (...roles: readonly Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.var.principal;
    if (!roles.includes(role)) {
      throw new ApiError(403, 'forbidden', `role '${role}' may not ${c.req.method} ${c.req.routePath}`);
    }
    await next();
  });

/** The role guards routes declare: staff (every account, read), those who act on accounts, admins. */
export const staffOnly = [requireRole(...STAFF_ROLES)];
export const actingStaff = [requireRole('admin', 'csm')];
export const adminOnly = [requireRole('admin')];

/**
 * A member sees its own account and nothing else; staff roles see every account. The refusal
 * names no account: the id may come from a stored row (an intervention's), not from the caller.
 */
export function assertCanSeeAccount(principal: Principal, accountId: string): void {
  if (principal.role === 'member' && principal.accountId !== accountId) {
    throw new ApiError(403, 'forbidden', 'this token may see its own account only');
  }
}

/**
 * Account notes: staff read every account's; a member only its own account's, and only when its
 * token carries the `notes:read` scope (notes are written by and for the CS team).
 */
export function assertCanReadNotes(principal: Principal, accountId: string): void {
  assertCanSeeAccount(principal, accountId);
  if (principal.role === 'member' && !principal.scopes.includes('notes:read')) {
    throw new ApiError(403, 'forbidden', "this token's scope does not include notes:read");
  }
}
