-- vigil_api.disable_ingest_key / enable_ingest_key: admins of the key's tenant and the service role
-- switch a key off and on; a disabled key is refused at once and works again once enabled.
begin;
select plan(19);

select * from tests.make_two_tenants() \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select * from tests.refused_below('admin', format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), 'disable a key',
  'You must be an admin of the tenant that owns this ingest key.');
select * from tests.refused_below('admin', format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), 'enable a key',
  'You must be an admin of the tenant that owns this ingest key.');

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
