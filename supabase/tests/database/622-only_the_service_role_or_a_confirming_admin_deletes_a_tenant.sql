-- Who may delete a tenant: the service role, or an admin of that tenant who confirms with its slug.
-- Everyone else is refused with a sentence and a stable SQLSTATE, and the tenant stays.
begin;
select plan(11);

select * from tests.make_tenant('leaving-622') \gset a_
select * from tests.make_tenant('other-622') \gset b_

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'leaving-622')$$, :'a_tenant_id'), '42501',
  'permission denied for function delete_tenant', 'anon cannot delete a tenant');

select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'leaving-622')$$, :'a_tenant_id'), '42501',
  'You must be an admin of this tenant to do this.', 'a viewer cannot delete its tenant');
select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'leaving-622')$$, :'a_tenant_id'), '42501',
  'You must be an admin of this tenant to do this.', 'an operator cannot delete its tenant');
select tests.authenticate_as(:'b_admin_id');
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'leaving-622')$$, :'a_tenant_id'), '42501',
  'You must be an admin of this tenant to do this.', 'another tenant''s admin cannot delete it');
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'x')$$, gen_random_uuid()), '42501',
  'You must be an admin of this tenant to do this.', 'a tenant that does not exist gets the same answer, so ids cannot be probed');

select tests.authenticate_as(:'a_admin_id');
select throws_ok(format($$select vigil_api.delete_tenant(%L)$$, :'a_tenant_id'), '22023',
  'Deleting a tenant removes all of its data for good: pass the tenant''s slug as p_confirm to confirm.',
  'an admin without confirmation is asked for the slug');
select throws_ok(format($$select vigil_api.delete_tenant(%L, 'other-622')$$, :'a_tenant_id'), '22023',
  'Deleting a tenant removes all of its data for good: pass the tenant''s slug as p_confirm to confirm.',
  'an admin confirming with another slug is refused');

select tests.clear_authentication();
select ok(exists (select 1 from vigil.tenants where id = :'a_tenant_id'), 'after every refusal the tenant is still there');

select tests.authenticate_as(:'a_admin_id');
select is(vigil_api.delete_tenant(:'a_tenant_id', 'leaving-622') ->> 'status', 'deleted',
  'an admin confirming with the tenant''s slug deletes it');

select tests.authenticate_as_service_role();
select is(vigil_api.delete_tenant(:'b_tenant_id') ->> 'status', 'deleted', 'the service role deletes a tenant without confirmation');
select throws_ok($$select vigil_api.delete_tenant(vigil.system_tenant_id())$$, '22023',
  'The vigil-system tenant holds Vigil''s own events and cannot be deleted.', 'nobody deletes the vigil-system tenant');

select * from finish();
rollback;
