-- vigil_api.rotate_ingest_key with no grace: the new key works, the old one is refused at once.
-- Only admins of the key's tenant (and the service role) may rotate.
begin;
select plan(15);

select * from tests.make_two_tenants() \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select * from tests.refused_below('admin', format($$select vigil_api.rotate_ingest_key(%L)$$, :'key_id'), 'rotate a key', 'You must be an admin of the tenant that owns this ingest key.');
select throws_ok($$select vigil_api.rotate_ingest_key(gen_random_uuid())$$, '42501', 'You must be an admin of the tenant that owns this ingest key.',
  'a key that does not exist gets the same answer as one the caller may not touch');

select tests.authenticate_as(:'a_admin_id');
select throws_ok(format($$select vigil_api.rotate_ingest_key(%L, interval '-1 second')$$, :'key_id'), '22023', 'grace must be between 0 and 30 days.', 'a negative grace is refused');
select throws_ok(format($$select vigil_api.rotate_ingest_key(%L, interval '31 days')$$, :'key_id'), '22023', 'grace must be between 0 and 30 days.', 'a grace over 30 days is refused');
select vigil_api.rotate_ingest_key(:'key_id') as rotated \gset
select isnt((:'rotated'::jsonb) ->> 'key', :'a_ingest_key', 'an admin rotates the key and gets a new one');
select is((:'rotated'::jsonb) -> 'previous_valid_until', 'null'::jsonb, 'without grace the old key has no validity left');

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[]')$$, :'a_ingest_key'), 'PT401', 'Unknown ingest key.', 'the old key is refused at once');
select is(vigil_api.ingest((:'rotated'::jsonb) ->> 'key', '[{"kind": "log", "name": "x"}]') ->> 'accepted', '1', 'the new key ingests');

select tests.clear_authentication();
select results_eq(format($$select key_hash = sha256(convert_to(%L, 'UTF8')), previous_key_hash is null, rotated_at is not null from vigil.ingest_keys where id = %L$$,
    (:'rotated'::jsonb) ->> 'key', :'key_id'),
  $$values (true, true, true)$$, 'the row holds only the new key''s hash and the time of the rotation');

select tests.authenticate_as_service_role();
select isnt(vigil_api.rotate_ingest_key(:'key_id') ->> 'key', (:'rotated'::jsonb) ->> 'key', 'the service role rotates any key');
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.ingest(%L, '[]')$$, (:'rotated'::jsonb) ->> 'key'), 'PT401', 'Unknown ingest key.', 'the key it replaced is refused');

select tests.clear_authentication();
select * from finish();
rollback;
