-- vigil_api.remove_member: tenant admins (and the service role) remove members; nobody can remove a
-- tenant's last admin, because a tenant nobody administers is lost to its users.
begin;
select plan(14);

select * from tests.make_tenant('test-acme') \gset a_
select tests.create_user('test-stranger@example.com') as stranger \gset
select tests.create_user('test-second-admin@example.com') as second_admin \gset

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'permission denied for function remove_member', 'anon cannot remove a member');
select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_operator_id'), '42501', 'You must be an admin of this tenant to do this.', 'a viewer cannot remove a member');
select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot remove a member');
select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_admin_id'), '42501', 'You must be an admin of this tenant to do this.', 'a non-member cannot remove a member');

select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_viewer_id'), 'an admin removes a viewer');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'stranger'), 'P0002', 'That user is not a member of this tenant.', 'removing a non-member says so');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_admin_id'), '22023', 'A tenant must keep at least one admin.', 'the last admin cannot remove itself');

select tests.authenticate_as(:'a_viewer_id');
select is_empty($$select * from vigil.tenants$$, 'the removed viewer no longer sees the tenant');
select throws_ok(format($$select * from vigil_api.list_members(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'the removed viewer can no longer list members');

select tests.authenticate_as_service_role();
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_admin_id'), '22023', 'A tenant must keep at least one admin.', 'not even the service role removes the last admin');
select lives_ok(format($$select vigil_api.add_member(%L, %L, 'admin')$$, :'a_tenant_id', :'second_admin'), 'the service role adds a second admin');

select tests.authenticate_as(:'second_admin');
select lives_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_admin_id'), 'with two admins, one admin removes the other');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'second_admin'), '22023', 'A tenant must keep at least one admin.', 'the remaining admin is the last and stays');

select tests.clear_authentication();
select set_eq(format($$select user_id from vigil.members where tenant_id = %L$$, :'a_tenant_id'), array[:'second_admin', :'a_operator_id']::uuid[],
  'the tenant keeps its remaining admin and operator');

select * from finish();
rollback;
