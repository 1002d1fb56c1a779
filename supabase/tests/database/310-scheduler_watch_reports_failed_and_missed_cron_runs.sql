-- Failed and missed pg_cron runs of every job become events and the cron_job_failures metric; old history is pruned.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
begin;
select plan(12);

select set_config('t.job', cron.schedule('app-nightly-report', '* * * * *', 'select 1')::text, true);
update vigil.maintenance_settings set cron_watched_until = now() - interval '5 minutes';
insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message, start_time, end_time)
values (current_setting('t.job')::bigint, nextval('cron.runid_seq'), 1, 'postgres', 'postgres', 'select 1', 'failed',
        'ERROR: relation "reports" does not exist', now() - interval '2 minutes', now() - interval '119 seconds'),
       (current_setting('t.job')::bigint, nextval('cron.runid_seq'), 1, 'postgres', 'postgres', 'select 1', 'succeeded',
        '1 row', now() - interval '9 days', now() - interval '9 days');

create temp table w as select vigil.watch_scheduler(now()) as r;
select is((select (r ->> 'failed_runs')::int from w), 1, 'a failed run since the last watch is found');
select ok(exists (select 1 from vigil.events e where e.tenant_id = vigil.system_tenant_id() and e.kind = 'log'
                  and e.name = 'cron job failed: app-nightly-report'
                  and e.attributes ->> 'return_message' = 'ERROR: relation "reports" does not exist'),
          'it becomes an error log event naming the job and its message, for any job, not only Vigil''s');
select is((select (r ->> 'pruned_run_details')::int from w), 1, 'run history older than 7 days is pruned');
select is(vigil.cron_job_failures(now() - interval '5 minutes'), 1::double precision, 'cron_job_failures counts the failed run');
select is((vigil.watch_scheduler(now() + interval '1 second') ->> 'failed_runs')::int, 0, 'a failure is reported once');

-- The job's last start is 2 minutes ago; three periods (3 minutes) later without a start it is missing.
select is((vigil.watch_scheduler(now() + interval '10 minutes') ->> 'newly_missing')::int, 1, 'a job that stopped running is missing');
select ok(exists (select 1 from vigil.events e where e.tenant_id = vigil.system_tenant_id() and e.name = 'cron job missed: app-nightly-report'),
          'a missed run becomes an event');
select is((vigil.watch_scheduler(now() + interval '11 minutes') ->> 'newly_missing')::int, 0, 'and is reported once, not every minute');
select is(vigil.cron_job_failures(now() + interval '11 minutes', now() + interval '12 minutes'), 1::double precision,
          'a missing job counts in cron_job_failures while it stays missing');

-- pg_net is not on the local stack; its response table, as pg_net defines it, stands in for it here.
create schema net;
create table net._http_response (id bigint, status_code integer, content_type text, headers jsonb, content text,
                                 timed_out boolean, error_msg text, created timestamptz not null default now());
insert into net._http_response (id, status_code, content, timed_out, error_msg, created) values
  (1, 200, 'ok', false, null, now() + interval '20 minutes'),
  (2, 500, 'upstream down', false, null, now() + interval '20 minutes'),
  (3, null, null, true, 'Timeout was reached', now() + interval '20 minutes');
select is((vigil.watch_scheduler(now() + interval '21 minutes') ->> 'failed_http_calls')::int, 2,
          'pg_net calls that came back non-2xx or timed out are failures too');
select set_eq($$ select name from vigil.events where tenant_id = vigil.system_tenant_id() and name like 'http call failed:%' $$,
              $$ values ('http call failed: 500'), ('http call failed: timeout') $$, 'each becomes an error event');
select is(vigil.cron_job_failures(now() + interval '19 minutes', now() + interval '21 minutes'), 3::double precision,
          'and counts in cron_job_failures, with the missing job');

select * from finish();
rollback;
