-- Ingest keys: the public key a browser holds (like a Sentry DSN). Stored only as a SHA-256 hash.

create table vigil.ingest_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null default 'default' check (length(name) between 1 and 100),
  key_prefix text not null,
  key_hash bytea not null unique,
  previous_key_hash bytea unique,
  previous_valid_until timestamptz,
  allowed_kinds text[],
  events_per_minute integer not null default 6000 check (events_per_minute between 1 and 10000000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid,
  rotated_at timestamptz,
  disabled_at timestamptz
);
create index ingest_keys_tenant_idx on vigil.ingest_keys (tenant_id);
comment on table vigil.ingest_keys is 'Public ingest keys. The key itself is shown once at creation and stored only as a hash.';
comment on column vigil.ingest_keys.key_prefix is 'The first characters of the key, to tell keys apart in a list.';
comment on column vigil.ingest_keys.previous_key_hash is 'After a rotation with a grace period, the old key''s hash, valid until previous_valid_until.';
comment on column vigil.ingest_keys.allowed_kinds is 'Event kinds this key may send; null allows every kind.';
comment on column vigil.ingest_keys.events_per_minute is 'Budget: a batch that would take the key over it within the current minute is refused whole.';

-- Events counted per key and minute; the budget check and the count are one atomic upsert.
create table vigil.ingest_usage (
  key_id uuid not null references vigil.ingest_keys (id) on delete cascade,
  minute timestamptz not null,
  events integer not null,
  primary key (key_id, minute)
);
comment on table vigil.ingest_usage is 'Events received per ingest key and minute, for the per-minute budget. Pruned by maintenance.';

alter table vigil.ingest_keys enable row level security;
alter table vigil.ingest_usage enable row level security;

-- Admins list keys; the hash columns are never granted to API users.
grant select (id, tenant_id, name, key_prefix, allowed_kinds, events_per_minute, enabled, created_at,
              created_by, rotated_at, disabled_at, previous_valid_until)
  on vigil.ingest_keys to authenticated;
grant all on vigil.ingest_keys, vigil.ingest_usage to service_role;
create policy ingest_keys_admin_read on vigil.ingest_keys for select to authenticated
  using (vigil.has_role(tenant_id, 'admin'));
create policy ingest_keys_service on vigil.ingest_keys for all to service_role using (true) with check (true);
create policy ingest_usage_service on vigil.ingest_usage for all to service_role using (true) with check (true);

create function vigil._hash_key(p_key text) returns bytea
language sql immutable strict parallel safe
set search_path = ''
as $$ select pg_catalog.sha256(pg_catalog.convert_to(p_key, 'UTF8')) $$;
comment on function vigil._hash_key(text) is 'SHA-256 of an ingest key: what is stored and looked up.';

-- 64 hex digits from two v4 UUIDs: 244 random bits, from the server's strong random source.
create function vigil._new_key() returns text
language sql volatile
set search_path = ''
as $$
  select 'vk_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '')
$$;

create function vigil._check_kinds(p_kinds text[]) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  v_bad text;
begin
  select k into v_bad from pg_catalog.unnest(p_kinds) k
  where k is null or k not in ('operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital',
                               'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')
  limit 1;
  if found then
    raise exception using errcode = '22023', message = format('allowed_kinds: unknown kind %L.', v_bad);
  end if;
end
$$;

-- Every argument is refused with 22023 and a sentence before the insert, the name included: the
-- table's check constraint error is not a sentence, and its DETAIL would echo the whole new row, key
-- hash included, to the API caller.
create function vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_key text := vigil._new_key();
  v_row vigil.ingest_keys;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_kinds(p_allowed_kinds);
  if p_name is not null and pg_catalog.length(p_name) not between 1 and 100 then
    raise exception using errcode = '22023', message = 'name must be 1 to 100 characters.';
  end if;
  if p_events_per_minute is null or p_events_per_minute not between 1 and 10000000 then
    raise exception using errcode = '22023', message = 'events_per_minute must be between 1 and 10000000.';
  end if;
  insert into vigil.ingest_keys (tenant_id, name, key_prefix, key_hash, allowed_kinds, events_per_minute, created_by)
  values (p_tenant, coalesce(p_name, 'default'), pg_catalog.left(v_key, 11), vigil._hash_key(v_key),
          p_allowed_kinds, p_events_per_minute, auth.uid())
  returning * into v_row;
  return pg_catalog.jsonb_build_object('id', v_row.id, 'key', v_key, 'prefix', v_row.key_prefix,
    'allowed_kinds', v_row.allowed_kinds, 'events_per_minute', v_row.events_per_minute);
end
$$;
comment on function vigil._create_ingest_key(uuid, text, text[], integer) is
  'Creates an ingest key after checking the caller is an admin and every argument; returns the key once.';

create function vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_key text := vigil._new_key();
begin
  perform vigil._require_owner_of('vigil.ingest_keys', p_key_id, 'admin', 'ingest key');
  if p_grace is null or p_grace < interval '0' or p_grace > interval '30 days' then
    raise exception using errcode = '22023', message = 'grace must be between 0 and 30 days.';
  end if;
  update vigil.ingest_keys
  set previous_key_hash = case when p_grace > interval '0' then key_hash end,
      previous_valid_until = case when p_grace > interval '0' then pg_catalog.now() + p_grace end,
      key_hash = vigil._hash_key(v_key),
      key_prefix = pg_catalog.left(v_key, 11),
      rotated_at = pg_catalog.now()
  where id = p_key_id;
  return pg_catalog.jsonb_build_object('id', p_key_id, 'key', v_key, 'prefix', pg_catalog.left(v_key, 11),
    'previous_valid_until', case when p_grace > interval '0' then pg_catalog.now() + p_grace end);
end
$$;

create function vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil._require_owner_of('vigil.ingest_keys', p_key_id, 'admin', 'ingest key');
  update vigil.ingest_keys
  set enabled = p_enabled,
      disabled_at = case when p_enabled then null else pg_catalog.now() end
  where id = p_key_id;
end
$$;

grant execute on function vigil._create_ingest_key(uuid, text, text[], integer) to authenticated, service_role;
grant execute on function vigil._rotate_ingest_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil._set_ingest_key_enabled(uuid, boolean) to authenticated, service_role;

create function vigil_api.create_ingest_key(
  p_tenant uuid,
  p_name text default 'default',
  p_allowed_kinds text[] default null,
  p_events_per_minute integer default 6000
) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._create_ingest_key(p_tenant, p_name, p_allowed_kinds, p_events_per_minute) $$;
comment on function vigil_api.create_ingest_key(uuid, text, text[], integer) is
  'Creates an ingest key for a tenant and returns it once ({id, key, prefix, ...}); only its hash is kept. Tenant admins only.';

create function vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval default '0 seconds') returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._rotate_ingest_key(p_key_id, p_grace) $$;
comment on function vigil_api.rotate_ingest_key(uuid, interval) is
  'Replaces a key''s secret and returns the new key once. The old key keeps working for p_grace (default: not at all). Tenant admins only.';

create function vigil_api.disable_ingest_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_ingest_key_enabled(p_key_id, false) $$;
comment on function vigil_api.disable_ingest_key(uuid) is
  'Disables an ingest key at once: every later batch sent with it is refused. Tenant admins only.';

create function vigil_api.enable_ingest_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_ingest_key_enabled(p_key_id, true) $$;
comment on function vigil_api.enable_ingest_key(uuid) is 'Enables a disabled ingest key again. Tenant admins only.';

create function vigil_api.list_ingest_keys(p_tenant uuid)
returns table (id uuid, name text, key_prefix text, allowed_kinds text[], events_per_minute integer,
               enabled boolean, created_at timestamptz, rotated_at timestamptz, disabled_at timestamptz)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  return query
    select k.id, k.name, k.key_prefix, k.allowed_kinds, k.events_per_minute, k.enabled, k.created_at,
           k.rotated_at, k.disabled_at
    from vigil.ingest_keys k where k.tenant_id = p_tenant order by k.created_at;
end
$$;
comment on function vigil_api.list_ingest_keys(uuid) is 'A tenant''s ingest keys (prefix only, never the key). Tenant admins only.';

grant execute on function vigil_api.create_ingest_key(uuid, text, text[], integer) to authenticated, service_role;
grant execute on function vigil_api.rotate_ingest_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil_api.disable_ingest_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.enable_ingest_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_ingest_keys(uuid) to authenticated, service_role;
