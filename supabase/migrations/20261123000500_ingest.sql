-- Ingest: every event validated on its own, every valid one kept, batches refused whole only for
-- the key, the size caps and the budget. The rules, their order and their reasons are the event contract's
-- (src/event-contract.ts); src/event-contract.test.ts checks these functions against it and runs a
-- property test of random events through both.

-- The first key of an object in code point order ("C", whatever the database's collation), as the SDK
-- sorts them: names the unknown field in a rejection.
create function vigil._first_key(p_object jsonb) returns text
language sql immutable
set search_path = ''
as $$ select pg_catalog.min(k collate "C") from pg_catalog.jsonb_object_keys(p_object) k $$;

-- What an event may hold, said once for both ways of storing a batch (the per-event path and the fast
-- path below); each caller reads them into constants once per batch. The event contract
-- (src/event-contract.ts) says the same, and a test holds the two together.
create function vigil._event_kinds() returns text[]
language sql immutable
set search_path = ''
as $$ select array['operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital', 'milestone', 'cache',
                   'fallback', 'log', 'db_metric', 'custom'] $$;
comment on function vigil._event_kinds() is 'The event kinds ingest accepts.';

create function vigil._event_fields() returns text[]
language sql immutable
set search_path = ''
as $$ select array['kind', 'name', 'occurred_at', 'duration_ms', 'value', 'success', 'status_code', 'error_type',
                   'error_message', 'fingerprint', 'user_id', 'session_id', 'trace_id', 'release', 'environment',
                   'source', 'attributes'] $$;
comment on function vigil._event_fields() is 'The fields an event may have; any other is rejected by name.';

-- What JavaScript's String.prototype.trim() removes, so "blank" means the same to the SDK's schema.
create function vigil._js_space() returns text
language sql immutable
set search_path = ''
as $$ select E' \t\n\u000b\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff' $$;
comment on function vigil._js_space() is 'The characters JavaScript''s trim() removes.';

-- The per-event path: validates each event of a batch on its own and stores the valid ones for one
-- tenant; returns {accepted, rejected}. The batch-level checks (key, caps, budget) belong to the callers.
--
-- The per-event rules are one CASE expression inside one statement, in the order they are checked:
-- helper functions would each need `set search_path`, which stops PostgreSQL inlining them and adds a
-- configuration switch to every call of every event. PostgreSQL 15 has no pg_input_is_valid, and an
-- exception block per event would cost a subtransaction each, so occurred_at is checked by its regular
-- expression (month, day up to 31, hour, minute, second, offset), and only days 29 to 31 against their
-- month, before the cast. Each field is looked up once (about 34 jsonb lookups an event), numbers are
-- read from jsonb straight into numeric (so 200.0 is a status and 1e-400 is 0), JSON null attributes
-- are stored as {}, blank means what JavaScript's trim() removes, and the rows go through one
-- materialised CTE (capture groups in an inlined CTE ran ~50 times an event).
--
-- enable_memoize is off for the function: the planner would put a Memoize node (a hash of every
-- field) between the two lateral subqueries, which costs more than it saves with one row per event.
create function vigil._store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) returns jsonb
language plpgsql
set search_path = ''
set enable_memoize = off
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_result jsonb;
  v_day date;
  v_kinds constant text[] := vigil._event_kinds();
  v_fields constant text[] := vigil._event_fields();
  v_space constant text := vigil._js_space();
begin
  -- Before any id is drawn, and held to the end of the transaction (see vigil.lock_events_for_writing).
  perform vigil.lock_events_for_writing();
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

  -- One pass, materialised because the insert and the list of rejections both read it. Each field is
  -- looked up once (f), as its JSON type and its value; occurred_at and the numbers are read once (p).
  -- OFFSET 0 keeps each lateral subquery from being inlined into every reference to its columns.
  with checked as materialized (
    select (o.i - 1)::integer as idx, f.*, p.*, case
      when f.t <> 'object' then 'event must be a JSON object'
      when f.unknown <> '{}'::jsonb then 'unknown field ' || vigil._first_key(f.unknown)
      when f.kind_t is distinct from 'string' then 'kind is required and must be a string'
      when f.kind <> all (v_kinds) then 'kind must be one of ' || pg_catalog.array_to_string(v_kinds, ', ')
      when p_allowed_kinds is not null and f.kind <> all (p_allowed_kinds)
        then 'kind ' || f.kind || ' is not allowed for this ingest key'
      when f.name_t is distinct from 'string' then 'name is required and must be a string'
      when pg_catalog.length(f.name) not between 1 and 200 then 'name must be 1 to 200 characters'
      when pg_catalog.btrim(f.name, v_space) = '' then 'name must not be blank'
      when f.name ~ '[\x01-\x1f\x7f-\x9f]' then 'name must contain only printable characters'
      when f.at_t not in ('string', 'null') or (f.at_t = 'string' and p.at is null)
        then 'occurred_at must be an ISO 8601 timestamp with a time zone'
      when p.at < v_now - interval '7 days' then 'occurred_at is more than 7 days in the past'
      when p.at > v_now + interval '5 minutes' then 'occurred_at is more than 5 minutes in the future'
      when f.duration_t not in ('number', 'null') then 'duration_ms must be a number'
      -- A number is judged as the double JavaScript reads it (200.0000000000000000001 is 200, 1e-400 is 0):
      -- exactly first, which settles every number JSON.stringify writes, and as a double only when that
      -- fails. The CASEs keep the cast from numbers a double cannot hold.
      when p.duration_n not between 0 and 86400000
        and case when pg_catalog.abs(p.duration_n) > 1e300 then true
                 when pg_catalog.abs(p.duration_n) < 2.4703282292062328e-324 then false
                 else p.duration_n::double precision not between 0 and 86400000 end
        then 'duration_ms must be between 0 and 86400000'
      when f.value_t not in ('number', 'null') then 'value must be a number'
      when pg_catalog.abs(p.value_n) > 1e15
        and case when pg_catalog.abs(p.value_n) > 1e300 then true
                 else pg_catalog.abs(p.value_n::double precision) > 1e15 end
        then 'value must be between -1e15 and 1e15'
      when f.success_t not in ('boolean', 'null') then 'success must be true or false'
      when f.status_t not in ('number', 'null')
        or ((p.status_n not between 100 and 599 or p.status_n <> pg_catalog.trunc(p.status_n))
            and case when pg_catalog.abs(p.status_n) > 1e300 or pg_catalog.abs(p.status_n) < 1 then true
                     else p.status_n::double precision not between 100 and 599
                       or p.status_n::double precision <> pg_catalog.trunc(p.status_n::double precision) end)
        then 'status_code must be an integer from 100 to 599'
      when f.attributes_t not in ('object', 'null') then 'attributes must be a JSON object'
      -- Deeper than 32 levels: only an object of at least 66 bytes with at least 33 brackets can be, so the
      -- path query runs only for those (a container at level 32 below the object is the 33rd level).
      when pg_catalog.octet_length(p.attributes_s) >= 66
        and pg_catalog.octet_length(p.attributes_s) - pg_catalog.octet_length(pg_catalog.translate(p.attributes_s, '{[', '')) > 32
        and pg_catalog.jsonb_path_exists(f.attributes, 'strict $.**{32 to last} ? (@.type() == "object" || @.type() == "array")')
        then 'attributes must be at most 32 levels deep'
      when pg_catalog.octet_length(p.attributes_s) > 8192 then 'attributes must be at most 8192 bytes'
      -- Text fields: a string when present, at most so many characters.
      when f.error_type_t not in ('string', 'null') then 'error_type must be a string'
      when pg_catalog.length(f.error_type) > 200 then 'error_type must be at most 200 characters'
      when f.error_message_t not in ('string', 'null') then 'error_message must be a string'
      when pg_catalog.length(f.error_message) > 4000 then 'error_message must be at most 4000 characters'
      when f.fingerprint_t not in ('string', 'null') then 'fingerprint must be a string'
      when pg_catalog.length(f.fingerprint) > 200 then 'fingerprint must be at most 200 characters'
      when f.user_id_t not in ('string', 'null') then 'user_id must be a string'
      when pg_catalog.length(f.user_id) > 200 then 'user_id must be at most 200 characters'
      when f.session_id_t not in ('string', 'null') then 'session_id must be a string'
      when pg_catalog.length(f.session_id) > 200 then 'session_id must be at most 200 characters'
      when f.trace_id_t not in ('string', 'null') then 'trace_id must be a string'
      when pg_catalog.length(f.trace_id) > 64 then 'trace_id must be at most 64 characters'
      when f.release_t not in ('string', 'null') then 'release must be a string'
      when pg_catalog.length(f.release) > 200 then 'release must be at most 200 characters'
      when f.environment_t not in ('string', 'null') then 'environment must be a string'
      when pg_catalog.length(f.environment) > 64 then 'environment must be at most 64 characters'
      when f.source_t not in ('string', 'null') then 'source must be a string'
      when pg_catalog.length(f.source) > 64 then 'source must be at most 64 characters'
    end as reason
    from pg_catalog.jsonb_array_elements(p_events) with ordinality o(e, i)
    cross join lateral (
      select pg_catalog.jsonb_typeof(o.e) as t,
           case when pg_catalog.jsonb_typeof(o.e) = 'object' then o.e - v_fields end as unknown,
           pg_catalog.jsonb_typeof(o.e -> 'kind') as kind_t, o.e ->> 'kind' as kind,
           pg_catalog.jsonb_typeof(o.e -> 'name') as name_t, o.e ->> 'name' as name,
           pg_catalog.jsonb_typeof(o.e -> 'occurred_at') as at_t, o.e ->> 'occurred_at' as at_s,
           pg_catalog.jsonb_typeof(o.e -> 'duration_ms') as duration_t, o.e -> 'duration_ms' as duration,
           pg_catalog.jsonb_typeof(o.e -> 'value') as value_t, o.e -> 'value' as value,
           pg_catalog.jsonb_typeof(o.e -> 'success') as success_t, o.e ->> 'success' as success,
           pg_catalog.jsonb_typeof(o.e -> 'status_code') as status_t, o.e -> 'status_code' as status,
           pg_catalog.jsonb_typeof(o.e -> 'attributes') as attributes_t, o.e -> 'attributes' as attributes,
           pg_catalog.jsonb_typeof(o.e -> 'error_type') as error_type_t, o.e ->> 'error_type' as error_type,
           pg_catalog.jsonb_typeof(o.e -> 'error_message') as error_message_t, o.e ->> 'error_message' as error_message,
           pg_catalog.jsonb_typeof(o.e -> 'fingerprint') as fingerprint_t, o.e ->> 'fingerprint' as fingerprint,
           pg_catalog.jsonb_typeof(o.e -> 'user_id') as user_id_t, o.e ->> 'user_id' as user_id,
           pg_catalog.jsonb_typeof(o.e -> 'session_id') as session_id_t, o.e ->> 'session_id' as session_id,
           pg_catalog.jsonb_typeof(o.e -> 'trace_id') as trace_id_t, o.e ->> 'trace_id' as trace_id,
           pg_catalog.jsonb_typeof(o.e -> 'release') as release_t, o.e ->> 'release' as release,
           pg_catalog.jsonb_typeof(o.e -> 'environment') as environment_t, o.e ->> 'environment' as environment,
           pg_catalog.jsonb_typeof(o.e -> 'source') as source_t, o.e ->> 'source' as source
      offset 0) f
    cross join lateral (
      -- occurred_at: the grammar and each part's range by one plain match (no capture is read), then
      -- days 29 to 31 against their month. A CASE, so the cast runs only on a real date and never
      -- raises. Numbers are read only when they are numbers, so their cast never raises either.
      select
           case
             when f.at_t is distinct from 'string' then null
             when f.at_s !~ '^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?([Zz]|[+-](0[0-9]|1[0-4]):?[0-5][0-9])$' then null
             when pg_catalog.substr(f.at_s, 9, 2) collate "C" > '28' and pg_catalog.substr(f.at_s, 9, 2)::int >
               case when pg_catalog.substr(f.at_s, 6, 2) = '02' then
                      case when pg_catalog.substr(f.at_s, 1, 4)::int % 4 = 0
                             and (pg_catalog.substr(f.at_s, 1, 4)::int % 100 <> 0 or pg_catalog.substr(f.at_s, 1, 4)::int % 400 = 0)
                           then 29 else 28 end
                    when pg_catalog.substr(f.at_s, 6, 2) in ('04', '06', '09', '11') then 30
                    else 31 end then null
             else f.at_s::timestamptz
           end as at,
           case when f.duration_t = 'number' then f.duration::numeric end as duration_n,
           case when f.value_t = 'number' then f.value::numeric end as value_n,
           case when f.status_t = 'number' then f.status::numeric end as status_n,
           case when f.attributes_t = 'object' then f.attributes::text end as attributes_s
      offset 0) p
  ), stored as (
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success,
                              status_code, error_type, error_message, fingerprint, user_id, session_id, trace_id,
                              release, environment, source, attributes)
    select p_tenant, c.kind, c.name, coalesce(c.at, v_now), v_now,
           -- Through numeric, as the checks read them: a number below a double's range (1e-400) is 0,
           -- as in JavaScript, instead of an error that would sink the whole batch.
           case when pg_catalog.abs(c.duration_n) < 1e-300 then 0 else c.duration_n::double precision end,
           case when pg_catalog.abs(c.value_n) < 1e-300 then 0 else c.value_n::double precision end,
           coalesce(c.success::boolean, c.kind <> 'error'),
           -- 200.0 is a valid status code: read as numeric, it casts to smallint.
           c.status_n::smallint, c.error_type, c.error_message, c.fingerprint,
           c.user_id, c.session_id, c.trace_id, c.release, c.environment,
           -- JSON null (allowed, meaning none) is stored as {}: the column always holds an object.
           c.source, case when c.attributes_t = 'object' then pg_catalog.jsonb_strip_nulls(c.attributes) else '{}'::jsonb end
    from checked c where c.reason is null
    returning 1
  )
  select pg_catalog.jsonb_build_object(
           'accepted', (select pg_catalog.count(*) from stored)::integer,
           'rejected', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('index', c.idx, 'reason', c.reason) order by c.idx)
                                 from checked c where c.reason is not null), '[]'::jsonb))
  into v_result;
  return v_result;
end
$$;
comment on function vigil._store_each_event(uuid, jsonb, text[]) is
  'Validates each event of a batch on its own and stores the valid ones for a tenant; returns {accepted, rejected: [{index, reason}]}.';

-- The fast path, for the common batch in which every event is valid. One regular expression over the batch's jsonb text checks every field's JSON
-- type, one statement over jsonb_to_recordset checks the values on typed columns and stores the whole
-- batch only if no event fails; a batch that is not entirely clean goes through the per-event path, so
-- reasons, their order and what is stored are the same either way. Measured on
-- 500-event batches shaped like the ingest bench's (median of repeated calls, shared 2-core machine):
-- the store went from ~11 ms by the per-event path to ~7 ms, against ~5 ms for the insert alone.
--
-- The batch's text is what vigil._ingest renders anyway for its 1 MB cap, so it is passed in rather
-- than rendered twice: the four-argument function takes it (null: render it here). Any batch the
-- fast path does not store goes to the per-event path, vigil._store_each_event, called, not copied. A clean batch needs no partition check of its
-- own either: the insert fails on a missing day (check_violation), and the per-event path creates it.

create function vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text)
returns jsonb
language plpgsql
set search_path = ''
set enable_memoize = off
as $$
declare
  v_now timestamptz := pg_catalog.now();
  v_stored integer;
  v_oldest timestamptz := v_now - interval '7 days';
  v_newest timestamptz := v_now + interval '5 minutes';
  v_kinds constant text[] := vigil._event_kinds();
  v_fields constant text[] := vigil._event_fields();
  v_space constant text := vigil._js_space();
begin
  -- Before any id is drawn and outside the block below, whose rollback would release it (see
  -- vigil.lock_events_for_writing).
  perform vigil.lock_events_for_writing();
  -- The fast path: a batch in which every event is clean is checked and stored by one statement over
  -- jsonb_to_recordset. It stores a batch whole or not at all, and only when the per-event path below
  -- would accept every one of its events and store the same rows; anything else (one bad event, a valid
  -- but unusual occurred_at, a value that does not cast) is left to the per-event path, which names
  -- each reason. jsonb_to_recordset's leniencies are closed before it runs or inside it:
  --  * it reads any JSON scalar into a text column (12 becomes '12'), "yes" and 1 into a boolean and
  --    "12" into a numeric: every field's JSON type is checked first, on the batch's text;
  --  * it ignores members it was not asked for: unknown fields are looked for with jsonb's minus;
  --  * timestamptz reads 'now', 'epoch', '24:00', ':60' and offset-less forms: occurred_at is taken
  --    only when it is exactly what JavaScript's toISOString() writes, proven by writing it back.
  begin
    if p_events_text is null then
      p_events_text := p_events::text;
    end if;
    -- jsonb renders every member as "key": value, so a member of the wrong JSON type shows as its
    -- key followed by a character that cannot begin an allowed value (strings begin with ", null with
    -- n). A nested member of the same name may match too: that only sends the batch the slow way.
    if p_events_text !~ '"(kind|name|occurred_at|error_type|error_message|fingerprint|user_id|session_id|trace_id|release|environment|source)": [^"n]|"(duration_ms|value|status_code)": [^-0-9n]|"success": [^tfn]|"attributes": [^{n]'
       and not exists (
         select 1 from pg_catalog.jsonb_array_elements(p_events) e
         where (e - v_fields) <> '{}'::jsonb)
    then
      with r as materialized (
        select x.*, t.at,
          coalesce(
                x.kind = any (v_kinds)
            and (p_allowed_kinds is null or x.kind = any (p_allowed_kinds))
            and pg_catalog.length(x.name) between 1 and 200
            and pg_catalog.btrim(x.name, v_space) <> ''
            and x.name !~ '[\x01-\x1f\x7f-\x9f]'
            and (x.occurred_at is null
                 or (pg_catalog.left(x.occurred_at, 1) in ('1', '2')
                     and pg_catalog.to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') = x.occurred_at
                     and t.at between v_oldest and v_newest))
            and (x.duration_ms is null or x.duration_ms between 0 and 86400000)
            and (x.value is null or pg_catalog.abs(x.value) <= 1e15)
            and (x.status_code is null or (x.status_code between 100 and 599 and x.status_code = pg_catalog.trunc(x.status_code)))
            -- Under 66 bytes, or at most 32 brackets, cannot nest 33 deep; more (rare) is left to the
            -- per-event path's exact check.
            and (x.attributes is null
                 or (pg_catalog.octet_length(t.attributes_s) <= 8192
                     and (pg_catalog.octet_length(t.attributes_s) < 66
                          or pg_catalog.octet_length(t.attributes_s) - pg_catalog.octet_length(pg_catalog.translate(t.attributes_s, '{[', '')) <= 32)))
            and pg_catalog.length(x.error_type) <= 200 is not false
            and pg_catalog.length(x.error_message) <= 4000 is not false
            and pg_catalog.length(x.fingerprint) <= 200 is not false
            and pg_catalog.length(x.user_id) <= 200 is not false
            and pg_catalog.length(x.session_id) <= 200 is not false
            and pg_catalog.length(x.trace_id) <= 64 is not false
            and pg_catalog.length(x.release) <= 200 is not false
            and pg_catalog.length(x.environment) <= 64 is not false
            and pg_catalog.length(x.source) <= 64 is not false,
            false) as ok
        from pg_catalog.jsonb_to_recordset(p_events) as x(kind text, name text, occurred_at text, duration_ms numeric,
            value numeric, success boolean, status_code numeric, error_type text, error_message text,
            fingerprint text, user_id text, session_id text, trace_id text, release text, environment text,
            source text, attributes jsonb)
        -- OFFSET 0: occurred_at is cast and attributes rendered once, not once for every reference.
        cross join lateral (select x.occurred_at::timestamptz as at, x.attributes::text as attributes_s offset 0) t
      )
      insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success,
                                status_code, error_type, error_message, fingerprint, user_id, session_id, trace_id,
                                release, environment, source, attributes)
      select p_tenant, r.kind, r.name, coalesce(r.at, v_now), v_now,
             case when pg_catalog.abs(r.duration_ms) < 1e-300 then 0 else r.duration_ms::double precision end,
             case when pg_catalog.abs(r.value) < 1e-300 then 0 else r.value::double precision end,
             coalesce(r.success, r.kind <> 'error'),
             r.status_code::smallint, r.error_type, r.error_message, r.fingerprint,
             r.user_id, r.session_id, r.trace_id, r.release, r.environment,
             r.source, case when r.attributes is null then '{}'::jsonb else pg_catalog.jsonb_strip_nulls(r.attributes) end
      from r
      where not exists (select 1 from r where not r.ok);
      get diagnostics v_stored = row_count;
      if v_stored = pg_catalog.jsonb_array_length(p_events) then
        return pg_catalog.jsonb_build_object('accepted', v_stored, 'rejected', '[]'::jsonb);
      end if;
    end if;
  exception when data_exception or check_violation then
    -- Something did not cast (an impossible date, a number below a double's range, an element that
    -- is not an object), or a day has no partition yet: nothing was stored, and the per-event path
    -- gives each event its reason (and creates the day).
    null;
  end;

  return vigil._store_each_event(p_tenant, p_events, p_allowed_kinds);
end
$$;
comment on function vigil._store_events(uuid, jsonb, text[], text) is
  'Validates each event of a batch on its own and stores the valid ones for a tenant; returns {accepted, rejected: [{index, reason}]}. p_events_text must be exactly p_events::text (the JSON types are checked on it) or null (rendered here). A batch whose events are all valid is stored by one statement; any other by the per-event path, vigil._store_each_event.';


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
  insert into vigil.ingest_usage as u (tenant_id, key_id, minute, events)
  values (v_key.tenant_id, v_key.id, pg_catalog.date_trunc('minute', pg_catalog.now()), v_count)
  on conflict (tenant_id, key_id, minute) do update set events = u.events + excluded.events
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
  v_result := vigil._store_each_event(p_tenant, pg_catalog.jsonb_build_array(p_event), null);
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
