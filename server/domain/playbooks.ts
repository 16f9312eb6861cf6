/**
 * Playbooks measured against a control group: the hold-out draw of a trigger's firing. Pure.
 */
import { createHash } from 'node:crypto';

export const MAX_HOLDOUT_PERCENT = 50;
/** What a trigger's met condition led to. */
export const FIRING_OUTCOMES = ['fired', 'suppressed', 'held_out'] as const;
export type FiringOutcome = (typeof FIRING_OUTCOMES)[number];

/** The firing period a draw belongs to: the UTC day, so every re-evaluation that day draws alike. */
export const firingPeriod = (at: Date) => at.toISOString().slice(0, 10);

/**
 * A uniform number in [0, 100) from SHA-256 of trigger, account and period: anyone can recompute
 * it from the firing's record, and it owes nothing to the order accounts are evaluated in.
 */
export function holdoutDraw(triggerId: string, accountId: string, period: string): number {
  const digest = createHash('sha256').update(`${triggerId}\u0000${accountId}\u0000${period}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/** Held out when the draw falls below the trigger's percentage. */
export const isHeldOut = (draw: number, holdoutPercent: number) => draw < holdoutPercent;
