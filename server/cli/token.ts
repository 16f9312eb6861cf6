import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signToken } from '../auth';
import { MEMBER_SCOPES, ROLES } from '../principal';
import { loadEnv } from '../env';
import { resolveJwtSecret } from '../secrets';

const argsSchema = z
  .object({
    role: z.enum(ROLES),
    sub: z.string().min(1).default('local-user'),
    account: z.string().min(1).optional(),
    scope: z.array(z.enum(MEMBER_SCOPES)).default([]),
    ttl: z.coerce.number().int().positive().default(8 * 3600),
  })
  .refine((a) => a.role !== 'member' || a.account, { path: ['account'], message: 'a member token needs --account' })
  .refine((a) => a.role === 'member' || a.scope.length === 0, { path: ['scope'], message: 'only a member token carries a scope' });

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'admin' },
    sub: { type: 'string' },
    account: { type: 'string' },
    scope: { type: 'string', multiple: true },
    ttl: { type: 'string' },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  console.error('usage: npm run token -- --role admin|csm|viewer|member [--account cust_1 [--scope notes:read]] [--sub name] [--ttl seconds]');
  process.exit(2);
}
const args = parsed.data;
const { secret } = await resolveJwtSecret(loadEnv());
console.log(await signToken({ sub: args.sub, role: args.role, ttl: args.ttl, ...(args.account ? { accountId: args.account } : {}), scopes: args.scope }, secret));
