-- The default "Maintenance heartbeat missing" rule on the vigil-system tenant: quiet while runs
-- complete, firing (and a notification in the outbox) once no run completed for three intervals,
-- resolved when the heartbeat is back.
begin;
select plan(7);

select vigil.system_tenant_id() as sys \gset
select tests.alert_channel(:'sys', 'dba-pager', 'pagerduty') as pager \gset
select tests.system_rule('heartbeat_missing') as rule \gset

insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
values (now(), now(), 1, 0, '{}');

select vigil.evaluate_alerts(now() + interval '2 minutes');
select is(tests.alert_state(:'rule'), 'ok', 'two minutes after a heartbeat the rule is ok');
select is(tests.outbox(:'rule'), '{}'::text[], 'and nothing is sent');

select vigil.evaluate_alerts(now() + interval '3 minutes 30 seconds');
select is(tests.alert_state(:'rule'), 'firing', 'three intervals (of 60 s) without a heartbeat fire the rule at once');
select is((select value from vigil.alerts where rule_id = :'rule'), 1::double precision, 'with the value 1');
select is(array(select n.kind || ' ' || n.status || ' ' || c.name from vigil.alert_notifications n
                join vigil.alert_channels c on c.id = n.channel_id where n.rule_id = :'rule'),
  array['firing pending dba-pager'], 'a firing notification waits in the outbox for the system tenant''s channel');

insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
values (now() + interval '4 minutes', now() + interval '4 minutes', 1, 0, '{}');
select vigil.evaluate_alerts(now() + interval '4 minutes 10 seconds');
select is(tests.alert_state(:'rule'), 'resolved', 'a new heartbeat resolves it');
select is(tests.outbox(:'rule'), array['firing', 'resolved'], 'and the resolution is sent too');

select * from finish();
rollback;
