-- vigil_api.rotate_ingest_key with a grace period: both keys work until the grace ends, then only
-- the new one does. Apps already shipped with the old key keep reporting while they update.
begin;
select plan(9);

select * from tests.make_tenant('test-acme') \gset a_
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select tests.authenticate_as(:'a_admin_id');
select vigil_api.rotate_ingest_key(:'key_id', interval '1 hour') as rotated \gset
select is(((:'rotated'::jsonb) ->> 'previous_valid_until')::timestamptz, now() + interval '1 hour', 'the old key stays valid for the grace period');

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "old"}]') ->> 'accepted', '1', 'the old key ingests during the grace period');
select is(vigil_api.ingest((:'rotated'::jsonb) ->> 'key', '[{"kind": "log", "name": "new"}]') ->> 'accepted', '1', 'the new key ingests too');

select tests.clear_authentication();
select results_eq(format($$select previous_key_hash = sha256(convert_to(%L, 'UTF8')) from vigil.ingest_keys where id = %L$$, :'a_ingest_key', :'key_id'),
  $$values (true)$$, 'the old key is kept as a hash too');
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 2, 'both keys'' events went to the key''s tenant');

-- The grace ends: move its end into the past rather than wait an hour.
update vigil.ingest_keys set previous_valid_until = now() - interval '1 second' where id = :'key_id';
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[]')$$, :'a_ingest_key'), 'PT401', 'Unknown ingest key.', 'the old key is refused once the grace has ended');
select is(vigil_api.ingest((:'rotated'::jsonb) ->> 'key', '[]') ->> 'accepted', '0', 'the new key still works');

-- A second rotation with grace keeps only the key just replaced: the first one stays dead.
select tests.authenticate_as(:'a_admin_id');
select vigil_api.rotate_ingest_key(:'key_id', interval '1 day') as again \gset
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[]')$$, :'a_ingest_key'), 'PT401', 'Unknown ingest key.', 'a key two rotations back is refused');
select is(vigil_api.ingest((:'rotated'::jsonb) ->> 'key', '[]') ->> 'accepted', '0', 'the key one rotation back works during its grace');

select tests.clear_authentication();
select * from finish();
rollback;
