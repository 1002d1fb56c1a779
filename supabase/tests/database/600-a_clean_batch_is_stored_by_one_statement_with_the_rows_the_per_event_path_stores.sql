-- A batch whose every event is valid is stored by the fast path (one statement over jsonb_to_recordset),
-- and the rows and the answer are exactly those of the per-event path: every field, every default.
begin;
select plan(12);

-- tests.store_both_ways (000-setup) stores each batch twice: as vigil._store_events chooses, and by
-- the per-event path; it says which path stored the rows.

-- Every field at once, numbers in several spellings, defaults left to the store, a null attribute
-- member (stripped), JSON nulls where nulls are allowed, and kinds whose success defaults differ.
select format($j$[
  {"kind": "operation", "name": "checkout", "occurred_at": %1$s, "duration_ms": 182.5, "value": -12.25, "success": true,
   "status_code": 200, "error_type": "E", "error_message": "m", "fingerprint": "fp", "user_id": "u1", "session_id": "s1",
   "trace_id": "t1", "release": "v1", "environment": "prod", "source": "web", "attributes": {"route": "/a", "gone": null, "n": [1, null]}},
  {"kind": "error", "name": "TypeError"},
  {"kind": "error", "name": "Handled", "success": true, "occurred_at": null, "attributes": null},
  {"kind": "api_call", "name": "GET /x", "status_code": 200.0, "duration_ms": 1e-400, "value": 5e2, "occurred_at": %2$s},
  {"kind": "web_vital", "name": "CLS", "value": 0.000001, "duration_ms": 86400000, "status_code": 599, "success": false},
  {"kind": "custom", "name": "  padded  ", "value": -1e15, "duration_ms": 0, "status_code": 100, "error_type": null,
   "user_id": "", "attributes": {}},
  {"kind": "log", "name": "ünïcødé ✓", "attributes": {"level": "info", "nested": {"a": {"b": null}}}}
]$j$,
  to_jsonb(to_char(now() at time zone 'UTC' - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  to_jsonb(to_char(now() at time zone 'UTC' - interval '6 days 23 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) as batch \gset

select * from tests.store_both_ways(:'batch') \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 7, "rejected": []}'::jsonb, 'a clean batch of seven is accepted whole');
select is(:'r_chosen'::jsonb, :'r_per_event'::jsonb, 'the answer is the per-event path''s answer');
select ok(:'r_fast', 'the clean batch is stored by the fast path');
select ok(:'r_slow', 'the batch forced down the per-event path is stored by it');
select ok(:'r_same_rows', 'both paths store the same rows, field by field, in batch order');

-- A key's allowed kinds: a clean batch within them goes fast.
select * from tests.store_both_ways('[{"kind": "page_view", "name": "/"}, {"kind": "web_vital", "name": "LCP", "value": 1200}]',
  array['page_view', 'web_vital']) \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 2, "rejected": []}'::jsonb, 'a clean batch within the key''s allowed kinds is accepted');
select ok(:'r_fast' and :'r_same_rows', 'and stored by the fast path with the per-event path''s rows');

-- The edges of every range are inside it.
select * from tests.store_both_ways(format('[{"kind": "operation", "name": %s, "occurred_at": %s,
    "trace_id": %s, "environment": %s, "source": %s, "error_message": %s, "user_id": %s, "attributes": %s}]',
  to_jsonb(repeat('n', 200)), to_jsonb(to_char(now() at time zone 'UTC' + interval '5 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  to_jsonb(repeat('t', 64)), to_jsonb(repeat('e', 64)), to_jsonb(repeat('s', 64)), to_jsonb(repeat('m', 4000)),
  to_jsonb(repeat('u', 200)), jsonb_build_object('k', repeat('a', 8192 - 9)))::jsonb) \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 1, "rejected": []}'::jsonb, 'an event at the edge of every limit is accepted');
select ok(:'r_fast' and :'r_same_rows', 'and stored by the fast path with the per-event path''s row');

-- Nothing to store.
select * from tests.store_both_ways('[]') \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 0, "rejected": []}'::jsonb, 'an empty batch accepts nothing');
select is(:'r_chosen'::jsonb, :'r_per_event'::jsonb, 'as the per-event path answers');

-- The per-event path, called on its own, stores a clean batch with the same answer.
select is(vigil._store_each_event(gen_random_uuid(), '[{"kind": "log", "name": "three arguments"}]', null),
  '{"accepted": 1, "rejected": []}'::jsonb, 'the per-event path stores a clean batch too');

select * from finish();
rollback;
