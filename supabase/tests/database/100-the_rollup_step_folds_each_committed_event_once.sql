-- The rollup step folds each committed event exactly once, and stats read the same answers from
-- rollups as from raw rows; a pass also folds the events its own transaction wrote (they stand or fall
-- with it). Another session's open writer is test 112's. The events are committed first (and removed at the end); every pass runs inside a transaction
-- that is rolled back, leaving the watermark as it was.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '3 hours' as t0 \gset

insert into vigil.tenants (name, slug) values ('Fold test', 'fold-test-100');
-- 200 events over two hours (hours t0 and t0+1h), latencies 1..200 ms, every 10th failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = 'fold-test-100'), 'operation', 'checkout',
       :'t0'::timestamptz + (i * 36 - 18) * interval '1 second', i, i % 10 <> 0, case when i % 10 = 0 then 'TimeoutError' end
from generate_series(1, 200) i;

begin;
select plan(14);

create temp table ids as select id from vigil.tenants where slug = 'fold-test-100';

select is((vigil.fold_rollups() ->> 'events')::int >= 200, true, 'a pass folds the committed events');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select id from ids) and grain = 5), 200,
          'the 5-minute rollups hold every event once');
select is((select sum(count)::int from vigil.rollups where tenant_id = (select id from ids) and grain = 60), 200,
          'the hourly rollups hold every event once');
select is((select sum(errors)::int from vigil.rollups where tenant_id = (select id from ids) and grain = 60), 20,
          'the rollups count the failures');
select is((select count(*)::int from vigil.rollups where tenant_id = (select id from ids) and grain = 60), 2,
          'two hours of one series make two hourly rows');
select is((vigil.fold_rollups() ->> 'events')::int, 0, 'a second pass folds nothing again');

-- Stats over the whole two hours come from the rollups alone, and agree with the raw rows.
select results_eq(
  format($$select count, errors, min_ms, max_ms from vigil.window_stats(%L, %L, %L)$$,
         (select id from ids), :'t0', (:'t0'::timestamptz + interval '2 hours')),
  $$values (200::bigint, 20::bigint, 1::float8, 200::float8)$$,
  'window_stats from rollups: count, errors, min and max are exact');
select ok((select abs(p50_ms - 100) / 100 <= 0.01 and abs(p95_ms - 190) / 190 <= 0.01 and abs(p99_ms - 198) / 198 <= 0.01
           from vigil.window_stats((select id from ids), :'t0', :'t0'::timestamptz + interval '2 hours')),
          'histogram percentiles are within 1% of percentile_disc (100, 190, 198 ms)');
select is((select avg_ms from vigil.window_stats((select id from ids), :'t0', :'t0'::timestamptz + interval '2 hours')),
          100.5::float8, 'the average is exact');

-- A window with ragged edges: whole buckets from rollups, the edges from raw rows, same count.
select is((select count from vigil.window_stats((select id from ids), :'t0'::timestamptz + interval '7 minutes 3 seconds',
                                                :'t0'::timestamptz + interval '97 minutes 30 seconds')),
          (select count(*) from vigil.events where tenant_id = (select id from ids)
             and occurred_at >= :'t0'::timestamptz + interval '7 minutes 3 seconds'
             and occurred_at < :'t0'::timestamptz + interval '97 minutes 30 seconds'),
          'a window cutting buckets counts exactly what raw rows count');

-- A late event (two days old) written in the pass's own transaction: folded with it, counted once.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values ((select id from ids), 'operation', 'checkout', :'t0'::timestamptz - interval '2 days', 42, true);
select is((vigil.fold_rollups() ->> 'events')::int, 1, 'an event written earlier in the pass''s own transaction is folded with it');
select is((select count from vigil.window_stats((select id from ids), :'t0'::timestamptz - interval '3 days', :'t0'::timestamptz + interval '2 hours')),
          201::bigint, 'stats count the late event once');
select ok((select s.id_floor >= (select max(id) from vigil.events where tenant_id = (select id from ids)) from vigil.rollup_state s),
          'the id floor has moved past every folded event');

select is(
  (select count(*)::int from vigil.maintenance_steps where name = 'rollups' and position = 20 and fn = 'vigil._step_rollups()'),
  1, 'the rollups step is registered at position 20');

select * from finish();
rollback;

delete from vigil.events where tenant_id = (select id from vigil.tenants where slug = 'fold-test-100');
delete from vigil.tenants where slug = 'fold-test-100';
