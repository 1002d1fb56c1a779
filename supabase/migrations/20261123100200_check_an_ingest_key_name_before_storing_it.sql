-- An ingest key's name outside 1 to 100 characters used to reach the table's check constraint, whose
-- error is not a sentence and whose DETAIL echoes the whole new row, key hash included, to the API
-- caller. It is now refused first, like every other argument, with 22023 and a sentence.

create or replace function vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer)
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

revoke execute on all functions in schema vigil, vigil_api from public;
