CREATE TABLE "account_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"item_key" text DEFAULT '' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "customer_since" date;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "first_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "traits" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD COLUMN "churn_model_version" text;--> statement-breakpoint
ALTER TABLE "health_snapshots" ADD COLUMN "backfilled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "account_history" ADD CONSTRAINT "account_history_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_account_history_as_of" ON "account_history" USING btree ("account_id","kind","item_key","valid_from");--> statement-breakpoint
-- Hand-written: existing data gets a history from its current state (the statements of
-- seedHistory in server/services/history.ts), so as-of scores of the present stay what they were.
update accounts a set first_seen_at = least(a.created_at,
      (select min(e.occurred_at) from activity_events e where e.account_id = a.id),
      (select min(s.created_at) from support_interactions s where s.account_id = a.id),
      (select min(p.occurred_at) from payments p where p.account_id = a.id))
    where a.first_seen_at is null;--> statement-breakpoint
with fresh as (
      select a.* from accounts a
      where not exists (select 1 from account_history h where h.account_id = a.id and h.kind = 'account')
    ),
    paid as (
      select p.account_id, p.occurred_at,
             case when p.occurred_at = max(p.occurred_at) over (partition by p.account_id) then a.payment_status
                  when p.status = 'failed' then 'failed' else 'current' end as payment_status
      from payments p join fresh a on a.id = p.account_id
    )
    insert into account_history (account_id, kind, valid_from, state)
    select a.id, 'account', a.first_seen_at,
           jsonb_build_object(
    'payment_status', a.payment_status, 'contract_end_date', a.contract_end_date,
    'mrr', a.mrr, 'plan', a.plan, 'lifecycle_stage', a.lifecycle_stage,
    'client_count', a.client_count, 'custom_fields_used', a.custom_fields_used,
    'customer_since', a.customer_since, 'traits', a.traits) || jsonb_build_object('payment_status',
             case when exists (select 1 from payments p where p.account_id = a.id) then 'current' else a.payment_status end)
    from fresh a
    union all
    select a.id, 'account', paid.occurred_at, jsonb_build_object(
    'payment_status', a.payment_status, 'contract_end_date', a.contract_end_date,
    'mrr', a.mrr, 'plan', a.plan, 'lifecycle_stage', a.lifecycle_stage,
    'client_count', a.client_count, 'custom_fields_used', a.custom_fields_used,
    'customer_since', a.customer_since, 'traits', a.traits) || jsonb_build_object('payment_status', paid.payment_status)
    from fresh a join paid on paid.account_id = a.id;--> statement-breakpoint
with fresh as (
      select s.* from support_interactions s
      where not exists (select 1 from account_history h where h.account_id = s.account_id and h.kind = 'ticket' and h.item_key = s.id::text)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'ticket', id::text, created_at, jsonb_build_object('status', 'open', 'escalated', escalated,
             'satisfaction_rating', null, 'response_time_hours', null, 'resolution_time_hours', null)
    from fresh s where s.status <> 'open' and s.updated_at > s.created_at
    union all
    select account_id, 'ticket', id::text, greatest(created_at, updated_at), jsonb_build_object(
    'status', s.status, 'escalated', s.escalated, 'satisfaction_rating', s.satisfaction_rating,
    'response_time_hours', s.response_time_hours, 'resolution_time_hours', s.resolution_time_hours) from fresh s;--> statement-breakpoint
with fresh as (
      select m.* from account_milestones m
      where not exists (select 1 from account_history h where h.account_id = m.account_id and h.kind = 'milestone' and h.item_key = m.milestone_key)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'milestone', milestone_key, least(created_at, completed_at), jsonb_build_object('status', 'pending')
    from fresh where status = 'completed' and completed_at is not null
    union all
    select account_id, 'milestone', milestone_key, coalesce(completed_at, created_at), jsonb_build_object('status', status)
    from fresh;--> statement-breakpoint
with fresh as (
      select i.*, a.first_seen_at from integrations i join accounts a on a.id = i.account_id
      where not exists (select 1 from account_history h where h.account_id = i.account_id and h.kind = 'integration' and h.item_key = i.provider)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'integration', provider, connected_at, jsonb_build_object('status', 'connected')
    from fresh where connected_at is not null
    union all
    select account_id, 'integration', provider, coalesce(disconnected_at, first_seen_at), jsonb_build_object('status', 'disconnected')
    from fresh where status = 'disconnected'
    union all
    select account_id, 'integration', provider, first_seen_at, jsonb_build_object('status', 'connected')
    from fresh where status = 'connected' and connected_at is null;
