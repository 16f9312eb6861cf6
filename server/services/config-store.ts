/**
 * What admins configure through the API (triggers, alert rules, email templates): rows keyed by
 * a slug, read by anyone on staff, changed by admins. One store serves all three, so each
 * answers an unknown id, a taken id and a partial change the same way.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/index';
import type { alertRules, emailTemplates, interventionTriggers } from '../db/schema';
import { ApiError } from '../errors';

type ConfigTable = typeof interventionTriggers | typeof alertRules | typeof emailTemplates;

export interface ConfigStore<T extends ConfigTable> {
  list(executor: Executor): Promise<Array<T['$inferSelect']>>;
  /** The row, or 404. */
  get(executor: Executor, id: string): Promise<T['$inferSelect']>;
  /** A new row under `id` (generated when absent), or 409 when the id is taken. */
  insert(executor: Executor, id: string | undefined, values: ConfigValues<T>, now: Date): Promise<T['$inferSelect']>;
  /** The changed row, or 404. */
  update(executor: Executor, id: string, values: ConfigValues<T>, now: Date): Promise<T['$inferSelect']>;
  /** 404 when there was nothing to delete. */
  remove(executor: Executor, id: string): Promise<void>;
}

export type ConfigValues<T extends ConfigTable> = Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt'>;

/** `what` names the row in errors ("trigger 'x' does not exist"); generated ids start with `prefix`. */
export function configStore<T extends ConfigTable>(table: T, what: string, prefix: string): ConfigStore<T> {
  // One table of the union at a time: drizzle's builders take the union as it is.
  const t: ConfigTable = table;
  type Row = T['$inferSelect'];
  return {
    list: async (executor) => (await executor.select().from(t).orderBy(t.id)) as Row[],
    async get(executor, id) {
      const [row] = await executor.select().from(t).where(eq(t.id, id));
      if (!row) throw ApiError.notFound(what, id);
      return row as Row;
    },
    async insert(executor, id, values, now) {
      const key = id ?? `${prefix}_${randomBytes(6).toString('hex')}`;
      const [row] = await executor
        .insert(t)
        .values({ ...values, id: key, createdAt: now, updatedAt: now } as T['$inferInsert'])
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ApiError(409, 'conflict', `${what} '${key}' already exists`);
      return row as Row;
    },
    async update(executor, id, values, now) {
      const [row] = await executor
        .update(t)
        .set({ ...values, updatedAt: now } as Partial<T['$inferInsert']>)
        .where(eq(t.id, id))
        .returning();
      if (!row) throw ApiError.notFound(what, id);
      return row as Row;
    },
    async remove(executor, id) {
      const rows = await executor.delete(t).where(eq(t.id, id)).returning({ id: t.id });
      if (rows.length === 0) throw ApiError.notFound(what, id);
    },
  };
}

type Patch<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object | null ? Partial<T[K]> | T[K] : T[K] };

/**
 * A partial change applied to the current value: given fields replace, nested objects (a
 * trigger's condition, say) merge field by field, arrays and nulls replace whole.
 */
export function mergePatch<T extends object>(current: T, patch: Patch<T>): T {
  const merged = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const before = merged[key];
    const nested = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = nested(before) && nested(value) ? { ...(before as object), ...(value as object) } : value;
  }
  return merged as T;
}
