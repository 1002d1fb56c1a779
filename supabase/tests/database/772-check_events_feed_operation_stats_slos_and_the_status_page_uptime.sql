-- Check results are ordinary events: operation_stats counts them, an SLO over them burns as expected,
-- and the status page's uptime and daily bars come from the same parts.
begin;
select plan(8);

select * from tests.make_tenant('uptime-stats') \gset t_
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "api", "type": "http", "url": "https://api.example.com/"}') ->> 'id') as api \gset
select date_trunc('minute', now()) as now \gset

-- 60 checks over the last hour, one a minute, 6 of them failed (10%).
select vigil.record_check_results(jsonb_build_array(jsonb_build_object('monitor_id', :'api', 'ok', i % 10 <> 0,
         'at', :'now'::timestamptz - make_interval(mins => i), 'duration_ms', 100 + i, 'status_code', case when i % 10 = 0 then 503 else 200 end,
         'reason', case when i % 10 = 0 then 'status: 503, expected 200-299' end)), :'now'::timestamptz - make_interval(mins => i))
from generate_series(60, 1, -1) i;

select results_eq(format($$select count, round(success_rate::numeric, 3) from vigil_api.operation_stats(%L, %L::timestamptz - interval '61 minutes', %L, 'api_call', 'check:api')$$,
                         :'t_tenant_id', :'now', :'now'),
  $$values (60::bigint, 0.900::numeric)$$, 'operation_stats counts the check events of a monitor like any operation');
select is((select errors_by_type from vigil_api.operation_stats(:'t_tenant_id', :'now'::timestamptz - interval '61 minutes', :'now', 'api_call', 'check:api')),
  '{"status": 6}'::jsonb, 'failures are grouped by the kind of reason');

select vigil_api.set_slo(:'t_tenant_id', 'check:api', 0.99, p_kind => 'api_call', p_period => interval '1 day');
select is((select round(burn_rate_1h::numeric, 2) from vigil_api.slo_status(:'t_tenant_id', :'now')), 10.00,
  'an SLO of 99% over the checks burns 10 times too fast with 10% failed');

select vigil_api.set_status_page(:'t_tenant_id', 'stats-page', 'Status', jsonb_build_array(jsonb_build_object('monitor', :'api', 'label', 'API')), true);
select is(vigil.refresh_uptime(:'now') ->> 'items', '1', 'the status_pages step refreshes the uptime of each item');
select is((select total_24h from vigil.uptime_cache where item_id = :'api'), 60::bigint, 'it counts the checks of the last 24 hours');
select tests.authenticate_as_anon();
select is((vigil_api.status_page('stats-page') -> 'items' -> 0 -> 'uptime' ->> '24h')::numeric, 0.9, 'the page shows 90% over 24 hours');
select is(jsonb_array_length(vigil_api.status_page('stats-page') -> 'items' -> 0 -> 'days'), 90, 'and one bar per day for 90 days');
select is((select sum((d ->> 'uptime')::numeric * 0 + 1) from jsonb_array_elements(vigil_api.status_page('stats-page') -> 'items' -> 0 -> 'days') d
           where d ->> 'uptime' is not null), 1 + (case when (:'now'::timestamptz at time zone 'UTC')::date <> ((:'now'::timestamptz - interval '1 hour') at time zone 'UTC')::date then 1 else 0 end)::numeric,
  'bars have a value only for days with checks');
select tests.clear_authentication();

select * from finish();
rollback;
