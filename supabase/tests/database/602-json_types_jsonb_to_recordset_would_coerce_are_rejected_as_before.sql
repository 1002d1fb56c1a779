-- jsonb_to_recordset reads 12 into a text column as '12', "yes" and 1 into a boolean as true and "12"
-- into a numeric as 12. The fast path checks every member's JSON type first, so each such event is
-- still rejected with the per-event path's reason, and its clean neighbour is stored as before.
begin;
select plan(4);

-- tests.store_both_ways (000-setup) stores each batch twice: as vigil._store_events chooses, and by
-- the per-event path; it says which path stored the rows.

create temporary table cases (n serial, event jsonb, reason text);
insert into cases (event, reason) values
  ('{"kind": "log", "name": 12}', 'name is required and must be a string'),
  ('{"kind": "log", "name": true}', 'name is required and must be a string'),
  ('{"kind": 12, "name": "x"}', 'kind is required and must be a string'),
  ('{"kind": ["log"], "name": "x"}', 'kind is required and must be a string'),
  ('{"kind": null, "name": "x"}', 'kind is required and must be a string'),
  ('{"kind": "log", "name": null}', 'name is required and must be a string'),
  ('{"kind": "log", "name": "x", "user_id": 12}', 'user_id must be a string'),
  ('{"kind": "log", "name": "x", "user_id": true}', 'user_id must be a string'),
  ('{"kind": "log", "name": "x", "error_type": {}}', 'error_type must be a string'),
  ('{"kind": "log", "name": "x", "release": ["v1"]}', 'release must be a string'),
  ('{"kind": "log", "name": "x", "source": -1}', 'source must be a string'),
  ('{"kind": "log", "name": "x", "success": "yes"}', 'success must be true or false'),
  ('{"kind": "log", "name": "x", "success": "true"}', 'success must be true or false'),
  ('{"kind": "log", "name": "x", "success": 1}', 'success must be true or false'),
  ('{"kind": "log", "name": "x", "duration_ms": "12"}', 'duration_ms must be a number'),
  ('{"kind": "log", "name": "x", "duration_ms": true}', 'duration_ms must be a number'),
  ('{"kind": "log", "name": "x", "status_code": "200"}', 'status_code must be an integer from 100 to 599'),
  ('{"kind": "log", "name": "x", "status_code": [200]}', 'status_code must be an integer from 100 to 599'),
  ('{"kind": "log", "name": "x", "value": "1"}', 'value must be a number'),
  ('{"kind": "log", "name": "x", "value": {"v": 1}}', 'value must be a number'),
  ('{"kind": "log", "name": "x", "attributes": []}', 'attributes must be a JSON object'),
  ('{"kind": "log", "name": "x", "attributes": "{}"}', 'attributes must be a JSON object'),
  ('{"kind": "log", "name": "x", "attributes": 1}', 'attributes must be a JSON object'),
  ('{"kind": "log", "name": "x", "occurred_at": 12}', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  ('{"kind": "log", "name": "x", "occurred_at": false}', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  -- Members named like fields, of other types, inside attributes or a string: valid, and stored (the
  -- last case must stay last: the fast path takes it).
  ('{"kind": "log", "name": "x", "attributes": {"name": 5, "success": "yes", "status_code": "x", "attributes": []}}', null),
  ('{"kind": "log", "name": "x", "error_message": "\"name\": 5, \"success\": \"yes\""}', null);

create temporary table outcomes as
  select c.n, c.reason, o.*
  from cases c, tests.store_both_ways(jsonb_build_array('{"kind": "log", "name": "neighbour"}'::jsonb, c.event)) o;

select * from tests.both_ways_agree('each event of a coerced JSON type is rejected with its reason, its neighbour stored');
select results_eq('select n from outcomes where fast order by n', 'select max(n) from cases',
  'only the batch whose string merely quotes a member is stored by the fast path; a nested member of another type sends its batch the per-event way');

select * from finish();
rollback;
