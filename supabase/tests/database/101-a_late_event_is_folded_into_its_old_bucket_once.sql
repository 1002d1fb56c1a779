-- A late event (two days old when it arrives) committed after a pass is folded by the next pass
-- into its own old bucket, and counted once. Committed set-up (a pass folds only committed rows),
-- removed at the end; the passes run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '3 hours' as t0 \gset

insert into vigil.tenants (name, slug) values ('Late test', 'late-test-101');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select (select id from vigil.tenants where slug = 'late-test-101'), 'operation', 'checkout',
       :'t0'::timestamptz + i * interval '1 minute', 10 * i, true
from generate_series(1, 100) i;
do $$ begin perform vigil.fold_rollups(); end $$;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values ((select id from vigil.tenants where slug = 'late-test-101'), 'operation', 'checkout',
        :'t0'::timestamptz - interval '2 days', 42, false);

begin;
select plan(5);
select is((select count::int from vigil.rollups where tenant_id = (select id from vigil.tenants where slug = 'late-test-101')
             and grain = 60 and bucket_start = date_trunc('hour', :'t0'::timestamptz - interval '2 days')),
          null, 'before the next pass the late event is in no rollup');
select is((select count from vigil.window_stats((select id from vigil.tenants where slug = 'late-test-101'),
                                                :'t0'::timestamptz - interval '3 days', :'t0'::timestamptz + interval '2 hours')),
          101::bigint, 'yet stats count it, from raw rows');
select ok((vigil.fold_rollups() ->> 'events')::int >= 1, 'the next pass folds it');
select is((select count::int from vigil.rollups where tenant_id = (select id from vigil.tenants where slug = 'late-test-101')
             and grain = 60 and bucket_start = date_trunc('hour', :'t0'::timestamptz - interval '2 days')),
          1, 'the late event lands in its own old hour');
select results_eq(
  format($$select count, errors from vigil.window_stats(%L, %L, %L)$$, (select id from vigil.tenants where slug = 'late-test-101'),
         :'t0'::timestamptz - interval '3 days', :'t0'::timestamptz + interval '2 hours'),
  $$values (101::bigint, 1::bigint)$$, 'after the pass stats still count 101 events and 1 failure, none twice');
select * from finish();
rollback;

delete from vigil.rollups where tenant_id = (select id from vigil.tenants where slug = 'late-test-101');
delete from vigil.events where tenant_id = (select id from vigil.tenants where slug = 'late-test-101');
delete from vigil.tenants where slug = 'late-test-101';
