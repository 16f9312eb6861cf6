CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"intervention_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"unsubscribe_url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_unsubscribes" (
	"email" text PRIMARY KEY NOT NULL,
	"unsubscribed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intervention_triggers" ADD COLUMN "holdout_percent" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "interventions" ADD COLUMN "email_status" text;--> statement-breakpoint
ALTER TABLE "interventions" ADD COLUMN "email_detail" text;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD COLUMN "draw" double precision;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_email_outbox_due" ON "email_outbox" USING btree ("next_attempt_at") WHERE "email_outbox"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "uq_email_outbox_automated" ON "email_outbox" USING btree ("intervention_id") WHERE "email_outbox"."kind" = 'automated_email';--> statement-breakpoint
CREATE INDEX "idx_email_outbox_account" ON "email_outbox" USING btree ("account_id","kind","created_at");