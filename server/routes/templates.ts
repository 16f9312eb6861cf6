import { randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { adminOnly, staffOnly } from '../auth';
import type { Executor } from '../db/index';
import { emailTemplates, interventionTriggers } from '../db/schema';
import { isKnownVariable, TEMPLATE_CATEGORIES, TEMPLATE_VARIABLES, variablesIn } from '../domain/templates';
import { ApiError, type FieldError } from '../errors';
import { renderForAccount } from '../services/templates';
import { idParam } from './query';
import { bearerSecurity, createRouter } from './router';
import { slug } from './triggers';

const fields = {
  name: z.string().trim().min(1).max(200),
  category: z.enum(TEMPLATE_CATEGORIES),
  subject: z.string().min(1).max(500),
  body: z.string().min(1).max(50_000).openapi({ description: 'Plain text with {{variable}} placeholders' }),
  html_body: z
    .string()
    .min(1)
    .max(100_000)
    .nullable()
    .openapi({ description: 'Optional HTML alternative; substituted values are HTML-escaped' }),
};

const createBody = z
  .strictObject({ id: slug.optional().openapi({ description: 'Generated when absent' }), ...fields, html_body: fields.html_body.optional() })
  .openapi('NewTemplate');
const patchBody = z
  .strictObject({
    name: fields.name.optional(),
    category: fields.category.optional(),
    subject: fields.subject.optional(),
    body: fields.body.optional(),
    html_body: fields.html_body.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
  .openapi('TemplateChange');

const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.enum(TEMPLATE_CATEGORIES),
    subject: z.string(),
    body: z.string(),
    html_body: z.string().nullable(),
    variables: z.array(z.string()).openapi({ description: 'The variables it uses' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('EmailTemplate');

type TemplateRow = typeof emailTemplates.$inferSelect;

const view = (t: TemplateRow) => ({
  id: t.id,
  name: t.name,
  category: t.category,
  subject: t.subject,
  body: t.body,
  html_body: t.htmlBody,
  variables: variablesIn(t.subject, t.body, t.htmlBody),
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
});

/** Unknown variables are reported at save time, per field, rather than rendered as holes later. */
function checkVariables(t: { subject: string; body: string; html_body: string | null }) {
  const errors: FieldError[] = [];
  for (const [field, text] of [['subject', t.subject], ['body', t.body], ['html_body', t.html_body]] as const) {
    const unknown = variablesIn(text).filter((v) => !isKnownVariable(v));
    if (unknown.length > 0) {
      errors.push({
        field,
        message: `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `{{${v}}}`).join(', ')}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}`,
      });
    }
  }
  if (errors.length > 0) throw new ApiError(400, 'invalid_request', errors.map((f) => `${f.field}: ${f.message}`).join('; '), errors);
}

async function load(executor: Executor, id: string): Promise<TemplateRow> {
  const [row] = await executor.select().from(emailTemplates).where(eq(emailTemplates.id, id));
  if (!row) throw ApiError.notFound('template', id);
  return row;
}

const idPath = z.object({ id: idParam('id', 'reengagement_welcome_back') });
const one = z.object({ template: templateSchema });

export const templateRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Email templates, and every variable a template may use',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: {
        200: {
          description: 'Templates',
          content: {
            'application/json': {
              schema: z.object({ templates: z.array(templateSchema), variables: z.record(z.string(), z.string()) }),
            },
          },
        },
      },
    }),
    async (c) => {
      const rows = await c.var.deps.db.orm.select().from(emailTemplates).orderBy(emailTemplates.id);
      return c.json({ templates: rows.map(view), variables: { ...TEMPLATE_VARIABLES } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Add a template (admin); unknown variables are a 400',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: one } } },
        400: { description: 'A message per invalid field' },
        409: { description: 'The id is taken' },
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const template = { ...body, html_body: body.html_body ?? null };
      checkVariables(template);
      const now = c.var.deps.clock();
      const id = body.id ?? `tpl_${randomBytes(6).toString('hex')}`;
      const [row] = await c.var.deps.db.orm
        .insert(emailTemplates)
        .values({
          id,
          name: template.name,
          category: template.category,
          subject: template.subject,
          body: template.body,
          htmlBody: template.html_body,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ApiError(409, 'conflict', `template '${id}' already exists`);
      return c.json({ template: view(row) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One template',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: idPath },
      responses: { 200: { description: 'The template', content: { 'application/json': { schema: one } } }, 404: { description: 'Unknown template' } },
    }),
    async (c) => c.json({ template: view(await load(c.var.deps.db.orm, c.req.valid('param').id)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Change a template (admin)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: one } } },
        400: { description: 'A message per invalid field' },
        404: { description: 'Unknown template' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const orm = c.var.deps.db.orm;
      const current = view(await load(orm, id));
      const merged = {
        name: body.name ?? current.name,
        category: body.category ?? current.category,
        subject: body.subject ?? current.subject,
        body: body.body ?? current.body,
        html_body: body.html_body === undefined ? current.html_body : body.html_body,
      };
      checkVariables(merged);
      const [row] = await orm
        .update(emailTemplates)
        .set({ ...merged, htmlBody: merged.html_body, updatedAt: c.var.deps.clock() })
        .where(eq(emailTemplates.id, id))
        .returning();
      if (!row) throw ApiError.notFound('template', id);
      return c.json({ template: view(row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      summary: 'Delete a template (admin); 409 while a trigger uses it',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown template' }, 409: { description: 'A trigger uses it' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const orm = c.var.deps.db.orm;
      await orm.transaction(async (tx) => {
        await load(tx, id);
        const users = await tx.select({ id: interventionTriggers.id }).from(interventionTriggers).where(eq(interventionTriggers.templateId, id));
        if (users.length > 0) {
          throw new ApiError(409, 'template_in_use', `template '${id}' is used by trigger ${users.map((u) => `'${u.id}'`).join(', ')}`);
        }
        await tx.delete(emailTemplates).where(eq(emailTemplates.id, id));
      });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/preview',
      summary: "Render a template for an account: its data, its CSM's and its health",
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        params: idPath,
        body: { required: true, content: { 'application/json': { schema: z.strictObject({ account_id: z.string().min(1).max(128) }) } } },
      },
      responses: {
        200: {
          description: 'Rendered',
          content: {
            'application/json': {
              schema: z
                .object({ subject: z.string(), text: z.string(), html: z.string().nullable(), values: z.record(z.string(), z.string()) })
                .openapi('TemplatePreview'),
            },
          },
        },
        400: { description: 'Unknown account' },
        404: { description: 'Unknown template' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { account_id } = c.req.valid('json');
      const deps = c.var.deps;
      const result = await renderForAccount(deps.db.orm, deps.config, id, account_id, deps.clock());
      if (result === 'no_template') throw ApiError.notFound('template', id);
      if (result === 'no_account') {
        throw new ApiError(400, 'invalid_request', `account_id: account '${account_id}' does not exist`, [
          { field: 'account_id', message: `account '${account_id}' does not exist` },
        ]);
      }
      return c.json({ ...result.rendered, values: result.values }, 200);
    },
  );
