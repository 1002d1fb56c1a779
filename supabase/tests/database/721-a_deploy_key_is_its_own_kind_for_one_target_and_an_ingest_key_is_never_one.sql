-- Deploy keys share the ingest keys' machinery (hash only, rotate, disable) but are their own kind:
-- an ingest key, whatever kinds it allows, never reports a deploy, and a deploy key never ingests.
begin;
select plan(15);

select * from tests.make_tenant('dkeys') \gset t_
select tests.deploy_target(:'t_tenant_id') as target \gset
select vigil_api.create_ingest_key(:'t_tenant_id', 'browser', null) ->> 'key' as any_kind_key \gset

select tests.authenticate_as(:'t_operator_id');
select throws_ok(format($$select vigil_api.create_deploy_key(%L)$$, :'target'),
  '42501', 'You must be an admin of the tenant that owns this deploy target.', 'an operator cannot create a deploy key');

select tests.authenticate_as(:'t_admin_id');
select vigil_api.create_deploy_key(:'target', 'github') as created \gset
select matches((:'created'::jsonb) ->> 'key', '^vd_[0-9a-f]{64}$', 'an admin gets the deploy key once, with its own prefix');
select throws_ok($$select key_hash from vigil.deploy_keys$$, '42501', null, 'an admin cannot read the hashes');
select is((select key_prefix from vigil_api.list_deploy_keys(:'t_tenant_id')), left((:'created'::jsonb) ->> 'key', 11), 'the list shows a prefix only');
select tests.clear_authentication();
select is((select count(*)::int from vigil.deploy_keys where key_hash = vigil._hash_key((:'created'::jsonb) ->> 'key')), 1,
  'only its hash is stored');

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_1"}')$$, :'t_ingest_key'),
  'PT401', 'Unknown deploy key.', 'an ingest key is refused as a deploy key');
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_1"}')$$, :'any_kind_key'),
  'PT401', 'Unknown deploy key.', 'an ingest key allowing every kind is refused as a deploy key too');
select throws_ok(format($$select vigil_api.ingest(%L, '[{"kind": "log", "name": "x"}]')$$, (:'created'::jsonb) ->> 'key'),
  'PT401', 'Unknown ingest key.', 'a deploy key is refused as an ingest key');
select is(vigil_api.report_deployment((:'created'::jsonb) ->> 'key', '{"id": "dpl_1"}') ->> 'status', 'watching',
  'anon reports a deployment with the deploy key');
select tests.clear_authentication();

select tests.authenticate_as(:'t_admin_id');
select vigil_api.rotate_deploy_key(((:'created'::jsonb) ->> 'id')::uuid) ->> 'key' as rotated \gset
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_2"}')$$, (:'created'::jsonb) ->> 'key'),
  'PT401', 'Unknown deploy key.', 'a key rotated without grace is retired at once');
select lives_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_2"}')$$, :'rotated'), 'the new key works');

select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.disable_deploy_key(%L)$$, (:'created'::jsonb) ->> 'id'),
  '42501', 'You must be an admin of the tenant that owns this deploy key.', 'a viewer cannot disable a deploy key');
select tests.authenticate_as(:'t_admin_id');
select lives_ok(format($$select vigil_api.disable_deploy_key(%L)$$, (:'created'::jsonb) ->> 'id'), 'an admin disables it');
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_3"}')$$, :'rotated'),
  'PT401', 'This deploy key is disabled.', 'a disabled deploy key is refused');
select tests.authenticate_as(:'t_admin_id');
select vigil_api.enable_deploy_key(((:'created'::jsonb) ->> 'id')::uuid);
select tests.authenticate_as_anon();
select lives_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_3"}')$$, :'rotated'), 'enabled again, it works');
select tests.clear_authentication();

select * from finish();
rollback;
