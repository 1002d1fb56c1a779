-- A faster vigil._store_events, same signature and behaviour. Profiled at 500 events per call:
-- 0.73 s, nearly all of it in the validation CTE, because PostgreSQL inlined the `batch` and
-- `parsed` CTEs into every place that read their columns, so the occurred_at regexp_match and
-- the timestamp CASE ran once per reference (a dozen references each) rather than once per event.
-- Materializing the two CTEs keeps every rule and message as it was and took the same batch to
-- 0.045 s (about 16x). Of what remained, half was regexp_match: with capture groups PostgreSQL's
-- regex engine took 24 us a string, a plain match 2.4 us; the fields are now cut out by position. The foundation's ingest tests and the zod/SQL corpus test cover it unchanged.

create or replace function vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_accepted integer;
  v_rejected jsonb;
  v_day date;
begin
  -- The accepted window spans at most 9 UTC days; make sure each has its partition.
  for v_day in
    select d::date from pg_catalog.generate_series((v_now - interval '7 days') at time zone 'UTC',
                                                   (v_now + interval '5 minutes') at time zone 'UTC', interval '1 day') d
    union select ((v_now + interval '5 minutes') at time zone 'UTC')::date
  loop
    if pg_catalog.to_regclass('vigil.' || vigil._partition_name(v_day)) is null then
      perform vigil._ensure_partition(v_day);
    end if;
  end loop;

  -- Materialized: inlined, the regexp_match result m and the parsed timestamp `at` were recomputed
  -- at every reference (about 50 regex runs per event); computed once they cost one each.
  with batch as materialized (
    select (o.i - 1)::integer as idx, o.e, pg_catalog.jsonb_typeof(o.e) as t,
           -- The same pattern as before, matched without capture groups (PostgreSQL's regex engine
           -- runs ten times faster without them); a string that matches has its fields at fixed places.
           case when pg_catalog.jsonb_typeof(o.e -> 'occurred_at') = 'string'
                 and (o.e ->> 'occurred_at') ~ '^[12][0-9]{3}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})$'
             then (select array[pg_catalog.substr(t.s, 1, 4), pg_catalog.substr(t.s, 6, 2), pg_catalog.substr(t.s, 9, 2),
                                pg_catalog.substr(t.s, 12, 2), pg_catalog.substr(t.s, 15, 2),
                                case when pg_catalog.substr(t.s, 17, 1) = ':' then pg_catalog.substr(t.s, 18, 2) end,
                                case when pg_catalog.right(t.s, 1) in ('Z', 'z') then null
                                     when pg_catalog.substr(t.s, pg_catalog.length(t.s) - 2, 1) = ':'
                                       then pg_catalog.substr(t.s, pg_catalog.length(t.s) - 4, 2)
                                     else pg_catalog.substr(t.s, pg_catalog.length(t.s) - 3, 2) end,
                                case when pg_catalog.right(t.s, 1) in ('Z', 'z') then null else pg_catalog.right(t.s, 2) end]
                   from (select o.e ->> 'occurred_at' s) t)
           end as m
    from pg_catalog.jsonb_array_elements(p_events) with ordinality o(e, i)
  ), parsed as materialized (
    select b.idx, b.e, b.t,
           -- A CASE, not AND, so each check is sure to run only after the one before it passed.
           case
             when b.m is null then null
             when b.m[2]::int not between 1 and 12 then null
             when b.m[3]::int not between 1 and pg_catalog.date_part('day',
                    pg_catalog.make_date(b.m[1]::int, b.m[2]::int, 1) + interval '1 month - 1 day') then null
             when b.m[4]::int > 23 or b.m[5]::int > 59 or coalesce(b.m[6]::int, 0) > 59
               or coalesce(b.m[7]::int, 0) > 14 or coalesce(b.m[8]::int, 0) > 59 then null
             else (b.e ->> 'occurred_at')::timestamptz
           end as at
    from batch b
  ), checked as (
    select p.idx, p.e, p.at, case
      when p.t <> 'object' then 'event must be a JSON object'
      when (p.e - array['kind', 'name', 'occurred_at', 'duration_ms', 'value', 'success', 'status_code',
                        'error_type', 'error_message', 'fingerprint', 'user_id', 'session_id', 'trace_id',
                        'release', 'environment', 'source', 'attributes']) <> '{}'::jsonb
        then 'unknown field ' || vigil._first_key(p.e - array['kind', 'name', 'occurred_at', 'duration_ms', 'value',
          'success', 'status_code', 'error_type', 'error_message', 'fingerprint', 'user_id', 'session_id', 'trace_id',
          'release', 'environment', 'source', 'attributes'])
      when pg_catalog.jsonb_typeof(p.e -> 'kind') is distinct from 'string' then 'kind is required and must be a string'
      when (p.e ->> 'kind') not in ('operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital',
                                    'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')
        then 'kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom'
      when p_allowed_kinds is not null and (p.e ->> 'kind') <> all (p_allowed_kinds)
        then 'kind ' || (p.e ->> 'kind') || ' is not allowed for this ingest key'
      when pg_catalog.jsonb_typeof(p.e -> 'name') is distinct from 'string' then 'name is required and must be a string'
      when pg_catalog.length(p.e ->> 'name') not between 1 and 200 then 'name must be 1 to 200 characters'
      when pg_catalog.btrim(p.e ->> 'name') = '' then 'name must not be blank'
      when (p.e ->> 'name') ~ '[\x01-\x1f\x7f-\x9f]' then 'name must contain only printable characters'
      when pg_catalog.jsonb_typeof(p.e -> 'occurred_at') not in ('string', 'null')
        or (pg_catalog.jsonb_typeof(p.e -> 'occurred_at') = 'string' and p.at is null)
        then 'occurred_at must be an ISO 8601 timestamp with a time zone'
      when p.at < v_now - interval '7 days' then 'occurred_at is more than 7 days in the past'
      when p.at > v_now + interval '5 minutes' then 'occurred_at is more than 5 minutes in the future'
      when pg_catalog.jsonb_typeof(p.e -> 'duration_ms') not in ('number', 'null') then 'duration_ms must be a number'
      when pg_catalog.jsonb_typeof(p.e -> 'duration_ms') = 'number'
        and (p.e -> 'duration_ms')::numeric not between 0 and 86400000
        then 'duration_ms must be between 0 and 86400000'
      when pg_catalog.jsonb_typeof(p.e -> 'value') not in ('number', 'null') then 'value must be a number'
      when pg_catalog.jsonb_typeof(p.e -> 'value') = 'number' and pg_catalog.abs((p.e -> 'value')::numeric) > 1e15
        then 'value must be between -1e15 and 1e15'
      when pg_catalog.jsonb_typeof(p.e -> 'success') not in ('boolean', 'null') then 'success must be true or false'
      when pg_catalog.jsonb_typeof(p.e -> 'status_code') not in ('number', 'null')
        or (pg_catalog.jsonb_typeof(p.e -> 'status_code') = 'number'
            and ((p.e -> 'status_code')::numeric not between 100 and 599
                 or (p.e -> 'status_code')::numeric <> pg_catalog.trunc((p.e -> 'status_code')::numeric)))
        then 'status_code must be an integer from 100 to 599'
      when pg_catalog.jsonb_typeof(p.e -> 'attributes') not in ('object', 'null') then 'attributes must be a JSON object'
      when pg_catalog.octet_length((p.e -> 'attributes')::text) > 8192 then 'attributes must be at most 8192 bytes'
      -- Text fields: a string when present, at most so many characters.
      when pg_catalog.jsonb_typeof(p.e -> 'error_type') not in ('string', 'null') then 'error_type must be a string'
      when pg_catalog.length(p.e ->> 'error_type') > 200 then 'error_type must be at most 200 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'error_message') not in ('string', 'null') then 'error_message must be a string'
      when pg_catalog.length(p.e ->> 'error_message') > 4000 then 'error_message must be at most 4000 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'fingerprint') not in ('string', 'null') then 'fingerprint must be a string'
      when pg_catalog.length(p.e ->> 'fingerprint') > 200 then 'fingerprint must be at most 200 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'user_id') not in ('string', 'null') then 'user_id must be a string'
      when pg_catalog.length(p.e ->> 'user_id') > 200 then 'user_id must be at most 200 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'session_id') not in ('string', 'null') then 'session_id must be a string'
      when pg_catalog.length(p.e ->> 'session_id') > 200 then 'session_id must be at most 200 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'trace_id') not in ('string', 'null') then 'trace_id must be a string'
      when pg_catalog.length(p.e ->> 'trace_id') > 64 then 'trace_id must be at most 64 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'release') not in ('string', 'null') then 'release must be a string'
      when pg_catalog.length(p.e ->> 'release') > 200 then 'release must be at most 200 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'environment') not in ('string', 'null') then 'environment must be a string'
      when pg_catalog.length(p.e ->> 'environment') > 64 then 'environment must be at most 64 characters'
      when pg_catalog.jsonb_typeof(p.e -> 'source') not in ('string', 'null') then 'source must be a string'
      when pg_catalog.length(p.e ->> 'source') > 64 then 'source must be at most 64 characters'
    end as reason
    from parsed p
  ), stored as (
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success,
                              status_code, error_type, error_message, fingerprint, user_id, session_id, trace_id,
                              release, environment, source, attributes)
    select p_tenant, c.e ->> 'kind', c.e ->> 'name', coalesce(c.at, v_now), v_now,
           (c.e ->> 'duration_ms')::double precision, (c.e ->> 'value')::double precision,
           coalesce((c.e ->> 'success')::boolean, (c.e ->> 'kind') <> 'error'),
           (c.e ->> 'status_code')::smallint, c.e ->> 'error_type', c.e ->> 'error_message', c.e ->> 'fingerprint',
           c.e ->> 'user_id', c.e ->> 'session_id', c.e ->> 'trace_id', c.e ->> 'release', c.e ->> 'environment',
           c.e ->> 'source', coalesce(pg_catalog.jsonb_strip_nulls(c.e -> 'attributes'), '{}'::jsonb)
    from checked c where c.reason is null
    returning 1
  )
  select (select pg_catalog.count(*) from stored)::integer,
         coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('index', c.idx, 'reason', c.reason) order by c.idx)
                   from checked c where c.reason is not null), '[]'::jsonb)
  into v_accepted, v_rejected;

  return pg_catalog.jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected);
end
$$;
revoke execute on all functions in schema vigil, vigil_api from public;
