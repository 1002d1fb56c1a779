-- Meta: the rules Supabase's linter (splinter) checks, and who may execute which API function.
begin;
select plan(7);

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'vigil' and c.relkind in ('r', 'p') and not c.relrowsecurity
$$, 'RLS is enabled on every table and partition in vigil');

select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'vigil_api' and c.relkind in ('r', 'p', 'v', 'm', 'f')
$$, 'vigil_api holds no tables, views or materialized views (splinter 0016)');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('vigil', 'vigil_api')
    -- An aggregate cannot carry settings; its support functions pin theirs (checked here with the rest).
    and p.prokind <> 'a'
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
$$, 'every function pins search_path (splinter 0011)');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'vigil_api' and p.prosecdef
$$, 'no vigil_api function is security definer (splinter 0028/0029)');

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('vigil', 'vigil_api') and has_function_privilege('public', p.oid, 'execute')
$$, 'no Vigil function is executable by public');

select is_empty($$
  select c.relname || ' ' || r.rol from pg_class c join pg_namespace n on n.oid = c.relnamespace
  cross join (values ('anon'), ('public')) r(rol)
  where n.nspname = 'vigil' and c.relkind in ('r', 'p')
    and (r.rol = 'public' and has_table_privilege('public', c.oid, 'select,insert,update,delete')
      or r.rol = 'anon' and has_table_privilege('anon', c.oid, 'select,insert,update,delete'))
$$, 'anon and public hold no privilege on any Vigil table');

-- The whole API surface, and who may call it: a change here is a change to the security model.
select set_eq($$
  select p.proname || ':' || string_agg(r.rolname, ',' order by r.rolname)
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
  where n.nspname = 'vigil_api' and has_function_privilege(r.rolname, p.oid, 'execute')
  group by p.proname
$$, $$ values
  ('acknowledge_alert:authenticated,service_role'),
  ('active_users:authenticated,service_role'),
  ('add_member:authenticated,service_role'),
  ('alert_delivery_stats:authenticated,service_role'),
  ('alert_history:authenticated,service_role'),
  ('backup_plan:service_role'),
  ('backup_prune_plan:service_role'),
  ('backup_status:authenticated,service_role'),
  ('cache_stats:authenticated,service_role'),
  ('check_restored:service_role'),
  ('compare:authenticated,service_role'),
  ('create_alert_channel:authenticated,service_role'),
  ('create_alert_rule:authenticated,service_role'),
  ('create_deploy_key:authenticated,service_role'),
  ('create_deploy_target:authenticated,service_role'),
  ('create_heal_function_rule:service_role'),
  ('create_heal_rule:service_role'),
  ('create_incident:authenticated,service_role'),
  ('create_ingest_key:authenticated,service_role'),
  ('create_monitor:authenticated,service_role'),
  ('create_mute_window:authenticated,service_role'),
  ('create_silence:authenticated,service_role'),
  ('create_tenant:authenticated,service_role'),
  ('dashboard:authenticated,service_role'),
  ('db_health:authenticated,service_role'),
  ('delete_alert_channel:authenticated,service_role'),
  ('delete_alert_rule:authenticated,service_role'),
  ('delete_deploy_target:authenticated,service_role'),
  ('delete_heal_rule:authenticated,service_role'),
  ('delete_monitor:authenticated,service_role'),
  ('delete_mute_window:authenticated,service_role'),
  ('delete_silence:authenticated,service_role'),
  ('delete_slo:authenticated,service_role'),
  ('deploy_smoke_checks:anon,authenticated,service_role'),
  ('deployment_impact:authenticated,service_role'),
  ('disable_deploy_key:authenticated,service_role'),
  ('delete_status_page:authenticated,service_role'),
  ('delete_tenant:authenticated,service_role'),
  ('disable_ingest_key:authenticated,service_role'),
  ('enable_deploy_key:authenticated,service_role'),
  ('enable_ingest_key:authenticated,service_role'),
  ('error_groups:authenticated,service_role'),
  ('export:authenticated,service_role'),
  ('fallback_stats:authenticated,service_role'),
  ('finish_backup:service_role'),
  ('finish_restore:service_role'),
  ('foreign_key_violations:service_role'),
  ('funnel:authenticated,service_role'),
  ('heal_preview:authenticated,service_role'),
  ('heal_rules:authenticated,service_role'),
  ('heal_runs:authenticated,service_role'),
  ('health:authenticated,service_role'),
  ('ingest:anon,authenticated,service_role'),
  ('install_default_rules:authenticated,service_role'),
  ('job_finish:authenticated,service_role'),
  ('job_progress:authenticated,service_role'),
  ('job_record:authenticated,service_role'),
  ('job_start:authenticated,service_role'),
  ('jobs:authenticated,service_role'),
  ('last_good_deployment:authenticated,service_role'),
  ('list_alert_channels:authenticated,service_role'),
  ('list_alert_rules:authenticated,service_role'),
  ('list_alerts:authenticated,service_role'),
  ('list_deploy_keys:authenticated,service_role'),
  ('list_deploy_targets:authenticated,service_role'),
  ('list_deployments:authenticated,service_role'),
  ('list_incidents:authenticated,service_role'),
  ('list_backups:authenticated,service_role'),
  ('list_ingest_keys:authenticated,service_role'),
  ('list_members:authenticated,service_role'),
  ('list_monitors:authenticated,service_role'),
  ('list_mute_windows:authenticated,service_role'),
  ('list_silences:authenticated,service_role'),
  ('maintenance_status:authenticated,service_role'),
  ('mark_backup_pruned:service_role'),
  ('my_tenants:authenticated,service_role'),
  ('operation_health:authenticated,service_role'),
  ('operation_stats:authenticated,service_role'),
  ('business_summary:authenticated,service_role'),
  ('delete_metric_target:authenticated,service_role'),
  ('list_dimensions:authenticated,service_role'),
  ('metric_progress:authenticated,service_role'),
  ('metric_stats:authenticated,service_role'),
  ('metric_timeseries:authenticated,service_role'),
  ('register_dimension:authenticated,service_role'),
  ('remove_dimension:authenticated,service_role'),
  ('set_business_metrics:authenticated,service_role'),
  ('set_metric_target:authenticated,service_role'),
  ('ping:anon,authenticated,service_role'),
  ('recent_errors:authenticated,service_role'),
  ('record_backup_verify:service_role'),
  ('register_alert_metric:service_role'),
  ('register_view:service_role'),
  ('remove_member:authenticated,service_role'),
  ('report_deployment:anon,authenticated,service_role'),
  ('report_smoke:anon,authenticated,service_role'),
  ('request_rollback:authenticated,service_role'),
  ('reset_sequences:service_role'),
  ('resolve_alert:authenticated,service_role'),
  ('resolve_error_group:authenticated,service_role'),
  ('retention:authenticated,service_role'),
  ('retry_alert_notification:authenticated,service_role'),
  ('rotate_deploy_key:authenticated,service_role'),
  ('rotate_ingest_key:authenticated,service_role'),
  ('run_heal_rule:authenticated,service_role'),
  ('schedule:service_role'),
  ('set_backup_policy:service_role'),
  ('set_heal_rule:authenticated,service_role'),
  ('set_slo:authenticated,service_role'),
  ('set_status_page:authenticated,service_role'),
  ('slo_status:authenticated,service_role'),
  ('status_page:anon,authenticated,service_role'),
  ('start_backup:service_role'),
  ('start_restore:service_role'),
  ('summary:authenticated,service_role'),
  ('table_checksum:service_role'),
  ('timeseries:authenticated,service_role'),
  ('track:authenticated,service_role'),
  ('unregister_view:service_role'),
  ('unschedule:service_role'),
  ('update_alert_channel:authenticated,service_role'),
  ('update_alert_rule:authenticated,service_role'),
  ('update_incident:authenticated,service_role'),
  ('update_monitor:authenticated,service_role'),
  ('view_status:authenticated,service_role'),
  ('web_vitals:authenticated,service_role')
$$, 'each vigil_api function is executable by exactly the roles that use it');

select * from finish();
rollback;
