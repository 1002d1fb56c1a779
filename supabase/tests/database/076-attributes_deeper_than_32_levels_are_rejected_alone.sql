-- Rule: attributes nest at most 32 levels (the object itself is the first). Deeper is rejected with a
-- reason, alone: the rest of the batch is stored, whichever way the batch is stored.
begin;
select plan(5);

select * from tests.make_tenant('test-acme') \gset a_
-- {"a": [[...1...]]}: the object and n - 1 arrays make n levels.
create temp table deep as
  select n, format('{"a": %s1%s}', repeat('[', n - 1), repeat(']', n - 1))::jsonb as attributes
  from (values (32), (33), (4000)) v(n);
grant select on deep to anon;

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', (select jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'thirty-two', 'attributes', attributes)) from deep where n = 32)),
  '{"accepted": 1, "rejected": []}'::jsonb, 'attributes 32 levels deep are accepted');
select is(vigil_api.ingest(:'a_ingest_key', (select jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'ok-1'),
    jsonb_build_object('kind', 'log', 'name', 'thirty-three', 'attributes', attributes), jsonb_build_object('kind', 'log', 'name', 'ok-2')) from deep where n = 33)),
  '{"accepted": 2, "rejected": [{"index": 1, "reason": "attributes must be at most 32 levels deep"}]}'::jsonb,
  'attributes 33 levels deep are rejected alone, with the reason');
select is(vigil_api.ingest(:'a_ingest_key', (select jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'four-thousand', 'attributes', attributes),
    jsonb_build_object('kind', 'log', 'name', 'ok-3')) from deep where n = 4000)),
  '{"accepted": 1, "rejected": [{"index": 0, "reason": "attributes must be at most 32 levels deep"}]}'::jsonb,
  'attributes 4,000 levels deep (under 8 KB) are rejected by depth, before size, and nothing raises');
select tests.clear_authentication();
select set_eq(format('select name from vigil.events where tenant_id = %L', :'a_tenant_id'), array['thirty-two', 'ok-1', 'ok-2', 'ok-3'],
  'every other event is stored');

-- Shallow attributes with many brackets (more than 32, as the fast path counts) are still accepted.
select * from tests.store_both_ways(jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'wide',
    'attributes', jsonb_build_object('a', (select jsonb_agg('[]'::jsonb) from generate_series(1, 40)))))) \gset r_
select is(:'r_chosen'::jsonb, '{"accepted": 1, "rejected": []}'::jsonb, 'forty empty arrays side by side are three levels, not forty-two');
select * from finish();
rollback;
