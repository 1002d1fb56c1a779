-- The delivery policy in SQL: claims skip what is not due or already claimed, 5xx and timeouts
-- retry with exponential backoff and jitter, retry-after is honoured, a permanent error or the
-- attempt limit dead-letters the row, and dead letters are an alert metric.
begin;
select plan(15);

select * from tests.fired_notification('outbox') \gset

select is((select count(*)::int from vigil.claim_alert_notifications(10, '2 minutes', now())), 1, 'a due notification is claimed');
select is((select count(*)::int from vigil.claim_alert_notifications(10, '2 minutes', now())), 0, 'a claimed one is not claimed twice');
select is((select count(*)::int from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '3 minutes')), 1,
  'once its lease has passed (the sender died), it is claimable again');

select is(vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'retry', 503, 'HTTP 503', 12, null, now(), 8, '10 seconds') ->> 'status', 'retrying',
  'a 5xx is retried');
select ok((select next_attempt_at between now() + interval '10 seconds' and now() + interval '20 seconds' from vigil.alert_notifications where id = :n),
  'after the second attempt the wait is between half and all of 10 s * 2^1 (exponential, jittered)');
select is((select count(*)::int from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '9 seconds')), 0,
  'nothing is claimed before the backoff has passed');
select is((select attempt from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '21 seconds')), 3, 'it is claimed after it');
select vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'retry', null, 'timed out after 10000 ms', 10000, null, now(), 8, '10 seconds');
select ok((select next_attempt_at between now() + interval '20 seconds' and now() + interval '40 seconds' from vigil.alert_notifications where id = :n),
  'the backoff doubles with each attempt (10 s * 2^2 = 40 s, jittered)');

select count(*) from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '1 minute');
select vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'retry', 429, 'HTTP 429', 5, 120, now(), 8, '10 seconds');
select is((select next_attempt_at from vigil.alert_notifications where id = :n), now() + interval '120 seconds',
  'a 429 waits exactly as long as retry-after says');

select count(*) from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '3 minutes');
select is(vigil.record_alert_delivery(:n, (select claim_token from vigil.alert_notifications where id = :n), 'retry', 500, 'HTTP 500', 5, null, now(), 5, '10 seconds') ->> 'status', 'dead',
  'at the attempt limit a retryable failure is dead-lettered');
select is((select array_agg(outcome || ':' || coalesce(status_code::text, '-') order by id) from vigil.alert_delivery_attempts where notification_id = :n),
  array['retry:503', 'retry:-', 'retry:429', 'retry:500'], 'every attempt is logged with its status code');

select tests.alert_rule(:'t_tenant_id', '{"name": "dead letters", "metric": "notifications_dead", "comparator": "gt", "threshold": 0, "window": "1 hour"}') as dead \gset
select vigil.evaluate_alerts(now() + interval '1 minute');
select is(tests.alert_state(:'dead'), 'firing', 'dead letters are an alert metric, so a broken channel is itself alerted on');
select is((select dead::int from vigil_api.alert_delivery_stats(:'t_tenant_id')), 1, 'and visible in the delivery stats');

select tests.authenticate_as(:'t_operator_id');
select lives_ok(format('select vigil_api.retry_alert_notification(%s)', :n), 'an operator puts a dead letter back in the outbox');
select tests.clear_authentication();
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'again', 'metric', 'count', 'comparator', 'gte', 'threshold', 0,
  'window', '10 minutes', 'min_events', 0, 'channels', jsonb_build_array(:'slack'))) as again \gset
select vigil.evaluate_alerts(now() + interval '2 minutes');
select id as p from vigil.alert_notifications where rule_id = :'again' \gset
select count(*) from vigil.claim_alert_notifications(10, '2 minutes', now() + interval '2 minutes');
select is(vigil.record_alert_delivery(:p, (select claim_token from vigil.alert_notifications where id = :p), 'permanent', 404, 'HTTP 404', 3) ->> 'status', 'dead', 'a 4xx other than 429 is dead-lettered at once');

select * from finish();
rollback;
