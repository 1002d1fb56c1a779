-- slo_burn_rate rules point at the statistics capability's SLOs (vigil.slos) instead of carrying an
-- objective of their own: one definition for slo_status and for paging. Evaluation reads the SLO's
-- operation, objective and latency threshold each time, so changing the SLO changes its rules, and
-- deleting it deletes them. Slow successes are counted from the rollup histograms (vigil._slo_counts,
-- as slo_status does) instead of being interpolated between window quantiles (_fraction_slower goes).
-- A rule without an SLO keeps carrying its own definition (slo_objective, slo_latency_ms): the
-- default "SLO fast burn" rule works for tenants that defined no SLO.

alter table vigil.alert_rules add column slo_id uuid references vigil.slos (id) on delete cascade;
create index alert_rules_slo_idx on vigil.alert_rules (slo_id);
comment on column vigil.alert_rules.slo_id is
  'slo_burn_rate only: the SLO (of the same tenant) whose operation, objective and latency threshold the rule reads at each evaluation. Deleting the SLO deletes its rules. Null: the rule carries slo_objective and slo_latency_ms itself.';
comment on column vigil.alert_rules.slo_objective is
  'slo_burn_rate without slo_id: the good-event ratio promised, e.g. 0.999.';
comment on column vigil.alert_rules.slo_latency_ms is
  'slo_burn_rate without slo_id: an event is good when it succeeded and, if set, took at most this many ms.';
alter table vigil.alert_rules drop constraint alert_rules_check;
alter table vigil.alert_rules add constraint alert_rules_slo_defined
  check (metric <> 'slo_burn_rate' or slo_objective is not null or slo_id is not null);

create or replace function vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) returns vigil.alert_rules
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
    'channels', 'labels', 'slo', 'slo_objective', 'slo_latency_ms', 'runbook_url', 'enabled');
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
    end case;
  end loop;

  if r.name is null or pg_catalog.length(r.name) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'name must be 1 to 200 characters.';
  end if;
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

create or replace function vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) returns jsonb
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
  r.labels := '{}'::jsonb; r.enabled := true;
  r := vigil._apply_rule_json(r, p_rule);
  insert into vigil.alert_rules (tenant_id, name, description, metric, event_kind, event_name, event_name_like,
    group_by_name, comparator, threshold, time_window, for_duration, keep_firing_for, min_events, nodata_fires,
    cooldown, severity, channel_ids, labels, slo_id, slo_objective, slo_latency_ms, runbook_url, enabled, created_by)
  values (r.tenant_id, r.name, r.description, r.metric, r.event_kind, r.event_name, r.event_name_like,
    r.group_by_name, r.comparator, r.threshold, r.time_window, r.for_duration, r.keep_firing_for, r.min_events,
    r.nodata_fires, r.cooldown, r.severity, r.channel_ids, r.labels, r.slo_id, r.slo_objective, r.slo_latency_ms,
    r.runbook_url, r.enabled, auth.uid())
  returning * into r;
  return pg_catalog.to_jsonb(r);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A rule named %L already exists in this tenant.', p_rule ->> 'name');
end
$$;
comment on function vigil_api.create_alert_rule(uuid, jsonb) is
$$Creates an alert rule (tenant admins). Fields: name, metric, comparator (gt gte lt lte eq), threshold, window, and
optionally kind, event_name | name_like, group_by ("name"), for, keep_firing_for, min_events, nodata_fires, cooldown,
severity (info warning critical), channels (ids), labels, slo (an SLO's id, for slo_burn_rate: its operation, objective
and latency threshold are the SLO's) or slo_objective / slo_latency_ms (an SLO carried by the rule), runbook_url, enabled. Rates are fractions: 5% is 0.05. Example:
select vigil_api.create_alert_rule('<tenant>', '{"name": "Checkout errors", "metric": "error_rate", "kind": "operation",
  "event_name": "checkout", "comparator": "gt", "threshold": 0.05, "window": "15 minutes", "severity": "critical"}');$$;

create or replace function vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) returns jsonb
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
    enabled = r.enabled, updated_at = pg_catalog.now()
  where id = p_rule
  returning * into r;
  return pg_catalog.to_jsonb(r);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A rule named %L already exists in this tenant.', p_changes ->> 'name');
end
$$;
comment on function vigil_api.update_alert_rule(uuid, jsonb) is
  'Changes the given fields of a rule (tenant admins), with the same fields and checks as create_alert_rule.';

-- Values of every enabled rule whose metric is built on window_stats, one row per series.
create or replace function vigil._alert_builtin_values(p_now timestamptz)
returns table (rule_id uuid, series_labels jsonb, metric_value double precision, events bigint)
language sql stable
set search_path = ''
as $$
  with r as materialized (
    -- A rule that points at an SLO takes its operation, objective and latency threshold from it.
    select r.id, r.tenant_id, r.metric, r.time_window, r.group_by_name, r.event_name_like,
           case when r.slo_id is null then r.event_kind else s.kind end as event_kind,
           case when r.slo_id is null then r.event_name else s.name end as event_name,
           case when r.slo_id is null then r.slo_objective else s.objective end as slo_objective,
           case when r.slo_id is null then r.slo_latency_ms else s.threshold_ms end as slo_latency_ms
    from vigil.alert_rules r
    left join vigil.slos s on s.id = r.slo_id
    where r.enabled and r.metric in ('error_rate', 'success_rate', 'error_count', 'count', 'latency_p50',
                                     'latency_p95', 'latency_p99', 'fallback_rate', 'slo_burn_rate')
  ),
  -- What each rule needs from window_stats: its window (and for SLOs the short window, 1/12 of it)
  -- and its kind (for fallback_rate, fallback events and the operations they stand in for). Names
  -- are filtered here rather than passed on: one call per (tenant, window, kind) serves every rule
  -- of the tenant, which costs less than a call per operation both on rollups and on the raw body
  -- (whose generic plan cannot use the name index and reads the tenant's whole window each call).
  parts as (
    select r.id, r.tenant_id, p.part, p.win, k.kind, coalesce(k.kind, '*') as kind_key, r.metric, r.event_name,
           r.event_name_like, r.group_by_name, r.slo_latency_ms
    from r
    cross join lateral (values ('main', r.time_window),
                               ('short', case when r.metric = 'slo_burn_rate' then r.time_window / 12 end)) p(part, win)
    cross join lateral (
      select r.event_kind where r.metric <> 'fallback_rate'
      union all select 'fallback' where r.metric = 'fallback_rate'
      union all select coalesce(r.event_kind, 'operation') where r.metric = 'fallback_rate'
    ) k(kind)
    where p.win is not null
  ),
  -- Percentiles (merging histograms, most of the work) only for the operations latency rules watch,
  -- as LIKE patterns (a rule's name escaped, or its name_like); for every name when one watches all.
  -- A window of 5 minutes or more starts on the whole minute nearest to p_now - window, so its start
  -- is a minute rollup row, not up to a minute of the tenant's raw events (which grows with its
  -- event rate). Evaluation runs at the top of each minute, where that is the window itself to
  -- within the scheduler's jitter. Shorter windows (an SLO's short window) stay exact.
  req as (
    select p.tenant_id, p.win, p.kind, p.kind_key,
           case when p.win >= interval '5 minutes'
                then pg_catalog.date_bin(interval '1 minute', p_now - p.win + interval '30 seconds', timestamptz '2000-01-01 00:00:00+00')
                else p_now - p.win end as since,
           case when pg_catalog.bool_or(p.metric in ('latency_p50', 'latency_p95', 'latency_p99')
                                        and p.event_name is null and p.event_name_like is null) then null
                else coalesce(pg_catalog.array_agg(distinct coalesce(
                                pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(p.event_name, '\', '\\'), '%', '\%'), '_', '\_'),
                                p.event_name_like))
                                filter (where p.metric in ('latency_p50', 'latency_p95', 'latency_p99')), '{}') end as pnames
    from parts p group by 1, 2, 3, 4
  ),
  st as materialized (
    select q.tenant_id, q.win, q.since, q.kind_key, s.kind, s.name, s.count, s.errors,
           s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
    from req q cross join lateral vigil._rollup_stats(q.tenant_id, q.since, p_now, q.kind, null, null, true, q.pnames) s
  ),
  -- Plain equalities (kind_key stands for a null kind) so rules and stats meet in one hash join; the
  -- rule's columns ride along in parts, because CTE row estimates are poor and a second join back
  -- to the rules turned into a nested loop over every pair.
  matched0 as materialized (
    select p.id, p.tenant_id, p.win, s.since, p.part, p.metric, p.group_by_name, p.slo_latency_ms, s.kind, s.name, s.count,
           s.errors, s.p50_ms, s.p95_ms, s.p99_ms
    from parts p
    join st s on s.tenant_id = p.tenant_id and s.win = p.win and s.kind_key = p.kind_key
    where (p.event_name is null or s.name = p.event_name)
      and (p.event_name_like is null or s.name like p.event_name_like)
  ),
  -- An SLO with a latency threshold counts slow successes as bad from the rollup histograms
  -- (vigil._slo_counts, as slo_status does), once per operation that had events; without one, bad
  -- is simply the failures window_stats counted. Its own CTE, filtered first: as a lateral join
  -- with the condition inside, the planner called the function for every row and filtered after.
  slow as materialized (
    select m.id, m.part, m.kind, m.name, x.total, x.bad
    from (select * from matched0 where metric = 'slo_burn_rate' and slo_latency_ms is not null offset 0) m
    cross join lateral vigil._slo_counts(m.tenant_id, m.kind, m.name, m.slo_latency_ms, m.since, p_now) x
  ),
  matched as (
    select m.*, sl.total as slo_total, sl.bad as slo_bad
    from matched0 m
    left join slow sl on sl.id = m.id and sl.part = m.part and sl.kind = m.kind and sl.name = m.name
  ),
  agg as (
    select m.id, m.part,
           case when m.group_by_name then pg_catalog.jsonb_build_object('name', m.name) else '{}'::jsonb end as labels,
           pg_catalog.sum(m.count) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as n,
           pg_catalog.sum(m.errors) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as errs,
           pg_catalog.sum(m.count) filter (where m.metric = 'fallback_rate' and m.kind = 'fallback') as fallbacks,
           pg_catalog.max(m.p50_ms) as p50, pg_catalog.max(m.p95_ms) as p95, pg_catalog.max(m.p99_ms) as p99,
           pg_catalog.sum(case when m.slo_latency_ms is null then m.count else m.slo_total end)
             filter (where m.metric = 'slo_burn_rate') as slo_n,
           pg_catalog.sum(case when m.slo_latency_ms is null then m.errors else m.slo_bad end)
             filter (where m.metric = 'slo_burn_rate') as slo_bad
    from matched m
    group by m.id, m.part, 3
  ),
  series as (
    select a.id, a.labels from agg a where a.part = 'main'
    union
    select r.id, '{}'::jsonb from r where not r.group_by_name
    union
    -- A grouped series that went quiet is still judged (as nodata), so it can leave pending.
    select al.rule_id, al.labels from vigil.alerts al join r on r.id = al.rule_id
    where r.group_by_name and al.state in ('pending', 'firing', 'recovering')
  )
  select s.id, s.labels,
         case r.metric
           when 'error_rate' then m.errs::double precision / nullif(m.n, 0)
           when 'success_rate' then 1 - m.errs::double precision / nullif(m.n, 0)
           when 'error_count' then coalesce(m.errs, 0)
           when 'count' then coalesce(m.n, 0)
           when 'latency_p50' then m.p50
           when 'latency_p95' then m.p95
           when 'latency_p99' then m.p99
           when 'fallback_rate' then coalesce(m.fallbacks, 0)::double precision / nullif(m.n, 0)
           -- Both windows must burn: a spike that is over (short window calm) stops paging.
           when 'slo_burn_rate' then least(vigil._slo_burn(m.slo_n, m.slo_n - m.slo_bad, r.slo_objective),
                                           coalesce(vigil._slo_burn(sh.slo_n, sh.slo_n - sh.slo_bad, r.slo_objective), 0))
         end,
         coalesce(m.n, 0)::bigint
  from series s
  join r on r.id = s.id
  left join agg m on m.id = s.id and m.labels = s.labels and m.part = 'main'
  left join agg sh on sh.id = s.id and sh.labels = s.labels and sh.part = 'short'
$$;
comment on function vigil._alert_builtin_values(timestamptz) is
  'Metric value and event count per series of every enabled built-in rule, from one vigil._rollup_stats call per (tenant, window, kind), percentiles only for the names latency rules watch.';

drop function vigil._fraction_slower(double precision, double precision, double precision, double precision, double precision, double precision);

revoke execute on all functions in schema vigil, vigil_api from public;
