-- A rule switched off does not leave its firing alert open forever: the next evaluation resolves it
-- and tells the receivers that heard it fire.
begin;
select plan(4);

select * from tests.fired_notification('disable') \gset
select is(tests.alert_state(:'rule'), 'firing', 'the rule fires');
select vigil_api.update_alert_rule(:'rule', '{"enabled": false}');
select vigil.evaluate_alerts(now() + interval '1 minute');
select is(tests.alert_state(:'rule'), 'resolved', 'once disabled, its alert resolves');
select is((select note from vigil.alert_history where rule_id = :'rule' and to_state = 'resolved'), 'rule disabled', 'history says why');
select is(tests.outbox(:'rule'), '{firing,resolved}'::text[], 'and the channel hears the resolution');

select * from finish();
rollback;
