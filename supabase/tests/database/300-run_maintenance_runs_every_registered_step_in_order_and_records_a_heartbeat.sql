-- run_maintenance runs each enabled registered step by position, times it, and leaves a heartbeat.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(11);

select set_eq($$ select name || ':' || position from vigil.maintenance_steps
                 where name in ('retention', 'heal', 'views', 'db_health', 'scheduler_watch', 'housekeeping') $$,
  $$ values ('retention:95'), ('heal:30'), ('views:40'), ('db_health:50'), ('scheduler_watch:60'), ('housekeeping:90') $$,
  'the maintenance steps are registered at their agreed positions');

create temp table before_runs as select count(*) as n from vigil.maintenance_runs;
create temp table run as select vigil.run_maintenance() as s;

select is((select s ->> 'status' from run), 'ok', 'a run with no failing step reports ok');
select is(array(select x ->> 'step' from run, jsonb_array_elements(s -> 'steps') x),
          array(select name from vigil.maintenance_steps where enabled order by position, name),
          'the summary lists every enabled step in position order');
select ok((select bool_and(jsonb_typeof(x -> 'duration_ms') = 'number' and x ->> 'status' = 'ok')
           from run, jsonb_array_elements(s -> 'steps') x),
          'every step is timed and succeeded');
select ok((select s -> 'steps' -> -1 -> 'result' ? 'keep_days' from run), 'each step''s result (its counts) is in the summary');
select is((select count(*) from vigil.maintenance_runs) - (select n from before_runs), 1::bigint, 'the run leaves one heartbeat row');
select is((select (s ->> 'run_id')::bigint from run), (select max(id) from vigil.maintenance_runs), 'the summary names its heartbeat row');
select is(vigil.heartbeat_missing(), 0::double precision, 'right after a run the heartbeat is not missing');

update vigil.maintenance_steps set enabled = false where name = 'housekeeping';
select ok(not exists (select 1 from jsonb_array_elements(vigil.run_maintenance() -> 'steps') x where x ->> 'step' = 'housekeeping'),
          'a disabled step is not run');

select tests.authenticate_as_service_role();
select is(vigil.run_maintenance() ->> 'status', 'ok', 'the service role may run maintenance');
select tests.throws_as(tests.create_user('maint-300@example.com'), $$ select vigil.run_maintenance() $$,
  '42501', 'permission denied for function run_maintenance', 'a signed-in user may not run maintenance');

select * from finish();
rollback;
