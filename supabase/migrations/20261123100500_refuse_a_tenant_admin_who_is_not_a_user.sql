-- The service role naming an admin who is not a user got the raw foreign key error from
-- vigil.members (not a sentence, and its DETAIL echoes the key). It now gets the same answer
-- add_member gives: P0002, 'No user has that id.'

create or replace function vigil._create_tenant(p_name text, p_slug text, p_admin uuid) returns vigil.tenants
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
  if p_name is null or length(p_name) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'name must be 1 to 200 characters.';
  end if;
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

revoke execute on all functions in schema vigil, vigil_api from public;
