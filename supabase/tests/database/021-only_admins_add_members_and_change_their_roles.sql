-- vigil_api.add_member: tenant admins (and the service role) add users and change roles; viewers,
-- operators, non-members and admins of another tenant are refused.
begin;
select plan(16);

select * from tests.make_tenant('test-acme') \gset a_
select * from tests.make_tenant('test-other') \gset b_
select tests.create_user('test-newcomer@example.com') as newcomer \gset

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'newcomer'), '42501', 'permission denied for function add_member', 'anon cannot add a member');

select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'newcomer'), '42501', 'You must be an admin of this tenant to do this.', 'a viewer cannot add a member');
select throws_ok(format($$select vigil_api.add_member(%L, %L, 'admin')$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'You must be an admin of this tenant to do this.', 'a viewer cannot promote itself');
select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'newcomer'), '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot add a member');
select tests.authenticate_as(:'newcomer');
select throws_ok(format($$select vigil_api.add_member(%L, %L, 'admin')$$, :'a_tenant_id', :'newcomer'), '42501', 'You must be an admin of this tenant to do this.', 'a non-member cannot add itself');
select tests.authenticate_as(:'b_admin_id');
select throws_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'newcomer'), '42501', 'You must be an admin of this tenant to do this.', 'an admin of another tenant cannot add a member');

select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'newcomer'), 'an admin adds a user, as a viewer by default');
select results_eq(format($$select role from vigil_api.list_members(%L) where user_id = %L$$, :'a_tenant_id', :'newcomer'), $$values ('viewer')$$, 'the new member is a viewer');
select lives_ok(format($$select vigil_api.add_member(%L, %L, 'operator')$$, :'a_tenant_id', :'newcomer'), 'an admin changes a member''s role');
select results_eq(format($$select role from vigil_api.list_members(%L) where user_id = %L$$, :'a_tenant_id', :'newcomer'), $$values ('operator')$$, 'the member is now an operator');
select throws_ok(format($$select vigil_api.add_member(%L, %L, 'owner')$$, :'a_tenant_id', :'newcomer'), '22023', 'role must be one of viewer, operator, admin.', 'an unknown role is refused');
select throws_ok(format($$select vigil_api.add_member(%L, gen_random_uuid())$$, :'a_tenant_id'), 'P0002', 'No user has that id.', 'a user that does not exist cannot be added');
select throws_ok(format($$select vigil_api.add_member(%L, %L, 'viewer')$$, :'a_tenant_id', :'a_admin_id'), '22023', 'A tenant must keep at least one admin.', 'the only admin cannot demote itself');

select tests.authenticate_as(:'newcomer');
select results_eq($$select slug from vigil_api.my_tenants()$$, $$values ('test-acme')$$, 'the new member sees the tenant');

select tests.authenticate_as_service_role();
select lives_ok(format($$select vigil_api.add_member(%L, %L, 'admin')$$, :'b_tenant_id', :'newcomer'), 'the service role adds a member to any tenant');
select tests.clear_authentication();
select is((select role::text from vigil.members where tenant_id = :'b_tenant_id' and user_id = :'newcomer'), 'admin', 'the member added by the service role is stored');

select * from finish();
rollback;
