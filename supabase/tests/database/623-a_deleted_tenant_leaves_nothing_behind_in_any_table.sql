-- Deleting a tenant removes every row of it from every table that has a tenant_id column (found in
-- the catalog, so a table added later is checked too), in bounded batches: a call removes at most
-- 20,000 rows and leaves the tenant 'deleting', maintenance finishes it, the fold skips it meanwhile,
-- and the request and the completion are audited. The other tenant keeps everything.
-- requires: a cluster of its own (it folds rollups, or locks the fold's state, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(13);

select * from tests.make_tenant('leaving-623') \gset a_
select * from tests.make_tenant('staying-623') \gset b_

-- Something in every kind of table: events over three days, rollups, an error group, a rule with an
-- alert, its history and a notification with an attempt, an SLO, a heal rule and run, a job and items.
select vigil.ensure_partitions(current_date - 3, current_date + 1);
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select t, 'operation', 'checkout', now() - (i % 3) * interval '1 day' - interval '1 minute', i, i % 7 <> 0,
       case when i % 7 = 0 then 'TimeoutError' end
from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t, generate_series(1, 25000) i;
insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
select t, 5, date_trunc('hour', now()) - i * interval '5 minutes', 'operation', 'checkout', 1, 0, 0, 0, '{}', '{}'
from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t, generate_series(1, 200) i;
insert into vigil.error_group_seen (tenant_id, fingerprint, first_seen, last_seen, events)
select t, 'fp', now(), now(), 1 from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
insert into vigil.error_group_states (tenant_id, fingerprint)
select t, 'fp' from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
select vigil_api.create_alert_channel(t, 'hook', 'webhook', '{"url": "https://hooks.example.com/x"}')
from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
select vigil_api.install_default_rules(t) from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
insert into vigil.alerts (tenant_id, rule_id, dedup_key, labels, state, state_since)
select r.tenant_id, r.id, 'k-' || r.id, '{}', 'firing', now() from vigil.alert_rules r
where r.tenant_id in (:'a_tenant_id', :'b_tenant_id');
insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, at)
select a.tenant_id, a.id, a.rule_id, 'ok', 'firing', now() from vigil.alerts a where a.tenant_id in (:'a_tenant_id', :'b_tenant_id');
insert into vigil.alert_notifications (tenant_id, alert_id, rule_id, channel_id, kind, seq, dedup_key, payload, next_attempt_at, created_at)
select a.tenant_id, a.id, a.rule_id, c.id, 'firing', 1, a.dedup_key, '{}', now(), now()
from vigil.alerts a join vigil.alert_channels c on c.tenant_id = a.tenant_id where a.tenant_id in (:'a_tenant_id', :'b_tenant_id');
insert into vigil.alert_delivery_attempts (tenant_id, notification_id, attempt, at, outcome, status_code, error)
select n.tenant_id, n.id, 1, now(), 'retry', 500, 'x' from vigil.alert_notifications n where n.tenant_id in (:'a_tenant_id', :'b_tenant_id');
insert into vigil.slos (tenant_id, name, objective) select t, 'checkout', 0.99 from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
insert into vigil.jobs (tenant_id, name) select t, 'backfill' from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
insert into vigil.job_items (job_id, tenant_id, item_key, status)
select j.id, j.tenant_id, 'item-' || i, 'success' from vigil.jobs j, generate_series(1, 3) i
where j.tenant_id in (:'a_tenant_id', :'b_tenant_id');

create temp table counts_before as
  select c.oid::regclass::text as tbl from pg_class c
  where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped);
create function pg_temp.rows_of(p_tenant uuid) returns table (tbl text, n bigint) language plpgsql as $$
declare r record;
begin
  for r in select b.tbl from counts_before b order by 1 loop
    tbl := r.tbl;
    execute format('select count(*) from %s where tenant_id = $1', r.tbl) into n using p_tenant;
    return next;
  end loop;
end $$;
create temp table staying_before as select * from pg_temp.rows_of(:'b_tenant_id');

select tests.authenticate_as(:'a_admin_id');
create temp table first_call as select vigil_api.delete_tenant(:'a_tenant_id', 'leaving-623') as r;
select tests.clear_authentication();
select is((select r ->> 'status' from first_call), 'deleting', 'a tenant with more than 20,000 rows is not deleted in one call');
select is((select sum(x.value::bigint)::int from first_call, jsonb_each_text(r -> 'deleted') x), 20000,
          'one call removes at most 20,000 rows');
select is_empty(format('select 1 from vigil.ingest_keys where tenant_id = %L', :'a_tenant_id'),
                'its ingest keys go first, so nothing new arrives');
select ok(exists (select 1 from vigil.tenant_deletions where tenant_id = :'a_tenant_id' and requested_by = :'a_admin_id'
                  and requested_role = 'authenticated'), 'the tenant is marked as deleting, with who asked');
select ok(exists (select 1 from vigil.events e where e.tenant_id = vigil.system_tenant_id() and e.name = 'tenant deletion requested'
                  and e.attributes ->> 'tenant' = 'leaving-623' and e.attributes ->> 'requested_by' = :'a_admin_id'),
          'the request is audited as a vigil-system event naming who asked');

select is((select fn from vigil.maintenance_steps where name = 'tenant_deletions' and enabled), 'vigil._step_tenant_deletions()',
          'a maintenance step finishes deletions');
select is(vigil._step_tenant_deletions() ->> 'deleted_tenants', '1', 'the step deletes what the call left');
select is_empty($$select 1 from vigil.tenants where slug = 'leaving-623'$$, 'maintenance finishes the deletion');
select is_empty(format($$select tbl, n from pg_temp.rows_of(%L) where n > 0$$, :'a_tenant_id'),
                'no table with a tenant_id column holds a row of the deleted tenant');
select is_empty(format($$select 1 from vigil.members where user_id = %L and tenant_id = %L$$, :'a_admin_id', :'a_tenant_id'),
                'its members are gone (the users themselves stay)');
select results_eq(format($$select * from pg_temp.rows_of(%L) order by 1$$, :'b_tenant_id'),
                  $$select * from staying_before order by 1$$, 'the other tenant keeps every row');
select ok((select (e.attributes -> 'deleted' ->> 'events')::int = 25000 and (e.attributes -> 'deleted' ->> 'rollups')::int = 200
                  and e.attributes ->> 'requested_role' = 'authenticated'
           from vigil.events e where e.tenant_id = vigil.system_tenant_id() and e.name = 'tenant deleted'
             and e.attributes ->> 'tenant' = 'leaving-623'),
          'the completion is audited with the rows removed per table');
select is((select count(*)::int from vigil.tenant_deletions), 0, 'no deletion is left pending');

select * from finish();
rollback;
