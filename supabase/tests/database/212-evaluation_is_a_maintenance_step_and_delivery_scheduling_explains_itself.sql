-- Evaluation runs as maintenance step 'alerts' at position 70; scheduling delivery needs pg_net
-- and says so when it is missing, and only trusted callers may schedule.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
begin;
select plan(5);

select is((select fn::text || ' @' || position from vigil.maintenance_steps where name = 'alerts'), 'vigil._step_alerts(timestamptz) @70',
  'alert evaluation is registered as maintenance step alerts at position 70');
select ok(vigil._step_alerts() ? 'transitions', 'the step runs evaluate_alerts and reports what it did');
select is(vigil.schedule_alert_delivery('https://project.supabase.co/functions/v1/send-alert'),
  'pg_net is not installed: enable it (Database > Extensions) or call send-alert from an external scheduler.',
  'without pg_net, scheduling explains what to do instead');
select throws_ok($$select vigil.schedule_alert_delivery('http://example.com/send-alert')$$,
  '22023', 'url must be the https URL of the send-alert function.', 'the function URL must be https');
select throws_ok($$select vigil.invoke_send_alert('https://project.supabase.co/functions/v1/send-alert')$$,
  '55000', 'pg_net is not installed: call send-alert from an external scheduler instead.', 'invoking without pg_net says why it cannot');

select * from finish();
rollback;
