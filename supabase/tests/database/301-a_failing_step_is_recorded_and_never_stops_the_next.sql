-- A step that raises is undone and recorded (summary, run row, log event); the steps after it still run.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(9);

create table tests.step_side_effects (note text);
create function tests.failing_step() returns jsonb language plpgsql set search_path = '' as $$
begin
  insert into tests.step_side_effects values ('half done');
  raise exception using errcode = 'XX001', message = 'the disk is on fire';
end $$;
create function tests.dropped_step() returns jsonb language sql set search_path = '' as $$ select '{}'::jsonb $$;
insert into vigil.maintenance_steps (name, fn, position, description)
values ('test_failing', 'tests.failing_step()', 35, 'fails on purpose'),
       ('test_dropped', 'tests.dropped_step()', 36, 'its function is dropped below');
-- fn is text (no reg* column, so pg_upgrade works), so nothing stops the function being dropped.
drop function tests.dropped_step();

create temp table run as select vigil.run_maintenance() as s;
create temp table steps as select x ->> 'step' as step, x ->> 'status' as status, x ->> 'error' as error, x ->> 'sqlstate' as sqlstate
  from run, jsonb_array_elements(s -> 'steps') x;

select is((select s ->> 'status' from run), 'failed', 'a run with a failing step reports failed');
select is((select (s ->> 'steps_failed')::int from run), 2, 'it counts the failing steps');
select is((select error || ' ' || sqlstate from steps where step = 'test_failing'), 'the disk is on fire XX001',
          'the failing step''s error and SQLSTATE are in the summary');
select is((select error || ' ' || sqlstate from steps where step = 'test_dropped'),
          'Step test_dropped names a function that does not exist: tests.dropped_step(). 42883',
          'a step whose function was dropped fails alone, with a sentence');
select is_empty($$ select 1 from tests.step_side_effects $$, 'what the failing step wrote is undone');
select set_eq($$ select step from steps where status = 'ok' $$,
              $$ select name from vigil.maintenance_steps where enabled and name not like 'test_%' $$,
              'every other step, before and after the failing one, still ran');
select ok(exists (select 1 from vigil.events e
                  where e.tenant_id = vigil.system_tenant_id() and e.kind = 'log'
                    and e.name = 'maintenance step failed: test_failing'
                    and e.attributes ->> 'level' = 'error' and e.attributes ->> 'message' = 'the disk is on fire'
                    and not e.success),
          'the failure is recorded as an error log event of the vigil-system tenant');
select is((select steps_failed from vigil.maintenance_runs order by id desc limit 1), 2, 'the heartbeat row counts the failures');
select ok(vigil_api.maintenance_status() -> 'failed_steps' @> '[{"step": "test_failing", "error": "the disk is on fire"}]',
          'maintenance_status names the failed step and its error');

select * from finish();
rollback;
