-- vigil.ingest_keys: admins read their own tenant's keys, but never the hash columns; viewers,
-- operators and non-members read none; only the service role writes the table directly.
begin;
select plan(22);

select * from tests.make_two_tenants() \gset

select tests.authenticate_as_anon();
select throws_ok($$select id from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'anon cannot read ingest keys');
select throws_ok(format($$insert into vigil.ingest_keys (tenant_id, key_prefix, key_hash) values (%L, 'vk_x', '\x00')$$, :'a_tenant_id'),
  '42501', 'permission denied for table ingest_keys', 'anon cannot insert an ingest key');
select throws_ok($$update vigil.ingest_keys set enabled = true$$, '42501', 'permission denied for table ingest_keys', 'anon cannot update ingest keys');
select throws_ok($$delete from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'anon cannot delete ingest keys');

select tests.authenticate_as(:'a_admin_id');
select results_eq($$select tenant_id from vigil.ingest_keys$$, format('values (%L::uuid)', :'a_tenant_id'),
  'an admin reads its own tenant''s keys and no other''s');
select throws_ok($$select key_hash from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'an admin cannot read key_hash');
select throws_ok($$select previous_key_hash from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'an admin cannot read previous_key_hash');
select throws_ok($$select * from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'select * fails for an admin because the hash columns are not granted');
select throws_ok(format($$insert into vigil.ingest_keys (tenant_id, key_prefix, key_hash) values (%L, 'vk_x', '\x00')$$, :'a_tenant_id'),
  '42501', 'permission denied for table ingest_keys', 'even an admin cannot insert a key directly (only through create_ingest_key)');
select throws_ok($$update vigil.ingest_keys set events_per_minute = 10000000$$, '42501', 'permission denied for table ingest_keys', 'even an admin cannot raise a budget directly');
select throws_ok($$delete from vigil.ingest_keys$$, '42501', 'permission denied for table ingest_keys', 'even an admin cannot delete a key directly');

select tests.authenticate_as(:'a_operator_id');
select is_empty($$select id from vigil.ingest_keys$$, 'an operator reads no ingest key');
select tests.authenticate_as(:'a_viewer_id');
select is_empty($$select id from vigil.ingest_keys$$, 'a viewer reads no ingest key');
select tests.authenticate_as(:'stranger');
select is_empty($$select id from vigil.ingest_keys$$, 'a signed-in non-member reads no ingest key');

select tests.authenticate_as_service_role();
select is((select count(*)::integer from vigil.ingest_keys where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 2, 'the service role reads every tenant''s keys');
select is((select key_hash from vigil.ingest_keys where tenant_id = :'a_tenant_id'), sha256(convert_to(:'a_ingest_key', 'UTF8')),
  'the service role reads key_hash, the SHA-256 of the key');
select lives_ok(format($$insert into vigil.ingest_keys (tenant_id, name, key_prefix, key_hash) values (%L, 'extra', 'vk_x', '\x00')$$, :'a_tenant_id'),
  'the service role inserts a key');
select lives_ok($$update vigil.ingest_keys set events_per_minute = 60 where name = 'extra'$$, 'the service role updates a key');
select is((select events_per_minute from vigil.ingest_keys where name = 'extra'), 60, 'the update by the service role is stored');
select lives_ok($$delete from vigil.ingest_keys where name = 'extra'$$, 'the service role deletes a key');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.ingest_keys where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 2, 'the two test keys remain');
select is(vigil_api.ingest(:'b_ingest_key', '[]') ->> 'accepted', '0', 'the other tenant''s key still works');

select * from finish();
rollback;
