-- Claims carry a token: a sender whose lease passed and whose row was claimed again cannot record
-- a result for it, so the sender that holds the row now decides its fate alone.
begin;
select plan(9);

select * from tests.fired_notification('claims') \gset

select claim_token as first, lease_until as first_lease from vigil.claim_alert_notifications(10, '30 seconds', now()) where id = :n \gset
select is(:'first_lease'::timestamptz, now() + interval '30 seconds', 'a claim returns the end of its lease');
select claim_token as second from vigil.claim_alert_notifications(10, '30 seconds', now() + interval '31 seconds') where id = :n \gset
select isnt(:'second'::uuid, :'first'::uuid, 'a row claimed again after its lease passed gets a new claim token');

select is(vigil.record_alert_delivery(:n, :'first', 'delivered', 200, null, 5, null, now() + interval '32 seconds') ->> 'recorded', 'false',
  'the sender that lost the claim cannot record its late result');
select is((select status from vigil.alert_notifications where id = :n), 'sending', 'and the row is still the new claim''s to finish');
select is((select count(*)::int from vigil.alert_delivery_attempts where notification_id = :n), 0, 'and nothing was logged for the stale token');

select is(vigil.record_alert_delivery(:n, :'second', 'delivered', 200, null, 5, null, now() + interval '33 seconds') ->> 'recorded', 'true',
  'the sender holding the claim records its result');
select is((select array_agg(attempt || ':' || outcome) from vigil.alert_delivery_attempts where notification_id = :n), array['2:delivered'],
  'as the attempt of its own claim');
select is(vigil.record_alert_delivery(:n, :'second', 'retry', 500, 'HTTP 500') ->> 'recorded', 'false',
  'a result recorded once cannot be recorded again, even with the same token');

select throws_ok(format('select vigil.record_alert_delivery(%s, null, %L, 200)', :n, 'delivered'), '22023',
  'A result is recorded with the claim token its claim returned.', 'a result without a claim token is refused');

select * from finish();
rollback;
