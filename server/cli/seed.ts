/**
 * Loads generated demo data into the configured database (DATABASE_URL, else PGlite in
 * RK_DATA_DIR), the same data the server loads into an empty database on first start.
 *
 *   npm run seed -- --accounts 500 [--seed 42] [--now 2026-06-15T12:00:00Z] [--force]
 */
import { parseArgs } from 'node:util';
import { count } from 'drizzle-orm';
import { z } from 'zod';
import { accounts } from '../db/schema';
import { loadEnv } from '../env';
import { openDatabase } from '../open-db';
import { DEMO_TABLE_NAMES, DEMO_TABLES, seedDemoData } from '../demo/load';

const USAGE = 'usage: npm run seed -- [--accounts N] [--seed S] [--now ISO-8601] [--force]';

const wholeNumber = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `${what} must be a whole number`)
    .transform(Number);

function argsSchema(defaults: { accounts: number; seed: number }) {
  return z.object({
    accounts: wholeNumber('--accounts')
      .pipe(z.number().int().min(1, '--accounts must be at least 1').max(100_000, '--accounts must be at most 100000'))
      .default(defaults.accounts),
    seed: wholeNumber('--seed')
      .pipe(z.number().int().refine(Number.isSafeInteger, '--seed is too large'))
      .default(defaults.seed),
    now: z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), '--now must be an ISO-8601 date or date-time')
      .transform((value) => new Date(value))
      .optional(),
    force: z.boolean().default(false),
    help: z.boolean().default(false),
  });
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        accounts: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
}

function loadEnvOrExit() {
  try {
    return loadEnv();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 2);
  }
}

async function main(): Promise<void> {
  const values = parseCommandLine();
  const env = loadEnvOrExit();
  const parsed = argsSchema({ accounts: env.RK_DEMO_ACCOUNTS, seed: env.RK_DEMO_SEED }).safeParse(values);
  if (!parsed.success) {
    fail([...parsed.error.issues.map((issue) => issue.message), USAGE].join('\n'), 2);
  }
  const args = parsed.data;
  if (args.help) {
    console.log(`${USAGE}\n
  --accounts N   accounts to generate (default RK_DEMO_ACCOUNTS, ${env.RK_DEMO_ACCOUNTS})
  --seed S       generator seed: the same seed gives the same data (default RK_DEMO_SEED, ${env.RK_DEMO_SEED})
  --now ISO      end of the generated history (default: the current time)
  --force        delete every existing account (and its data) first, in the same transaction`);
    return;
  }

  const db = await openDatabase(env);
  try {
    const [existing] = await db.orm.select({ n: count() }).from(accounts);
    const existingAccounts = existing?.n ?? 0;
    if (existingAccounts > 0 && !args.force) {
      console.error(
        `The ${db.kind} database already holds ${existingAccounts} account(s); nothing was changed.\n` +
          'Run with --force to delete them (and everything recorded for them) and load demo data instead.',
      );
      process.exitCode = 1;
      return;
    }
    if (existingAccounts > 0) console.log(`--force: replacing ${existingAccounts} existing account(s).`);

    const now = args.now ?? new Date();
    console.log(`Generating ${args.accounts} demo accounts (seed ${args.seed}, history to ${now.toISOString()}) into ${db.kind}…`);
    const result = await seedDemoData(db, {
      accounts: args.accounts,
      seed: args.seed,
      now,
      progress: true,
      replace: existingAccounts > 0,
    });

    const width = Math.max(...DEMO_TABLES.map((t) => DEMO_TABLE_NAMES[t].length));
    for (const table of DEMO_TABLES) {
      console.log(`  ${DEMO_TABLE_NAMES[table].padEnd(width)}  ${result.counts[table].toLocaleString('en-US').padStart(9)}`);
    }
    console.log(`  ${'total'.padEnd(width)}  ${result.total.toLocaleString('en-US').padStart(9)}`);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `Done in ${seconds(result.generateMs + result.loadMs)} (generate ${seconds(result.generateMs)}, load ${seconds(result.loadMs)}).`,
    );
  } catch (error) {
    // The load runs in one transaction: on failure nothing was written (or deleted).
    console.error(`Seeding failed, the database is unchanged: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main().catch((error: unknown) => {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
