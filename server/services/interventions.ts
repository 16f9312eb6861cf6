import { and, asc, eq, gt, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AppConfig, Clock } from '../config';
import type { Db, Executor } from '../db/index';
import { accounts, interventionActivity, interventions } from '../db/schema';
import {
  canTransition,
  createdChanges,
  interventionTitle,
  nextStatuses,
  outcomeAllowed,
  resolveAssignee,
  type InterventionStatus,
  type InterventionType,
  type Outcome,
} from '../domain/interventions';
import type { Priority } from '../domain/scoring';
import { ApiError } from '../errors';
import { interventionEvent, interventionView, type InterventionRow, type InterventionView } from '../live/builders';
import { queueAssigneeNotices } from './automated-email';
import { pageOf, type TimeKey } from './page';
import type { ScorePipeline } from './score-pipeline';

export interface InterventionDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'assignees' | 'automatedEmail' | 'features' | 'alertChannels'>;
  pipeline: ScorePipeline;
}

export interface NewIntervention {
  accountId: string;
  interventionType: InterventionType;
  priority: Priority;
  scheduledAt: Date;
  notes: string | null;
  assignedTo: string | null;
}

/** A manual intervention, its activity entry and its live event, in one transaction. */
export async function createIntervention(deps: InterventionDeps, actor: string, input: NewIntervention): Promise<InterventionView> {
  const now = deps.clock();
  return deps.db.orm.transaction(async (tx) => {
    const [account] = await tx
      .select({ csmOwner: accounts.csmOwner })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    if (!account) {
      throw ApiError.invalid([{ field: 'account_id', message: `account '${input.accountId}' does not exist` }]);
    }
    const assignedTo = input.assignedTo ?? resolveAssignee('auto', input.priority, account.csmOwner, deps.config.assignees);
    const [row] = await tx
      .insert(interventions)
      .values({
        accountId: input.accountId,
        triggerType: 'manual',
        interventionType: input.interventionType,
        title: interventionTitle(input.interventionType, input.priority),
        description: input.notes,
        notes: input.notes,
        priority: input.priority,
        assignedTo,
        createdBy: actor,
        scheduledAt: input.scheduledAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await tx.insert(interventionActivity).values({
      interventionId: row.id,
      accountId: row.accountId,
      actor,
      action: 'created',
      changes: createdChanges(row),
      at: now,
    });
    await queueAssigneeNotices(tx, deps.config, [{ row, reason: 'created', actor }], now);
    await deps.pipeline.within(tx, { events: [interventionEvent('created', row)] });
    return interventionView(row);
  });
}

export interface InterventionPatch {
  status?: InterventionStatus;
  outcome?: Outcome;
  notes?: string;
  assignedTo?: string | null;
  priority?: Priority;
  scheduledAt?: Date;
}

/**
 * Applies a change under a row lock. Status moves only along the lifecycle (409 otherwise);
 * the server stamps executed_at and completed_at; a successful outcome rescores the account in
 * the same transaction, as the reference does after a successful intervention.
 */
export async function updateIntervention(
  deps: InterventionDeps,
  actor: string,
  id: string,
  patch: InterventionPatch,
  canSee: (accountId: string) => void,
): Promise<InterventionView> {
  const now = deps.clock();
  return deps.db.orm.transaction(async (tx) => {
    const [current] = await tx.select().from(interventions).where(eq(interventions.id, id)).for('update');
    if (!current) throw ApiError.notFound('intervention', id);
    canSee(current.accountId);

    const set: Partial<typeof interventions.$inferInsert> = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const note = <K extends keyof InterventionRow>(field: K, key: string, to: InterventionRow[K]) => {
      const from = current[field];
      const same = from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : from === to;
      if (same) return;
      (set as Record<string, unknown>)[field] = to;
      changes[key] = { from: from instanceof Date ? from.toISOString() : from, to: to instanceof Date ? to.toISOString() : to };
    };

    const status = patch.status ?? current.status;
    if (status !== current.status) {
      if (!canTransition(current.status, status)) {
        const legal = nextStatuses(current.status);
        throw new ApiError(
          409,
          'illegal_transition',
          `an intervention that is '${current.status}' cannot become '${status}'; ${legal.length > 0 ? `it may become ${legal.join(', ')}` : 'it is closed'}`,
        );
      }
      note('status', 'status', status);
      if (status === 'executed') note('executedAt', 'executed_at', now);
      if (status === 'completed') note('completedAt', 'completed_at', now);
    } else if (current.status === 'completed' || current.status === 'cancelled') {
      if (patch.outcome !== undefined || patch.assignedTo !== undefined || patch.priority !== undefined || patch.scheduledAt !== undefined) {
        throw new ApiError(409, 'intervention_closed', `the intervention is ${current.status}; only notes may still be added`);
      }
    }
    if (patch.outcome !== undefined) {
      if (!outcomeAllowed(status)) {
        throw new ApiError(409, 'outcome_not_allowed', `an outcome needs an executed, responded or completed intervention, not a ${status} one`);
      }
      note('outcome', 'outcome', patch.outcome);
    }
    if (patch.notes !== undefined) note('outcomeNotes', 'outcome_notes', patch.notes);
    if (patch.assignedTo !== undefined) note('assignedTo', 'assigned_to', patch.assignedTo);
    if (patch.priority !== undefined) note('priority', 'priority', patch.priority);
    if (patch.scheduledAt !== undefined) note('scheduledAt', 'scheduled_at', patch.scheduledAt);

    if (Object.keys(changes).length === 0) return interventionView(current);
    const [row] = await tx
      .update(interventions)
      .set({ ...set, updatedAt: now })
      .where(eq(interventions.id, id))
      .returning();
    if (!row) throw new Error('update returned no row');
    await tx.insert(interventionActivity).values({ interventionId: id, accountId: row.accountId, actor, action: 'updated', changes, at: now });
    if (changes.assigned_to) await queueAssigneeNotices(tx, deps.config, [{ row, reason: 'reassigned', actor }], now);
    // Only when the outcome becomes successful: re-saving the same outcome rescores nothing.
    const rescore = changes.outcome && row.outcome === 'successful' ? [row.accountId] : [];
    await deps.pipeline.within(tx, { rescore, events: [interventionEvent('updated', row)] });
    return interventionView(row);
  });
}

export interface InterventionFilters {
  status?: InterventionStatus[];
  priority?: Priority[];
  assignedTo?: string;
  accountId?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  limit: number;
  /** Keyset: the last row of the previous page (its due time, see `END_OF_TIME`). */
  after?: TimeKey;
}

/** Never-scheduled interventions sort last, as if due at the end of time. */
const dueKey = sql`coalesce(${interventions.scheduledAt}, 'infinity'::timestamptz)`;
/** The end of time in a keyset: JavaScript's latest date, where the database has `infinity`. */
const END_OF_TIME = new Date(8.64e15);

/** Soonest due first, so a page is a CSM's work queue; each with its account's name, so the queue says who. */
export async function listInterventions(executor: Executor, f: InterventionFilters) {
  const where: SQL[] = [];
  if (f.status) where.push(inArray(interventions.status, f.status));
  if (f.priority) where.push(inArray(interventions.priority, f.priority));
  if (f.assignedTo) where.push(eq(interventions.assignedTo, f.assignedTo));
  if (f.accountId) where.push(eq(interventions.accountId, f.accountId));
  if (f.dueBefore) where.push(lte(interventions.scheduledAt, f.dueBefore));
  if (f.dueAfter) where.push(gte(interventions.scheduledAt, f.dueAfter));
  if (f.after) {
    // The keyset's end of time is the database's infinity.
    const at = f.after.t.getTime() >= END_OF_TIME.getTime() ? 'infinity' : f.after.t.toISOString();
    where.push(
      or(gt(dueKey, sql`${at}::timestamptz`), and(sql`${dueKey} = ${at}::timestamptz`, gt(interventions.id, f.after.id))) as SQL,
    );
  }
  const rows = await executor
    .select({ intervention: interventions, companyName: accounts.name })
    .from(interventions)
    .innerJoin(accounts, eq(accounts.id, interventions.accountId))
    .where(and(...where))
    .orderBy(asc(dueKey), asc(interventions.id))
    .limit(f.limit + 1);
  return pageOf(
    rows,
    f.limit,
    ({ intervention: r }) => ({ t: r.scheduledAt ?? END_OF_TIME, id: r.id }),
    ({ intervention, companyName }) => ({ ...interventionView(intervention), company_name: companyName }),
  );
}

export async function interventionWithActivity(executor: Executor, id: string) {
  const [row] = await executor.select().from(interventions).where(eq(interventions.id, id));
  if (!row) return null;
  const activity = await executor
    .select()
    .from(interventionActivity)
    .where(eq(interventionActivity.interventionId, id))
    .orderBy(asc(interventionActivity.id));
  return {
    intervention: interventionView(row),
    activity: activity.map((a) => ({ actor: a.actor, action: a.action, changes: a.changes, at: a.at.toISOString() })),
  };
}
