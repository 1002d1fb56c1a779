-- JSON has one number type and many spellings. An event that passes validation is stored whatever
-- the spelling: 200.0 is status 200 and 1e-400 (a double's underflow, 0 in JavaScript) is 0. Before
-- this held, one such event raised an error and took its whole batch with it.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "neighbour"},
    {"kind": "api_call", "name": "status 200.0", "status_code": 200.0},
    {"kind": "api_call", "name": "status 5e2", "status_code": 5e2},
    {"kind": "operation", "name": "duration 1e-400", "duration_ms": 1e-400},
    {"kind": "operation", "name": "duration 1.5e2", "duration_ms": 1.5e2},
    {"kind": "db_metric", "name": "value -1e-400", "value": -1e-400},
    {"kind": "db_metric", "name": "value 2.50", "value": 2.50}]'),
  '{"accepted": 7, "rejected": []}'::jsonb, 'a batch with numbers spelt 200.0, 5e2, 1e-400 and 1.5e2 is accepted whole');
select tests.clear_authentication();
select results_eq(format('select name collate "default", status_code::integer, duration_ms, value from vigil.events where tenant_id = %L order by id', :'a_tenant_id'),
  $$values ('neighbour', null::integer, null::double precision, null::double precision), ('status 200.0', 200, null, null), ('status 5e2', 500, null, null),
           ('duration 1e-400', null, 0, null), ('duration 1.5e2', null, 150, null), ('value -1e-400', null, null, 0), ('value 2.50', null, null, 2.5)$$,
  'each number is stored as the value it spells');
select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.track(%L, 'api_call', 'tracked', p_event => '{"status_code": 404.0, "duration_ms": 1e-400}')$$, :'a_tenant_id'),
  'track stores the same spellings');
select tests.clear_authentication();
select * from finish();
rollback;
