-- Below min_events a series is nodata: too few to judge. It notifies nobody by default, does not
-- resolve a firing alert by silence, and fires only when the rule says nodata is a breach.
begin;
select plan(8);

select * from tests.make_tenant('quiet') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'errors', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'sync', 'comparator', 'gt', 'threshold', 0.1, 'window', '5 minutes', 'min_events', 20,
  'channels', jsonb_build_array(:'slack'))) as rule \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'went quiet', 'metric', 'count', 'kind', 'operation',
  'event_name', 'heartbeat', 'comparator', 'lt', 'threshold', 1, 'window', '5 minutes', 'min_events', 1,
  'nodata_fires', true, 'channels', jsonb_build_array(:'slack'))) as quiet \gset

-- 10 events, all failing: a 100% error rate, but half the minimum.
select tests.add_events(:'t_tenant_id', 'operation', 'sync', 10, 10, 50, now() - interval '1 minute');
select vigil.evaluate_alerts(now());
select is(tests.alert_state(:'rule'), 'nodata', 'fewer events than min_events make the series nodata, however bad they look');
select is(tests.outbox(:'rule'), '{}'::text[], 'nodata notifies nobody');
select is((select to_state || ' ' || event_count from vigil.alert_history where rule_id = :'rule'), 'nodata 10',
  'the move to nodata is in history with the event count');

select tests.add_events(:'t_tenant_id', 'operation', 'sync', 30, 30, 50, now() + interval '30 seconds');
select vigil.evaluate_alerts(now() + interval '1 minute');
select is(tests.alert_state(:'rule'), 'firing', 'with enough events the breach fires');
select vigil.evaluate_alerts(now() + interval '20 minutes');
select is(tests.alert_state(:'rule'), 'firing', 'a firing alert whose events stop is not resolved by the silence');
select is(tests.outbox(:'rule'), '{firing}'::text[], 'and nothing is sent for the missing data');

select vigil.evaluate_alerts(now());
select is(tests.alert_state(:'quiet'), 'firing', 'a rule with nodata_fires treats no data as a breach');
select is(tests.outbox(:'quiet'), '{firing}'::text[], 'and notifies');

select * from finish();
rollback;
