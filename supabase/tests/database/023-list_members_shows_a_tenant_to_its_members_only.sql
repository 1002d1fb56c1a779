-- vigil_api.list_members: any member of a tenant (viewer and up) and the service role read its
-- member list; non-members and members of other tenants are refused.
begin;
select plan(9);

select * from tests.make_two_tenants() \gset

select tests.authenticate_as_anon();
select throws_ok(format($$select * from vigil_api.list_members(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function list_members', 'anon cannot list members');
select tests.authenticate_as(:'a_viewer_id');
select results_eq(format($$select user_id, role from vigil_api.list_members(%L)$$, :'a_tenant_id'),
  format($$values (%L::uuid, 'admin'), (%L::uuid, 'operator'), (%L::uuid, 'viewer')$$, :'a_admin_id', :'a_operator_id', :'a_viewer_id'),
  'a viewer lists its tenant''s members, admins first');
select tests.authenticate_as(:'a_operator_id');
select is((select count(*)::integer from vigil_api.list_members(:'a_tenant_id')), 3, 'an operator lists its tenant''s members');
select tests.authenticate_as(:'a_admin_id');
select is((select count(*)::integer from vigil_api.list_members(:'a_tenant_id')), 3, 'an admin lists its tenant''s members');
select throws_ok(format($$select * from vigil_api.list_members(%L)$$, :'b_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin cannot list another tenant''s members');
select throws_ok($$select * from vigil_api.list_members(null)$$, '22023', 'A tenant id is required.', 'a tenant id is required');
select tests.authenticate_as(:'stranger');
select throws_ok(format($$select * from vigil_api.list_members(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a non-member cannot list members');
select throws_ok($$select * from vigil_api.list_members(gen_random_uuid())$$, '42501', 'You must be a viewer of this tenant to do this.',
  'a tenant that does not exist looks the same as one the caller may not see');

select tests.authenticate_as_service_role();
select is((select count(*)::integer from vigil_api.list_members(:'b_tenant_id')), 3, 'the service role lists any tenant''s members');

select tests.clear_authentication();
select * from finish();
rollback;
