-- Rule: an empty batch is valid (an SDK flushing an empty queue): it checks the key, stores nothing and
-- spends no budget.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[]'), '{"accepted": 0, "rejected": []}'::jsonb, 'an empty batch answers accepted 0 and no rejection');
select tests.clear_authentication();
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
