-- vigil.tenants: members read their own tenants, nobody else reads any, and only the service role writes.
begin;
select plan(20);

select * from tests.make_two_tenants() \gset

select tests.authenticate_as_anon();
select throws_ok($$select * from vigil.tenants$$, '42501', 'permission denied for table tenants', 'anon cannot read tenants');
select throws_ok($$insert into vigil.tenants (name, slug) values ('X', 'x')$$, '42501', 'permission denied for table tenants', 'anon cannot insert a tenant');
select throws_ok($$update vigil.tenants set name = 'X'$$, '42501', 'permission denied for table tenants', 'anon cannot update tenants');
select throws_ok($$delete from vigil.tenants$$, '42501', 'permission denied for table tenants', 'anon cannot delete tenants');

select tests.authenticate_as(:'a_viewer_id');
select results_eq($$select slug from vigil.tenants$$, $$values ('test-acme')$$, 'a viewer reads its own tenant and no other');
select tests.authenticate_as(:'a_operator_id');
select results_eq($$select slug from vigil.tenants$$, $$values ('test-acme')$$, 'an operator reads its own tenant and no other');
select tests.authenticate_as(:'a_admin_id');
select results_eq($$select slug from vigil.tenants$$, $$values ('test-acme')$$, 'an admin reads its own tenant and no other');
select throws_ok($$insert into vigil.tenants (name, slug) values ('X', 'x')$$, '42501', 'permission denied for table tenants', 'even an admin cannot insert a tenant directly');
select throws_ok($$update vigil.tenants set retention_days = 1$$, '42501', 'permission denied for table tenants', 'even an admin cannot update its tenant directly');
select throws_ok($$delete from vigil.tenants$$, '42501', 'permission denied for table tenants', 'even an admin cannot delete its tenant directly');

select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.tenants$$, 'a signed-in non-member reads no tenant');
select throws_ok($$update vigil.tenants set name = 'X'$$, '42501', 'permission denied for table tenants', 'a non-member cannot update tenants');
select throws_ok($$delete from vigil.tenants$$, '42501', 'permission denied for table tenants', 'a non-member cannot delete tenants');

select tests.authenticate_as_service_role();
select ok((select count(*) from vigil.tenants where slug in ('test-acme', 'test-other')) = 2, 'the service role reads every tenant');
select lives_ok($$insert into vigil.tenants (name, slug) values ('New', 'test-new')$$, 'the service role inserts a tenant');
select lives_ok($$update vigil.tenants set retention_days = 7 where slug = 'test-new'$$, 'the service role updates a tenant');
select is((select retention_days from vigil.tenants where slug = 'test-new'), 7, 'the update by the service role is stored');
select lives_ok($$delete from vigil.tenants where slug = 'test-new'$$, 'the service role deletes a tenant');
select is_empty($$select * from vigil.tenants where slug = 'test-new'$$, 'the deleted tenant is gone');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.tenants where slug like 'test-%'), 2, 'only the two test tenants remain');

select * from finish();
rollback;
