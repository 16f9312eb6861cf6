import { createRoute, z } from '@hono/zod-openapi';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { limitBodySize } from '../body-limit';
import { ApiError } from '../errors';
import { INBOUND_EVENT_TYPES, parseInboundEvent } from '../services/ingest';
import { deliveryId } from '../validation';
import { createRouter, errorResponses } from './router';

const limitBody = limitBodySize((c) => c.var.deps.config.webhookMaxBytes, 'webhook bodies');

/**
 * Inbound activity, signed the Standard Webhooks way. The raw bytes are verified (constant-time,
 * timestamp within ±5 minutes, any of the space-separated signatures against any of `secrets`)
 * before anything is parsed; the event and its delivery id are stored atomically.
 */
export const webhookRoutes = (secrets: readonly string[]) => {
  // One verifier per secret, built once (each decodes its key).
  const verifiers = secrets.map((s) => new Webhook(s));
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/inbound',
      summary: 'Customer activity from the host, signed per Standard Webhooks',
      // The body is documented, not declared: a declared body would be parsed before its signature is checked.
      description: `Headers webhook-id (1-256 printable ASCII), webhook-timestamp, webhook-signature. Body {type, timestamp, data: {account_id, …}}; types: ${INBOUND_EVENT_TYPES.join(', ')}.`,
      // Proven by its signature, not a token.
      security: [],
      middleware: [limitBody],
      responses: {
        200: {
          description: 'Applied now, or already applied earlier (a retried delivery)',
          content: { 'application/json': { schema: z.object({ id: z.string(), status: z.enum(['applied', 'duplicate']) }) } },
        },
        ...errorResponses(400, 401, 413, 429),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const raw = await c.req.text();
      const headers = {
        'webhook-id': c.req.header('webhook-id') ?? '',
        'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
        'webhook-signature': c.req.header('webhook-signature') ?? '',
      };
      verify(raw, headers, verifiers);
      const idCheck = deliveryId.safeParse(headers['webhook-id']);
      if (!idCheck.success) throw ApiError.invalid([{ field: 'webhook-id', message: idCheck.error.issues[0]!.message }]);

      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new ApiError(400, 'invalid_request', 'body: not valid JSON', [{ field: 'body', message: 'not valid JSON' }]);
      }
      const event = parseInboundEvent(body);
      const { applied } = await deps.ingest.submit(headers['webhook-id'], event);
      if (applied) deps.rescoreWorker.wake();
      deps.metrics.webhooksReceived.inc({ type: event.type, status: applied ? 'applied' : 'duplicate' });
      return c.json({ id: headers['webhook-id'], status: applied ? ('applied' as const) : ('duplicate' as const) }, 200);
    },
  );
};

function verify(raw: string, headers: Record<string, string>, verifiers: readonly Webhook[]): void {
  let reason = 'no webhook secret is configured';
  for (const verifier of verifiers) {
    try {
      verifier.verify(raw, headers, { jsonParse: false });
      return;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message;
    }
  }
  throw new ApiError(401, 'invalid_signature', `webhook rejected: ${reason}`);
}
