-- Tenancy: tenants, their members with ordered roles, and the one function that decides access.

create type vigil.member_role as enum ('viewer', 'operator', 'admin');
comment on type vigil.member_role is 'Ordered: viewer < operator < admin. A role includes the rights of those below it.';

create table vigil.tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  retention_days integer not null default 30 check (retention_days between 1 and 3650),
  created_at timestamptz not null default now()
);
comment on table vigil.tenants is 'An app or team whose events Vigil keeps apart from every other tenant''s.';
comment on column vigil.tenants.retention_days is 'Days of raw events kept; maintenance drops whole day partitions past the longest retention.';

create table vigil.members (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role vigil.member_role not null default 'viewer',
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index members_user_idx on vigil.members (user_id);
comment on table vigil.members is 'Who may see and operate a tenant, and how far (viewer, operator, admin).';

-- A tenant that is leaving: vigil_api.delete_tenant records the request here and removes its data in
-- bounded batches, maintenance finishing what one call could not (see the tenant deletion migration).
-- From this row's commit on, the fold skips the tenant's events. The row goes with the tenant.
create table vigil.tenant_deletions (
  tenant_id uuid primary key references vigil.tenants (id) on delete cascade,
  requested_at timestamptz not null default pg_catalog.now(),
  requested_by uuid,
  requested_role text not null,
  deleted jsonb not null default '{}'::jsonb
);
comment on table vigil.tenant_deletions is
  'Tenants being deleted: who asked, when, and the rows removed so far per table ({"events": 120000, ...}).';
comment on column vigil.tenant_deletions.requested_by is 'The user who asked (auth.uid()), null for the service role or a database session.';

alter table vigil.tenants enable row level security;
alter table vigil.members enable row level security;
alter table vigil.tenant_deletions enable row level security;
grant select on vigil.tenant_deletions to service_role;
create policy tenant_deletions_service on vigil.tenant_deletions for select to service_role using (true);

-- True for callers that are not an end user: service_role requests, and direct connections with no
-- JWT (a DBA in psql, pg_cron, an app server on DATABASE_URL). PostgREST always connects as
-- `authenticator`, so a request through the API can only be trusted by its service_role claim.
-- A session that has switched to anon or authenticated without JWT claims is an API role, not a DBA.
-- The first version of _caller_is_trusted told them apart by current_user, but inside a security
-- definer function (vigil.has_role, which every RLS policy calls) current_user is the function's
-- owner, so such a session passed as trusted there and read every tenant. The `role` setting is not
-- changed by security definer, so it still names the role the session switched to.
-- A session that logged in as an API role is refused too: that is what a Citus worker sees when the
-- coordinator runs a statement of an API request on a shard (it connects as the current user, and
-- PostgREST's request.jwt.claims, set with set_config, never travel), so a worker fails closed.

create function vigil._caller_is_trusted() returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(auth.role(), '') = 'service_role'
      or (auth.role() is null and auth.uid() is null
          and session_user::text not in ('authenticator', 'anon', 'authenticated')
          and current_user::text not in ('anon', 'authenticated')
          and pg_catalog.current_setting('role') not in ('anon', 'authenticated'))
$$;
comment on function vigil._caller_is_trusted() is
  'True for service_role and for direct database sessions without JWT claims (DBA, pg_cron); false for anon and authenticated, with or without claims, even inside a security definer function or in a session that logged in as one of them (a Citus worker''s).';

-- Security definer so RLS policies on members can call it without recursing into members' own policies.
-- It decides from the row's tenant and the caller's claims alone: vigil.members is a reference table
-- when distributed (docs/scale-out.md), so a policy on a shard never needs a distributed query, and
-- a session without claims has no auth.uid() and so no membership.
create function vigil.has_role(p_tenant uuid, p_min vigil.member_role default 'viewer') returns boolean
language sql stable security definer
set search_path = ''
as $$
  select vigil._caller_is_trusted()
      or exists (
        select 1 from vigil.members m
        where m.tenant_id = p_tenant and m.user_id = auth.uid() and m.role >= p_min
      )
$$;
comment on function vigil.has_role(uuid, vigil.member_role) is
  'The one access decision: does the caller hold at least p_min in p_tenant? Point it at your own organisation model here.';

create function vigil._role_with_article(p_role vigil.member_role) returns text
language sql immutable
set search_path = ''
as $$ select case p_role when 'viewer' then 'a viewer' when 'operator' then 'an operator' else 'an admin' end $$;
comment on function vigil._role_with_article(vigil.member_role) is 'The role with its article, for error sentences: "an admin".';

-- The row-level security of a Vigil table, written once so that every table reads the same: the
-- service role may do anything; a signed-in user reads the rows of tenants where it holds at least
-- p_read and, holding at least p_write, may do each of p_writes to them. p_tenant_column names a
-- row's tenant (tenant_id; the tenants table's own id); null means database-wide rows, which belong
-- to vigil.system_tenant_id(). Policies are named <table>_read, _insert, _update, _delete and
-- _service. For migrations only (no role may execute it); the committed schema dump shows what it made.
create function vigil._create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role,
                                       p_write vigil.member_role default null,
                                       p_writes text[] default array['insert', 'update', 'delete']) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_name text := (select c.relname::text from pg_catalog.pg_class c where c.oid = p_table);
  v_tenant text := coalesce(pg_catalog.quote_ident(p_tenant_column), 'vigil.system_tenant_id()');
  v_write text := pg_catalog.format('vigil.has_role(%s, %L)', v_tenant, p_write);
  v_command text;
begin
  execute pg_catalog.format('create policy %I on %s for select to authenticated using (vigil.has_role(%s, %L))',
                            v_name || '_read', p_table, v_tenant, p_read);
  foreach v_command in array case when p_write is null then '{}'::text[] else p_writes end loop
    if v_command not in ('insert', 'update', 'delete') then
      raise exception using errcode = '22023', message = pg_catalog.format('%L is not insert, update or delete.', v_command);
    end if;
    execute pg_catalog.format('create policy %I on %s for %s to authenticated %s', v_name || '_' || v_command, p_table, v_command,
      case v_command when 'insert' then pg_catalog.format('with check (%s)', v_write)
                     when 'update' then pg_catalog.format('using (%s) with check (%s)', v_write, v_write)
                     else pg_catalog.format('using (%s)', v_write) end);
  end loop;
  execute pg_catalog.format('create policy %I on %s for all to service_role using (true) with check (true)',
                            v_name || '_service', p_table);
end
$$;
comment on function vigil._create_policies(regclass, name, vigil.member_role, vigil.member_role, text[]) is
  'Creates the policies of a table (members read from p_read, write from p_write, service role all; p_tenant_column null: the vigil-system tenant''s rows). Migrations only.';

-- The check of every function that only the service role or a database session (DBA, pg_cron) may
-- run: raises 42501 with the caller's sentence otherwise.
create function vigil._require_trusted(p_message text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = p_message;
  end if;
end
$$;
comment on function vigil._require_trusted(text) is
  'Raises 42501 with p_message unless the caller is the service role or a database session (vigil._caller_is_trusted).';

-- The one rule for the names people give things (tenants, channels, rules, SLOs, jobs, windows).
create function vigil._check_name(p_name text, p_max integer) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_name is null or pg_catalog.length(p_name) not between 1 and p_max then
    raise exception using errcode = '22023', message = pg_catalog.format('name must be 1 to %s characters.', p_max);
  end if;
end
$$;
comment on function vigil._check_name(text, integer) is 'Raises 22023 unless p_name is 1 to p_max characters.';

-- Raises the sentence every API function uses when access is refused.
create function vigil.require_role(p_tenant uuid, p_min vigil.member_role default 'viewer') returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_tenant is null then
    raise exception using errcode = '22023', message = 'A tenant id is required.';
  end if;
  if not vigil.has_role(p_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of this tenant to do this.', vigil._role_with_article(p_min)),
      hint = 'Ask an admin of the tenant to add you, or call with the service role.';
  end if;
end
$$;
comment on function vigil.require_role(uuid, vigil.member_role) is
  'Raises 42501 unless the caller holds at least p_min in p_tenant.';

-- The same for a thing found by its id (an ingest key, a rule, a channel, an alert...): p_tenant is
-- its tenant, null when there is no such thing, which gets the same answer as one the caller cannot
-- see, so ids of other tenants' things cannot be probed.
create function vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_tenant is null or not vigil.has_role(p_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of the tenant that owns this %s.', vigil._role_with_article(p_min), p_thing);
  end if;
end
$$;
comment on function vigil._require_owner(uuid, vigil.member_role, text) is
  'Raises 42501 "You must be an admin of the tenant that owns this <thing>." unless the caller holds at least p_min in p_tenant (null: no such thing).';

-- The same check for a thing given by its id, the way every "act on a thing" function starts: look
-- up the row's tenant in p_table (as the caller, so RLS hides another tenant's row, which then gets
-- the answer of a missing one), require p_min there, and return the tenant.
create function vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text)
returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_tenant uuid;
begin
  execute pg_catalog.format('select tenant_id from %s where id = $1', p_table) into v_tenant using p_id;
  perform vigil._require_owner(v_tenant, p_min, p_thing);
  return v_tenant;
end
$$;
comment on function vigil._require_owner_of(regclass, anyelement, vigil.member_role, text) is
  'The tenant of row p_id of p_table (a Vigil table with id and tenant_id), after vigil._require_owner: 42501 unless the caller holds at least p_min there.';

-- What each delete_* of the API does: that check, then the delete, both as the caller.
create function vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform vigil._require_owner_of(p_table, p_id, p_min, p_thing);
  execute pg_catalog.format('delete from %s where id = $1', p_table) using p_id;
end
$$;
comment on function vigil._delete_owned(regclass, anyelement, vigil.member_role, text) is
  'Deletes row p_id of p_table after vigil._require_owner_of; runs as the caller, so RLS applies.';

-- The row a lookup by key found, or P0002 with the caller's sentence: the one "does not exist" answer
-- of the small functions that return a row by its key (a backup, a backup policy, ...).
create function vigil._found(p_row anyelement, p_message text) returns anyelement
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_row is null then
    raise exception using errcode = 'P0002', message = p_message;
  end if;
  return p_row;
end
$$;
comment on function vigil._found(anyelement, text) is 'Returns p_row; raises P0002 with p_message when it is null (no such row).';

grant execute on function vigil._caller_is_trusted() to anon, authenticated, service_role;
grant execute on function vigil._require_trusted(text) to authenticated, service_role;
grant execute on function vigil._check_name(text, integer) to authenticated, service_role;
grant execute on function vigil.has_role(uuid, vigil.member_role) to anon, authenticated, service_role;
grant execute on function vigil.require_role(uuid, vigil.member_role) to anon, authenticated, service_role;
grant execute on function vigil._role_with_article(vigil.member_role) to anon, authenticated, service_role;
grant execute on function vigil._require_owner(uuid, vigil.member_role, text) to authenticated, service_role;
grant execute on function vigil._require_owner_of(regclass, anyelement, vigil.member_role, text) to authenticated, service_role;
grant execute on function vigil._delete_owned(regclass, anyelement, vigil.member_role, text) to authenticated, service_role;
grant execute on function vigil._found(anyelement, text) to authenticated, service_role;

grant select on vigil.tenants to authenticated;
grant select on vigil.members to authenticated;
grant all on vigil.tenants, vigil.members to service_role;

select vigil._create_policies('vigil.tenants', 'id', 'viewer');
select vigil._create_policies('vigil.members', 'tenant_id', 'viewer');

-- Changes across tables (a tenant and its first admin) are privileged: they live here, check the
-- caller first, and are granted only to the roles that call them through vigil_api.
create function vigil._create_tenant(p_name text, p_slug text, p_admin uuid) returns vigil.tenants
language plpgsql security definer
set search_path = ''
as $$
declare
  v_tenant vigil.tenants;
  v_admin uuid := coalesce(p_admin, auth.uid());
begin
  if not vigil._caller_is_trusted() then
    if auth.uid() is null then
      raise exception using errcode = '42501', message = 'You must be signed in to create a tenant.';
    end if;
    if p_admin is not null and p_admin <> auth.uid() then
      raise exception using errcode = '42501', message = 'Only the service role can create a tenant for another user.';
    end if;
  end if;
  if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{0,62}$' then
    raise exception using errcode = '22023',
      message = 'slug must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.';
  end if;
  perform vigil._check_name(p_name, 200);
  if v_admin is not null and not exists (select 1 from auth.users where id = v_admin) then
    raise exception using errcode = 'P0002', message = 'No user has that id.';
  end if;
  insert into vigil.tenants (name, slug) values (p_name, p_slug) returning * into v_tenant;
  if v_admin is not null then
    insert into vigil.members (tenant_id, user_id, role) values (v_tenant.id, v_admin, 'admin');
  end if;
  return v_tenant;
exception when unique_violation then
  raise exception using errcode = '23505', message = format('A tenant with slug %L already exists.', p_slug);
end
$$;
comment on function vigil._create_tenant(text, text, uuid) is
  'Creates a tenant and makes p_admin (or the signed-in caller) its admin, after checking who may do so and every argument.';
grant execute on function vigil._create_tenant(text, text, uuid) to authenticated, service_role;

create function vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  if p_role is null then
    if not exists (select 1 from vigil.members where tenant_id = p_tenant and user_id = p_user) then
      raise exception using errcode = 'P0002', message = 'That user is not a member of this tenant.';
    end if;
    delete from vigil.members where tenant_id = p_tenant and user_id = p_user;
  else
    if not exists (select 1 from auth.users where id = p_user) then
      raise exception using errcode = 'P0002', message = 'No user has that id.';
    end if;
    insert into vigil.members (tenant_id, user_id, role) values (p_tenant, p_user, p_role)
    on conflict (tenant_id, user_id) do update set role = excluded.role;
  end if;
  -- A tenant nobody can administer is lost to its users: keep at least one admin.
  if not exists (select 1 from vigil.members where tenant_id = p_tenant and role = 'admin') then
    raise exception using errcode = '22023', message = 'A tenant must keep at least one admin.';
  end if;
end
$$;
grant execute on function vigil._set_member(uuid, uuid, vigil.member_role) to authenticated, service_role;

create function vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid default null)
returns jsonb
language sql security invoker
set search_path = ''
as $$
  select pg_catalog.to_jsonb(t) from vigil._create_tenant(p_name, p_slug, p_admin) t
$$;
comment on function vigil_api.create_tenant(text, text, uuid) is
  'Creates a tenant. A signed-in user becomes its admin; the service role may name the admin (p_admin) or none.';

create function vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text default 'viewer') returns void
language plpgsql security invoker
set search_path = ''
as $$
begin
  if p_role is null or p_role not in ('viewer', 'operator', 'admin') then
    raise exception using errcode = '22023', message = 'role must be one of viewer, operator, admin.';
  end if;
  perform vigil._set_member(p_tenant, p_user, p_role::vigil.member_role);
end
$$;
comment on function vigil_api.add_member(uuid, uuid, text) is
  'Adds a user to a tenant, or changes their role (viewer, operator, admin). Tenant admins only.';

create function vigil_api.remove_member(p_tenant uuid, p_user uuid) returns void
language sql security invoker
set search_path = ''
as $$
  select vigil._set_member(p_tenant, p_user, null)
$$;
comment on function vigil_api.remove_member(uuid, uuid) is
  'Removes a user from a tenant. Tenant admins only; the last admin cannot be removed.';

create function vigil_api.list_members(p_tenant uuid)
returns table (user_id uuid, role text, created_at timestamptz)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select m.user_id, m.role::text, m.created_at
  from vigil.members m where m.tenant_id = p_tenant
  order by m.role desc, m.created_at;
$$;
comment on function vigil_api.list_members(uuid) is 'The members of a tenant with their roles. Any member may read it.';

create function vigil_api.my_tenants()
returns table (id uuid, name text, slug text, role text, created_at timestamptz)
language sql stable security invoker
set search_path = ''
as $$
  select t.id, t.name, t.slug, m.role::text, t.created_at
  from vigil.tenants t
  left join vigil.members m on m.tenant_id = t.id and m.user_id = auth.uid()
  order by t.created_at
$$;
comment on function vigil_api.my_tenants() is
  'The tenants the caller can see (all of them for the service role), with the caller''s role in each.';

grant execute on function vigil_api.create_tenant(text, text, uuid) to authenticated, service_role;
grant execute on function vigil_api.add_member(uuid, uuid, text) to authenticated, service_role;
grant execute on function vigil_api.remove_member(uuid, uuid) to authenticated, service_role;
grant execute on function vigil_api.list_members(uuid) to authenticated, service_role;
grant execute on function vigil_api.my_tenants() to authenticated, service_role;
