-- Default: success is false for an error event and true for every other kind, unless the event says.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "error", "name": "error, unsaid"}, {"kind": "operation", "name": "operation, unsaid"},
    {"kind": "error", "name": "error, said true", "success": true}, {"kind": "operation", "name": "operation, said false", "success": false},
    {"kind": "api_call", "name": "api_call, null", "success": null}]') ->> 'accepted', '5', 'the five events are accepted');
select tests.clear_authentication();
select results_eq(format('select name collate "default", success from vigil.events where tenant_id = %L order by id', :'a_tenant_id'),
  $$values ('error, unsaid', false), ('operation, unsaid', true), ('error, said true', true), ('operation, said false', false), ('api_call, null', true)$$,
  'success defaults to false for errors and true otherwise; what the event says wins');
select * from finish();
rollback;
