CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"operator" text NOT NULL,
	"threshold" double precision NOT NULL,
	"time_window" text,
	"channels" jsonb NOT NULL,
	"severity" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"cooldown_minutes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" text,
	"account_id" text NOT NULL,
	"company_name" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"skipped_channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"html_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intervention_activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"intervention_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"changes" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intervention_triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"condition_type" text NOT NULL,
	"threshold" double precision NOT NULL,
	"time_window" text NOT NULL,
	"intervention_type" text NOT NULL,
	"intervention_title" text NOT NULL,
	"template_id" text,
	"schedule_in" text DEFAULT '0 minutes' NOT NULL,
	"assignee_rule" text DEFAULT 'auto' NOT NULL,
	"priority" text NOT NULL,
	"cooldown_hours" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trigger_firings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger_id" text NOT NULL,
	"account_id" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"detail" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"intervention_id" uuid,
	"fired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interventions" ADD COLUMN "trigger_id" text;--> statement-breakpoint
ALTER TABLE "interventions" ADD COLUMN "template_id" text;--> statement-breakpoint
ALTER TABLE "interventions" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_activity" ADD CONSTRAINT "intervention_activity_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_triggers" ADD CONSTRAINT "intervention_triggers_template_id_email_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."email_templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD CONSTRAINT "trigger_firings_trigger_id_intervention_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."intervention_triggers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD CONSTRAINT "trigger_firings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD CONSTRAINT "trigger_firings_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_alert_deliveries_due" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "idx_alert_deliveries_alert" ON "alert_deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "idx_alerts_rule_account" ON "alerts" USING btree ("rule_id","account_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_alerts_created" ON "alerts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "idx_alerts_account" ON "alerts" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_intervention_activity" ON "intervention_activity" USING btree ("intervention_id","id");--> statement-breakpoint
CREATE INDEX "idx_trigger_firings_trigger_account" ON "trigger_firings" USING btree ("trigger_id","account_id","fired_at");--> statement-breakpoint
CREATE INDEX "idx_trigger_firings_account" ON "trigger_firings" USING btree ("account_id","fired_at");--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_trigger_id_intervention_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."intervention_triggers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_template_id_email_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."email_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_interventions_open_trigger" ON "interventions" USING btree ("trigger_id","account_id") WHERE "interventions"."trigger_id" is not null and "interventions"."status" in ('planned', 'executed', 'responded');--> statement-breakpoint
CREATE INDEX "idx_interventions_scheduled" ON "interventions" USING btree ("scheduled_at","id");--> statement-breakpoint
-- Defaults from the health-scoring reference, seeded once here (not at start-up) so an admin's
-- edits and deletions stick. The wedding wording is generalised; the variables are listed in the README.
INSERT INTO "email_templates" ("id", "name", "category", "subject", "body") VALUES
('reengagement_welcome_back', 'Welcome Back - Re-engagement', 'reengagement', 'We miss you, {{companyName}}!',
'Hi {{contactName}},

We noticed you haven''t been active on {{productName}} lately, and we wanted to reach out.
Getting the most out of a new tool can be overwhelming, and we''re here to help make it easier.

Here''s what''s new since your last visit:
• {{newFeatures}}

Need help getting back on track? I''m here to assist:
• Book a 15-minute success call: {{calendarLink}}
• Browse our latest tutorials: {{tutorialLink}}
• Contact me directly: {{csmEmail}}

Your success is our priority!

Best regards,
{{csmName}}
Customer Success Manager'),
('health_check_proactive', 'Proactive Health Check', 'health_check', 'How is everything going, {{companyName}}?',
'Hi {{contactName}},

I hope everything is going well! I wanted to check in and see how
things are progressing with {{productName}}.

Based on your recent activity, I noticed:
{{healthInsights}}

I''d love to help you:
• Optimize your current workflow
• Explore features that could save you time
• Address any challenges you''re facing

Would you be open to a brief 15-minute call this week?
{{calendarLink}}

Looking forward to hearing from you!

{{csmName}}');
--> statement-breakpoint
INSERT INTO "intervention_triggers" ("id", "name", "condition_type", "threshold", "time_window", "intervention_type",
  "intervention_title", "template_id", "schedule_in", "assignee_rule", "priority", "cooldown_hours", "enabled") VALUES
('critical_health_drop', 'Critical Health Score Drop', 'health_score_drop', 20, '24 hours', 'csm_outreach',
  'Critical Health Score Drop - Immediate Attention Required', 'health_check_proactive', '2 hours', 'senior_csm', 'critical', 48, true),
('engagement_decline', 'Engagement Decline', 'engagement_decline', 30, '7 days', 'automated_email',
  'Low Engagement - Re-engagement Campaign', 'reengagement_welcome_back', '12 hours', 'auto', 'medium', 168, true),
('contract_renewal_risk', 'Contract Renewal at Risk', 'contract_renewal', 70, '60 days', 'escalation_created',
  'Contract Renewal at Risk - Low Health Score', NULL, '0 minutes', 'auto', 'high', 168, true);
--> statement-breakpoint
INSERT INTO "alert_rules" ("id", "name", "metric", "operator", "threshold", "time_window", "channels", "severity",
  "enabled", "cooldown_minutes") VALUES
('critical_health_score', 'Critical Health Score Alert', 'health_score', 'lt', 40, NULL, '["email", "slack", "sms"]', 'critical', true, 60),
('health_score_drop', 'Significant Health Score Drop', 'health_score', 'changed_by', -20, '24 hours', '["email", "slack"]', 'high', true, 180);
