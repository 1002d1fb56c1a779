-- vigil_api.create_tenant: a signed-in user creates a tenant and becomes its admin; only the service
-- role may name someone else as admin, or none; anon may not create one at all.
begin;
select plan(15);

select tests.create_user('test-founder@example.com') as founder \gset
select tests.create_user('test-someone@example.com') as someone \gset

select tests.authenticate_as_anon();
select throws_ok($$select vigil_api.create_tenant('Acme', 'test-acme')$$, '42501', 'permission denied for function create_tenant', 'anon cannot create a tenant');

select tests.authenticate_as(:'founder');
select is(vigil_api.create_tenant('Acme', 'test-acme') ->> 'slug', 'test-acme', 'a signed-in user creates a tenant');
select results_eq($$select slug, role from vigil_api.my_tenants()$$, $$values ('test-acme', 'admin')$$, 'its creator is its admin');
select throws_ok(format($$select vigil_api.create_tenant('Theirs', 'test-theirs', %L)$$, :'someone'),
  '42501', 'Only the service role can create a tenant for another user.', 'a user cannot create a tenant for another user');
select is(vigil_api.create_tenant('Mine', 'test-mine', :'founder') ->> 'slug', 'test-mine', 'a user may name itself as admin');
select throws_ok($$select vigil_api.create_tenant('Acme again', 'test-acme')$$, '23505', 'A tenant with slug ''test-acme'' already exists.', 'a slug is taken once');
select throws_ok($$select vigil_api.create_tenant('Bad', 'Bad Slug')$$, '22023',
  'slug must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.', 'a slug must be lowercase letters, digits and hyphens');
select throws_ok($$select vigil_api.create_tenant('Bad', '-bad')$$, '22023',
  'slug must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.', 'a slug cannot start with a hyphen');
select throws_ok($$select vigil_api.create_tenant('', 'empty')$$, '22023', 'name must be 1 to 200 characters.', 'a name cannot be empty');
select throws_ok($$select vigil_api.create_tenant(repeat('n', 201), 'long')$$, '22023', 'name must be 1 to 200 characters.', 'a name is at most 200 characters');

select tests.authenticate_as_service_role();
select is(vigil_api.create_tenant('Theirs', 'test-theirs', :'someone') ->> 'slug', 'test-theirs', 'the service role creates a tenant for a named admin');
select is(vigil_api.create_tenant('Nobody', 'test-nobody') ->> 'slug', 'test-nobody', 'the service role creates a tenant with no admin');
select throws_ok($$select vigil_api.create_tenant('Ghost', 'test-ghost', gen_random_uuid())$$, 'P0002', 'No user has that id.',
  'the service role cannot name an admin who is not a user');

select tests.clear_authentication();
select results_eq($$select m.user_id, m.role::text from vigil.members m join vigil.tenants t on t.id = m.tenant_id where t.slug = 'test-theirs'$$,
  format('values (%L::uuid, %L)', :'someone', 'admin'), 'the named user is the admin of the tenant made for them');
select is_empty($$select 1 from vigil.members m join vigil.tenants t on t.id = m.tenant_id where t.slug = 'test-nobody'$$,
  'a tenant made with no admin has no member');

select * from finish();
rollback;
