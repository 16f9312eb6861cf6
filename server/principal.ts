/**
 * Who is asking. Routes, the live hub and the CLIs all speak of it, so it lives apart from
 * `auth.ts` (which proves it) and imports nothing.
 */
export const ROLES = ['admin', 'csm', 'viewer', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that see every account; a member sees one. */
export const STAFF_ROLES = ['admin', 'csm', 'viewer'] as const satisfies readonly Role[];

/** Who is asking, from a verified token. A member is bound to one account. */
export interface Principal {
  sub: string;
  role: Role;
  /** Only for members: the one account they may see. */
  accountId: string | null;
  expiresAt: Date;
  /** A hash of the token that proved it: rate limits and the stream quota count per token, not per `sub`. */
  tokenId: string;
}
