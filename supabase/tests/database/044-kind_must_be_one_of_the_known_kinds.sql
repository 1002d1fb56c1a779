-- Rule: kind is one of DESIGN.md's twelve kinds, spelled exactly.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "metric", "name": "x"}, {"kind": "Operation", "name": "x"}, {"kind": "", "name": "x"}]',
  'kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom', 'an unknown, a capitalised and an empty kind are rejected: kind must be one of ...');
select is(tests.ingest_as_anon(:'a_ingest_key', (select jsonb_agg(jsonb_build_object('kind', k, 'name', 'x')) from unnest(array['operation', 'api_call', 'page_view',
    'error', 'user_action', 'web_vital', 'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom']) k)),
  '{"accepted": 12, "rejected": []}'::jsonb, 'each of the twelve kinds is accepted');
select is((select count(distinct kind)::integer from vigil.events where tenant_id = :'a_tenant_id'), 12, 'the twelve kinds were stored');
select * from finish();
rollback;
