-- vigil.events is partitioned by UTC day: an event lands in the partition of the UTC day it happened,
-- whatever the sender's time zone, so dropping a day's partition drops exactly that day.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select (now() at time zone 'UTC')::date as today \gset
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'last moment of yesterday', 'occurred_at', to_char(:'today'::date - 1, 'YYYY-MM-DD"T23:59:59.999999Z"')),
    jsonb_build_object('kind', 'log', 'name', 'first moment of today', 'occurred_at', to_char(:'today'::date, 'YYYY-MM-DD"T00:00:00Z"')),
    jsonb_build_object('kind', 'log', 'name', 'yesterday in Tokyo', 'occurred_at', to_char(:'today'::date, 'YYYY-MM-DD"T08:59:59+09:00"')),
    jsonb_build_object('kind', 'log', 'name', 'three days ago', 'occurred_at', now() - interval '3 days'))) -> 'rejected',
  '[]'::jsonb, 'events on either side of midnight UTC are accepted');
select tests.clear_authentication();
select set_eq(format($$select name collate "default" || ' -> ' || tableoid::regclass::text from vigil.events where tenant_id = %L$$, :'a_tenant_id'),
  array['last moment of yesterday -> vigil.' || vigil._partition_name(:'today'::date - 1),
        'first moment of today -> vigil.' || vigil._partition_name(:'today'::date),
        'yesterday in Tokyo -> vigil.' || vigil._partition_name(:'today'::date - 1),
        'three days ago -> vigil.' || vigil._partition_name((now() at time zone 'UTC' - interval '3 days')::date)],
  'each event is in the partition of its UTC day');
select is(vigil._partition_name('2026-03-05'), 'events_p20260305', 'partitions are named events_pYYYYMMDD');
select * from finish();
rollback;
