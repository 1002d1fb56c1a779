-- What a receiver answered is kept for operators but cut to 300 characters, and an address the
-- outbound guard refused is recorded as refused (no request was sent) and dead-lettered at once.
begin;
select plan(5);

select * from tests.fired_notification('answers') \gset

select count(*) from vigil.claim_alert_notifications(10, '2 minutes', now());
select vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'retry', 500, 'HTTP 500: ' || repeat('internal text ', 400), 5, null, now(), 8, '10 seconds');
select is((select length(error) from vigil.alert_delivery_attempts where notification_id = :n), 300, 'the attempt keeps 300 characters of the answer');
select is((select length(last_error) from vigil.alert_notifications where id = :n), 300, 'the notification keeps 300 characters too');
select is((select length(last_error) from vigil_api.alert_delivery_stats(:'t_tenant_id')), 300, 'and so does alert_delivery_stats');

select count(*) from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '1 hour');
select is(vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'refused', null, 'refused by the outbound guard: it points at a loopback address (127.0.0.1); no request was sent',
  0, null, now(), 8, '10 seconds') ->> 'status', 'dead', 'a refused address is dead-lettered at once: retrying cannot change the verdict');
select is((select array_agg(outcome order by id) from vigil.alert_delivery_attempts where notification_id = :n), array['retry', 'refused'],
  'the attempt is recorded as refused');

select * from finish();
rollback;
