-- Alert rules as data, managed by tenant admins through vigil_api: what to measure, over which
-- events, when it is a breach, how long before firing and resolving, who to tell. Then the state of
-- every rule and series (further down).

create table vigil.alert_rules (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 200),
  description text,
  metric text not null references vigil.alert_metrics (name),
  event_kind text check (event_kind in ('operation', 'api_call', 'page_view', 'error', 'user_action',
    'web_vital', 'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')),
  event_name text,
  event_name_like text,
  group_by_name boolean not null default false,
  comparator text not null check (comparator in ('gt', 'gte', 'lt', 'lte', 'eq')),
  threshold double precision not null,
  time_window interval not null check (time_window > interval '0' and time_window <= interval '30 days'),
  for_duration interval not null default interval '0' check (for_duration >= interval '0'),
  keep_firing_for interval not null default interval '0' check (keep_firing_for >= interval '0'),
  min_events integer not null default 1 check (min_events >= 0),
  nodata_fires boolean not null default false,
  cooldown interval check (cooldown > interval '0'),
  severity text not null default 'warning' check (severity in ('info', 'warning', 'critical')),
  channel_ids uuid[] not null default '{}',
  labels jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(labels) = 'object'),
  slo_objective double precision check (slo_objective > 0 and slo_objective < 1),
  slo_latency_ms double precision check (slo_latency_ms > 0),
  runbook_url text,
  condition text not null default 'threshold' check (condition in ('threshold', 'change_pct', 'anomaly')),
  warning_threshold double precision,
  direction text check (direction in ('rise', 'drop', 'either')),
  compare_to text check (compare_to in ('week', 'previous')),
  anomaly_weeks smallint check (anomaly_weeks between 3 and 12),
  enabled boolean not null default true,
  created_at timestamptz not null default pg_catalog.now(),
  updated_at timestamptz not null default pg_catalog.now(),
  created_by uuid,
  slo_id uuid,
  dimension text,
  dimension_value text,
  unique (tenant_id, name),
  constraint alert_rules_slo_defined check (metric <> 'slo_burn_rate' or slo_objective is not null or slo_id is not null),
  primary key (tenant_id, id),
  foreign key (tenant_id, slo_id) references vigil.slos (tenant_id, id) on delete cascade
);
create index alert_rules_enabled_idx on vigil.alert_rules (tenant_id) where enabled;
create index alert_rules_slo_idx on vigil.alert_rules (tenant_id, slo_id);
create index alert_rules_metric_idx on vigil.alert_rules (metric);
comment on table vigil.alert_rules is
  'Alert rules of a tenant. Evaluated every minute by vigil.evaluate_alerts; change them through vigil_api.create_alert_rule / update_alert_rule.';
comment on column vigil.alert_rules.event_kind is 'Filter: only events of this kind (null: every kind). fallback_rate divides by this kind (default operation).';
comment on column vigil.alert_rules.event_name is 'Filter: only events with exactly this name.';
comment on column vigil.alert_rules.event_name_like is 'Filter: only events whose name matches this LIKE pattern (payment%).';
comment on column vigil.alert_rules.group_by_name is 'One series per event name (each with its own state and dedup key) instead of one for the whole filter.';
comment on column vigil.alert_rules.time_window is 'The window the metric is computed over, ending at evaluation time.';
comment on column vigil.alert_rules.for_duration is 'How long a breach must hold before the alert fires (pending until then); 0 fires at once.';
comment on column vigil.alert_rules.keep_firing_for is 'How long the metric must be clear before a firing alert resolves (recovering until then), so it does not flap.';
comment on column vigil.alert_rules.min_events is 'Fewer events than this in the window make the series nodata: too few to judge.';
comment on column vigil.alert_rules.nodata_fires is 'Treat nodata as a breach (for "it went quiet" alerts). By default nodata never notifies.';
comment on column vigil.alert_rules.cooldown is 'Repeat interval: a still-firing, unacknowledged alert is sent again as a reminder this long after the last notification. Null: no reminders.';
comment on column vigil.alert_rules.channel_ids is 'Channels of the same tenant to notify.';
comment on column vigil.alert_rules.dimension is
  'value_sum, value_avg, value_p95 only: a dimension registered on the rule''s kind and name (vigil.metric_dimensions); with dimension_value, the rule watches that value alone (''other'' included).';
comment on column vigil.alert_rules.labels is 'Free labels (team, service) copied into notifications and matched by silences.';
-- change_pct and anomaly judge a deviation of the rule's metric, whatever the metric is: the metric is
-- computed again at earlier clocks (a week or a window earlier; the same hour of each of the last N
-- weeks), so a metric a later capability registers gets both without further work.
comment on column vigil.alert_rules.condition is
  'What is compared with the thresholds: threshold, the metric itself; change_pct, its change in percent against compare_to (signed in history, its size in the direction judged); anomaly, how many robust standard deviations (median and MAD) it lies from its baseline at this hour of the week over the last anomaly_weeks weeks.';
comment on column vigil.alert_rules.warning_threshold is
  'Two levels in one rule: beyond warning_threshold the alert is a warning, beyond threshold (then the critical level) critical. The alert''s severity follows the level it is in, and each move between levels is a transition that notifies.';
comment on column vigil.alert_rules.direction is 'change_pct and anomaly: which way of deviating breaches: rise, drop or either.';
comment on column vigil.alert_rules.compare_to is 'change_pct: the same window a week earlier (week) or the window just before (previous).';
comment on column vigil.alert_rules.anomaly_weeks is 'anomaly: how many earlier weeks make the baseline (3 to 12); the windows start and end on whole hours, so they are read from the hourly and 6-hour rollups.';
-- slo_burn_rate rules point at the statistics capability's SLOs (vigil.slos) rather than carry an
-- objective of their own: one definition for slo_status and for paging. Evaluation reads the SLO's
-- operation, objective and latency threshold each time, so changing the SLO changes its rules, and
-- deleting it deletes them. A rule without an SLO carries its own definition (slo_objective,
-- slo_latency_ms): the default "SLO fast burn" rule works for tenants that defined no SLO.
comment on column vigil.alert_rules.slo_id is
  'slo_burn_rate only: the SLO (of the same tenant) whose operation, objective and latency threshold the rule reads at each evaluation. Deleting the SLO deletes its rules. Null: the rule carries slo_objective and slo_latency_ms itself.';
comment on column vigil.alert_rules.slo_objective is
  'slo_burn_rate without slo_id: the good-event ratio promised, e.g. 0.999.';
comment on column vigil.alert_rules.slo_latency_ms is
  'slo_burn_rate without slo_id: an event is good when it succeeded and, if set, took at most this many ms.';

alter table vigil.alert_rules enable row level security;
grant select, insert, update, delete on vigil.alert_rules to authenticated;
grant all on vigil.alert_rules to service_role;
select vigil._create_policies('vigil.alert_rules', 'tenant_id', 'viewer', 'admin');

-- Accepts "15 minutes" / "PT15M" strings or a number of seconds; the error names the field.
create function vigil._json_interval(p_value jsonb, p_field text) returns interval
language plpgsql immutable
set search_path = ''
as $$
declare
  v interval;
begin
  if p_value is null or pg_catalog.jsonb_typeof(p_value) = 'null' then
    return null;
  elsif pg_catalog.jsonb_typeof(p_value) = 'number' then
    v := pg_catalog.make_interval(secs => (p_value #>> '{}')::double precision);
  elsif pg_catalog.jsonb_typeof(p_value) = 'string' then
    begin
      v := (p_value #>> '{}')::interval;
    exception when others then
      raise exception using errcode = '22023', message = pg_catalog.format('%s must be an interval such as "15 minutes" or a number of seconds.', p_field);
    end;
  else
    raise exception using errcode = '22023', message = pg_catalog.format('%s must be an interval such as "15 minutes" or a number of seconds.', p_field);
  end if;
  return v;
end
$$;

-- A scalar field of a JSON definition: null when absent or null, else its text once its JSON type is
-- p_type (string, number or boolean); the error names the field. The three typed readers below are
-- this one check with a cast.
create function vigil._json_scalar(p_value jsonb, p_field text, p_type text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_value is null or pg_catalog.jsonb_typeof(p_value) = 'null' then
    return null;
  elsif pg_catalog.jsonb_typeof(p_value) <> p_type then
    raise exception using errcode = '22023', message = pg_catalog.format('%s must be %s.', p_field,
      case p_type when 'string' then 'a string' when 'number' then 'a number' else 'true or false' end);
  end if;
  return p_value #>> '{}';
end
$$;

create function vigil._json_text(p_value jsonb, p_field text) returns text
language sql immutable
set search_path = ''
as $$ select vigil._json_scalar(p_value, p_field, 'string') $$;

create function vigil._json_number(p_value jsonb, p_field text) returns double precision
language sql immutable
set search_path = ''
as $$ select vigil._json_scalar(p_value, p_field, 'number')::double precision $$;

create function vigil._json_bool(p_value jsonb, p_field text) returns boolean
language sql immutable
set search_path = ''
as $$ select vigil._json_scalar(p_value, p_field, 'boolean')::boolean $$;

-- Applies the fields of a JSON rule definition to a rule row, validating each and naming the
-- field in every error; then checks the rule as a whole.
create function vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) returns vigil.alert_rules
language plpgsql stable
set search_path = ''
as $$
declare
  r vigil.alert_rules := p_rule;
  k text;
  v jsonb;
  v_unknown text;
  v_slo text;
begin
  if p_json is null or pg_catalog.jsonb_typeof(p_json) <> 'object' then
    raise exception using errcode = '22023', message = 'A rule must be a JSON object.';
  end if;
  select pg_catalog.string_agg(key, ', ') into v_unknown from pg_catalog.jsonb_object_keys(p_json) key
  where key not in ('name', 'description', 'metric', 'kind', 'event_name', 'name_like', 'group_by', 'comparator',
    'threshold', 'window', 'for', 'keep_firing_for', 'min_events', 'nodata_fires', 'cooldown', 'severity',
    'channels', 'labels', 'slo', 'slo_objective', 'slo_latency_ms', 'runbook_url', 'enabled', 'dimension', 'dimension_value',
    'condition', 'warning_threshold', 'direction', 'compare_to', 'anomaly_weeks');
  if v_unknown is not null then
    raise exception using errcode = '22023', message = pg_catalog.format('Unknown rule field(s): %s.', v_unknown);
  end if;
  for k, v in select e.key, e.value from pg_catalog.jsonb_each(p_json) e loop
    case k
      when 'name' then r.name := vigil._json_text(v, 'name');
      when 'description' then r.description := vigil._json_text(v, 'description');
      when 'metric' then r.metric := vigil._json_text(v, 'metric');
      when 'kind' then r.event_kind := vigil._json_text(v, 'kind');
      when 'event_name' then r.event_name := vigil._json_text(v, 'event_name');
      when 'name_like' then r.event_name_like := vigil._json_text(v, 'name_like');
      when 'dimension' then r.dimension := vigil._json_text(v, 'dimension');
      when 'dimension_value' then r.dimension_value := vigil._json_text(v, 'dimension_value');
      when 'group_by' then
        if vigil._json_text(v, 'group_by') is distinct from 'name' and vigil._json_text(v, 'group_by') is distinct from 'none' then
          raise exception using errcode = '22023', message = 'group_by must be "name" or "none".';
        end if;
        r.group_by_name := (v #>> '{}') = 'name';
      when 'comparator' then r.comparator := vigil._json_text(v, 'comparator');
      when 'threshold' then r.threshold := vigil._json_number(v, 'threshold');
      when 'window' then r.time_window := vigil._json_interval(v, 'window');
      when 'for' then r.for_duration := coalesce(vigil._json_interval(v, 'for'), interval '0');
      when 'keep_firing_for' then r.keep_firing_for := coalesce(vigil._json_interval(v, 'keep_firing_for'), interval '0');
      when 'min_events' then
        if vigil._json_number(v, 'min_events') is distinct from pg_catalog.trunc(vigil._json_number(v, 'min_events')) then
          raise exception using errcode = '22023', message = 'min_events must be a whole number.';
        end if;
        r.min_events := vigil._json_number(v, 'min_events')::integer;
      when 'nodata_fires' then r.nodata_fires := coalesce(vigil._json_bool(v, 'nodata_fires'), false);
      when 'cooldown' then r.cooldown := vigil._json_interval(v, 'cooldown');
      when 'severity' then r.severity := vigil._json_text(v, 'severity');
      when 'channels' then
        if pg_catalog.jsonb_typeof(v) <> 'array' or exists (
             select 1 from pg_catalog.jsonb_array_elements(v) x
             where pg_catalog.jsonb_typeof(x) <> 'string'
                or x #>> '{}' !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$') then
          raise exception using errcode = '22023', message = 'channels must be a list of channel ids.';
        end if;
        r.channel_ids := array(select (x #>> '{}')::uuid from pg_catalog.jsonb_array_elements(v) x);
      when 'labels' then
        if pg_catalog.jsonb_typeof(v) <> 'object' or exists (
             select 1 from pg_catalog.jsonb_each(v) l where pg_catalog.jsonb_typeof(l.value) <> 'string') then
          raise exception using errcode = '22023', message = 'labels must be a JSON object of strings.';
        end if;
        r.labels := v;
      when 'slo' then
        v_slo := vigil._json_text(v, 'slo');
        if v_slo is not null and v_slo !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
          raise exception using errcode = '22023', message = 'slo must be the id of an SLO (vigil_api.set_slo).';
        end if;
        r.slo_id := v_slo::uuid;
      when 'slo_objective' then r.slo_objective := vigil._json_number(v, 'slo_objective');
      when 'slo_latency_ms' then r.slo_latency_ms := vigil._json_number(v, 'slo_latency_ms');
      when 'runbook_url' then r.runbook_url := vigil._json_text(v, 'runbook_url');
      when 'enabled' then r.enabled := coalesce(vigil._json_bool(v, 'enabled'), true);
      when 'condition' then r.condition := coalesce(vigil._json_text(v, 'condition'), 'threshold');
      when 'warning_threshold' then r.warning_threshold := vigil._json_number(v, 'warning_threshold');
      when 'direction' then r.direction := vigil._json_text(v, 'direction');
      when 'compare_to' then r.compare_to := vigil._json_text(v, 'compare_to');
      when 'anomaly_weeks' then
        if vigil._json_number(v, 'anomaly_weeks') is distinct from pg_catalog.trunc(vigil._json_number(v, 'anomaly_weeks')) then
          raise exception using errcode = '22023', message = 'anomaly_weeks must be a whole number from 3 to 12.';
        end if;
        r.anomaly_weeks := vigil._json_number(v, 'anomaly_weeks')::smallint;
    end case;
  end loop;

  -- The deviation conditions. A field that does not fit the condition is refused when given and
  -- cleared when left over from an earlier condition (an update from anomaly back to threshold).
  if r.condition is null or r.condition not in ('threshold', 'change_pct', 'anomaly') then
    raise exception using errcode = '22023', message = 'condition must be one of threshold, change_pct, anomaly.';
  end if;
  select pg_catalog.string_agg(e.key, ', ' order by e.key) into v_unknown from pg_catalog.jsonb_each(p_json) e
  where pg_catalog.jsonb_typeof(e.value) <> 'null'
    and ((e.key = 'direction' and r.condition = 'threshold') or (e.key = 'compare_to' and r.condition <> 'change_pct')
      or (e.key = 'anomaly_weeks' and r.condition <> 'anomaly'));
  if v_unknown is not null then
    raise exception using errcode = '22023', message = pg_catalog.format(
      '%s does not apply to condition %s (direction: change_pct and anomaly; compare_to: change_pct; anomaly_weeks: anomaly).', v_unknown, r.condition);
  end if;
  r.direction := case when r.condition <> 'threshold' then coalesce(r.direction, 'either') end;
  r.compare_to := case when r.condition = 'change_pct' then coalesce(r.compare_to, 'week') end;
  r.anomaly_weeks := case when r.condition = 'anomaly' then coalesce(r.anomaly_weeks, 4::smallint) end;
  if r.condition <> 'threshold' then
    r.comparator := coalesce(r.comparator, 'gt');
    if r.direction not in ('rise', 'drop', 'either') then
      raise exception using errcode = '22023', message = 'direction must be one of rise, drop, either.';
    end if;
    if r.comparator not in ('gt', 'gte') then
      raise exception using errcode = '22023', message = pg_catalog.format(
        'comparator must be gt or gte for condition %s: the threshold is how far the metric moved, in the direction given.', r.condition);
    end if;
    if not (r.threshold > 0) then
      raise exception using errcode = '22023', message = pg_catalog.format('threshold must be positive for condition %s (%s).', r.condition,
        case r.condition when 'change_pct' then 'a change in percent, 50 for 50%' else 'robust standard deviations, 3 is usual' end);
    end if;
  end if;
  if r.compare_to not in ('week', 'previous') then
    raise exception using errcode = '22023', message = 'compare_to must be week or previous.';
  end if;
  if r.condition = 'change_pct' and r.compare_to = 'week' and r.time_window > interval '7 days' then
    raise exception using errcode = '22023', message = 'window must be at most 7 days to compare with the same window a week earlier.';
  end if;
  if r.anomaly_weeks not between 3 and 12 then
    raise exception using errcode = '22023', message = 'anomaly_weeks must be a whole number from 3 to 12.';
  end if;
  -- Whole hours, so the baseline's windows (on whole hours) are hourly and 6-hour rollup rows.
  if r.condition = 'anomaly' and (r.time_window < interval '1 hour' or r.time_window > interval '1 day'
       or pg_catalog.date_bin(interval '1 hour', timestamptz '2000-01-01 00:00:00+00' + r.time_window, timestamptz '2000-01-01 00:00:00+00')
          <> timestamptz '2000-01-01 00:00:00+00' + r.time_window) then
    raise exception using errcode = '22023', message = 'window must be a whole number of hours from 1 to 24 for condition anomaly (its baseline reads hourly rollups).';
  end if;
  if r.warning_threshold is not null then
    if r.warning_threshold = 'NaN'::double precision or r.warning_threshold in ('Infinity', '-Infinity') then
      raise exception using errcode = '22023', message = 'warning_threshold must be a finite number.';
    end if;
    if r.comparator = 'eq' then
      raise exception using errcode = '22023', message = 'warning_threshold needs an ordering comparator (gt, gte, lt, lte), not eq.';
    end if;
    if (r.comparator in ('gt', 'gte') and not r.warning_threshold < r.threshold)
       or (r.comparator in ('lt', 'lte') and not r.warning_threshold > r.threshold) then
      raise exception using errcode = '22023', message = pg_catalog.format(
        'warning_threshold must be %s threshold, the critical level, for comparator %s.',
        case when r.comparator in ('gt', 'gte') then 'below' else 'above' end, r.comparator);
    end if;
    -- threshold is then the critical level.
    if not p_json ? 'severity' then
      r.severity := 'critical';
    elsif r.severity is distinct from 'critical' then
      raise exception using errcode = '22023', message = 'severity must be critical when warning_threshold is set: threshold is then the critical level.';
    end if;
  end if;

  perform vigil._check_name(r.name, 200);
  if r.metric is null or not exists (select 1 from vigil.alert_metrics m where m.name = r.metric) then
    raise exception using errcode = '22023',
      message = pg_catalog.format('metric %s is unknown; it must be one of %s.', coalesce(pg_catalog.quote_literal(r.metric), 'null'),
        (select pg_catalog.string_agg(m.name, ', ' order by m.name) from vigil.alert_metrics m));
  end if;
  if r.event_kind is not null and r.event_kind not in ('operation', 'api_call', 'page_view', 'error', 'user_action',
       'web_vital', 'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom') then
    raise exception using errcode = '22023', message = pg_catalog.format('kind %L is not an event kind.', r.event_kind);
  end if;
  if r.event_name is not null and r.event_name_like is not null then
    raise exception using errcode = '22023', message = 'event_name and name_like cannot both be set.';
  end if;
  if (r.dimension is null) <> (r.dimension_value is null)
     or (r.dimension is not null and (r.metric not in ('value_sum', 'value_avg', 'value_p95') or r.event_name is null)) then
    raise exception using errcode = '22023',
      message = 'dimension and dimension_value go together, on value_sum, value_avg or value_p95 rules with an event_name.';
  end if;
  if r.comparator is null or r.comparator not in ('gt', 'gte', 'lt', 'lte', 'eq') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('comparator must be one of gt, gte, lt, lte, eq (got %s).', coalesce(r.comparator, 'null'));
  end if;
  if r.threshold is null or r.threshold = 'NaN'::double precision or r.threshold in ('Infinity', '-Infinity') then
    raise exception using errcode = '22023', message = 'threshold must be a finite number.';
  end if;
  if r.time_window is null or r.time_window <= interval '0' or r.time_window > interval '30 days' then
    raise exception using errcode = '22023', message = 'window must be a positive interval of at most 30 days.';
  end if;
  if r.for_duration < interval '0' then
    raise exception using errcode = '22023', message = 'for must not be negative.';
  end if;
  if r.keep_firing_for < interval '0' then
    raise exception using errcode = '22023', message = 'keep_firing_for must not be negative.';
  end if;
  if r.min_events < 0 then
    raise exception using errcode = '22023', message = 'min_events must not be negative.';
  end if;
  if r.cooldown is not null and r.cooldown <= interval '0' then
    raise exception using errcode = '22023', message = 'cooldown must be a positive interval (or null for no reminders).';
  end if;
  if r.severity is null or r.severity not in ('info', 'warning', 'critical') then
    raise exception using errcode = '22023', message = 'severity must be one of info, warning, critical.';
  end if;
  if r.slo_id is not null then
    if r.metric is distinct from 'slo_burn_rate' then
      raise exception using errcode = '22023', message = 'slo is for metric slo_burn_rate only.';
    end if;
    if not exists (select 1 from vigil.slos s where s.id = r.slo_id and s.tenant_id = r.tenant_id) then
      raise exception using errcode = '22023', message = 'slo must name an SLO of this tenant.';
    end if;
    if exists (select 1 from pg_catalog.jsonb_each(p_json) e
               where e.key in ('kind', 'event_name', 'name_like', 'group_by', 'slo_objective', 'slo_latency_ms')
                 and pg_catalog.jsonb_typeof(e.value) <> 'null') then
      raise exception using errcode = '22023',
        message = 'An SLO rule takes its operation, objective and latency threshold from the SLO: leave out kind, event_name, name_like, group_by, slo_objective and slo_latency_ms.';
    end if;
    -- Read from the SLO at every evaluation, so changing the SLO changes its rules.
    r.event_kind := null; r.event_name := null; r.event_name_like := null; r.group_by_name := false;
    r.slo_objective := null; r.slo_latency_ms := null;
  elsif r.metric = 'slo_burn_rate' and (r.slo_objective is null or not (r.slo_objective > 0 and r.slo_objective < 1)) then
    raise exception using errcode = '22023', message = 'slo_objective must be between 0 and 1 (e.g. 0.999) for metric slo_burn_rate.';
  end if;
  if r.slo_latency_ms is not null and r.slo_latency_ms <= 0 then
    raise exception using errcode = '22023', message = 'slo_latency_ms must be positive.';
  end if;
  if r.runbook_url is not null and not vigil._is_allowed_url(r.runbook_url) then
    raise exception using errcode = '22023', message = 'runbook_url must be an https URL.';
  end if;
  if exists (select 1 from pg_catalog.unnest(r.channel_ids) c
             where not exists (select 1 from vigil.alert_channels ch where ch.id = c and ch.tenant_id = r.tenant_id)) then
    raise exception using errcode = '22023', message = 'channels must name channels of this tenant.';
  end if;
  return r;
end
$$;
comment on function vigil._apply_rule_json(vigil.alert_rules, jsonb) is
  'Applies a JSON rule definition to a rule row; every invalid field raises 22023 with a sentence naming it. slo (an SLO id) replaces kind, event_name, name_like, group_by, slo_objective and slo_latency_ms.';

create function vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  r vigil.alert_rules;
begin
  perform vigil.require_role(p_tenant, 'admin');
  r.tenant_id := p_tenant;
  r.group_by_name := false; r.for_duration := interval '0'; r.keep_firing_for := interval '0';
  r.min_events := 1; r.nodata_fires := false; r.severity := 'warning'; r.channel_ids := '{}';
  r.labels := '{}'::jsonb; r.enabled := true; r.condition := 'threshold';
  r := vigil._apply_rule_json(r, p_rule);
  insert into vigil.alert_rules (tenant_id, name, description, metric, event_kind, event_name, event_name_like,
    group_by_name, comparator, threshold, time_window, for_duration, keep_firing_for, min_events, nodata_fires,
    cooldown, severity, channel_ids, labels, slo_id, slo_objective, slo_latency_ms, runbook_url, enabled, created_by,
    dimension, dimension_value, condition, warning_threshold, direction, compare_to, anomaly_weeks)
  values (r.tenant_id, r.name, r.description, r.metric, r.event_kind, r.event_name, r.event_name_like,
    r.group_by_name, r.comparator, r.threshold, r.time_window, r.for_duration, r.keep_firing_for, r.min_events,
    r.nodata_fires, r.cooldown, r.severity, r.channel_ids, r.labels, r.slo_id, r.slo_objective, r.slo_latency_ms,
    r.runbook_url, r.enabled, auth.uid(), r.dimension, r.dimension_value,
    r.condition, r.warning_threshold, r.direction, r.compare_to, r.anomaly_weeks)
  returning * into r;
  return pg_catalog.to_jsonb(r);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A rule named %L already exists in this tenant.', p_rule ->> 'name');
end
$$;
comment on function vigil_api.create_alert_rule(uuid, jsonb) is
$$Creates an alert rule (tenant admins). Fields: name, metric, comparator (gt gte lt lte eq), threshold, window, and
optionally kind, event_name | name_like, group_by ("name"), for, keep_firing_for, min_events, nodata_fires, cooldown,
severity (info warning critical), channels (ids), labels, dimension and dimension_value (value_sum, value_avg,
value_p95 rules on one event_name: one value of a registered dimension), slo (an SLO's id, for slo_burn_rate: its operation, objective
and latency threshold are the SLO's) or slo_objective / slo_latency_ms (an SLO carried by the rule), runbook_url, enabled. Rates are fractions: 5% is 0.05.
Two levels: warning_threshold (threshold is then the critical level). condition: threshold (default), change_pct (threshold
in percent, against compare_to week | previous) or anomaly (threshold in robust standard deviations from the same hour of
the last anomaly_weeks weeks, 3 to 12, default 4; window in whole hours); both with direction rise | drop | either. Example:
select vigil_api.create_alert_rule('<tenant>', '{"name": "Checkout errors", "metric": "error_rate", "kind": "operation",
  "event_name": "checkout", "comparator": "gt", "threshold": 0.05, "window": "15 minutes", "severity": "critical"}');$$;

create function vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  r vigil.alert_rules;
begin
  select * into r from vigil.alert_rules where id = p_rule;
  perform vigil._require_owner(r.tenant_id, 'admin', 'rule');
  r := vigil._apply_rule_json(r, p_changes);
  update vigil.alert_rules set
    name = r.name, description = r.description, metric = r.metric, event_kind = r.event_kind, event_name = r.event_name,
    event_name_like = r.event_name_like, group_by_name = r.group_by_name, comparator = r.comparator,
    threshold = r.threshold, time_window = r.time_window, for_duration = r.for_duration,
    keep_firing_for = r.keep_firing_for, min_events = r.min_events, nodata_fires = r.nodata_fires,
    cooldown = r.cooldown, severity = r.severity, channel_ids = r.channel_ids, labels = r.labels,
    slo_id = r.slo_id, slo_objective = r.slo_objective, slo_latency_ms = r.slo_latency_ms, runbook_url = r.runbook_url,
    enabled = r.enabled, dimension = r.dimension, dimension_value = r.dimension_value, condition = r.condition,
    warning_threshold = r.warning_threshold, direction = r.direction, compare_to = r.compare_to, anomaly_weeks = r.anomaly_weeks,
    updated_at = pg_catalog.now()
  where id = p_rule
  returning * into r;
  return pg_catalog.to_jsonb(r);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A rule named %L already exists in this tenant.', p_changes ->> 'name');
end
$$;
comment on function vigil_api.update_alert_rule(uuid, jsonb) is
  'Changes the given fields of a rule (tenant admins), with the same fields and checks as create_alert_rule.';

create function vigil_api.delete_alert_rule(p_rule uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.alert_rules', p_rule, 'admin', 'rule') $$;
comment on function vigil_api.delete_alert_rule(uuid) is
  'Deletes a rule with its alerts, history and undelivered notifications (tenant admins). To keep history, disable it instead.';

create function vigil_api.list_alert_rules(p_tenant uuid) returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(r) from vigil.alert_rules r where r.tenant_id = p_tenant order by r.name;
$$;
comment on function vigil_api.list_alert_rules(uuid) is 'The alert rules of a tenant, one JSON object each. Any member may read them.';

-- Default rules as data, so later capabilities (database health, heartbeats) add theirs with an
-- insert in their own migration instead of rewriting install_default_rules.
create table vigil.default_alert_rules (
  name text primary key,
  rule jsonb not null check (pg_catalog.jsonb_typeof(rule) = 'object'),
  position integer not null default 100
);
comment on table vigil.default_alert_rules is
  'Templates install_default_rules copies into a tenant: a create_alert_rule definition each (without channels). Add a row to ship another default.';

alter table vigil.default_alert_rules enable row level security;
grant select on vigil.default_alert_rules to authenticated, service_role;
grant insert, update, delete on vigil.default_alert_rules to service_role;
create policy default_alert_rules_read on vigil.default_alert_rules for select to authenticated using (true);
create policy default_alert_rules_service on vigil.default_alert_rules for all to service_role using (true) with check (true);

insert into vigil.default_alert_rules (name, position, rule) values
  ('Error rate above 5%', 10, $json${"metric": "error_rate", "kind": "operation", "group_by": "name",
     "comparator": "gt", "threshold": 0.05, "window": "15 minutes", "min_events": 20,
     "keep_firing_for": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "More than 5% of an operation's calls failed over 15 minutes."}$json$),
  ('p95 latency above 2 s', 20, $json${"metric": "latency_p95", "kind": "operation", "group_by": "name",
     "comparator": "gt", "threshold": 2000, "window": "15 minutes", "min_events": 20, "for": "5 minutes",
     "keep_firing_for": "5 minutes", "cooldown": "4 hours", "severity": "warning",
     "description": "An operation's 95th percentile took longer than 2 seconds over 15 minutes."}$json$),
  ('Payment failures', 30, $json${"metric": "error_count", "kind": "operation", "name_like": "payment%",
     "comparator": "gt", "threshold": 0, "window": "5 minutes", "min_events": 0, "keep_firing_for": "10 minutes",
     "cooldown": "1 hour", "severity": "critical",
     "description": "An operation named payment... failed in the last 5 minutes."}$json$),
  ('SLO fast burn', 40, $json${"metric": "slo_burn_rate", "kind": "operation", "group_by": "name",
     "slo_objective": 0.999, "comparator": "gt", "threshold": 14.4, "window": "1 hour", "min_events": 100,
     "keep_firing_for": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "Burning a 99.9% objective's 30-day error budget 14.4 times too fast over both 1 h and 5 min (2% of the budget in an hour)."}$json$);

-- Each tenant gets the templates of its kind: app tenants the per-tenant ones, vigil-system the
-- database-wide ones (which would be refused elsewhere).
create function vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[] default null) returns integer
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


-- A rule on a database-wide metric (alert_metrics.scope = system) belongs to the vigil-system tenant.
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

grant execute on function vigil._json_interval(jsonb, text) to authenticated, service_role;
grant execute on function vigil._json_scalar(jsonb, text, text) to authenticated, service_role;
grant execute on function vigil._json_text(jsonb, text) to authenticated, service_role;
grant execute on function vigil._json_number(jsonb, text) to authenticated, service_role;
grant execute on function vigil._json_bool(jsonb, text) to authenticated, service_role;
grant execute on function vigil._apply_rule_json(vigil.alert_rules, jsonb) to authenticated, service_role;
grant execute on function vigil_api.create_alert_rule(uuid, jsonb) to authenticated, service_role;
grant execute on function vigil_api.update_alert_rule(uuid, jsonb) to authenticated, service_role;
grant execute on function vigil_api.delete_alert_rule(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_alert_rules(uuid) to authenticated, service_role;
grant execute on function vigil_api.install_default_rules(uuid, uuid[]) to authenticated, service_role;

-- The state of every rule and series, the history of its transitions, silences and mute windows,
-- and the notification outbox with its log of delivery attempts.

-- Every key starts with tenant_id, so alerts reference rules by (tenant_id, id) and no row can point
-- across tenants (and the tables distribute by tenant: docs/scale-out.md).

create table vigil.alerts (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null,
  rule_id uuid not null,
  dedup_key text not null,
  labels jsonb not null default '{}'::jsonb,
  state text not null default 'ok' check (state in ('ok', 'pending', 'firing', 'recovering', 'resolved', 'nodata', 'error')),
  state_since timestamptz not null,
  value double precision,
  event_count bigint,
  last_error text,
  severity text check (severity in ('info', 'warning', 'critical')),
  notified_severity text check (notified_severity in ('info', 'warning', 'critical')),
  level_pending text check (level_pending in ('info', 'warning', 'critical')),
  level_pending_since timestamptz,
  observed double precision,
  baseline double precision,
  last_evaluated_at timestamptz,
  firing_since timestamptz,
  notified_state text check (notified_state in ('firing', 'resolved')),
  last_notified_at timestamptz,
  notify_seq integer not null default 0,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  resolved_at timestamptz,
  resolved_by uuid,
  muted_by text,
  foreign key (tenant_id, rule_id) references vigil.alert_rules (tenant_id, id) on delete cascade,
  unique (tenant_id, rule_id, dedup_key),
  primary key (tenant_id, id)
);
create index alerts_tenant_state_idx on vigil.alerts (tenant_id, state);
-- Every foreign key gets an index leading with its columns (splinter 0001), so deleting a rule or an
-- alert does not scan the tables that point at it.
create index alerts_tenant_rule_idx on vigil.alerts (tenant_id, rule_id);
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index alerts_id_idx on vigil.alerts (id);
comment on table vigil.alerts is
  'One row per rule and series: its current state (ok, pending, firing, recovering, resolved, nodata, error) and what was last notified.';
comment on column vigil.alerts.dedup_key is
  'Hash of the rule and the series labels; used as PagerDuty dedup_key, in Resend''s Idempotency-Key and on the Slack context line.';
comment on column vigil.alerts.state_since is 'When the series entered its current state: pending counts `for` from here, recovering counts `keep_firing_for`.';
comment on column vigil.alerts.notified_state is
  'What receivers were last told (firing or resolved). A firing muted by a silence stays untold, so it is sent when the silence ends; a resolution is only sent for a firing that was told.';
comment on column vigil.alerts.muted_by is 'The silence or mute window currently holding this alert''s notification back, if any.';
comment on column vigil.alerts.severity is
  'The level the alert is in: the rule''s severity, or on a two-level rule warning or critical by the threshold the value passed. Kept while it recovers, so a resolution names the level it ends.';
comment on column vigil.alerts.notified_severity is 'The level receivers were last told of a firing; another level owes them a new firing notification.';
comment on column vigil.alerts.level_pending is
  'A firing alert''s value in another level since level_pending_since: a rise takes effect after the rule''s for, a fall after keep_firing_for, so a value hovering at a threshold does not flap.';
comment on column vigil.alerts.observed is 'change_pct and anomaly: the metric''s own value (value is then the change in percent or the robust z-score).';
comment on column vigil.alerts.baseline is 'change_pct: the metric a week or a window earlier; anomaly: the median of its earlier weeks at this hour.';
comment on column vigil.alerts.notify_seq is 'Counts notifications of this series; with the channel it makes each outbox row unique, so no transition is ever enqueued twice.';


create table vigil.alert_history (
  id bigserial not null,
  tenant_id uuid not null,
  alert_id uuid not null,
  rule_id uuid not null,
  from_state text not null,
  to_state text not null,
  value double precision,
  event_count bigint,
  severity text,
  at timestamptz not null,
  actor uuid,
  note text,
  foreign key (tenant_id, alert_id) references vigil.alerts (tenant_id, id) on delete cascade,
  primary key (tenant_id, id)
);
create index alert_history_alert_idx on vigil.alert_history (alert_id, at);
create index alert_history_tenant_idx on vigil.alert_history (tenant_id, at);
create index alert_history_tenant_alert_idx on vigil.alert_history (tenant_id, alert_id);
comment on table vigil.alert_history is
  'Every state transition of every alert, with the metric value that caused it, and operator actions (acknowledge, resolve) with who did them.';
comment on column vigil.alert_history.actor is 'The user who acknowledged or resolved; null for evaluation.';
comment on column vigil.alert_history.severity is 'The alert''s level after the transition; a move between levels is a row whose states are both firing.';
comment on column vigil.alert_history.note is 'Why: the metric error, a mute that held a notification back, an operator''s comment.';

create table vigil.alert_silences (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  matchers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(matchers) = 'object'),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  comment text,
  created_by uuid,
  created_at timestamptz not null default pg_catalog.now(),
  check (ends_at > starts_at),
  primary key (tenant_id, id)
);
create index alert_silences_tenant_idx on vigil.alert_silences (tenant_id, ends_at);
comment on table vigil.alert_silences is
  'Time-boxed silences: notifications of matching alerts are held back between starts_at and ends_at. Evaluation and history go on.';
comment on column vigil.alert_silences.matchers is
  'Equality matchers, all of which must hold: rule_id, rule (name), severity, metric, or any rule or series label (name for grouped series). {} matches every alert of the tenant.';

create table vigil.alert_mute_windows (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 100),
  matchers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(matchers) = 'object'),
  weekdays smallint[] not null default '{1,2,3,4,5,6,7}' check (weekdays <@ '{1,2,3,4,5,6,7}'::smallint[] and pg_catalog.cardinality(weekdays) > 0),
  start_time time not null,
  end_time time not null,
  time_zone text not null default 'UTC',
  enabled boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default pg_catalog.now(),
  unique (tenant_id, name),
  primary key (tenant_id, id)
);
comment on table vigil.alert_mute_windows is
  'Recurring mute windows (nights, weekends, a weekly deploy slot): matching notifications are held back while one is open. Evaluation goes on.';
comment on column vigil.alert_mute_windows.weekdays is 'ISO days of week (1 = Monday .. 7 = Sunday) on which the window opens, in time_zone.';
comment on column vigil.alert_mute_windows.end_time is 'When end_time <= start_time the window runs past midnight into the next day.';

create table vigil.alert_notifications (
  id bigserial not null,
  tenant_id uuid not null,
  alert_id uuid not null,
  rule_id uuid not null,
  channel_id uuid not null,
  kind text not null check (kind in ('firing', 'resolved', 'reminder', 'acknowledged')),
  seq integer not null,
  dedup_key text not null,
  payload jsonb not null,
  -- Resend's Idempotency-Key: a retry of this row repeats it, and a new level of the same alert
  -- (another severity and sequence) never matches an earlier one, so email dedup cannot swallow it.
  idempotency_key text generated always as (dedup_key || '-' || kind || '-' || coalesce(payload ->> 'severity', 'none')
    || '-' || seq::text || '-' || channel_id::text) stored,
  status text not null default 'pending' check (status in ('pending', 'sending', 'retrying', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  claim_token uuid,
  created_at timestamptz not null,
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text,
  foreign key (tenant_id, alert_id) references vigil.alerts (tenant_id, id) on delete cascade,
  foreign key (tenant_id, channel_id) references vigil.alert_channels (tenant_id, id) on delete cascade,
  unique (tenant_id, alert_id, seq, channel_id),
  primary key (tenant_id, id)
);
create index alert_notifications_due_idx on vigil.alert_notifications (next_attempt_at)
  where status in ('pending', 'sending', 'retrying');
create index alert_notifications_tenant_idx on vigil.alert_notifications (tenant_id, created_at);
create index alert_notifications_tenant_alert_idx on vigil.alert_notifications (tenant_id, alert_id);
create index alert_notifications_tenant_channel_idx on vigil.alert_notifications (tenant_id, channel_id);
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index alert_notifications_id_idx on vigil.alert_notifications (id);
comment on table vigil.alert_notifications is
  'The outbox: one row per notification and channel, claimed by the send-alert function with for update skip locked. dead means given up after the retry limit or a permanent error.';
comment on column vigil.alert_notifications.payload is 'Everything a channel needs to render the message: rule, severity, state, value, threshold, labels, link. No secret.';
comment on column vigil.alert_notifications.lease_until is 'A claimed (sending) row whose lease passed is claimable again: the sender died mid-way.';
comment on column vigil.alert_notifications.claim_token is
  'New at every claim: only the sender holding the current token may record a result, so a sender whose lease passed and whose row was claimed again cannot overwrite it.';

create table vigil.alert_delivery_attempts (
  id bigserial not null,
  tenant_id uuid not null,
  notification_id bigint not null,
  attempt integer not null,
  at timestamptz not null,
  outcome text not null check (outcome in ('delivered', 'retry', 'permanent', 'refused')),
  status_code integer,
  error text,
  duration_ms double precision,
  primary key (tenant_id, id),
  foreign key (tenant_id, notification_id) references vigil.alert_notifications (tenant_id, id) on delete cascade
);
create index alert_delivery_attempts_notification_idx on vigil.alert_delivery_attempts (tenant_id, notification_id);
comment on table vigil.alert_delivery_attempts is 'Every delivery attempt: HTTP status, error, duration, and whether it was delivered, will be retried or failed for good. refused: the outbound guard refused the address and no request was sent.';
comment on column vigil.alert_delivery_attempts.error is 'Why it failed, with at most the first 300 characters of what the receiver answered.';

alter table vigil.alerts enable row level security;
alter table vigil.alert_history enable row level security;
alter table vigil.alert_silences enable row level security;
alter table vigil.alert_mute_windows enable row level security;
alter table vigil.alert_notifications enable row level security;
alter table vigil.alert_delivery_attempts enable row level security;

grant select on vigil.alerts, vigil.alert_history, vigil.alert_notifications, vigil.alert_delivery_attempts to authenticated;
grant select, insert, update, delete on vigil.alert_silences, vigil.alert_mute_windows to authenticated;
grant all on vigil.alerts, vigil.alert_history, vigil.alert_silences, vigil.alert_mute_windows,
  vigil.alert_notifications, vigil.alert_delivery_attempts to service_role;
grant usage on sequence vigil.alert_history_id_seq, vigil.alert_notifications_id_seq,
  vigil.alert_delivery_attempts_id_seq to service_role;

select vigil._create_policies('vigil.alerts', 'tenant_id', 'viewer');
select vigil._create_policies('vigil.alert_history', 'tenant_id', 'viewer');
select vigil._create_policies('vigil.alert_notifications', 'tenant_id', 'viewer');
select vigil._create_policies('vigil.alert_delivery_attempts', 'tenant_id', 'viewer');

select vigil._create_policies('vigil.alert_silences', 'tenant_id', 'viewer', 'operator');

select vigil._create_policies('vigil.alert_mute_windows', 'tenant_id', 'viewer', 'operator');
