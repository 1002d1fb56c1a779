-- The security definer functions behind vigil_api are granted to authenticated so the invoker API can
-- call them. They must therefore check the caller themselves: calling one directly gives a user no
-- more than the API would.
begin;
select plan(9);

select * from tests.make_tenant('test-acme') \gset a_
select tests.create_user('test-stranger@example.com') as stranger \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil._create_ingest_key(%L, 'x', null, 6000)$$, :'a_tenant_id'), '42501', 'You must be an admin of this tenant to do this.',
  'a viewer cannot create a key through vigil._create_ingest_key');
select throws_ok(format($$select vigil._rotate_ingest_key(%L, '0')$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.',
  'a viewer cannot rotate a key through vigil._rotate_ingest_key');
select throws_ok(format($$select vigil._set_ingest_key_enabled(%L, false)$$, :'key_id'), '42501', 'You must be an admin of the tenant that owns this ingest key.',
  'a viewer cannot disable a key through vigil._set_ingest_key_enabled');
select throws_ok(format($$select vigil._set_member(%L, %L, 'admin')$$, :'a_tenant_id', :'a_viewer_id'), '42501', 'You must be an admin of this tenant to do this.',
  'a viewer cannot promote itself through vigil._set_member');
select throws_ok(format($$select vigil._create_tenant('Theirs', 'theirs', %L)$$, :'stranger'), '42501', 'Only the service role can create a tenant for another user.',
  'a user cannot create a tenant for someone else through vigil._create_tenant');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil._track(%L, '{"kind": "log", "name": "x"}')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.',
  'a non-member cannot write events through vigil._track');
select throws_ok(format($$select vigil._store_events(%L, '[{"kind": "log", "name": "x"}]', null, null)$$, :'a_tenant_id'), '42501', 'permission denied for function _store_events',
  'nobody but the owner may call vigil._store_events, which trusts its tenant argument');
select throws_ok($$select vigil._ensure_partition(current_date + 20)$$, '42501', 'permission denied for function _ensure_partition',
  'a user cannot create partitions through vigil._ensure_partition');

select tests.clear_authentication();
select results_eq(format($$select count(*)::integer from vigil.members where tenant_id = %L and role = 'admin'$$, :'a_tenant_id'), 'values (1)',
  'nothing changed: the tenant still has its one admin');

select * from finish();
rollback;
