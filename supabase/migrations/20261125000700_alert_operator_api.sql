-- What operators do with alerts: list them, acknowledge, resolve by hand, silence and mute. Every
-- action is tenant-scoped and recorded in history with who did it.

create function vigil_api.list_alerts(p_tenant uuid, p_states text[] default null, p_severity text default null,
                                      p_rule uuid default null, p_limit integer default 100)
returns table (id uuid, rule_id uuid, rule text, severity text, metric text, labels jsonb, state text,
               state_since timestamptz, value double precision, threshold double precision, comparator text,
               event_count bigint, last_error text, firing_since timestamptz, acknowledged_at timestamptz,
               acknowledged_by uuid, resolved_at timestamptz, resolved_by uuid, muted_by text,
               last_evaluated_at timestamptz, dedup_key text, condition text, observed double precision,
               baseline double precision)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select vigil._check_limit(p_limit, 1000);
  -- severity is the level the alert is in (a two-level rule's warning or critical), threshold that level's.
  select a.id, a.rule_id, r.name, coalesce(a.severity, r.severity), r.metric, r.labels || a.labels, a.state, a.state_since, a.value,
         case when a.severity = 'warning' and r.warning_threshold is not null then r.warning_threshold else r.threshold end,
         r.comparator, a.event_count, a.last_error, a.firing_since, a.acknowledged_at,
         a.acknowledged_by, a.resolved_at, a.resolved_by, a.muted_by, a.last_evaluated_at, a.dedup_key,
         r.condition, a.observed, a.baseline
  from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
  where a.tenant_id = p_tenant
    and (p_states is null or a.state = any (p_states))
    and (p_severity is null or coalesce(a.severity, r.severity) = p_severity)
    and (p_rule is null or a.rule_id = p_rule)
  -- What needs attention first: firing, then by severity, then the longest-standing.
  order by (a.state in ('firing', 'recovering')) desc,
           case coalesce(a.severity, r.severity) when 'critical' then 0 when 'warning' then 1 else 2 end, a.state_since
  limit p_limit;
$$;
comment on function vigil_api.list_alerts(uuid, text[], text, uuid, integer) is
$$Alerts of a tenant (one per rule and series), firing first, then by severity: the level the alert is in, with that
level's threshold. For change_pct and anomaly rules value is the change in percent or the z-score, observed the
metric and baseline what it was compared with. Filters: states (e.g. '{firing,pending}'), severity, rule. Any member may read them. Example: select rule, state, value from vigil_api.list_alerts('<tenant>', '{firing}');$$;

create function vigil_api.alert_history(p_tenant uuid, p_alert uuid default null, p_since timestamptz default null,
                                        p_limit integer default 200)
returns table (at timestamptz, alert_id uuid, rule_id uuid, rule text, labels jsonb, from_state text, to_state text,
               value double precision, event_count bigint, actor uuid, note text, severity text)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select vigil._check_limit(p_limit, 5000);
  select h.at, h.alert_id, h.rule_id, r.name, a.labels, h.from_state, h.to_state, h.value, h.event_count, h.actor, h.note,
         h.severity
  from vigil.alert_history h
  join vigil.alerts a on a.id = h.alert_id
  join vigil.alert_rules r on r.id = h.rule_id
  where h.tenant_id = p_tenant and (p_alert is null or h.alert_id = p_alert) and (p_since is null or h.at >= p_since)
  order by h.at desc, h.id desc
  limit p_limit;
$$;
comment on function vigil_api.alert_history(uuid, uuid, timestamptz, integer) is
  'Transitions of a tenant''s alerts, newest first, each with its value and the level after it (a move between warning and critical is a firing -> firing row), and operator actions with who did them. Any member may read it.';

-- Security definer: an operator changes an alert's state and enqueues its notification, which
-- members may not write directly. The caller's role is checked first.
create function vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  a vigil.alerts;
  r vigil.alert_rules;
  v_sent integer := 0;
begin
  select * into a from vigil.alerts where id = p_alert for update;
  perform vigil._require_owner(a.tenant_id, 'operator', 'alert');
  select * into r from vigil.alert_rules where id = a.rule_id;
  if p_action = 'acknowledge' then
    if a.state not in ('firing', 'recovering', 'pending') then
      raise exception using errcode = '22023', message = pg_catalog.format('Only a pending or firing alert can be acknowledged; this one is %s.', a.state);
    end if;
    if a.acknowledged_at is not null then
      return pg_catalog.jsonb_build_object('id', a.id, 'state', a.state, 'acknowledged_at', a.acknowledged_at, 'notified', 0);
    end if;
    update vigil.alerts set acknowledged_at = p_now, acknowledged_by = auth.uid() where id = a.id returning * into a;
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, severity, at, actor, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, a.state, a.value, a.event_count, a.severity, p_now, auth.uid(),
            coalesce('acknowledged: ' || p_note, 'acknowledged'));
    -- Receivers that track incidents (PagerDuty, Slack, webhooks) hear of the ack; email and SMS
    -- would only add noise. Only an alert they were told about is acknowledged to them.
    if a.notified_state = 'firing' then
      insert into vigil.alert_notifications (tenant_id, alert_id, rule_id, channel_id, kind, seq, dedup_key, payload,
                                             next_attempt_at, created_at)
      select a.tenant_id, a.id, r.id, c.id, 'acknowledged', a.notify_seq + 1, a.dedup_key,
             vigil._alert_payload(a, r, 'acknowledged', p_now, auth.uid()) || pg_catalog.jsonb_build_object('channel', c.name, 'note', p_note),
             p_now, p_now
      from vigil.alert_channels c
      where c.tenant_id = a.tenant_id and c.id = any (r.channel_ids) and c.enabled and c.type in ('pagerduty', 'slack', 'webhook');
      get diagnostics v_sent = row_count;
      update vigil.alerts set notify_seq = notify_seq + 1 where id = a.id;
    end if;
  elsif p_action = 'resolve' then
    if a.state in ('ok', 'resolved') then
      raise exception using errcode = '22023', message = pg_catalog.format('This alert is already %s.', a.state);
    end if;
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, severity, at, actor, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, 'resolved', a.value, a.event_count, a.severity, p_now, auth.uid(),
            coalesce('resolved by hand: ' || p_note, 'resolved by hand'));
    update vigil.alerts set state = 'resolved', state_since = p_now, resolved_at = p_now, resolved_by = auth.uid()
    where id = a.id;
    v_sent := vigil._notify_alert(a.id, p_now);
  end if;
  select * into a from vigil.alerts where id = p_alert;
  return pg_catalog.jsonb_build_object('id', a.id, 'state', a.state, 'acknowledged_at', a.acknowledged_at,
    'acknowledged_by', a.acknowledged_by, 'resolved_at', a.resolved_at, 'resolved_by', a.resolved_by, 'notified', v_sent);
end
$$;
comment on function vigil._act_on_alert(uuid, text, text, timestamptz) is
  'Acknowledges or resolves an alert for an operator of its tenant, records who and when, and enqueues what receivers must hear.';

create function vigil_api.acknowledge_alert(p_alert uuid, p_note text default null) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._act_on_alert(p_alert, 'acknowledge', p_note, pg_catalog.now()) $$;
comment on function vigil_api.acknowledge_alert(uuid, text) is
  'Acknowledges a pending or firing alert (operators and admins): reminders stop, PagerDuty/Slack/webhook channels are told, history records who and when.';

create function vigil_api.resolve_alert(p_alert uuid, p_note text default null) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._act_on_alert(p_alert, 'resolve', p_note, pg_catalog.now()) $$;
comment on function vigil_api.resolve_alert(uuid, text) is
  'Resolves an alert by hand (operators and admins) and sends its resolution. If the metric still breaches, the next evaluation opens a new firing.';

create function vigil._check_matchers(p_matchers jsonb) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_matchers is null or pg_catalog.jsonb_typeof(p_matchers) <> 'object'
     or exists (select 1 from pg_catalog.jsonb_each(p_matchers) m where pg_catalog.jsonb_typeof(m.value) <> 'string') then
    raise exception using errcode = '22023',
      message = 'matchers must be a JSON object of label names to string values, e.g. {"severity": "warning", "rule": "p95 latency above 2 s"}.';
  end if;
end
$$;

create function vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamptz,
                                         p_starts_at timestamptz default null, p_comment text default null)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  v_row vigil.alert_silences;
begin
  perform vigil.require_role(p_tenant, 'operator');
  perform vigil._check_matchers(p_matchers);
  if p_ends_at is null or p_ends_at <= coalesce(p_starts_at, pg_catalog.now()) then
    raise exception using errcode = '22023', message = 'ends_at must be after starts_at (default now).';
  end if;
  insert into vigil.alert_silences (tenant_id, matchers, starts_at, ends_at, comment, created_by)
  values (p_tenant, p_matchers, coalesce(p_starts_at, pg_catalog.now()), p_ends_at, p_comment, auth.uid())
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil_api.create_silence(uuid, jsonb, timestamptz, timestamptz, text) is
$$Silences matching alerts' notifications from p_starts_at (default now) to p_ends_at (operators and admins). Evaluation
and history continue; a firing held back is sent when the silence ends if still firing. Matchers: rule_id, rule,
severity, metric or any label; {} silences the whole tenant.$$;

create function vigil_api.delete_silence(p_silence uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.alert_silences', p_silence, 'operator', 'silence') $$;
comment on function vigil_api.delete_silence(uuid) is 'Ends a silence now by deleting it (operators and admins).';

create function vigil_api.list_silences(p_tenant uuid, p_include_expired boolean default false) returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(s) from vigil.alert_silences s
    where s.tenant_id = p_tenant and (p_include_expired or s.ends_at > pg_catalog.now())
    order by s.ends_at;
$$;
comment on function vigil_api.list_silences(uuid, boolean) is 'Silences of a tenant (active and future; expired too when asked). Any member may read them.';

create function vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time, p_end_time time,
                                             p_weekdays smallint[] default '{1,2,3,4,5,6,7}', p_time_zone text default 'UTC',
                                             p_matchers jsonb default '{}'::jsonb)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  v_row vigil.alert_mute_windows;
begin
  perform vigil.require_role(p_tenant, 'operator');
  perform vigil._check_matchers(p_matchers);
  perform vigil._check_name(p_name, 100);
  if p_start_time is null or p_end_time is null or p_start_time = p_end_time then
    raise exception using errcode = '22023', message = 'start_time and end_time must be different times of day.';
  end if;
  if p_weekdays is null or pg_catalog.cardinality(p_weekdays) = 0 or not (p_weekdays <@ '{1,2,3,4,5,6,7}'::smallint[]) then
    raise exception using errcode = '22023', message = 'weekdays must list ISO days of week, 1 (Monday) to 7 (Sunday).';
  end if;
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = p_time_zone) then
    raise exception using errcode = '22023', message = pg_catalog.format('time_zone %L is not a known time zone.', p_time_zone);
  end if;
  insert into vigil.alert_mute_windows (tenant_id, name, matchers, weekdays, start_time, end_time, time_zone, created_by)
  values (p_tenant, p_name, p_matchers, p_weekdays, p_start_time, p_end_time, p_time_zone, auth.uid())
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A mute window named %L already exists in this tenant.', p_name);
end
$$;
comment on function vigil_api.create_mute_window(uuid, text, time, time, smallint[], text, jsonb) is
$$Adds a recurring mute window (operators and admins): on p_weekdays (ISO, 1 = Monday) from p_start_time to p_end_time
in p_time_zone (past midnight when end <= start), matching alerts' notifications are held back. Example, nights:
select vigil_api.create_mute_window('<tenant>', 'nights', '22:00', '07:00', '{1,2,3,4,5,6,7}', 'Europe/Paris', '{"severity": "warning"}');$$;

create function vigil_api.delete_mute_window(p_window uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.alert_mute_windows', p_window, 'operator', 'mute window') $$;
comment on function vigil_api.delete_mute_window(uuid) is 'Deletes a recurring mute window (operators and admins).';

create function vigil_api.list_mute_windows(p_tenant uuid) returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(w) from vigil.alert_mute_windows w where w.tenant_id = p_tenant order by w.name;
$$;
comment on function vigil_api.list_mute_windows(uuid) is 'Recurring mute windows of a tenant. Any member may read them.';

grant execute on function vigil._act_on_alert(uuid, text, text, timestamptz) to authenticated, service_role;
grant execute on function vigil._check_matchers(jsonb) to authenticated, service_role;
grant execute on function vigil_api.list_alerts(uuid, text[], text, uuid, integer) to authenticated, service_role;
grant execute on function vigil_api.alert_history(uuid, uuid, timestamptz, integer) to authenticated, service_role;
grant execute on function vigil_api.acknowledge_alert(uuid, text) to authenticated, service_role;
grant execute on function vigil_api.resolve_alert(uuid, text) to authenticated, service_role;
grant execute on function vigil_api.create_silence(uuid, jsonb, timestamptz, timestamptz, text) to authenticated, service_role;
grant execute on function vigil_api.delete_silence(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_silences(uuid, boolean) to authenticated, service_role;
grant execute on function vigil_api.create_mute_window(uuid, text, time, time, smallint[], text, jsonb) to authenticated, service_role;
grant execute on function vigil_api.delete_mute_window(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_mute_windows(uuid) to authenticated, service_role;

-- The dashboard header: the window's statistics and the tenant's open alerts, which is why it is
-- defined here rather than with the other statistics RPCs. Open = pending, firing or recovering;
-- resolved, ok, nodata and error series are not open.
-- `series` counts the distinct (kind, name) of the window's parts instead of computing every
-- series' percentiles only to count them.
create function vigil_api.summary(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_total record;
  v_names bigint;
  v_alerts jsonb;
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  select * into v_total from vigil._rollup_stats(p_tenant, p_since, p_until, null, null, null, false);
  select pg_catalog.count(*) into v_names
  from (select distinct p.k, p.n from vigil._stats_parts(p_tenant, p_since, p_until, null, null, null, true) p) d;
  -- Alerts are current state, not part of the window: what is open now.
  select pg_catalog.jsonb_build_object(
           'total', pg_catalog.count(*),
           'firing', pg_catalog.count(*) filter (where a.state = 'firing'),
           'pending', pg_catalog.count(*) filter (where a.state = 'pending'),
           'recovering', pg_catalog.count(*) filter (where a.state = 'recovering'),
           'unacknowledged', pg_catalog.count(*) filter (where a.acknowledged_at is null),
           'acknowledged', pg_catalog.count(*) filter (where a.acknowledged_at is not null))
  into v_alerts
  from vigil.alerts a
  where a.tenant_id = p_tenant and a.state in ('pending', 'firing', 'recovering');
  return pg_catalog.jsonb_build_object(
    'since', p_since, 'until', p_until,
    'count', coalesce(v_total.count, 0),
    'errors', coalesce(v_total.errors, 0),
    'success_rate', case when v_total.count > 0 then 1 - v_total.errors::double precision / v_total.count end,
    'p50_ms', v_total.p50_ms, 'p95_ms', v_total.p95_ms, 'p99_ms', v_total.p99_ms,
    'series', v_names,
    'open_alerts', (v_alerts ->> 'total')::bigint,
    'open_alerts_by_state', v_alerts,
    'top_errors', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('error_type', t.key, 'count', t.value::bigint)
                                                        order by t.value::bigint desc, t.key)
                            from (select j.key, j.value from pg_catalog.jsonb_each_text(coalesce(v_total.error_types, '{}'::jsonb)) j
                                  order by j.value::bigint desc, j.key limit 5) t), '[]'::jsonb));
end
$$;
comment on function vigil_api.summary(uuid, timestamptz, timestamptz) is
$$The dashboard header for [p_since, p_until): total events, errors, success rate, p50/p95/p99 over every timed event,
how many (kind, name) series, the 5 most frequent error types, and the alerts open now (pending, firing or
recovering): open_alerts is their number, open_alerts_by_state splits it into firing / pending / recovering and
unacknowledged / acknowledged. Viewers and up, or the service role.$$;

grant execute on function vigil_api.summary(uuid, timestamptz, timestamptz) to authenticated, service_role;
