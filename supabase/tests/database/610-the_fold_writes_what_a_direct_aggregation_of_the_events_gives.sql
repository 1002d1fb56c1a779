-- The fold builds rollups from packed integer keys, a day at a time, and reads its arrays in the order
-- one sort left them. This checks every column of every rollup row it writes against the definition:
-- the raw events added up per grain with vigil._hist_key and vigil._hist_coarse. The data crosses a
-- day boundary to the microsecond, holds events without a duration, durations of 0 and of a full day,
-- failures with and without an error type, two tenants, several kinds and names, and late events
-- folded by a second pass into rows that already exist. Part of it lies in the last two hours, where
-- the pass also writes minute rows (from rollup_state.minute_from on).
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') - interval '1 day' as d0 \gset

insert into vigil.tenants (name, slug) values ('Fold check A', 'fold-check-610a'), ('Fold check B', 'fold-check-610b');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = case when i % 3 = 0 then 'fold-check-610b' else 'fold-check-610a' end),
       (array['operation', 'api_call', 'page_view'])[1 + i % 3],
       'op_' || (i % 7),
       :'d0'::timestamptz - interval '2 hours' + (i * 997) * interval '1 millisecond' * 7,
       case when i % 11 = 0 then null when i % 13 = 0 then 0 when i % 17 = 0 then 86400000 when i % 19 = 0 then 0.0004
            else (i % 500) * 1.37 + 0.5 end,
       i % 9 <> 0,
       case when i % 9 = 0 and i % 2 = 0 then (array['TimeoutError', 'DatabaseError'])[1 + i % 4 / 2] end
from generate_series(1, 3000) i;
-- The same mix over the last 100 minutes (minute rows).
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = case when i % 3 = 0 then 'fold-check-610b' else 'fold-check-610a' end),
       (array['operation', 'api_call', 'page_view'])[1 + i % 3],
       'op_' || (i % 7),
       now() - interval '100 minutes' + i * interval '6 seconds',
       case when i % 11 = 0 then null when i % 13 = 0 then 0 when i % 19 = 0 then 0.0004 else (i % 500) * 1.37 + 0.5 end,
       i % 9 <> 0,
       case when i % 9 = 0 and i % 2 = 0 then (array['TimeoutError', 'DatabaseError'])[1 + i % 4 / 2] end
from generate_series(1, 990) i;
-- The last microsecond of a day and the first of the next, each its own series.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values ((select id from vigil.tenants where slug = 'fold-check-610a'), 'operation', 'edge', :'d0'::timestamptz - interval '1 microsecond', 5, true),
       ((select id from vigil.tenants where slug = 'fold-check-610a'), 'operation', 'edge', :'d0'::timestamptz, 6, true);

do $$ begin perform vigil.fold_rollups(); end $$;
-- A late event into a bucket that exists, committed after the pass: the next pass merges it.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select tenant_id, kind, name, occurred_at + interval '1 second', 1234.5, false, 'LateError'
from vigil.events where tenant_id in (select id from vigil.tenants where slug like 'fold-check-610%') and name = 'op_1'
order by occurred_at limit 1;
-- And into every bucket of one series: a failure without a duration or an error type, and a success.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select tenant_id, kind, name, occurred_at + interval '1 millisecond', case when success then 7.5 end, not success, null
from vigil.events where tenant_id in (select id from vigil.tenants where slug like 'fold-check-610%') and name = 'op_2'
  and duration_ms is not null;

begin;
select plan(6);

create temp table t610 as select id from vigil.tenants where slug like 'fold-check-610%';

-- The definition: the raw events added up per grain, bucket and name (tests.expected_rollups).
create temp view expected610 as select * from tests.expected_rollups(array(select id from t610), true);

create temp view actual610 as
select tenant_id, grain, bucket_start, kind, name, count, errors, timed, round(sum_ms::numeric, 6), min_ms, max_ms,
       hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts, fail_keys, fail_counts, error_types
from vigil.rollups where tenant_id in (select id from t610);

select ok((select count(*) from expected610) > 1000, 'the data makes well over a thousand rollup rows');
select ok((vigil.fold_rollups() ->> 'events')::int >= 300, 'the next pass folds the late events');
select is((select count(*)::int from (select * from actual610 except select * from expected610) x), 0,
          'every rollup row equals the direct aggregation of its events');
select is((select count(*)::int from (select * from expected610 except select * from actual610) x), 0,
          'and every row the events make is there');
select ok((select count(*) from actual610 where grain = 1) >= 90, 'the last 100 minutes have minute rows');
select ok((select minute_from from vigil.rollup_state) between now() - interval '3 hours 1 minute' and now() - interval '3 hours',
          'minute rows are kept for the last three hours (the default minute_horizon)');

select * from finish();
rollback;

select tests.delete_tenants('fold-check-610%');
