-- Ingest: every event validated on its own, every valid one kept, batches refused whole only for
-- the key, the size caps and the budget. The limits here are the ones src/events.ts declares;
-- src/events.test.ts feeds one corpus to both and proves they agree.

-- The first key of an object in sort order: names the unknown field in a rejection.
create function vigil._first_key(p_object jsonb) returns text
language sql immutable
set search_path = ''
as $$ select pg_catalog.min(k) from pg_catalog.jsonb_object_keys(p_object) k $$;

-- Validates a batch and stores its valid events for one tenant. Returns {accepted, rejected}.
-- The batch-level checks (key, caps, budget) belong to the callers.
--
-- The per-event rules are one CASE expression inside one statement, in the order they are checked:
-- helper functions would each need `set search_path`, which stops PostgreSQL inlining them and
-- adds a configuration switch to every call of every event. PostgreSQL 15 has no
-- pg_input_is_valid, and an exception block per event would cost a subtransaction each, so
-- occurred_at's calendar is checked by hand before the cast.
create function vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) returns jsonb
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

  with batch as (
    select (o.i - 1)::integer as idx, o.e, pg_catalog.jsonb_typeof(o.e) as t,
           case when pg_catalog.jsonb_typeof(o.e -> 'occurred_at') = 'string' then
             pg_catalog.regexp_match(o.e ->> 'occurred_at',
               '^([12][0-9]{3})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(?:[Zz]|[+-]([0-9]{2}):?([0-9]{2}))$')
           end as m
    from pg_catalog.jsonb_array_elements(p_events) with ordinality o(e, i)
  ), parsed as (
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
comment on function vigil._store_events(uuid, jsonb, text[]) is
  'Validates each event of a batch on its own and stores the valid ones for a tenant; returns {accepted, rejected: [{index, reason}]}.';

-- The anonymous ingest path. Security definer because anon may not read keys or write events;
-- it trusts nothing but the key. Limits are enforced here, where a caller cannot skip them.
create function vigil._ingest(p_key text, p_events jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_key vigil.ingest_keys;
  v_count integer;
  v_used integer;
  v_result jsonb;
  v_text text;
  v_hash bytea;
begin
  if p_events is null or pg_catalog.jsonb_typeof(p_events) <> 'array' then
    raise exception using errcode = '22023', message = 'events must be a JSON array of event objects.';
  end if;
  v_count := pg_catalog.jsonb_array_length(p_events);
  -- 1,000 events or 1 MB: a browser batch is tens of events; more is a bug or abuse, refused whole.
  if v_count > 1000 then
    raise exception using errcode = 'PT413',
      message = pg_catalog.format('A batch holds at most 1000 events; this one has %s.', v_count),
      hint = 'Split the batch and send the parts separately.';
  end if;
  -- Rendered once: the cap is measured on it, and _store_events checks the events' JSON types on it.
  v_text := p_events::text;
  if pg_catalog.octet_length(v_text) > 1048576 then
    raise exception using errcode = 'PT413', message = 'A batch is at most 1 MB of JSON; this one is larger.',
      hint = 'Split the batch, or trim large attributes.';
  end if;

  v_hash := vigil._hash_key(coalesce(p_key, ''));
  select * into v_key from vigil.ingest_keys k
  where k.key_hash = v_hash
     or (k.previous_key_hash = v_hash and k.previous_valid_until > pg_catalog.now());
  if not found then
    raise exception using errcode = 'PT401', message = 'Unknown ingest key.',
      hint = 'Check the key the app sends; create one with vigil_api.create_ingest_key.';
  end if;
  if not v_key.enabled then
    raise exception using errcode = 'PT401', message = 'This ingest key is disabled.';
  end if;
  if v_count = 0 then
    return pg_catalog.jsonb_build_object('accepted', 0, 'rejected', '[]'::jsonb);
  end if;

  v_result := vigil._store_events(v_key.tenant_id, p_events, v_key.allowed_kinds, v_text);

  -- Counted last, so the row lock that serialises batches of one key is held only until commit.
  -- Raising here undoes the inserts above: an over-budget batch leaves nothing behind.
  insert into vigil.ingest_usage as u (key_id, minute, events)
  values (v_key.id, pg_catalog.date_trunc('minute', pg_catalog.now()), v_count)
  on conflict (key_id, minute) do update set events = u.events + excluded.events
  returning u.events into v_used;
  if v_used > v_key.events_per_minute then
    raise exception using errcode = 'PT429',
      message = pg_catalog.format('This ingest key is over its budget of %s events per minute.', v_key.events_per_minute),
      hint = 'Retry in the next minute, sample events in the SDK, or raise the key''s budget.';
  end if;
  return v_result;
end
$$;
grant execute on function vigil._ingest(text, jsonb) to anon, authenticated, service_role;

create function vigil_api.ingest(p_key text, p_events jsonb) returns jsonb
language sql volatile security invoker
set search_path = ''
as $$ select vigil._ingest(p_key, p_events) $$;
comment on function vigil_api.ingest(text, jsonb) is
$$Stores a batch of events sent with a public ingest key. Each event is validated on its own: the result is
{"accepted": n, "rejected": [{"index": i, "reason": "..."}]} and every valid event is kept. A whole batch is
refused with HTTP 401 (PT401: unknown or disabled key), 413 (PT413: over 1,000 events or 1 MB) or 429
(PT429: over the key's per-minute budget), and then nothing of it is stored.$$;
grant execute on function vigil_api.ingest(text, jsonb) to anon, authenticated, service_role;

-- One event from the service role or a member, without a key (a server, a trigger, a DBA).
create function vigil._track(p_tenant uuid, p_event jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if not exists (select 1 from vigil.tenants where id = p_tenant) then
    raise exception using errcode = 'P0002', message = 'No tenant has that id.';
  end if;
  v_result := vigil._store_events(p_tenant, pg_catalog.jsonb_build_array(p_event), null);
  if (v_result ->> 'accepted')::integer = 0 then
    raise exception using errcode = '22023', message = 'Invalid event: ' || (v_result -> 'rejected' -> 0 ->> 'reason') || '.';
  end if;
end
$$;
grant execute on function vigil._track(uuid, jsonb) to authenticated, service_role;

create function vigil_api.track(
  p_tenant uuid,
  p_kind text,
  p_name text,
  p_duration_ms double precision default null,
  p_success boolean default null,
  p_attributes jsonb default null,
  p_event jsonb default '{}'::jsonb
) returns void
language sql volatile security invoker
set search_path = ''
as $$
  select vigil._track(p_tenant, coalesce(p_event, '{}'::jsonb) || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
    'kind', p_kind, 'name', p_name, 'duration_ms', p_duration_ms, 'success', p_success, 'attributes', p_attributes)))
$$;
comment on function vigil_api.track(uuid, text, text, double precision, boolean, jsonb, jsonb) is
$$Records one event for a tenant without an ingest key: for the service role and tenant members. p_event may carry
any other event field (occurred_at, status_code, error_type, ...). An invalid event raises 22023 with the reason.
Example: select vigil_api.track('<tenant>', 'operation', 'checkout', 182.5, true);$$;
grant execute on function vigil_api.track(uuid, text, text, double precision, boolean, jsonb, jsonb) to authenticated, service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
