-- operation_stats and window_stats on hand-built data with known answers: every parameter, the
-- exact mode, an empty window, a single event, and invalid arguments with named errors.
begin;
select plan(22);

select date_trunc('hour', now()) - interval '2 hours' as t0 \gset
select * from tests.make_tenant('stats-a') \gset a_
select * from tests.make_tenant('stats-b') \gset b_

-- checkout: 10 events of 10..100 ms, the 30 and 70 ms ones failed; search: one event of 5 ms;
-- GET /x: two api calls without a duration; tenant B: one checkout of 999 ms.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select :'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + i * interval '1 minute', 10 * i,
       i not in (3, 7), case i when 3 then 'TimeoutError' when 7 then 'DbError' end
from generate_series(1, 10) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values (:'a_tenant_id', 'operation', 'search', :'t0'::timestamptz + interval '20 minutes', 5, true),
       (:'a_tenant_id', 'api_call', 'GET /x', :'t0'::timestamptz + interval '21 minutes', null, true),
       (:'a_tenant_id', 'api_call', 'GET /x', :'t0'::timestamptz + interval '22 minutes', null, false),
       (:'b_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '5 minutes', 999, true);

select tests.authenticate_as(:'a_viewer_id');

select results_eq(
  format($$select kind, name, count, success_rate, avg_ms, min_ms, max_ms, errors, errors_by_type
           from vigil_api.operation_stats(%L, %L, %L, p_name => 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('operation', 'checkout', 10::bigint, 0.8::float8, 55::float8, 10::float8, 100::float8, 2::bigint,
            '{"DbError": 1, "TimeoutError": 1}'::jsonb)$$,
  'checkout: count, success rate, avg, min, max, errors and errors by type are exact');
select ok((select abs(p50_ms - 50) / 50 <= 0.01 from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '1 hour', p_name => 'checkout')),
          'p50 is within 1% of percentile_disc (50 ms)');
select ok((select abs(p95_ms - 100) / 100 <= 0.01 and abs(p99_ms - 100) / 100 <= 0.01 and p99_ms <= max_ms
           from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '1 hour', p_name => 'checkout')),
          'p95 and p99 are within 1% of percentile_disc (100 ms) and never above the maximum');
select results_eq(
  format($$select p50_ms, p95_ms, p99_ms from vigil_api.operation_stats(%L, %L, %L, p_name => 'checkout', p_exact => true)$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values (50::float8, 100::float8, 100::float8)$$,
  'exact mode returns percentile_disc over raw rows');
select results_eq(
  format($$select count, p50_ms, p95_ms, p99_ms, avg_ms from vigil_api.operation_stats(%L, %L, %L, p_name => 'search')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values (1::bigint, 5::float8, 5::float8, 5::float8, 5::float8)$$,
  'a single event is every percentile of itself');
select results_eq(
  format($$select name, count, errors, p50_ms from vigil_api.operation_stats(%L, %L, %L, p_kind => 'api_call')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('GET /x', 2::bigint, 1::bigint, null::float8)$$,
  'p_kind filters; events without a duration count but have no percentiles');
select results_eq(
  format($$select name from vigil_api.operation_stats(%L, %L, %L)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('checkout'), ('GET /x'), ('search')$$,
  'ordered by count by default, busiest first');
select results_eq(
  format($$select name from vigil_api.operation_stats(%L, %L, %L, p_order_by => 'name', p_limit => 2)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('GET /x'), ('checkout')$$,
  'p_order_by name and p_limit');
select results_eq(
  format($$select name from vigil_api.operation_stats(%L, %L, %L, p_order_by => 'error_rate', p_limit => 1)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('GET /x')$$,
  'p_order_by error_rate puts the worst first');
select is_empty(
  format($$select * from vigil_api.operation_stats(%L, %L, %L)$$, :'a_tenant_id', (:'t0'::timestamptz - interval '1 day'), (:'t0'::timestamptz - interval '23 hours')),
  'an empty window returns no rows');
select is((select count from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '5 minutes 30 seconds', p_name => 'checkout')),
          5::bigint, 'the window is half-open and cut to the second');
select tests.authenticate_as_service_role();
select results_eq(
  format($$select count, errors, avg_ms, min_ms, max_ms from vigil.window_stats(%L, %L, %L, 'operation', 'checkout')$$,
         :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values (10::bigint, 2::bigint, 55::float8, 10::float8, 100::float8)$$,
  'window_stats agrees with operation_stats');
select tests.authenticate_as(:'a_viewer_id');
select is((select count(*)::int from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '1 hour')
           where count = 1 and name = 'checkout'), 0, 'tenant B''s checkout never mixes into tenant A''s');

select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L)$$, :'a_tenant_id', (:'t0'::timestamptz + interval '1 hour'), :'t0'),
  '22023', 'until must be after since.', 'a reversed window is refused');
select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L)$$, :'a_tenant_id', :'t0', :'t0'),
  '22023', 'until must be after since.', 'an empty window (since = until) is refused');
select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L, p_exact => true)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '61 minutes')),
  '22023', 'Exact percentiles are available for windows of at most one hour.', 'exact mode is refused over an hour');
select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L, p_limit => 0)$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '22023', 'limit must be between 1 and 1000.', 'a limit of 0 is refused');
select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L, p_order_by => 'speed')$$, :'a_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '22023', 'order_by must be one of count, errors, error_rate, p95, p99, name.', 'an unknown order is refused');
select throws_ok(
  format($$select * from vigil_api.operation_stats(%L, %L, %L)$$, :'b_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  '42501', 'You must be a viewer of this tenant to do this.', 'a member of A asking for B is refused');

select tests.authenticate_as(:'b_viewer_id');
select results_eq(
  format($$select name, count from vigil_api.operation_stats(%L, %L, %L)$$, :'b_tenant_id', :'t0', (:'t0'::timestamptz + interval '1 hour')),
  $$values ('checkout', 1::bigint)$$,
  'a member of B sees only B''s one event');

select tests.authenticate_as_service_role();
select is((select sum(count)::int from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '1 hour')),
          13, 'the service role reads any tenant');
select tests.clear_authentication();
select is((select count(*)::int from vigil_api.operation_stats(:'a_tenant_id', :'t0', :'t0'::timestamptz + interval '1 hour')),
          3, 'a DBA session without JWT claims reads any tenant');

select * from finish();
rollback;
