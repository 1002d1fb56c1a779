-- vigil_api.my_tenants: a user sees the tenants it belongs to with its role in each; the service role
-- sees every tenant; anon sees nothing.
begin;
select plan(6);

select * from tests.make_two_tenants() \gset
select vigil_api.add_member(:'b_tenant_id', :'a_viewer_id', 'operator');

select tests.authenticate_as_anon();
select throws_ok($$select * from vigil_api.my_tenants()$$, '42501', 'permission denied for function my_tenants', 'anon cannot list tenants');
select tests.authenticate_as(:'a_admin_id');
select results_eq($$select slug, role from vigil_api.my_tenants()$$, $$values ('test-acme', 'admin')$$, 'an admin sees its one tenant as admin');
select tests.authenticate_as(:'a_viewer_id');
select set_eq($$select slug || ':' || role from vigil_api.my_tenants()$$, array['test-acme:viewer', 'test-other:operator'],
  'a user in two tenants sees both, with its role in each');
select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil_api.my_tenants()$$, 'a signed-in non-member sees no tenant');
select tests.authenticate_as_service_role();
select set_eq($$select slug from vigil_api.my_tenants() where slug like 'test-%'$$, array['test-acme', 'test-other'], 'the service role sees every tenant');
select is_empty($$select * from vigil_api.my_tenants() where slug like 'test-%' and role is not null$$, 'the service role holds no member role in them');

select tests.clear_authentication();
select * from finish();
rollback;
