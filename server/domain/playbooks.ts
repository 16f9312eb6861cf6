/**
 * Playbooks measured against a control group: the hold-out draw of a trigger's firing, and the
 * comparison of treated and held-out firings the impact report makes. Pure.
 */
import { createHash } from 'node:crypto';
import type { InterventionType } from './interventions';
import { newcombeDifference, wilsonInterval, type ProportionInterval as Interval } from './ml/proportions';
import type { RiskLevel } from './scoring';

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

/** A suppressed firing's detail: the condition's description and why it opened nothing. */
export const suppressedDetail = (description: string, why: string) => `${description}; suppressed: ${why}`;

/** A held-out firing's detail: the condition's description and the draw that held it out. */
export const heldOutDetail = (description: string, draw: number, holdoutPercent: number) =>
  `${description}; held out as control: draw ${draw.toFixed(3)} < ${holdoutPercent} %`;

// ---- Impact: a play's treated firings against its held-out ones ----

/**
 * Below these counts of firings with a closed outcome window, a comparison is reported as
 * `insufficient_evidence`: its interval would span most of what could happen. Documented in
 * docs/playbooks.md.
 */
export const MIN_TREATED = 20;
export const MIN_HELD_OUT = 10;

/** One firing as the impact report reads it. */
export interface FiringOutcomeRecord {
  treated: boolean;
  churned: boolean;
  /** The account's monthly recurring revenue. */
  mrr: number;
  /** The health score 30 days after firing minus the one at firing; null when either is missing. */
  healthChange30d: number | null;
}

export interface GroupSummary {
  firings: number;
  churned: number;
  /** Churn within the window after firing, with its Wilson 95 % interval; null for an empty group. */
  churn_rate: Interval | null;
  /** The mean change in health score 30 days after firing, over the firings that have both scores. */
  health_change_30d: { mean: number; n: number } | null;
}

export interface GroupComparison {
  treated: GroupSummary;
  held_out: GroupSummary;
  /** Treated churn rate minus held-out churn rate (negative: the play reduces churn), Newcombe 95 % interval. */
  churn_difference: Interval | null;
  /** ARR of treated accounts times the churn the play prevented (held-out rate minus treated rate), with the interval that implies. */
  saved_arr: Interval | null;
  insufficient_evidence: boolean;
  evidence_note: string;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;
const roundInterval = (i: Interval, digits = 4): Interval => ({ estimate: round(i.estimate, digits), lower: round(i.lower, digits), upper: round(i.upper, digits) });

export function summarise(records: ReadonlyArray<Pick<FiringOutcomeRecord, 'churned' | 'healthChange30d'>>): GroupSummary {
  const churned = records.filter((r) => r.churned).length;
  const changes = records.flatMap((r) => (r.healthChange30d === null ? [] : [r.healthChange30d]));
  return {
    firings: records.length,
    churned,
    churn_rate: records.length > 0 ? roundInterval(wilsonInterval(churned, records.length)) : null,
    health_change_30d: changes.length > 0 ? { mean: round(changes.reduce((a, b) => a + b, 0) / changes.length, 2), n: changes.length } : null,
  };
}

/**
 * Treated against held out. The difference and saved ARR are given whenever both groups have a
 * firing, flagged `insufficient_evidence` below the minimum counts, so a reader sees how wide
 * the interval still is rather than nothing.
 */
export function compareGroups(records: readonly FiringOutcomeRecord[]): GroupComparison {
  const treatedRecords = records.filter((r) => r.treated);
  const heldOutRecords = records.filter((r) => !r.treated);
  const treated = summarise(treatedRecords);
  const heldOut = summarise(heldOutRecords);
  const both = treated.firings > 0 && heldOut.firings > 0;
  const difference = both ? newcombeDifference(treated.churned, treated.firings, heldOut.churned, heldOut.firings) : null;
  const treatedArr = treatedRecords.reduce((sum, r) => sum + r.mrr, 0) * 12;
  const insufficient = treated.firings < MIN_TREATED || heldOut.firings < MIN_HELD_OUT;
  return {
    treated,
    held_out: heldOut,
    churn_difference: difference ? roundInterval(difference) : null,
    saved_arr: difference
      ? roundInterval({ estimate: -difference.estimate * treatedArr, lower: -difference.upper * treatedArr, upper: -difference.lower * treatedArr }, 0)
      : null,
    insufficient_evidence: insufficient,
    evidence_note: insufficient
      ? `insufficient evidence: ${treated.firings} treated and ${heldOut.firings} held-out firings with a closed window; at least ${MIN_TREATED} and ${MIN_HELD_OUT} are needed`
      : `${treated.firings} treated and ${heldOut.firings} held-out firings; the difference is a randomised comparison`,
  };
}

// ---- Recommendations ----

export interface AccountForRule {
  riskLevel: RiskLevel;
  healthScore: number;
  engagementScore: number;
  /** Days until the contract ends; null without an end date. */
  contractEndDays: number | null;
}

export type RecommendedAction =
  | {
      basis: 'evidence';
      trigger_id: string;
      intervention_type: InterventionType;
      title: string;
      reason: string;
      evidence: {
        risk_level: RiskLevel;
        window_days: number;
        treated: number;
        held_out: number;
        /** Churn prevented: held-out minus treated churn rate, 95 % interval. */
        uplift: Interval;
      };
    }
  | { basis: 'rule'; rule: string; intervention_type: InterventionType; title: string; reason: string; evidence: null };

/**
 * The reference's default triggers read as a suggestion, most pressing first: a renewal at risk
 * escalates, a critical score calls for CSM outreach, low engagement for the re-engagement
 * email, any other elevated risk for a health check call. Not evidence: labelled a rule.
 */
export function ruleSuggestion(a: AccountForRule): RecommendedAction | null {
  const rule = (rule: string, intervention_type: InterventionType, title: string, reason: string): RecommendedAction => ({
    basis: 'rule',
    rule,
    intervention_type,
    title,
    reason,
    evidence: null,
  });
  if (a.contractEndDays !== null && a.contractEndDays >= 0 && a.contractEndDays <= 60 && a.healthScore < 70) {
    return rule('contract_renewal_risk', 'escalation_created', 'Escalate the renewal', `contract ends in ${a.contractEndDays} days with health ${a.healthScore} (below 70)`);
  }
  if (a.riskLevel === 'critical' || a.healthScore < 40) {
    return rule('critical_health', 'csm_outreach', 'Reach out now', `health ${a.healthScore} is critical`);
  }
  if (a.engagementScore < 30) {
    return rule('engagement_decline', 'automated_email', 'Send the re-engagement email', `engagement ${Math.round(a.engagementScore)} is below 30`);
  }
  if (a.riskLevel === 'high' || a.riskLevel === 'medium') {
    return rule('elevated_risk', 'health_check_call', 'Book a health check call', `risk is ${a.riskLevel}`);
  }
  return null;
}
