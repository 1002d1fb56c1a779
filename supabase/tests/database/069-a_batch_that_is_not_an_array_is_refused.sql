-- Rule: the batch is a JSON array; anything else is refused with 22023 (HTTP 400) before the key is looked at.
begin;
select plan(5);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_refuses(:'a_ingest_key', '{"kind": "log", "name": "x"}',
  '22023', 'events must be a JSON array of event objects.', 'a single event object instead of an array is refused');
select tests.ingest_refuses(:'a_ingest_key', '"events"',
  '22023', 'events must be a JSON array of event objects.', 'a string is refused');
select tests.ingest_refuses(:'a_ingest_key', null,
  '22023', 'events must be a JSON array of event objects.', 'a null batch is refused');
select tests.ingest_refuses(:'a_ingest_key', 'null',
  '22023', 'events must be a JSON array of event objects.', 'a JSON null is refused');
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
