-- Evaluation: every enabled rule's series moves through ok -> pending -> firing -> recovering ->
-- resolved (plus nodata and error), every transition goes to history, and notifications go to the
-- outbox unless a silence or mute window holds them back. Registered as maintenance step 'alerts'.

-- What silences and mute windows match against: the rule's identity, its labels and the series'.
create function vigil._alert_match_labels(p_rule vigil.alert_rules, p_series jsonb) returns jsonb
language sql immutable
set search_path = ''
as $$
  select p_rule.labels || coalesce(p_series, '{}'::jsonb)
      || pg_catalog.jsonb_build_object('rule_id', p_rule.id::text, 'rule', p_rule.name,
                                       'severity', p_rule.severity, 'metric', p_rule.metric)
$$;

create function vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamptz) returns text
language sql stable
set search_path = ''
as $$
  select coalesce(
    (select 'silence ' || s.id::text from vigil.alert_silences s
     where s.tenant_id = p_tenant and p_now >= s.starts_at and p_now < s.ends_at and p_match @> s.matchers
     order by s.ends_at desc limit 1),
    (select 'mute window ' || w.name from vigil.alert_mute_windows w
     cross join lateral (select p_now at time zone w.time_zone as t) l
     where w.tenant_id = p_tenant and w.enabled and p_match @> w.matchers
       and ((w.start_time < w.end_time
             and pg_catalog.date_part('isodow', l.t)::smallint = any (w.weekdays)
             and l.t::time >= w.start_time and l.t::time < w.end_time)
         or (w.start_time >= w.end_time
             and ((pg_catalog.date_part('isodow', l.t)::smallint = any (w.weekdays) and l.t::time >= w.start_time)
               or (pg_catalog.date_part('isodow', l.t - interval '1 day')::smallint = any (w.weekdays) and l.t::time < w.end_time))))
     order by w.name limit 1))
$$;
comment on function vigil._alert_muted_by(uuid, jsonb, timestamptz) is
  'The silence or mute window that holds back notifications for alerts with these labels at p_now, or null.';

create function vigil._alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamptz,
                                     p_actor uuid default null)
returns jsonb
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object(
    'kind', p_kind, 'state', p_alert.state, 'alert_id', p_alert.id, 'tenant_id', p_alert.tenant_id,
    'tenant', (select t.slug from vigil.tenants t where t.id = p_alert.tenant_id),
    'rule_id', p_rule.id, 'rule', p_rule.name, 'description', p_rule.description,
    'severity', coalesce(p_alert.severity, p_rule.severity),
    'metric', p_rule.metric,
    -- The value is a change in percent (change_pct) or a z-score (anomaly, in sigma) there.
    'unit', case p_rule.condition when 'change_pct' then 'percent' when 'anomaly' then 'sigma'
                 else (select m.unit from vigil.alert_metrics m where m.name = p_rule.metric) end,
    -- The threshold of the level the alert is in.
    'comparator', p_rule.comparator,
    'threshold', case when p_alert.severity = 'warning' and p_rule.warning_threshold is not null then p_rule.warning_threshold
                      else p_rule.threshold end,
    'value', p_alert.value,
    'condition', p_rule.condition, 'direction', p_rule.direction, 'observed', p_alert.observed, 'baseline', p_alert.baseline,
    'previous_severity', p_alert.notified_severity,
    'window', p_rule.time_window::text, 'event_count', p_alert.event_count,
    'labels', p_rule.labels || p_alert.labels, 'dedup_key', p_alert.dedup_key,
    'firing_since', p_alert.firing_since, 'at', p_now, 'runbook_url', p_rule.runbook_url, 'actor', p_actor)
$$;

-- Decides whether this alert owes its receivers a notification now and enqueues it, one row per
-- channel. Called with the alert row locked, by evaluation and by operator actions alike.
create function vigil._notify_alert(p_alert uuid, p_now timestamptz) returns integer
language plpgsql
set search_path = ''
as $$
declare
  a vigil.alerts;
  r vigil.alert_rules;
  v_kind text;
  v_muted text;
  v_count integer;
begin
  select * into a from vigil.alerts where id = p_alert;
  select * into r from vigil.alert_rules where id = a.rule_id;
  if a.state in ('firing', 'recovering') then
    -- A move to another level is a new firing at that level (PagerDuty re-triggers with it).
    if a.notified_state is distinct from 'firing' or a.severity is distinct from a.notified_severity then
      v_kind := 'firing';
    elsif r.cooldown is not null and a.acknowledged_at is null and p_now - a.last_notified_at >= r.cooldown then
      v_kind := 'reminder';
    end if;
  elsif a.state in ('ok', 'resolved') and a.notified_state = 'firing' then
    v_kind := 'resolved';
  end if;
  if v_kind is null then
    if a.muted_by is not null then
      update vigil.alerts set muted_by = null where id = a.id;
    end if;
    return 0;
  end if;

  -- Held back, not dropped: notified_state stays as it was, so this is sent once the mute ends.
  -- Silences match the level the alert is in.
  r.severity := coalesce(a.severity, r.severity);
  v_muted := vigil._alert_muted_by(a.tenant_id, vigil._alert_match_labels(r, a.labels), p_now);
  if v_muted is not null then
    if a.muted_by is distinct from v_muted then
      update vigil.alerts set muted_by = v_muted where id = a.id;
    end if;
    return 0;
  end if;

  a.notify_seq := a.notify_seq + 1;
  insert into vigil.alert_notifications (tenant_id, alert_id, rule_id, channel_id, kind, seq, dedup_key, payload,
                                         next_attempt_at, created_at)
  select a.tenant_id, a.id, r.id, c.id, v_kind, a.notify_seq, a.dedup_key,
         vigil._alert_payload(a, r, v_kind, p_now) || pg_catalog.jsonb_build_object('channel', c.name), p_now, p_now
  from vigil.alert_channels c
  where c.tenant_id = a.tenant_id and c.id = any (r.channel_ids) and c.enabled
  on conflict (tenant_id, alert_id, seq, channel_id) do nothing;
  get diagnostics v_count = row_count;

  update vigil.alerts
  set notify_seq = a.notify_seq, last_notified_at = p_now, muted_by = null,
      notified_state = case v_kind when 'firing' then 'firing' when 'resolved' then 'resolved' else notified_state end,
      notified_severity = case when v_kind = 'firing' then a.severity else notified_severity end
  where id = a.id;
  return v_count;
end
$$;
comment on function vigil._notify_alert(uuid, timestamptz) is
  'Enqueues the firing, reminder (after the cooldown, unless acknowledged) or resolution this alert owes its channels, unless muted. Returns the rows enqueued.';

create function vigil._severity_rank(p_severity text) returns integer
language sql immutable
set search_path = ''
as $$ select case p_severity when 'critical' then 2 when 'warning' then 1 when 'info' then 0 end $$;
comment on function vigil._severity_rank(text) is 'info < warning < critical, as 0, 1, 2: which way a level moved.';

-- One series' step through the state machine, given its metric value (or the metric's error).
-- p_value is what the thresholds are compared with (vigil._alert_deviation): for change_pct and anomaly a
-- signed deviation, whose size in the rule's direction is compared; p_observed and p_baseline are the
-- metric and its baseline behind it, kept for receivers.
create function vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint,
                                     p_error text, p_now timestamptz, p_observed double precision default null,
                                     p_baseline double precision default null,
                                     out transitioned boolean, out notified integer)
language plpgsql
set search_path = ''
as $$
declare
  v_key text := 'vigil-' || pg_catalog.md5(p_rule.id::text || ':' || coalesce(p_labels, '{}'::jsonb)::text);
  a vigil.alerts;
  v_nodata boolean;
  v_breach boolean;
  v_new text;
  v_measure double precision;
  v_critical boolean;
  v_level text;
  v_severity text;
  v_level_moved boolean := false;
begin
  insert into vigil.alerts (tenant_id, rule_id, dedup_key, labels, state, state_since)
  values (p_rule.tenant_id, p_rule.id, v_key, coalesce(p_labels, '{}'::jsonb), 'ok', p_now)
  on conflict (tenant_id, rule_id, dedup_key) do nothing;
  select * into a from vigil.alerts where tenant_id = p_rule.tenant_id and rule_id = p_rule.id and dedup_key = v_key for update;

  v_nodata := p_error is null and (p_value is null or (p_events is not null and p_events < p_rule.min_events));
  if p_error is null and not v_nodata then
    v_measure := case when p_rule.condition = 'threshold' or p_rule.direction = 'rise' then p_value
                      when p_rule.direction = 'drop' then -p_value
                      else pg_catalog.abs(p_value) end;
    v_critical := vigil._compare(v_measure, p_rule.comparator, p_rule.threshold);
    v_breach := v_critical or coalesce(vigil._compare(v_measure, p_rule.comparator, p_rule.warning_threshold), false);
    v_level := case when p_rule.warning_threshold is null then p_rule.severity
                    when v_critical then 'critical' when v_breach then 'warning' end;
  elsif v_nodata and p_rule.nodata_fires then
    v_nodata := false;
    v_breach := true;
    v_level := p_rule.severity;
  end if;

  v_new := a.state;
  if p_error is not null then
    v_new := 'error';
  elsif v_nodata then
    -- Too few events to judge: a firing alert is neither confirmed nor resolved by silence.
    if a.state not in ('firing', 'recovering') then
      v_new := 'nodata';
    end if;
  elsif v_breach then
    if a.state = 'pending' then
      if p_now - a.state_since >= p_rule.for_duration then
        v_new := 'firing';
      end if;
    elsif a.state = 'recovering' then
      v_new := 'firing';
    elsif a.state <> 'firing' then
      v_new := case when p_rule.for_duration = interval '0' then 'firing' else 'pending' end;
    end if;
  else
    if a.state in ('pending', 'nodata', 'error') then
      v_new := 'ok';
    elsif a.state = 'firing' then
      v_new := case when p_rule.keep_firing_for = interval '0' then 'resolved' else 'recovering' end;
    elsif a.state = 'recovering' and p_now - a.state_since >= p_rule.keep_firing_for then
      v_new := 'resolved';
    end if;
  end if;

  -- The level. A new breach (pending, or firing from a calm state) takes the level it is in. A
  -- firing alert whose value is in another level moves there once that has held for `for` (a rise)
  -- or keep_firing_for (a fall), and the move is a transition of its own that notifies.
  v_severity := a.severity;
  if v_new = 'pending' or (v_new = 'firing' and a.state not in ('firing', 'recovering')) then
    v_severity := v_level;
    a.level_pending := null;
  elsif v_new = 'firing' and v_level is not null and v_level is distinct from a.severity then
    if a.level_pending is distinct from v_level then
      a.level_pending := v_level;
      a.level_pending_since := p_now;
    end if;
    if p_now - a.level_pending_since >= (case when vigil._severity_rank(v_level) > vigil._severity_rank(a.severity)
                                              then p_rule.for_duration else p_rule.keep_firing_for end) then
      v_severity := v_level;
      v_level_moved := true;
      a.level_pending := null;
    end if;
  elsif v_new <> 'recovering' or v_level is not distinct from a.severity then
    a.level_pending := null;
  end if;

  transitioned := v_new <> a.state or v_level_moved;
  if transitioned then
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, severity, at, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, v_new, p_value, p_events, v_severity, p_now,
            coalesce(p_error, case when v_level_moved then pg_catalog.format('%s -> %s', a.severity, v_severity) end));
  end if;
  update vigil.alerts
  set state = v_new,
      state_since = case when transitioned then p_now else state_since end,
      firing_since = case when v_new = 'firing' and a.state <> 'recovering' and transitioned then p_now else firing_since end,
      -- A new firing starts unacknowledged.
      -- So does a rise to a higher level: someone must look again.
      acknowledged_at = case when (v_new = 'firing' and a.state <> 'recovering' and v_new <> a.state)
                                  or (v_level_moved and vigil._severity_rank(v_severity) > vigil._severity_rank(a.severity))
                             then null else acknowledged_at end,
      acknowledged_by = case when (v_new = 'firing' and a.state <> 'recovering' and v_new <> a.state)
                                  or (v_level_moved and vigil._severity_rank(v_severity) > vigil._severity_rank(a.severity))
                             then null else acknowledged_by end,
      severity = v_severity, level_pending = a.level_pending, level_pending_since = a.level_pending_since,
      observed = p_observed, baseline = p_baseline,
      resolved_at = case when v_new = 'resolved' and transitioned then p_now else resolved_at end,
      resolved_by = case when v_new = 'resolved' and transitioned then null else resolved_by end,
      value = p_value, event_count = p_events, last_error = p_error, last_evaluated_at = p_now
  where id = a.id;
  -- Most series owe nobody anything on most runs; only those that might are handed to _notify_alert.
  if (v_new in ('firing', 'recovering') and (a.notified_state is distinct from 'firing' or v_severity is distinct from a.notified_severity
        or (p_rule.cooldown is not null and a.acknowledged_at is null and p_now - a.last_notified_at >= p_rule.cooldown)))
     or (v_new in ('ok', 'resolved') and a.notified_state = 'firing')
     or a.muted_by is not null then
    notified := vigil._notify_alert(a.id, p_now);
  else
    notified := 0;
  end if;
end
$$;
comment on function vigil._advance_alert(vigil.alert_rules, jsonb, double precision, bigint, text, timestamptz, double precision, double precision) is
  'Moves one series of a rule one step: ok -> pending (for) -> firing -> recovering (keep_firing_for) -> resolved; nodata below min_events; error when the metric failed. A two-level rule''s firing alert also moves between warning and critical.';

-- The rules on built-in metrics, all tenants' (p_tenant null) or one tenant's, judged in one statement and
-- each series moved one step. evaluate_alerts runs it once for everyone, and again tenant by tenant
-- only when that fails, so both passes advance and count the series the same way.
create function vigil._advance_builtin_alerts(p_now timestamptz, p_tenant uuid default null,
                                              out series integer, out transitions integer, out notifications integer)
language plpgsql
set search_path = ''
as $$
declare
  v_row record;
  v_step record;
begin
  series := 0;
  transitions := 0;
  notifications := 0;
  for v_row in
    select * from vigil._alert_builtin_judged(p_now, p_tenant) b
  loop
    v_step := vigil._advance_alert(v_row.rule, v_row.series_labels, v_row.value, v_row.events, null, p_now,
                                   v_row.observed, v_row.baseline);
    series := series + 1;
    transitions := transitions + v_step.transitioned::integer;
    notifications := notifications + v_step.notified;
  end loop;
end
$$;
comment on function vigil._advance_builtin_alerts(timestamptz, uuid) is
  'Judges the enabled rules on built-in metrics (of tenant p_tenant, or of all when null) at p_now and advances each series one step; returns how many series, transitions and notifications.';

create function vigil.evaluate_alerts(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_rule vigil.alert_rules;
  v_row record;
  v_step record;
  v_values jsonb;
  v_error text;
  v_rules integer := 0;
  v_series integer := 0;
  v_transitions integer := 0;
  v_notifications integer := 0;
  v_errors integer := 0;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_tenant uuid;
  v_done record;
  v_state text;
  v_msg text;
begin
  -- Two evaluations at once (cron and a manual run) serialise here; the second then sees the
  -- first's committed states, finds nothing left to move, and enqueues nothing twice.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.evaluate_alerts'));

  -- The built-in metrics of every tenant's rules in one statement. If that (or advancing one of the
  -- series) fails, the whole of it is undone and done again tenant by tenant, each in its own
  -- subtransaction: one tenant's failure is recorded as an error event naming it, and every other
  -- tenant is evaluated. Only a failing run pays for the second, per-tenant evaluation.
  begin
    select * into v_series, v_transitions, v_notifications from vigil._advance_builtin_alerts(p_now);
  exception when others then
    v_series := 0;
    v_transitions := 0;
    v_notifications := 0;
    for v_tenant in select distinct r.tenant_id from vigil.alert_rules r where r.enabled order by 1 loop
      begin
        select * into v_done from vigil._advance_builtin_alerts(p_now, v_tenant);
        v_series := v_series + v_done.series;
        v_transitions := v_transitions + v_done.transitions;
        v_notifications := v_notifications + v_done.notifications;
      exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
        v_errors := v_errors + 1;
        begin
          perform vigil._record_system_event('log', 'alert evaluation failed for a tenant', null,
            pg_catalog.jsonb_build_object('level', 'error', 'step', 'alerts', 'tenant_id', v_tenant,
              'tenant', (select t.slug from vigil.tenants t where t.id = v_tenant),
              'sqlstate', v_state, 'message', pg_catalog.left(v_msg, 2000)), p_now);
        exception when others then
          null;  -- The count in the result still shows it; losing the event is the lesser harm.
        end;
      end;
    end loop;
  end;

  for v_rule in
    select r.* from vigil.alert_rules r join vigil.alert_metrics m on m.name = r.metric
    where r.enabled and (m.fn is not null or r.metric in ('cache_hit_rate', 'value_sum', 'value_avg', 'value_p95'))
    order by r.id
  loop
    v_error := null;
    -- One broken metric never stops the others: its failure becomes this rule's error state.
    begin
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('labels', v.series_labels,
               'value', v.value, 'events', v.events, 'observed', v.observed, 'baseline', v.baseline)), '[]'::jsonb)
      into v_values from vigil._alert_rule_judged(v_rule, p_now) v;
    exception when others then
      v_error := pg_catalog.left(sqlerrm, 500);
      v_errors := v_errors + 1;
    end;
    if v_error is not null then
      -- Every series the rule has (at least the default one) enters error.
      v_values := coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('labels', a.labels))
                            from vigil.alerts a where a.rule_id = v_rule.id), '[{"labels": {}}]'::jsonb);
    else
      -- Series that vanished from a series-returning metric are judged as nodata.
      v_values := v_values || coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('labels', a.labels))
        from vigil.alerts a
        where a.rule_id = v_rule.id and a.state in ('pending', 'firing', 'recovering')
          and not exists (select 1 from pg_catalog.jsonb_array_elements(v_values) x where x -> 'labels' = a.labels)), '[]'::jsonb);
    end if;
    for v_row in select x from pg_catalog.jsonb_array_elements(v_values) x loop
      v_step := vigil._advance_alert(v_rule, v_row.x -> 'labels', (v_row.x ->> 'value')::double precision,
                                     (v_row.x ->> 'events')::bigint, v_error, p_now,
                                     (v_row.x ->> 'observed')::double precision, (v_row.x ->> 'baseline')::double precision);
      v_series := v_series + 1;
      v_transitions := v_transitions + v_step.transitioned::integer;
      v_notifications := v_notifications + v_step.notified;
    end loop;
  end loop;

  -- A disabled rule's open alerts resolve, so receivers are not left with an incident nobody closes.
  for v_row in
    select a.id, a.tenant_id, a.rule_id, a.state, a.value, a.event_count, a.severity
    from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
    where not r.enabled and a.state in ('pending', 'firing', 'recovering', 'nodata', 'error')
    order by a.id
    for update of a
  loop
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, severity, at, note)
    values (v_row.tenant_id, v_row.id, v_row.rule_id, v_row.state, 'resolved', v_row.value, v_row.event_count, v_row.severity, p_now,
            'rule disabled');
    update vigil.alerts set state = 'resolved', state_since = p_now, resolved_at = p_now where id = v_row.id;
    v_transitions := v_transitions + 1;
    v_notifications := v_notifications + vigil._notify_alert(v_row.id, p_now);
  end loop;

  select pg_catalog.count(*)::integer into v_rules from vigil.alert_rules where enabled;
  return pg_catalog.jsonb_build_object('rules', v_rules, 'series', v_series, 'transitions', v_transitions,
    'notifications', v_notifications, 'errors', v_errors,
    'ms', pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_started) * 1000)::numeric, 1));
end
$$;
comment on function vigil.evaluate_alerts(timestamptz) is
  'Evaluates every enabled alert rule at p_now (default now; tests drive the clock): moves states, writes history, enqueues notifications. Safe to run concurrently. Returns {rules, series, transitions, notifications, errors, ms}.';

-- The maintenance step: evaluate, then keep the outbox small (delivered or dead rows older than
-- 30 days go, in bounded batches so one run never stalls on a backlog).
create function vigil._step_alerts(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_result jsonb := vigil.evaluate_alerts(p_now);
  v_pruned integer;
begin
  delete from vigil.alert_notifications n
  where (n.tenant_id, n.id) in (select x.tenant_id, x.id from vigil.alert_notifications x
                 where x.status in ('delivered', 'dead') and x.created_at < p_now - interval '30 days'
                 limit 5000);
  get diagnostics v_pruned = row_count;
  return v_result || pg_catalog.jsonb_build_object('pruned_notifications', v_pruned);
end
$$;
comment on function vigil._step_alerts(timestamptz) is
  'Maintenance step: evaluate_alerts(p_now), the run''s clock, then prune delivered and dead notifications older than 30 days.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('alerts', 'vigil._step_alerts(timestamptz)', 70, 'Evaluate alert rules and enqueue notifications; prune the old outbox.')
on conflict (name) do update set fn = excluded.fn, position = excluded.position, description = excluded.description;

grant execute on function vigil._alert_match_labels(vigil.alert_rules, jsonb) to service_role;
grant execute on function vigil._alert_muted_by(uuid, jsonb, timestamptz) to service_role;
grant execute on function vigil._alert_payload(vigil.alerts, vigil.alert_rules, text, timestamptz, uuid) to service_role;
grant execute on function vigil._notify_alert(uuid, timestamptz) to service_role;
grant execute on function vigil._advance_alert(vigil.alert_rules, jsonb, double precision, bigint, text, timestamptz, double precision, double precision) to service_role;
grant execute on function vigil._severity_rank(text) to service_role;
grant execute on function vigil._advance_builtin_alerts(timestamptz, uuid) to service_role;
grant execute on function vigil.evaluate_alerts(timestamptz) to service_role;
grant execute on function vigil._step_alerts(timestamptz) to service_role;
