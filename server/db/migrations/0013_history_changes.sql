ALTER TABLE "account_history" ADD COLUMN "changes" jsonb;--> statement-breakpoint
-- Hand-written: rows written before kept only the state after their event; what the event set is
-- taken to be the difference from the item's row before it (all of a first row). A field set to the
-- value it already had is not seen as set, the one approximation (docs/history.md, "Late events").
with ordered as (
      select h.id, h.kind, h.state,
             lag(h.state) over (partition by h.account_id, h.kind, h.item_key order by h.valid_from, h.id) as previous
      from account_history h
    )
    update account_history h set changes = case when o.previous is null then o.state else
      coalesce((select jsonb_object_agg(n.key, n.value) from jsonb_each(o.state) n
                where n.key <> 'traits' and n.value is distinct from o.previous -> n.key), '{}'::jsonb)
      || coalesce((select jsonb_build_object('traits', jsonb_object_agg(t.key, t.value)) from (
                     select a.key, a.value from jsonb_each(o.state -> 'traits') a
                     where a.value is distinct from o.previous -> 'traits' -> a.key
                     union all
                     select b.key, 'null'::jsonb from jsonb_each(o.previous -> 'traits') b
                     where not (o.state -> 'traits' ? b.key)
                   ) t having count(*) > 0), '{}'::jsonb) end
    from ordered o where o.id = h.id;--> statement-breakpoint
ALTER TABLE "account_history" ALTER COLUMN "changes" SET NOT NULL;
