-- Two levels in one rule with a driven clock: the alert's severity follows the level its value is
-- in, a move from warning to critical (and back) is a transition in history that notifies every
-- channel again with the new severity (PagerDuty re-triggers with it) under an idempotency key that
-- carries it, and a fall waits for keep_firing_for.
begin;
select plan(22);

select * from tests.make_tenant('levels') \gset t_
select tests.alert_channel(:'t_tenant_id', 'pd', 'pagerduty') as pd \gset
select tests.alert_channel(:'t_tenant_id', 'mail', 'email', '{"to": "ops@example.com", "from": "Vigil <alerts@example.com>"}') as mail \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'checkout errors', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'checkout', 'comparator', 'gt', 'warning_threshold', 0.05, 'threshold', 0.2, 'window', '5 minutes',
  'keep_firing_for', '1 minute', 'min_events', 5, 'channels', jsonb_build_array(:'pd', :'mail'))) as rule \gset
select date_trunc('minute', now()) as t0 \gset

select is((select severity from vigil.alert_rules where id = :'rule'), 'critical',
  'a rule with a warning_threshold is critical at its threshold');

-- 10% failed: the warning level.
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 100, 10, 80, :'t0'::timestamptz - interval '1 minute');
select vigil.evaluate_alerts(:'t0');
select is((select state || '/' || severity from vigil.alerts where rule_id = :'rule'), 'firing/warning',
  'past the warning threshold only, the alert fires as a warning');
select is(array(select payload ->> 'severity' from vigil.alert_notifications where rule_id = :'rule' order by id),
  array['warning', 'warning'], 'both channels hear a warning');
select is((select (payload ->> 'threshold')::float8 from vigil.alert_notifications where rule_id = :'rule' limit 1), 0.05::float8,
  'with the threshold of the warning level');
select id as alert from vigil.alerts where rule_id = :'rule' \gset
select tests.authenticate_as(:'t_operator_id');
select vigil_api.acknowledge_alert(:'alert');
select tests.clear_authentication();

-- 35% failed: critical.
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 100, 60, 80, :'t0'::timestamptz + interval '30 seconds');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '1 minute');
select is((select state || '/' || severity from vigil.alerts where rule_id = :'rule'), 'firing/critical',
  'past the critical threshold the firing alert becomes critical at once (for is 0)');
select is((select from_state || '>' || to_state || ' ' || severity || ' ' || note from vigil.alert_history
           where rule_id = :'rule' order by id desc limit 1),
  'firing>firing critical warning -> critical', 'the move is a transition in history with both levels');
select is(array(select kind || ':' || (payload ->> 'severity') from vigil.alert_notifications
                where rule_id = :'rule' and channel_id = :'pd' order by id),
  array['firing:warning', 'acknowledged:warning', 'firing:critical'], 'PagerDuty, told of the acknowledgement, is triggered again, now critical');
select is((select payload ->> 'previous_severity' from vigil.alert_notifications where rule_id = :'rule' order by id desc limit 1),
  'warning', 'the notification says which level it rose from');
select ok((select idempotency_key like '%-firing-critical-%' from vigil.alert_notifications
           where rule_id = :'rule' and channel_id = :'mail' order by id desc limit 1),
  'the email''s idempotency key carries the severity');
select is((select count(distinct idempotency_key)::int from vigil.alert_notifications where rule_id = :'rule' and channel_id = :'mail'), 2,
  'so it differs from the warning''s and email dedup cannot swallow it');
select is((select acknowledged_at from vigil.alerts where rule_id = :'rule'), null,
  'a rise to critical asks for a new acknowledgement');
select is((select severity from vigil_api.list_alerts(:'t_tenant_id')), 'critical', 'list_alerts shows the level the alert is in');
select is((select threshold from vigil_api.list_alerts(:'t_tenant_id')), 0.2::float8, 'with that level''s threshold');

select vigil.evaluate_alerts(:'t0'::timestamptz + interval '2 minutes');
select is((select count(*)::int from vigil.alert_notifications where rule_id = :'rule'), 5, 'staying critical says nothing more');

-- 12% failed over the window: back in the warning level, which must hold for keep_firing_for.
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 400, 0, 80, :'t0'::timestamptz + interval '150 seconds');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '4 minutes');
select is((select severity || ' ' || level_pending from vigil.alerts where rule_id = :'rule'), 'critical warning',
  'a fall to warning waits for keep_firing_for');
select is((select count(*)::int from vigil.alert_notifications where rule_id = :'rule'), 5, 'and tells nobody yet');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '5 minutes');
select is((select state || '/' || severity from vigil.alerts where rule_id = :'rule'), 'firing/warning',
  'after a minute in the warning level the alert is a warning again');
select is(array(select kind || ':' || (payload ->> 'severity') from vigil.alert_notifications
                where rule_id = :'rule' and channel_id = :'pd' order by id),
  array['firing:warning', 'acknowledged:warning', 'firing:critical', 'firing:warning'], 'and PagerDuty hears the lowered severity');

-- The critical batch leaves the window: recovering, then resolved.
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '6 minutes');
select is((select state from vigil.alerts where rule_id = :'rule'), 'recovering', 'below both levels the alert recovers');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '7 minutes');
select is(array(select kind || ':' || (payload ->> 'severity') from vigil.alert_notifications
                where rule_id = :'rule' and channel_id = :'pd' order by id),
  array['firing:warning', 'acknowledged:warning', 'firing:critical', 'firing:warning', 'resolved:warning'],
  'its resolution names the level it ends');
select is(array(select from_state || '>' || to_state || ':' || severity from vigil.alert_history where rule_id = :'rule'
                and actor is null order by id),
  array['ok>firing:warning', 'firing>firing:critical', 'firing>firing:warning', 'firing>recovering:warning', 'recovering>resolved:warning'],
  'history holds every state and level move in order');
select is(array(select severity from vigil_api.alert_history(:'t_tenant_id', :'alert') order by at),
  array['warning', 'warning', 'critical', 'warning', 'warning', 'warning'],
  'alert_history shows the level after each transition, the acknowledgement''s too');

select * from finish();
rollback;
