import { createRoute, z } from '@hono/zod-openapi';
import { actingStaff, assertCanReadNotes, assertCanSeeAccount, staffOnly } from '../auth';
import { ApiError } from '../errors';
import { accountExists, accountProfile, addNote, listNotes, timeline, TIMELINE_KINDS } from '../services/accounts';
import { cursorParam, encodeCursor, encodeTimeCursor, idParam, pageSize, timeKeyset } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

const accountId = idParam('id', 'cust_12345');

const contactSchema = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  primary: z.boolean().openapi({ description: "The account's primary contact; the others are its most recently active seats" }),
  last_login_at: z.string().nullable(),
});

const profileSchema = z
  .object({
    customer_id: z.string(),
    company_name: z.string(),
    plan: z.string(),
    mrr: z.number(),
    arr: z.number().openapi({ description: '12 × MRR' }),
    contract_end_date: z.string().nullable().openapi({ description: 'The renewal date' }),
    csm_owner: z.string().nullable(),
    lifecycle_stage: z.string(),
    payment_status: z.string(),
    customer_since: z.string().nullable(),
    churned_at: z.string().nullable(),
    contacts: z.array(contactSchema),
    traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  })
  .openapi('AccountProfile');

const noteSchema = z
  .object({
    id: z.string(),
    account_id: z.string(),
    author: z.string().openapi({ description: "The writer's token `sub`" }),
    text: z.string().openapi({ description: 'Plain text as written: show it as text, never as HTML' }),
    created_at: z.string(),
  })
  .openapi('AccountNote');

const noteBody = z.object({
  text: z
    .string()
    .min(1)
    .max(10_000)
    .refine((t) => t.trim().length > 0, 'must contain more than white space')
    .openapi({ description: '1-10,000 characters of plain text, stored verbatim' }),
});

const MAX_MICROS = 253_402_300_800_000_000n; // 10000-01-01: stored times are years 1970-9999.
const timelineKeyset = z.object({
  us: z
    .string()
    .regex(/^\d{1,18}$/)
    .refine((v) => BigInt(v) < MAX_MICROS),
  kind: z.enum(TIMELINE_KINDS),
  id: z.string().min(1).max(64),
});

const timelineItemSchema = z
  .object({
    at: z.string(),
    kind: z.enum(TIMELINE_KINDS),
    id: z.string(),
    subtype: z.string().nullable().openapi({ description: 'Activity kind, ticket channel, payment status, intervention type or alert severity' }),
    title: z.string().nullable().openapi({ description: "A ticket's subject, an intervention's or alert's title, a used feature" }),
    summary: z.string().nullable().openapi({ description: "A note's text, an NPS comment, an intervention's description, an alert's message" }),
    status: z.string().nullable().openapi({ description: "A ticket's or intervention's status; an alert's open or acknowledged" }),
    value: z.number().nullable().openapi({ description: "A payment's amount, an NPS score, a session's seconds, a ticket's satisfaction rating" }),
    actor: z.string().nullable().openapi({ description: "A note's author, an intervention's creator, an activity's or NPS answer's user" }),
  })
  .openapi('TimelineItem');

/** 404 for an account nobody has, after the caller was allowed to ask about that id. */
async function requireAccount(executor: Parameters<typeof accountExists>[0], id: string) {
  if (!(await accountExists(executor, id))) throw ApiError.notFound('account', id);
}

export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: "One account's facts: plan, MRR and ARR, renewal date, owner, contacts, traits (staff, the account's member)",
      security: bearerSecurity,
      request: { params: z.object({ id: accountId }) },
      responses: {
        200: { description: 'The account', content: { 'application/json': { schema: profileSchema } } },
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      assertCanSeeAccount(c.var.principal, id);
      const profile = await accountProfile(c.var.deps.db.orm, id);
      if (!profile) throw ApiError.notFound('account', id);
      return c.json(profile, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/notes',
      summary: "The account's notes, newest first (staff; a member of the account only with the notes:read scope)",
      security: bearerSecurity,
      request: {
        params: z.object({ id: accountId }),
        query: z.object({ limit: pageSize(100, 20), cursor: cursorParam(timeKeyset) }),
      },
      responses: {
        200: {
          description: 'A page of notes',
          content: { 'application/json': { schema: z.object({ notes: z.array(noteSchema), next_cursor: z.string().nullable() }).openapi('AccountNotePage') } },
        },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      assertCanReadNotes(c.var.principal, id);
      const orm = c.var.deps.db.orm;
      await requireAccount(orm, id);
      const page = await listNotes(orm, id, limit, cursor);
      return c.json({ notes: page.rows, next_cursor: encodeTimeCursor(page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/notes',
      summary: 'Add a note to the account (CSM, admin); its author is the token’s sub',
      security: bearerSecurity,
      middleware: actingStaff,
      request: {
        params: z.object({ id: accountId }),
        body: { required: true, content: { 'application/json': { schema: noteBody } } },
      },
      responses: {
        201: { description: 'The note', content: { 'application/json': { schema: z.object({ note: noteSchema }) } } },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { text } = c.req.valid('json');
      const { deps, principal } = c.var;
      const note = await deps.db.orm.transaction(async (tx) => {
        await requireAccount(tx, id);
        return addNote(tx, { accountId: id, author: principal.sub, text, at: deps.clock() });
      });
      return c.json({ note }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/timeline',
      summary: "Everything that happened to the account, newest first: activity, tickets, payments, NPS answers, interventions, alerts and notes (staff)",
      description: 'Staff only: the timeline holds notes and alerts, which a member token does not read.',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        params: z.object({ id: accountId }),
        query: z.object({ limit: pageSize(100, 25), cursor: cursorParam(timelineKeyset) }),
      },
      responses: {
        200: {
          description: 'A page of the timeline',
          content: {
            'application/json': {
              schema: z.object({ items: z.array(timelineItemSchema), next_cursor: z.string().nullable() }).openapi('AccountTimelinePage'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const orm = c.var.deps.db.orm;
      await requireAccount(orm, id);
      const page = await timeline(orm, id, limit, cursor);
      return c.json({ items: page.items, next_cursor: page.next && encodeCursor(page.next) }, 200);
    },
  );
