-- vigil_api.disable_ingest_key / enable_ingest_key: admins of the key's tenant and the service role
-- switch a key off and on; a disabled key is refused at once and works again once enabled.
begin;
select plan(18);

select * from tests.make_tenant('test-acme') \gset a_
select * from tests.make_tenant('test-other') \gset b_
select tests.create_user('test-stranger@example.com') as stranger \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'permission denied for function disable_ingest_key', 'anon cannot disable a key');
select throws_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), '42501', 'permission denied for function enable_ingest_key', 'anon cannot enable a key');
select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'a viewer cannot disable a key');
select throws_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'a viewer cannot enable a key');
select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'an operator cannot disable a key');
select throws_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'an operator cannot enable a key');
select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'a non-member cannot disable a key');
select throws_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'a non-member cannot enable a key');
select tests.authenticate_as(:'b_admin_id');
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.', 'an admin of another tenant cannot disable the key');

select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), 'an admin disables the key');
select results_eq(format($$select enabled, disabled_at from vigil_api.list_ingest_keys(%L)$$, :'a_tenant_id'), $$values (false, now())$$,
  'the key shows as disabled since now');
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[{"kind": "log", "name": "x"}]')$$, :'a_ingest_key'), 'PT401', 'This ingest key is disabled.', 'a disabled key is refused');

select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), 'an admin enables the key again');
select results_eq(format($$select enabled, disabled_at from vigil_api.list_ingest_keys(%L)$$, :'a_tenant_id'), $$values (true, null::timestamptz)$$,
  'the key shows as enabled');
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "x"}]') ->> 'accepted', '1', 'the enabled key ingests again');

select tests.authenticate_as_service_role();
select lives_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), 'the service role disables any key');
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[]')$$, :'a_ingest_key'), 'PT401', 'This ingest key is disabled.', 'the key the service role disabled is refused');
select tests.authenticate_as_service_role();
select lives_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), 'the service role enables any key');

select tests.clear_authentication();
select * from finish();
rollback;
