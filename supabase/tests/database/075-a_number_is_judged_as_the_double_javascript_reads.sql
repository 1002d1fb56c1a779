-- Rule: a number is judged as the double JavaScript's JSON.parse reads from the same text, so zod and
-- SQL agree on it: status_code 200.0000000000000000001 is the integer 200, 1e-400 is 0, and a value
-- whose double is 1e15 is within range. Numbers whose double is out of range stay rejected.
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "api_call", "name": "a", "status_code": 200.0000000000000000001},
    {"kind": "api_call", "name": "b", "status_code": 99.99999999999999999999},
    {"kind": "operation", "name": "c", "duration_ms": -1e-400},
    {"kind": "custom", "name": "d", "value": 1000000000000000.00000001},
    {"kind": "operation", "name": "e", "duration_ms": 86400000.000000000000001}]'),
  '{"accepted": 5, "rejected": []}'::jsonb,
  'numbers whose double is an integer status, zero or within range are accepted');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "api_call", "name": "x", "status_code": 599.9999999999999999},
    {"kind": "api_call", "name": "x", "status_code": 200.000001}, {"kind": "api_call", "name": "x", "status_code": 1e-400},
    {"kind": "operation", "name": "x", "duration_ms": -5e-324}, {"kind": "custom", "name": "x", "value": 1e400},
    {"kind": "api_call", "name": "x", "status_code": 1e400}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "status_code must be an integer from 100 to 599"},
    {"index": 1, "reason": "status_code must be an integer from 100 to 599"}, {"index": 2, "reason": "status_code must be an integer from 100 to 599"},
    {"index": 3, "reason": "duration_ms must be between 0 and 86400000"}, {"index": 4, "reason": "value must be between -1e15 and 1e15"},
    {"index": 5, "reason": "status_code must be an integer from 100 to 599"}]}'::jsonb,
  'numbers whose double is out of range or fractional are rejected with their field''s reason, and nothing raises');
-- The same batch that is all clean goes by the fast path; the answer is the same.
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "api_call", "name": "f", "status_code": 200.0000000000000000001}]'),
  '{"accepted": 1, "rejected": []}'::jsonb, 'a batch of one such event alone is accepted too');
select tests.clear_authentication();
select is((select status_code::integer from vigil.events where tenant_id = :'a_tenant_id' and name = 'a'), 200, '200.0000000000000000001 is stored as 200');
select is((select status_code::integer from vigil.events where tenant_id = :'a_tenant_id' and name = 'b'), 100, '99.99999999999999999999 is stored as 100');
select is((select duration_ms from vigil.events where tenant_id = :'a_tenant_id' and name = 'c'), 0::double precision, '-1e-400 is stored as 0');
select * from finish();
rollback;
