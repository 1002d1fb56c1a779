-- vigil_api.ingest: the key is the only credential. anon, any signed-in user and the service role may
-- call it, and the events always land in the key's tenant, whoever sent them.
begin;
select plan(8);

select * from tests.make_two_tenants() \gset

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "from anon"}]') ->> 'accepted', '1', 'anon ingests with a key');
select tests.authenticate_as(:'a_viewer_id');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "from a viewer"}]') ->> 'accepted', '1', 'a member of the key''s tenant ingests with the key');
select tests.authenticate_as(:'stranger');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "from a user"}]') ->> 'accepted', '1', 'a signed-in user of no tenant ingests with a key');
select tests.authenticate_as(:'b_admin_id');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "from another tenant''s admin"}]') ->> 'accepted', '1',
  'an admin of another tenant ingests with this tenant''s key');
select tests.authenticate_as_service_role();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "from the service role"}]') ->> 'accepted', '1', 'the service role ingests with a key');
select throws_ok($$select vigil_api.ingest('vk_0000', '[]')$$, 'PT401', 'Unknown ingest key.', 'not even the service role ingests without a valid key');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 5, 'every event went to the key''s tenant');
select is_empty(format($$select 1 from vigil.events where tenant_id = %L$$, :'b_tenant_id'), 'none went to the tenant whose admin sent one');

select * from finish();
rollback;
