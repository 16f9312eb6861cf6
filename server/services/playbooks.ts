/**
 * Playbook impact: each trigger's treated firings against its held-out ones, over the outcome
 * window after firing, and manual interventions' outcome rates (descriptive only).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import type { InterventionType } from '../domain/interventions';
import {
  compareGroups,
  ruleSuggestion,
  summarise,
  type AccountForRule,
  type RecommendedAction,   type FiringOutcomeRecord,
  type GroupComparison,
  type GroupSummary,
} from '../domain/playbooks';
import type { RiskLevel } from '../domain/scoring';

const DAY_MS = 86_400_000;
/** Health change is read from the first snapshot between 30 and 45 days after firing. */
const HEALTH_AFTER_DAYS = 30;
const HEALTH_AFTER_SLACK_DAYS = 15;

export interface ImpactQuery {
  windowDays: number;
  from: Date;
  to: Date;
  now: Date;
  /** Only firings of accounts in this risk band when they fired (their last snapshot before). */
  riskLevel?: RiskLevel;
}

interface FiringRow {
  trigger_id: string;
  trigger_name: string;
  intervention_type: InterventionType;
  holdout_percent: number;
  outcome: 'fired' | 'held_out';
  mrr: number | string;
  churned: boolean;
  closed: boolean;
  score_before: number | null;
  score_after: number | null;
}

export interface TriggerImpact extends GroupComparison {
  trigger_id: string;
  trigger_name: string;
  intervention_type: InterventionType;
  holdout_percent: number;
}

export interface TypeImpact extends GroupComparison {
  intervention_type: InterventionType;
}

export interface ManualOutcomes extends GroupSummary {
  intervention_type: InterventionType;
  outcomes: Record<string, number>;
}

export interface PlaybookImpact {
  window_days: number;
  from: string;
  to: string;
  as_of: string;
  by_trigger: TriggerImpact[];
  by_intervention_type: TypeImpact[];
  /** The same for firings whose window is still open: churn so far, not the window's. */
  interim: { note: string; by_trigger: TriggerImpact[]; by_intervention_type: TypeImpact[] };
  manual: { causal_claim: false; note: string; by_type: ManualOutcomes[] };
}

const record = (r: FiringRow): FiringOutcomeRecord => ({
  treated: r.outcome === 'fired',
  churned: r.churned,
  mrr: Number(r.mrr),
  healthChange30d: r.score_before === null || r.score_after === null ? null : Number(r.score_after) - Number(r.score_before),
});

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function comparisons(rows: readonly FiringRow[]) {
  const byTrigger = [...groupBy(rows, (r) => r.trigger_id).values()].map((group) => {
    const first = group[0]!;
    return {
      trigger_id: first.trigger_id,
      trigger_name: first.trigger_name,
      intervention_type: first.intervention_type,
      holdout_percent: first.holdout_percent,
      ...compareGroups(group.map(record)),
    };
  });
  const byType = [...groupBy(rows, (r) => r.intervention_type).entries()].map(([type, group]) => ({
    intervention_type: type,
    ...compareGroups(group.map(record)),
  }));
  const order = <T extends { churn_difference: { estimate: number } | null }>(a: T, b: T) =>
    (a.churn_difference?.estimate ?? Infinity) - (b.churn_difference?.estimate ?? Infinity);
  return { by_trigger: byTrigger.sort(order), by_intervention_type: byType.sort(order) };
}

/**
 * Firings in [from, to] that were fired (treated) or held out. A window is closed when firing
 * plus `windowDays` is past; churn counts when the account churned after firing and within the
 * window (for open windows: so far).
 */
export async function playbookImpact(executor: Executor, q: ImpactQuery): Promise<PlaybookImpact> {
  const window = sql`make_interval(days => ${q.windowDays})`;
  const now = sql`${q.now.toISOString()}::timestamptz`;
  const band = q.riskLevel
    ? sql`and (select s.risk_level from health_snapshots s
               where s.account_id = f.account_id and s.taken_at <= f.fired_at
               order by s.taken_at desc limit 1) = ${q.riskLevel}`
    : sql``;
  const rows = await queryRows<FiringRow>(
    executor,
    sql`select f.trigger_id, t.name as trigger_name, coalesce(i.intervention_type, t.intervention_type) as intervention_type,
               t.holdout_percent, f.outcome, a.mrr,
               coalesce(a.churned_at > f.fired_at and a.churned_at <= least(f.fired_at + ${window}, ${now}), false) as churned,
               f.fired_at + ${window} <= ${now} as closed,
               (select s.overall_score from health_snapshots s
                 where s.account_id = f.account_id and s.taken_at <= f.fired_at
                 order by s.taken_at desc limit 1) as score_before,
               (select s.overall_score from health_snapshots s
                 where s.account_id = f.account_id
                   and s.taken_at >= f.fired_at + make_interval(days => ${HEALTH_AFTER_DAYS})
                   and s.taken_at < f.fired_at + make_interval(days => ${HEALTH_AFTER_DAYS + HEALTH_AFTER_SLACK_DAYS})
                   and s.taken_at <= ${now}
                 order by s.taken_at asc limit 1) as score_after
        from trigger_firings f
        join intervention_triggers t on t.id = f.trigger_id
        join accounts a on a.id = f.account_id
        left join interventions i on i.id = f.intervention_id
        where f.outcome in ('fired', 'held_out')
          and f.fired_at >= ${q.from.toISOString()}::timestamptz and f.fired_at <= ${q.to.toISOString()}::timestamptz
          and f.fired_at <= ${now} ${band}`,
  );
  const manual = await queryRows<{ intervention_type: InterventionType; outcome: string; churned: boolean }>(
    executor,
    sql`select i.intervention_type, i.outcome,
               coalesce(a.churned_at > i.created_at and a.churned_at <= i.created_at + ${window}, false) as churned
        from interventions i join accounts a on a.id = i.account_id
        where i.trigger_type = 'manual'
          and i.created_at >= ${q.from.toISOString()}::timestamptz and i.created_at <= ${q.to.toISOString()}::timestamptz
          and i.created_at + ${window} <= ${now}`,
  );
  const closed = comparisons(rows.filter((r) => r.closed));
  const open = comparisons(rows.filter((r) => !r.closed));
  return {
    window_days: q.windowDays,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    as_of: q.now.toISOString(),
    ...closed,
    interim: {
      note: `interim: firings whose ${q.windowDays}-day window has not closed; churn so far, which can only rise`,
      ...open,
    },
    manual: {
      causal_claim: false,
      note: 'manual interventions have no control group: these are outcome rates, not measured effects',
      by_type: [...groupBy(manual, (m) => m.intervention_type).entries()].map(([type, group]) => ({
        intervention_type: type,
        ...summarise(group.map((m) => ({ churned: m.churned, healthChange30d: null }))),
        outcomes: Object.fromEntries([...groupBy(group, (m) => m.outcome).entries()].map(([o, g]) => [o, g.length])),
      })),
    },
  };
}

/** Firings of the last year, unless asked otherwise. */
export const defaultImpactFrom = (now: Date) => new Date(now.getTime() - 365 * DAY_MS);

/** The window recommendations are measured over. */
const RECOMMENDATION_WINDOW_DAYS = 90;

/**
 * Plays ranked by their measured uplift (churn prevented) among accounts in the account's risk
 * band, over the last year of closed windows; only plays with sufficient evidence and an
 * estimated benefit. Without any, the reference's rule for the account, labelled as a rule.
 */
export async function recommendedActions(executor: Executor, account: AccountForRule, now: Date): Promise<RecommendedAction[]> {
  const impact = await playbookImpact(executor, {
    windowDays: RECOMMENDATION_WINDOW_DAYS,
    from: defaultImpactFrom(now),
    to: now,
    now,
    riskLevel: account.riskLevel,
  });
  const measured: RecommendedAction[] = impact.by_trigger
    .filter((p) => !p.insufficient_evidence && p.churn_difference && p.churn_difference.estimate < 0)
    .map((p) => ({
      basis: 'evidence' as const,
      trigger_id: p.trigger_id,
      intervention_type: p.intervention_type,
      title: p.trigger_name,
      reason: `in the ${account.riskLevel} risk band, ${p.trigger_name} cut ${RECOMMENDATION_WINDOW_DAYS}-day churn by ${(-p.churn_difference!.estimate * 100).toFixed(1)} points against its control group`,
      evidence: {
        risk_level: account.riskLevel,
        window_days: RECOMMENDATION_WINDOW_DAYS,
        treated: p.treated.firings,
        held_out: p.held_out.firings,
        uplift: { estimate: -p.churn_difference!.estimate, lower: -p.churn_difference!.upper, upper: -p.churn_difference!.lower },
      },
    }));
  if (measured.length > 0) return measured;
  const rule = ruleSuggestion(account);
  return rule ? [rule] : [];
}
