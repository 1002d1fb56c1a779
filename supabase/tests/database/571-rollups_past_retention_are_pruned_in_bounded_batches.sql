-- Rollups past retention are deleted by the rollup_retention step: 5- and 15-minute rows after the
-- tenant's retention_days, hourly and 6-hour rows after 400 days (or the retention if longer), in
-- batches of at most p_limit rows; only the service role and maintenance may prune.
begin;
select plan(12);

select * from tests.make_tenant('prune-a') \gset a_
select * from tests.make_tenant('prune-b') \gset b_
update vigil.tenants set retention_days = 10 where id = :'a_tenant_id';
update vigil.tenants set retention_days = 500 where id = :'b_tenant_id';
select timestamptz '2026-06-01 00:00:00+00' as now \gset

-- For each tenant and grain, one row at each of these ages (days): 5, 20, 300, 450, 600.
insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
select t.id, g.grain, :'now'::timestamptz - make_interval(days => a.age), 'operation', 'checkout', 1, 0, 0, 0, '{}', '{}'
from (values (:'a_tenant_id'::uuid), (:'b_tenant_id'::uuid)) t(id)
cross join (values (5::smallint), (15::smallint), (60::smallint), (360::smallint)) g(grain)
cross join (values (5), (20), (300), (450), (600)) a(age);

select tests.authenticate_as(:'a_admin_id');
select throws_ok(format('select vigil.prune_rollups(%L)', :'now'), '42501', 'permission denied for function prune_rollups',
                 'a tenant admin cannot prune rollups');
select tests.clear_authentication();

select is((vigil.prune_rollups(:'now', 3) ->> 'deleted')::int, 3, 'one call deletes at most p_limit rows');
select is((vigil.prune_rollups(:'now', 3) -> 'more'), 'true'::jsonb, 'a full batch says more is left');
select throws_ok(format('select vigil.prune_rollups(%L, 0)', :'now'), '22023', 'limit must be a positive number of rows.',
                 'a limit below one is refused');

create temp table step as select vigil._step_rollup_retention(:'now') as r;
select is((select (r ->> 'deleted')::int from step), 16 - 6, 'the step deletes the rest of the backlog (16 rows in all)');
select is((select r -> 'more' from step), 'false'::jsonb, 'an emptied backlog says nothing more is left');

select is(array(select age from (select distinct extract(day from :'now'::timestamptz - bucket_start)::int age
                                 from vigil.rollups where tenant_id = :'a_tenant_id' and grain in (5, 15)) x order by 1),
          array[5], 'a tenant''s 5- and 15-minute rows stay only within its retention (10 days)');
select is(array(select age from (select distinct extract(day from :'now'::timestamptz - bucket_start)::int age
                                 from vigil.rollups where tenant_id = :'a_tenant_id' and grain in (60, 360)) x order by 1),
          array[5, 20, 300], 'hourly and 6-hour rows stay for 400 days past a shorter retention');
select is(array(select age from (select distinct extract(day from :'now'::timestamptz - bucket_start)::int age
                                 from vigil.rollups where tenant_id = :'b_tenant_id' and grain in (5, 15)) x order by 1),
          array[5, 20, 300, 450], 'a longer retention (500 days) keeps the fine rows that long');
select is(array(select age from (select distinct extract(day from :'now'::timestamptz - bucket_start)::int age
                                 from vigil.rollups where tenant_id = :'b_tenant_id' and grain in (60, 360)) x order by 1),
          array[5, 20, 300, 450], 'and the hourly rows too, past 400 days');

select is((select fn::text || ' @' || position from vigil.maintenance_steps where name = 'rollup_retention'),
          'vigil._step_rollup_retention(timestamptz) @92', 'pruning rollups is a maintenance step, before the partitions are dropped');

select tests.authenticate_as_service_role();
select is((vigil.prune_rollups(:'now') ->> 'deleted')::int, 0, 'the service role may prune (nothing is left)');

select * from finish();
rollback;
