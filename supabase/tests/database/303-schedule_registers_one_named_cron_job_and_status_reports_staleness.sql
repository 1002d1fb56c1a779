-- schedule() registers one named pg_cron job (idempotent); maintenance_status reports staleness.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(20);

select is(vigil._cron_interval_seconds('* * * * *'), 60, 'every minute is a 60 s interval');
select is(vigil._cron_interval_seconds('*/5 * * * *'), 300, 'every five minutes is 300 s');
select is(vigil._cron_interval_seconds('30 seconds'), 30, 'an interval in seconds is read as such');
select is(vigil._cron_interval_seconds('0 9 * * 1-5'), null, 'an irregular schedule has no single interval');

select is(vigil_api.schedule() ->> 'schedule', '* * * * *', 'schedule() registers maintenance every minute by default');
select results_eq($$ select command from cron.job where jobname = 'vigil-maintenance' $$,
                  $$ values ('select vigil.run_maintenance()'::text) $$,
                  'the job''s command is one function call');
select vigil_api.schedule('*/5 * * * *') ->> 'jobid';
select is((select count(*) from cron.job where jobname = 'vigil-maintenance'), 1::bigint, 'scheduling twice keeps one job');
select results_eq($$ select schedule || ' ' || command from cron.job where jobname = 'vigil-watchdog' $$,
                  $$ values ('*/5 * * * * select vigil.evaluate_alerts()') $$,
                  'and one watchdog job evaluates alerts on its own, so a stopped maintenance still pages');
select is((select schedule from cron.job where jobname = 'vigil-maintenance'), '*/5 * * * *', 'scheduling again changes the schedule');
select is((select interval_seconds from vigil.maintenance_settings), 300, 'the expected interval follows the schedule');
select throws_ok($$ select vigil_api.schedule('every tuesday') $$, '22023', '''every tuesday'' is not a schedule pg_cron accepts.',
                 'an invalid schedule is refused with a sentence');

select vigil.run_maintenance();
select is(vigil_api.maintenance_status() ->> 'stale', 'false', 'right after a run maintenance is not stale');
select is(vigil_api.maintenance_status(now() + interval '16 minutes') ->> 'stale', 'true',
          'three intervals (15 minutes) without a heartbeat is stale');
select is(vigil.heartbeat_missing(now() + interval '16 minutes'), 1::double precision, 'and heartbeat_missing reports 1');

select is(vigil_api.maintenance_status() -> 'scheduled', 'true', 'maintenance_status says maintenance is scheduled');
select ok(vigil_api.unschedule(), 'unschedule() removes the job');
select is(vigil_api.maintenance_status() -> 'scheduled', 'false', 'and then that it is not');
select is_empty($$ select 1 from cron.job where jobname = 'vigil-watchdog' $$, 'unschedule() removes the watchdog too');
select ok(not vigil_api.unschedule(), 'unscheduling again is harmless and says there was nothing');

-- Access: database-wide status is for the service role and members of the vigil-system tenant.
select tests.throws_as(tests.create_user('maint-303@example.com'), $$ select vigil_api.maintenance_status() $$,
  '42501', 'You must be a viewer of this tenant to do this.', 'a user outside the vigil-system tenant may not read maintenance status');

select * from finish();
rollback;
