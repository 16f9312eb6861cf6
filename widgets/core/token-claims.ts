/**
 * What a widget may read of its bearer token: the claims of a JWT's payload, unverified. They only
 * decide what to offer (a viewer is not shown a form it may not send); the server checks every
 * request, so a token the widget cannot read (not a JWT) offers everything and the server decides.
 */
import { decodeJwt } from 'jose';

/** The claims the kit's tokens carry (`npm run token`, a host's own minting; docs/api.md). */
export interface TokenClaims {
  sub?: string;
  role?: string;
}

/** Roles that may write: add notes, record interventions. */
const WRITER_ROLES: readonly string[] = ['admin', 'csm'];

/** The `sub` and `role` of a JWT's payload (jose's `decodeJwt`, no verification); undefined for anything else. */
export function tokenClaims(token: string | undefined): TokenClaims | undefined {
  if (!token) return undefined;
  try {
    const { sub, role } = decodeJwt(token);
    return { ...(typeof sub === 'string' ? { sub } : {}), ...(typeof role === 'string' ? { role } : {}) };
  } catch {
    return undefined;
  }
}

/** Whether the token's role may write; a token without a readable role may (the server decides). */
export function mayWrite(claims: TokenClaims | undefined): boolean {
  return claims?.role === undefined || WRITER_ROLES.includes(claims.role);
}
