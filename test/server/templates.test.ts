import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app';
import { addAccount } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');

describe.each(dbKinds)('email templates on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    await addAccount(db, 'acme', {
      name: 'Acme & Sons <script>alert(1)</script>',
      contactName: 'Robin "R" Doe',
      csmOwner: 'dana@cs.example',
      contractEndDate: '2026-07-15',
    });
    // A real score, so the health variables have values.
    expect((await t.call('/api/customer-success/rescore', { role: 'admin', body: { account_ids: ['acme'] } })).status).toBe(200);
  });
  afterAll(() => db.dispose());

  it("ships the reference's two templates, generalised, with the variables they use", async () => {
    const res = await t.call('/api/templates', { role: 'viewer' });
    expect(res.status).toBe(200);
    const ids = res.json.templates.map((x: { id: string }) => x.id);
    expect(ids).toEqual(['health_check_proactive', 'reengagement_welcome_back']);
    for (const template of res.json.templates) expect(JSON.stringify(template)).not.toMatch(/wed|WedSync|💍/i);
    const reengagement = res.json.templates[1];
    expect(reengagement).toMatchObject({ category: 'reengagement', subject: 'We miss you, {{companyName}}!', html_body: null });
    expect(reengagement.variables).toEqual(['companyName', 'contactName', 'productName', 'newFeatures', 'calendarLink', 'tutorialLink', 'csmEmail', 'csmName']);
    expect(Object.keys(res.json.variables)).toContain('healthInsights');
  });

  it('renders a preview from account, CSM and health data', async () => {
    const res = await t.call('/api/templates/reengagement_welcome_back/preview', { role: 'csm', body: { account_id: 'acme' } });
    expect(res.status).toBe(200);
    expect(res.json.subject).toBe('We miss you, Acme & Sons <script>alert(1)</script>!');
    expect(res.json.text).toContain('Hi Robin "R" Doe,');
    expect(res.json.text).toContain('active on Retention Kit lately');
    expect(res.json.text).toContain('Book a 15-minute success call: https://cal.example/success');
    expect(res.json.text).toContain('Contact me directly: dana@cs.example');
    expect(res.json.text).not.toContain('{{');
    expect(res.json.html).toBeNull();

    const health = await t.call('/api/templates/health_check_proactive/preview', { role: 'viewer', body: { account_id: 'acme' } });
    expect(health.json.values.daysToRenewal).toBe('30');
    expect(health.json.values.healthScore).toMatch(/^\d+$/);
    expect(health.json.text).toContain(health.json.values.healthInsights);
    expect(health.json.values.healthInsights).toMatch(/^• /);
  });

  it('HTML-escapes substituted values in an HTML body, and only there', async () => {
    const created = await t.call('/api/templates', {
      role: 'admin',
      body: {
        id: 'renewal_note',
        name: 'Renewal note',
        category: 'renewal',
        subject: 'Your renewal, {{companyName}}',
        body: 'Hi {{contactName}}, your contract ends on {{contractEndDate}}.',
        html_body: '<p>Hi <b>{{contactName}}</b> of {{ companyName }}, {{daysToRenewal}} days to go.</p>',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.template.variables).toEqual(['companyName', 'contactName', 'contractEndDate', 'daysToRenewal']);
    const res = await t.call('/api/templates/renewal_note/preview', { role: 'csm', body: { account_id: 'acme' } });
    expect(res.json.html).toBe(
      '<p>Hi <b>Robin &quot;R&quot; Doe</b> of Acme &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt;, 30 days to go.</p>',
    );
    expect(res.json.text).toBe('Hi Robin "R" Doe, your contract ends on 2026-07-15.');
  });

  it('reports unknown variables at save time, per field', async () => {
    const res = await t.call('/api/templates', {
      role: 'admin',
      body: { name: 'Typo', category: 'onboarding', subject: 'Hello {{compnyName}}', body: 'Hi {{contactName}} {{weddingDate}} {{venue}}' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['subject', 'body']);
    expect(res.json.error.fields[1].message).toContain('unknown variables {{weddingDate}}, {{venue}}');
    const patch = await t.call('/api/templates/renewal_note', { role: 'admin', method: 'PATCH', body: { html_body: '{{nope}}' } });
    expect(patch.status).toBe(400);
    expect(patch.json.error.fields).toEqual([expect.objectContaining({ field: 'html_body' })]);
  });

  it('validates, changes and deletes templates; only admins write', async () => {
    expect((await t.call('/api/templates', { role: 'admin', body: { name: 'x', category: 'party', subject: '', body: '' } })).json.error.fields.length).toBe(3);
    expect((await t.call('/api/templates', { role: 'csm', body: { name: 'x', category: 'onboarding', subject: 's', body: 'b' } })).status).toBe(403);
    const dup = await t.call('/api/templates', { role: 'admin', body: { id: 'renewal_note', name: 'x', category: 'onboarding', subject: 's', body: 'b' } });
    expect(dup.status).toBe(409);
    const changed = await t.call('/api/templates/renewal_note', { role: 'admin', method: 'PATCH', body: { html_body: null, name: 'Renewal' } });
    expect(changed.json.template).toMatchObject({ name: 'Renewal', html_body: null, body: 'Hi {{contactName}}, your contract ends on {{contractEndDate}}.' });
    expect((await t.call('/api/templates/renewal_note', { role: 'admin', method: 'DELETE' })).status).toBe(204);
    expect((await t.call('/api/templates/renewal_note', { role: 'viewer' })).status).toBe(404);
  });

  it('refuses to delete a template a trigger uses, and previews only what exists', async () => {
    const res = await t.call('/api/templates/reengagement_welcome_back', { role: 'admin', method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("'engagement_decline'");
    expect((await t.call('/api/templates/nope/preview', { role: 'csm', body: { account_id: 'acme' } })).status).toBe(404);
    const noAccount = await t.call('/api/templates/reengagement_welcome_back/preview', { role: 'csm', body: { account_id: 'nobody' } });
    expect(noAccount.status).toBe(400);
    expect(noAccount.json.error.fields[0].field).toBe('account_id');
    expect((await t.call('/api/templates', { role: 'member', accountId: 'acme' })).status).toBe(403);
  });
});
