-- The default "Database connections above 90%" rule reads the latest db_health sample: a sample
-- under the threshold is ok, one above it is pending, and five minutes above it fire.
begin;
select plan(6);

select vigil.system_tenant_id() as sys \gset
select tests.alert_channel(:'sys', 'dba-slack') as slack \gset
select tests.system_rule('db_connections_pct') as rule \gset

select vigil._record_system_event('db_metric', 'connections_pct', 55, '{}', now());
select vigil.evaluate_alerts(now());
select is(tests.alert_state(:'rule'), 'ok', 'connections at 55% are ok');

select vigil._record_system_event('db_metric', 'connections_pct', 93.5, '{}', now() + interval '1 minute');
select vigil.evaluate_alerts(now() + interval '1 minute');
select is(tests.alert_state(:'rule'), 'pending', 'a sample above 90% makes the rule pending');
select is(tests.outbox(:'rule'), '{}'::text[], 'which sends nothing yet');

select vigil._record_system_event('db_metric', 'connections_pct', 96, '{}', now() + interval '6 minutes');
select vigil.evaluate_alerts(now() + interval '6 minutes');
select is(tests.alert_state(:'rule'), 'firing', 'still above 90% five minutes later, it fires');
select is((select value from vigil.alerts where rule_id = :'rule'), 96::double precision, 'with the latest sample as its value');
select is(tests.outbox(:'rule'), array['firing'], 'and a firing notification is enqueued');

select * from finish();
rollback;
