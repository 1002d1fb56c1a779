-- timestamptz reads 'now', 'epoch', '24:00', a 60th second and forms without an offset; the per-event
-- path refuses them. The fast path takes occurred_at only in the form JavaScript's toISOString()
-- writes (proven by writing it back), and leaves every other spelling, valid or not, to the per-event
-- path: same answers, same rows.
begin;
select plan(4);

-- tests.store_both_ways (000-setup) stores each batch twice: as vigil._store_events chooses, and by
-- the per-event path; it says which path stored the rows.

create temporary table cases (n serial, at text, reason text);
with t(ts) as (select now() at time zone 'UTC' - interval '1 hour')
insert into cases (at, reason)
select v.at, v.reason from t, lateral (values
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), null),
  ('now', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  ('epoch', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  ('today', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  ('infinity', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  ('', 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts - interval '1 day', 'YYYY-MM-DD"T24:00:00.000Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI":60.000Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z "'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, '" "YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS".14 Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-"02-30T"HH24:MI:SS.MS"Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-"13-01T"HH24:MI:SS.MS"Z"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+15:00"'), 'occurred_at must be an ISO 8601 timestamp with a time zone'),
  (to_char(ts - interval '7 days 1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'occurred_at is more than 7 days in the past'),
  (to_char(ts + interval '1 hour 6 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'occurred_at is more than 5 minutes in the future'),
  -- Valid spellings other than toISOString's: stored, by the per-event path.
  (to_char(ts, 'YYYY-MM-DD"t"HH24:MI:SS.MS"Z"'), null),
  (to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS"Z"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"z"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"'), null),
  (to_char(ts + interval '5 hours 30 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+0530"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS".14Z"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), null),
  (to_char(ts, 'YYYY-MM-DD"T"HH24:MI"Z"'), null)
) v(at, reason);

create temporary table outcomes as
  select c.n, c.reason, o.*
  from cases c, tests.store_both_ways(jsonb_build_array('{"kind": "log", "name": "neighbour"}'::jsonb,
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', c.at))) o;

select * from tests.both_ways_agree('each spelling of occurred_at is accepted or rejected with its reason as before',
  'each batch stores the per-event path''s rows, occurred_at to the microsecond');
select results_eq('select n from outcomes where fast order by n', 'values (1)',
  'only toISOString''s own form is stored by the fast path');

select * from finish();
rollback;
