-- The fold's argument holds only if every writer of vigil.events takes the writers' lock before it
-- draws an id and no session hands out ids from a cache: checked on the catalog, so a writer added
-- later without the lock fails here. The lock and the fold's bookkeeping are for the service role
-- and the fold alone, and a pass refuses a snapshot older than its wait.
begin isolation level repeatable read;
select plan(12);

select is((select cache_size from pg_sequences where schemaname = 'vigil' and sequencename = 'events_id_seq'), 1::bigint,
          'the event id sequence hands out ids one at a time (a cached id could come after a pass read past it)');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('vigil', 'vigil_api') and p.prosrc ~* 'insert\s+into\s+vigil\.events\M'
    and coalesce(strpos(p.prosrc, 'vigil.lock_events_for_writing()') > regexp_instr(p.prosrc, 'insert\s+into\s+vigil\.events\M', 1, 1, 0, 'i')
                 or strpos(p.prosrc, 'vigil.lock_events_for_writing()') = 0, true)
$$, 'every Vigil function that inserts into vigil.events takes the writers'' lock before its first insert');

select ok(exists (select 1 from pg_proc where oid = 'vigil._store_events(uuid, jsonb, text[], text)'::regprocedure
                                          and prosrc like '%vigil.lock_events_for_writing()%'),
          'the ingest path is one of them');

select throws_ok('select vigil.fold_rollups()', '55000',
  'Rollups fold only at the read committed isolation level: an older snapshot would miss events that commit while the pass waits.',
  'a pass refuses to run on a snapshot taken before its wait for the writers');

select * from tests.make_tenant('writers-112') \gset
select tests.throws_as(:'admin_id', 'select vigil.lock_events_for_writing()', '42501', 'permission denied for function lock_events_for_writing',
                       'a tenant admin cannot take the writers'' lock (it would hold up every pass)');
select tests.throws_as(:'viewer_id', 'select vigil._wait_for_event_writers(interval ''1 second'')', '42501',
                       'permission denied for function _wait_for_event_writers', 'a viewer cannot wait for the writers');
select tests.throws_as(:'admin_id', 'select * from vigil.rollup_passes', '42501', 'permission denied for table rollup_passes',
                       'a tenant admin cannot read the fold''s passes');
select is_empty($$
  select f || ' ' || r from unnest(array['vigil.lock_events_for_writing()', 'vigil._wait_for_event_writers(interval)', 'vigil.fold_rollups()']) f,
         unnest(array['anon', 'authenticated']) r
  where has_function_privilege(r, f, 'execute')
$$, 'neither anon nor authenticated may execute the lock, the wait or the fold');
select is_empty($$
  select t || ' ' || r from unnest(array['vigil.rollup_state', 'vigil.rollup_passes', 'vigil.rollup_deferred']) t,
         unnest(array['anon', 'authenticated']) r
  where has_table_privilege(r, t, 'select,insert,update,delete')
$$, 'neither anon nor authenticated may touch the fold''s bookkeeping');

select tests.authenticate_as_service_role();
select lives_ok('select vigil.lock_events_for_writing()', 'the service role takes the lock before writing events directly');
select ok((select count(*) >= 0 from vigil.rollup_passes), 'the service role reads the fold''s passes');
select throws_ok('update vigil.rollup_passes set folded = 0', '42501', 'permission denied for table rollup_passes',
                 'and cannot change them');
select tests.clear_authentication();

select * from finish();
rollback;
