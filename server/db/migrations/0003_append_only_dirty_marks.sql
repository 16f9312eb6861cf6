-- One mark per event instead of one row per account: concurrent webhooks for an account no
-- longer wait on each other's uncommitted insert. Existing marks keep their place in line.
ALTER TABLE "dirty_accounts" DROP CONSTRAINT "dirty_accounts_pkey";--> statement-breakpoint
ALTER TABLE "dirty_accounts" ADD COLUMN "id" bigserial PRIMARY KEY NOT NULL;
