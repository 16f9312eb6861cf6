CREATE INDEX "idx_accounts_sort_name" ON "accounts" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "idx_accounts_sort_mrr" ON "accounts" USING btree (("mrr"::float8),"id");--> statement-breakpoint
CREATE INDEX "idx_accounts_sort_renewal_first" ON "accounts" USING btree (coalesce("contract_end_date", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "idx_accounts_sort_renewal_last" ON "accounts" USING btree (coalesce("contract_end_date", '-infinity'::date),"id");