import { rankScores, rocAuc } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';

const DAY = 86_400_000;

export interface ChurnTableOptions {
  /** The export's instant: the import happens then, and every churn date lies before it. */
  readonly end: Date;
  readonly accounts: number;
  /** Share of accounts that churned, about. */
  readonly churnShare: number;
  /** Share of accounts whose outcome is withheld from the import (scored, then checked). */
  readonly withheldShare: number;
  readonly seed: number;
  /**
   * When the churns are dated: "spread" over the two years before the export (a table with its
   * churn dates), "last_month" within the 30 days before it (a table that only says who left
   * lately, as the public attribute tables do, dated as its exporter would).
   */
  readonly churnDates?: 'spread' | 'last_month';
}

export interface ChurnTable {
  /** NDJSON lines for POST /api/import: every account's upsert, and the churn of those not withheld. */
  readonly lines: string[];
  /** The accounts whose outcome was not imported, with it. */
  readonly withheld: Map<string, 0 | 1>;
  /** The ROC AUC of the true churn probabilities on the withheld accounts: the best any model can do. */
  readonly oracleAuc: number;
}

const CONTRACTS = ['month_to_month', 'one_year', 'two_year'] as const;
const CONTRACT_RISK = { month_to_month: 1.2, one_year: -0.2, two_year: -1.4 } as const;
const REGIONS = ['emea', 'amer', 'apac'] as const;

/**
 * A customer table like the public churn data sets: one record per customer (when the relationship
 * began, MRR, plan, a contract type, a support-call count, a usage score and two traits that say
 * nothing) and, for a quarter of them, the date they left. The chance of leaving is planted in the
 * traits (contract, support calls, usage score, with a non-linear bend in the usage score) so a
 * model that reads them finds it; churn dates fall over the two years before the export, or
 * within its last month. The
 * records arrive as a host would send a table it exports today: every upsert stamped at the
 * export, every churn at its own date, half of the churns before their account's upsert in the file.
 */
export function generateChurnTable(options: ChurnTableOptions): ChurnTable {
  const random = createRandom(options.seed);
  const end = options.end.getTime();
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const lines: string[] = [];
  const withheld = new Map<string, 0 | 1>();
  const oracle: Array<{ p: number; label: 0 | 1 }> = [];
  // The intercept that gives about `churnShare` churners with the risks drawn below.
  const intercept = Math.log(options.churnShare / (1 - options.churnShare)) - 1.45;
  for (let a = 0; a < options.accounts; a++) {
    const id = `cust_${String(a).padStart(5, '0')}`;
    const contract = CONTRACTS[random.int(3)]!;
    const supportCalls = Math.floor(-Math.log(1 - random.next()) * 2);
    const usage = Math.round(normal() * 100) / 100;
    const risk = intercept + CONTRACT_RISK[contract] + 0.45 * supportCalls + (usage < -0.5 ? 1.6 : -0.4 * usage);
    const p = 1 / (1 + Math.exp(-risk));
    const churned = random.next() < p;
    const tenureDays = 60 + random.int(5 * 365);
    const since = end - tenureDays * DAY;
    // A churner left within the two years (or the month) before the export, at least 30 days into its relationship.
    const earliest = Math.max(since + 30 * DAY, end - (options.churnDates === 'last_month' ? 30 : 730) * DAY);
    const churnedAt = churned ? earliest + random.next() * (end - 5 * DAY - earliest) : null;
    const upsert = JSON.stringify({
      id: `upsert-${id}`,
      type: 'account.upserted',
      timestamp: new Date(end).toISOString(),
      data: {
        account_id: id,
        name: `Customer ${a}`,
        customer_since: new Date(since).toISOString().slice(0, 10),
        mrr: Math.round(20 + random.next() * 100),
        plan: ['basic', 'plus', 'pro'][random.int(3)],
        traits: { contract, support_calls: supportCalls, usage_score: usage, region: REGIONS[random.int(3)]!, noise: Math.round(normal() * 100) / 100 },
      },
    });
    if (random.next() < options.withheldShare) {
      withheld.set(id, churned ? 1 : 0);
      oracle.push({ p, label: churned ? 1 : 0 });
      lines.push(upsert);
      continue;
    }
    const churn = churnedAt === null ? null : JSON.stringify({ id: `churn-${id}`, type: 'account.churned', timestamp: new Date(churnedAt).toISOString(), data: { account_id: id } });
    if (churn && a % 2 === 0) lines.push(churn, upsert);
    else lines.push(upsert, ...(churn ? [churn] : []));
  }
  return { lines, withheld, oracleAuc: auc(oracle.map((o) => o.p), oracle.map((o) => o.label)) };
}

/** ROC AUC by ranks (Mann-Whitney, ties averaged), as the training run measures it. */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  return rocAuc(rankScores(Float64Array.from(scores), Uint8Array.from(labels)));
}
