/**
 * A proposed scorecard judged before it is saved: what it would do to today's portfolio, and how
 * well it would have told the accounts that churned from those that stayed over the stored
 * history. Reads only: nothing is stored, no alert is raised, no live event is written.
 */
import { desc, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import { scorecards } from '../db/schema';
import type { ChurnModel } from '../domain/churn';
import { bootstrap, pairedDifference, percentileInterval, type Interval, type PairedComparison } from '../domain/ml/bootstrap';
import { rankingMetrics, rankScores } from '../domain/ml/metrics';
import { wilsonInterval } from '../domain/ml/proportions';
import { COMPONENT_KEYS, REFERENCE_SCORECARD, scorecardSchema, type Scorecard, type ScorecardConfig } from '../domain/scorecard';
import { HEALTH_STATUSES, healthStatus, scoreAccount, type AccountFactors, type HealthStatus, type Priority } from '../domain/scoring';
import { scoreWithTrainedModel, type TrainedChurnModel } from './churn-scoring';
import { deriveFactors, scoreAccounts } from './rescore';

/** An account counts as churned when it churned within this many days after the snapshot. */
export const OUTCOME_DAYS = 90;
const DAY_MS = 86_400_000;
/** Bootstrap resamples, fewer for long histories so a preview stays interactive (at least 200). */
const RESAMPLES = 1000;
const BOOTSTRAP_BUDGET = 20_000_000;
const BOOTSTRAP_SEED = 14;

export interface ScoredState {
  health_score: number;
  status: HealthStatus;
  intervention_priority: Priority;
}

export interface PreviewChange {
  customer_id: string;
  company_name: string;
  current: ScoredState;
  proposed: ScoredState;
}

export interface BandOutcome {
  snapshots: number;
  churned: number;
  /** Share of the band's snapshots followed by a churn within the horizon, with its Wilson 95 % interval; null for an empty band. */
  churn_rate: Interval | null;
}

export interface Separation {
  /** ROC AUC of (100 − score) for churn within the horizon, with its bootstrap 95 % interval by account. */
  auc: Interval;
  churn_rate_by_status: Record<HealthStatus, BandOutcome>;
}

export interface ScorecardPreview {
  current_scorecard_version: number | null;
  status_counts: { current: Record<HealthStatus, number>; proposed: Record<HealthStatus, number> };
  changes: PreviewChange[];
  changed_total: number;
  /** The last change's account id when more changes follow it; null on the last page. */
  more_after: string | null;
  history: {
    horizon_days: number;
    /** Snapshots old enough for their outcome to be known that both scorecards could rescore. */
    snapshots: number;
    accounts: number;
    churned_snapshots: number;
    resamples: number;
    current: Separation;
    proposed: Separation;
    /** AUC proposed − current on the same resamples, and the share of resamples where the proposal wins. */
    auc_difference: PairedComparison;
  };
}

/**
 * The scorecard in force, without saving the reference as version 1 when none is saved yet
 * (`activeScorecard` would): a preview writes nothing.
 */
async function scorecardInForce(executor: Executor): Promise<{ scorecard: Scorecard; saved: boolean }> {
  const [latest] = await executor.select().from(scorecards).orderBy(desc(scorecards.version)).limit(1);
  if (latest) return { scorecard: { ...scorecardSchema.parse(latest.config), version: latest.version }, saved: true };
  return { scorecard: { ...REFERENCE_SCORECARD, version: 0 }, saved: false };
}

const emptyCounts = () => Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>;

/**
 * Today's portfolio under both scorecards (the live accounts' factors derived now, scored as the
 * pipeline scores them), the accounts whose status or priority would change after `after` in
 * account id order, and both scorecards' separation over history.
 */
export async function previewScorecard(
  executor: Executor,
  params: {
    now: Date;
    proposal: ScorecardConfig;
    churnModel: ChurnModel | null;
    /** The active trained churn model: it scores instead of `churnModel`, as in the pipeline. */
    trained: TrainedChurnModel | null;
    limit: number;
    after?: string;
  },
): Promise<ScorecardPreview> {
  const { scorecard: current, saved } = await scorecardInForce(executor);
  const proposed: Scorecard = { ...params.proposal, version: current.version + 1 };
  const derived = await deriveFactors(executor, params.now, current);
  // Feature depth reads the scorecard's advanced features, so a proposal that changes them needs its own derivation.
  const derivedForProposal =
    sameFeatures(current, proposed) ? derived : await deriveFactors(executor, params.now, proposed);
  // Scored as the pipeline scores: with the active trained model when there is one (its examples carry the health each scorecard gives).
  const scoreAll = (batch: typeof derived, scorecard: Scorecard) =>
    params.trained ? scoreWithTrainedModel(executor, params.now, batch, scorecard, params.trained) : scoreAccounts(batch, scorecard, params.churnModel);
  const currentScores = await scoreAll(derived, current);
  const proposedById = new Map(derivedForProposal.map((d) => [d.accountId, d]));
  const proposedScores = await scoreAll(
    derived.map((d) => proposedById.get(d.accountId) ?? d),
    proposed,
  );

  const counts = { current: emptyCounts(), proposed: emptyCounts() };
  const changed: Array<{ accountId: string; current: ScoredState; proposed: ScoredState }> = [];
  for (const [i, { accountId }] of derived.entries()) {
    const before = scored(currentScores[i]!.health);
    const after = scored(proposedScores[i]!.health);
    counts.current[before.status] += 1;
    counts.proposed[after.status] += 1;
    if (before.status !== after.status || before.intervention_priority !== after.intervention_priority) {
      changed.push({ accountId, current: before, proposed: after });
    }
  }
  // deriveFactors returns accounts in id order, so the page is the changes after the cursor.
  const following = changed.filter((c) => params.after === undefined || c.accountId > params.after);
  const page = following.slice(0, params.limit);
  const names = await companyNames(executor, page.map((c) => c.accountId));

  return {
    current_scorecard_version: saved ? current.version : null,
    status_counts: counts,
    changes: page.map((c) => ({ customer_id: c.accountId, company_name: names.get(c.accountId) ?? c.accountId, current: c.current, proposed: c.proposed })),
    changed_total: changed.length,
    more_after: following.length > page.length ? (page.at(-1)?.accountId ?? null) : null,
    history: await separationOverHistory(executor, params.now, current, proposed),
  };
}

const sameFeatures = (a: Scorecard, b: Scorecard) =>
  a.advanced_features.length === b.advanced_features.length && a.advanced_features.every((f, i) => f === b.advanced_features[i]);

const scored = (h: ReturnType<typeof scoreAccount>): ScoredState => ({
  health_score: h.overall_score,
  status: h.status,
  intervention_priority: h.priority,
});

async function companyNames(executor: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(executor, sql`select id, name from accounts where id = any(${sql.param(ids)}::text[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

interface HistoryRow {
  account_id: string;
  factors: AccountFactors | null;
  components: Record<string, number>;
  churned: boolean;
}

/**
 * A snapshot's overall score under `scorecard`: from its stored inputs, or without them from its
 * stored component scores when they hold every component the scorecard weighs (a reweighting);
 * null when neither can.
 */
function snapshotScore(row: HistoryRow, scorecard: Scorecard): number | null {
  if (row.factors) return scoreAccount(row.factors, scorecard, null).overall_score;
  let sum = 0;
  for (const key of COMPONENT_KEYS) {
    const weight = scorecard.weights[key];
    if (weight === undefined) continue;
    const component = row.components[key];
    if (component === undefined) return null;
    sum += component * weight;
  }
  return Math.round(sum);
}

/**
 * Every stored snapshot whose outcome is known (taken at least the horizon before `now`, before
 * the account churned) and that both scorecards can rescore (`snapshotScore`): how well
 * 100 − score ranks the snapshots followed by a churn within the horizon above the rest.
 * Feature depth is rescored from the advanced features counted when the snapshot was taken.
 */
export async function separationOverHistory(executor: Executor, now: Date, current: Scorecard, proposed: Scorecard): Promise<ScorecardPreview['history']> {
  const cutoff = new Date(now.getTime() - OUTCOME_DAYS * DAY_MS).toISOString();
  const stored = await queryRows<HistoryRow>(
    executor,
    sql`select s.account_id, s.factors, s.components,
               (a.churned_at is not null and a.churned_at <= s.taken_at + make_interval(days => ${OUTCOME_DAYS})) as churned
        from health_snapshots s join accounts a on a.id = s.account_id
        where s.taken_at <= ${cutoff}::timestamptz and (a.churned_at is null or a.churned_at > s.taken_at)
        order by s.id`,
  );
  const rows: HistoryRow[] = [];
  const currentScores: number[] = [];
  const proposedScores: number[] = [];
  for (const row of stored) {
    const before = snapshotScore(row, current);
    const after = snapshotScore(row, proposed);
    if (before === null || after === null) continue;
    rows.push(row);
    currentScores.push(before);
    proposedScores.push(after);
  }
  const labels = Uint8Array.from(rows, (r) => (r.churned ? 1 : 0));
  const rankedCurrent = rankScores(currentScores.map((s) => 100 - s), labels);
  const rankedProposed = rankScores(proposedScores.map((s) => 100 - s), labels);
  const resamples = rows.length === 0 ? 0 : Math.max(200, Math.min(RESAMPLES, Math.floor(BOOTSTRAP_BUDGET / rows.length)));
  const replicates = bootstrap(
    rows.length,
    (weights) => [rankingMetrics(rankedCurrent, weights).auc, rankingMetrics(rankedProposed, weights).auc],
    { seed: BOOTSTRAP_SEED, resamples, groups: rows.map((r) => r.account_id) },
  );
  const byStatus = (scores: number[]) => {
    const bands = Object.fromEntries(HEALTH_STATUSES.map((s) => [s, { snapshots: 0, churned: 0 }])) as Record<HealthStatus, { snapshots: number; churned: number }>;
    scores.forEach((score, i) => {
      const band = bands[healthStatus(score)];
      band.snapshots += 1;
      band.churned += labels[i]!;
    });
    return Object.fromEntries(
      HEALTH_STATUSES.map((s) => [s, { ...bands[s], churn_rate: bands[s].snapshots > 0 ? wilsonInterval(bands[s].churned, bands[s].snapshots) : null }]),
    ) as Record<HealthStatus, BandOutcome>;
  };
  return {
    horizon_days: OUTCOME_DAYS,
    snapshots: rows.length,
    accounts: new Set(rows.map((r) => r.account_id)).size,
    churned_snapshots: labels.reduce((sum, l) => sum + l, 0),
    resamples,
    current: { auc: percentileInterval(replicates, 0), churn_rate_by_status: byStatus(currentScores) },
    proposed: { auc: percentileInterval(replicates, 1), churn_rate_by_status: byStatus(proposedScores) },
    auc_difference: pairedDifference(replicates, 1, 0),
  };
}
