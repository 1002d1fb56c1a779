-- change_pct with the clock as a parameter: a metric over its window against the same window a week
-- earlier (or the window before), rise, drop or either, with a minimum-volume guard; on count,
-- error_rate and latency_p95 alike.
begin;
select plan(16);

select * from tests.make_tenant('change') \gset t_
select date_trunc('minute', now()) as t0 \gset
create function pg_temp.rule(p_tenant uuid, p_name text, p_event text, p_extra jsonb) returns uuid
language sql as $$
  select tests.alert_rule(p_tenant, jsonb_build_object('name', p_name, 'metric', 'count', 'kind', 'operation',
    'event_name', p_event, 'condition', 'change_pct', 'threshold', 50, 'window', '1 hour', 'min_events', 20) || p_extra)
$$;
select pg_temp.rule(:'t_tenant_id', 'orders up', 'orders', '{"direction": "rise"}') as orders_rise \gset
select pg_temp.rule(:'t_tenant_id', 'orders down', 'orders', '{"direction": "drop"}') as orders_drop \gset
select pg_temp.rule(:'t_tenant_id', 'signups up', 'signups', '{"direction": "rise"}') as signups_rise \gset
select pg_temp.rule(:'t_tenant_id', 'signups down', 'signups', '{"direction": "drop"}') as signups_drop \gset
select pg_temp.rule(:'t_tenant_id', 'signups any', 'signups', '{}') as signups_any \gset
select pg_temp.rule(:'t_tenant_id', 'rare up', 'rare', '{"direction": "rise"}') as rare \gset
select pg_temp.rule(:'t_tenant_id', 'gone', 'gone', '{"direction": "drop", "threshold": 90}') as gone \gset
select pg_temp.rule(:'t_tenant_id', 'api vs last hour', 'api', '{"compare_to": "previous"}') as api_prev \gset
select pg_temp.rule(:'t_tenant_id', 'api vs last week', 'api', '{}') as api_week \gset
select pg_temp.rule(:'t_tenant_id', 'api errors', 'api', '{"metric": "error_rate", "compare_to": "previous", "threshold": 100}') as api_errors \gset
select pg_temp.rule(:'t_tenant_id', 'api p95', 'api', '{"metric": "latency_p95", "compare_to": "previous", "direction": "rise", "threshold": 100}') as api_p95 \gset

-- A week ago and now.
select tests.add_events(:'t_tenant_id', 'operation', 'orders', 100, 0, 50, :'t0'::timestamptz - interval '7 days 30 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'orders', 160, 0, 50, :'t0'::timestamptz - interval '30 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'signups', 100, 0, 50, :'t0'::timestamptz - interval '7 days 20 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'signups', 30, 0, 50, :'t0'::timestamptz - interval '20 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'rare', 1, 0, 50, :'t0'::timestamptz - interval '7 days 10 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'rare', 3, 0, 50, :'t0'::timestamptz - interval '10 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'gone', 100, 0, 50, :'t0'::timestamptz - interval '7 days 10 minutes');
-- The hour before and this hour: twice the calls, 2% failing then 10%, 100 ms then 300 ms.
select tests.add_events(:'t_tenant_id', 'operation', 'api', 100, 2, 100, :'t0'::timestamptz - interval '90 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'api', 200, 20, 300, :'t0'::timestamptz - interval '30 minutes');

select vigil.evaluate_alerts(:'t0');
select is(tests.alert_state(:'orders_rise'), 'firing', 'a rise of 60% against a week earlier fires a rise rule at 50%');
select is((select array[value, observed, baseline] from vigil.alerts where rule_id = :'orders_rise'), array[60, 160, 100]::float8[],
  'the alert keeps the change in percent, the count now and the count a week earlier');
select is(tests.alert_state(:'orders_drop'), 'ok', 'the same rise does not fire a drop rule');
select is(tests.alert_state(:'signups_drop'), 'firing', 'a drop of 70% fires a drop rule');
select is((select value from vigil.alerts where rule_id = :'signups_drop'), -70::float8, 'with a signed change of -70%');
select is(tests.alert_state(:'signups_rise'), 'ok', 'and not a rise rule');
select is(tests.alert_state(:'signups_any'), 'firing', 'a rule of either direction fires on the drop');
select is(tests.alert_state(:'rare'), 'nodata', '3 events against 1 (+200%) is under the volume guard of 20: nodata, no firing');
select is(tests.alert_state(:'gone'), 'firing', 'a drop from 100 events to none is judged (the busier window counts) and fires');
select is((select event_count from vigil.alerts where rule_id = :'gone'), 100::bigint, 'the guard counted the busier window');
select is(tests.alert_state(:'api_prev'), 'firing', 'compare_to previous: twice the calls of the hour before is +100%');
select is((select baseline from vigil.alerts where rule_id = :'api_prev'), 100::float8, 'against the hour before');
select is(tests.alert_state(:'api_week'), 'nodata', 'against a week earlier, when there were no calls, a change cannot be measured: nodata');
select is(tests.alert_state(:'api_errors'), 'firing', 'error_rate from 2% to 10% is +400%, over a threshold of 100');
select is(tests.alert_state(:'api_p95'), 'firing', 'latency_p95 from 100 ms to 300 ms is about +200%');
select is(array(select kind from vigil.alert_notifications where rule_id = :'orders_rise'), '{}'::text[],
  'a rule without channels enqueues nothing');

select * from finish();
rollback;
