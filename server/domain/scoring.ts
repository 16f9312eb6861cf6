/**
 * The health-scoring engine: pure functions, no I/O. The five `calculate*` / `determineRiskLevel`
 * functions keep the health-scoring reference's names, input shapes, arithmetic, caps, clamping
 * and rounding; status bands, churn-risk categories and the priority table come from the
 * dashboard document. Each component is written once, as a breakdown that explains itself;
 * the reference-named function returns the breakdown's score, so the two cannot diverge.
 */
import type { ChurnModel, PaymentStatus } from './churn';
import { COMPONENT_KEYS, type ComponentKey, type Scorecard } from './scorecard';

/** Health statuses, best to worst (the dashboard document's bands). */
export const HEALTH_STATUSES = ['excellent', 'good', 'warning', 'critical', 'churn_risk'] as const;
/** Risk levels and churn-risk categories, least to most severe. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
/** Intervention priorities, least to most urgent. */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

export type HealthStatus = (typeof HEALTH_STATUSES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type Priority = (typeof PRIORITIES)[number];

// ---- The reference's input shapes ----

export interface EngagementFactors {
  /** Days since the last login; Number.POSITIVE_INFINITY for never (no login points). */
  lastLoginDays: number;
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  /** Average session minutes; carried by the reference's shape, not scored by it. */
  sessionDuration: number;
  /** Carried by the reference's shape, not scored by it. */
  dailyActiveUsers: number;
}

export interface AdoptionFactors {
  completedMilestones: number;
  totalMilestones: number;
  /** The reference's active wedding clients: the host's own unit of portfolio size. */
  clientCount: number;
  /** Share of advanced features in use, 0-1. */
  featureDepth: number;
  integrationCount: number;
  /** Carried by the reference's shape, not scored by it. */
  customFieldsUsed: number;
}

export interface SatisfactionFactors {
  /** Average 1-5 rating; 0 when there are no ratings. */
  averageSupportRating: number;
  /** Open support tickets. */
  supportTicketCount: number;
  escalationCount: number;
  /** Null when there were no tickets in the window: no response-time adjustment at all. */
  responseTimeHours: number | null;
  /** Carried by the reference's shape, not scored by it. */
  resolutionTimeHours: number | null;
  /** Carried by the reference's shape, not scored by it. */
  npsScore: number;
}

export interface HealthScoreComponents {
  engagement: number;
  adoption: number;
  satisfaction: number;
}

export interface RiskFactors {
  healthScore: number;
  /** Null when the account has no contract end date: never a contract risk. */
  contractEndDays: number | null;
  openTicketCount: number;
  engagementScore: number;
  paymentStatus: PaymentStatus;
  /** Churn model output 0-1; 0 when predictive scoring is off. */
  churnPrediction: number;
}

/** Inputs of the dashboard profile's usage component. */
export interface UsageFactors {
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  /** Average session length in minutes. */
  sessionDuration: number;
  /** Carried for symmetry with the engagement shape, not scored. */
  dailyActiveUsers: number;
}

/** Inputs of the dashboard profile's value-realisation component. */
export interface ValueRealizationFactors {
  completedMilestones: number;
  totalMilestones: number;
  integrationCount: number;
  /** Share of the scorecard's advanced features in use, 0-1. */
  featureDepth: number;
}

// ---- Explanations ----

export interface FactorContribution {
  factor: string;
  label: string;
  /** The input the points came from (a ratio for rates); null when there was none. */
  value: number | null;
  /** Signed: what the factor added or took away. */
  points: number;
  /** The factor's reach in points: the most it can add, or for a penalty the most it can take away. */
  max_points: number;
  /** A Math.min cap held this factor's points down. */
  capped: boolean;
}

export interface ComponentBreakdown {
  /** The contributions' points summed in order, then clamped to 0-100. */
  score: number;
  contributions: FactorContribution[];
  /** The 0-100 clamp changed the sum of the contributions. */
  clamped: boolean;
}

/**
 * Sums the points in order from 0, as the reference adds its terms (so the result is
 * bit-identical to it), then applies the reference's Math.max(0, Math.min(100, …)).
 */
function finish(contributions: FactorContribution[]): ComponentBreakdown {
  const raw = contributions.reduce((sum, c) => sum + c.points, 0);
  const score = Math.max(0, Math.min(100, raw));
  return { score, contributions, clamped: score !== raw };
}

/** Points of Math.min(max, uncapped), as the reference writes its caps. */
function bonus(factor: string, label: string, value: number | null, uncapped: number, max: number): FactorContribution {
  return { factor, label, value, points: Math.min(max, uncapped), max_points: max, capped: uncapped > max };
}

/** A deduction of Math.min(max, uncapped); 0 − x rather than −x, so no penalty reads as −0. */
function penalty(factor: string, label: string, value: number, uncapped: number, max: number): FactorContribution {
  return { factor, label, value, points: 0 - Math.min(max, uncapped), max_points: max, capped: uncapped > max };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Factors shared by several components, each with its own scale.

/** activeUsers / totalUsers × max, capped at max; nothing without seats. */
function seatActivation(factor: string, f: { activeUsers: number; totalUsers: number }, max: number): FactorContribution {
  if (f.totalUsers > 0) {
    const ratio = f.activeUsers / f.totalUsers;
    return bonus(factor, `${f.activeUsers} of ${plural(f.totalUsers, 'seat')} active`, ratio, ratio * max, max);
  }
  return { factor, label: 'No seats', value: null, points: 0, max_points: max, capped: false };
}

/** Three points a feature used, at most 30 (ten features). */
function featureUsage(factor: string, count: number): FactorContribution {
  return bonus(factor, `${plural(count, 'feature')} used`, count, count * 3, 30);
}

/** Completion rate × max; uncapped, as in the reference (the clamp covers a rate above 1). */
function milestoneCompletion(f: { completedMilestones: number; totalMilestones: number }, max: number): FactorContribution {
  const rate = f.totalMilestones > 0 ? f.completedMilestones / f.totalMilestones : null;
  return {
    factor: 'milestone_completion',
    label: `${f.completedMilestones} of ${plural(f.totalMilestones, 'milestone')} completed`,
    value: rate,
    points: rate === null ? 0 : rate * max,
    max_points: max,
    capped: false,
  };
}

function featureDepth(depth: number, max: number): FactorContribution {
  return bonus('feature_depth', `${Math.round(depth * 100)} % of advanced features in use`, depth, depth * max, max);
}

function integrations(count: number, perIntegration: number, max: number): FactorContribution {
  return bonus('integrations', `${plural(count, 'integration')} connected`, count, count * perIntegration, max);
}

// ---- Engagement (reference, 40 %) ----

/**
 * | factor | points |
 * | --- | --- |
 * | login_recency | 40 within 1 day, 30 within 7, 20 within 30, 10 within 90, else 0 |
 * | active_users | active/total seats × 30 (max 30; 0 without seats) |
 * | feature_usage | features × 3 (max 30) |
 */
export function engagementBreakdown(f: EngagementFactors): ComponentBreakdown {
  const days = f.lastLoginDays;
  const known = Number.isFinite(days);
  const recency = days <= 1 ? 40 : days <= 7 ? 30 : days <= 30 ? 20 : days <= 90 ? 10 : 0;
  return finish([
    {
      factor: 'login_recency',
      label: known ? `Last login ${plural(days, 'day')} ago` : 'Never logged in',
      value: known ? days : null,
      points: recency,
      max_points: 40,
      capped: false,
    },
    seatActivation('active_users', f, 30),
    featureUsage('feature_usage', f.featureUsageCount),
  ]);
}

export const calculateEngagementScore = (factors: EngagementFactors): number => engagementBreakdown(factors).score;

// ---- Adoption (reference, 40 %) ----

/**
 * | factor | points |
 * | --- | --- |
 * | milestone_completion | completed/total × 50 (0 without milestones) |
 * | client_portfolio | clients × 2.5 (max 25) |
 * | feature_depth | depth × 15 (max 15) |
 * | integrations | integrations × 2 (max 10) |
 */
export function adoptionBreakdown(f: AdoptionFactors): ComponentBreakdown {
  return finish([
    milestoneCompletion(f, 50),
    bonus('client_portfolio', `Portfolio of ${plural(f.clientCount, 'client')}`, f.clientCount, f.clientCount * 2.5, 25),
    featureDepth(f.featureDepth, 15),
    integrations(f.integrationCount, 2, 10),
  ]);
}

export const calculateAdoptionScore = (factors: AdoptionFactors): number => adoptionBreakdown(factors).score;

// ---- Satisfaction (reference, 20 %) ----

/**
 * | factor | points |
 * | --- | --- |
 * | support_rating | the starting level: rating × 20 when rated, else a neutral 80 |
 * | open_tickets | −4 a ticket (max −20) |
 * | escalations | −10 an escalation (max −30) |
 * | response_time | +10 under 2 h, −10 over 24 h, 0 between or with no tickets |
 *
 * The reference starts at 80 and replaces that with rating × 20 when there is a rating, so
 * the rating is shown as the starting level itself rather than as a change from 80.
 */
export function satisfactionBreakdown(f: SatisfactionFactors): ComponentBreakdown {
  const rated = f.averageSupportRating > 0;
  const response = f.responseTimeHours;
  return finish([
    {
      factor: 'support_rating',
      label: rated ? `Average support rating ${f.averageSupportRating.toFixed(1)} of 5` : 'No support ratings: neutral 80',
      value: rated ? f.averageSupportRating : null,
      points: rated ? f.averageSupportRating * 20 : 80,
      max_points: 100,
      capped: false,
    },
    penalty('open_tickets', plural(f.supportTicketCount, 'open ticket'), f.supportTicketCount, f.supportTicketCount * 4, 20),
    penalty('escalations', plural(f.escalationCount, 'escalation'), f.escalationCount, f.escalationCount * 10, 30),
    {
      factor: 'response_time',
      label: response === null ? 'No tickets to time' : `Average first response ${response.toFixed(1)} h`,
      value: response,
      points: response === null ? 0 : response < 2 ? 10 : response > 24 ? -10 : 0,
      max_points: 10,
      capped: false,
    },
  ]);
}

export const calculateSatisfactionScore = (factors: SatisfactionFactors): number => satisfactionBreakdown(factors).score;

// ---- The dashboard profile's own components ----

/**
 * Usage (dashboard profile, 30 %):
 *
 * | factor | points |
 * | --- | --- |
 * | seat_activation | active/total seats × 40 (max 40; 0 without seats) |
 * | feature_breadth | features × 3 (max 30) |
 * | session_depth | one a minute of average session (max 30) |
 */
export function usageBreakdown(f: UsageFactors): ComponentBreakdown {
  return finish([
    seatActivation('seat_activation', f, 40),
    featureUsage('feature_breadth', f.featureUsageCount),
    bonus('session_depth', `Average session ${f.sessionDuration.toFixed(0)} min`, f.sessionDuration, f.sessionDuration, 30),
  ]);
}

export const calculateUsageScore = (factors: UsageFactors): number => usageBreakdown(factors).score;

/**
 * Value realisation (dashboard profile, 20 %):
 *
 * | factor | points |
 * | --- | --- |
 * | milestone_completion | completed/total × 60 (0 without milestones) |
 * | integrations | integrations × 5 (max 20) |
 * | feature_depth | depth × 20 (max 20) |
 */
export function valueRealizationBreakdown(f: ValueRealizationFactors): ComponentBreakdown {
  return finish([milestoneCompletion(f, 60), integrations(f.integrationCount, 5, 20), featureDepth(f.featureDepth, 20)]);
}

export const calculateValueRealizationScore = (factors: ValueRealizationFactors): number =>
  valueRealizationBreakdown(factors).score;

// ---- Overall, status, risk, priority ----

/** The reference's 40/40/20 weighted sum, rounded. */
export function calculateOverallHealthScore(components: HealthScoreComponents): number {
  const weights = { engagement: 0.4, adoption: 0.4, satisfaction: 0.2 };
  const weightedScore =
    components.engagement * weights.engagement +
    components.adoption * weights.adoption +
    components.satisfaction * weights.satisfaction;
  return Math.round(weightedScore);
}

/** The reference's risk ladder: the first level any condition reaches. */
export function determineRiskLevel(factors: RiskFactors): RiskLevel {
  const contractWithin = (days: number) => factors.contractEndDays !== null && factors.contractEndDays < days;
  if (
    factors.healthScore < 30 ||
    contractWithin(30) ||
    factors.openTicketCount > 5 ||
    factors.paymentStatus === 'failed' ||
    factors.churnPrediction > 0.8
  ) {
    return 'critical';
  }
  if (
    factors.healthScore < 50 ||
    contractWithin(60) ||
    factors.engagementScore < 30 ||
    factors.openTicketCount > 2 ||
    factors.churnPrediction > 0.6
  ) {
    return 'high';
  }
  if (factors.healthScore < 70 || contractWithin(120) || factors.engagementScore < 60 || factors.churnPrediction > 0.4) {
    return 'medium';
  }
  return 'low';
}

/**
 * Bands 85-100 excellent, 70-84 good, 50-69 warning, 25-49 critical, 0-24 churn risk, by plain
 * comparison with each band's lower bound (score >= 85, …): stored scores are integers, and a
 * fraction such as 84.5 stays in the lower band (good) rather than being rounded up.
 */
export function healthStatus(score: number): HealthStatus {
  if (score >= 85) return 'excellent';
  if (score >= 70) return 'good';
  if (score >= 50) return 'warning';
  if (score >= 25) return 'critical';
  return 'churn_risk';
}

/** Churn probability 0-0.30 low, up to 0.60 medium, up to 0.80 high, above critical. */
export function churnRiskCategory(probability: number): RiskLevel {
  if (probability <= 0.3) return 'low';
  if (probability <= 0.6) return 'medium';
  if (probability <= 0.8) return 'high';
  return 'critical';
}

/** The dashboard document's priority table: churn above 70/50/30 % or health below 25/50/70. */
export function interventionPriority({ churnProbability, healthScore }: { churnProbability: number; healthScore: number }): Priority {
  if (churnProbability > 0.7 || healthScore < 25) return 'critical';
  if (churnProbability > 0.5 || healthScore < 50) return 'high';
  if (churnProbability > 0.3 || healthScore < 70) return 'medium';
  return 'low';
}

// ---- One account, end to end ----

/**
 * An account's scoring inputs, as derived from stored data (the deriving service sets the
 * windows: activity over 30 days, escalations and ratings over 90).
 */
export interface AccountFactors {
  /** Null when nobody ever logged in: no login points, and a risk factor. */
  lastLoginDays: number | null;
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  /** How many of the scorecard's advanced features are in use. */
  advancedFeaturesUsed: number;
  /** Average session minutes. */
  sessionDuration: number;
  dailyActiveUsers: number;
  completedMilestones: number;
  totalMilestones: number;
  clientCount: number;
  integrationCount: number;
  customFieldsUsed: number;
  /** 0 when there are no ratings. */
  averageSupportRating: number;
  openTicketCount: number;
  escalationCount: number;
  /** Null when there were no tickets to time. */
  responseTimeHours: number | null;
  resolutionTimeHours: number | null;
  /** Null when nobody answered the survey. */
  npsScore: number | null;
  /** Null when there is no contract end date; negative once it has passed. */
  contractEndDays: number | null;
  paymentStatus: PaymentStatus;
  /**
   * Days since the customer relationship began, as of the instant scored. Not a scorecard
   * input: an input for the churn model. Absent in scores stored before it existed.
   */
  tenureDays?: number | null;
}

export interface WeightedBreakdown extends ComponentBreakdown {
  weight: number;
  /** score × weight. */
  weighted: number;
}

export interface HealthExplanation {
  scorecard_version: number;
  profile: string;
  /** The scorecard's components only. */
  components: Partial<Record<ComponentKey, WeightedBreakdown>>;
  overall: { weighted_sum: number; rounded: number };
}

export interface AccountHealth {
  /** Integer 0-100. */
  overall_score: number;
  /** The scorecard's components only. */
  components: Partial<Record<ComponentKey, number>>;
  /** Always computed, in the scorecard or not: risk needs engagement, alerts need both. */
  engagement_score: number;
  satisfaction_score: number;
  explanation: HealthExplanation;
  status: HealthStatus;
  /** Null when predictive scoring is off (no model). */
  churn_probability: number | null;
  churn_model_version: string | null;
  risk_level: RiskLevel;
  priority: Priority;
  risk_factors: string[];
  /** Share 0-1 of the scorecard's weight whose inputs had any data for the account. */
  coverage: number;
  /** Factors that fell back to a default for want of data, in component order. */
  unknown_factors: string[];
}

/**
 * Which of a component's factors fell back to a default for want of data, and whether the
 * component stood on any data at all. The factors cannot tell a zero that was measured from a
 * zero that is missing, so an input source counts as seen when it shows any record: activity
 * (a login ever, a seat, an active user or a feature used in the window), adoption (a milestone
 * completed, an integration connected, an advanced feature used; for adoption also clients),
 * support (a rating, a timed ticket, an open ticket or an escalation in the window). NPS is
 * carried but not scored, so it never makes a component measured; a missing one is reported.
 */
function coverageOf(f: AccountFactors): Record<ComponentKey, { measured: boolean; unknown: string[] }> {
  const activity = f.lastLoginDays !== null || f.totalUsers > 0 || f.activeUsers > 0 || f.featureUsageCount > 0;
  const adoption = f.completedMilestones > 0 || f.integrationCount > 0 || f.advancedFeaturesUsed > 0;
  const support = f.averageSupportRating > 0 || f.responseTimeHours !== null || f.openTicketCount > 0 || f.escalationCount > 0;
  const fromActivity = (all: string[], seats: string) => (activity ? (f.totalUsers > 0 ? [] : [seats]) : all);
  return {
    engagement: { measured: activity, unknown: fromActivity(['login_recency', 'active_users', 'feature_usage'], 'active_users') },
    usage: { measured: activity, unknown: fromActivity(['seat_activation', 'feature_breadth', 'session_depth'], 'seat_activation') },
    adoption: {
      measured: adoption || f.clientCount > 0,
      unknown: adoption || f.clientCount > 0 ? [] : ['milestone_completion', 'client_portfolio', 'feature_depth', 'integrations'],
    },
    value_realization: { measured: adoption, unknown: adoption ? [] : ['milestone_completion', 'integrations', 'feature_depth'] },
    satisfaction: {
      measured: support,
      unknown: [
        ...(f.averageSupportRating > 0 ? [] : ['support_rating']),
        ...(f.responseTimeHours !== null ? [] : ['response_time']),
        ...(f.npsScore !== null ? [] : ['nps']),
      ],
    },
  };
}

/**
 * How much of a score stands on data: the measured components' share of the scorecard's weight
 * (to four decimals) and the factors of the scorecard's components that fell back to a default
 * (missing satisfaction data scores a neutral 80, missing adoption data 0), each named once.
 */
export function scoreCoverage(f: AccountFactors, scorecard: Pick<Scorecard, 'weights'>): { coverage: number; unknown_factors: string[] } {
  const known = coverageOf(f);
  let total = 0;
  let measured = 0;
  const unknown = new Set<string>();
  for (const key of COMPONENT_KEYS) {
    const weight = scorecard.weights[key];
    if (weight === undefined) continue;
    total += weight;
    if (known[key].measured) measured += weight;
    for (const factor of known[key].unknown) unknown.add(factor);
  }
  return { coverage: total > 0 ? Math.round((measured / total) * 10_000) / 10_000 : 0, unknown_factors: [...unknown] };
}

/**
 * Maps an account's factors onto each component's input shape: a never-logged-in account
 * gets an infinite login age (no login points); feature depth is the share of the
 * scorecard's advanced features in use (0 when none are configured, at most 1); open tickets
 * are the reference's support tickets; a missing NPS is 0 (the reference does not score it).
 */
function componentBreakdowns(f: AccountFactors, scorecard: Scorecard): Record<ComponentKey, () => ComponentBreakdown> {
  const configured = scorecard.advanced_features.length;
  const depth = configured > 0 ? Math.min(1, f.advancedFeaturesUsed / configured) : 0;
  return {
    engagement: () =>
      engagementBreakdown({
        lastLoginDays: f.lastLoginDays ?? Number.POSITIVE_INFINITY,
        activeUsers: f.activeUsers,
        totalUsers: f.totalUsers,
        featureUsageCount: f.featureUsageCount,
        sessionDuration: f.sessionDuration,
        dailyActiveUsers: f.dailyActiveUsers,
      }),
    adoption: () =>
      adoptionBreakdown({
        completedMilestones: f.completedMilestones,
        totalMilestones: f.totalMilestones,
        clientCount: f.clientCount,
        featureDepth: depth,
        integrationCount: f.integrationCount,
        customFieldsUsed: f.customFieldsUsed,
      }),
    satisfaction: () =>
      satisfactionBreakdown({
        averageSupportRating: f.averageSupportRating,
        supportTicketCount: f.openTicketCount,
        escalationCount: f.escalationCount,
        responseTimeHours: f.responseTimeHours,
        resolutionTimeHours: f.resolutionTimeHours,
        npsScore: f.npsScore ?? 0,
      }),
    usage: () =>
      usageBreakdown({
        activeUsers: f.activeUsers,
        totalUsers: f.totalUsers,
        featureUsageCount: f.featureUsageCount,
        sessionDuration: f.sessionDuration,
        dailyActiveUsers: f.dailyActiveUsers,
      }),
    value_realization: () =>
      valueRealizationBreakdown({
        completedMilestones: f.completedMilestones,
        totalMilestones: f.totalMilestones,
        integrationCount: f.integrationCount,
        featureDepth: depth,
      }),
  };
}

/**
 * Adverse signals as short sentences (the widgets show them: keep the wording stable), most
 * severe first. Severity follows the reference's risk ladder where it has a line (failed
 * payment, contract under 30/60/120 days, more than 5/2 open tickets, engagement under 30);
 * elsewhere: overdue payment, no login for over 30 days or ever, and three or more escalations
 * are high; a login 8-30 days ago and fewer escalations medium; one or two open tickets and a
 * negative NPS low. Equal severities keep the order below.
 */
/** The kinds of risk factor, each with its parameters: what a widget translates (`RiskFactor.code`). */
export interface RiskFactorParams {
  payment_failed: Record<string, never>;
  payment_overdue: Record<string, never>;
  contract_ended_days: { days: number };
  contract_ends_today: Record<string, never>;
  contract_ends_days: { days: number };
  never_logged_in: Record<string, never>;
  no_login_days: { days: number };
  low_engagement: { score: number };
  escalations_90d: { count: number };
  open_tickets: { count: number };
  negative_nps: { nps: number };
}
export type RiskFactorCode = keyof RiskFactorParams;

/**
 * A risk factor as the API sends it: a code with its parameters, for clients that put it in their
 * own words (the widgets translate it), and the English sentence (`text`, what `risk_factors` holds).
 * `other` is a sentence no code describes (one stored by an older version).
 */
export type RiskFactor =
  | { [C in RiskFactorCode]: { code: C; params: RiskFactorParams[C]; text: string } }[RiskFactorCode]
  | { code: 'other'; params: Record<string, never>; text: string };

/** Each code's English sentence, and the pattern that reads a stored sentence back into the code's parameters. */
const RISK_FACTOR_WORDS: { [C in RiskFactorCode]: { text: (p: RiskFactorParams[C]) => string; pattern: RegExp; params: (m: RegExpExecArray) => RiskFactorParams[C] } } = {
  payment_failed: { text: () => 'Payment failed', pattern: /^Payment failed$/, params: () => ({}) },
  payment_overdue: { text: () => 'Payment overdue', pattern: /^Payment overdue$/, params: () => ({}) },
  contract_ended_days: { text: (p) => `Contract ended ${plural(p.days, 'day')} ago`, pattern: /^Contract ended (\d+) days? ago$/, params: (m) => ({ days: Number(m[1]) }) },
  contract_ends_today: { text: () => 'Contract ends today', pattern: /^Contract ends today$/, params: () => ({}) },
  contract_ends_days: { text: (p) => `Contract ends in ${plural(p.days, 'day')}`, pattern: /^Contract ends in (\d+) days?$/, params: (m) => ({ days: Number(m[1]) }) },
  never_logged_in: { text: () => 'Never logged in', pattern: /^Never logged in$/, params: () => ({}) },
  no_login_days: { text: (p) => `No login in ${p.days} days`, pattern: /^No login in (\d+) days$/, params: (m) => ({ days: Number(m[1]) }) },
  low_engagement: { text: (p) => `Engagement score ${p.score}`, pattern: /^Engagement score (-?\d+)$/, params: (m) => ({ score: Number(m[1]) }) },
  escalations_90d: { text: (p) => `${plural(p.count, 'escalation')} in 90 days`, pattern: /^(\d+) escalations? in 90 days$/, params: (m) => ({ count: Number(m[1]) }) },
  open_tickets: { text: (p) => plural(p.count, 'open support ticket'), pattern: /^(\d+) open support tickets?$/, params: (m) => ({ count: Number(m[1]) }) },
  negative_nps: { text: (p) => `NPS ${p.nps}`, pattern: /^NPS (-?\d+)$/, params: (m) => ({ nps: Number(m[1]) }) },
};

/** A risk factor of `code` with `params`, and its English sentence. */
export function riskFactor<C extends RiskFactorCode>(code: C, params: RiskFactorParams[C]): RiskFactor {
  return { code, params, text: RISK_FACTOR_WORDS[code].text(params) } as RiskFactor;
}

/**
 * A stored risk factor sentence (the `risk_factors` column keeps the sentences) as its code and
 * parameters; a sentence no code describes is `other`.
 */
export function riskFactorOf(text: string): RiskFactor {
  for (const code of Object.keys(RISK_FACTOR_WORDS) as RiskFactorCode[]) {
    const words = RISK_FACTOR_WORDS[code];
    const match = words.pattern.exec(text);
    if (match) return { code, params: words.params(match), text } as RiskFactor;
  }
  return { code: 'other', params: {}, text };
}

function riskFactorsOf(f: AccountFactors, engagementScore: number): string[] {
  const signals: Array<[RiskLevel, RiskFactor]> = [];
  if (f.paymentStatus === 'failed') signals.push(['critical', riskFactor('payment_failed', {})]);
  if (f.paymentStatus === 'overdue') signals.push(['high', riskFactor('payment_overdue', {})]);
  const contract = f.contractEndDays;
  if (contract !== null && contract < 120) {
    const severity = contract < 30 ? 'critical' : contract < 60 ? 'high' : 'medium';
    const factor =
      contract < 0
        ? riskFactor('contract_ended_days', { days: -contract })
        : contract === 0
          ? riskFactor('contract_ends_today', {})
          : riskFactor('contract_ends_days', { days: contract });
    signals.push([severity, factor]);
  }
  if (f.lastLoginDays === null) signals.push(['high', riskFactor('never_logged_in', {})]);
  else if (f.lastLoginDays > 7) signals.push([f.lastLoginDays > 30 ? 'high' : 'medium', riskFactor('no_login_days', { days: f.lastLoginDays })]);
  if (engagementScore < 30) signals.push(['high', riskFactor('low_engagement', { score: Math.round(engagementScore) })]);
  if (f.escalationCount > 0) {
    signals.push([f.escalationCount >= 3 ? 'high' : 'medium', riskFactor('escalations_90d', { count: f.escalationCount })]);
  }
  if (f.openTicketCount > 0) {
    const severity = f.openTicketCount > 5 ? 'critical' : f.openTicketCount > 2 ? 'high' : 'low';
    signals.push([severity, riskFactor('open_tickets', { count: f.openTicketCount })]);
  }
  if (f.npsScore !== null && f.npsScore < 0) signals.push(['low', riskFactor('negative_nps', { nps: Math.round(f.npsScore) })]);
  const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);
  // Array.prototype.sort is stable, so equal severities keep the order above.
  return signals.sort((a, b) => rank(b[0]) - rank(a[0])).map(([, factor]) => factor.text);
}

/**
 * Scores one account with a scorecard: each component, the overall (Math.round of the
 * weighted sum, added in COMPONENT_KEYS order whatever order the stored weights come back in,
 * so the reference profile equals calculateOverallHealthScore bit for bit), status, churn
 * probability (none when the model is switched off), risk level, priority and risk factors.
 * Risk and the churn model use engagement and satisfaction even when the scorecard leaves
 * them out; without a model both risk and priority read the churn probability as 0.
 */
export function scoreAccount(f: AccountFactors, scorecard: Scorecard, churnModel: ChurnModel | null): AccountHealth {
  const breakdowns = componentBreakdowns(f, scorecard);
  const components: Partial<Record<ComponentKey, number>> = {};
  const explained: Partial<Record<ComponentKey, WeightedBreakdown>> = {};
  let weightedSum = 0;
  for (const key of COMPONENT_KEYS) {
    const weight = scorecard.weights[key];
    if (weight === undefined) continue;
    const breakdown = breakdowns[key]();
    const weighted = breakdown.score * weight;
    components[key] = breakdown.score;
    explained[key] = { ...breakdown, weight, weighted };
    weightedSum += weighted;
  }
  const overall = Math.round(weightedSum);
  const engagement = components.engagement ?? breakdowns.engagement().score;
  const satisfaction = components.satisfaction ?? breakdowns.satisfaction().score;
  const churnProbability = churnModel
    ? churnModel.predict({
        healthScore: overall,
        engagementScore: engagement,
        satisfactionScore: satisfaction,
        lastLoginDays: f.lastLoginDays,
        openTicketCount: f.openTicketCount,
        escalationCount: f.escalationCount,
        paymentStatus: f.paymentStatus,
        contractEndDays: f.contractEndDays,
      })
    : null;
  return {
    overall_score: overall,
    components,
    engagement_score: engagement,
    satisfaction_score: satisfaction,
    explanation: {
      scorecard_version: scorecard.version,
      profile: scorecard.profile,
      components: explained,
      overall: { weighted_sum: weightedSum, rounded: overall },
    },
    status: healthStatus(overall),
    churn_probability: churnProbability,
    churn_model_version: churnModel ? churnModel.version : null,
    risk_level: determineRiskLevel({
      healthScore: overall,
      contractEndDays: f.contractEndDays,
      openTicketCount: f.openTicketCount,
      engagementScore: engagement,
      paymentStatus: f.paymentStatus,
      churnPrediction: churnProbability ?? 0,
    }),
    priority: interventionPriority({ churnProbability: churnProbability ?? 0, healthScore: overall }),
    risk_factors: riskFactorsOf(f, engagement),
    ...scoreCoverage(f, scorecard),
  };
}
