-- One bad event anywhere in a batch sends the whole batch down the per-event path: the fast path
-- stores nothing, and the answer (indexes, reasons, their order) and the rows are the per-event path's.
begin;
select plan(12);

-- tests.store_both_ways (000-setup) stores each batch twice: as vigil._store_events chooses, and by
-- the per-event path; it says which path stored the rows.

select * from tests.store_both_ways('[{"kind": "operation", "name": "first", "duration_ms": 12},
    {"kind": "operation", "name": "bad", "duration_ms": -1},
    {"kind": "api_call", "name": "second", "status_code": 200},
    {"kind": "bogus", "name": "bad"},
    {"kind": "error", "name": "third"}]') \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 3, "rejected": [{"index": 1, "reason": "duration_ms must be between 0 and 86400000"},
    {"index": 3, "reason": "kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom"}]}'::jsonb,
  'a mixed batch accepts the valid events and names the bad ones by index and reason');
select is(:'r_chosen'::jsonb, :'r_per_event'::jsonb, 'the answer is the per-event path''s answer');
select ok(not :'r_fast', 'the fast path stores nothing of a mixed batch');
select ok(:'r_same_rows', 'the rows stored are the per-event path''s rows');

-- The bad event first, last, or failing only a late rule.
select * from tests.store_both_ways('[{"kind": "log", "name": ""}, {"kind": "log", "name": "ok"}]') \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 1, "rejected": [{"index": 0, "reason": "name must be 1 to 200 characters"}]}'::jsonb,
  'a bad first event is named and the second stored');
select ok(not :'r_fast' and :'r_same_rows', 'by the per-event path, with its rows');

select * from tests.store_both_ways(format('[{"kind": "log", "name": "ok"}, {"kind": "log", "name": "late", "source": %s}]',
  to_jsonb(repeat('s', 65)))::jsonb) \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 1, "rejected": [{"index": 1, "reason": "source must be at most 64 characters"}]}'::jsonb,
  'an event failing only the last rule is named');
select ok(not :'r_fast' and :'r_same_rows', 'by the per-event path, with its rows');

-- A kind the key does not allow is a bad event like any other.
select * from tests.store_both_ways('[{"kind": "page_view", "name": "/"}, {"kind": "operation", "name": "x"}]', array['page_view']) \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 1, "rejected": [{"index": 1, "reason": "kind operation is not allowed for this ingest key"}]}'::jsonb,
  'a kind outside the key''s allowed kinds is rejected by name');
select ok(not :'r_fast' and :'r_same_rows', 'by the per-event path, with its rows');

-- Every event bad.
select * from tests.store_both_ways('[{"kind": "log", "name": "a", "duration_ms": 86400001}, {"name": "b"}]') \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 0, "rejected": [{"index": 0, "reason": "duration_ms must be between 0 and 86400000"},
    {"index": 1, "reason": "kind is required and must be a string"}]}'::jsonb, 'a batch of bad events accepts nothing and names each');
select is(:'r_chosen'::jsonb, :'r_per_event'::jsonb, 'as the per-event path answers');

select * from finish();
rollback;
