-- Rule: a batch holds at most 1,000 events; a bigger one is refused whole with PT413 (HTTP 413).
begin;
select plan(4);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'a_ingest_key',
    (select jsonb_agg(jsonb_build_object('kind', 'log', 'name', 'n' || i)) from generate_series(1, 1001) i)),
  'PT413', 'A batch holds at most 1000 events; this one has 1001.', 'a batch of 1001 events is refused: PT413');
select is(vigil_api.ingest(:'a_ingest_key', (select jsonb_agg(jsonb_build_object('kind', 'log', 'name', 'n' || i)) from generate_series(1, 1000) i)) ->> 'accepted',
  '1000', 'a batch of exactly 1000 events is accepted');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 1000, 'nothing of the refused batch was stored');
select is((select u.events from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = :'a_tenant_id'), 1000, 'the refused batch was not counted against the budget');
select * from finish();
rollback;
