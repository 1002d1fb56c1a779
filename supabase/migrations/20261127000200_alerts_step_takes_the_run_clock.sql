-- The alerts step takes the run's clock like the other steps, so vigil.run_maintenance(p_now)
-- evaluates rules at p_now: the database-wide rules read maintenance's own facts (heartbeat, samples
-- taken by the db_health step of the same run at p_now), and a test driving the run's clock must see
-- them evaluated at that clock, not at the wall clock.

create function vigil._step_alerts(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_result jsonb := vigil.evaluate_alerts(p_now);
  v_pruned integer;
begin
  delete from vigil.alert_notifications n
  where n.id in (select x.id from vigil.alert_notifications x
                 where x.status in ('delivered', 'dead') and x.created_at < p_now - interval '30 days'
                 limit 5000);
  get diagnostics v_pruned = row_count;
  return v_result || pg_catalog.jsonb_build_object('pruned_notifications', v_pruned);
end
$$;
comment on function vigil._step_alerts(timestamptz) is
  'Maintenance step: evaluate_alerts(p_now), the run''s clock, then prune delivered and dead notifications older than 30 days.';

update vigil.maintenance_steps set fn = 'vigil._step_alerts(timestamptz)' where name = 'alerts';
drop function vigil._step_alerts();

grant execute on function vigil._step_alerts(timestamptz) to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
