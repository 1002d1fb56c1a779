-- vigil_api.ingest hands the batch text it rendered for the 1 MB cap to the fast path. The cap is
-- still exact (1,048,576 bytes of jsonb text pass, one more is refused), a clean batch is stored by
-- the fast path, and the budget is still counted last, for the whole batch.
begin;
select plan(7);

select * from tests.make_tenant('test-acme') \gset a_

-- 130 events of about 8 KB, and one whose attribute pads the batch to exactly 1 MB of jsonb text.
select jsonb_agg(jsonb_build_object('kind', 'log', 'name', 'n' || i, 'attributes', jsonb_build_object('s', repeat('a', 8000))))
  as base from generate_series(1, 130) i \gset
select 1048576 - octet_length((:'base'::jsonb || jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'pad',
  'attributes', jsonb_build_object('s', ''))))::text) as pad \gset
select (:'base'::jsonb || jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'pad',
  'attributes', jsonb_build_object('s', repeat('a', :pad)))))::text as exact \gset
select (:'base'::jsonb || jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'pad',
  'attributes', jsonb_build_object('s', repeat('a', :pad + 1)))))::text as over \gset
select is(octet_length(:'exact'), 1048576, 'the exact batch is 1,048,576 bytes of jsonb text');

select (pg_current_xact_id()::text::bigint % 4294967296)::text as top \gset
select tests.authenticate_as_anon();
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'a_ingest_key', :'over'),
  'PT413', 'A batch is at most 1 MB of JSON; this one is larger.', 'one byte more than 1 MB is refused whole: PT413');
select is(vigil_api.ingest(:'a_ingest_key', :'exact'), '{"accepted": 131, "rejected": []}'::jsonb,
  'a clean batch of exactly 1 MB is accepted whole');
select throws_ok($$select vigil._store_events(gen_random_uuid(), '[{"kind": "log", "name": "x"}]', null, null)$$,
  '42501', 'permission denied for function _store_events', 'anon cannot call the four-argument _store_events, which trusts its tenant');
select tests.clear_authentication();

select is((select count(*) from vigil.events where tenant_id = :'a_tenant_id'), 131::bigint, 'all 131 events are stored');
select ok((select bool_and(xmin::text <> :'top') from vigil.events where tenant_id = :'a_tenant_id'),
  'by the fast path');
select is((select u.events from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = :'a_tenant_id'),
  131, 'the accepted batch counts against the key''s budget, the refused one does not');

select * from finish();
rollback;
