-- The database-wide alert metrics are thin wrappers over maintenance's measures: the window's end is
-- "now" and its start is "since", so the clock is driven like any evaluation. Only the vigil-system
-- tenant reads them; any other tenant gets no data.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
begin;
select plan(17);

select vigil.system_tenant_id() as sys \gset
select * from tests.make_tenant('wire-values') \gset t_

select set_eq($$select name || ' ' || fn || ' ' || unit || ' ' || scope from vigil.alert_metrics where scope = 'system'$$,
  array['heartbeat_missing vigil.metric_heartbeat_missing(uuid, tstzrange) number system',
        'db_connections_pct vigil.metric_db_connections_pct(uuid, tstzrange) percent system',
        'db_size_pct vigil.metric_db_size_pct(uuid, tstzrange) percent system',
        'cron_job_failures vigil.metric_cron_job_failures(uuid, tstzrange) count system',
        'stale_views vigil.metric_stale_views(uuid, tstzrange) count system',
        'backup_age_hours vigil.metric_backup_age_hours(uuid,tstzrange) number system',
        'backup_failed vigil.metric_backup_failed(uuid,tstzrange) number system',
        'restore_drill_age_days vigil.metric_restore_drill_age_days(uuid,tstzrange) number system'],
  'the eight database-wide metrics (three of them on backups) are registered with their wrapper, unit and system scope');
select is((select scope || ' ' || to_regprocedure(fn)::text from vigil.alert_metrics where name = 'notifications_dead'),
  'tenant vigil.metric_dead_notifications(uuid,tstzrange)', 'notifications_dead stays a per-tenant metric');

-- heartbeat_missing: 1 when no run ever completed, 0 within three intervals of a heartbeat, 1 after.
select is(vigil.metric_heartbeat_missing(:'sys', tstzrange(now() - interval '5 minutes', now())), 1::numeric,
  'heartbeat_missing is 1 when maintenance never ran');
insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
values (now(), now(), 1, 0, '{}');
select is(vigil.metric_heartbeat_missing(:'sys', tstzrange(now() - interval '5 minutes', now() + interval '3 minutes')), 0::numeric,
  'heartbeat_missing is 0 three intervals (of 60 s) after a heartbeat');
select is(vigil.metric_heartbeat_missing(:'sys', tstzrange(now(), now() + interval '3 minutes 1 second')), 1::numeric,
  'and 1 once three intervals have passed at the window''s end');

-- db_connections_pct and db_size_pct: the latest sample at the window's end, none older than 15 minutes.
select vigil._record_system_event('db_metric', 'connections_pct', 42.5, '{}', now() - interval '1 minute');
select vigil._record_system_event('db_metric', 'connections_pct', 37, '{}', now() - interval '3 minutes');
select vigil._record_system_event('db_metric', 'db_size_pct', 81.25, '{}', now() - interval '1 minute');
select is(vigil.metric_db_connections_pct(:'sys', tstzrange(now() - interval '5 minutes', now())), 42.5::numeric,
  'db_connections_pct is the latest connections sample');
select is(vigil.metric_db_connections_pct(:'sys', tstzrange(now() - interval '7 minutes', now() - interval '2 minutes')), 37::numeric,
  'read at an earlier clock, it is the sample that was latest then');
select is(vigil.metric_db_connections_pct(:'sys', tstzrange(now(), now() + interval '20 minutes')), null,
  'a sample older than 15 minutes is no data');
select is(vigil.metric_db_size_pct(:'sys', tstzrange(now() - interval '15 minutes', now())), 81.25::numeric,
  'db_size_pct is the latest size sample');

-- cron_job_failures: failed runs that ended in (since, until].
insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
values (424242, 424242, current_database(), 'postgres', 'select 1/0', 'failed', 'division by zero',
        now() + interval '1 day' - interval '2 minutes', now() + interval '1 day' - interval '1 minute');
select is(vigil.metric_cron_job_failures(:'sys', tstzrange(now() + interval '1 day' - interval '5 minutes', now() + interval '1 day')), 1::numeric,
  'cron_job_failures counts a run that failed inside the window');
select is(vigil.metric_cron_job_failures(:'sys', tstzrange(now() + interval '1 day' - interval '10 minutes', now() + interval '1 day' - interval '5 minutes')), 0::numeric,
  'and not one that failed after the window''s end');

-- stale_views: registered views older than twice their interval at the window's end.
create materialized view public.wire_500_view as select 1 as x;
select vigil_api.register_view('public.wire_500_view', '1 hour');
select is(vigil.metric_stale_views(:'sys', tstzrange(now() + interval '3 hours' - interval '5 minutes', now() + interval '3 hours')),
  vigil.stale_view_count(now() + interval '3 hours')::numeric, 'stale_views is stale_view_count at the window''s end');
select ok(vigil.metric_stale_views(:'sys', tstzrange(now() + interval '3 hours' - interval '5 minutes', now() + interval '3 hours'))
  > vigil.metric_stale_views(:'sys', tstzrange(now() - interval '5 minutes', now())), 'a view never refreshed for three hours counts as stale');

-- Any other tenant reads nothing.
select is(vigil.metric_heartbeat_missing(:'t_tenant_id', tstzrange(now() - interval '5 minutes', now())), null,
  'heartbeat_missing is no data for an app tenant');
select is(vigil.metric_db_connections_pct(:'t_tenant_id', tstzrange(now() - interval '5 minutes', now())), null,
  'db_connections_pct is no data for an app tenant');
select is(vigil.metric_db_size_pct(:'t_tenant_id', tstzrange(now() - interval '5 minutes', now())), null,
  'db_size_pct is no data for an app tenant');
select is(vigil.metric_cron_job_failures(:'t_tenant_id', tstzrange(now() + interval '1 day' - interval '5 minutes', now() + interval '1 day')), null,
  'cron_job_failures is no data for an app tenant');

select * from finish();
rollback;
