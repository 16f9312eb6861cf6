import { z } from 'zod';

/** An account's billing state, as the host reports it. */
export type PaymentStatus = 'current' | 'overdue' | 'failed';

/** What a churn model sees of an account. */
export interface ChurnInput {
  healthScore: number;
  engagementScore: number;
  satisfactionScore: number;
  /** Null when nobody ever logged in. */
  lastLoginDays: number | null;
  openTicketCount: number;
  escalationCount: number;
  paymentStatus: PaymentStatus;
  contractEndDays: number | null;
}

/** The seam for a trained model: anything with a version and a probability 0-1. */
export interface ChurnModel {
  readonly version: string;
  predict(input: ChurnInput): number;
}

export const churnCoefficientsSchema = z
  .object({
    intercept: z.number(),
    health: z.number(),
    engagement: z.number(),
    satisfaction: z.number(),
    payment_failed: z.number(),
    payment_overdue: z.number(),
    open_tickets: z.number(),
    escalations: z.number(),
    contract_ending: z.number(),
    inactivity: z.number(),
  })
  .strict();

export type ChurnCoefficients = z.infer<typeof churnCoefficientsSchema>;

/**
 * Hand-set defaults, not trained: health 90, engagement 90, satisfaction 95, a login yesterday
 * and nothing adverse gives 0.02; health 20, engagement 10, satisfaction 30, a failed payment,
 * 6 open tickets, 3 escalations, no login for 60 days and a contract ending in 20 gives 0.99.
 */
export const DEFAULT_CHURN_COEFFICIENTS: ChurnCoefficients = {
  intercept: 2.0,
  health: -4.0,
  engagement: -1.5,
  satisfaction: -1.0,
  payment_failed: 1.5,
  payment_overdue: 0.7,
  open_tickets: 1.0,
  escalations: 1.0,
  contract_ending: 0.8,
  inactivity: 1.5,
};

/**
 * p = 1 / (1 + e^−z), where
 * z = intercept + health·(healthScore/100) + engagement·(engagementScore/100)
 *   + satisfaction·(satisfactionScore/100) + payment_failed·[failed] + payment_overdue·[overdue]
 *   + open_tickets·min(openTickets, 10)/10 + escalations·min(escalations, 5)/5
 *   + contract_ending·[contract ends within 60 days] + inactivity·min(lastLoginDays ?? 90, 90)/90.
 * Rounded to 4 decimals.
 */
export function logisticChurnModel(coefficients: ChurnCoefficients = DEFAULT_CHURN_COEFFICIENTS): ChurnModel {
  const b = churnCoefficientsSchema.parse(coefficients);
  return {
    version: 'logistic-v1',
    predict(input) {
      const z =
        b.intercept +
        b.health * (input.healthScore / 100) +
        b.engagement * (input.engagementScore / 100) +
        b.satisfaction * (input.satisfactionScore / 100) +
        (input.paymentStatus === 'failed' ? b.payment_failed : 0) +
        (input.paymentStatus === 'overdue' ? b.payment_overdue : 0) +
        b.open_tickets * (Math.min(input.openTicketCount, 10) / 10) +
        b.escalations * (Math.min(input.escalationCount, 5) / 5) +
        (input.contractEndDays !== null && input.contractEndDays < 60 ? b.contract_ending : 0) +
        b.inactivity * (Math.min(input.lastLoginDays ?? 90, 90) / 90);
      return Math.round((1 / (1 + Math.exp(-z))) * 10_000) / 10_000;
    },
  };
}
