CREATE TABLE "account_milestones" (
	"account_id" text NOT NULL,
	"milestone_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"progress_percentage" smallint DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"target_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_milestones_account_id_milestone_key_pk" PRIMARY KEY("account_id","milestone_key"),
	CONSTRAINT "account_milestones_progress_range" CHECK ("account_milestones"."progress_percentage" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "account_users" (
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"email" text,
	"name" text,
	"last_login_at" timestamp with time zone,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_users_account_id_user_id_pk" PRIMARY KEY("account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"plan" text DEFAULT 'standard' NOT NULL,
	"mrr" numeric(14, 2) DEFAULT 0 NOT NULL,
	"acquisition_cost" numeric(14, 2) DEFAULT 0 NOT NULL,
	"contract_end_date" date,
	"csm_owner" text,
	"contact_name" text,
	"contact_email" text,
	"payment_status" text DEFAULT 'current' NOT NULL,
	"lifecycle_stage" text DEFAULT 'onboarding' NOT NULL,
	"client_count" integer DEFAULT 0 NOT NULL,
	"custom_fields_used" integer DEFAULT 0 NOT NULL,
	"churned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_mrr_nonnegative" CHECK ("accounts"."mrr" >= 0),
	CONSTRAINT "accounts_acquisition_cost_nonnegative" CHECK ("accounts"."acquisition_cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "activity_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"feature" text,
	"duration_seconds" integer,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_scores" (
	"account_id" text PRIMARY KEY NOT NULL,
	"overall_score" smallint NOT NULL,
	"engagement_score" double precision NOT NULL,
	"satisfaction_score" double precision NOT NULL,
	"components" jsonb NOT NULL,
	"status" text NOT NULL,
	"risk_level" text NOT NULL,
	"churn_probability" double precision,
	"priority" text NOT NULL,
	"scorecard_version" integer NOT NULL,
	"risk_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"factors" jsonb NOT NULL,
	"churn_model_version" text,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "health_overall_range" CHECK ("health_scores"."overall_score" between 0 and 100),
	CONSTRAINT "health_churn_range" CHECK ("health_scores"."churn_probability" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "health_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"overall_score" smallint NOT NULL,
	"engagement_score" double precision NOT NULL,
	"satisfaction_score" double precision NOT NULL,
	"components" jsonb NOT NULL,
	"status" text NOT NULL,
	"risk_level" text NOT NULL,
	"churn_probability" double precision,
	"priority" text NOT NULL,
	"scorecard_version" integer NOT NULL,
	"taken_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"account_id" text NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"connected_at" timestamp with time zone,
	"disconnected_at" timestamp with time zone,
	CONSTRAINT "integrations_account_id_provider_pk" PRIMARY KEY("account_id","provider")
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" text NOT NULL,
	"trigger_type" text DEFAULT 'manual' NOT NULL,
	"intervention_type" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"priority" text NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"outcome_notes" text,
	"assigned_to" text,
	"created_by" text NOT NULL,
	"scheduled_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestone_definitions" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nps_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text,
	"score" smallint NOT NULL,
	"comment" text,
	"responded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "nps_score_range" CHECK ("nps_responses"."score" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scorecards" (
	"version" serial PRIMARY KEY NOT NULL,
	"profile" text NOT NULL,
	"config" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" text NOT NULL,
	"external_id" text,
	"interaction_type" text DEFAULT 'ticket' NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"satisfaction_rating" smallint,
	"response_time_hours" double precision,
	"resolution_time_hours" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_rating_range" CHECK ("support_interactions"."satisfaction_rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "account_milestones" ADD CONSTRAINT "account_milestones_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_milestones" ADD CONSTRAINT "account_milestones_milestone_key_milestone_definitions_key_fk" FOREIGN KEY ("milestone_key") REFERENCES "public"."milestone_definitions"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_users" ADD CONSTRAINT "account_users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_events" ADD CONSTRAINT "activity_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_scores" ADD CONSTRAINT "health_scores_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_scores" ADD CONSTRAINT "health_scores_scorecard_version_scorecards_version_fk" FOREIGN KEY ("scorecard_version") REFERENCES "public"."scorecards"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD CONSTRAINT "health_snapshots_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD CONSTRAINT "health_snapshots_scorecard_version_scorecards_version_fk" FOREIGN KEY ("scorecard_version") REFERENCES "public"."scorecards"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_responses" ADD CONSTRAINT "nps_responses_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_interactions" ADD CONSTRAINT "support_interactions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_milestones_account_status" ON "account_milestones" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "idx_milestones_type_completed" ON "account_milestones" USING btree ("milestone_key","completed_at");--> statement-breakpoint
CREATE INDEX "idx_account_users_last_login" ON "account_users" USING btree ("account_id","last_login_at");--> statement-breakpoint
CREATE INDEX "idx_accounts_csm_owner" ON "accounts" USING btree ("csm_owner");--> statement-breakpoint
CREATE INDEX "idx_accounts_churned_at" ON "accounts" USING btree ("churned_at");--> statement-breakpoint
CREATE INDEX "idx_accounts_created_at" ON "accounts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_activity_account_occurred" ON "activity_events" USING btree ("account_id","occurred_at");--> statement-breakpoint
CREATE INDEX "idx_activity_occurred" ON "activity_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "idx_health_score" ON "health_scores" USING btree ("overall_score");--> statement-breakpoint
CREATE INDEX "idx_health_risk_score" ON "health_scores" USING btree ("risk_level","overall_score");--> statement-breakpoint
CREATE INDEX "idx_health_priority" ON "health_scores" USING btree ("priority","churn_probability");--> statement-breakpoint
CREATE INDEX "idx_health_status" ON "health_scores" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_health_updated" ON "health_scores" USING btree ("computed_at");--> statement-breakpoint
CREATE INDEX "idx_snapshots_account_taken" ON "health_snapshots" USING btree ("account_id","taken_at");--> statement-breakpoint
CREATE INDEX "idx_interventions_trigger_scheduled" ON "interventions" USING btree ("trigger_type","scheduled_at");--> statement-breakpoint
CREATE INDEX "idx_interventions_org_status" ON "interventions" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "idx_interventions_org_active" ON "interventions" USING btree ("account_id","status") WHERE "interventions"."status" in ('planned', 'executed', 'responded');--> statement-breakpoint
CREATE INDEX "idx_nps_account_responded" ON "nps_responses" USING btree ("account_id","responded_at");--> statement-breakpoint
CREATE INDEX "idx_payments_account_occurred" ON "payments" USING btree ("account_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_support_external" ON "support_interactions" USING btree ("account_id","external_id");--> statement-breakpoint
CREATE INDEX "idx_support_org_status" ON "support_interactions" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "idx_support_priority_created" ON "support_interactions" USING btree ("priority","created_at");--> statement-breakpoint
CREATE INDEX "idx_support_account_created" ON "support_interactions" USING btree ("account_id","created_at");