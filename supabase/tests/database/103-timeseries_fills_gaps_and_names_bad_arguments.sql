-- timeseries on hand-built data: buckets with events, an empty bucket filled with zero, every
-- metric, the name filter, an unaligned bucket, and invalid arguments with named errors.
begin;
select plan(13);

select date_trunc('hour', now()) - interval '2 hours' as t0 \gset
select * from tests.make_tenant('series-a') \gset a_
select tests.create_user('series-stranger@example.com') as stranger \gset

-- Bucket 0 (t0..+5m): 2 successes of 10 and 30 ms; bucket 1: nothing; bucket 2: 1 failure of 50 ms;
-- another operation in bucket 0 that the name filter must drop.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values (:'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '1 minute', 10, true),
       (:'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '2 minutes', 30, true),
       (:'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '12 minutes', 50, false),
       (:'a_tenant_id', 'operation', 'search', :'t0'::timestamptz + interval '3 minutes', 7, true);

select tests.authenticate_as(:'a_viewer_id');

select results_eq(
  format($$select bucket_start, value, count, errors, error_rate from vigil_api.timeseries(%L, 'count', %L, %L, '5 minutes', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  format($$values (%L::timestamptz, 2::float8, 2::bigint, 0::bigint, 0::float8),
                  (%L::timestamptz, 0::float8, 0::bigint, 0::bigint, 0::float8),
                  (%L::timestamptz, 1::float8, 1::bigint, 1::bigint, 1::float8)$$,
         :'t0', (:'t0'::timestamptz + interval '5 minutes'), (:'t0'::timestamptz + interval '10 minutes')),
  'three buckets: counts, errors and error rates, the empty one filled with zero');
select results_eq(
  format($$select value from vigil_api.timeseries(%L, 'error_rate', %L, %L, '5 minutes', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  $$values (0::float8), (0::float8), (1::float8)$$, 'error_rate per bucket');
select results_eq(
  format($$select value from vigil_api.timeseries(%L, 'success_rate', %L, %L, '5 minutes', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  $$values (1::float8), (null::float8), (0::float8)$$, 'success_rate is null where nothing happened');
select results_eq(
  format($$select round(value::numeric)::float8 from vigil_api.timeseries(%L, 'latency_p99', %L, %L, '5 minutes', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  $$values (30::float8), (null::float8), (50::float8)$$, 'latency_p99 per bucket (to the ms; within 1%), null in the gap');
select results_eq(
  format($$select value from vigil_api.timeseries(%L, 'avg_ms', %L, %L, '5 minutes', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  $$values (20::float8), (null::float8), (50::float8)$$, 'avg_ms per bucket');
select results_eq(
  format($$select count from vigil_api.timeseries(%L, 'count', %L, %L, '5 minutes')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '15 minutes')),
  $$values (3::bigint), (0::bigint), (1::bigint)$$, 'without a name every operation counts');
select results_eq(
  format($$select count from vigil_api.timeseries(%L, 'count', %L, %L, '7 minutes', 'checkout')$$,
         :'a_tenant_id', (:'t0'::timestamptz + interval '30 seconds'), (:'t0'::timestamptz + interval '14 minutes 30 seconds')),
  $$values (2::bigint), (1::bigint)$$, 'an unaligned start and bucket are served from raw rows, still exact');
select results_eq(
  format($$select count(*)::int, sum(count)::int from vigil_api.timeseries(%L, 'count', %L, %L, '1 hour')$$,
         :'a_tenant_id', (:'t0'::timestamptz - interval '1 day'), :'t0'),
  $$values (24, 0)$$, 'an empty window still has its buckets, all zero');

select throws_ok(
  format($$select * from vigil_api.timeseries(%L, 'p42', %L, %L)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '22023', 'Unknown metric ''p42'': use count, errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95 or latency_p99.',
  'an unknown metric is refused by name');
select throws_ok(
  format($$select * from vigil_api.timeseries(%L, 'count', %L, %L, '0 seconds')$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '22023', 'bucket must be a positive interval.', 'a bucket of zero is refused');
select throws_ok(
  format($$select * from vigil_api.timeseries(%L, 'count', %L, %L, '1 second')$$, :'a_tenant_id', (:'t0'::timestamptz - interval '1 day'), :'t0'),
  '22023', 'A series holds at most 5000 buckets: widen the bucket or narrow the window.', 'too many buckets are refused');
select throws_ok(
  format($$select * from vigil_api.timeseries(%L, 'count', %L, %L)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz - interval '1 hour')),
  '22023', 'until must be after since.', 'a reversed window is refused');

select tests.authenticate_as(:'stranger');
select throws_ok(
  format($$select * from vigil_api.timeseries(%L, 'count', %L, %L)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '42501', 'You must be a viewer of this tenant to do this.', 'a non-member is refused');

select * from finish();
rollback;
