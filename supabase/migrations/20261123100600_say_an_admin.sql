-- require_role's sentence said "You must be a admin": the article now fits the role.

create or replace function vigil.require_role(p_tenant uuid, p_min vigil.member_role default 'viewer') returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if p_tenant is null then
    raise exception using errcode = '22023', message = 'A tenant id is required.';
  end if;
  if not vigil.has_role(p_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of this tenant to do this.',
        case p_min when 'viewer' then 'a viewer' when 'operator' then 'an operator' else 'an admin' end),
      hint = 'Ask an admin of the tenant to add you, or call with the service role.';
  end if;
end
$$;
comment on function vigil.require_role(uuid, vigil.member_role) is
  'Raises 42501 unless the caller holds at least p_min in p_tenant.';

revoke execute on all functions in schema vigil, vigil_api from public;
