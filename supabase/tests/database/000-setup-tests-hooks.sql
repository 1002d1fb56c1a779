-- Test helpers every pgTAP file uses: users, and acting as anon, a user or the service role with the
-- role and `request.jwt.claims` PostgREST would set. Committed (not rolled back) so later files find
-- them; set_config(..., true) keeps each identity to the test's own transaction.
create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

create or replace function tests.create_user(p_email text) returns uuid
language sql
as $$
  insert into auth.users (id, email, role, aud)
  values (gen_random_uuid(), p_email, 'authenticated', 'authenticated')
  returning id
$$;

create or replace function tests.authenticate_as(p_user uuid) returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims',
    json_build_object('sub', p_user, 'role', 'authenticated', 'aud', 'authenticated')::text, true);
  perform set_config('role', 'authenticated', true);
end
$$;

create or replace function tests.authenticate_as_anon() returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
  perform set_config('role', 'anon', true);
end
$$;

create or replace function tests.authenticate_as_service_role() returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', json_build_object('role', 'service_role')::text, true);
  perform set_config('role', 'service_role', true);
end
$$;

create or replace function tests.clear_authentication() returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', '', true);
  set local role none;
end
$$;

-- A tenant with an admin, a viewer and an ingest key, built as the service role would.
create or replace function tests.make_tenant(p_slug text, out tenant_id uuid, out admin_id uuid,
                                             out viewer_id uuid, out operator_id uuid, out ingest_key text)
language plpgsql
as $$
begin
  admin_id := tests.create_user(p_slug || '-admin@example.com');
  viewer_id := tests.create_user(p_slug || '-viewer@example.com');
  operator_id := tests.create_user(p_slug || '-operator@example.com');
  tenant_id := (vigil_api.create_tenant(initcap(p_slug), p_slug, admin_id) ->> 'id')::uuid;
  perform vigil_api.add_member(tenant_id, viewer_id, 'viewer');
  perform vigil_api.add_member(tenant_id, operator_id, 'operator');
  ingest_key := vigil_api.create_ingest_key(tenant_id) ->> 'key';
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

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

begin;
select plan(1);
select has_function('tests', 'authenticate_as', array['uuid'], 'the test helpers are installed');
select * from finish();
rollback;
