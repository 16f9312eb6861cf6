ALTER TABLE "health_scores" ADD COLUMN "coverage" double precision;--> statement-breakpoint
ALTER TABLE "health_scores" ADD COLUMN "unknown_factors" jsonb;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD COLUMN "coverage" double precision;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD COLUMN "unknown_factors" jsonb;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD COLUMN "factors" jsonb;