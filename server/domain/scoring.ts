/**
 * The health-scoring engine: pure functions, no I/O. The five `calculate*` / `determineRiskLevel`
 * functions keep the health-scoring reference's names, input shapes, arithmetic, caps, clamping
 * and rounding; status bands, churn-risk categories and the priority table come from the
 * dashboard document. Each component is written once, as a breakdown that explains itself;
 * the reference-named function returns the breakdown's score, so the two cannot diverge.
 */
import type { ChurnModel } from './churn';
import type { ComponentKey, Scorecard } from './scorecard';

export const HEALTH_STATUSES = ['excellent', 'good', 'warning', 'critical', 'churn_risk'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
/** Intervention priorities, least to most urgent. */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const PAYMENT_STATUSES = ['current', 'overdue', 'failed'] as const;

export type HealthStatus = (typeof HEALTH_STATUSES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// ---- The reference's input shapes ----

export interface EngagementFactors {
  lastLoginDays: number;
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  sessionDuration: number;
  dailyActiveUsers: number;
}

export interface AdoptionFactors {
  completedMilestones: number;
  totalMilestones: number;
  /** The reference's active wedding clients: the host's own unit of portfolio size. */
  clientCount: number;
  featureDepth: number;
  integrationCount: number;
  customFieldsUsed: number;
}

export interface SatisfactionFactors {
  averageSupportRating: number;
  supportTicketCount: number;
  escalationCount: number;
  /** Null when there were no tickets in the window: no response-time adjustment at all. */
  responseTimeHours: number | null;
  resolutionTimeHours: number | null;
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
  churnPrediction: number;
}

/** Inputs of the dashboard profile's usage component. */
export interface UsageFactors {
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  /** Average session length in minutes. */
  sessionDuration: number;
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
  value: number | null;
  /** Signed: what the factor added or took away. */
  points: number;
  max_points: number;
  /** A cap held this factor's points down. */
  capped: boolean;
}

export interface ComponentBreakdown {
  score: number;
  contributions: FactorContribution[];
  /** The 0-100 clamp changed the sum of the contributions. */
  clamped: boolean;
}

const clamp100 = (raw: number) => Math.max(0, Math.min(100, raw));

/** Sums contributions onto a base and clamps, recording whether the clamp bit. */
function finish(base: number, contributions: FactorContribution[]): ComponentBreakdown {
  const raw = contributions.reduce((sum, c) => sum + c.points, base);
  const score = clamp100(raw);
  return { score, contributions, clamped: score !== raw };
}

/** A contribution limited by Math.min(max, uncapped), as the reference writes its caps. */
function capped(factor: string, label: string, value: number | null, uncapped: number, max: number): FactorContribution {
  return { factor, label, value, points: Math.min(max, uncapped), max_points: max, capped: uncapped > max };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- Engagement (reference, 40 %) ----

export function engagementBreakdown(f: EngagementFactors): ComponentBreakdown {
  const recency =
    f.lastLoginDays <= 1 ? 40 : f.lastLoginDays <= 7 ? 30 : f.lastLoginDays <= 30 ? 20 : f.lastLoginDays <= 90 ? 10 : 0;
  const known = Number.isFinite(f.lastLoginDays);
  const contributions: FactorContribution[] = [
    {
      factor: 'login_recency',
      label: known ? `Last login ${plural(f.lastLoginDays, 'day')} ago` : 'Never logged in',
      value: known ? f.lastLoginDays : null,
      points: recency,
      max_points: 40,
      capped: false,
    },
  ];
  if (f.totalUsers > 0) {
    const ratio = f.activeUsers / f.totalUsers;
    contributions.push(capped('active_users', `${f.activeUsers} of ${plural(f.totalUsers, 'seat')} active in 30 days`, ratio, ratio * 30, 30));
  } else {
    contributions.push({ factor: 'active_users', label: 'No seats', value: null, points: 0, max_points: 30, capped: false });
  }
  contributions.push(
    capped('feature_usage', `${plural(f.featureUsageCount, 'feature')} used in 30 days`, f.featureUsageCount, f.featureUsageCount * 3, 30),
  );
  return finish(0, contributions);
}

export const calculateEngagementScore = (factors: EngagementFactors): number => engagementBreakdown(factors).score;

// ---- Adoption (reference, 40 %) ----

export function adoptionBreakdown(f: AdoptionFactors): ComponentBreakdown {
  const rate = f.totalMilestones > 0 ? f.completedMilestones / f.totalMilestones : null;
  return finish(0, [
    {
      factor: 'milestone_completion',
      label: `${f.completedMilestones} of ${plural(f.totalMilestones, 'milestone')} completed`,
      value: rate,
      points: rate === null ? 0 : rate * 50,
      max_points: 50,
      capped: false,
    },
    capped('client_portfolio', `Portfolio of ${f.clientCount}`, f.clientCount, f.clientCount * 2.5, 25),
    capped('feature_depth', `${Math.round(f.featureDepth * 100)} % of advanced features in use`, f.featureDepth, f.featureDepth * 15, 15),
    capped('integrations', `${plural(f.integrationCount, 'integration')} connected`, f.integrationCount, f.integrationCount * 2, 10),
  ]);
}

export const calculateAdoptionScore = (factors: AdoptionFactors): number => adoptionBreakdown(factors).score;

// ---- Satisfaction (reference, 20 %) ----

/**
 * The reference starts at a neutral 80 and, when there is a support rating, replaces it with
 * rating × 20; the replacement is shown as the rating's contribution against that base.
 */
export function satisfactionBreakdown(f: SatisfactionFactors): ComponentBreakdown {
  const base = 80;
  const rated = f.averageSupportRating > 0;
  const contributions: FactorContribution[] = [
    {
      factor: 'support_rating',
      label: rated ? `Average support rating ${f.averageSupportRating.toFixed(1)} of 5` : 'No support ratings: neutral 80',
      value: rated ? f.averageSupportRating : null,
      points: rated ? f.averageSupportRating * 20 - base : 0,
      max_points: 20,
      capped: false,
    },
  ];
  const ticketPenalty = Math.min(20, f.supportTicketCount * 4);
  contributions.push({
    factor: 'open_tickets',
    label: `${plural(f.supportTicketCount, 'open ticket')}`,
    value: f.supportTicketCount,
    points: -ticketPenalty,
    max_points: 0,
    capped: f.supportTicketCount * 4 > 20,
  });
  const escalationPenalty = Math.min(30, f.escalationCount * 10);
  contributions.push({
    factor: 'escalations',
    label: `${plural(f.escalationCount, 'escalation')}`,
    value: f.escalationCount,
    points: -escalationPenalty,
    max_points: 0,
    capped: f.escalationCount * 10 > 30,
  });
  const response = f.responseTimeHours;
  contributions.push({
    factor: 'response_time',
    label: response === null ? 'No tickets to time' : `Average first response ${response.toFixed(1)} h`,
    value: response,
    points: response === null ? 0 : response < 2 ? 10 : response > 24 ? -10 : 0,
    max_points: 10,
    capped: false,
  });
  return finish(base, contributions);
}

export const calculateSatisfactionScore = (factors: SatisfactionFactors): number => satisfactionBreakdown(factors).score;

// ---- The dashboard profile's own components ----

/**
 * Usage: seat activation activeUsers/totalUsers × 40 (max 40), feature breadth
 * min(30, features × 3), session depth min(30, average session minutes).
 */
export function usageBreakdown(f: UsageFactors): ComponentBreakdown {
  const ratio = f.totalUsers > 0 ? f.activeUsers / f.totalUsers : 0;
  return finish(0, [
    capped('seat_activation', `${f.activeUsers} of ${plural(f.totalUsers, 'seat')} active in 30 days`, ratio, ratio * 40, 40),
    capped('feature_breadth', `${plural(f.featureUsageCount, 'feature')} used in 30 days`, f.featureUsageCount, f.featureUsageCount * 3, 30),
    capped('session_depth', `Average session ${f.sessionDuration.toFixed(0)} min`, f.sessionDuration, f.sessionDuration, 30),
  ]);
}

export const calculateUsageScore = (factors: UsageFactors): number => usageBreakdown(factors).score;

/**
 * Value realisation: milestone completion × 60, integrations min(20, count × 5),
 * feature depth min(20, depth × 20).
 */
export function valueRealizationBreakdown(f: ValueRealizationFactors): ComponentBreakdown {
  const rate = f.totalMilestones > 0 ? f.completedMilestones / f.totalMilestones : null;
  return finish(0, [
    {
      factor: 'milestone_completion',
      label: `${f.completedMilestones} of ${plural(f.totalMilestones, 'milestone')} completed`,
      value: rate,
      points: rate === null ? 0 : rate * 60,
      max_points: 60,
      capped: false,
    },
    capped('integrations', `${plural(f.integrationCount, 'integration')} connected`, f.integrationCount, f.integrationCount * 5, 20),
    capped('feature_depth', `${Math.round(f.featureDepth * 100)} % of advanced features in use`, f.featureDepth, f.featureDepth * 20, 20),
  ]);
}

export const calculateValueRealizationScore = (factors: ValueRealizationFactors): number =>
  valueRealizationBreakdown(factors).score;

// ---- Overall, status, risk, priority ----

export function calculateOverallHealthScore(components: HealthScoreComponents): number {
  const weights = { engagement: 0.4, adoption: 0.4, satisfaction: 0.2 };
  const weightedScore =
    components.engagement * weights.engagement +
    components.adoption * weights.adoption +
    components.satisfaction * weights.satisfaction;
  return Math.round(weightedScore);
}

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

/** Bands by plain comparison (85-100 excellent … 0-24 churn risk); a fraction such as 84.5 falls in the lower band. */
export function healthStatus(score: number): HealthStatus {
  if (score >= 85) return 'excellent';
  if (score >= 70) return 'good';
  if (score >= 50) return 'warning';
  if (score >= 25) return 'critical';
  return 'churn_risk';
}

/** Low up to 0.30, medium up to 0.60, high up to 0.80, critical above. */
export function churnRiskCategory(probability: number): RiskLevel {
  if (probability <= 0.3) return 'low';
  if (probability <= 0.6) return 'medium';
  if (probability <= 0.8) return 'high';
  return 'critical';
}

/** The dashboard document's priority table. */
export function interventionPriority({ churnProbability, healthScore }: { churnProbability: number; healthScore: number }): Priority {
  if (churnProbability > 0.7 || healthScore < 25) return 'critical';
  if (churnProbability > 0.5 || healthScore < 50) return 'high';
  if (churnProbability > 0.3 || healthScore < 70) return 'medium';
  return 'low';
}

// ---- One account, end to end ----

/** An account's scoring inputs, as derived from stored data. */
export interface AccountFactors {
  /** Null when nobody ever logged in. */
  lastLoginDays: number | null;
  activeUsers: number;
  totalUsers: number;
  featureUsageCount: number;
  advancedFeaturesUsed: number;
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
  responseTimeHours: number | null;
  resolutionTimeHours: number | null;
  npsScore: number | null;
  contractEndDays: number | null;
  paymentStatus: PaymentStatus;
}

export interface WeightedBreakdown extends ComponentBreakdown {
  weight: number;
  weighted: number;
}

export interface HealthExplanation {
  scorecard_version: number;
  profile: string;
  components: Partial<Record<ComponentKey, WeightedBreakdown>>;
  overall: { weighted_sum: number; rounded: number };
}

export interface AccountHealth {
  overall_score: number;
  components: Partial<Record<ComponentKey, number>>;
  /** Always computed, in the scorecard or not: risk needs engagement, alerts need both. */
  engagement_score: number;
  satisfaction_score: number;
  explanation: HealthExplanation;
  status: HealthStatus;
  churn_probability: number | null;
  churn_model_version: string | null;
  risk_level: RiskLevel;
  priority: Priority;
  risk_factors: string[];
}

function componentBreakdowns(f: AccountFactors, scorecard: Scorecard): Record<ComponentKey, () => ComponentBreakdown> {
  const featureDepth =
    scorecard.advanced_features.length > 0 ? Math.min(1, f.advancedFeaturesUsed / scorecard.advanced_features.length) : 0;
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
        featureDepth,
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
        featureDepth,
      }),
  };
}

/**
 * Adverse signals as short sentences, most severe first. Open tickets are listed from the
 * first one; the reference's high-risk line is more than two.
 */
export function riskFactorsOf(f: AccountFactors, engagementScore: number): string[] {
  const factors: string[] = [];
  if (f.paymentStatus === 'failed') factors.push('Payment failed');
  if (f.paymentStatus === 'overdue') factors.push('Payment overdue');
  if (f.contractEndDays !== null && f.contractEndDays < 0) factors.push(`Contract ended ${plural(-f.contractEndDays, 'day')} ago`);
  else if (f.contractEndDays !== null && f.contractEndDays < 120) factors.push(`Contract ends in ${plural(f.contractEndDays, 'day')}`);
  if (f.lastLoginDays === null) factors.push('Never logged in');
  else if (f.lastLoginDays > 7) factors.push(`No login in ${f.lastLoginDays} days`);
  if (f.escalationCount > 0) factors.push(`${plural(f.escalationCount, 'escalation')} in 90 days`);
  if (f.openTicketCount > 0) factors.push(`${plural(f.openTicketCount, 'open support ticket')}`);
  if (engagementScore < 30) factors.push(`Engagement score ${Math.round(engagementScore)}`);
  if (f.npsScore !== null && f.npsScore < 0) factors.push(`NPS ${Math.round(f.npsScore)}`);
  return factors;
}

/**
 * Scores one account with a scorecard: each component, the overall (Math.round of the weighted
 * sum; for the reference profile exactly calculateOverallHealthScore), status, churn probability
 * (none when the model is switched off), risk level, priority and risk factors.
 */
export function scoreAccount(f: AccountFactors, scorecard: Scorecard, churnModel: ChurnModel | null): AccountHealth {
  const breakdowns = componentBreakdowns(f, scorecard);
  const components: Partial<Record<ComponentKey, number>> = {};
  const explained: Partial<Record<ComponentKey, WeightedBreakdown>> = {};
  let weightedSum = 0;
  for (const [key, weight] of Object.entries(scorecard.weights) as Array<[ComponentKey, number]>) {
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
  };
}
