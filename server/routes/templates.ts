import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth';
import { TEMPLATE_CATEGORIES, TEMPLATE_VARIABLES } from '../domain/templates';
import { changeTemplate, createTemplate, deleteTemplate, getTemplate, listTemplates, renderForAccount } from '../services/templates';
import { configRoutes, newId, someField } from './config-routes';
import { bearerSecurity, createRouter, errorResponses } from './router';

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

const createBody = z.strictObject({ id: newId, ...fields, html_body: fields.html_body.default(null) }).openapi('NewTemplate');
const changeBody = someField(z.strictObject(fields).partial()).openapi('TemplateChange');

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

const routes = configRoutes({
  key: 'template',
  listKey: 'templates',
  item: templateSchema,
  listExtra: { variables: z.record(z.string(), z.string()).openapi({ description: 'Every variable a template may use' }) },
  create: createBody,
  change: changeBody,
  idExample: 'reengagement_welcome_back',
  summaries: {
    list: 'Email templates, and every variable a template may use',
    get: 'One template',
    create: 'Add a template (admin); unknown variables are a 400',
    change: 'Change a template (admin)',
    delete: 'Delete a template (admin); 409 while a trigger uses it',
  },
  deleteConflicts: true,
});

export const templateRoutes = createRouter()
  .openapi(routes.list, async (c) => c.json({ templates: await listTemplates(c.var.deps.db.orm), variables: { ...TEMPLATE_VARIABLES } }, 200))
  .openapi(routes.create, async (c) => {
    const { id, ...settings } = c.req.valid('json');
    return c.json({ template: await createTemplate(c.var.deps.db.orm, id, settings, c.var.deps.clock()) }, 201);
  })
  .openapi(routes.get, async (c) => c.json({ template: await getTemplate(c.var.deps.db.orm, c.req.valid('param').id) }, 200))
  .openapi(routes.change, async (c) => {
    const template = await changeTemplate(c.var.deps.db.orm, c.req.valid('param').id, c.req.valid('json'), c.var.deps.clock());
    return c.json({ template }, 200);
  })
  .openapi(routes.delete, async (c) => {
    await deleteTemplate(c.var.deps.db, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/preview',
      summary: "Render a template for an account: its data, its CSM's and its health",
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        params: routes.params,
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
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const result = await renderForAccount(deps.db.orm, deps.config, c.req.valid('param').id, c.req.valid('json').account_id, deps.clock());
      return c.json({ ...result.rendered, values: result.values }, 200);
    },
  );
