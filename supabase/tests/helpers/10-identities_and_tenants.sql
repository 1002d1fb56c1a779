-- Test helpers every pgTAP file uses: users, and acting as anon, a user or the service role with the
-- role and `request.jwt.claims` PostgREST would set. The test runner installs the files of this folder,
-- in name order, once before pg_prove starts (as supabase-test-helpers is installed), so every file in
-- tests/database runs alone and in any order; set_config(..., true) keeps each identity to the test's
-- own transaction.
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
