/**
 * Alert rules (the reference's "Alert System") and delivery backoff. Pure: no I/O.
 */
import type { AlertChannels, FeatureFlags } from '../config';
import type { Priority } from './scoring';

export const ALERT_METRICS = ['health_score', 'engagement_score', 'satisfaction_score', 'churn_probability'] as const;
export const ALERT_OPERATORS = ['lt', 'gt', 'eq', 'changed_by'] as const;
/** Channels a rule may name. The signed outbound webhook is not one: it receives every alert. */
export const RULE_CHANNELS = ['email', 'slack', 'sms'] as const;
export const DELIVERY_CHANNELS = ['email', 'slack', 'sms', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type AlertMetric = (typeof ALERT_METRICS)[number];
export type AlertOperator = (typeof ALERT_OPERATORS)[number];
export type RuleChannel = (typeof RULE_CHANNELS)[number];
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export interface AlertRuleDefinition {
  id: string;
  name: string;
  metric: AlertMetric;
  operator: AlertOperator;
  threshold: number;
  timeWindow: string | null;
  severity: Priority;
  cooldownMinutes: number;
}

export interface MetricObservation {
  current: number;
  /** The metric's highest and lowest values among snapshots in the rule's window. */
  windowMax: number | null;
  windowMin: number | null;
  /** The value just replaced, where the rescore reports it (health score only). */
  previous: number | null;
}

export interface AlertEvaluation {
  met: boolean;
  value: number;
  message: string;
}

const LABELS: Record<AlertMetric, string> = {
  health_score: 'Health score',
  engagement_score: 'Engagement score',
  satisfaction_score: 'Satisfaction score',
  churn_probability: 'Churn probability',
};

const showScore = (n: number) => String(Math.round(n * 10) / 10);
const EPSILON = 1e-9;

/**
 * `lt`/`gt`/`eq` compare the current value; `changed_by` compares it with the window's extreme
 * in the threshold's direction: −20 means "dropped by 20 or more from the highest value in the
 * window", +20 "rose by 20 or more from the lowest".
 */
export function evaluateAlertRule(rule: AlertRuleDefinition, o: MetricObservation): AlertEvaluation {
  const label = LABELS[rule.metric];
  // A probability rounded to one decimal would say 0.7 for 0.65: two decimals for it.
  const show = rule.metric === 'churn_probability' ? (n: number) => n.toFixed(2) : showScore;
  const v = o.current;
  switch (rule.operator) {
    case 'lt':
      return { met: v < rule.threshold, value: v, message: `${label} is ${show(v)}, below ${show(rule.threshold)}` };
    case 'gt':
      return { met: v > rule.threshold, value: v, message: `${label} is ${show(v)}, above ${show(rule.threshold)}` };
    case 'eq':
      return { met: Math.abs(v - rule.threshold) < EPSILON, value: v, message: `${label} is ${show(v)}` };
    case 'changed_by': {
      const falling = rule.threshold < 0;
      const pick = falling ? Math.max : Math.min;
      const candidates = [falling ? o.windowMax : o.windowMin, o.previous].filter((x): x is number => x !== null);
      if (candidates.length === 0) return { met: false, value: 0, message: `${label}: no earlier value` };
      const base = pick(...candidates);
      const change = v - base;
      const met = falling ? change <= rule.threshold + EPSILON : change >= rule.threshold - EPSILON;
      const window = rule.timeWindow ? ` within ${rule.timeWindow}` : '';
      return {
        met,
        value: change,
        message: `${label} ${falling ? 'dropped' : 'rose'} by ${show(Math.abs(change))} points (from ${show(base)} to ${show(v)})${window}`,
      };
    }
  }
}

/** Whether a rule is still cooling down for an account since its last alert. */
export function inCooldown(rule: AlertRuleDefinition, now: Date, lastAlertAt: Date | null): boolean {
  return lastAlertAt !== null && now.getTime() < lastAlertAt.getTime() + rule.cooldownMinutes * 60_000;
}

/** Exponential backoff after the `attempt`th failed attempt (1-based), capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface DeliveryPlan {
  targets: Array<{ channel: DeliveryChannel; target: string }>;
  skipped: Array<{ channel: string; reason: string }>;
}

/**
 * One delivery per channel and recipient, so a recipient that fails is retried alone. Email and
 * Slack obey their feature flags; a channel with nothing configured is skipped, and the alert
 * records why. The signed webhook, when configured, receives every alert.
 */
export function planDeliveries(
  channels: readonly RuleChannel[],
  config: AlertChannels,
  features: Pick<FeatureFlags, 'emailAutomation' | 'slackIntegration'>,
): DeliveryPlan {
  const plan: DeliveryPlan = { targets: [], skipped: [] };
  for (const channel of new Set(channels)) {
    if (channel === 'email') {
      if (!features.emailAutomation) plan.skipped.push({ channel, reason: 'the emailAutomation feature is off' });
      else if (!config.smtp || config.emailTo.length === 0) plan.skipped.push({ channel, reason: 'no SMTP server or recipients configured' });
      else for (const to of config.emailTo) plan.targets.push({ channel, target: to });
    } else if (channel === 'slack') {
      if (!features.slackIntegration) plan.skipped.push({ channel, reason: 'the slackIntegration feature is off' });
      else if (!config.slackWebhookUrl) plan.skipped.push({ channel, reason: 'no Slack webhook URL configured' });
      else plan.targets.push({ channel, target: config.slackWebhookUrl });
    } else {
      if (!config.sms || config.sms.to.length === 0) plan.skipped.push({ channel, reason: 'no SMS provider or numbers configured' });
      else for (const to of config.sms.to) plan.targets.push({ channel, target: to });
    }
  }
  if (config.webhook) plan.targets.push({ channel: 'webhook', target: config.webhook.url });
  return plan;
}
