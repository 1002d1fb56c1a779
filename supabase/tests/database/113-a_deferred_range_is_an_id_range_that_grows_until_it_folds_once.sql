-- A tenant whose day cannot be folded is deferred as an id range, (the floor before the pass, the
-- floor after it]. While it keeps failing, later passes extend that one range instead of adding one
-- per pass; once repaired, the retry folds exactly the tenant's events in the range and the pass
-- folds the newer ones, so each event is folded once. Events are committed first and removed at the
-- end; the passes run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups, whose watermark and writers' lock are cluster-wide)
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '2 hours' as t0 \gset

insert into vigil.tenants (name, slug) select initcap(s), s || '-113' from unnest(array['broken', 'healthy']) s;
-- n events of both tenants, one every p_step from p_at on, every 5th failed.
create function pg_temp.more(p_n integer, p_at timestamptz, p_step interval) returns void language sql as $$
  insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
  select t.id, 'operation', 'checkout', p_at + i * p_step, 7, i % 5 <> 0, case when i % 5 = 0 then 'TimeoutError' end
  from vigil.tenants t, generate_series(1, p_n) i where t.slug in ('broken-113', 'healthy-113')
$$;
select pg_temp.more(30, :'t0', interval '1 minute');

begin;
select plan(10);

create temp table ids as
  select (select id from vigil.tenants where slug = 'broken-113') as broken,
         (select id from vigil.tenants where slug = 'healthy-113') as healthy,
         (select id_floor from vigil.rollup_state) as floor0;
create function pg_temp.folded(p_tenant uuid) returns integer language sql as $$
  select coalesce(sum(count), 0)::integer from vigil.rollups where tenant_id = p_tenant and grain = 60
$$;

-- The broken tenant's rollup row for the bucket of its first failures, damaged by hand.
insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts, error_types)
values ((select broken from ids), 5, :'t0'::timestamptz + interval '5 minutes', 'operation', 'checkout', 0, 0, 0, 0, '{}', '{}', '{"TimeoutError": "many"}');

select is((vigil.fold_rollups() ->> 'deferred')::int, 1, 'the first pass defers the broken tenant''s day');
select results_eq(
  $$select id_from, id_to from vigil.rollup_deferred where tenant_id = (select broken from ids)$$,
  $$select (select floor0 from ids), (select id_floor from vigil.rollup_state)$$,
  'the deferred range is the ids the pass folded: (the floor before it, the floor after it]');

-- More events in the damaged bucket, one of them failed: the tenant fails again.
select pg_temp.more(5, :'t0'::timestamptz + interval '5 minutes', interval '1 second');
select vigil.fold_rollups();
select results_eq(
  $$select id_from, id_to, attempts from vigil.rollup_deferred where tenant_id = (select broken from ids)$$,
  $$select (select floor0 from ids), (select id_floor from vigil.rollup_state), 2$$,
  'a pass that fails the tenant again extends the same range over its own ids: one row, two attempts');
select is(pg_temp.folded((select healthy from ids)), 35, 'the healthy tenant is folded meanwhile, each event once');
select is(pg_temp.folded((select broken from ids)), 0, 'nothing of the broken tenant is half folded');

-- Repaired, with newer events above the range: the retry folds the range, the pass the rest.
update vigil.rollups set error_types = '{}' where tenant_id = (select broken from ids);
select pg_temp.more(3, :'t0'::timestamptz + interval '5 minutes', interval '1 second');
create temp table pass as select vigil.fold_rollups() as r;
select is((select (r ->> 'retried_events')::int from pass), 35, 'the retry folds exactly the tenant''s events in the range');
select is_empty(format('select 1 from vigil.rollup_deferred where tenant_id = %L', (select broken from ids)),
                'the deferred range is gone once folded');
select is(pg_temp.folded((select broken from ids)), 38, 'the broken tenant''s events are folded once: the range''s and the newer ones');
select is(pg_temp.folded((select healthy from ids)), 38, 'the healthy tenant''s too');
select vigil.fold_rollups();
select is(pg_temp.folded((select broken from ids)) + pg_temp.folded((select healthy from ids)), 76, 'a later pass folds nothing again');

select * from finish();
rollback;

delete from vigil.events where tenant_id in (select id from vigil.tenants where slug in ('broken-113', 'healthy-113'));
delete from vigil.tenants where slug in ('broken-113', 'healthy-113');
