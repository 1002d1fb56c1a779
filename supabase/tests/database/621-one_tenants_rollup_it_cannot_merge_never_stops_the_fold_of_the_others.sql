-- One tenant's data that the fold cannot merge (here a rollup row whose error_types holds a count
-- that is not a number) fails that tenant alone: the other tenants are folded in the same pass, the
-- failure is recorded naming the tenant, and the tenant's range is deferred and folded, exactly once,
-- by the first pass after its data is repaired. Events are committed first and removed at the end.
-- requires: a cluster of its own (it folds rollups, or locks the fold's state, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '2 hours' as t0 \gset

insert into vigil.tenants (name, slug) values ('Broken', 'broken-621'), ('Healthy', 'healthy-621');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select t.id, 'operation', 'checkout', :'t0'::timestamptz + i * interval '1 minute', i, i % 5 <> 0,
       case when i % 5 = 0 then 'TimeoutError' end
from vigil.tenants t, generate_series(1, 40) i
where t.slug in ('broken-621', 'healthy-621');

begin;
select plan(9);

create temp table ids as
  select (select id from vigil.tenants where slug = 'broken-621') as broken,
         (select id from vigil.tenants where slug = 'healthy-621') as healthy;

-- The broken tenant's rollup row for the bucket of its first failures, damaged by hand.
insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts, error_types)
values ((select broken from ids), 5, :'t0'::timestamptz + interval '5 minutes', 'operation', 'checkout', 0, 0, 0, 0, '{}', '{}', '{"TimeoutError": "many"}');

create temp table pass as select vigil.fold_rollups() as r;
select is((select (r ->> 'deferred')::int from pass), 1, 'the pass completes and defers one tenant''s day');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select healthy from ids) and grain = 60), 40,
          'the healthy tenant is folded in the same pass, every event once');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select broken from ids) and grain = 60), null,
          'nothing of the broken tenant is half folded');
select is((select d.sqlstate from vigil.rollup_deferred d where d.tenant_id = (select broken from ids)), '22P02',
          'the deferred range keeps the error');
select ok(exists (select 1 from vigil.events e
                  where e.tenant_id = vigil.system_tenant_id() and e.name = 'rollups failed for a tenant'
                    and e.attributes ->> 'tenant' = 'broken-621' and e.attributes ->> 'level' = 'error' and not e.success),
          'the failure is a maintenance error event naming the tenant');

-- Still broken: the retry fails again and the range stays, with the attempt counted.
select vigil.fold_rollups();
select is((select attempts from vigil.rollup_deferred where tenant_id = (select broken from ids)), 2,
          'a retry that fails again keeps the range and counts the attempt');

-- Repaired: the next pass folds the deferred range, once.
update vigil.rollups set error_types = '{}' where tenant_id = (select broken from ids);
select vigil.fold_rollups();
select is((select sum(count)::int from vigil.rollups where tenant_id = (select broken from ids) and grain = 60), 40,
          'once repaired, the deferred events are folded, every event once');
select is_empty(format('select 1 from vigil.rollup_deferred where tenant_id = %L', (select broken from ids)),
                'the deferred range is gone once folded');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select healthy from ids) and grain = 60), 40,
          'the healthy tenant is not folded twice');

select * from finish();
rollback;

select tests.delete_tenants('%-621');
