-- The rule API's new fields (condition, warning_threshold, direction, compare_to, anomaly_weeks):
-- each bad value is refused with a sentence naming its field, list_alert_rules shows them, an update
-- to another condition clears what no longer applies; only admins of the tenant create or change
-- such rules, and list_alert_rules, list_alerts and alert_history stay inside their tenant.
begin;
select plan(43);

select * from tests.make_two_tenants('levels') \gset
create function pg_temp.create_sql(p_tenant uuid, p_extra jsonb) returns text
language sql as $$
  select format('select vigil_api.create_alert_rule(%L, %L)', p_tenant,
    '{"name": "r", "metric": "error_rate", "comparator": "gt", "threshold": 0.2, "window": "1 hour"}'::jsonb || p_extra)
$$;
create function pg_temp.refused(p_tenant uuid, p_extra jsonb, p_message text) returns text
language sql as $$ select throws_ok(pg_temp.create_sql(p_tenant, p_extra), '22023', p_message, 'refused: ' || p_extra::text) $$;

select pg_temp.refused(:'a_tenant_id', x.extra::jsonb, x.message) from (values
  ('{"condition": "forecast"}',
   'condition must be one of threshold, change_pct, anomaly.'),
  ('{"direction": "rise"}',
   'direction does not apply to condition threshold (direction: change_pct and anomaly; compare_to: change_pct; anomaly_weeks: anomaly).'),
  ('{"condition": "anomaly", "threshold": 3, "compare_to": "week"}',
   'compare_to does not apply to condition anomaly (direction: change_pct and anomaly; compare_to: change_pct; anomaly_weeks: anomaly).'),
  ('{"condition": "change_pct", "threshold": 50, "anomaly_weeks": 4}',
   'anomaly_weeks does not apply to condition change_pct (direction: change_pct and anomaly; compare_to: change_pct; anomaly_weeks: anomaly).'),
  ('{"condition": "anomaly", "threshold": 3, "anomaly_weeks": 2}',
   'anomaly_weeks must be a whole number from 3 to 12.'),
  ('{"condition": "anomaly", "threshold": 3, "anomaly_weeks": 3.5}',
   'anomaly_weeks must be a whole number from 3 to 12.'),
  ('{"condition": "anomaly", "threshold": 3, "window": "90 minutes"}',
   'window must be a whole number of hours from 1 to 24 for condition anomaly (its baseline reads hourly rollups).'),
  ('{"condition": "anomaly", "threshold": 3, "window": "2 days"}',
   'window must be a whole number of hours from 1 to 24 for condition anomaly (its baseline reads hourly rollups).'),
  ('{"condition": "change_pct", "threshold": -10}',
   'threshold must be positive for condition change_pct (a change in percent, 50 for 50%).'),
  ('{"condition": "anomaly", "threshold": 0}',
   'threshold must be positive for condition anomaly (robust standard deviations, 3 is usual).'),
  ('{"condition": "change_pct", "threshold": 50, "comparator": "lt"}',
   'comparator must be gt or gte for condition change_pct: the threshold is how far the metric moved, in the direction given.'),
  ('{"condition": "change_pct", "threshold": 50, "direction": "sideways"}',
   'direction must be one of rise, drop, either.'),
  ('{"condition": "change_pct", "threshold": 50, "compare_to": "month"}',
   'compare_to must be week or previous.'),
  ('{"condition": "change_pct", "threshold": 50, "window": "8 days"}',
   'window must be at most 7 days to compare with the same window a week earlier.'),
  ('{"warning_threshold": 0.5}',
   'warning_threshold must be below threshold, the critical level, for comparator gt.'),
  ('{"metric": "success_rate", "comparator": "lt", "threshold": 0.95, "warning_threshold": 0.9}',
   'warning_threshold must be above threshold, the critical level, for comparator lt.'),
  ('{"comparator": "eq", "warning_threshold": 0.1}',
   'warning_threshold needs an ordering comparator (gt, gte, lt, lte), not eq.'),
  ('{"warning_threshold": 0.1, "severity": "warning"}',
   'severity must be critical when warning_threshold is set: threshold is then the critical level.'),
  ('{"warning_threshold": "high"}',
   'warning_threshold must be a number.')
) x(extra, message);

-- As an admin: valid rules, shown by list_alert_rules with their new fields.
select tests.authenticate_as(:'a_admin_id');
select vigil_api.create_alert_rule(:'a_tenant_id', '{"name": "orders vs last week", "metric": "count", "condition": "change_pct",
  "threshold": 50, "window": "1 hour"}');
select (vigil_api.create_alert_rule(:'a_tenant_id', '{"name": "traffic anomaly", "metric": "count", "condition": "anomaly",
  "threshold": 3, "direction": "drop", "window": "2 hours"}') ->> 'id')::uuid as anomaly_rule \gset
select (vigil_api.create_alert_rule(:'a_tenant_id', '{"name": "errors", "metric": "error_rate", "comparator": "gt",
  "warning_threshold": 0.02, "threshold": 0.1, "window": "15 minutes"}') ->> 'id')::uuid as levels_rule \gset
select is((select r - '{id,tenant_id,created_at,updated_at,created_by,description,channel_ids,labels,slo_id,slo_objective,slo_latency_ms,runbook_url,event_kind,event_name,event_name_like,dimension,dimension_value}'::text[]
           from vigil_api.list_alert_rules(:'a_tenant_id') r where r ->> 'name' = 'orders vs last week'),
  '{"name": "orders vs last week", "metric": "count", "condition": "change_pct", "direction": "either", "compare_to": "week",
    "anomaly_weeks": null, "warning_threshold": null, "comparator": "gt", "threshold": 50, "time_window": "01:00:00",
    "for_duration": "00:00:00", "keep_firing_for": "00:00:00", "min_events": 1, "nodata_fires": false, "cooldown": null,
    "severity": "warning", "group_by_name": false, "enabled": true}'::jsonb,
  'list_alert_rules shows a change rule with its defaults: either direction, against a week earlier, comparator gt');
select is((select array[r ->> 'condition', r ->> 'direction', r ->> 'anomaly_weeks', r ->> 'compare_to']
           from vigil_api.list_alert_rules(:'a_tenant_id') r where r ->> 'name' = 'traffic anomaly'),
  array['anomaly', 'drop', '4', null], 'an anomaly rule: its direction and 4 weeks by default');
select is((select array[r ->> 'warning_threshold', r ->> 'threshold', r ->> 'severity']
           from vigil_api.list_alert_rules(:'a_tenant_id') r where r ->> 'name' = 'errors'),
  array['0.02', '0.1', 'critical'], 'a two-level rule: its warning threshold, its critical threshold, severity critical');
select is((select array[r ->> 'condition', r ->> 'direction', r ->> 'anomaly_weeks']
           from (select vigil_api.update_alert_rule(:'anomaly_rule', '{"condition": "threshold", "threshold": 10}') r) x),
  array['threshold', null, null], 'an update back to threshold clears direction and anomaly_weeks');
select is((select vigil_api.update_alert_rule(:'levels_rule', '{"warning_threshold": null, "severity": "warning"}') ->> 'warning_threshold'),
  null, 'an update removes the warning level');
select tests.clear_authentication();

-- Who may do it.
select tests.refused_below('admin', pg_temp.create_sql(:'a_tenant_id', '{"name": "x", "condition": "change_pct", "threshold": 50}'),
  'create a change_pct rule');
select tests.refused_below('admin', format('select vigil_api.update_alert_rule(%L, %L)', :'levels_rule', '{"warning_threshold": 0.05}'),
  'give a rule a warning level', 'You must be an admin of the tenant that owns this rule.');
select tests.refused_below('viewer', format('select vigil_api.list_alert_rules(%L)', :'a_tenant_id'), 'list the rules');
select tests.refused_below('viewer', format('select * from vigil_api.list_alerts(%L)', :'a_tenant_id'), 'list the alerts and their levels');
select tests.refused_below('viewer', format('select * from vigil_api.alert_history(%L)', :'a_tenant_id'), 'read the history of levels');

select * from finish();
rollback;
