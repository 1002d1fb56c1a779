-- vigil.kind_rollups holds, per tenant, kind and bucket (5 minutes and up), the events of every name of the kind added up:
-- checked column by column against the raw events after two fold passes (the second folding late
-- events into rows that exist), then through timeseries without a name (which reads them), and
-- pruned with the per-name rows by retention.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') - interval '1 day' as d0 \gset

insert into vigil.tenants (name, slug) values ('Kind rollups A', 'kind-rollups-630a'), ('Kind rollups B', 'kind-rollups-630b');
-- Three kinds of five names each, across midnight and into the last hour (minute rows), with events
-- without a duration, zero and tiny durations, failures with and without an error type.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = case when i % 4 = 0 then 'kind-rollups-630b' else 'kind-rollups-630a' end),
       (array['operation', 'api_call', 'cache'])[1 + i % 3], 'n' || (i % 5),
       case when i <= 2000 then :'d0'::timestamptz - interval '90 minutes' + i * interval '5.3 seconds'
            else now() - interval '70 minutes' + (i - 2000) * interval '4 seconds' end,
       case when i % 11 = 0 then null when i % 13 = 0 then 0 when i % 19 = 0 then 0.0003 else (i % 300) * 2.1 + 0.4 end,
       i % 8 <> 0,
       case when i % 8 = 0 and i % 16 = 0 then 'TimeoutError' end
from generate_series(1, 3000) i;
do $$ begin perform vigil.fold_rollups(); end $$;
-- Late events, committed after the pass, into buckets that have kind rows already.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select tenant_id, kind, 'late', occurred_at + interval '1 second', 999.9, false, 'LateError'
from vigil.events where tenant_id in (select id from vigil.tenants where slug like 'kind-rollups-630%') and name = 'n1';

begin;
select plan(10);

create temp table t630 as select id from vigil.tenants where slug like 'kind-rollups-630%';

select ok((vigil.fold_rollups() ->> 'events')::int >= 600, 'the second pass folds the late events');

-- The definition: a kind's events added up per grain and bucket over all its names, straight from the
-- raw rows (tests.expected_rollups).
create temp view expected630 as select * from tests.expected_rollups(array(select id from t630), false);

create temp view actual630 as
select tenant_id, grain, bucket_start, kind, name, count, errors, timed, round(sum_ms::numeric, 6), min_ms, max_ms,
       hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts, fail_keys, fail_counts, error_types
from vigil.kind_rollups where tenant_id in (select id from t630);

select ok((select count(*) from expected630) > 300, 'the data makes hundreds of kind rows');
select is((select count(*)::int from (select * from actual630 except select * from expected630) x), 0,
          'every kind row equals its events added up over all names');
select is((select count(*)::int from (select * from expected630 except select * from actual630) x), 0,
          'and every kind row the events make is there');
select is((select count(*)::int from vigil.rollups where tenant_id in (select id from t630) and name = ''), 0,
          'the per-name part holds no kind row');

-- timeseries without a name reads the kind rows; its counts and errors are the raw events'.
select results_eq(
  format($$select bucket_start, count, errors from vigil_api.timeseries(%L, 'count', %L, %L, interval '15 minutes', null, 'operation')
           where count > 0$$,
         (select id from vigil.tenants where slug = 'kind-rollups-630a'), :'d0'::timestamptz - interval '2 hours', :'d0'::timestamptz + interval '2 hours'),
  format($$select date_bin(interval '15 minutes', occurred_at, %L::timestamptz), count(*), count(*) filter (where not success)
           from vigil.events where tenant_id = %L and kind = 'operation' and occurred_at >= %L and occurred_at < %L
           group by 1 order by 1$$,
         :'d0'::timestamptz - interval '2 hours', (select id from vigil.tenants where slug = 'kind-rollups-630a'),
         :'d0'::timestamptz - interval '2 hours', :'d0'::timestamptz + interval '2 hours'),
  'a kind''s series over whole buckets counts what the raw events count');
select is_empty(
  format($$select 1 from vigil_api.timeseries(%L, 'latency_p95', %L, %L, interval '1 hour') s
           join (select date_bin(interval '1 hour', occurred_at, %L::timestamptz) b,
                        percentile_disc(0.95) within group (order by duration_ms) p95
                 from vigil.events where tenant_id = %L and occurred_at >= %L and occurred_at < %L group by 1) r on r.b = s.bucket_start
           where abs(s.p95_ms - r.p95) > 0.01 * r.p95$$,
         (select id from vigil.tenants where slug = 'kind-rollups-630a'), :'d0'::timestamptz - interval '2 hours', :'d0'::timestamptz + interval '1 hour',
         :'d0'::timestamptz - interval '2 hours', (select id from vigil.tenants where slug = 'kind-rollups-630a'),
         :'d0'::timestamptz - interval '2 hours', :'d0'::timestamptz + interval '1 hour'),
  'every kind of the tenant together: p95 per hour within 1% of the exact rank quantile');

-- Windows with edges at odd seconds, in the minute range and across midnight: the kind rows serve
-- whole 5-minute buckets and raw events the rest, and the totals are the raw events'.
select is_empty(format($$
  select w.since, w.until from (
    select t - make_interval(secs => 17 + i * 301) since, t - make_interval(secs => 17 + i * 301) + make_interval(secs => 45 + i * 733) until
    from unnest(array[now(), %L::timestamptz + interval '40 minutes']) t, generate_series(0, 11) i) w
  cross join lateral (select sum(count) c, sum(errors) er from vigil._rollup_stats(%L, w.since, w.until, null, null, null, false)) a
  cross join lateral (select count(*) c, count(*) filter (where not success) er from vigil.events
                      where tenant_id = %L and occurred_at >= w.since and occurred_at < w.until) r
  where a.c is distinct from nullif(r.c, 0) or a.er is distinct from case when r.c > 0 then r.er end$$,
  :'d0', (select id from vigil.tenants where slug = 'kind-rollups-630a'), (select id from vigil.tenants where slug = 'kind-rollups-630a')),
  'totals over all kinds for windows with ragged edges are the raw events''');

-- Retention prunes the kind rows with the per-name rows.
select ok((vigil.prune_rollups(now() + interval '500 days', 1000000) ->> 'deleted')::int > 0, 'retention prunes rollups');
select is((select count(*)::int from vigil.all_rollups where tenant_id in (select id from t630) and grain > 1), 0,
          'past every retention no kind row and no per-name row is left');

select * from finish();
rollback;

select tests.delete_tenants('kind-rollups-630%');
