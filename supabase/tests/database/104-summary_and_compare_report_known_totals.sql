-- summary and compare on hand-built data: totals, success rate, percentiles, top errors, the open
-- alert slot, and this window against the same window a week earlier.
begin;
select plan(12);

select vigil.ensure_partitions(((now() at time zone 'UTC')::date - 10), ((now() at time zone 'UTC')::date + 1));
select date_trunc('hour', now()) - interval '1 hour' as u \gset
select * from tests.make_tenant('summary-a') \gset a_

-- This hour [u - 1h, u): checkout 4 events (1 failed TimeoutError), search 1 failed DbError,
-- 2 TimeoutErrors in all; a week earlier: checkout 2 events, none failed, and an old operation.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
values (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '50 minutes', 100, true, null),
       (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '40 minutes', 200, true, null),
       (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '30 minutes', 300, true, null),
       (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '20 minutes', 400, false, 'TimeoutError'),
       (:'a_tenant_id', 'operation', 'search', :'u'::timestamptz - interval '10 minutes', 1000, false, 'DbError'),
       (:'a_tenant_id', 'api_call', 'GET /slow', :'u'::timestamptz - interval '5 minutes', 2000, false, 'TimeoutError'),
       (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '7 days 50 minutes', 100, true, null),
       (:'a_tenant_id', 'operation', 'checkout', :'u'::timestamptz - interval '7 days 40 minutes', 200, true, null),
       (:'a_tenant_id', 'operation', 'legacy', :'u'::timestamptz - interval '7 days 30 minutes', 10, true, null);

select tests.authenticate_as(:'a_viewer_id');

create temp table s as select vigil_api.summary(:'a_tenant_id', :'u'::timestamptz - interval '1 hour', :'u') as j;
select is((select (j ->> 'count')::int from s), 6, 'summary counts the events of the window');
select is((select (j ->> 'errors')::int from s), 3, 'summary counts the failures');
select is((select (j ->> 'success_rate')::float8 from s), 0.5::float8, 'summary gives the success rate');
select is((select j -> 'top_errors' from s), '[{"count": 2, "error_type": "TimeoutError"}, {"count": 1, "error_type": "DbError"}]'::jsonb,
          'top errors, most frequent first');
select ok((select abs((j ->> 'p50_ms')::float8 - 300) / 300 <= 0.01 and abs((j ->> 'p99_ms')::float8 - 2000) / 2000 <= 0.01 from s),
          'summary percentiles cover every timed event (p50 300 ms, p99 2000 ms)');
select is((select j -> 'open_alerts' from s), '0'::jsonb, 'no alert is open for a tenant without alerts');
select is((select (j ->> 'series')::int from s), 3, 'summary counts the (kind, name) series');
select is((vigil_api.summary(:'a_tenant_id', :'u'::timestamptz - interval '3 days', :'u'::timestamptz - interval '2 days') ->> 'count')::int,
          0, 'an empty window sums to zero');

select results_eq(
  format($$select name, count, count_before, count_change, error_rate, error_rate_before, error_rate_change
           from vigil_api.compare(%L, '1 hour', %L) where name = 'checkout'$$, :'a_tenant_id', :'u'),
  $$values ('checkout', 4::bigint, 2::bigint, 1::float8, 0.25::float8, 0::float8, 0.25::float8)$$,
  'compare: counts doubled (+100%), error rate from 0 to 25%');
select ok((select abs(p95_change - (400.0 / 200 - 1)) <= 0.03 from vigil_api.compare(:'a_tenant_id', '1 hour', :'u') where name = 'checkout'),
          'compare: p95 doubled (400 vs 200 ms), within the histogram''s error');
select results_eq(
  format($$select name, count, count_before, count_change from vigil_api.compare(%L, '1 hour', %L) where name in ('legacy', 'search') order by name$$,
         :'a_tenant_id', :'u'),
  $$values ('legacy', 0::bigint, 1::bigint, -1::float8), ('search', 1::bigint, 0::bigint, null::float8)$$,
  'an operation present on one side only shows zero on the other');
select throws_ok(
  format($$select * from vigil_api.compare(%L, '0 seconds')$$, :'a_tenant_id'),
  '22023', 'window must be a positive interval of at most 7 days.', 'a zero window is refused');

select * from finish();
rollback;
