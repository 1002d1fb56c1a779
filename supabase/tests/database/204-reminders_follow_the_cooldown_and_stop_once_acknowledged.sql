-- A firing alert is repeated as a reminder only after the rule's cooldown, and not at all once an
-- operator has acknowledged it.
begin;
select plan(7);

select * from tests.make_tenant('remind') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'backlog', 'metric', 'count', 'kind', 'operation',
  'event_name', 'job_failed', 'comparator', 'gte', 'threshold', 1, 'window', '1 hour', 'cooldown', '30 minutes',
  'channels', jsonb_build_array(:'slack'))) as rule \gset
select tests.add_events(:'t_tenant_id', 'operation', 'job_failed', 5, 0, 10, now() - interval '1 minute');

select vigil.evaluate_alerts(now());
select is(tests.outbox(:'rule'), '{firing}'::text[], 'the alert fires');
select vigil.evaluate_alerts(now() + interval '10 minutes');
select vigil.evaluate_alerts(now() + interval '29 minutes');
select is(tests.outbox(:'rule'), '{firing}'::text[], 'no reminder before the cooldown has passed');
select vigil.evaluate_alerts(now() + interval '30 minutes');
select is(tests.outbox(:'rule'), '{firing,reminder}'::text[], 'a reminder once the cooldown has passed');
select vigil.evaluate_alerts(now() + interval '45 minutes');
select is(tests.outbox(:'rule'), '{firing,reminder}'::text[], 'the cooldown counts from the reminder');

select tests.authenticate_as(:'t_operator_id');
select is(vigil_api.acknowledge_alert((select id from vigil.alerts where rule_id = :'rule')) ->> 'state', 'firing',
  'an operator acknowledges the firing alert');
select tests.clear_authentication();
select is((select acknowledged_by from vigil.alerts where rule_id = :'rule'), :'t_operator_id'::uuid, 'who acknowledged is recorded');
select vigil.evaluate_alerts(now() + interval '75 minutes');
select is(tests.outbox(:'rule'), '{firing,reminder,acknowledged}'::text[],
  'after the acknowledgement the chat channel hears of it and no further reminder comes');

select * from finish();
rollback;
