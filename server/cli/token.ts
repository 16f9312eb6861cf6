import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signToken } from '../auth';
import { ROLES } from '../principal';
import { loadEnv } from '../env';
import { resolveJwtSecret } from '../secrets';

const argsSchema = z
  .object({
    role: z.enum(ROLES),
    sub: z.string().min(1).default('local-user'),
    account: z.string().min(1).optional(),
    ttl: z.coerce.number().int().positive().default(8 * 3600),
  })
  .refine((a) => a.role !== 'member' || a.account, { path: ['account'], message: 'a member token needs --account' });

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'admin' },
    sub: { type: 'string' },
    account: { type: 'string' },
    ttl: { type: 'string' },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  console.error('usage: npm run token -- --role admin|csm|viewer|member [--account cust_1] [--sub name] [--ttl seconds]');
  process.exit(2);
}
const args = parsed.data;
const { secret } = await resolveJwtSecret(loadEnv());
console.log(await signToken({ sub: args.sub, role: args.role, ttl: args.ttl, ...(args.account ? { accountId: args.account } : {}) }, secret));
