-- vigil._caller_is_trusted lets a direct database session without JWT claims (a DBA, pg_cron, a server
-- on DATABASE_URL) act as the service role. A session that has switched to anon or authenticated
-- without claims is not such a session: it must be trusted nowhere, including inside the security
-- definer has_role, where current_user is the function's owner and no longer tells who is calling.
begin;
select plan(9);

select * from tests.make_tenant('test-acme') \gset a_

select ok(vigil.has_role(:'a_tenant_id', 'admin'), 'a direct session without claims (a DBA, pg_cron) is trusted');

set local role authenticated;
select is(vigil._caller_is_trusted(), false, 'authenticated without claims is not trusted');
select is(vigil.has_role(:'a_tenant_id', 'viewer'), false, 'authenticated without claims holds no role, even through the security definer has_role');
select is_empty('select 1 from vigil.tenants', 'authenticated without claims reads no tenant');
select is_empty('select 1 from vigil.members', 'authenticated without claims reads no member');
select throws_ok(format('select vigil_api.create_ingest_key(%L)', :'a_tenant_id'), '42501', 'You must be an admin of this tenant to do this.',
  'authenticated without claims cannot create an ingest key');
select throws_ok(format('select vigil_api.track(%L, %L, %L)', :'a_tenant_id', 'log', 'x'), '42501', 'You must be a viewer of this tenant to do this.',
  'authenticated without claims cannot track');
reset role;

set local role anon;
select is(vigil.has_role(:'a_tenant_id', 'viewer'), false, 'anon without claims holds no role, even through the security definer has_role');
reset role;

set local role service_role;
select ok(vigil.has_role(:'a_tenant_id', 'admin'), 'service_role without claims (a server that set its role) is trusted');
reset role;

select * from finish();
rollback;
