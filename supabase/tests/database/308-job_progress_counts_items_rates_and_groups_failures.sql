-- Batch jobs: items recorded many at once, progress arithmetic, failures grouped, tenant isolation.
begin;
select plan(17);

select set_config('t.a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('jobs-a'))) x(k, v);
select set_config('t.b_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('jobs-b'))) x(k, v);

select tests.authenticate_as(current_setting('t.a_operator_id')::uuid);
select set_config('t.job', vigil_api.job_start(current_setting('t.a_tenant_id')::uuid, 'backfill order totals', 10)::text, true);
select is(vigil_api.job_record(current_setting('t.job')::uuid, $$[
  {"key": "o-1", "status": "success"}, {"key": "o-2", "status": "success"}, {"key": "o-3", "status": "success"},
  {"key": "o-4", "status": "failed", "error": "timeout"}, {"key": "o-5", "status": "failed", "error": "timeout"},
  {"key": "o-6", "status": "failed", "error": "row is locked"}, {"key": "o-7", "status": "skipped"},
  {"key": "o-8", "status": "pending"}, {"key": "o-8", "status": "success"}
]$$), 8, 'an operator records many items at once; a key repeated in a batch is written once, the last wins');

create temp table p as select vigil_api.job_progress(current_setting('t.job')::uuid, now() + interval '10 seconds') as j;
select is((select j -> 'counts' from p), '{"failed": 3, "pending": 0, "skipped": 1, "success": 4}', 'counts per status');
select is((select (j ->> 'total')::int || '/' || (j ->> 'done')::int from p), '10/8', 'total is the expected count, done the finished items');
select is((select (j ->> 'percent')::numeric from p), 80.00, 'percent complete');
select is((select (j ->> 'items_per_second')::numeric from p), 0.800, 'rate: 8 items in 10 seconds');
select is((select (j ->> 'eta_seconds')::numeric from p), 2.5, 'ETA: 2 items left at 0.8 a second');
select is((select j -> 'failures' from p),
          '[{"count": 2, "error": "timeout", "sample_keys": ["o-4", "o-5"]}, {"count": 1, "error": "row is locked", "sample_keys": ["o-6"]}]',
          'failures are grouped by error with sample keys, largest group first');

select vigil_api.job_record(current_setting('t.job')::uuid, '[{"key": "o-4", "status": "success"}]');
select is((select attempts from vigil.job_items where item_key = 'o-4'), 2, 'recording an item again counts an attempt');
select throws_ok($$ select vigil_api.job_record(current_setting('t.job')::uuid, '[{"key": "o-9", "status": "done"}]') $$, '22023',
  'Item 0 is invalid: each item needs a key (1 to 500 characters) and a status (pending, success, failed or skipped), and error must be a string.',
  'an invalid item is refused with its index');
select is(vigil_api.job_finish(current_setting('t.job')::uuid) ->> 'status', 'failed', 'a job with failed items finishes as failed');
select throws_ok($$ select vigil_api.job_record(current_setting('t.job')::uuid, '[{"key": "o-9", "status": "success"}]') $$, '22023',
  'This job is failed: items can only be recorded while it runs.', 'a finished job takes no more items');

select tests.authenticate_as(current_setting('t.a_viewer_id')::uuid);
select is(vigil_api.job_progress(current_setting('t.job')::uuid) ->> 'done', '8', 'a viewer reads progress');
select throws_ok($$ select vigil_api.job_start(current_setting('t.a_tenant_id')::uuid, 'x') $$, '42501',
  'You must be an operator of this tenant to do this.', 'a viewer may not start a job');
select tests.authenticate_as(current_setting('t.b_admin_id')::uuid);
select throws_ok($$ select vigil_api.job_progress(current_setting('t.job')::uuid) $$, '42501',
  'You must be a viewer of the tenant that owns this job.', 'another tenant''s admin may not read the job');
select throws_ok($$ select vigil_api.job_record(current_setting('t.job')::uuid, '[]') $$, '42501',
  'You must be an operator of the tenant that owns this job.', 'nor record items in it');
select is((select count(*) from vigil.job_items), 0::bigint, 'nor see its items through RLS');
select tests.authenticate_as_anon();
select throws_ok($$ select vigil_api.job_progress(current_setting('t.job')::uuid) $$, '42501',
  'permission denied for function job_progress', 'anon may not read jobs');
select tests.clear_authentication();

select * from finish();
rollback;
