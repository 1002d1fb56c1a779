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

-- anon or service_role: a request with that role's JWT and no user.
create or replace function tests.authenticate_as_role(p_role text) returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', json_build_object('role', p_role)::text, true);
  perform set_config('role', p_role, true);
end
$$;

create or replace function tests.authenticate_as_anon() returns void
language sql
as $$ select tests.authenticate_as_role('anon') $$;

create or replace function tests.authenticate_as_service_role() returns void
language sql
as $$ select tests.authenticate_as_role('service_role') $$;

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

-- The cast of the access tests: tenant a and tenant b as tests.make_tenant makes them, and a signed-in
-- user of neither (slugs and e-mail from p_prefix). `select * from tests.make_two_tenants() \gset` names
-- a_tenant_id ... a_ingest_key, b_tenant_id ... b_ingest_key and stranger; tests.refused_below finds
-- them again for the transaction.
create or replace function tests.make_two_tenants(p_prefix text default 'test',
  out a_tenant_id uuid, out a_admin_id uuid, out a_viewer_id uuid, out a_operator_id uuid, out a_ingest_key text,
  out b_tenant_id uuid, out b_admin_id uuid, out b_viewer_id uuid, out b_operator_id uuid, out b_ingest_key text,
  out stranger uuid)
language plpgsql
as $$
begin
  select * into a_tenant_id, a_admin_id, a_viewer_id, a_operator_id, a_ingest_key from tests.make_tenant(p_prefix || '-acme');
  select * into b_tenant_id, b_admin_id, b_viewer_id, b_operator_id, b_ingest_key from tests.make_tenant(p_prefix || '-other');
  stranger := tests.create_user(p_prefix || '-stranger@example.com');
  perform set_config('tests.cast', json_build_object('viewer', a_viewer_id, 'operator', a_operator_id,
                                                     'stranger', stranger, 'other_admin', b_admin_id)::text, true);
end
$$;

-- The refusals of one call that only members of tenant a holding at least p_min may make, one
-- throws_ok each: anon by its missing grant, then (those below p_min) a's viewer and operator, a
-- non-member and an admin of tenant b by p_message, by default the sentence of vigil.require_role.
-- p_what ends "<who> cannot ...". Needs tests.make_two_tenants; ends with no identity set.
create or replace function tests.refused_below(p_min text, p_sql text, p_what text, p_message text default null)
returns setof text
language plpgsql
as $$
declare
  v_cast jsonb := current_setting('tests.cast')::jsonb;
  v_message text := coalesce(p_message, format('You must be %s of this tenant to do this.',
                                               case p_min when 'viewer' then 'a viewer' when 'operator' then 'an operator' else 'an admin' end));
  v_caller record;
begin
  perform tests.authenticate_as_anon();
  return next throws_ok(p_sql, '42501', 'permission denied for function ' || substring(p_sql from 'vigil_api\.(\w+)'),
                        'anon cannot ' || p_what);
  perform tests.clear_authentication();
  for v_caller in
    select c.key, c.who from (values (1, 'viewer', 'a viewer'), (2, 'operator', 'an operator'),
                                     (3, 'stranger', 'a non-member'), (4, 'other_admin', 'an admin of another tenant')) c(n, key, who)
    where c.key not in ('viewer', 'operator') or (c.key = 'viewer' and p_min <> 'viewer') or (c.key = 'operator' and p_min = 'admin')
    order by c.n
  loop
    return next tests.throws_as((v_cast ->> v_caller.key)::uuid, p_sql, '42501', v_message, v_caller.who || ' cannot ' || p_what);
  end loop;
end
$$;

-- throws_ok run as the signed-in user p_user, who is left signed out again.
create or replace function tests.throws_as(p_user uuid, p_sql text, p_code text, p_message text, p_what text) returns text
language plpgsql
as $$
declare
  v_result text;
begin
  perform tests.authenticate_as(p_user);
  v_result := throws_ok(p_sql, p_code, p_message, p_what);
  perform tests.clear_authentication();
  return v_result;
end
$$;

-- What a caller without a grant on a table meets: each of p_sqls, run as whoever is signed in now,
-- refused with 42501 "permission denied for table <p_table>", described "<p_who> cannot <p_whats[i]>"
-- (descriptions beyond the statements are left over, so a slice of the statements keeps its list).
create or replace function tests.denied(p_table text, p_who text, p_sqls text[], p_whats text[]) returns setof text
language sql
as $$
  select throws_ok(s.sql, '42501', 'permission denied for table ' || p_table, p_who || ' cannot ' || s.what)
  from unnest(p_sqls, p_whats) with ordinality s(sql, what, n) where s.sql is not null order by s.n
$$;

-- A file that must commit its data (a fold pass sees only committed rows) removes it at the end with
-- this: the tenants whose slug is like p_slug, and first their rows in every Vigil table with a
-- tenant_id and no foreign key (events, rollups, error groups seen, milestone times, ...), which
-- deleting a tenant does not reach. A table added later is covered without touching the files.
create or replace function tests.delete_tenants(p_slug text) returns void
language plpgsql
as $$
declare
  v_table regclass;
begin
  for v_table in
    select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'vigil' and c.relkind in ('r', 'p') and not c.relispartition
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      and not exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'f')
  loop
    execute format('delete from %s where tenant_id in (select id from vigil.tenants where slug like $1)', v_table) using p_slug;
  end loop;
  delete from vigil.tenants where slug like p_slug;
end
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
