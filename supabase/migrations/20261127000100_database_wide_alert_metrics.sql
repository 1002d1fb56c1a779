-- Maintenance measures facts about the whole database (heartbeat, connections, size, cron jobs, stale
-- views); alerting evaluates registered metrics fn(tenant, window). This wires the first into the second.
-- Those facts belong to the vigil-system tenant (their events live there, only its members read them),
-- so their rules do too: a rule on a database-wide metric is refused on any other tenant. Who may
-- create one then follows from the usual rule check: admins of vigil-system, and the service role.
-- An app tenant's admin could otherwise read the database's size or connection count through alert values.

alter table vigil.alert_metrics
  add column scope text not null default 'tenant' check (scope in ('tenant', 'system'));
comment on column vigil.alert_metrics.scope is
  'tenant: measured per tenant (most metrics). system: a fact about the whole database (heartbeat_missing, db_connections_pct, ...), whose rules live on the vigil-system tenant only, since app tenants may not read those facts.';

-- Thin wrappers with the registry's contract: upper(window) is "now", lower(window) is "since". For
-- any tenant but vigil-system they return null (no data), so a rule that got there anyway by a
-- direct insert reads nothing it should not.
create function vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id() then vigil.heartbeat_missing(pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_heartbeat_missing(uuid, tstzrange) is
  'Alert metric heartbeat_missing (vigil-system only): 1 when maintenance has not completed a run for three intervals at the window''s end, else 0.';

create function vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('connections_pct', pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_db_connections_pct(uuid, tstzrange) is
  'Alert metric db_connections_pct (vigil-system only): the latest connections sample (percent of usable connections) no older than 15 minutes at the window''s end; null when none.';

create function vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('db_size_pct', pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_db_size_pct(uuid, tstzrange) is
  'Alert metric db_size_pct (vigil-system only): the latest database size sample, percent of maintenance_settings.db_quota_bytes; null when none in 15 minutes.';

create function vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.cron_job_failures(pg_catalog.lower(p_window), pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_cron_job_failures(uuid, tstzrange) is
  'Alert metric cron_job_failures (vigil-system only): pg_cron runs and pg_net calls that failed in the window, plus jobs missing now.';

create function vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id() then vigil.stale_view_count(pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_stale_views(uuid, tstzrange) is
  'Alert metric stale_views (vigil-system only): registered materialized views whose last refresh failed or is older than twice their interval.';

insert into vigil.alert_metrics (name, fn, unit, scope, description) values
  ('heartbeat_missing', 'vigil.metric_heartbeat_missing(uuid, tstzrange)', 'number', 'system',
   '1 when vigil.run_maintenance has not completed a run for three intervals (or ever), else 0. Database-wide: rules on the vigil-system tenant.'),
  ('db_connections_pct', 'vigil.metric_db_connections_pct(uuid, tstzrange)', 'percent', 'system',
   'Connections in use, percent of max_connections less the reserved ones (latest db_health sample). Database-wide.'),
  ('db_size_pct', 'vigil.metric_db_size_pct(uuid, tstzrange)', 'percent', 'system',
   'Database size, percent of the configured quota (latest db_health sample). Database-wide.'),
  ('cron_job_failures', 'vigil.metric_cron_job_failures(uuid, tstzrange)', 'count', 'system',
   'pg_cron runs (and pg_net calls) that failed in the window, plus jobs whose expected run is missing. Database-wide.'),
  ('stale_views', 'vigil.metric_stale_views(uuid, tstzrange)', 'count', 'system',
   'Registered materialized views that failed their last refresh or are older than twice their interval. Database-wide.')
on conflict (name) do update
  set fn = excluded.fn, unit = excluded.unit, scope = excluded.scope, description = excluded.description;

-- The check lives in a trigger, so create_alert_rule, update_alert_rule, install_default_rules and a
-- direct insert by the service role all meet it.
create function vigil._check_rule_scope() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if exists (select 1 from vigil.alert_metrics m where m.name = new.metric and m.scope = 'system')
     and new.tenant_id is distinct from vigil.system_tenant_id() then
    raise exception using errcode = '22023',
      message = pg_catalog.format('metric %s is a fact about the whole database: its rules belong to the vigil-system tenant.', new.metric);
  end if;
  return new;
end
$$;
comment on function vigil._check_rule_scope() is
  'Trigger: refuses a rule on a database-wide metric (alert_metrics.scope = system) outside the vigil-system tenant.';

create trigger alert_rules_check_scope before insert or update of metric, tenant_id on vigil.alert_rules
  for each row execute function vigil._check_rule_scope();

-- The defaults DESIGN lists for the database. Samples come every minute; connections must stay high
-- for 5 minutes (a deploy's burst is not an incident); size moves slowly, so one reminder a day;
-- heartbeat_missing already waits three intervals, so it fires at once.
insert into vigil.default_alert_rules (name, position, rule) values
  ('Database connections above 90%', 50, $json${"metric": "db_connections_pct", "comparator": "gt", "threshold": 90,
     "window": "5 minutes", "for": "5 minutes", "keep_firing_for": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "More than 90% of the usable connections are in use: new ones will soon be refused."}$json$),
  ('Database size above 80%', 60, $json${"metric": "db_size_pct", "comparator": "gt", "threshold": 80,
     "window": "15 minutes", "keep_firing_for": "15 minutes", "cooldown": "24 hours", "severity": "warning",
     "description": "The database uses more than 80% of its quota (vigil.maintenance_settings.db_quota_bytes)."}$json$),
  ('Maintenance heartbeat missing', 70, $json${"metric": "heartbeat_missing", "comparator": "gt", "threshold": 0,
     "window": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "vigil.run_maintenance has not completed a run for three intervals: partitions, rollups, healing and alert evaluation have stopped."}$json$)
on conflict (name) do nothing;

-- Each tenant gets the templates of its kind: app tenants the per-tenant ones, vigil-system the
-- database-wide ones (which would be refused elsewhere).
create or replace function vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[] default null) returns integer
language plpgsql security invoker
set search_path = ''
as $$
declare
  v_channels uuid[];
  v_default record;
  v_added integer := 0;
  v_system boolean;
begin
  perform vigil.require_role(p_tenant, 'admin');
  v_system := p_tenant = vigil.system_tenant_id();
  v_channels := coalesce(p_channels,
    array(select c.id from vigil.alert_channels c where c.tenant_id = p_tenant and c.enabled order by c.name));
  for v_default in
    select d.name, d.rule from vigil.default_alert_rules d
    left join vigil.alert_metrics m on m.name = d.rule ->> 'metric'
    where (coalesce(m.scope, 'tenant') = 'system') = v_system
    order by d.position, d.name
  loop
    continue when exists (select 1 from vigil.alert_rules r where r.tenant_id = p_tenant and r.name = v_default.name);
    perform vigil_api.create_alert_rule(p_tenant, v_default.rule
      || pg_catalog.jsonb_build_object('name', v_default.name, 'channels', pg_catalog.to_jsonb(v_channels)));
    v_added := v_added + 1;
  end loop;
  return v_added;
end
$$;
comment on function vigil_api.install_default_rules(uuid, uuid[]) is
$$Adds the rules teams set by hand (tenant admins), skipping any already there by name, and returns how many it added.
An app tenant gets error rate > 5% over 15 min (critical), p95 > 2000 ms (warning), payment% failures > 0 in 5 min
(critical) and SLO fast burn (critical); the vigil-system tenant gets DB connections > 90% (critical), DB size > 80%
(warning) and maintenance heartbeat missing (critical). Plus any template other capabilities put in
vigil.default_alert_rules, by its metric's scope. They notify p_channels, or every enabled channel of the tenant when null.$$;

grant execute on function vigil.metric_heartbeat_missing(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_db_connections_pct(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_db_size_pct(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_cron_job_failures(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_stale_views(uuid, tstzrange) to service_role;
grant execute on function vigil_api.install_default_rules(uuid, uuid[]) to authenticated, service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
