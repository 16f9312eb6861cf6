ALTER TABLE "intervention_triggers" ADD COLUMN "holdout_percent" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "trigger_firings" ADD COLUMN "draw" double precision;