-- Rule: each event is a JSON object. Numbers, strings, null, arrays and booleans are rejected one by one.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[5, "page_view", null, [], true, {"kind": "log", "name": "ok"}]',
  'event must be a JSON object', 'a number, a string, null, an array and a boolean are each rejected', '{0,1,2,3,4}');
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 1, 'only the object was stored');
select * from finish();
rollback;
