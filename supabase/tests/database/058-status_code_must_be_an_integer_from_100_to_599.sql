-- Rule: status_code, when given, is an HTTP status: an integer from 100 to 599.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "api_call", "name": "x", "status_code": 99}, {"kind": "api_call", "name": "x", "status_code": 600},
    {"kind": "api_call", "name": "x", "status_code": 200.5}, {"kind": "api_call", "name": "x", "status_code": "200"}, {"kind": "api_call", "name": "x", "status_code": true}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "status_code must be an integer from 100 to 599"}, {"index": 1, "reason": "status_code must be an integer from 100 to 599"},
    {"index": 2, "reason": "status_code must be an integer from 100 to 599"}, {"index": 3, "reason": "status_code must be an integer from 100 to 599"},
    {"index": 4, "reason": "status_code must be an integer from 100 to 599"}]}'::jsonb,
  '99, 600, 200.5, "200" and true are rejected: status_code must be an integer from 100 to 599');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "api_call", "name": "x", "status_code": 100}, {"kind": "api_call", "name": "x", "status_code": 599},
    {"kind": "api_call", "name": "x", "status_code": null}]'),
  '{"accepted": 3, "rejected": []}'::jsonb, '100, 599 and null are accepted');
select tests.clear_authentication();
select set_eq(format('select status_code::integer from vigil.events where tenant_id = %L', :'a_tenant_id'), array[100, 599, null], 'the status codes are stored as sent');
select * from finish();
rollback;
