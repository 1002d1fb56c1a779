-- anon, the role a browser holds, can do exactly one thing: send events with an ingest key. Every
-- other API function and every internal reader is refused before it runs.
begin;
select plan(17);

select * from tests.make_tenant('test-acme') \gset a_
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "page_view", "name": "/"}]'),
  '{"accepted": 1, "rejected": []}'::jsonb, 'anon ingests an event with a valid key');
select throws_ok($$select vigil_api.ingest('vk_not_a_key', '[]')$$, 'PT401', 'Unknown ingest key.', 'anon without a valid key is refused');

select throws_ok($$select vigil_api.create_tenant('X', 'x')$$, '42501', 'permission denied for function create_tenant', 'anon cannot create a tenant');
select throws_ok(format($$select vigil_api.add_member(%L, %L)$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'permission denied for function add_member', 'anon cannot add a member');
select throws_ok(format($$select vigil_api.remove_member(%L, %L)$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'permission denied for function remove_member', 'anon cannot remove a member');
select throws_ok(format($$select * from vigil_api.list_members(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function list_members', 'anon cannot list members');
select throws_ok($$select * from vigil_api.my_tenants()$$, '42501', 'permission denied for function my_tenants', 'anon cannot list tenants');
select throws_ok(format($$select vigil_api.create_ingest_key(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function create_ingest_key', 'anon cannot create an ingest key');
select throws_ok(format($$select vigil_api.rotate_ingest_key(%L)$$, :'key_id'), '42501', 'permission denied for function rotate_ingest_key', 'anon cannot rotate an ingest key');
select throws_ok(format($$select vigil_api.disable_ingest_key(%L)$$, :'key_id'), '42501', 'permission denied for function disable_ingest_key', 'anon cannot disable an ingest key');
select throws_ok(format($$select vigil_api.enable_ingest_key(%L)$$, :'key_id'), '42501', 'permission denied for function enable_ingest_key', 'anon cannot enable an ingest key');
select throws_ok(format($$select * from vigil_api.list_ingest_keys(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function list_ingest_keys', 'anon cannot list ingest keys');
select throws_ok(format($$select vigil_api.track(%L, 'log', 'x')$$, :'a_tenant_id'), '42501', 'permission denied for function track', 'anon cannot track without a key');
select throws_ok(format($$select * from vigil.window_stats(%L, now() - interval '1 hour', now())$$, :'a_tenant_id'),
  '42501', 'permission denied for function window_stats', 'anon cannot read statistics');
select throws_ok($$select vigil.ensure_partitions()$$, '42501', 'permission denied for function ensure_partitions', 'anon cannot create partitions');
select throws_ok(format($$select vigil._store_events(%L, '[{"kind": "log", "name": "x"}]', null, null)$$, :'a_tenant_id'),
  '42501', 'permission denied for function _store_events', 'anon cannot store events for a tenant it names');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 1, 'only the event sent with the key was stored');

select * from finish();
rollback;
