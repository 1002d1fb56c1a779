-- Custom metrics are registered SQL functions (tenant, window). One that raises puts its own rule in
-- error, with the message in history, and every other rule is evaluated as usual.
begin;
select plan(12);

create function public.stuck_orders(p_tenant uuid, p_window tstzrange) returns numeric
language sql as $$ select 7::numeric $$;
create function public.broken_metric(p_tenant uuid, p_window tstzrange) returns numeric
language plpgsql as $$ begin raise exception 'orders table is missing'; end $$;
create function public.queue_depths(p_tenant uuid, p_window tstzrange) returns table (labels jsonb, value numeric)
language sql as $$ values ('{"queue": "emails"}'::jsonb, 3::numeric), ('{"queue": "webhooks"}'::jsonb, 250::numeric) $$;
create function public.wrong_shape(p_tenant uuid) returns numeric language sql as $$ select 1::numeric $$;

select lives_ok($$select vigil_api.register_alert_metric('stuck_orders', 'public.stuck_orders(uuid, tstzrange)', 'Orders stuck in pending', false, 'count')$$,
  'the service role (here a DBA session) registers a custom metric');
select lives_ok($$select vigil_api.register_alert_metric('broken_metric', 'public.broken_metric(uuid, tstzrange)')$$, 'and a broken one');
select lives_ok($$select vigil_api.register_alert_metric('queue_depth', 'public.queue_depths(uuid, tstzrange)', 'Queue depth', true)$$,
  'a metric returning one value per series is registered with returns_series');
select throws_ok($$select vigil_api.register_alert_metric('wrong', 'public.wrong_shape(uuid)')$$,
  '22023', 'fn must take exactly (p_tenant uuid, p_window tstzrange).', 'a function of the wrong shape is refused');
select throws_ok($$select vigil_api.register_alert_metric('error_rate', 'public.stuck_orders(uuid, tstzrange)')$$,
  '22023', 'name ''error_rate'' is a built-in metric and cannot be replaced.', 'a built-in metric cannot be replaced');

select * from tests.make_tenant('custom') \gset t_
select tests.authenticate_as(:'t_admin_id');
select throws_ok($$select vigil_api.register_alert_metric('mine', 'public.stuck_orders(uuid, tstzrange)')$$,
  '42501', 'permission denied for function register_alert_metric', 'a tenant admin cannot register metrics: they run inside every evaluation');
select tests.clear_authentication();

select tests.alert_rule(:'t_tenant_id', '{"name": "stuck", "metric": "stuck_orders", "comparator": "gt", "threshold": 5, "window": "10 minutes"}') as stuck \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "broken", "metric": "broken_metric", "comparator": "gt", "threshold": 5, "window": "10 minutes"}') as broken \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "queues", "metric": "queue_depth", "comparator": "gt", "threshold": 100, "window": "10 minutes"}') as queues \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "volume", "metric": "count", "comparator": "gte", "threshold": 0, "window": "10 minutes", "min_events": 0}') as volume \gset

select is((vigil.evaluate_alerts(now()) ->> 'errors')::int, 1, 'the evaluation reports one failing metric');
select is(tests.alert_state(:'broken'), 'error', 'the rule whose metric raised is in error');
select is((select note from vigil.alert_history where rule_id = :'broken'), 'orders table is missing', 'history keeps the metric''s error message');
select is(tests.alert_state(:'stuck'), 'firing', 'a working custom metric in the same run fires');
select is(array(select labels ->> 'queue' || ':' || state from vigil.alerts where rule_id = :'queues' order by 1),
  array['emails:ok', 'webhooks:firing'], 'a series-returning metric gets one alert per series');
select is(tests.alert_state(:'volume'), 'firing', 'built-in rules are evaluated too');

select * from finish();
rollback;
