/**
 * The shape of the app's configuration. `env.ts` builds it from the environment once; every
 * layer reads it. Types only, importing nothing, so any layer may depend on it.
 */

export type Clock = () => Date;

/** The reference's feature flags; each really switches its part off. */
export interface FeatureFlags {
  realTimeUpdates: boolean;
  automatedInterventions: boolean;
  predictiveScoring: boolean;
  emailAutomation: boolean;
  slackIntegration: boolean;
}

export interface AlertChannels {
  /** Alert email recipients, sent through `smtp`. */
  emailTo: string[];
  /** A nodemailer SMTP URL, e.g. `smtp://user:pass@host:587` or `smtps://…:465`. */
  smtp: { url: string; from: string } | null;
  /** A Slack incoming-webhook URL. */
  slackWebhookUrl: string | null;
  /** A generic receiver of every alert, signed the Standard Webhooks way with `secret` (`whsec_…`). */
  webhook: { url: string; secret: string } | null;
  /** The SMS adapter: `POST url` with `{ to, body }` (see docs/api.md), one message per number. */
  sms: { url: string; token: string | null; to: string[] } | null;
}

/** When the scheduled jobs run (see `services/jobs.ts`). */
export interface JobSchedule {
  /** HH:MM UTC of the daily full rescore (the reference: 02:00). */
  fullRescoreUtc: string;
  /** Minutes between rescores of critical accounts (the reference: hourly). */
  criticalRescoreMinutes: number;
  /** How long live events are kept for resuming streams. */
  eventRetentionHours: number;
  /** Days between scheduled churn model retrains (each activates only if better). */
  churnRetrainDays: number;
  /** How often an instance looks for a due job. */
  tickMs: number;
}

export interface AppConfig {
  jwtSecret: string;
  rateLimitPerMinute: number;
  /** Event streams one token may hold open at once on an instance (429 above). */
  maxStreamsPerToken: number;
  features: FeatureFlags;
  /** Standard Webhooks secrets (`whsec_…`) an inbound delivery may be signed with; several while rotating. */
  webhookSecrets: string[];
  /** Largest inbound webhook body accepted, in bytes. */
  webhookMaxBytes: number;
  /** Largest JSON body any other `/api` route accepts, in bytes (the NDJSON import is streamed, limited per line). */
  bodyMaxBytes: number;
  /** Origins that may call the API from a browser; null for any (bearer tokens, no cookies). */
  corsOrigins: string[] | null;
  /** Origins besides this one that may frame the CRM-sidebar page (CSP frame-ancestors). */
  frameAncestors: string[];
  /** The bearer token `GET /metrics` asks for; null: the metrics are public. */
  metricsToken: string | null;
  /** The built widget kit, and the demo pages (null outside demo mode). */
  assets: { widgetsDir: string; demoDir: string | null };
  /** Who automated interventions are routed to (assignee rules `senior_csm`, `escalation`, critical `auto`). */
  assignees: { seniorCsm: string | null; escalation: string | null };
  /** Values of the template variables that come from configuration rather than the account. */
  templateValues: { productName: string; calendarLink: string; tutorialLink: string; newFeatures: string };
  /** Where alerts are delivered; a channel without a target is skipped and the alert says so. */
  alertChannels: AlertChannels;
  /** Automated emails of `automated_email` interventions (sent through `alertChannels.smtp`). */
  automatedEmail: AutomatedEmailSettings;
  schedule: JobSchedule;
}

export interface AutomatedEmailSettings {
  /** At most one automated email per account in this many days. */
  capDays: number;
  /** Every automated email goes here instead of the account's contact (a shared inbox, a staging address); null for the contact. */
  recipientOverride: string | null;
  /** Where this server is reached from a mail client: the base of unsubscribe links. */
  publicUrl: string;
  /** Emails to an intervention's assignee when it is opened or reassigned: one each, a daily digest, or none. */
  assigneeNotices: 'each' | 'digest' | 'off';
  /** HH:MM UTC the daily digest goes out. */
  digestUtc: string;
}
