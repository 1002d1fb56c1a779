-- Silences and recurring mute windows mute notifications, never evaluation: state and history
-- move on, and a firing held back is sent when the mute ends if the alert still fires.
begin;
select plan(12);

select * from tests.make_tenant('mute') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'search slow', 'metric', 'latency_p95', 'kind', 'operation',
  'event_name', 'search', 'comparator', 'gt', 'threshold', 500, 'window', '1 hour', 'severity', 'warning',
  'labels', jsonb_build_object('team', 'search'), 'channels', jsonb_build_array(:'slack'))) as rule \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'search very slow', 'metric', 'latency_p95', 'kind', 'operation',
  'event_name', 'search', 'comparator', 'gt', 'threshold', 500, 'window', '1 hour', 'severity', 'critical',
  'channels', jsonb_build_array(:'slack'))) as other \gset
select tests.add_events(:'t_tenant_id', 'operation', 'search', 50, 0, 900, now() - interval '1 minute');

select tests.authenticate_as(:'t_operator_id');
select vigil_api.create_silence(:'t_tenant_id', '{"team": "search"}', now() + interval '20 minutes', now() - interval '1 minute', 'reindexing') ->> 'id' as silence \gset
select tests.clear_authentication();

select vigil.evaluate_alerts(now());
select is(tests.alert_state(:'rule'), 'firing', 'a silenced alert is still evaluated and fires');
select is(tests.outbox(:'rule'), '{}'::text[], 'but its notification is held back');
select alike((select muted_by from vigil.alerts where rule_id = :'rule'), 'silence %', 'the alert shows which silence holds it');
select is(tests.outbox(:'other'), '{firing}'::text[], 'an alert the matchers do not match is sent');
select is((select count(*)::int from vigil.alert_history where rule_id = :'rule'), 1, 'history records the silenced transition');

select vigil.evaluate_alerts(now() + interval '25 minutes');
select is(tests.outbox(:'rule'), '{firing}'::text[], 'when the silence ends the held-back firing is sent');

-- A mute window every day of the week covering the whole clock day, except one minute.
select tests.authenticate_as(:'t_operator_id');
select vigil_api.create_mute_window(:'t_tenant_id', 'always', ((now() at time zone 'Europe/Paris') + interval '1 minute')::time,
  ((now() at time zone 'Europe/Paris'))::time, '{1,2,3,4,5,6,7}', 'Europe/Paris', '{"severity": "critical"}') ->> 'id' as mw \gset
select tests.clear_authentication();
select tests.add_events(:'t_tenant_id', 'operation', 'search', 5000, 0, 10, now() + interval '26 minutes');
select vigil.evaluate_alerts(now() + interval '30 minutes');
select is(tests.alert_state(:'other'), 'resolved', 'the muted alert is still evaluated and resolves');
select is(tests.outbox(:'other'), '{firing}'::text[], 'its resolution is held back by the mute window');
select alike((select muted_by from vigil.alerts where rule_id = :'other'), 'mute window always', 'the alert shows the mute window');
select is(tests.outbox(:'rule'), '{firing,resolved}'::text[], 'the unmuted alert''s resolution is sent');

select is(vigil._alert_muted_by(:'t_tenant_id', '{"severity": "critical"}', now() - interval '1 day' + interval '30 seconds'), null,
  'the mute window lets notifications through in the one minute of the day it is closed');
select tests.authenticate_as(:'t_operator_id');
select vigil_api.delete_mute_window(:'mw');
select tests.clear_authentication();
select vigil.evaluate_alerts(now() + interval '31 minutes');
select is(tests.outbox(:'other'), '{firing,resolved}'::text[], 'once the mute is gone the held-back resolution is sent');

select * from finish();
rollback;
