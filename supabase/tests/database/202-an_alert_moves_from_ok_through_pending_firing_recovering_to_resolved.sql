-- The lifecycle with a driven clock: `for` holds a breach in pending, `keep_firing_for` holds a
-- recovery in recovering, every transition is in history with its value, and receivers hear one
-- firing and one resolution per channel.
begin;
select plan(20);

select * from tests.make_tenant('life') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_channel(:'t_tenant_id', 'mail', 'email', '{"to": "ops@example.com", "from": "Vigil <alerts@example.com>"}') as mail \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'checkout errors', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'checkout', 'comparator', 'gt', 'threshold', 0.1, 'window', '5 minutes', 'for', '2 minutes',
  'keep_firing_for', '3 minutes', 'min_events', 5, 'channels', jsonb_build_array(:'slack', :'mail'))) as rule \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'slow to fire', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'checkout', 'comparator', 'gt', 'threshold', 0.1, 'window', '5 minutes', 'for', '10 minutes',
  'channels', jsonb_build_array(:'slack'))) as slow \gset

select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 10, 5, 120, now() - interval '1 minute');

select vigil.evaluate_alerts(now());
select is(tests.alert_state(:'rule'), 'pending', 'a breach with a for of 2 minutes makes the alert pending');
select is(tests.outbox(:'rule'), '{}'::text[], 'pending notifies nobody');
select vigil.evaluate_alerts(now() + interval '1 minute');
select is(tests.alert_state(:'rule'), 'pending', 'it stays pending while the breach is younger than for');
select vigil.evaluate_alerts(now() + interval '2 minutes');
select is(tests.alert_state(:'rule'), 'firing', 'it fires once the breach has held for 2 minutes');
select is(tests.outbox(:'rule'), '{firing,firing}'::text[], 'firing enqueues one notification per channel');
select is((select count(distinct dedup_key)::int from vigil.alert_notifications where rule_id = :'rule'), 1,
  'both channels carry the same dedup key');
select is((select (payload ->> 'value')::float8 from vigil.alert_notifications where rule_id = :'rule' limit 1), 0.5::float8,
  'the notification carries the value that fired');

select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 100, 0, 80, now() + interval '150 seconds');
select vigil.evaluate_alerts(now() + interval '3 minutes');
select is(tests.alert_state(:'rule'), 'recovering', 'a clear metric makes a firing alert recovering, not resolved');
select is(tests.alert_state(:'slow'), 'ok', 'a pending alert whose breach clears goes back to ok without firing');
select vigil.evaluate_alerts(now() + interval '4 minutes');
select is(tests.alert_state(:'rule'), 'recovering', 'it stays recovering for keep_firing_for');

select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 50, 50, 80, now() + interval '270 seconds');
select vigil.evaluate_alerts(now() + interval '5 minutes');
select is(tests.alert_state(:'rule'), 'firing', 'a breach while recovering fires again');
select is(tests.outbox(:'rule'), '{firing,firing}'::text[], 'a flap back to firing is not announced twice');

select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 1000, 0, 80, now() + interval '330 seconds');
select vigil.evaluate_alerts(now() + interval '6 minutes');
select is(tests.alert_state(:'rule'), 'recovering', 'clear again: recovering');
select vigil.evaluate_alerts(now() + interval '9 minutes');
select is(tests.alert_state(:'rule'), 'resolved', 'after 3 clear minutes the alert resolves');
select is(tests.outbox(:'rule'), '{firing,firing,resolved,resolved}'::text[], 'the resolution is enqueued once per channel');
select vigil.evaluate_alerts(now() + interval '10 minutes');
select is(tests.outbox(:'rule'), '{firing,firing,resolved,resolved}'::text[], 'a resolved alert that stays clear says nothing more');

select is(array(select from_state || '>' || to_state from vigil.alert_history h join vigil.alerts a on a.id = h.alert_id
                where a.rule_id = :'rule' order by h.at, h.id),
  array['ok>pending', 'pending>firing', 'firing>recovering', 'recovering>firing', 'firing>recovering', 'recovering>resolved'],
  'history holds every transition in order');
select ok((select bool_and(value is not null) from vigil.alert_history where rule_id = :'rule'), 'every transition records its value');
select is((select value from vigil.alert_history where rule_id = :'rule' and to_state = 'pending'), 0.5::float8,
  'the value recorded is the one that moved the state');
select is(array(select from_state || '>' || to_state from vigil.alert_history where rule_id = :'slow' order by at, id),
  array['ok>pending', 'pending>ok', 'ok>pending', 'pending>ok'],
  'the rule with a 10-minute for went pending and back to ok twice, never firing');

select * from finish();
rollback;
