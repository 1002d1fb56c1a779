-- Any metric a rule can name: a registered metric (computed rule by rule, as a capability's metric
-- would be) gets change_pct, anomaly and two levels from the same mechanics as the built-in ones.
begin;
select plan(6);

select * from tests.make_tenant('registered') \gset t_
select date_trunc('hour', now()) as t0 \gset
-- Revenue per window: 100 in earlier weeks at this hour (give or take 2), 150 now.
create table pg_temp.revenue_at (until timestamptz primary key, amount numeric);
insert into pg_temp.revenue_at values (:'t0', 150), (:'t0'::timestamptz - interval '7 days', 100),
  (:'t0'::timestamptz - interval '14 days', 98), (:'t0'::timestamptz - interval '21 days', 102), (:'t0'::timestamptz - interval '28 days', 101);
create function pg_temp.revenue(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable as $$ select amount from pg_temp.revenue_at where until = upper(p_window) $$;
select vigil_api.register_alert_metric('revenue', 'pg_temp.revenue(uuid, tstzrange)'::regprocedure, 'Revenue in the window', false, 'number');

select tests.alert_rule(:'t_tenant_id', '{"name": "revenue change", "metric": "revenue", "condition": "change_pct",
  "warning_threshold": 20, "threshold": 40, "window": "1 hour", "direction": "rise"}') as change \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "revenue change, mild", "metric": "revenue", "condition": "change_pct",
  "warning_threshold": 20, "threshold": 60, "window": "1 hour"}') as mild \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "revenue anomaly", "metric": "revenue", "condition": "anomaly",
  "threshold": 3, "window": "1 hour"}') as anomaly \gset

select vigil.evaluate_alerts(:'t0');
select is((select state || '/' || severity from vigil.alerts where rule_id = :'change'), 'firing/critical',
  'a registered metric 50% up on a week earlier passes the critical level of 40%');
select is((select array[value, observed, baseline] from vigil.alerts where rule_id = :'change'), array[50, 150, 100]::float8[],
  'with its change, its value and the value a week earlier');
select is((select state || '/' || severity from vigil.alerts where rule_id = :'mild'), 'firing/warning',
  'between the two levels it is a warning');
select is((select state from vigil.alerts where rule_id = :'anomaly'), 'firing', 'and far outside its weekly baseline it is an anomaly');
select is((select baseline from vigil.alerts where rule_id = :'anomaly'), 100.5::float8,
  'whose baseline is the median of the four earlier weeks (98, 100, 101, 102)');
select is((select round(value::numeric, 2) from vigil.alerts where rule_id = :'anomaly'),
  round(((150 - 100.5) / greatest(1.4826 * 1.0, 0.05 * 100.5))::numeric, 2),
  'its z-score: the distance from the median over 1.4826 MAD, floored at 5% of the median');

select * from finish();
rollback;
