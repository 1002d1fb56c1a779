-- A session that has switched to anon or authenticated without JWT claims is an API role, not a DBA.
-- The first version of _caller_is_trusted told them apart by current_user, but inside a security
-- definer function (vigil.has_role, which every RLS policy calls) current_user is the function's
-- owner, so such a session passed as trusted there and read every tenant. The `role` setting is not
-- changed by security definer, so it still names the role the session switched to.

create or replace function vigil._caller_is_trusted() returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(auth.role(), '') = 'service_role'
      or (auth.role() is null and auth.uid() is null and session_user::text <> 'authenticator'
          and current_user::text not in ('anon', 'authenticated')
          and pg_catalog.current_setting('role') not in ('anon', 'authenticated'))
$$;
comment on function vigil._caller_is_trusted() is
  'True for service_role and for direct database sessions without JWT claims (DBA, pg_cron); false for anon and authenticated, with or without claims, even inside a security definer function.';

revoke execute on all functions in schema vigil, vigil_api from public;
