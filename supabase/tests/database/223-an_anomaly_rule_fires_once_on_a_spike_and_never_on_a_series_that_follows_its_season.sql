-- anomaly with the clock as a parameter: twelve hourly evaluations of two series that follow the same
-- season (a 4-hour cycle, a little noise from week to week) over the current and three earlier
-- weeks; one of them has a single spiking hour. The spike fires once and resolves; the seasonal one
-- never leaves ok; a series without earlier weeks has no baseline (nodata).
begin;
select plan(10);

select * from tests.make_tenant('season') \gset t_
select tests.alert_channel(:'t_tenant_id', 'pd', 'pagerduty') as pd \gset
select date_trunc('hour', now()) - interval '13 hours' as t0 \gset
create function pg_temp.rule(p_tenant uuid, p_name text, p_event text, p_channel uuid) returns uuid
language sql as $$
  select tests.alert_rule(p_tenant, jsonb_build_object('name', p_name, 'metric', 'count', 'kind', 'operation',
    'event_name', p_event, 'condition', 'anomaly', 'threshold', 3, 'anomaly_weeks', 3, 'window', '1 hour', 'min_events', 5,
    'channels', jsonb_build_array(p_channel)))
$$;
select pg_temp.rule(:'t_tenant_id', 'seasonal', 'browse', :'pd') as seasonal \gset
select pg_temp.rule(:'t_tenant_id', 'spiky', 'checkout', :'pd') as spiky \gset
select pg_temp.rule(:'t_tenant_id', 'new', 'fresh', :'pd') as fresh \gset

-- Hour s of week k (0 this week, 1 to 3 before): 20 + 8 (s mod 4) events, give or take one.
select tests.add_events(:'t_tenant_id', 'operation', n.name, 20 + 8 * (s % 4) + (k * s) % 3 - 1
                          + case when n.name = 'checkout' and k = 0 and s = 7 then 60 else 0 end, 0, 40,
                        :'t0'::timestamptz - k * interval '7 days' + s * interval '1 hour' + interval '30 minutes')
from generate_series(0, 3) k, generate_series(0, 11) s, (values ('browse'), ('checkout')) n(name);
select tests.add_events(:'t_tenant_id', 'operation', 'fresh', 30, 0, 40, :'t0'::timestamptz + s * interval '1 hour' + interval '30 minutes')
from generate_series(0, 11) s;

select vigil.evaluate_alerts(:'t0'::timestamptz + s * interval '1 hour') from generate_series(1, 12) s;

select is((select count(*)::int from vigil.alert_history where rule_id = :'spiky' and to_state = 'firing'), 1,
  'the series with one spiking hour fires exactly once');
select is((select at from vigil.alert_history where rule_id = :'spiky' and to_state = 'firing'), :'t0'::timestamptz + interval '8 hours',
  'at the evaluation whose window holds the spike');
select is((select array[(payload ->> 'observed')::float8, (payload ->> 'baseline')::float8] from vigil.alert_notifications
           where rule_id = :'spiky' and kind = 'firing'), array[103, 44]::float8[],
  'the firing names the count of the spiking hour (103) and its baseline, the median of the same hour in earlier weeks (44)');
select ok((select value > 3 from vigil.alert_history where rule_id = :'spiky' and to_state = 'firing'),
  'the z-score that fired is beyond 3 robust standard deviations');
select is(tests.alert_state(:'spiky'), 'resolved', 'once the spiking hour has left the window the alert resolves');
select is(tests.outbox(:'spiky'), '{firing,resolved}'::text[], 'its receivers hear one firing and one resolution');
select is((select count(*)::int from vigil.alert_history where rule_id = :'seasonal'), 0,
  'the series that only follows its season never leaves ok in twelve hours');
select ok((select bool_and(abs(value) < 3) from vigil.alerts where rule_id = :'seasonal'), 'its last z-score is well inside 3');
select is((select baseline from vigil.alerts where rule_id = :'seasonal'),
  (select percentile_cont(0.5) within group (order by 20 + 8 * (11 % 4) + (k * 11) % 3 - 1) from generate_series(1, 3) k)::float8,
  'its baseline is the median of the same hour in the three earlier weeks');
select is(tests.alert_state(:'fresh'), 'nodata', 'a series without three earlier weeks has no baseline: nodata');

select * from finish();
rollback;
