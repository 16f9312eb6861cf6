/**
 * Who is asking. Routes, the live hub and the CLIs all speak of it, so it lives apart from
 * `auth.ts` (which proves it) and imports nothing.
 */
export const ROLES = ['admin', 'csm', 'viewer', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that see every account; a member sees one. */
export const STAFF_ROLES = ['admin', 'csm', 'viewer'] as const satisfies readonly Role[];

/**
 * What a member token may read beyond its account's health, interventions and live events, from
 * its space-separated `scope` claim: `notes:read`, the account's notes.
 */
export const MEMBER_SCOPES = ['notes:read'] as const;
export type MemberScope = (typeof MEMBER_SCOPES)[number];

/** Who is asking, from a verified token. A member is bound to one account. */
export interface Principal {
  sub: string;
  role: Role;
  /** Only for members: the one account they may see. */
  accountId: string | null;
  /** Only for members: the grants of the token's `scope` claim; empty for staff (their role decides). */
  scopes: readonly MemberScope[];
  expiresAt: Date;
  /** A hash of the token that proved it: rate limits and the stream quota count per token, not per `sub`. */
  tokenId: string;
}
