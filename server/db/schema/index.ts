/**
 * The data model, by domain. drizzle-kit reads this folder; the app imports it whole.
 */
export * from './accounts';
export * from './automation';
export * from './churn-models';
export * from './live';
export * from './scoring';
