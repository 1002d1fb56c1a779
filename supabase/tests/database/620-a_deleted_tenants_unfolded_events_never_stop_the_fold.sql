-- A tenant deleted while it still has unfolded error events never stops the fold: the pass skips
-- the gone tenant's rows (no rollup, no error group for it) and folds every other tenant's. A pass
-- folds only what committed before its snapshot, so the events are committed first (and removed at
-- the end); the deletion and the pass run inside a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups, or locks the fold's state, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '2 hours' as t0 \gset

insert into vigil.tenants (name, slug) values ('Leaving', 'leaving-620'), ('Staying', 'staying-620');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type, error_message)
select t.id, 'error', 'checkout', :'t0'::timestamptz + i * interval '1 minute', i, false, 'TypeError', 'x is undefined'
from vigil.tenants t, generate_series(1, 30) i
where t.slug in ('leaving-620', 'staying-620');

begin;
select plan(6);

create temp table ids as
  select (select id from vigil.tenants where slug = 'leaving-620') as gone,
         (select id from vigil.tenants where slug = 'staying-620') as kept;

-- A DBA (or the service role) deletes the tenant row; its events are not tied to it by a foreign key.
delete from vigil.tenants where slug = 'leaving-620';

create temp table pass as select vigil.fold_rollups() as r;
select ok((select (r ->> 'events')::int >= 30 from pass), 'the pass after the deletion completes and folds the others'' events');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select kept from ids) and grain = 5), 30,
          'the staying tenant''s events are in its rollups once');
select is((select events::int from vigil.error_group_seen where tenant_id = (select kept from ids)), 30,
          'the staying tenant''s error group is recorded');
select is_empty(format('select 1 from vigil.rollups where tenant_id = %L', (select gone from ids)),
          'the gone tenant gets no rollup rows');
select is_empty(format('select 1 from vigil.error_group_seen where tenant_id = %L', (select gone from ids)),
          'the gone tenant gets no error group');

-- As a maintenance step: the rollups step succeeds.
select is((select x ->> 'status' from jsonb_array_elements(vigil.run_maintenance() -> 'steps') x where x ->> 'step' = 'rollups'),
          'ok', 'the rollups step of a maintenance run succeeds');

select * from finish();
rollback;

select tests.delete_tenants('%-620');
