-- vigil_api.create_ingest_key: tenant admins and the service role create keys; the key is returned
-- once and stored only as its SHA-256 hash, so a leak of the table leaks no key.
begin;
select plan(19);

select * from tests.make_two_tenants() \gset

select * from tests.refused_below('admin', format($$select vigil_api.create_ingest_key(%L)$$, :'a_tenant_id'), 'create a key');

select tests.authenticate_as(:'a_admin_id');
select vigil_api.create_ingest_key(:'a_tenant_id', 'browser', array['page_view', 'error'], 120) as created \gset
select is((:'created'::jsonb) - 'id' - 'key' - 'prefix', '{"allowed_kinds": ["page_view", "error"], "events_per_minute": 120}'::jsonb,
  'an admin creates a key with its allowed kinds and budget');
select matches((:'created'::jsonb) ->> 'key', '^vk_[0-9a-f]{64}$', 'the key is vk_ and 64 hex digits');
select is((:'created'::jsonb) ->> 'prefix', left((:'created'::jsonb) ->> 'key', 11), 'the prefix is the key''s first 11 characters');
select throws_ok(format($$select vigil_api.create_ingest_key(%L, 'bad', array['page_view', 'bogus'])$$, :'a_tenant_id'),
  '22023', 'allowed_kinds: unknown kind ''bogus''.', 'an unknown allowed kind is refused');
select throws_ok(format($$select vigil_api.create_ingest_key(%L, '')$$, :'a_tenant_id'),
  '22023', 'name must be 1 to 100 characters.', 'an empty key name is refused with a sentence');
select throws_ok(format($$select vigil_api.create_ingest_key(%L, repeat('n', 101))$$, :'a_tenant_id'),
  '22023', 'name must be 1 to 100 characters.', 'a key name over 100 characters is refused with a sentence, not a constraint error echoing the row');
select throws_ok(format($$select vigil_api.create_ingest_key(%L, 'bad', null, 0)$$, :'a_tenant_id'),
  '22023', 'events_per_minute must be between 1 and 10000000.', 'a budget below 1 is refused');
select throws_ok(format($$select vigil_api.create_ingest_key(%L, 'bad', null, 10000001)$$, :'a_tenant_id'),
  '22023', 'events_per_minute must be between 1 and 10000000.', 'a budget above 10000000 is refused');

select tests.authenticate_as_anon();
select is(vigil_api.ingest((:'created'::jsonb) ->> 'key', '[{"kind": "page_view", "name": "/"}]') ->> 'accepted', '1', 'the new key ingests');

select tests.authenticate_as_service_role();
select is(vigil_api.create_ingest_key(:'b_tenant_id', 'server') ->> 'events_per_minute', '6000', 'the service role creates a key for any tenant, 6000 a minute by default');

select tests.clear_authentication();
select is((select key_hash from vigil.ingest_keys where id = ((:'created'::jsonb) ->> 'id')::uuid),
  sha256(convert_to((:'created'::jsonb) ->> 'key', 'UTF8')), 'the stored hash is the SHA-256 of the key');
select is_empty(format($$select 1 from vigil.ingest_keys k where strpos(to_jsonb(k)::text, %L) > 0 or strpos(to_jsonb(k)::text, %L) > 0$$,
    (:'created'::jsonb) ->> 'key', substr((:'created'::jsonb) ->> 'key', 12)),
  'the key appears nowhere in vigil.ingest_keys, neither whole nor past its prefix');
select is((select created_by from vigil.ingest_keys where id = ((:'created'::jsonb) ->> 'id')::uuid), :'a_admin_id'::uuid, 'the key records who created it');
select is_empty(format($$select 1 from vigil_api.list_ingest_keys(%L) l where strpos(to_jsonb(l)::text, %L) > 0$$, :'a_tenant_id', (:'created'::jsonb) ->> 'key'),
  'listing the keys never shows the key again');

select * from finish();
rollback;
