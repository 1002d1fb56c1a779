-- Helpers of the ingest and statistics tests: one batch stored both ways, and a window counted from raw events.

-- Stores one batch twice, for two fresh tenants: once as vigil._store_events chooses (the fast path
-- when the batch is clean) and once forced down the per-event path (a batch text showing a member of
-- the wrong JSON type sends any batch that way). Rows written by the fast path carry the xid of its
-- subtransaction, so xmin tells which path stored them.
create or replace function tests.store_both_ways(p_events jsonb, p_kinds text[] default null,
  out chosen jsonb, out per_event jsonb, out same_rows boolean, out fast boolean, out slow boolean)
language plpgsql as $$
declare
  v_a uuid := gen_random_uuid();
  v_b uuid := gen_random_uuid();
  v_top text := (pg_current_xact_id()::text::bigint % 4294967296)::text;
begin
  chosen := vigil._store_events(v_a, p_events, p_kinds, null);
  per_event := vigil._store_events(v_b, p_events, p_kinds, '"name": 0');
  same_rows := (select string_agg(row(kind, name, occurred_at, received_at, duration_ms, value, success, status_code, error_type,
                   error_message, fingerprint, user_id, session_id, trace_id, release, environment, source, attributes)::text, E'\n' order by id)
                from vigil.events where tenant_id = v_a)
       is not distinct from
               (select string_agg(row(kind, name, occurred_at, received_at, duration_ms, value, success, status_code, error_type,
                   error_message, fingerprint, user_id, session_id, trace_id, release, environment, source, attributes)::text, E'\n' order by id)
                from vigil.events where tenant_id = v_b);
  fast := coalesce((select bool_and(xmin::text <> v_top) from vigil.events where tenant_id = v_a), false);
  slow := coalesce((select bool_and(xmin::text = v_top) from vigil.events where tenant_id = v_b), true);
end
$$;

-- What the stats of a window must count, from the raw events alone: events, failures, min and max ms.
create or replace function tests.raw_window(p_tenant uuid, p_since timestamptz, p_until timestamptz,
  out count bigint, out errors bigint, out min_ms double precision, out max_ms double precision)
language sql stable
as $$
  select count(*), count(*) filter (where not e.success), min(e.duration_ms), max(e.duration_ms)
  from vigil.events e where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
$$;

-- ingest's answer to one batch, sent as anon with p_key (no identity is left set).
create or replace function tests.ingest_as_anon(p_key text, p_events jsonb) returns jsonb
language plpgsql as $$
declare
  v_answer jsonb;
begin
  perform tests.authenticate_as_anon();
  v_answer := vigil_api.ingest(p_key, p_events);
  perform tests.clear_authentication();
  return v_answer;
end
$$;

-- The test of one event rule: ingest answers that the events at p_rejected (by default every one) are
-- rejected for p_reason and the others accepted. Described as "<p_what>: <p_reason>".
create or replace function tests.ingest_rejects(p_key text, p_events jsonb, p_reason text, p_what text,
                                                p_rejected integer[] default null) returns text
language plpgsql as $$
declare
  v_rejected integer[] := coalesce(p_rejected, array(select generate_series(0, jsonb_array_length(p_events) - 1)));
begin
  return is(tests.ingest_as_anon(p_key, p_events),
            jsonb_build_object('accepted', jsonb_array_length(p_events) - cardinality(v_rejected),
                               'rejected', coalesce((select jsonb_agg(jsonb_build_object('index', i, 'reason', p_reason) order by i)
                                                     from unnest(v_rejected) i), '[]'::jsonb)),
            p_what || ': ' || p_reason);
end
$$;

-- The three checks of a table of cases stored both ways: the temporary tables cases (n, reason: null
-- when the case's event is valid) and outcomes (n and the columns of tests.store_both_ways, one row
-- per case, each batch the event after a valid neighbour). Each answer is the neighbour accepted and
-- the event accepted or rejected for its reason (p_answers), the same as the per-event path's, with
-- the same rows stored (p_rows).
create or replace function tests.both_ways_agree(p_answers text, p_rows text default 'each batch stores the per-event path''s rows')
returns setof text
language plpgsql as $$
begin
  return next results_eq('select n, chosen from outcomes order by n',
    $q$select n, case when reason is null then '{"accepted": 2, "rejected": []}'::jsonb
                      else jsonb_build_object('accepted', 1, 'rejected', jsonb_build_array(jsonb_build_object('index', 1, 'reason', reason))) end
       from cases order by n$q$,
    p_answers);
  return next is_empty('select n from outcomes where chosen is distinct from per_event', 'each answer is the per-event path''s answer');
  return next is_empty('select n from outcomes where not same_rows', p_rows);
end
$$;

-- After a refused batch: the tenant has no event and its keys counted nothing against their budget.
create or replace function tests.nothing_stored(p_tenant uuid) returns text
language sql as $$
  select is_empty(format('select 1 from vigil.events where tenant_id = %1$L union all select 1 from vigil.ingest_usage u
                          join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = %1$L', p_tenant),
                  'nothing was stored or counted')
$$;

-- vigil.window_stats over [p_since, p_until) counts, fails, min and max as the raw events do.
create or replace function tests.window_is_raw(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_what text) returns text
language sql as $$
  select results_eq(format('select count, errors, min_ms, max_ms from vigil.window_stats(%L, %L, %L)', p_tenant, p_since, p_until),
                    format('select * from tests.raw_window(%L, %L, %L)', p_tenant, p_since, p_until), p_what)
$$;

-- The test of a batch ingest refuses whole: sent as anon with p_key, it raises p_code with p_message.
-- Described as "<p_what>: <p_code>".
create or replace function tests.ingest_refuses(p_key text, p_events jsonb, p_code text, p_message text, p_what text) returns text
language plpgsql as $$
declare
  v_result text;
begin
  perform tests.authenticate_as_anon();
  v_result := throws_ok(format('select vigil_api.ingest(%L, %L)', p_key, p_events), p_code, p_message, p_what || ': ' || p_code);
  perform tests.clear_authentication();
  return v_result;
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

-- The definition of a rollup row, from the raw events alone, for the fold's exactness tests: the events
-- of p_tenants added up per grain and bucket with vigil._hist_key and vigil._hist_coarse, per name
-- (p_by_name: the rows of vigil.rollups, minute rows from rollup_state.minute_from on) or over every
-- name of a kind (the rows of vigil.kind_rollups: 5 minutes and up, name ''). The columns are a rollup
-- table's, sum_ms rounded to 6 places: a test compares them with the table's rows by EXCEPT both ways.
create or replace function tests.expected_rollups(p_tenants uuid[], p_by_name boolean)
returns table (tenant_id uuid, grain smallint, bucket_start timestamptz, kind text, name text, count bigint, errors bigint,
               timed bigint, sum_ms numeric, min_ms double precision, max_ms double precision, hist_keys smallint[],
               hist_counts integer[], coarse_keys smallint[], coarse_counts integer[], coarse_starts integer[],
               fail_keys smallint[], fail_counts integer[], error_types jsonb)
language sql stable as $$
with g as (
  select e.tenant_id, e.kind, case when p_by_name then e.name else ''::text collate "C" end as name, e.duration_ms, e.success,
         e.error_type, vigil._hist_key(e.duration_ms) hk, w.grain, date_bin(w.width, e.occurred_at, timestamptz '2000-01-01 00:00:00+00') b
  from vigil.events e
  cross join (values (1::smallint, interval '1 minute'), (5::smallint, interval '5 minutes'),
                     (15::smallint, interval '15 minutes'), (60::smallint, interval '1 hour'),
                     (360::smallint, interval '6 hours')) w(grain, width)
  where e.tenant_id = any (p_tenants)
    -- Minute rows only per name, and only where the pass keeps them.
    and (w.grain > 1 or p_by_name and date_bin(w.width, e.occurred_at, timestamptz '2000-01-01 00:00:00+00') >= (select minute_from from vigil.rollup_state))
), h as (
  select tenant_id, grain, b, kind, name, array_agg(hk order by hk) keys, array_agg(n order by hk) counts,
         coalesce(array_agg(hk order by hk) filter (where f > 0), '{}') fkeys, coalesce(array_agg(f order by hk) filter (where f > 0), '{}') fcounts
  from (select tenant_id, grain, b, kind, name, hk, count(*)::int n, (count(*) filter (where not success))::int f
        from g where hk is not null group by 1, 2, 3, 4, 5, 6) x
  group by 1, 2, 3, 4, 5
), t as (
  select tenant_id, grain, b, kind, name, count(*) c, count(*) filter (where not success) er, count(duration_ms) tm,
         coalesce(sum(duration_ms), 0) sm, min(duration_ms) mn, max(duration_ms) mx
  from g group by 1, 2, 3, 4, 5
), et as (
  select tenant_id, grain, b, kind, name, jsonb_object_agg(ty, n) types
  from (select tenant_id, grain, b, kind, name, coalesce(error_type, 'unknown') ty, count(*) n from g where not success group by 1, 2, 3, 4, 5, 6) x
  group by 1, 2, 3, 4, 5
)
select t.tenant_id, t.grain, t.b, t.kind, t.name, t.c, t.er, t.tm, round(t.sm::numeric, 6), t.mn, t.mx,
       coalesce(h.keys, '{}'), coalesce(h.counts, '{}'), coalesce(c.keys, '{}'), coalesce(c.counts, '{}'),
       coalesce(c.starts, '{}'), coalesce(h.fkeys, '{}'), coalesce(h.fcounts, '{}'), coalesce(et.types, '{}')
from t left join h using (tenant_id, grain, b, kind, name) left join et using (tenant_id, grain, b, kind, name)
left join lateral vigil._hist_coarse(h.keys, h.counts) c on true
$$;

