import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_CHURN_COEFFICIENTS,
  churnCoefficientsSchema,
  logisticChurnModel,
  type ChurnInput,
  type PaymentStatus,
} from '../../server/domain/churn';
import { REFERENCE_SCORECARD, VALUE_SCORECARD, type Scorecard } from '../../server/domain/scorecard';
import {
  adoptionBreakdown,
  calculateAdoptionScore,
  calculateEngagementScore,
  calculateOverallHealthScore,
  calculateSatisfactionScore,
  calculateUsageScore,
  calculateValueRealizationScore,
  churnRiskCategory,
  determineRiskLevel,
  engagementBreakdown,
  healthStatus,
  interventionPriority,
  riskFactor,
  riskFactorOf,
  satisfactionBreakdown,
  scoreAccount,
  usageBreakdown,
  valueRealizationBreakdown,
  type AccountFactors,
  type AdoptionFactors,
  type ComponentBreakdown,
  type EngagementFactors,
  type FactorContribution,
  type RiskFactors,
  type SatisfactionFactors,
  type UsageFactors,
  type ValueRealizationFactors,
} from '../../server/domain/scoring';

/** The health-scoring reference's functions, verbatim, as the oracle for "identical behaviour". */
const reference = {
  engagement(factors: EngagementFactors): number {
    let score = 0;
    if (factors.lastLoginDays <= 1) score += 40;
    else if (factors.lastLoginDays <= 7) score += 30;
    else if (factors.lastLoginDays <= 30) score += 20;
    else if (factors.lastLoginDays <= 90) score += 10;
    if (factors.totalUsers > 0) {
      const activeRatio = factors.activeUsers / factors.totalUsers;
      score += Math.min(30, activeRatio * 30);
    }
    score += Math.min(30, factors.featureUsageCount * 3);
    return Math.max(0, Math.min(100, score));
  },
  adoption(factors: AdoptionFactors): number {
    let score = 0;
    if (factors.totalMilestones > 0) {
      const completionRate = factors.completedMilestones / factors.totalMilestones;
      score += completionRate * 50;
    }
    score += Math.min(25, factors.clientCount * 2.5);
    score += Math.min(15, factors.featureDepth * 15);
    score += Math.min(10, factors.integrationCount * 2);
    return Math.max(0, Math.min(100, score));
  },
  satisfaction(factors: Omit<SatisfactionFactors, 'responseTimeHours'> & { responseTimeHours: number }): number {
    let score = 80;
    if (factors.averageSupportRating > 0) {
      score = factors.averageSupportRating * 20;
    }
    score -= Math.min(20, factors.supportTicketCount * 4);
    score -= Math.min(30, factors.escalationCount * 10);
    if (factors.responseTimeHours < 2) score += 10;
    else if (factors.responseTimeHours > 24) score -= 10;
    return Math.max(0, Math.min(100, score));
  },
};

const scorecard = (config: typeof REFERENCE_SCORECARD, version = 1): Scorecard => ({ ...config, version });
const REFERENCE = scorecard(REFERENCE_SCORECARD);
const DASHBOARD = scorecard(VALUE_SCORECARD, 2);

const idleEngagement: EngagementFactors = {
  lastLoginDays: Number.POSITIVE_INFINITY,
  activeUsers: 0,
  totalUsers: 0,
  featureUsageCount: 0,
  sessionDuration: 0,
  dailyActiveUsers: 0,
};
const idleAdoption: AdoptionFactors = {
  completedMilestones: 0,
  totalMilestones: 0,
  clientCount: 0,
  featureDepth: 0,
  integrationCount: 0,
  customFieldsUsed: 0,
};
const quietSatisfaction: SatisfactionFactors = {
  averageSupportRating: 0,
  supportTicketCount: 0,
  escalationCount: 0,
  responseTimeHours: null,
  resolutionTimeHours: null,
  npsScore: 0,
};
const idleUsage: UsageFactors = { activeUsers: 0, totalUsers: 0, featureUsageCount: 0, sessionDuration: 0, dailyActiveUsers: 0 };
const idleValue: ValueRealizationFactors = { completedMilestones: 0, totalMilestones: 0, integrationCount: 0, featureDepth: 0 };

const healthyAccount: AccountFactors = {
  lastLoginDays: 1,
  activeUsers: 9,
  totalUsers: 10,
  featureUsageCount: 12,
  advancedFeaturesUsed: 4,
  sessionDuration: 35,
  dailyActiveUsers: 6,
  completedMilestones: 5,
  totalMilestones: 6,
  clientCount: 12,
  integrationCount: 4,
  customFieldsUsed: 3,
  averageSupportRating: 4.6,
  openTicketCount: 0,
  escalationCount: 0,
  responseTimeHours: 1.5,
  resolutionTimeHours: 10,
  npsScore: 60,
  contractEndDays: 300,
  paymentStatus: 'current',
};

const failingAccount: AccountFactors = {
  lastLoginDays: 45,
  activeUsers: 1,
  totalUsers: 10,
  featureUsageCount: 2,
  advancedFeaturesUsed: 0,
  sessionDuration: 4,
  dailyActiveUsers: 0.2,
  completedMilestones: 1,
  totalMilestones: 6,
  clientCount: 1,
  integrationCount: 0,
  customFieldsUsed: 0,
  averageSupportRating: 1.5,
  openTicketCount: 6,
  escalationCount: 3,
  responseTimeHours: 30,
  resolutionTimeHours: 120,
  npsScore: -40,
  contractEndDays: 25,
  paymentStatus: 'failed',
};

const contribution = (b: ComponentBreakdown, factor: string): FactorContribution => {
  const found = b.contributions.find((c) => c.factor === factor);
  if (!found) throw new Error(`no ${factor} contribution`);
  return found;
};

// ---- Arbitraries ----

const nonNegative = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
const anyNumber = fc.oneof(fc.integer({ min: -50, max: 500 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const payment = fc.constantFrom<PaymentStatus>('current', 'overdue', 'failed');

const engagementOf = (n: fc.Arbitrary<number>) =>
  fc.record({
    lastLoginDays: fc.oneof(n, fc.constant(Number.POSITIVE_INFINITY)),
    activeUsers: n,
    totalUsers: n,
    featureUsageCount: n,
    sessionDuration: n,
    dailyActiveUsers: n,
  });
const adoptionOf = (n: fc.Arbitrary<number>) =>
  fc.record({
    completedMilestones: n,
    totalMilestones: n,
    clientCount: n,
    featureDepth: n,
    integrationCount: n,
    customFieldsUsed: n,
  });
const satisfactionOf = (n: fc.Arbitrary<number>) =>
  fc.record({
    averageSupportRating: n,
    supportTicketCount: n,
    escalationCount: n,
    responseTimeHours: fc.option(n, { nil: null }),
    resolutionTimeHours: fc.option(n, { nil: null }),
    npsScore: n,
  });
const usageOf = (n: fc.Arbitrary<number>) =>
  fc.record({ activeUsers: n, totalUsers: n, featureUsageCount: n, sessionDuration: n, dailyActiveUsers: n });
const valueOf = (n: fc.Arbitrary<number>) =>
  fc.record({ completedMilestones: n, totalMilestones: n, integrationCount: n, featureDepth: n });

const count = fc.integer({ min: 0, max: 200 });
const accountFactors: fc.Arbitrary<AccountFactors> = fc.record({
  lastLoginDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
  activeUsers: count,
  totalUsers: count,
  featureUsageCount: count,
  advancedFeaturesUsed: fc.integer({ min: 0, max: 8 }),
  sessionDuration: fc.double({ min: 0, max: 600, noNaN: true }),
  dailyActiveUsers: fc.double({ min: 0, max: 200, noNaN: true }),
  completedMilestones: fc.integer({ min: 0, max: 10 }),
  totalMilestones: fc.integer({ min: 0, max: 10 }),
  clientCount: count,
  integrationCount: count,
  customFieldsUsed: count,
  averageSupportRating: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 5, noNaN: true })),
  openTicketCount: count,
  escalationCount: count,
  responseTimeHours: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: null }),
  resolutionTimeHours: fc.option(fc.double({ min: 0, max: 500, noNaN: true }), { nil: null }),
  npsScore: fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }),
  contractEndDays: fc.option(fc.integer({ min: -60, max: 800 }), { nil: null }),
  paymentStatus: payment,
});

const withinScale = (x: number) => Number.isFinite(x) && x >= 0 && x <= 100;

// ---- Engagement ----

describe('engagement (reference, 40 %)', () => {
  it.each([
    [0, 40],
    [1, 40],
    [2, 30],
    [7, 30],
    [8, 20],
    [30, 20],
    [31, 10],
    [90, 10],
    [91, 0],
    [Number.POSITIVE_INFINITY, 0],
  ])('login %s days ago earns %s points', (lastLoginDays, points) => {
    const b = engagementBreakdown({ ...idleEngagement, lastLoginDays });
    expect(b.score).toBe(points);
    expect(contribution(b, 'login_recency')).toMatchObject({ points, max_points: 40, capped: false });
  });

  it('explains a never-logged-in account without an infinite value', () => {
    const login = contribution(engagementBreakdown(idleEngagement), 'login_recency');
    expect(login).toMatchObject({ label: 'Never logged in', value: null, points: 0 });
    expect(contribution(engagementBreakdown({ ...idleEngagement, lastLoginDays: 3 }), 'login_recency').label).toBe(
      'Last login 3 days ago',
    );
  });

  it.each([
    [5, 10, 15, false],
    [10, 10, 30, false],
    [12, 10, 30, true],
    [3, 0, 0, false],
  ])('%s of %s seats active earns %s points (capped %s)', (activeUsers, totalUsers, points, capped) => {
    const b = engagementBreakdown({ ...idleEngagement, activeUsers, totalUsers });
    expect(b.score).toBe(points);
    expect(contribution(b, 'active_users')).toMatchObject({ points, max_points: 30, capped });
  });

  it.each([
    [9, 27, false],
    [10, 30, false],
    [11, 30, true],
  ])('%s features used earn %s points (capped %s)', (featureUsageCount, points, capped) => {
    const b = engagementBreakdown({ ...idleEngagement, featureUsageCount });
    expect(b.score).toBe(points);
    expect(contribution(b, 'feature_usage')).toMatchObject({ points, capped });
  });

  it('tops out at exactly 100 without clamping', () => {
    const b = engagementBreakdown({ ...idleEngagement, lastLoginDays: 0, activeUsers: 4, totalUsers: 4, featureUsageCount: 10 });
    expect(b).toMatchObject({ score: 100, clamped: false });
  });
});

// ---- Adoption ----

describe('adoption (reference, 40 %)', () => {
  it.each([
    [0, 0, 0, null],
    [0, 6, 0, 0],
    [3, 6, 25, 0.5],
    [6, 6, 50, 1],
  ])('%s of %s milestones earn %s points', (completedMilestones, totalMilestones, points, value) => {
    const b = adoptionBreakdown({ ...idleAdoption, completedMilestones, totalMilestones });
    expect(b.score).toBe(points);
    expect(contribution(b, 'milestone_completion')).toMatchObject({ points, value, max_points: 50 });
  });

  it.each([
    [9, 22.5, false],
    [10, 25, false],
    [11, 25, true],
  ])('a portfolio of %s earns %s points (capped %s)', (clientCount, points, capped) => {
    const b = adoptionBreakdown({ ...idleAdoption, clientCount });
    expect(b.score).toBe(points);
    expect(contribution(b, 'client_portfolio')).toMatchObject({ points, capped, max_points: 25 });
  });

  it.each([
    [0.5, 7.5, false],
    [1, 15, false],
    [1.2, 15, true],
  ])('feature depth %s earns %s points (capped %s)', (featureDepth, points, capped) => {
    const b = adoptionBreakdown({ ...idleAdoption, featureDepth });
    expect(b.score).toBe(points);
    expect(contribution(b, 'feature_depth')).toMatchObject({ points, capped, max_points: 15 });
  });

  it.each([
    [4, 8, false],
    [5, 10, false],
    [6, 10, true],
  ])('%s integrations earn %s points (capped %s)', (integrationCount, points, capped) => {
    const b = adoptionBreakdown({ ...idleAdoption, integrationCount });
    expect(b.score).toBe(points);
    expect(contribution(b, 'integrations')).toMatchObject({ points, capped, max_points: 10 });
  });

  it('clamps a completion rate above 1 at 100 and says so', () => {
    const b = adoptionBreakdown({ ...idleAdoption, completedMilestones: 12, totalMilestones: 6, clientCount: 10 });
    expect(contribution(b, 'milestone_completion').points).toBe(100);
    expect(b).toMatchObject({ score: 100, clamped: true });
  });
});

// ---- Satisfaction ----

describe('satisfaction (reference, 20 %)', () => {
  it('starts at a neutral 80 without ratings or tickets', () => {
    const b = satisfactionBreakdown(quietSatisfaction);
    expect(b.score).toBe(80);
    expect(contribution(b, 'support_rating')).toMatchObject({ points: 80, value: null });
  });

  it.each([
    [1, 20],
    [2.5, 50],
    [4, 80],
    [5, 100],
  ])('a support rating of %s sets the level at %s (×20)', (averageSupportRating, score) => {
    const b = satisfactionBreakdown({ ...quietSatisfaction, averageSupportRating });
    expect(b.score).toBe(score);
    expect(contribution(b, 'support_rating')).toMatchObject({ points: score, value: averageSupportRating });
  });

  it.each([
    [1, -4, false],
    [4, -16, false],
    [5, -20, false],
    [6, -20, true],
  ])('%s open tickets cost %s points (capped %s)', (supportTicketCount, points, capped) => {
    const b = satisfactionBreakdown({ ...quietSatisfaction, supportTicketCount });
    expect(b.score).toBe(80 + points);
    expect(contribution(b, 'open_tickets')).toMatchObject({ points, capped, max_points: 20 });
  });

  it.each([
    [2, -20, false],
    [3, -30, false],
    [4, -30, true],
  ])('%s escalations cost %s points (capped %s)', (escalationCount, points, capped) => {
    const b = satisfactionBreakdown({ ...quietSatisfaction, escalationCount });
    expect(b.score).toBe(80 + points);
    expect(contribution(b, 'escalations')).toMatchObject({ points, capped, max_points: 30 });
  });

  it.each([
    [0, 10],
    [1.99, 10],
    [2, 0],
    [24, 0],
    [24.01, -10],
    [null, 0],
  ])('a first response of %s h moves the score %s points', (responseTimeHours, points) => {
    const b = satisfactionBreakdown({ ...quietSatisfaction, responseTimeHours });
    expect(b.score).toBe(80 + points);
    expect(contribution(b, 'response_time')).toMatchObject({ points, value: responseTimeHours });
  });

  it('clamps at both ends and says so', () => {
    const high = satisfactionBreakdown({ ...quietSatisfaction, averageSupportRating: 5, responseTimeHours: 1 });
    expect(high).toMatchObject({ score: 100, clamped: true });
    const low = satisfactionBreakdown({ ...quietSatisfaction, averageSupportRating: 1, supportTicketCount: 9, escalationCount: 9 });
    expect(low).toMatchObject({ score: 0, clamped: true });
  });
});

// ---- The dashboard profile's components ----

describe('usage (dashboard profile)', () => {
  it.each([
    [5, 10, 20, false],
    [10, 10, 40, false],
    [15, 10, 40, true],
    [4, 0, 0, false],
  ])('%s of %s seats active earn %s points (capped %s)', (activeUsers, totalUsers, points, capped) => {
    const b = usageBreakdown({ ...idleUsage, activeUsers, totalUsers });
    expect(b.score).toBe(points);
    expect(contribution(b, 'seat_activation')).toMatchObject({ points, capped, max_points: 40 });
  });

  it.each([
    [9, 27, false],
    [10, 30, false],
    [11, 30, true],
  ])('%s features earn %s points of breadth (capped %s)', (featureUsageCount, points, capped) => {
    const b = usageBreakdown({ ...idleUsage, featureUsageCount });
    expect(b.score).toBe(points);
    expect(contribution(b, 'feature_breadth')).toMatchObject({ points, capped, max_points: 30 });
  });

  it.each([
    [12.5, 12.5, false],
    [30, 30, false],
    [45, 30, true],
  ])('an average session of %s min earns %s points (capped %s)', (sessionDuration, points, capped) => {
    const b = usageBreakdown({ ...idleUsage, sessionDuration });
    expect(b.score).toBe(points);
    expect(contribution(b, 'session_depth')).toMatchObject({ points, capped, max_points: 30 });
  });

  it('reaches exactly 100 and calculateUsageScore is its score', () => {
    const f = { activeUsers: 8, totalUsers: 8, featureUsageCount: 10, sessionDuration: 30, dailyActiveUsers: 5 };
    expect(usageBreakdown(f)).toMatchObject({ score: 100, clamped: false });
    expect(calculateUsageScore(f)).toBe(100);
  });
});

describe('value realisation (dashboard profile)', () => {
  it.each([
    [0, 0, 0],
    [3, 6, 30],
    [6, 6, 60],
  ])('%s of %s milestones earn %s points', (completedMilestones, totalMilestones, points) => {
    const b = valueRealizationBreakdown({ ...idleValue, completedMilestones, totalMilestones });
    expect(b.score).toBe(points);
    expect(contribution(b, 'milestone_completion')).toMatchObject({ points, max_points: 60 });
  });

  it.each([
    [3, 15, false],
    [4, 20, false],
    [5, 20, true],
  ])('%s integrations earn %s points (capped %s)', (integrationCount, points, capped) => {
    const b = valueRealizationBreakdown({ ...idleValue, integrationCount });
    expect(b.score).toBe(points);
    expect(contribution(b, 'integrations')).toMatchObject({ points, capped, max_points: 20 });
  });

  it.each([
    [0.5, 10, false],
    [1, 20, false],
    [1.5, 20, true],
  ])('feature depth %s earns %s points (capped %s)', (featureDepth, points, capped) => {
    const b = valueRealizationBreakdown({ ...idleValue, featureDepth });
    expect(b.score).toBe(points);
    expect(contribution(b, 'feature_depth')).toMatchObject({ points, capped, max_points: 20 });
  });

  it('clamps a completion rate above 1 and calculateValueRealizationScore is its score', () => {
    const f = { completedMilestones: 12, totalMilestones: 6, integrationCount: 1, featureDepth: 0 };
    expect(valueRealizationBreakdown(f)).toMatchObject({ score: 100, clamped: true });
    expect(calculateValueRealizationScore(f)).toBe(100);
  });
});

// ---- Overall, risk, status, churn category, priority ----

describe('calculateOverallHealthScore', () => {
  it.each([
    [{ engagement: 100, adoption: 100, satisfaction: 100 }, 100],
    [{ engagement: 0, adoption: 0, satisfaction: 0 }, 0],
    [{ engagement: 50, adoption: 50, satisfaction: 51 }, 50],
    [{ engagement: 80, adoption: 60, satisfaction: 90 }, 74],
    [{ engagement: 0, adoption: 0, satisfaction: 2.5 }, 1],
  ])('weighs 40/40/20 and rounds: %o → %s', (components, overall) => {
    expect(calculateOverallHealthScore(components)).toBe(overall);
  });
});

describe('determineRiskLevel', () => {
  const calm: RiskFactors = {
    healthScore: 90,
    contractEndDays: null,
    openTicketCount: 0,
    engagementScore: 90,
    paymentStatus: 'current',
    churnPrediction: 0,
  };

  it('is low when nothing is wrong', () => expect(determineRiskLevel(calm)).toBe('low'));

  it.each<[Partial<RiskFactors>, string]>([
    [{ healthScore: 28 }, 'critical'],
    [{ healthScore: 29 }, 'critical'],
    [{ healthScore: 30 }, 'high'],
    [{ healthScore: 31 }, 'high'],
    [{ healthScore: 48 }, 'high'],
    [{ healthScore: 49 }, 'high'],
    [{ healthScore: 50 }, 'medium'],
    [{ healthScore: 51 }, 'medium'],
    [{ healthScore: 68 }, 'medium'],
    [{ healthScore: 69 }, 'medium'],
    [{ healthScore: 70 }, 'low'],
    [{ healthScore: 71 }, 'low'],
    [{ contractEndDays: -5 }, 'critical'],
    [{ contractEndDays: 28 }, 'critical'],
    [{ contractEndDays: 29 }, 'critical'],
    [{ contractEndDays: 30 }, 'high'],
    [{ contractEndDays: 31 }, 'high'],
    [{ contractEndDays: 58 }, 'high'],
    [{ contractEndDays: 59 }, 'high'],
    [{ contractEndDays: 60 }, 'medium'],
    [{ contractEndDays: 61 }, 'medium'],
    [{ contractEndDays: 118 }, 'medium'],
    [{ contractEndDays: 119 }, 'medium'],
    [{ contractEndDays: 120 }, 'low'],
    [{ contractEndDays: 121 }, 'low'],
    [{ contractEndDays: null }, 'low'],
    [{ openTicketCount: 7 }, 'critical'],
    [{ openTicketCount: 6 }, 'critical'],
    [{ openTicketCount: 5 }, 'high'],
    [{ openTicketCount: 4 }, 'high'],
    [{ openTicketCount: 3 }, 'high'],
    [{ openTicketCount: 2 }, 'low'],
    [{ openTicketCount: 1 }, 'low'],
    [{ engagementScore: 28 }, 'high'],
    [{ engagementScore: 29 }, 'high'],
    [{ engagementScore: 30 }, 'medium'],
    [{ engagementScore: 31 }, 'medium'],
    [{ engagementScore: 58 }, 'medium'],
    [{ engagementScore: 59 }, 'medium'],
    [{ engagementScore: 60 }, 'low'],
    [{ engagementScore: 61 }, 'low'],
    [{ churnPrediction: 0.8001 }, 'critical'],
    [{ churnPrediction: 0.8 }, 'high'],
    [{ churnPrediction: 0.6001 }, 'high'],
    [{ churnPrediction: 0.6 }, 'medium'],
    [{ churnPrediction: 0.4001 }, 'medium'],
    [{ churnPrediction: 0.4 }, 'low'],
    [{ paymentStatus: 'failed' }, 'critical'],
    [{ paymentStatus: 'overdue' }, 'low'],
  ])('%o → %s', (change, level) => {
    expect(determineRiskLevel({ ...calm, ...change })).toBe(level);
  });

  it('takes the most severe condition that holds', () => {
    expect(determineRiskLevel({ ...calm, healthScore: 65, openTicketCount: 3, paymentStatus: 'failed' })).toBe('critical');
    expect(determineRiskLevel({ ...calm, healthScore: 65, engagementScore: 10 })).toBe('high');
  });
});

describe('healthStatus', () => {
  it.each([
    [0, 'churn_risk'],
    [24, 'churn_risk'],
    [24.9, 'churn_risk'],
    [25, 'critical'],
    [49, 'critical'],
    [50, 'warning'],
    [69, 'warning'],
    [70, 'good'],
    [84, 'good'],
    [84.5, 'good'],
    [85, 'excellent'],
    [100, 'excellent'],
  ])('%s is %s', (score, status) => expect(healthStatus(score)).toBe(status));
});

describe('churnRiskCategory', () => {
  it.each([
    [0, 'low'],
    [0.3, 'low'],
    [0.3001, 'medium'],
    [0.6, 'medium'],
    [0.6001, 'high'],
    [0.8, 'high'],
    [0.8001, 'critical'],
    [1, 'critical'],
  ])('%s is %s', (p, category) => expect(churnRiskCategory(p)).toBe(category));
});

describe('interventionPriority', () => {
  it.each([
    [0.7001, 100, 'critical'],
    [0.7, 100, 'high'],
    [0.5001, 100, 'high'],
    [0.5, 100, 'medium'],
    [0.3001, 100, 'medium'],
    [0.3, 100, 'low'],
    [0, 24, 'critical'],
    [0, 25, 'high'],
    [0, 49, 'high'],
    [0, 50, 'medium'],
    [0, 69, 'medium'],
    [0, 70, 'low'],
    [0.6, 20, 'critical'],
  ])('churn %s, health %s → %s', (churnProbability, healthScore, priority) => {
    expect(interventionPriority({ churnProbability, healthScore })).toBe(priority);
  });
});

// ---- The churn model ----

describe('logisticChurnModel', () => {
  const model = logisticChurnModel();
  const healthyInput: ChurnInput = {
    healthScore: 90,
    engagementScore: 90,
    satisfactionScore: 95,
    lastLoginDays: 1,
    openTicketCount: 0,
    escalationCount: 0,
    paymentStatus: 'current',
    contractEndDays: 300,
  };
  const failingInput: ChurnInput = {
    healthScore: 20,
    engagementScore: 10,
    satisfactionScore: 30,
    lastLoginDays: 60,
    openTicketCount: 6,
    escalationCount: 3,
    paymentStatus: 'failed',
    contractEndDays: 20,
  };

  it('is versioned', () => expect(model.version).toBe('logistic-v1'));

  it('puts a healthy account below 0.1 and a failing one above 0.8', () => {
    expect(model.predict(healthyInput)).toBeLessThan(0.1);
    expect(model.predict(failingInput)).toBeGreaterThan(0.8);
  });

  it('follows the stated formula, rounded to 4 decimals', () => {
    const b = DEFAULT_CHURN_COEFFICIENTS;
    const z =
      b.intercept + b.health * 0.2 + b.engagement * 0.1 + b.satisfaction * 0.3 + b.payment_failed +
      b.open_tickets * 0.6 + b.escalations * 0.6 + b.contract_ending + b.inactivity * (60 / 90);
    expect(model.predict(failingInput)).toBe(Math.round(10_000 / (1 + Math.exp(-z))) / 10_000);
  });

  it('caps tickets at 10, escalations at 5 and inactivity at 90 days; never logged in counts as 90', () => {
    const at = (change: Partial<ChurnInput>) => model.predict({ ...healthyInput, ...change });
    expect(at({ openTicketCount: 10 })).toBe(at({ openTicketCount: 50 }));
    expect(at({ escalationCount: 5 })).toBe(at({ escalationCount: 9 }));
    expect(at({ lastLoginDays: 90 })).toBe(at({ lastLoginDays: 400 }));
    expect(at({ lastLoginDays: null })).toBe(at({ lastLoginDays: 90 }));
  });

  it('adds contract risk under 60 days only, and none without an end date', () => {
    const at = (contractEndDays: number | null) => model.predict({ ...healthyInput, contractEndDays });
    expect(at(59)).toBeGreaterThan(at(60));
    expect(at(60)).toBe(at(null));
  });

  it('takes coefficients from configuration, validated', () => {
    const flat = Object.fromEntries(Object.keys(DEFAULT_CHURN_COEFFICIENTS).map((k) => [k, 0]));
    expect(logisticChurnModel(churnCoefficientsSchema.parse(flat)).predict(failingInput)).toBe(0.5);
    expect(churnCoefficientsSchema.safeParse({ ...DEFAULT_CHURN_COEFFICIENTS, health: 'high' }).success).toBe(false);
    expect(churnCoefficientsSchema.safeParse({ ...DEFAULT_CHURN_COEFFICIENTS, extra: 1 }).success).toBe(false);
    const { inactivity: _dropped, ...missing } = DEFAULT_CHURN_COEFFICIENTS;
    expect(churnCoefficientsSchema.safeParse(missing).success).toBe(false);
    expect(() => logisticChurnModel({ ...DEFAULT_CHURN_COEFFICIENTS, health: Number.NaN })).toThrow();
  });

  const churnInput = fc.record({
    healthScore: fc.double({ min: 0, max: 100, noNaN: true }),
    engagementScore: fc.double({ min: 0, max: 100, noNaN: true }),
    satisfactionScore: fc.double({ min: 0, max: 100, noNaN: true }),
    lastLoginDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    openTicketCount: fc.integer({ min: 0, max: 30 }),
    escalationCount: fc.integer({ min: 0, max: 30 }),
    paymentStatus: payment,
    contractEndDays: fc.option(fc.integer({ min: -30, max: 800 }), { nil: null }),
  });

  it('stays within [0, 1]', () => {
    fc.assert(
      fc.property(churnInput, (input) => {
        const p = model.predict(input);
        return p >= 0 && p <= 1;
      }),
    );
  });

  it('never lowers the probability when any signal gets worse', () => {
    const paymentRank: Record<PaymentStatus, number> = { current: 0, overdue: 1, failed: 2 };
    const worsening = fc.record({
      health: fc.double({ min: 0, max: 100, noNaN: true }),
      engagement: fc.double({ min: 0, max: 100, noNaN: true }),
      satisfaction: fc.double({ min: 0, max: 100, noNaN: true }),
      loginDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      tickets: fc.integer({ min: 0, max: 20 }),
      escalations: fc.integer({ min: 0, max: 20 }),
      payment: payment,
      contractDays: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
    });
    fc.assert(
      fc.property(churnInput, worsening, (input, w) => {
        const worse: ChurnInput = {
          healthScore: Math.max(0, input.healthScore - w.health),
          engagementScore: Math.max(0, input.engagementScore - w.engagement),
          satisfactionScore: Math.max(0, input.satisfactionScore - w.satisfaction),
          lastLoginDays: input.lastLoginDays === null || w.loginDays === null ? null : input.lastLoginDays + w.loginDays,
          openTicketCount: input.openTicketCount + w.tickets,
          escalationCount: input.escalationCount + w.escalations,
          paymentStatus: paymentRank[w.payment] > paymentRank[input.paymentStatus] ? w.payment : input.paymentStatus,
          contractEndDays:
            w.contractDays === null ? input.contractEndDays : (input.contractEndDays ?? 800) - w.contractDays,
        };
        return model.predict(worse) >= model.predict(input);
      }),
    );
  });
});

// ---- Scoring an account ----

describe('scoreAccount', () => {
  it('scores the reference profile with its three components and explains each', () => {
    const health = scoreAccount(healthyAccount, REFERENCE, null);
    expect(Object.keys(health.components)).toEqual(['engagement', 'adoption', 'satisfaction']);
    const { engagement, adoption, satisfaction } = health.components;
    expect(engagement).toBe(calculateEngagementScore({ ...healthyAccount, lastLoginDays: 1 }));
    expect(adoption).toBe(
      calculateAdoptionScore({ ...healthyAccount, featureDepth: 4 / REFERENCE_SCORECARD.advanced_features.length }),
    );
    expect(satisfaction).toBe(
      calculateSatisfactionScore({ ...healthyAccount, supportTicketCount: 0, npsScore: 60 }),
    );
    expect(health.overall_score).toBe(
      calculateOverallHealthScore({ engagement: engagement!, adoption: adoption!, satisfaction: satisfaction! }),
    );
    expect(health.explanation).toMatchObject({
      scorecard_version: 1,
      profile: 'reference',
      overall: { rounded: health.overall_score },
    });
    expect(health.explanation.components.engagement).toMatchObject({ weight: 0.4, weighted: engagement! * 0.4 });
    expect(health.status).toBe(healthStatus(health.overall_score));
    expect(health.risk_level).toBe('low');
    expect(health.priority).toBe('low');
    expect(health.risk_factors).toEqual([]);
  });

  it('serves explanations as snake_case JSON without infinities', () => {
    const health = scoreAccount({ ...healthyAccount, lastLoginDays: null }, REFERENCE, logisticChurnModel());
    const json = JSON.parse(JSON.stringify(health.explanation)) as typeof health.explanation;
    expect(json).toEqual(health.explanation);
    for (const breakdown of Object.values(json.components)) {
      expect(Object.keys(breakdown).sort()).toEqual(['clamped', 'contributions', 'score', 'weight', 'weighted']);
      for (const c of breakdown.contributions) {
        expect(Object.keys(c).sort()).toEqual(['capped', 'factor', 'label', 'max_points', 'points', 'value']);
        expect(c.factor).toMatch(/^[a-z_]+$/);
      }
    }
  });

  it('scores the dashboard profile with its four components and still reports engagement and satisfaction', () => {
    const health = scoreAccount(healthyAccount, DASHBOARD, null);
    expect(Object.keys(health.components).sort()).toEqual(['engagement', 'satisfaction', 'usage', 'value_realization']);
    const c = health.components;
    const sum = c.usage! * 0.3 + c.engagement! * 0.25 + c.satisfaction! * 0.25 + c.value_realization! * 0.2;
    expect(health.overall_score).toBe(Math.round(sum));
    expect(health.explanation.profile).toBe('dashboard');
    expect(health.engagement_score).toBe(c.engagement);
    expect(health.satisfaction_score).toBe(c.satisfaction);
  });

  it('computes engagement for risk when a custom scorecard leaves it out', () => {
    const custom: Scorecard = { ...REFERENCE, profile: 'custom', weights: { adoption: 0.5, satisfaction: 0.5 } };
    const idle = { ...healthyAccount, lastLoginDays: null, activeUsers: 0, featureUsageCount: 0 };
    const health = scoreAccount(idle, custom, null);
    expect(health.components.engagement).toBeUndefined();
    expect(health.engagement_score).toBe(0);
    expect(health.overall_score).toBeGreaterThanOrEqual(70);
    expect(health.risk_level).toBe('high');
    expect(health.risk_factors).toContain('Engagement score 0');
  });

  it.each([
    [0, 0],
    [4, 0.8],
    [5, 1],
    [8, 1],
  ])('maps %s advanced features in use to feature depth %s', (advancedFeaturesUsed, depth) => {
    const health = scoreAccount({ ...healthyAccount, advancedFeaturesUsed }, REFERENCE, null);
    expect(contribution(health.explanation.components.adoption!, 'feature_depth').value).toBe(depth);
  });

  it('has no feature depth when the scorecard configures no advanced features', () => {
    const bare: Scorecard = { ...REFERENCE, advanced_features: [] };
    const health = scoreAccount(healthyAccount, bare, null);
    expect(contribution(health.explanation.components.adoption!, 'feature_depth').value).toBe(0);
  });

  it('treats open tickets as the reference support tickets', () => {
    const health = scoreAccount({ ...healthyAccount, openTicketCount: 3 }, REFERENCE, null);
    expect(contribution(health.explanation.components.satisfaction!, 'open_tickets').points).toBe(-12);
  });

  it('without a churn model stores no probability and reads it as 0 for risk and priority', () => {
    const health = scoreAccount(failingAccount, REFERENCE, null);
    expect(health.churn_probability).toBeNull();
    expect(health.churn_model_version).toBeNull();
    expect(health.risk_level).toBe('critical');
    expect(health.priority).toBe(interventionPriority({ churnProbability: 0, healthScore: health.overall_score }));
  });

  it('with a churn model uses its probability for risk and priority', () => {
    const model = logisticChurnModel();
    const health = scoreAccount(failingAccount, REFERENCE, model);
    expect(health.churn_model_version).toBe('logistic-v1');
    expect(health.churn_probability).toBe(
      model.predict({
        healthScore: health.overall_score,
        engagementScore: health.engagement_score,
        satisfactionScore: health.satisfaction_score,
        lastLoginDays: 45,
        openTicketCount: 6,
        escalationCount: 3,
        paymentStatus: 'failed',
        contractEndDays: 25,
      }),
    );
    expect(health.churn_probability).toBeGreaterThan(0.8);
    expect(health.priority).toBe('critical');
    const healthy = scoreAccount(healthyAccount, REFERENCE, model);
    expect(healthy.churn_probability).toBeLessThan(0.1);
    // A churn probability above 0.4 alone lifts an otherwise calm account to medium risk.
    const calmModel = { version: 'fixed', predict: () => 0.45 };
    expect(scoreAccount(healthyAccount, REFERENCE, calmModel)).toMatchObject({ risk_level: 'medium', priority: 'medium' });
  });

  it('lists risk factors most severe first, in stable wording', () => {
    expect(scoreAccount(failingAccount, REFERENCE, null).risk_factors).toEqual([
      'Payment failed',
      'Contract ends in 25 days',
      '6 open support tickets',
      'No login in 45 days',
      'Engagement score 19',
      '3 escalations in 90 days',
      'NPS -40',
    ]);
    const mixed = { ...healthyAccount, lastLoginDays: 14, openTicketCount: 1, escalationCount: 2, contractEndDays: 90, paymentStatus: 'overdue' as const };
    expect(scoreAccount(mixed, REFERENCE, null).risk_factors).toEqual([
      'Payment overdue',
      'Contract ends in 90 days',
      'No login in 14 days',
      '2 escalations in 90 days',
      '1 open support ticket',
    ]);
  });

  it.each<[Partial<AccountFactors>, string | null]>([
    [{ lastLoginDays: 7 }, null],
    [{ lastLoginDays: 8 }, 'No login in 8 days'],
    [{ lastLoginDays: null }, 'Never logged in'],
    [{ openTicketCount: 0 }, null],
    [{ openTicketCount: 1 }, '1 open support ticket'],
    [{ openTicketCount: 3 }, '3 open support tickets'],
    [{ escalationCount: 1 }, '1 escalation in 90 days'],
    [{ contractEndDays: 120 }, null],
    [{ contractEndDays: 119 }, 'Contract ends in 119 days'],
    [{ contractEndDays: 1 }, 'Contract ends in 1 day'],
    [{ contractEndDays: 0 }, 'Contract ends today'],
    [{ contractEndDays: -3 }, 'Contract ended 3 days ago'],
    [{ contractEndDays: null }, null],
    [{ paymentStatus: 'overdue' }, 'Payment overdue'],
    [{ paymentStatus: 'failed' }, 'Payment failed'],
    [{ npsScore: 0 }, null],
    [{ npsScore: -10 }, 'NPS -10'],
    [{ npsScore: null }, null],
  ])('risk factors for %o: %s', (change, sentence) => {
    const factors = scoreAccount({ ...healthyAccount, ...change }, REFERENCE, null).risk_factors;
    expect(factors).toEqual(sentence === null ? [] : [sentence]);
  });

  it('reads every risk factor sentence back as its code and parameters', () => {
    expect(scoreAccount(failingAccount, REFERENCE, null).risk_factors.map(riskFactorOf)).toEqual([
      { code: 'payment_failed', params: {}, text: 'Payment failed' },
      { code: 'contract_ends_days', params: { days: 25 }, text: 'Contract ends in 25 days' },
      { code: 'open_tickets', params: { count: 6 }, text: '6 open support tickets' },
      { code: 'no_login_days', params: { days: 45 }, text: 'No login in 45 days' },
      { code: 'low_engagement', params: { score: 19 }, text: 'Engagement score 19' },
      { code: 'escalations_90d', params: { count: 3 }, text: '3 escalations in 90 days' },
      { code: 'negative_nps', params: { nps: -40 }, text: 'NPS -40' },
    ]);
    expect(riskFactorOf('Contract ended 1 day ago')).toEqual({ code: 'contract_ended_days', params: { days: 1 }, text: 'Contract ended 1 day ago' });
    // A sentence no code describes (stored by another version) keeps its text under `other`.
    expect(riskFactorOf('Champion left')).toEqual({ code: 'other', params: {}, text: 'Champion left' });
  });

  it('makes each coded risk factor a sentence that reads back as the same code and parameters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: -100, max: 100 }), (n, signed) => {
        const factors = [
          riskFactor('payment_failed', {}),
          riskFactor('payment_overdue', {}),
          riskFactor('contract_ended_days', { days: n }),
          riskFactor('contract_ends_today', {}),
          riskFactor('contract_ends_days', { days: n }),
          riskFactor('never_logged_in', {}),
          riskFactor('no_login_days', { days: n }),
          riskFactor('low_engagement', { score: signed }),
          riskFactor('escalations_90d', { count: n }),
          riskFactor('open_tickets', { count: n }),
          riskFactor('negative_nps', { nps: signed }),
        ];
        for (const factor of factors) expect(riskFactorOf(factor.text)).toEqual(factor);
      }),
    );
  });

  it('lists low engagement below 30 only', () => {
    // Login 8-30 days ago (20) + 1 of 10 seats (3) + 2 features (6) = 29; one more feature: 32.
    const low = { ...healthyAccount, lastLoginDays: 20, activeUsers: 1, featureUsageCount: 2 };
    expect(scoreAccount(low, REFERENCE, null).risk_factors).toContain('Engagement score 29');
    const fine = scoreAccount({ ...low, featureUsageCount: 3 }, REFERENCE, null).risk_factors;
    expect(fine.some((f) => f.startsWith('Engagement'))).toBe(false);
  });
});

// ---- Properties ----

describe('properties', () => {
  const sumOfPoints = (b: ComponentBreakdown) => b.contributions.reduce((sum, c) => sum + c.points, 0);
  const breakdowns = fc.oneof(
    engagementOf(nonNegative).map(engagementBreakdown),
    adoptionOf(nonNegative).map(adoptionBreakdown),
    satisfactionOf(nonNegative).map(satisfactionBreakdown),
    usageOf(nonNegative).map(usageBreakdown),
    valueOf(nonNegative).map(valueRealizationBreakdown),
  );

  it('every component stays finite within 0-100 for non-negative factors', () => {
    fc.assert(
      fc.property(breakdowns, (b) => withinScale(b.score)),
      { numRuns: 500 },
    );
  });

  it('the overall stays an integer within 0-100', () => {
    fc.assert(
      fc.property(engagementOf(nonNegative), adoptionOf(nonNegative), satisfactionOf(nonNegative), (e, a, s) => {
        const overall = calculateOverallHealthScore({
          engagement: calculateEngagementScore(e),
          adoption: calculateAdoptionScore(a),
          satisfaction: calculateSatisfactionScore(s),
        });
        return withinScale(overall) && Number.isInteger(overall);
      }),
    );
  });

  it('explanation points sum to the score, with the clamp flagged when it applied', () => {
    fc.assert(
      fc.property(breakdowns, (b) => {
        const raw = sumOfPoints(b);
        expect(b.score).toBe(Math.max(0, Math.min(100, raw)));
        expect(b.clamped).toBe(b.score !== raw);
      }),
      { numRuns: 500 },
    );
  });

  it('a capped contribution sits exactly at its cap', () => {
    fc.assert(
      fc.property(breakdowns, (b) =>
        b.contributions.filter((c) => c.capped).every((c) => Math.abs(c.points) === c.max_points),
      ),
    );
  });

  it('matches the reference functions exactly for any numbers, negative included', () => {
    fc.assert(
      fc.property(engagementOf(anyNumber), (f) => {
        expect(calculateEngagementScore(f)).toBe(reference.engagement(f));
      }),
    );
    fc.assert(
      fc.property(adoptionOf(anyNumber), (f) => {
        expect(calculateAdoptionScore(f)).toBe(reference.adoption(f));
      }),
    );
    fc.assert(
      fc.property(satisfactionOf(anyNumber), (f) => {
        // No tickets in the window means no adjustment: the reference's neutral band between 2 and 24 h.
        const expected = reference.satisfaction({ ...f, responseTimeHours: f.responseTimeHours ?? 12 });
        expect(calculateSatisfactionScore(f)).toBe(expected);
      }),
    );
  });

  it('engagement never falls when the last login is more recent or more features are used', () => {
    fc.assert(
      fc.property(engagementOf(nonNegative), nonNegative, nonNegative, (f, fewerDays, moreFeatures) => {
        const base = calculateEngagementScore(f);
        const recent = { ...f, lastLoginDays: Math.max(0, f.lastLoginDays - fewerDays) };
        expect(calculateEngagementScore(recent)).toBeGreaterThanOrEqual(base);
        expect(calculateEngagementScore({ ...f, featureUsageCount: f.featureUsageCount + moreFeatures })).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it('satisfaction never rises with more open tickets or escalations', () => {
    fc.assert(
      fc.property(satisfactionOf(nonNegative), nonNegative, nonNegative, (f, moreTickets, moreEscalations) => {
        const base = calculateSatisfactionScore(f);
        expect(calculateSatisfactionScore({ ...f, supportTicketCount: f.supportTicketCount + moreTickets })).toBeLessThanOrEqual(base);
        expect(calculateSatisfactionScore({ ...f, escalationCount: f.escalationCount + moreEscalations })).toBeLessThanOrEqual(base);
      }),
    );
  });

  it("scoreAccount's reference overall equals calculateOverallHealthScore, whatever order the weights come in", () => {
    const reversed: Scorecard = { ...REFERENCE, weights: { satisfaction: 0.2, adoption: 0.4, engagement: 0.4 } };
    fc.assert(
      fc.property(accountFactors, (f) => {
        for (const card of [REFERENCE, reversed]) {
          const health = scoreAccount(f, card, null);
          const { engagement, adoption, satisfaction } = health.components;
          expect(health.overall_score).toBe(
            calculateOverallHealthScore({ engagement: engagement!, adoption: adoption!, satisfaction: satisfaction! }),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every account score stays within range, explained consistently, with a churn probability in [0, 1]', () => {
    const model = logisticChurnModel();
    fc.assert(
      fc.property(accountFactors, fc.constantFrom(REFERENCE, DASHBOARD), (f, card) => {
        const health = scoreAccount(f, card, model);
        expect(Number.isInteger(health.overall_score) && withinScale(health.overall_score)).toBe(true);
        for (const score of Object.values(health.components)) expect(withinScale(score)).toBe(true);
        const explained = Object.values(health.explanation.components);
        expect(explained.reduce((sum, c) => sum + c.weighted, 0)).toBeCloseTo(health.explanation.overall.weighted_sum, 9);
        expect(health.explanation.overall.rounded).toBe(health.overall_score);
        expect(health.churn_probability).toBeGreaterThanOrEqual(0);
        expect(health.churn_probability).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
