-- Default: an event without occurred_at (or with null) happened when Vigil received it.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "missing"}, {"kind": "log", "name": "null", "occurred_at": null}]') ->> 'accepted', '2',
  'events without occurred_at are accepted');
select tests.clear_authentication();
select results_eq(format('select occurred_at, received_at from vigil.events where tenant_id = %L order by id', :'a_tenant_id'), 'values (now(), now()), (now(), now())',
  'their occurred_at is the time they were received');
select * from finish();
rollback;
