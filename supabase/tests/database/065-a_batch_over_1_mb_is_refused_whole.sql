-- Rule: a batch is at most 1 MB of JSON; a bigger one is refused whole with PT413 (HTTP 413),
-- however few events it holds.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_refuses(:'a_ingest_key',
    (select jsonb_agg(jsonb_build_object('kind', 'log', 'name', 'n' || i, 'attributes', jsonb_build_object('s', repeat('a', 8000)))) from generate_series(1, 140) i),
  'PT413', 'A batch is at most 1 MB of JSON; this one is larger.', 'a batch of 140 events of 8 KB (1.1 MB) is refused');
select tests.ingest_refuses(:'a_ingest_key',
    jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'x'), jsonb_build_object('kind', 'log', 'name', 'x', 'error_message', repeat('m', 1048576))),
  'PT413', 'A batch is at most 1 MB of JSON; this one is larger.', 'a batch of two events, one holding a 1 MB string, is refused whole');
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
