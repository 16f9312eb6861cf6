import type { Executor } from '../db/index';
import { milestoneDefinitions } from '../db/schema';

export type MilestoneDefinition = typeof milestoneDefinitions.$inferInsert;

/**
 * The default success steps, generalised from the reference's wedding milestones
 * (first wedding → first project, first vendor → first integration, guest list → data import,
 * timeline → workflow). A host may add, rename or deactivate steps: these are only defaults.
 */
export const DEFAULT_MILESTONES = [
  { key: 'onboarding_complete', name: 'Onboarding complete', position: 1 },
  { key: 'first_project_created', name: 'First project created', position: 2 },
  { key: 'first_integration_connected', name: 'First integration connected', position: 3 },
  { key: 'data_imported', name: 'Data imported', position: 4 },
  { key: 'workflow_created', name: 'First workflow created', position: 5 },
  { key: 'first_payment_processed', name: 'First payment processed', position: 6 },
] as const satisfies readonly MilestoneDefinition[];

export type DefaultMilestoneKey = (typeof DEFAULT_MILESTONES)[number]['key'];

/**
 * Inserts the default definitions that are absent. Existing rows (a host's renamed or
 * deactivated step) are left exactly as they are. Returns how many were inserted.
 */
export async function ensureMilestoneDefinitions(executor: Executor): Promise<number> {
  const inserted = await executor
    .insert(milestoneDefinitions)
    .values(DEFAULT_MILESTONES.map((m) => ({ ...m, active: true })))
    .onConflictDoNothing({ target: milestoneDefinitions.key })
    .returning({ key: milestoneDefinitions.key });
  return inserted.length;
}
