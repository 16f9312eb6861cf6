/**
 * What a widget may read of its bearer token: the claims of a JWT's payload, unverified. They only
 * decide what to offer (a viewer is not shown a form it may not send); the server checks every
 * request, so a token the widget cannot read (not a JWT) offers everything and the server decides.
 */

/** The claims the kit's tokens carry (`npm run token`, a host's own minting; docs/api.md). */
export interface TokenClaims {
  sub?: string;
  role?: string;
}

/** Roles that may write: add notes, record interventions. */
const WRITER_ROLES: readonly string[] = ['admin', 'csm'];

/** The payload of a JWT (`header.payload.signature`, base64url JSON); undefined for anything else. */
export function tokenClaims(token: string | undefined): TokenClaims | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { sub, role } = claims as Record<string, unknown>;
    return { ...(typeof sub === 'string' ? { sub } : {}), ...(typeof role === 'string' ? { role } : {}) };
  } catch {
    return undefined;
  }
}

/** Whether the token's role may write; a token without a readable role may (the server decides). */
export function mayWrite(claims: TokenClaims | undefined): boolean {
  return claims?.role === undefined || WRITER_ROLES.includes(claims.role);
}
