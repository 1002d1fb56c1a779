-- Minute rollup rows, kept for the recent past (rollup_state.minute_horizon), serve the edges of
-- windows inside it, so only under a minute of raw events is read at each edge. Every answer stays
-- what the raw events give; rows before rollup_state.minute_from are never read, and the pass moves
-- that boundary forward (never back) and deletes the rows behind it. Committed set-up (a pass folds
-- only committed rows), removed at the end; the checks run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_bin('5 minutes', now() - interval '1 hour', timestamptz '2000-01-01') as t0 \gset

insert into vigil.tenants (name, slug) values ('Minute edges', 'minute-edges-612');
-- One event every 7 seconds over the last 140 minutes, two operations, every 11th failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = 'minute-edges-612'), 'operation', (array['pay', 'ship'])[1 + i % 2],
       now() - interval '140 minutes' + i * interval '7 seconds', 5 + (i * 37) % 900, i % 11 <> 0,
       case when i % 11 = 0 then 'TimeoutError' end
from generate_series(0, 1190) i;
do $$ begin perform vigil.fold_rollups(); perform vigil.fold_rollups(); perform vigil.fold_rollups(); end $$;
-- And one not folded yet.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values ((select id from vigil.tenants where slug = 'minute-edges-612'), 'operation', 'pay', now() - interval '30 minutes', 2000, false);

begin;
select plan(9);
create temp table t612 as select id from vigil.tenants where slug = 'minute-edges-612';

-- Windows with edges at odd seconds, from 25 seconds to two hours long, all inside the last 140 minutes.
create temp table w612 as
select now() - make_interval(secs => 60 + i * 523) as since,
       now() - make_interval(secs => 60 + i * 523) + make_interval(secs => 25 + (i * 977) % 7200) as until
from generate_series(1, 12) i;
create temp view mismatch612 as
select w.since, w.until, s.count, s.errors, s.min_ms, s.max_ms, s.p95_ms, r.c, r.er, r.mn, r.mx, r.p95
from w612 w
cross join lateral (select coalesce(sum(x.count), 0) count, coalesce(sum(x.errors), 0) errors, min(x.min_ms) min_ms,
                           max(x.max_ms) max_ms, max(x.p95_ms) filter (where x.name = 'pay') p95_ms
                    from vigil.window_stats((select id from t612), w.since, least(w.until, now())) x) s
cross join lateral (select count(*) c, count(*) filter (where not e.success) er, min(e.duration_ms) mn, max(e.duration_ms) mx,
                           percentile_disc(0.95) within group (order by e.duration_ms) filter (where e.name = 'pay') p95
                    from vigil.events e
                    where e.tenant_id = (select id from t612) and e.occurred_at >= w.since and e.occurred_at < least(w.until, now())) r
where s.count <> r.c or s.errors <> r.er or s.min_ms is distinct from r.mn or s.max_ms is distinct from r.mx
   or abs(s.p95_ms - r.p95) > 0.01 * r.p95;

select ok((select count(*) from vigil.rollups where tenant_id = (select id from t612) and grain = 1) >= 130,
          'the pass wrote minute rows for the last 140 minutes');
select is((select count(*)::int from mismatch612), 0,
          'windows with edges anywhere in the minute range count what the raw events count, p95 within 1%');

-- A 1-minute timeseries over the last hour is built from minute rows and matches the raw counts.
select is((select count(*)::int
           from vigil_api.timeseries((select id from t612), 'count', :'t0'::timestamptz, :'t0'::timestamptz + interval '50 minutes',
                                     interval '1 minute') t
           full join (select date_bin('1 minute', occurred_at, :'t0'::timestamptz) b, count(*) c from vigil.events
                      where tenant_id = (select id from t612) and occurred_at >= :'t0'::timestamptz
                        and occurred_at < :'t0'::timestamptz + interval '50 minutes' group by 1) r
             on r.b = t.bucket_start
           where coalesce(r.c, 0) <> coalesce(t.count, 0)), 0,
          'a 1-minute timeseries counts per minute what the raw events count');

-- Proof that minute rows serve a start edge: with the raw rows of [t0 + 1m, t0 + 5m) gone (in this
-- transaction only), a window from t0 + 30s still counts them.
select count as before612 from vigil.window_stats((select id from t612), :'t0'::timestamptz + interval '30 seconds',
                                                  :'t0'::timestamptz + interval '40 minutes') where name = 'pay' \gset
delete from vigil.events where tenant_id = (select id from t612)
  and occurred_at >= :'t0'::timestamptz + interval '1 minute' and occurred_at < :'t0'::timestamptz + interval '5 minutes';
select is((select count from vigil.window_stats((select id from t612), :'t0'::timestamptz + interval '30 seconds',
                                                :'t0'::timestamptz + interval '40 minutes') where name = 'pay'),
          :'before612'::bigint, 'the minutes between a window''s start and the next 5-minute boundary come from minute rows');

-- Rows before minute_from are never read: with it moved past t0 + 10m and the rows before it made
-- wrong, a window from t0 + 30s reads its start edge raw (the rows deleted above are then missing).
update vigil.rollup_state set minute_from = :'t0'::timestamptz + interval '10 minutes';
update vigil.rollups set count = count + 1000
where tenant_id = (select id from t612) and grain = 1 and bucket_start < :'t0'::timestamptz + interval '10 minutes';
select is((select count from vigil.window_stats((select id from t612), :'t0'::timestamptz + interval '30 seconds',
                                                :'t0'::timestamptz + interval '40 minutes') where name = 'pay'),
          (select count(*) from vigil.events where tenant_id = (select id from t612) and name = 'pay'
             and occurred_at >= :'t0'::timestamptz + interval '30 seconds' and occurred_at < :'t0'::timestamptz + interval '40 minutes'),
          'minute rows before rollup_state.minute_from are not read');
select is((select count(*)::int from mismatch612 where since >= :'t0'::timestamptz + interval '10 minutes'), 0,
          'windows after it still use them and count exactly');

-- The pass: minute_from follows the horizon forward, never back, and the rows behind it go.
update vigil.rollup_state set minute_from = date_bin('1 minute', now(), timestamptz '2000-01-01') - interval '3 hours',
                              minute_horizon = interval '1 hour';
do $$ begin perform vigil.fold_rollups(); end $$;
select ok((select minute_from from vigil.rollup_state) between now() - interval '1 hour 1 minute' and now() - interval '1 hour',
          'a pass moves minute_from to its minute less minute_horizon');
select is((select count(*)::int from vigil.rollups where grain = 1 and bucket_start < (select minute_from from vigil.rollup_state)), 0,
          'and deletes the minute rows before it');
update vigil.rollup_state set minute_horizon = interval '3 hours';
do $$ begin perform vigil.fold_rollups(); end $$;
select ok((select minute_from from vigil.rollup_state) >= now() - interval '1 hour 1 minute',
          'a longer horizon does not move it back (the rows behind it are gone)');

select * from finish();
rollback;

select tests.delete_tenants('minute-edges-612');
