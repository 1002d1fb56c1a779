-- Rule: occurred_at, when given, is an ISO 8601 timestamp with a time zone and a real calendar date
-- (no February 30th: PostgreSQL would refuse the cast, and one bad event must not sink its batch).
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_

select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "x", "occurred_at": "2026-02-30T10:00:00Z"},
    {"kind": "log", "name": "x", "occurred_at": "2025-02-29T10:00:00Z"}, {"kind": "log", "name": "x", "occurred_at": "2026-04-31T10:00:00Z"},
    {"kind": "log", "name": "x", "occurred_at": "2026-13-01T10:00:00Z"}, {"kind": "log", "name": "x", "occurred_at": "2026-00-10T10:00:00Z"}]',
  'occurred_at must be an ISO 8601 timestamp with a time zone', 'February 30th, February 29th of a common year, April 31st, month 13 and month 0 are rejected');

select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "x", "occurred_at": "2026-11-20T24:00:00Z"},
    {"kind": "log", "name": "x", "occurred_at": "2026-11-20T10:60:00Z"}, {"kind": "log", "name": "x", "occurred_at": "2026-11-20T10:00:60Z"},
    {"kind": "log", "name": "x", "occurred_at": "2026-11-20T10:00:00+15:00"}, {"kind": "log", "name": "x", "occurred_at": "2026-11-20T10:00:00+01:60"}]',
  'occurred_at must be an ISO 8601 timestamp with a time zone', 'hour 24, minute 60, second 60 and offsets beyond 14:59 are rejected');

select tests.ingest_rejects(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD')),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', 'yesterday'),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', ''),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', extract(epoch from now())::bigint * 1000)),
  'occurred_at must be an ISO 8601 timestamp with a time zone', 'a time without a zone, a bare date, a word, an empty string and epoch milliseconds are rejected');

select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "x", "occurred_at": true}, {"kind": "log", "name": "x", "occurred_at": {"at": 1}}]',
  'occurred_at must be an ISO 8601 timestamp with a time zone', 'a boolean or an object is rejected');

select is(tests.ingest_as_anon(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'Z and microseconds', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
    jsonb_build_object('kind', 'log', 'name', 'no seconds', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')),
    jsonb_build_object('kind', 'log', 'name', 'offset with colon', 'occurred_at', to_char((now() at time zone 'UTC') + interval '5 hours 30 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"+05:30"')),
    jsonb_build_object('kind', 'log', 'name', 'offset without colon', 'occurred_at', to_char((now() at time zone 'UTC') - interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS"-0800"')),
    jsonb_build_object('kind', 'log', 'name', 'space and lower case', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS"z"')),
    jsonb_build_object('kind', 'log', 'name', 'nanoseconds', 'occurred_at', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"000Z"')),
    jsonb_build_object('kind', 'log', 'name', 'PostgreSQL JSON', 'occurred_at', now()),
    jsonb_build_object('kind', 'log', 'name', 'null', 'occurred_at', null))),
  '{"accepted": 8, "rejected": []}'::jsonb,
  'Z, offsets with and without a colon, no seconds, a space, lower case, nanoseconds and null are accepted');

select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id' and occurred_at between date_trunc('minute', now()) and now()), 8,
  'each accepted form was read as the same moment');

select * from finish();
rollback;
