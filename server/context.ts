import type { Principal } from './auth';
import type { Db } from './db/index';
import type { ChurnModel } from './domain/churn';
import type { FeatureFlags } from './env';
import type { LiveHub } from './live/hub';
import type { Metrics } from './metrics';

export type Clock = () => Date;

export interface AppConfig {
  jwtSecret: string;
  rateLimitPerMinute: number;
  features: FeatureFlags;
  /** Standard Webhooks secrets (`whsec_…`) an inbound delivery may be signed with; several while rotating. */
  webhookSecrets: string[];
  /** Largest inbound webhook body accepted, in bytes. */
  webhookMaxBytes: number;
  /** Origins that may call the API from a browser; null for any (bearer tokens, no cookies). */
  corsOrigins: string[] | null;
  /** The built widget kit, and the demo pages (null outside demo mode). */
  assets: { widgetsDir: string; demoDir: string | null };
  /** Who automated interventions are routed to (assignee rules `senior_csm`, `escalation`, critical `auto`). */
  assignees: { seniorCsm: string | null; escalation: string | null };
  /** Values of the template variables that come from configuration rather than the account. */
  templateValues: { productName: string; calendarLink: string; tutorialLink: string; newFeatures: string };
  /** Where alerts are delivered; a channel without a target is skipped and the alert says so. */
  alertChannels: AlertChannels;
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
  /** The SMS adapter: `POST url` with `{ to, body }` (see the README), one message per number. */
  sms: { url: string; token: string | null; to: string[] } | null;
}

/** Everything the app needs from outside, injected so tests build their own. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  /** The churn model; replaced by a trained one later. */
  churnModel: ChurnModel;
  metrics: Metrics;
  /** This instance's fan-out to event streams; absent where nothing streams (CLIs, some tests). */
  hub?: LiveHub;
  /** Woken after an inbound event commits, so its account is rescored within the second. */
  rescoreWorker?: { wake(): void };
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}

