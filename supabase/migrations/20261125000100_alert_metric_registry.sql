-- The registry of alert metrics: the built-in ones evaluate_alerts computes from window_stats, and
-- custom ones, each a SQL function (tenant, window) an app or a later capability registers.

create table vigil.alert_metrics (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  fn text,
  returns_series boolean not null default false,
  unit text not null default 'number' check (unit in ('ratio', 'ms', 'count', 'burn', 'number', 'percent')),
  description text not null,
  scope text not null default 'tenant' check (scope in ('tenant', 'system')),
  check (fn is not null or not returns_series)
);
comment on table vigil.alert_metrics is
  'What an alert rule can measure. Built-in metrics (fn null) are computed by vigil.evaluate_alerts from vigil.window_stats; a custom metric is a registered SQL function, so "stuck orders" or "payment failures" plug in without changing Vigil.';
-- The function as text, like maintenance steps and heal rules: a regprocedure column makes
-- pg_upgrade refuse the cluster (splinter 0018). A dropped metric function puts its rules in `error`
-- when they run.
comment on column vigil.alert_metrics.fn is
  'Custom metrics only, the function''s signature as text: fn(p_tenant uuid, p_window tstzrange) returns numeric (one series; null means no data), or, when returns_series, returns table(labels jsonb, value numeric) (one series per labels object). Resolved when rules run; a dropped function puts its rules in error.';
comment on column vigil.alert_metrics.unit is 'How notifications format values: ratio (shown as a percentage), ms, count, burn (an SLO burn rate), number or percent.';
-- Facts about the whole database belong to the vigil-system tenant, whose members alone read them; so do
-- the rules on them (vigil._check_rule_scope), or an app tenant's admin could read the database's size or
-- connection count through alert values.
comment on column vigil.alert_metrics.scope is
  'tenant: measured per tenant (most metrics). system: a fact about the whole database (heartbeat_missing, db_connections_pct, ...), whose rules live on the vigil-system tenant only, since app tenants may not read those facts.';

alter table vigil.alert_metrics enable row level security;
grant select on vigil.alert_metrics to authenticated, service_role;
grant insert, update, delete on vigil.alert_metrics to service_role;
-- Global, not tenant data: any signed-in user may see which metrics exist.
create policy alert_metrics_read on vigil.alert_metrics for select to authenticated using (true);
create policy alert_metrics_service on vigil.alert_metrics for all to service_role using (true) with check (true);

insert into vigil.alert_metrics (name, unit, description) values
  ('error_rate', 'ratio', 'Failed events / events of the filtered kind and name in the window (0..1).'),
  ('success_rate', 'ratio', '1 - error_rate (0..1).'),
  ('error_count', 'count', 'Failed events of the filtered kind and name in the window.'),
  ('count', 'count', 'Events of the filtered kind and name in the window.'),
  ('latency_p50', 'ms', 'Median duration_ms; over several operations, the worst one.'),
  ('latency_p95', 'ms', '95th percentile duration_ms; over several operations, the worst one.'),
  ('latency_p99', 'ms', '99th percentile duration_ms; over several operations, the worst one.'),
  ('cache_hit_rate', 'ratio', 'Hits / lookups of cache events (value 1 = hit, 0 = miss) (0..1).'),
  ('fallback_rate', 'ratio', 'fallback events / operation events of the same name (0..1).'),
  ('slo_burn_rate', 'burn', 'SLO error-budget burn rate, the lower of the rule''s window and a window 1/12 as long (SRE workbook multi-window pair).');

-- Registering runs arbitrary SQL on every evaluation, so only the service role (or a DBA) may do it.
create function vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text,
                                             p_returns_series boolean, p_unit text) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_proc pg_catalog.pg_proc;
begin
  perform vigil._require_trusted('Only the service role can register an alert metric.');
  if p_name is null or p_name !~ '^[a-z][a-z0-9_]{0,62}$' then
    raise exception using errcode = '22023', message = 'name must be 1 to 63 lowercase letters, digits or underscores, starting with a letter.';
  end if;
  if exists (select 1 from vigil.alert_metrics m where m.name = p_name and m.fn is null) then
    raise exception using errcode = '22023', message = pg_catalog.format('name %L is a built-in metric and cannot be replaced.', p_name);
  end if;
  if p_fn is null then
    raise exception using errcode = '22023', message = 'fn is required: a function (p_tenant uuid, p_window tstzrange).';
  end if;
  select * into v_proc from pg_catalog.pg_proc p where p.oid = p_fn;
  if v_proc.pronargs <> 2 or v_proc.proargtypes[0] <> 'uuid'::pg_catalog.regtype
     or v_proc.proargtypes[1] <> 'tstzrange'::pg_catalog.regtype then
    raise exception using errcode = '22023', message = 'fn must take exactly (p_tenant uuid, p_window tstzrange).';
  end if;
  if coalesce(p_returns_series, false) then
    if pg_catalog.pg_get_function_result(p_fn) <> 'TABLE(labels jsonb, value numeric)' then
      raise exception using errcode = '22023', message = 'fn must return table(labels jsonb, value numeric) when returns_series is true.';
    end if;
  elsif v_proc.proretset or v_proc.prorettype <> 'numeric'::pg_catalog.regtype then
    raise exception using errcode = '22023', message = 'fn must return numeric (or set returns_series for table(labels jsonb, value numeric)).';
  end if;
  if p_unit is not null and p_unit not in ('ratio', 'ms', 'count', 'burn', 'number', 'percent') then
    raise exception using errcode = '22023', message = 'unit must be one of ratio, ms, count, burn, number, percent.';
  end if;
  insert into vigil.alert_metrics (name, fn, returns_series, unit, description)
  values (p_name, p_fn, coalesce(p_returns_series, false), coalesce(p_unit, 'number'), coalesce(p_description, p_name))
  on conflict (name) do update
    set fn = excluded.fn, returns_series = excluded.returns_series, unit = excluded.unit, description = excluded.description;
end
$$;
comment on function vigil._register_alert_metric(text, regprocedure, text, boolean, text) is
  'Adds or replaces a custom alert metric. Trusted callers only: the function runs inside every evaluation.';

create function vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text default null,
                                                p_returns_series boolean default false, p_unit text default 'number')
returns void
language sql security invoker
set search_path = ''
as $$ select vigil._register_alert_metric(p_name, p_fn, p_description, p_returns_series, p_unit) $$;
comment on function vigil_api.register_alert_metric(text, regprocedure, text, boolean, text) is
$$Registers a custom alert metric (service role only). fn(p_tenant uuid, p_window tstzrange) returns numeric, or with
p_returns_series, returns table(labels jsonb, value numeric). A null value means "no data". Example:
select vigil_api.register_alert_metric('stuck_orders', 'app.count_stuck_orders(uuid, tstzrange)', 'Orders pending > 10 min', false, 'count');$$;

grant execute on function vigil._register_alert_metric(text, regprocedure, text, boolean, text) to service_role;
grant execute on function vigil_api.register_alert_metric(text, regprocedure, text, boolean, text) to service_role;
