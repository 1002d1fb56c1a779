-- Retention drops day partitions past the longest tenant retention, never deletes, keeps the ingest window.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(10);

select set_config('t.ret_a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('ret-a'))) x(k, v);
select vigil._ensure_partition(((now() at time zone 'UTC')::date - d)) from generate_series(35, 40) d;
insert into vigil.events (tenant_id, kind, name, occurred_at)
select current_setting('t.ret_a_tenant_id')::uuid, 'operation', 'old', now() - interval '38 days' from generate_series(1, 100);
insert into vigil.events (tenant_id, kind, name, occurred_at)
select current_setting('t.ret_a_tenant_id')::uuid, 'operation', 'recent', now() - interval '1 day' from generate_series(1, 50);
create temp table old_parts as
  select vigil._partition_name((now() at time zone 'UTC')::date - d) as name from generate_series(35, 40) d;

update vigil.tenants set retention_days = 60 where id = current_setting('t.ret_a_tenant_id')::uuid;
select is((vigil.drop_expired_partitions(now()) ->> 'dropped')::int, 0, 'a tenant keeping 60 days keeps 40-day-old partitions');

update vigil.tenants set retention_days = 30;
create temp table dropped as select vigil.drop_expired_partitions(now()) as r;
select is((select (r ->> 'keep_days')::int from dropped), 30, 'the longest retention among tenants (30 days) decides');
select is_empty($$ select name from old_parts where to_regclass('vigil.' || name) is not null $$,
                'every partition older than the retention is dropped');
select ok((select r -> 'partitions' @> (select jsonb_agg(name) from old_parts) from dropped), 'the summary names the dropped partitions');
select is((select count(*) from vigil.events where tenant_id = current_setting('t.ret_a_tenant_id')::uuid and name = 'recent'), 50::bigint,
          'recent events are intact');
select is((select count(*) from vigil.events where tenant_id = current_setting('t.ret_a_tenant_id')::uuid and name = 'old'), 0::bigint,
          'old events went with their partition');

update vigil.tenants set retention_days = 1;
select is((vigil.drop_expired_partitions(now()) ->> 'keep_days')::int, 8, 'retention never reaches into the 7-day ingest window');

select vigil.run_maintenance();
select is_empty($$ select d from generate_series(-7, 7) d
                   where to_regclass('vigil.' || vigil._partition_name((now() at time zone 'UTC')::date + d)) is null $$,
                'after a maintenance run no partition is missing from 7 days back to 7 days ahead');

select tests.authenticate_as(current_setting('t.ret_a_admin_id')::uuid);
select throws_ok($$ select vigil.drop_expired_partitions() $$, '42501', 'permission denied for function drop_expired_partitions',
                 'a tenant admin may not drop partitions');
select tests.authenticate_as_anon();
select throws_ok($$ select vigil.run_maintenance() $$, '42501', 'permission denied for function run_maintenance',
                 'anon may not run maintenance');
select tests.clear_authentication();

select * from finish();
rollback;
