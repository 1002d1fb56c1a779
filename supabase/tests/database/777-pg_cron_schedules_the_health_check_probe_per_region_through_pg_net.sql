-- vigil.schedule_health_check: pg_cron calls the health-check edge function through pg_net every
-- minute, one named job per region (?region= passed through to the probe), like send-alert and the
-- deploy run. Without pg_net it explains what to do instead; only trusted callers may schedule.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
begin;
select plan(9);

select is(vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check'),
  'pg_net is not installed: enable it (Database > Extensions) or call health-check from an external scheduler.',
  'without pg_net, scheduling the probe explains what to do instead');
select throws_ok($$select vigil.invoke_health_check('https://project.supabase.co/functions/v1/health-check')$$,
  '55000', 'pg_net is not installed: call health-check from an external scheduler instead.', 'invoking without pg_net says why it cannot');
select throws_ok($$select vigil.schedule_health_check('http://example.com/health-check')$$,
  '22023', 'url must be the https URL of the health-check function.', 'the function URL must be https');
select throws_ok($$select vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check', 'EU West')$$,
  '22023', 'region must be lowercase letters, digits and dashes.', 'a region name is checked like the probe checks it');

-- Where pg_net exists (its schema is all the scheduler looks for; this transaction is rolled back),
-- the jobs are created: one per region, each one function call.
create schema net;
select is(vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check'), 'scheduled vigil-health-check',
  'with pg_cron and pg_net the probe is scheduled');
select is(vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check', 'eu', '*/2 * * * *'),
  'scheduled vigil-health-check-eu', 'and a region gets a job of its own');
select results_eq($$select jobname, schedule, command from cron.job where jobname like 'vigil-health-check%' order by jobname$$,
  $$values ('vigil-health-check'::name, '* * * * *'::text,
            'select vigil.invoke_health_check(''https://project.supabase.co/functions/v1/health-check'')'::text),
           ('vigil-health-check-eu', '*/2 * * * *',
            'select vigil.invoke_health_check(''https://project.supabase.co/functions/v1/health-check?region=eu'')')$$,
  'each job calls the function once, the region in its query');
select vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check', 'eu');
select is((select count(*)::int from cron.job where jobname = 'vigil-health-check-eu'), 1, 'scheduling a region again keeps one job');

select * from tests.make_tenant('uptime-cron') \gset t_
select tests.throws_as(:'t_admin_id', $$select vigil.schedule_health_check('https://project.supabase.co/functions/v1/health-check')$$,
  '42501', null, 'a tenant admin cannot schedule the probe');

select * from finish();
rollback;
