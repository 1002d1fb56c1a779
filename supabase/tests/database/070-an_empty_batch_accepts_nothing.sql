-- Rule: an empty batch is valid (an SDK flushing an empty queue): it checks the key, stores nothing and
-- spends no budget.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[]'), '{"accepted": 0, "rejected": []}'::jsonb, 'an empty batch answers accepted 0 and no rejection');
select tests.clear_authentication();
select is_empty(format('select 1 from vigil.events where tenant_id = %1$L union all select 1 from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = %1$L', :'a_tenant_id'), 'nothing was stored or counted');
select * from finish();
rollback;
