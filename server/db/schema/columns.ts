/** Column types every part of the schema uses. */
import { numeric, timestamp } from 'drizzle-orm/pg-core';

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();
