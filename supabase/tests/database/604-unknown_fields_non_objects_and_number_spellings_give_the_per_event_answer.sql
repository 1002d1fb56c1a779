-- jsonb_to_recordset ignores members it was not asked for and refuses elements that are not objects;
-- numbers reach it as text. Unknown fields and non-objects still get their reasons, and numbers
-- however spelt are stored as the per-event path stores them.
begin;
select plan(5);

-- tests.store_both_ways (000-setup) stores each batch twice: as vigil._store_events chooses, and by
-- the per-event path; it says which path stored the rows.

create temporary table cases (n serial, event jsonb, reason text, fast boolean);
insert into cases (event, reason, fast) values
  ('{"kind": "log", "name": "x", "extra": 1}', 'unknown field extra', false),
  ('{"kind": "log", "name": "x", "Kind": "log"}', 'unknown field Kind', false),
  ('{"kind": "log", "name": "x", "attributes": {}, "zz": null}', 'unknown field zz', false),
  ('1', 'event must be a JSON object', false),
  ('null', 'event must be a JSON object', false),
  ('"event"', 'event must be a JSON object', false),
  ('[]', 'event must be a JSON object', false),
  ('[{"kind": "log", "name": "x"}]', 'event must be a JSON object', false),
  ('{"kind": "log", "name": "x", "status_code": 200.5}', 'status_code must be an integer from 100 to 599', false),
  ('{"kind": "log", "name": "x", "status_code": 99}', 'status_code must be an integer from 100 to 599', false),
  ('{"kind": "log", "name": "x", "duration_ms": -0.001}', 'duration_ms must be between 0 and 86400000', false),
  ('{"kind": "log", "name": "x", "value": 1000000000000000.1}', 'value must be between -1e15 and 1e15', false),
  ('{"kind": "log", "name": "x", "value": -1e16}', 'value must be between -1e15 and 1e15', false),
  (('{"kind": "log", "name": "x", "attributes": {"k": "' || repeat('a', 8192 - 8) || '"}}')::jsonb, 'attributes must be at most 8192 bytes', false),
  ('{"kind": "log", "name": " \u00a0\u3000"}', 'name must not be blank', false),
  ('{"kind": "log", "name": "a\u0007b"}', 'name must contain only printable characters', false),
  (('{"kind": "log", "name": "' || repeat('n', 201) || '"}')::jsonb, 'name must be 1 to 200 characters', false),
  (('{"kind": "log", "name": "x", "trace_id": "' || repeat('t', 65) || '"}')::jsonb, 'trace_id must be at most 64 characters', false),
  -- Valid numbers in other spellings: stored, by the fast path, as the per-event path stores them.
  ('{"kind": "api_call", "name": "x", "status_code": 2.00e2, "duration_ms": 1.5E2, "value": -0}', null, true),
  ('{"kind": "operation", "name": "x", "duration_ms": 1e-400, "value": -1e-310}', null, true),
  ('{"kind": "db_metric", "name": "x", "value": 123456789012345.678901234567890123456789}', null, true),
  ('{"kind": "db_metric", "name": "x", "value": 1e15, "duration_ms": 86400000.000}', null, true);

create temporary table outcomes as
  select c.n, c.reason, c.fast as expect_fast, o.*
  from cases c, tests.store_both_ways(jsonb_build_array('{"kind": "log", "name": "neighbour"}'::jsonb, c.event)) o;

select * from tests.both_ways_agree('each event is accepted, or rejected with its reason, as before');
select is_empty('select n from outcomes where fast is distinct from expect_fast',
  'only the clean batches are stored by the fast path');

-- A batch that is not an array fails the same way down both paths.
select throws_ok($$select vigil._store_each_event(gen_random_uuid(), '{"kind": "log", "name": "x"}', null)$$,
  '22023', 'cannot extract elements from an object', 'an object instead of an array raises as before');

select * from finish();
rollback;
