-- vigil.members: members read the member list of their own tenants; writes go through vigil_api (admins)
-- or the service role, never straight from an API user.
begin;
select plan(20);

select * from tests.make_two_tenants() \gset

select tests.authenticate_as_anon();
select throws_ok($$select * from vigil.members$$, '42501', 'permission denied for table members', 'anon cannot read members');
select throws_ok(format($$insert into vigil.members (tenant_id, user_id, role) values (%L, %L, 'admin')$$, :'a_tenant_id', :'stranger'),
  '42501', 'permission denied for table members', 'anon cannot insert a member');
select throws_ok($$update vigil.members set role = 'admin'$$, '42501', 'permission denied for table members', 'anon cannot update members');
select throws_ok($$delete from vigil.members$$, '42501', 'permission denied for table members', 'anon cannot delete members');

select tests.authenticate_as(:'a_viewer_id');
select set_eq($$select user_id from vigil.members$$, array[:'a_admin_id', :'a_viewer_id', :'a_operator_id']::uuid[],
  'a viewer reads the members of its own tenant and no other');
select tests.authenticate_as(:'a_operator_id');
select set_eq($$select user_id from vigil.members$$, array[:'a_admin_id', :'a_viewer_id', :'a_operator_id']::uuid[],
  'an operator reads the members of its own tenant and no other');
select tests.authenticate_as(:'a_admin_id');
select set_eq($$select user_id from vigil.members$$, array[:'a_admin_id', :'a_viewer_id', :'a_operator_id']::uuid[],
  'an admin reads the members of its own tenant and no other');
select throws_ok(format($$insert into vigil.members (tenant_id, user_id, role) values (%L, %L, 'viewer')$$, :'a_tenant_id', :'stranger'),
  '42501', 'permission denied for table members', 'even an admin cannot insert a member directly');
select throws_ok($$update vigil.members set role = 'admin'$$, '42501', 'permission denied for table members', 'even an admin cannot update members directly');
select throws_ok($$delete from vigil.members$$, '42501', 'permission denied for table members', 'even an admin cannot delete members directly');

select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$update vigil.members set role = 'admin' where user_id = %L$$, :'a_viewer_id'),
  '42501', 'permission denied for table members', 'a viewer cannot promote itself');

select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.members$$, 'a signed-in non-member reads no member');
select throws_ok(format($$insert into vigil.members (tenant_id, user_id, role) values (%L, %L, 'admin')$$, :'a_tenant_id', :'stranger'),
  '42501', 'permission denied for table members', 'a non-member cannot make itself a member');

select tests.authenticate_as_service_role();
select is((select count(*)::integer from vigil.members where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 6, 'the service role reads the members of every tenant');
select lives_ok(format($$insert into vigil.members (tenant_id, user_id, role) values (%L, %L, 'viewer')$$, :'a_tenant_id', :'stranger'),
  'the service role inserts a member');
select lives_ok(format($$update vigil.members set role = 'operator' where user_id = %L$$, :'stranger'), 'the service role updates a member');
select is((select role::text from vigil.members where user_id = :'stranger'), 'operator', 'the update by the service role is stored');
select lives_ok(format($$delete from vigil.members where user_id = %L$$, :'stranger'), 'the service role deletes a member');

select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.members$$, 'the removed user reads no member again');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.members where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 6, 'the members of the two test tenants are as they were');

select * from finish();
rollback;
