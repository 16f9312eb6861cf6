CREATE TABLE "churn_model_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"horizon_days" integer NOT NULL,
	"params" jsonb NOT NULL,
	"counts" jsonb,
	"model_family" text,
	"metrics" jsonb,
	"baselines" jsonb,
	"features" jsonb,
	"insufficient_data" boolean,
	"active" boolean DEFAULT false NOT NULL,
	"artifact" jsonb,
	CONSTRAINT "churn_model_runs_horizon_range" CHECK ("churn_model_runs"."horizon_days" between 1 and 3650),
	CONSTRAINT "churn_model_runs_active_succeeded" CHECK (not "churn_model_runs"."active" or "churn_model_runs"."status" = 'succeeded')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "churn_model_runs_version" ON "churn_model_runs" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "churn_model_runs_one_running" ON "churn_model_runs" USING btree ("status") WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "churn_model_runs_one_active" ON "churn_model_runs" USING btree ("active") WHERE active;