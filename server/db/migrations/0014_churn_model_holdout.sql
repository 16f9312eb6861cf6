ALTER TABLE "churn_model_runs" ADD COLUMN "holdout" text;--> statement-breakpoint
-- Every run before this one held out the latest instants.
UPDATE "churn_model_runs" SET "holdout" = 'out_of_time' WHERE "status" = 'succeeded';
