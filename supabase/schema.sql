--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: vigil; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA vigil;

ALTER SCHEMA vigil OWNER TO postgres;

--
-- Name: SCHEMA vigil; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON SCHEMA vigil IS 'Vigil private schema: tables and internal functions. Never exposed through the API.';

--
-- Name: vigil_api; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA vigil_api;

ALTER SCHEMA vigil_api OWNER TO postgres;

--
-- Name: SCHEMA vigil_api; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON SCHEMA vigil_api IS 'Vigil public API: security invoker functions only, each checking the caller''s access.';

--
-- Name: member_role; Type: TYPE; Schema: vigil; Owner: postgres
--

CREATE TYPE vigil.member_role AS ENUM (
    'viewer',
    'operator',
    'admin'
);

ALTER TYPE vigil.member_role OWNER TO postgres;

--
-- Name: TYPE member_role; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TYPE vigil.member_role IS 'Ordered: viewer < operator < admin. A role includes the rights of those below it.';

--
-- Name: unfolded_event; Type: TYPE; Schema: vigil; Owner: postgres
--

CREATE TYPE vigil.unfolded_event AS (
	tenant_id uuid,
	occurred_at timestamp with time zone,
	kind text COLLATE pg_catalog."C",
	name text COLLATE pg_catalog."C",
	duration_ms double precision,
	success boolean,
	error_type text,
	hist_key smallint
);

ALTER TYPE vigil.unfolded_event OWNER TO postgres;

--
-- Name: unfolded_milestone; Type: TYPE; Schema: vigil; Owner: postgres
--

CREATE TYPE vigil.unfolded_milestone AS (
	name text,
	actor text,
	occurred_at timestamp with time zone
);

ALTER TYPE vigil.unfolded_milestone OWNER TO postgres;

--
-- Name: _act_on_alert(uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, at, actor, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, a.state, a.value, a.event_count, p_now, auth.uid(),
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
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, at, actor, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, 'resolved', a.value, a.event_count, p_now, auth.uid(),
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

ALTER FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) IS 'Acknowledges or resolves an alert for an operator of its tenant, records who and when, and enqueues what receivers must hear.';

--
-- Name: _address_refusal(inet); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._address_refusal(p_addr inet) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_addr is null then
    return 'invalid';
  end if;
  if pg_catalog.family(p_addr) = 4 then
    return case
      when p_addr = '0.0.0.0'::inet then 'unspecified'
      when p_addr <<= '0.0.0.0/8'::inet then 'reserved'
      when p_addr <<= '127.0.0.0/8'::inet then 'loopback'
      when p_addr <<= '10.0.0.0/8'::inet or p_addr <<= '172.16.0.0/12'::inet or p_addr <<= '192.168.0.0/16'::inet
        or p_addr <<= '100.64.0.0/10'::inet then 'private'
      when p_addr <<= '169.254.0.0/16'::inet then 'link-local'
      when p_addr <<= '224.0.0.0/4'::inet then 'multicast'
      when p_addr <<= '240.0.0.0/4'::inet or p_addr <<= '192.0.0.0/24'::inet or p_addr <<= '192.0.2.0/24'::inet
        or p_addr <<= '192.88.99.0/24'::inet or p_addr <<= '198.18.0.0/15'::inet or p_addr <<= '198.51.100.0/24'::inet
        or p_addr <<= '203.0.113.0/24'::inet then 'reserved'
    end;
  end if;
  return case
    when p_addr = '::'::inet then 'unspecified'
    when p_addr = '::1'::inet then 'loopback'
    when p_addr <<= '::ffff:0:0/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '::ffff:0:0'::inet))
    when p_addr <<= '::/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '::'::inet))
    when p_addr <<= '64:ff9b::/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '64:ff9b::'::inet))
    when p_addr <<= 'fe80::/10'::inet then 'link-local'
    when p_addr <<= 'fc00::/7'::inet then 'unique-local'
    when p_addr <<= 'ff00::/8'::inet then 'multicast'
    when not p_addr <<= '2000::/3'::inet or p_addr <<= '2001::/23'::inet or p_addr <<= '2001:db8::/32'::inet
      or p_addr <<= '2002::/16'::inet then 'reserved'
  end;
end
$$;

ALTER FUNCTION vigil._address_refusal(p_addr inet) OWNER TO postgres;

--
-- Name: FUNCTION _address_refusal(p_addr inet); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._address_refusal(p_addr inet) IS 'Why an address must not be called (loopback, private, link-local, unique-local, multicast, unspecified, reserved), or null for a public unicast address.';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alert_rules; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_rules (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    metric text NOT NULL,
    event_kind text,
    event_name text,
    event_name_like text,
    group_by_name boolean DEFAULT false NOT NULL,
    comparator text NOT NULL,
    threshold double precision NOT NULL,
    time_window interval NOT NULL,
    for_duration interval DEFAULT '00:00:00'::interval NOT NULL,
    keep_firing_for interval DEFAULT '00:00:00'::interval NOT NULL,
    min_events integer DEFAULT 1 NOT NULL,
    nodata_fires boolean DEFAULT false NOT NULL,
    cooldown interval,
    severity text DEFAULT 'warning'::text NOT NULL,
    channel_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    labels jsonb DEFAULT '{}'::jsonb NOT NULL,
    slo_objective double precision,
    slo_latency_ms double precision,
    runbook_url text,
    enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    slo_id uuid,
    CONSTRAINT alert_rules_comparator_check CHECK ((comparator = ANY (ARRAY['gt'::text, 'gte'::text, 'lt'::text, 'lte'::text, 'eq'::text]))),
    CONSTRAINT alert_rules_cooldown_check CHECK ((cooldown > '00:00:00'::interval)),
    CONSTRAINT alert_rules_event_kind_check CHECK ((event_kind = ANY (ARRAY['operation'::text, 'api_call'::text, 'page_view'::text, 'error'::text, 'user_action'::text, 'web_vital'::text, 'milestone'::text, 'cache'::text, 'fallback'::text, 'log'::text, 'db_metric'::text, 'custom'::text]))),
    CONSTRAINT alert_rules_for_duration_check CHECK ((for_duration >= '00:00:00'::interval)),
    CONSTRAINT alert_rules_keep_firing_for_check CHECK ((keep_firing_for >= '00:00:00'::interval)),
    CONSTRAINT alert_rules_labels_check CHECK ((jsonb_typeof(labels) = 'object'::text)),
    CONSTRAINT alert_rules_min_events_check CHECK ((min_events >= 0)),
    CONSTRAINT alert_rules_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT alert_rules_severity_check CHECK ((severity = ANY (ARRAY['info'::text, 'warning'::text, 'critical'::text]))),
    CONSTRAINT alert_rules_slo_defined CHECK (((metric <> 'slo_burn_rate'::text) OR (slo_objective IS NOT NULL) OR (slo_id IS NOT NULL))),
    CONSTRAINT alert_rules_slo_latency_ms_check CHECK ((slo_latency_ms > (0)::double precision)),
    CONSTRAINT alert_rules_slo_objective_check CHECK (((slo_objective > (0)::double precision) AND (slo_objective < (1)::double precision))),
    CONSTRAINT alert_rules_time_window_check CHECK (((time_window > '00:00:00'::interval) AND (time_window <= '30 days'::interval)))
);

ALTER TABLE vigil.alert_rules OWNER TO postgres;

--
-- Name: TABLE alert_rules; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_rules IS 'Alert rules of a tenant. Evaluated every minute by vigil.evaluate_alerts; change them through vigil_api.create_alert_rule / update_alert_rule.';

--
-- Name: COLUMN alert_rules.event_kind; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.event_kind IS 'Filter: only events of this kind (null: every kind). fallback_rate divides by this kind (default operation).';

--
-- Name: COLUMN alert_rules.event_name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.event_name IS 'Filter: only events with exactly this name.';

--
-- Name: COLUMN alert_rules.event_name_like; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.event_name_like IS 'Filter: only events whose name matches this LIKE pattern (payment%).';

--
-- Name: COLUMN alert_rules.group_by_name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.group_by_name IS 'One series per event name (each with its own state and dedup key) instead of one for the whole filter.';

--
-- Name: COLUMN alert_rules.time_window; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.time_window IS 'The window the metric is computed over, ending at evaluation time.';

--
-- Name: COLUMN alert_rules.for_duration; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.for_duration IS 'How long a breach must hold before the alert fires (pending until then); 0 fires at once.';

--
-- Name: COLUMN alert_rules.keep_firing_for; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.keep_firing_for IS 'How long the metric must be clear before a firing alert resolves (recovering until then), so it does not flap.';

--
-- Name: COLUMN alert_rules.min_events; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.min_events IS 'Fewer events than this in the window make the series nodata: too few to judge.';

--
-- Name: COLUMN alert_rules.nodata_fires; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.nodata_fires IS 'Treat nodata as a breach (for "it went quiet" alerts). By default nodata never notifies.';

--
-- Name: COLUMN alert_rules.cooldown; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.cooldown IS 'Repeat interval: a still-firing, unacknowledged alert is sent again as a reminder this long after the last notification. Null: no reminders.';

--
-- Name: COLUMN alert_rules.channel_ids; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.channel_ids IS 'Channels of the same tenant to notify.';

--
-- Name: COLUMN alert_rules.labels; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.labels IS 'Free labels (team, service) copied into notifications and matched by silences.';

--
-- Name: COLUMN alert_rules.slo_objective; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.slo_objective IS 'slo_burn_rate without slo_id: the good-event ratio promised, e.g. 0.999.';

--
-- Name: COLUMN alert_rules.slo_latency_ms; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.slo_latency_ms IS 'slo_burn_rate without slo_id: an event is good when it succeeded and, if set, took at most this many ms.';

--
-- Name: COLUMN alert_rules.slo_id; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_rules.slo_id IS 'slo_burn_rate only: the SLO (of the same tenant) whose operation, objective and latency threshold the rule reads at each evaluation. Deleting the SLO deletes its rules. Null: the rule carries slo_objective and slo_latency_ms itself.';

--
-- Name: _advance_alert(vigil.alert_rules, jsonb, double precision, bigint, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_key text := 'vigil-' || pg_catalog.md5(p_rule.id::text || ':' || coalesce(p_labels, '{}'::jsonb)::text);
  a vigil.alerts;
  v_nodata boolean;
  v_breach boolean;
  v_new text;
begin
  insert into vigil.alerts (tenant_id, rule_id, dedup_key, labels, state, state_since)
  values (p_rule.tenant_id, p_rule.id, v_key, coalesce(p_labels, '{}'::jsonb), 'ok', p_now)
  on conflict (rule_id, dedup_key) do nothing;
  select * into a from vigil.alerts where rule_id = p_rule.id and dedup_key = v_key for update;

  v_nodata := p_error is null and (p_value is null or (p_events is not null and p_events < p_rule.min_events));
  if p_error is null and not v_nodata then
    v_breach := vigil._compare(p_value, p_rule.comparator, p_rule.threshold);
  elsif v_nodata and p_rule.nodata_fires then
    v_nodata := false;
    v_breach := true;
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

  transitioned := v_new <> a.state;
  if transitioned then
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, at, note)
    values (a.tenant_id, a.id, a.rule_id, a.state, v_new, p_value, p_events, p_now, p_error);
  end if;
  update vigil.alerts
  set state = v_new,
      state_since = case when transitioned then p_now else state_since end,
      firing_since = case when v_new = 'firing' and a.state <> 'recovering' and transitioned then p_now else firing_since end,
      -- A new firing starts unacknowledged.
      acknowledged_at = case when v_new = 'firing' and a.state <> 'recovering' and transitioned then null else acknowledged_at end,
      acknowledged_by = case when v_new = 'firing' and a.state <> 'recovering' and transitioned then null else acknowledged_by end,
      resolved_at = case when v_new = 'resolved' and transitioned then p_now else resolved_at end,
      resolved_by = case when v_new = 'resolved' and transitioned then null else resolved_by end,
      value = p_value, event_count = p_events, last_error = p_error, last_evaluated_at = p_now
  where id = a.id;
  -- Most series owe nobody anything on most runs; only those that might are handed to _notify_alert.
  if (v_new in ('firing', 'recovering') and (a.notified_state is distinct from 'firing'
        or (p_rule.cooldown is not null and a.acknowledged_at is null and p_now - a.last_notified_at >= p_rule.cooldown)))
     or (v_new in ('ok', 'resolved') and a.notified_state = 'firing')
     or a.muted_by is not null then
    notified := vigil._notify_alert(a.id, p_now);
  else
    notified := 0;
  end if;
end
$$;

ALTER FUNCTION vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer) OWNER TO postgres;

--
-- Name: FUNCTION _advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer) IS 'Moves one series of a rule one step: ok -> pending (for) -> firing -> recovering (keep_firing_for) -> resolved; nodata below min_events; error when the metric failed.';

--
-- Name: _alert_builtin_values(timestamp with time zone, uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_builtin_values(p_now timestamp with time zone, p_tenant uuid DEFAULT NULL::uuid) RETURNS TABLE(rule_id uuid, series_labels jsonb, metric_value double precision, events bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
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
      and (p_tenant is null or r.tenant_id = p_tenant)
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
  -- within the scheduler's jitter. A start older than the minute rows (before
  -- rollup_state.minute_from: a 6-hour SLO window, a daily count) is the whole 5 minutes nearest
  -- instead, a 5-minute row: off by at most 2.5 minutes, which is under 1.4% of any window reaching
  -- past the default 3-hour horizon; on a whole minute it would read up to 4 minutes of raw events.
  -- Shorter windows (an SLO's short window) stay exact.
  req as (
    select p.tenant_id, p.win, p.kind, p.kind_key,
           case when p.win < interval '5 minutes' then p_now - p.win
                when pg_catalog.date_bin(interval '1 minute', p_now - p.win + interval '30 seconds', timestamptz '2000-01-01 00:00:00+00')
                     >= (select st.minute_from from vigil.rollup_state st)
                then pg_catalog.date_bin(interval '1 minute', p_now - p.win + interval '30 seconds', timestamptz '2000-01-01 00:00:00+00')
                else pg_catalog.date_bin(interval '5 minutes', p_now - p.win + interval '150 seconds', timestamptz '2000-01-01 00:00:00+00')
           end as since,
           case when pg_catalog.bool_or(p.metric in ('latency_p50', 'latency_p95', 'latency_p99')
                                        and p.event_name is null and p.event_name_like is null) then null
                else coalesce(pg_catalog.array_agg(distinct coalesce(
                                pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(p.event_name, '\', '\\'), '%', '\%'), '_', '\_'),
                                p.event_name_like))
                                filter (where p.metric in ('latency_p50', 'latency_p95', 'latency_p99')), '{}') end as pnames
    from parts p group by 1, 2, 3, 4
  ),
  -- The rows not folded yet, read once and handed to every call as its tenant's share ('{}': none):
  -- each call would otherwise scan every tenant's rows above the id floor, a minute or two of all
  -- traffic. After a backlog (a null tenant: too many to hold) each call reads its own (null).
  tail as materialized (
    select u.tenant_id, u.events from vigil._unfolded_events() u
  ),
  st as materialized (
    select q.tenant_id, q.win, q.since, q.kind_key, s.kind, s.name, s.count, s.errors,
           s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
    from req q
    left join tail t on t.tenant_id = q.tenant_id
    cross join lateral vigil._rollup_stats(q.tenant_id, q.since, p_now, q.kind, null, null, true, q.pnames,
                                           case when not exists (select 1 from tail b where b.tenant_id is null)
                                                then coalesce(t.events, '{}') end) s
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
    left join tail t on t.tenant_id = m.tenant_id
    cross join lateral vigil._slo_counts(m.tenant_id, m.kind, m.name, m.slo_latency_ms, m.since, p_now,
                                          case when not exists (select 1 from tail b where b.tenant_id is null)
                                               then coalesce(t.events, '{}') end) x
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

ALTER FUNCTION vigil._alert_builtin_values(p_now timestamp with time zone, p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION _alert_builtin_values(p_now timestamp with time zone, p_tenant uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._alert_builtin_values(p_now timestamp with time zone, p_tenant uuid) IS 'Metric value and event count per series of every enabled built-in rule, from one vigil._rollup_stats call per (tenant, window, kind), percentiles only for the names latency rules watch.';

--
-- Name: _alert_channels_check(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_channels_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_channel(new.type, new.config);
  return new;
end
$$;

ALTER FUNCTION vigil._alert_channels_check() OWNER TO postgres;

--
-- Name: FUNCTION _alert_channels_check(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._alert_channels_check() IS 'Trigger: a channel row is checked however it is written, so no URL reaches the table unguarded.';

--
-- Name: _alert_match_labels(vigil.alert_rules, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_match_labels(p_rule vigil.alert_rules, p_series jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select p_rule.labels || coalesce(p_series, '{}'::jsonb)
      || pg_catalog.jsonb_build_object('rule_id', p_rule.id::text, 'rule', p_rule.name,
                                       'severity', p_rule.severity, 'metric', p_rule.metric)
$$;

ALTER FUNCTION vigil._alert_match_labels(p_rule vigil.alert_rules, p_series jsonb) OWNER TO postgres;

--
-- Name: _alert_muted_by(uuid, jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone) IS 'The silence or mute window that holds back notifications for alerts with these labels at p_now, or null.';

--
-- Name: alerts; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alerts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    dedup_key text NOT NULL,
    labels jsonb DEFAULT '{}'::jsonb NOT NULL,
    state text DEFAULT 'ok'::text NOT NULL,
    state_since timestamp with time zone NOT NULL,
    value double precision,
    event_count bigint,
    last_error text,
    last_evaluated_at timestamp with time zone,
    firing_since timestamp with time zone,
    notified_state text,
    last_notified_at timestamp with time zone,
    notify_seq integer DEFAULT 0 NOT NULL,
    acknowledged_at timestamp with time zone,
    acknowledged_by uuid,
    resolved_at timestamp with time zone,
    resolved_by uuid,
    muted_by text,
    CONSTRAINT alerts_notified_state_check CHECK ((notified_state = ANY (ARRAY['firing'::text, 'resolved'::text]))),
    CONSTRAINT alerts_state_check CHECK ((state = ANY (ARRAY['ok'::text, 'pending'::text, 'firing'::text, 'recovering'::text, 'resolved'::text, 'nodata'::text, 'error'::text])))
);

ALTER TABLE vigil.alerts OWNER TO postgres;

--
-- Name: TABLE alerts; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alerts IS 'One row per rule and series: its current state (ok, pending, firing, recovering, resolved, nodata, error) and what was last notified.';

--
-- Name: COLUMN alerts.dedup_key; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alerts.dedup_key IS 'Hash of the rule and the series labels; used as PagerDuty dedup_key, in Resend''s Idempotency-Key and on the Slack context line.';

--
-- Name: COLUMN alerts.state_since; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alerts.state_since IS 'When the series entered its current state: pending counts `for` from here, recovering counts `keep_firing_for`.';

--
-- Name: COLUMN alerts.notified_state; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alerts.notified_state IS 'What receivers were last told (firing or resolved). A firing muted by a silence stays untold, so it is sent when the silence ends; a resolution is only sent for a firing that was told.';

--
-- Name: COLUMN alerts.notify_seq; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alerts.notify_seq IS 'Counts notifications of this series; with the channel it makes each outbox row unique, so no transition is ever enqueued twice.';

--
-- Name: COLUMN alerts.muted_by; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alerts.muted_by IS 'The silence or mute window currently holding this alert''s notification back, if any.';

--
-- Name: _alert_payload(vigil.alerts, vigil.alert_rules, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamp with time zone, p_actor uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object(
    'kind', p_kind, 'state', p_alert.state, 'alert_id', p_alert.id, 'tenant_id', p_alert.tenant_id,
    'tenant', (select t.slug from vigil.tenants t where t.id = p_alert.tenant_id),
    'rule_id', p_rule.id, 'rule', p_rule.name, 'description', p_rule.description, 'severity', p_rule.severity,
    'metric', p_rule.metric, 'unit', (select m.unit from vigil.alert_metrics m where m.name = p_rule.metric),
    'comparator', p_rule.comparator, 'threshold', p_rule.threshold, 'value', p_alert.value,
    'window', p_rule.time_window::text, 'event_count', p_alert.event_count,
    'labels', p_rule.labels || p_alert.labels, 'dedup_key', p_alert.dedup_key,
    'firing_since', p_alert.firing_since, 'at', p_now, 'runbook_url', p_rule.runbook_url, 'actor', p_actor)
$$;

ALTER FUNCTION vigil._alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamp with time zone, p_actor uuid) OWNER TO postgres;

--
-- Name: _alert_rule_values(vigil.alert_rules, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone) RETURNS TABLE(series_labels jsonb, metric_value double precision, events bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_metric vigil.alert_metrics;
  v_value numeric;
begin
  select * into v_metric from vigil.alert_metrics m where m.name = p_rule.metric;
  if p_rule.metric = 'cache_hit_rate' then
    -- Cache events are few next to operations; the (tenant, kind, name, time) index finds them.
    return query
      with c as (
        select e.name, pg_catalog.count(*) as n, pg_catalog.sum(e.value) as hits
        from vigil.events e
        where e.tenant_id = p_rule.tenant_id and e.kind = 'cache'
          and e.occurred_at >= p_now - p_rule.time_window and e.occurred_at < p_now
          and (p_rule.event_name is null or e.name = p_rule.event_name)
          and (p_rule.event_name_like is null or e.name like p_rule.event_name_like)
        group by e.name
      )
      select case when p_rule.group_by_name then pg_catalog.jsonb_build_object('name', c.name) else '{}'::jsonb end,
             pg_catalog.sum(c.hits) / nullif(pg_catalog.sum(c.n), 0), pg_catalog.sum(c.n)::bigint
      from c group by 1
      union all
      select '{}'::jsonb, null, 0 where not p_rule.group_by_name and not exists (select 1 from c);
  elsif v_metric.fn is not null and v_metric.returns_series then
    return query execute pg_catalog.format('select labels, value::double precision, null::bigint from %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
  elsif v_metric.fn is not null then
    execute pg_catalog.format('select %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      into v_value using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
    return query select '{}'::jsonb, v_value::double precision, null::bigint;
  else
    raise exception using errcode = '22023', message = pg_catalog.format('metric %L is not computed rule by rule.', p_rule.metric);
  end if;
end
$_$;

ALTER FUNCTION vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone) IS 'Series values of one rule whose metric is cache_hit_rate or a registered custom metric. A custom function receives (tenant, [now - window, now)).';

--
-- Name: monitors; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.monitors (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    url text,
    method text DEFAULT 'GET'::text NOT NULL,
    headers jsonb DEFAULT '{}'::jsonb NOT NULL,
    secret_headers jsonb DEFAULT '{}'::jsonb NOT NULL,
    body text,
    expected_status int4multirange DEFAULT '{[200,300)}'::int4multirange NOT NULL,
    keyword text,
    keyword_absent boolean DEFAULT false NOT NULL,
    json_path text[],
    json_expected jsonb,
    interval_seconds integer DEFAULT 60 NOT NULL,
    timeout_ms integer DEFAULT 10000 NOT NULL,
    retries integer DEFAULT 0 NOT NULL,
    retry_interval_seconds integer DEFAULT 20 NOT NULL,
    recovery_successes integer DEFAULT 1 NOT NULL,
    degraded_ms double precision,
    regions text[] DEFAULT '{default}'::text[] NOT NULL,
    quorum integer DEFAULT 1 NOT NULL,
    period_seconds integer,
    grace_seconds integer,
    schedule text,
    paused boolean DEFAULT false NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    state_since timestamp with time zone DEFAULT now() NOT NULL,
    is_down boolean DEFAULT false NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    successes integer DEFAULT 0 NOT NULL,
    region_status jsonb DEFAULT '{}'::jsonb NOT NULL,
    next_check_at jsonb DEFAULT '{}'::jsonb NOT NULL,
    last_checked_at timestamp with time zone,
    last_ok boolean,
    last_message text,
    last_duration_ms double precision,
    last_status_code integer,
    cert_days_left integer,
    started_at timestamp with time zone,
    last_ping_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT monitors_body_check CHECK ((length(body) <= 65536)),
    CONSTRAINT monitors_check CHECK ((quorum <= cardinality(regions))),
    CONSTRAINT monitors_check1 CHECK (((type = 'heartbeat'::text) = (url IS NULL))),
    CONSTRAINT monitors_check2 CHECK (((type <> 'heartbeat'::text) OR ((period_seconds IS NOT NULL) AND (grace_seconds IS NOT NULL)))),
    CONSTRAINT monitors_check3 CHECK (((type <> 'keyword'::text) OR (keyword IS NOT NULL))),
    CONSTRAINT monitors_check4 CHECK (((type <> 'json'::text) OR (json_path IS NOT NULL))),
    CONSTRAINT monitors_degraded_ms_check CHECK ((degraded_ms > (0)::double precision)),
    CONSTRAINT monitors_grace_seconds_check CHECK (((grace_seconds >= 0) AND (grace_seconds <= 31536000))),
    CONSTRAINT monitors_headers_check CHECK ((jsonb_typeof(headers) = 'object'::text)),
    CONSTRAINT monitors_interval_seconds_check CHECK (((interval_seconds >= 20) AND (interval_seconds <= 86400))),
    CONSTRAINT monitors_keyword_check CHECK (((length(keyword) >= 1) AND (length(keyword) <= 1000))),
    CONSTRAINT monitors_method_check CHECK ((method = ANY (ARRAY['GET'::text, 'HEAD'::text, 'POST'::text]))),
    CONSTRAINT monitors_name_check CHECK ((((length(name) >= 1) AND (length(name) <= 100)) AND (name !~ '[\x00-\x1f\x7f]'::text))),
    CONSTRAINT monitors_period_seconds_check CHECK (((period_seconds >= 60) AND (period_seconds <= 31536000))),
    CONSTRAINT monitors_quorum_check CHECK ((quorum >= 1)),
    CONSTRAINT monitors_recovery_successes_check CHECK (((recovery_successes >= 1) AND (recovery_successes <= 10))),
    CONSTRAINT monitors_regions_check CHECK (((cardinality(regions) >= 1) AND (cardinality(regions) <= 10))),
    CONSTRAINT monitors_retries_check CHECK (((retries >= 0) AND (retries <= 10))),
    CONSTRAINT monitors_retry_interval_seconds_check CHECK (((retry_interval_seconds >= 10) AND (retry_interval_seconds <= 86400))),
    CONSTRAINT monitors_secret_headers_check CHECK ((jsonb_typeof(secret_headers) = 'object'::text)),
    CONSTRAINT monitors_state_check CHECK ((state = ANY (ARRAY['up'::text, 'pending'::text, 'down'::text, 'degraded'::text, 'paused'::text, 'maintenance'::text]))),
    CONSTRAINT monitors_timeout_ms_check CHECK (((timeout_ms >= 100) AND (timeout_ms <= 60000))),
    CONSTRAINT monitors_type_check CHECK ((type = ANY (ARRAY['http'::text, 'keyword'::text, 'json'::text, 'tls'::text, 'tcp'::text, 'heartbeat'::text])))
)
WITH (fillfactor='50');

ALTER TABLE vigil.monitors OWNER TO postgres;

--
-- Name: TABLE monitors; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.monitors IS 'What uptime watches: an http, keyword, json, tls or tcp target probed by the health-check edge function, or a heartbeat a job pings. Admins configure them through vigil_api.create_monitor; the state columns are moved by vigil.record_check_results alone.';

--
-- Name: COLUMN monitors.secret_headers; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.secret_headers IS 'Headers whose values are secrets: {"Authorization": "VIGIL_STRIPE_KEY"} maps a header to a secret''s name, read by the probe from its environment or Vault at send time. The value is never stored.';

--
-- Name: COLUMN monitors.expected_status; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.expected_status IS 'Status codes that count as up (default 200-299).';

--
-- Name: COLUMN monitors.keyword_absent; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.keyword_absent IS 'keyword monitors: up when the keyword is absent instead of present.';

--
-- Name: COLUMN monitors.json_path; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.json_path IS 'json monitors: the path into the response body ({data,status}); up when the value there equals json_expected.';

--
-- Name: COLUMN monitors.retries; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.retries IS 'Failed checks tolerated before DOWN: PENDING meanwhile, checked again after retry_interval_seconds.';

--
-- Name: COLUMN monitors.recovery_successes; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.recovery_successes IS 'Successful checks needed to leave DOWN, so a flapping target does not page on every recovery.';

--
-- Name: COLUMN monitors.degraded_ms; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.degraded_ms IS 'A successful check slower than this makes the monitor degraded.';

--
-- Name: COLUMN monitors.regions; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.regions IS 'Regions the probe runs from (the health-check function''s region parameter); quorum of them must fail before a check counts as failed.';

--
-- Name: COLUMN monitors.period_seconds; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.period_seconds IS 'Heartbeats: how often a success ping is expected; late after it, down after grace_seconds more.';

--
-- Name: COLUMN monitors.schedule; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.schedule IS 'Heartbeats: the job''s cron expression, when given instead of a period (regular schedules only: see vigil._cron_interval_seconds).';

--
-- Name: COLUMN monitors.is_down; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.is_down IS 'Whether the monitor is DOWN by its checks, whatever it shows: a maintenance window shows maintenance but keeps this.';

--
-- Name: COLUMN monitors.region_status; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.region_status IS 'The latest result per region: {"eu": {"ok": false, "at": "..."}}; the quorum is counted over results not older than two intervals.';

--
-- Name: COLUMN monitors.next_check_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.monitors.next_check_at IS 'When each region checks next: {"eu": "2026-..."}; a region missing is due now.';

--
-- Name: _apply_monitor_json(vigil.monitors, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) RETURNS vigil.monitors
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  m vigil.monitors := p_monitor;
  v_key text;
  v_lo integer;
  v_hi integer;
  v_item jsonb;
  v_ranges int4multirange := '{}'::int4multirange;
  v_allowed constant text[] := array['name', 'type', 'url', 'method', 'headers', 'secret_headers', 'body', 'expected_status',
    'keyword', 'keyword_absent', 'json_path', 'json_expected', 'interval_seconds', 'timeout_ms', 'retries',
    'retry_interval_seconds', 'recovery_successes', 'degraded_ms', 'regions', 'quorum', 'period_seconds', 'grace_seconds',
    'schedule', 'paused'];
begin
  if p_json is null or pg_catalog.jsonb_typeof(p_json) <> 'object' then
    raise exception using errcode = '22023', message = 'A monitor must be a JSON object.';
  end if;
  select k into v_key from pg_catalog.jsonb_object_keys(p_json) k where k <> all (v_allowed) limit 1;
  if v_key is not null then
    raise exception using errcode = '22023', message = pg_catalog.format('%s is not a monitor field.', v_key),
      hint = 'Fields: ' || pg_catalog.array_to_string(v_allowed, ', ');
  end if;
  if p_json ? 'name' then m.name := vigil._json_text(p_json -> 'name', 'name'); end if;
  if p_json ? 'type' then m.type := vigil._json_text(p_json -> 'type', 'type'); end if;
  if p_json ? 'url' then m.url := vigil._json_text(p_json -> 'url', 'url'); end if;
  if p_json ? 'method' then m.method := pg_catalog.upper(vigil._json_text(p_json -> 'method', 'method')); end if;
  if p_json ? 'body' then m.body := vigil._json_text(p_json -> 'body', 'body'); end if;
  if p_json ? 'keyword' then m.keyword := vigil._json_text(p_json -> 'keyword', 'keyword'); end if;
  if p_json ? 'keyword_absent' then m.keyword_absent := vigil._json_bool(p_json -> 'keyword_absent', 'keyword_absent'); end if;
  if p_json ? 'json_expected' then m.json_expected := p_json -> 'json_expected'; end if;
  if p_json ? 'schedule' then m.schedule := vigil._json_text(p_json -> 'schedule', 'schedule'); end if;
  if p_json ? 'paused' then m.paused := vigil._json_bool(p_json -> 'paused', 'paused'); end if;
  if p_json ? 'degraded_ms' then m.degraded_ms := vigil._json_number(p_json -> 'degraded_ms', 'degraded_ms'); end if;
  if p_json ? 'interval_seconds' then m.interval_seconds := vigil._json_number(p_json -> 'interval_seconds', 'interval_seconds')::integer; end if;
  if p_json ? 'timeout_ms' then m.timeout_ms := vigil._json_number(p_json -> 'timeout_ms', 'timeout_ms')::integer; end if;
  if p_json ? 'retries' then m.retries := vigil._json_number(p_json -> 'retries', 'retries')::integer; end if;
  if p_json ? 'retry_interval_seconds' then m.retry_interval_seconds := vigil._json_number(p_json -> 'retry_interval_seconds', 'retry_interval_seconds')::integer; end if;
  if p_json ? 'recovery_successes' then m.recovery_successes := vigil._json_number(p_json -> 'recovery_successes', 'recovery_successes')::integer; end if;
  if p_json ? 'quorum' then m.quorum := vigil._json_number(p_json -> 'quorum', 'quorum')::integer; end if;
  if p_json ? 'period_seconds' then m.period_seconds := vigil._json_number(p_json -> 'period_seconds', 'period_seconds')::integer; end if;
  if p_json ? 'grace_seconds' then m.grace_seconds := vigil._json_number(p_json -> 'grace_seconds', 'grace_seconds')::integer; end if;
  foreach v_key in array array['headers', 'secret_headers'] loop
    if p_json ? v_key then
      v_item := p_json -> v_key;
      if pg_catalog.jsonb_typeof(v_item) <> 'object'
         or exists (select 1 from pg_catalog.jsonb_each(v_item) h
                    where h.key !~ '^[A-Za-z0-9!#$%&''*+.^_`|~-]{1,100}$' or pg_catalog.jsonb_typeof(h.value) <> 'string') then
        raise exception using errcode = '22023',
          message = pg_catalog.format('%s must be an object of header names to strings.', v_key);
      end if;
      if v_key = 'headers' then
        m.headers := v_item;
      else
        -- Values are names of secrets (like a channel's secret_name), never the secrets themselves.
        perform vigil._check_secret_name(h.value #>> '{}') from pg_catalog.jsonb_each(v_item) h;
        m.secret_headers := v_item;
      end if;
    end if;
  end loop;
  if p_json ? 'expected_status' then
    if pg_catalog.jsonb_typeof(p_json -> 'expected_status') <> 'array' or pg_catalog.jsonb_array_length(p_json -> 'expected_status') = 0 then
      raise exception using errcode = '22023', message = 'expected_status must be a non-empty array of codes (200) or ranges ("200-299").';
    end if;
    for v_item in select x from pg_catalog.jsonb_array_elements(p_json -> 'expected_status') x loop
      if pg_catalog.jsonb_typeof(v_item) = 'number' and (v_item #>> '{}') ~ '^[1-5][0-9][0-9]$' then
        v_ranges := v_ranges + pg_catalog.int4multirange(pg_catalog.int4range((v_item #>> '{}')::integer, (v_item #>> '{}')::integer, '[]'));
      elsif pg_catalog.jsonb_typeof(v_item) = 'string' and (v_item #>> '{}') ~ '^[1-5][0-9][0-9]-[1-5][0-9][0-9]$'
            and pg_catalog.split_part(v_item #>> '{}', '-', 1)::integer <= pg_catalog.split_part(v_item #>> '{}', '-', 2)::integer then
        v_ranges := v_ranges + pg_catalog.int4multirange(pg_catalog.int4range(pg_catalog.split_part(v_item #>> '{}', '-', 1)::integer,
                                                         pg_catalog.split_part(v_item #>> '{}', '-', 2)::integer, '[]'));
      else
        raise exception using errcode = '22023', message = 'expected_status must be a non-empty array of codes (200) or ranges ("200-299").';
      end if;
    end loop;
    m.expected_status := v_ranges;
  end if;
  if p_json ? 'json_path' then
    if pg_catalog.jsonb_typeof(p_json -> 'json_path') <> 'array'
       or exists (select 1 from pg_catalog.jsonb_array_elements(p_json -> 'json_path') x where pg_catalog.jsonb_typeof(x) <> 'string') then
      raise exception using errcode = '22023', message = 'json_path must be an array of keys, e.g. ["data", "status"].';
    end if;
    m.json_path := array(select x from pg_catalog.jsonb_array_elements_text(p_json -> 'json_path') x);
  end if;
  if p_json ? 'regions' then
    if pg_catalog.jsonb_typeof(p_json -> 'regions') <> 'array'
       or exists (select 1 from pg_catalog.jsonb_array_elements(p_json -> 'regions') x
                  where pg_catalog.jsonb_typeof(x) <> 'string' or (x #>> '{}') !~ '^[a-z0-9][a-z0-9-]{0,30}$') then
      raise exception using errcode = '22023', message = 'regions must be an array of region names (lowercase letters, digits, dashes).';
    end if;
    m.regions := array(select distinct x from pg_catalog.jsonb_array_elements_text(p_json -> 'regions') x order by 1);
  end if;

  if m.name is null or pg_catalog.length(m.name) not between 1 and 100 or m.name ~ '[\x00-\x1f\x7f]' then
    raise exception using errcode = '22023', message = 'name must be 1 to 100 printable characters.';
  end if;
  if m.type is null or m.type not in ('http', 'keyword', 'json', 'tls', 'tcp', 'heartbeat') then
    raise exception using errcode = '22023', message = 'type must be one of http, keyword, json, tls, tcp, heartbeat.';
  end if;
  if m.type = 'heartbeat' then
    if m.url is not null then
      raise exception using errcode = '22023', message = 'url is not used by a heartbeat: jobs ping the heartbeat instead.';
    end if;
    if m.schedule is not null then
      m.period_seconds := vigil._cron_interval_seconds(m.schedule);
      if m.period_seconds is null then
        raise exception using errcode = '22023',
          message = 'schedule must be a regular cron expression (every N minutes, hourly, every N hours, daily, weekly); give period_seconds otherwise.';
      end if;
    end if;
    if m.period_seconds is null or m.period_seconds not between 60 and 31536000 then
      raise exception using errcode = '22023', message = 'period_seconds must be between 60 and 31536000 (or give a schedule).';
    end if;
    m.grace_seconds := coalesce(m.grace_seconds, 300);
    if m.grace_seconds not between 0 and 31536000 then
      raise exception using errcode = '22023', message = 'grace_seconds must be between 0 and 31536000.';
    end if;
  else
    if m.url is null then
      raise exception using errcode = '22023', message = 'url is required for an http, keyword, json, tls or tcp monitor.';
    end if;
    perform vigil._check_outbound_url(m.url, 'monitor', 'url');
    if m.type = 'tcp' and m.url !~* '^tcp://' then
      raise exception using errcode = '22023', message = 'url of a tcp monitor must be tcp://host:port.';
    end if;
    if m.type = 'tls' and m.url !~* '^(https|tcp)://' then
      raise exception using errcode = '22023', message = 'url of a tls monitor must be https://host or tcp://host:port.';
    end if;
    if m.type in ('http', 'keyword', 'json') and m.url !~* '^https?://' then
      raise exception using errcode = '22023', message = pg_catalog.format('url of a %s monitor must be http or https.', m.type);
    end if;
    if m.type = 'keyword' and m.keyword is null then
      raise exception using errcode = '22023', message = 'keyword is required for a keyword monitor.';
    end if;
    if m.type = 'json' and m.json_path is null then
      raise exception using errcode = '22023', message = 'json_path is required for a json monitor.';
    end if;
  end if;
  if m.method not in ('GET', 'HEAD', 'POST') then
    raise exception using errcode = '22023', message = 'method must be GET, HEAD or POST.';
  end if;
  select f.name, f.lo, f.hi into v_key, v_lo, v_hi
  from (values ('interval_seconds', m.interval_seconds, 20, 86400), ('timeout_ms', m.timeout_ms, 100, 60000),
               ('retries', m.retries, 0, 10), ('retry_interval_seconds', m.retry_interval_seconds, 10, 86400),
               ('recovery_successes', m.recovery_successes, 1, 10)) f(name, v, lo, hi)
  where f.v is null or f.v not between f.lo and f.hi
  limit 1;
  if v_key is not null then
    raise exception using errcode = '22023', message = pg_catalog.format('%s must be between %s and %s.', v_key, v_lo, v_hi);
  end if;
  if m.quorum < 1 or m.quorum > pg_catalog.cardinality(m.regions) then
    raise exception using errcode = '22023', message = 'quorum must be between 1 and the number of regions.';
  end if;
  if m.degraded_ms is not null and m.degraded_ms <= 0 then
    raise exception using errcode = '22023', message = 'degraded_ms must be positive.';
  end if;
  return m;
end
$_$;

ALTER FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) OWNER TO postgres;

--
-- Name: FUNCTION _apply_monitor_json(p_monitor vigil.monitors, p_json jsonb); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) IS 'A monitor with the fields of a JSON definition applied and every one checked (22023 naming the field); the URL passes the outbound guard.';

--
-- Name: _apply_rule_json(vigil.alert_rules, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) RETURNS vigil.alert_rules
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
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
$_$;

ALTER FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) OWNER TO postgres;

--
-- Name: FUNCTION _apply_rule_json(p_rule vigil.alert_rules, p_json jsonb); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) IS 'Applies a JSON rule definition to a rule row; every invalid field raises 22023 with a sentence naming it. slo (an SLO id) replaces kind, event_name, name_like, group_by, slo_objective and slo_latency_ms.';

--
-- Name: deployments; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deployments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    target_id uuid NOT NULL,
    external_id text,
    environment text NOT NULL,
    version text,
    commit_sha text,
    ref text,
    url text,
    actor text,
    status text NOT NULL,
    status_since timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    live_at timestamp with time zone,
    healthy_at timestamp with time zone,
    smoke_passed boolean,
    smoke_results jsonb DEFAULT '[]'::jsonb NOT NULL,
    rollback_of uuid,
    rollback_to uuid,
    reason text,
    CONSTRAINT deployments_actor_check CHECK ((length(actor) <= 200)),
    CONSTRAINT deployments_commit_sha_check CHECK ((length(commit_sha) <= 100)),
    CONSTRAINT deployments_external_id_check CHECK (((length(external_id) >= 1) AND (length(external_id) <= 200))),
    CONSTRAINT deployments_ref_check CHECK ((length(ref) <= 300)),
    CONSTRAINT deployments_status_check CHECK ((status = ANY (ARRAY['building'::text, 'ready'::text, 'smoke_testing'::text, 'watching'::text, 'healthy'::text, 'build_failed'::text, 'smoke_failed'::text, 'regressed'::text, 'rolling_back'::text, 'rolled_back'::text, 'rollback_failed'::text, 'superseded'::text]))),
    CONSTRAINT deployments_url_check CHECK ((length(url) <= 2000)),
    CONSTRAINT deployments_version_check CHECK ((length(version) <= 200))
);

ALTER TABLE vigil.deployments OWNER TO postgres;

--
-- Name: TABLE deployments; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deployments IS 'The deploy log. Status: building -> ready -> smoke_testing -> watching -> healthy, or build_failed, smoke_failed, regressed, rolling_back, rolled_back, rollback_failed, superseded (see vigil._deploy_next).';

--
-- Name: COLUMN deployments.external_id; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deployments.external_id IS 'The provider''s deployment id (Vercel dpl_..., Netlify deploy id) or CI''s; a report with the same id is the same row.';

--
-- Name: COLUMN deployments.live_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deployments.live_at IS 'When it began serving (ready): the impact compares the windows before and after it, and the watch window starts here.';

--
-- Name: COLUMN deployments.healthy_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deployments.healthy_at IS 'When it passed its watch window; a deployment that has never been healthy is never a rollback target.';

--
-- Name: COLUMN deployments.rollback_of; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deployments.rollback_of IS 'On a row a rollback created: the deployment that rollback undid.';

--
-- Name: COLUMN deployments.rollback_to; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deployments.rollback_to IS 'The earlier deployment a rollback (requested, or done) restores.';

--
-- Name: _apply_smoke(uuid, jsonb, timestamp with time zone, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamp with time zone, p_actor text) RETURNS vigil.deployments
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  v_passed boolean;
begin
  if p_results is null or pg_catalog.jsonb_typeof(p_results) <> 'object'
     or pg_catalog.jsonb_typeof(p_results -> 'passed') is distinct from 'boolean' then
    raise exception using errcode = '22023', message = 'results must be an object with passed (true or false) and checks.';
  end if;
  if p_results ? 'checks' and pg_catalog.jsonb_typeof(p_results -> 'checks') <> 'array' then
    raise exception using errcode = '22023', message = 'checks must be an array of {name, passed, detail}.';
  end if;
  v_passed := (p_results ->> 'passed')::boolean;
  select * into d from vigil.deployments where id = p_deployment for update;
  update vigil.deployments set smoke_passed = v_passed and coalesce(smoke_passed, true), smoke_results = coalesce(p_results -> 'checks', '[]')
  where id = d.id;
  if d.status = 'ready' then
    d := vigil._deploy_move(d.id, 'smoke_testing', p_now, p_actor);
  end if;
  if d.status = 'smoke_testing' then
    d := vigil._deploy_move(d.id, case when v_passed then 'watching' else 'smoke_failed' end, p_now, p_actor,
                            case when not v_passed then 'smoke checks failed' end);
  elsif d.status not in ('watching', 'healthy') then
    raise exception using errcode = 'PT409',
      message = pg_catalog.format('A deployment that is %s takes no smoke results.', pg_catalog.replace(d.status, '_', ' '));
  end if;
  -- Results arriving while it is watched are kept; a failure there is a breach deploy_watch acts on.
  select * into d from vigil.deployments where id = p_deployment;
  return d;
end
$$;

ALTER FUNCTION vigil._apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamp with time zone, p_actor text) OWNER TO postgres;

--
-- Name: _audit_tenant_deletion(text, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._audit_tenant_deletion(p_name text, p_attributes jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform vigil._ensure_partition((pg_catalog.now() at time zone 'UTC')::date);
  insert into vigil.events (tenant_id, kind, name, occurred_at, success, source, attributes)
  values (vigil.system_tenant_id(), 'log', p_name, pg_catalog.now(), true, 'vigil',
          p_attributes || pg_catalog.jsonb_build_object('level', 'info'));
end
$$;

ALTER FUNCTION vigil._audit_tenant_deletion(p_name text, p_attributes jsonb) OWNER TO postgres;

--
-- Name: FUNCTION _audit_tenant_deletion(p_name text, p_attributes jsonb); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._audit_tenant_deletion(p_name text, p_attributes jsonb) IS 'Records a tenant deletion''s request or completion as a log event of the vigil-system tenant. Internal.';

--
-- Name: backup_policies; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.backup_policies (
    name text NOT NULL,
    schemas text[] DEFAULT '{public}'::text[] NOT NULL,
    include text[] DEFAULT '{}'::text[] NOT NULL,
    exclude text[] DEFAULT '{}'::text[] NOT NULL,
    target text DEFAULT 'local'::text NOT NULL,
    expected_interval interval DEFAULT '1 day'::interval NOT NULL,
    keep_daily integer DEFAULT 7 NOT NULL,
    keep_weekly integer DEFAULT 4 NOT NULL,
    part_bytes bigint DEFAULT 268435456 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT backup_policies_expected_interval_check CHECK ((expected_interval >= '00:01:00'::interval)),
    CONSTRAINT backup_policies_keep_daily_check CHECK ((keep_daily >= 1)),
    CONSTRAINT backup_policies_keep_weekly_check CHECK ((keep_weekly >= 0)),
    CONSTRAINT backup_policies_name_check CHECK ((name ~ '^[a-z][a-z0-9_-]{0,62}$'::text)),
    CONSTRAINT backup_policies_part_bytes_check CHECK ((part_bytes >= 1024)),
    CONSTRAINT backup_policies_schemas_check CHECK ((cardinality(schemas) > 0)),
    CONSTRAINT backup_policies_target_check CHECK ((target = ANY (ARRAY['local'::text, 'storage'::text])))
);

ALTER TABLE vigil.backup_policies OWNER TO postgres;

--
-- Name: TABLE backup_policies; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.backup_policies IS 'What a backup copies (schemas, include and exclude patterns), where to (local folder or Storage), how often one is expected and how many are kept. Database-wide: vigil-system members read, the service role or a DBA writes.';

--
-- Name: COLUMN backup_policies.include; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backup_policies.include IS 'LIKE patterns on schema.table (or table); empty means every table of the schemas.';

--
-- Name: COLUMN backup_policies.exclude; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backup_policies.exclude IS 'LIKE patterns on schema.table (or table) left out.';

--
-- Name: COLUMN backup_policies.expected_interval; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backup_policies.expected_interval IS 'How often a backup is expected: a backup that started and has not finished within it counts as failed, and freshness is judged against it.';

--
-- Name: COLUMN backup_policies.part_bytes; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backup_policies.part_bytes IS 'The most uncompressed COPY bytes in one part file: parts stay small enough to upload, verify and retry one at a time.';

--
-- Name: _backup_policy(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._backup_policy(p_policy text) RETURNS vigil.backup_policies
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_policy vigil.backup_policies;
begin
  select * into v_policy from vigil.backup_policies p where p.name = p_policy;
  if v_policy.name is null then
    raise exception using errcode = 'P0002', message = pg_catalog.format('Backup policy %L does not exist.', p_policy);
  end if;
  return v_policy;
end
$$;

ALTER FUNCTION vigil._backup_policy(p_policy text) OWNER TO postgres;

--
-- Name: FUNCTION _backup_policy(p_policy text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._backup_policy(p_policy text) IS 'The named policy, or P0002 naming it.';

--
-- Name: _cache_stats(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(name text, layer text, lookups bigint, hits bigint, misses bigint, hit_rate double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  return query
  select e.name::text, e.attributes ->> 'layer', pg_catalog.count(*),
         pg_catalog.count(*) filter (where e.value >= 1), pg_catalog.count(*) filter (where coalesce(e.value, 0) < 1),
         (pg_catalog.count(*) filter (where e.value >= 1))::float8 / pg_catalog.count(*)
  from vigil.events e
  where e.tenant_id = p_tenant and e.kind = 'cache' and e.occurred_at >= p_since and e.occurred_at < p_until
  group by 1, 2
  order by 3 desc, 1, 2;
end
$$;

ALTER FUNCTION vigil._cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: _caller_is_trusted(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._caller_is_trusted() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(auth.role(), '') = 'service_role'
      or (auth.role() is null and auth.uid() is null and session_user::text <> 'authenticator'
          and current_user::text not in ('anon', 'authenticated')
          and pg_catalog.current_setting('role') not in ('anon', 'authenticated'))
$$;

ALTER FUNCTION vigil._caller_is_trusted() OWNER TO postgres;

--
-- Name: FUNCTION _caller_is_trusted(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._caller_is_trusted() IS 'True for service_role and for direct database sessions without JWT claims (DBA, pg_cron); false for anon and authenticated, with or without claims, even inside a security definer function.';

--
-- Name: _can_refresh_concurrently(regclass); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._can_refresh_concurrently(p_view regclass) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select c.relispopulated and exists (
    select 1 from pg_catalog.pg_index i
    where i.indrelid = c.oid and i.indisunique and i.indisvalid and i.indpred is null and i.indexprs is null)
  from pg_catalog.pg_class c where c.oid = p_view
$$;

ALTER FUNCTION vigil._can_refresh_concurrently(p_view regclass) OWNER TO postgres;

--
-- Name: _check_channel(text, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_channel(p_type text, p_config jsonb) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_to jsonb := p_config -> 'to';
begin
  if p_type is null or p_type not in ('email', 'slack', 'sms', 'webhook', 'pagerduty') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('type must be one of email, slack, sms, webhook, pagerduty (got %s).', coalesce(p_type, 'null'));
  end if;
  if p_config is null or pg_catalog.jsonb_typeof(p_config) <> 'object' then
    raise exception using errcode = '22023', message = 'config must be a JSON object.';
  end if;
  if p_type = 'email' then
    if pg_catalog.jsonb_typeof(v_to) = 'string' then
      v_to := pg_catalog.jsonb_build_array(v_to);
    end if;
    if pg_catalog.jsonb_typeof(v_to) is distinct from 'array' or pg_catalog.jsonb_array_length(v_to) not between 1 and 50
       or exists (select 1 from pg_catalog.jsonb_array_elements(v_to) x
                  where pg_catalog.jsonb_typeof(x) <> 'string' or x #>> '{}' !~ '^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$') then
      raise exception using errcode = '22023', message = 'config.to must be an email address or a list of 1 to 50 of them.';
    end if;
    if coalesce(p_config ->> 'from', '') !~ '@' then
      raise exception using errcode = '22023', message = 'config.from must be a sender address on a domain verified with Resend, e.g. "Vigil <alerts@example.com>".';
    end if;
  elsif p_type = 'sms' then
    if coalesce(p_config ->> 'to', '') !~ '^\+[1-9][0-9]{6,14}$' then
      raise exception using errcode = '22023', message = 'config.to must be a phone number in E.164 form, e.g. +15551234567.';
    end if;
    if coalesce(p_config ->> 'from', '') !~ '^\+[1-9][0-9]{6,14}$' then
      raise exception using errcode = '22023', message = 'config.from must be a Twilio phone number in E.164 form.';
    end if;
    if coalesce(p_config ->> 'account_sid', '') !~ '^AC[0-9a-fA-F]{32}$' then
      raise exception using errcode = '22023', message = 'config.account_sid must be a Twilio account SID (AC followed by 32 hex digits).';
    end if;
  elsif p_type = 'webhook' then
    perform vigil._check_outbound_url(p_config ->> 'url', 'channel', 'config.url');
  end if;
end
$_$;

ALTER FUNCTION vigil._check_channel(p_type text, p_config jsonb) OWNER TO postgres;

--
-- Name: FUNCTION _check_channel(p_type text, p_config jsonb); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_channel(p_type text, p_config jsonb) IS 'Raises 22023 naming the field when a channel''s type or config is invalid, or its URL would reach inside (the outbound guard).';

--
-- Name: _check_kinds(text[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_kinds(p_kinds text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_bad text;
begin
  select k into v_bad from pg_catalog.unnest(p_kinds) k
  where k is null or k not in ('operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital',
                               'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')
  limit 1;
  if found then
    raise exception using errcode = '22023', message = format('allowed_kinds: unknown kind %L.', v_bad);
  end if;
end
$$;

ALTER FUNCTION vigil._check_kinds(p_kinds text[]) OWNER TO postgres;

--
-- Name: _check_limit(integer, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_limit(p_limit integer, p_max integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_limit is null or p_limit not between 1 and p_max then
    raise exception using errcode = '22023', message = pg_catalog.format('limit must be between 1 and %s.', p_max);
  end if;
end
$$;

ALTER FUNCTION vigil._check_limit(p_limit integer, p_max integer) OWNER TO postgres;

--
-- Name: FUNCTION _check_limit(p_limit integer, p_max integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_limit(p_limit integer, p_max integer) IS 'Raises 22023 "limit must be between 1 and <p_max>." unless 1 <= p_limit <= p_max.';

--
-- Name: _check_matchers(jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_matchers(p_matchers jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_matchers is null or pg_catalog.jsonb_typeof(p_matchers) <> 'object'
     or exists (select 1 from pg_catalog.jsonb_each(p_matchers) m where pg_catalog.jsonb_typeof(m.value) <> 'string') then
    raise exception using errcode = '22023',
      message = 'matchers must be a JSON object of label names to string values, e.g. {"severity": "warning", "rule": "p95 latency above 2 s"}.';
  end if;
end
$$;

ALTER FUNCTION vigil._check_matchers(p_matchers jsonb) OWNER TO postgres;

--
-- Name: _check_name(text, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_name(p_name text, p_max integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_name is null or pg_catalog.length(p_name) not between 1 and p_max then
    raise exception using errcode = '22023', message = pg_catalog.format('name must be 1 to %s characters.', p_max);
  end if;
end
$$;

ALTER FUNCTION vigil._check_name(p_name text, p_max integer) OWNER TO postgres;

--
-- Name: FUNCTION _check_name(p_name text, p_max integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_name(p_name text, p_max integer) IS 'Raises 22023 unless p_name is 1 to p_max characters.';

--
-- Name: _check_new_heal_rule(uuid, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator may create heal rules: a rule names a table Vigil updates with its own rights.');
  if not exists (select 1 from vigil.tenants where id = p_tenant) then
    raise exception using errcode = 'P0002', message = 'No tenant has that id.';
  end if;
  if p_max_rows is null or p_max_rows not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'max_rows must be between 1 and 10000.';
  end if;
end
$$;

ALTER FUNCTION vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) OWNER TO postgres;

--
-- Name: FUNCTION _check_new_heal_rule(p_tenant uuid, p_max_rows integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) IS 'Raises 42501 unless the caller is the service role or a database administrator, then P0002 unless p_tenant exists, then 22023 unless p_max_rows is 1 to 10000.';

--
-- Name: _check_outbound_url(text, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text DEFAULT 'url'::text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_reason text := vigil._outbound_url_refusal(p_url, p_purpose, vigil.outbound_allow_loopback());
begin
  if v_reason is not null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('%s is refused: %s.', p_field, vigil._outbound_refusal_text(v_reason, p_purpose)),
      detail = pg_catalog.format('reason: %s', v_reason);
  end if;
end
$$;

ALTER FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text) OWNER TO postgres;

--
-- Name: FUNCTION _check_outbound_url(p_url text, p_purpose text, p_field text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text) IS 'Raises 22023 naming the field and the reason when a URL a tenant sets would reach inside (see vigil._outbound_url_refusal); loopback only while vigil.outbound_allow_loopback() is on.';

--
-- Name: _check_rule_scope(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_rule_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if exists (select 1 from vigil.alert_metrics m where m.name = new.metric and m.scope = 'system')
     and new.tenant_id is distinct from vigil.system_tenant_id() then
    raise exception using errcode = '22023',
      message = pg_catalog.format('metric %s is a fact about the whole database: its rules belong to the vigil-system tenant.', new.metric);
  end if;
  return new;
end
$$;

ALTER FUNCTION vigil._check_rule_scope() OWNER TO postgres;

--
-- Name: FUNCTION _check_rule_scope(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_rule_scope() IS 'Trigger: refuses a rule on a database-wide metric (alert_metrics.scope = system) outside the vigil-system tenant.';

--
-- Name: _check_secret_name(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_secret_name(p_name text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
begin
  if p_name !~ '^VIGIL_[A-Z0-9_]{1,100}$' then
    raise exception using errcode = '22023',
      message = 'secret_name must name an environment variable or Vault secret starting with VIGIL_ (uppercase letters, digits, underscores).';
  end if;
end
$_$;

ALTER FUNCTION vigil._check_secret_name(p_name text) OWNER TO postgres;

--
-- Name: _check_stats_call(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
end
$$;

ALTER FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Raises 42501 unless the caller is a viewer of p_tenant (or the service role), then 22023 unless since < until.';

--
-- Name: _check_window(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if p_since is null or p_until is null then
    raise exception using errcode = '22023', message = 'since and until are required.';
  end if;
  if p_until <= p_since then
    raise exception using errcode = '22023', message = 'until must be after since.',
      hint = 'The window is [since, until): pass the earlier time first.';
  end if;
end
$$;

ALTER FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _check_window(p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) IS 'Raises 22023 unless since < until.';

--
-- Name: _claim_outbox(regclass, integer, interval, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone) RETURNS TABLE(id bigint, attempts integer, claim_token uuid, lease_until timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
-- The outbox table is an argument, so the claim is dynamic SQL, whose result columns and writes
-- plpgsql_check cannot see (it would call the OUT columns unset and the function STABLE):
-- @plpgsql_check_options: extra_warnings = false, performance_warnings = false
begin
  -- skip locked: two workers at once take disjoint rows instead of queueing behind each other.
  -- A row whose lease has passed is taken over with a new claim token: the worker that held it
  -- can then no longer record a result for it (vigil._settle_outbox checks the token).
  return query execute pg_catalog.format($f$
    with due as (
      select o.id from %1$s o
      where (o.status in ('pending', 'retrying') and o.next_attempt_at <= $2)
         or (o.status = 'sending' and o.lease_until < $2)
      order by o.next_attempt_at, o.id
      limit greatest(1, least($1, 500))
      for update skip locked
    )
    update %1$s o
    set status = 'sending', lease_until = $2 + $3, attempts = o.attempts + 1, claim_token = pg_catalog.gen_random_uuid()
    from due
    where o.id = due.id
    returning o.id, o.attempts, o.claim_token, o.lease_until$f$, p_table)
  using p_limit, p_now, p_lease;
end
$_$;

ALTER FUNCTION vigil._claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone) IS 'Claims up to p_limit due rows of outbox p_table (for update skip locked) with a lease and a new claim token each; a row whose lease passed is claimable again.';

--
-- Name: _compare(double precision, text, double precision); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._compare(p_value double precision, p_comparator text, p_threshold double precision) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case p_comparator
    when 'gt' then p_value > p_threshold
    when 'gte' then p_value >= p_threshold
    when 'lt' then p_value < p_threshold
    when 'lte' then p_value <= p_threshold
    when 'eq' then p_value = p_threshold
  end
$$;

ALTER FUNCTION vigil._compare(p_value double precision, p_comparator text, p_threshold double precision) OWNER TO postgres;

--
-- Name: _create_deploy_key(uuid, text, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_tenant uuid := vigil._require_owner_of('vigil.deploy_targets', p_target, 'admin', 'deploy target');
  v_key text := vigil._new_key('vd_');
  v_row vigil.deploy_keys;
begin
  if p_name is not null and pg_catalog.length(p_name) not between 1 and 100 then
    raise exception using errcode = '22023', message = 'name must be 1 to 100 characters.';
  end if;
  if p_reports_per_minute is null or p_reports_per_minute not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'reports_per_minute must be between 1 and 10000.';
  end if;
  insert into vigil.deploy_keys (tenant_id, target_id, name, key_prefix, key_hash, reports_per_minute, created_by)
  values (v_tenant, p_target, coalesce(p_name, 'ci'), pg_catalog.left(v_key, 11), vigil._hash_key(v_key), p_reports_per_minute, auth.uid())
  returning * into v_row;
  return pg_catalog.jsonb_build_object('id', v_row.id, 'key', v_key, 'prefix', v_row.key_prefix, 'target_id', p_target,
    'reports_per_minute', v_row.reports_per_minute);
end
$$;

ALTER FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) OWNER TO postgres;

--
-- Name: FUNCTION _create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) IS 'Creates a deploy key for one target after checking the caller is an admin of its tenant; returns the key once.';

--
-- Name: _create_heal_function_rule(uuid, text, text, integer, boolean, boolean, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_fn regprocedure;
  v_id uuid;
begin
  perform vigil._check_new_heal_rule(p_tenant, p_max_rows);
  v_fn := pg_catalog.to_regprocedure(p_function || '(timestamp with time zone, integer, boolean)');
  if v_fn is null or (select p.prorettype from pg_catalog.pg_proc p where p.oid = v_fn) <> 'pg_catalog.jsonb'::pg_catalog.regtype then
    raise exception using errcode = '42883',
      message = pg_catalog.format('Function %s(timestamptz, integer, boolean) returning jsonb does not exist.', p_function);
  end if;
  insert into vigil.heal_rules (tenant_id, name, description, fn, max_rows, enabled, dry_run, created_by)
  values (p_tenant, p_name, p_description, v_fn, p_max_rows, coalesce(p_enabled, true), coalesce(p_dry_run, false), auth.uid())
  returning id into v_id;
  return v_id;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('This tenant already has a heal rule named %L.', p_name);
end
$$;

ALTER FUNCTION vigil._create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) OWNER TO postgres;

--
-- Name: _create_heal_rule(uuid, text, text, text, text, text, text, interval, integer, text, boolean, boolean, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_schema text;
  v_table text;
  v_target record;
  v_type text;
  v_id uuid;
begin
  perform vigil._check_new_heal_rule(p_tenant, p_max_rows);
  if p_older_than is null or p_older_than <= interval '0' then
    raise exception using errcode = '22023', message = 'older_than must be a positive interval.';
  end if;
  if p_from_status is null or p_to_status is null or p_from_status = p_to_status then
    raise exception using errcode = '22023', message = 'from_status and to_status are required and must differ.';
  end if;
  select s.schema_name, s.table_name into v_schema, v_table from vigil._split_table(p_table) s;
  select * into v_target from vigil._heal_target(v_schema, v_table, coalesce(p_key_column, 'id'), p_status_column, p_age_column);
  -- The statuses must be values of the column's type (an enum label that does not exist is refused now, not at 3 am).
  v_type := pg_catalog.format_type(v_target.status_typid, v_target.status_typmod);
  begin
    execute pg_catalog.format('select $1::%s, $2::%s', v_type, v_type) using p_from_status, p_to_status;
  exception when others then
    raise exception using errcode = '22P02',
      message = pg_catalog.format('from_status %L or to_status %L is not a valid %s for column %s.', p_from_status, p_to_status,
                                  v_target.status_type, p_status_column);
  end;
  insert into vigil.heal_rules (tenant_id, name, description, target_schema, target_table, key_column, status_column,
                                from_status, to_status, age_column, older_than, max_rows, enabled, dry_run, created_by)
  values (p_tenant, p_name, p_description, v_schema, v_table, coalesce(p_key_column, 'id'), p_status_column,
          p_from_status, p_to_status, p_age_column, p_older_than, p_max_rows, coalesce(p_enabled, true),
          coalesce(p_dry_run, false), auth.uid())
  returning id into v_id;
  return v_id;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('This tenant already has a heal rule named %L.', p_name);
end
$_$;

ALTER FUNCTION vigil._create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) OWNER TO postgres;

--
-- Name: _create_ingest_key(uuid, text, text[], integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_key text := vigil._new_key();
  v_row vigil.ingest_keys;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_kinds(p_allowed_kinds);
  if p_name is not null and pg_catalog.length(p_name) not between 1 and 100 then
    raise exception using errcode = '22023', message = 'name must be 1 to 100 characters.';
  end if;
  if p_events_per_minute is null or p_events_per_minute not between 1 and 10000000 then
    raise exception using errcode = '22023', message = 'events_per_minute must be between 1 and 10000000.';
  end if;
  insert into vigil.ingest_keys (tenant_id, name, key_prefix, key_hash, allowed_kinds, events_per_minute, created_by)
  values (p_tenant, coalesce(p_name, 'default'), pg_catalog.left(v_key, 11), vigil._hash_key(v_key),
          p_allowed_kinds, p_events_per_minute, auth.uid())
  returning * into v_row;
  return pg_catalog.jsonb_build_object('id', v_row.id, 'key', v_key, 'prefix', v_row.key_prefix,
    'allowed_kinds', v_row.allowed_kinds, 'events_per_minute', v_row.events_per_minute);
end
$$;

ALTER FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) OWNER TO postgres;

--
-- Name: FUNCTION _create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) IS 'Creates an ingest key after checking the caller is an admin and every argument; returns the key once.';

--
-- Name: _create_policies(regclass, name, vigil.member_role, vigil.member_role, text[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role DEFAULT NULL::vigil.member_role, p_writes text[] DEFAULT ARRAY['insert'::text, 'update'::text, 'delete'::text]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_name text := (select c.relname::text from pg_catalog.pg_class c where c.oid = p_table);
  v_tenant text := coalesce(pg_catalog.quote_ident(p_tenant_column), 'vigil.system_tenant_id()');
  v_write text := pg_catalog.format('vigil.has_role(%s, %L)', v_tenant, p_write);
  v_command text;
begin
  execute pg_catalog.format('create policy %I on %s for select to authenticated using (vigil.has_role(%s, %L))',
                            v_name || '_read', p_table, v_tenant, p_read);
  foreach v_command in array case when p_write is null then '{}'::text[] else p_writes end loop
    if v_command not in ('insert', 'update', 'delete') then
      raise exception using errcode = '22023', message = pg_catalog.format('%L is not insert, update or delete.', v_command);
    end if;
    execute pg_catalog.format('create policy %I on %s for %s to authenticated %s', v_name || '_' || v_command, p_table, v_command,
      case v_command when 'insert' then pg_catalog.format('with check (%s)', v_write)
                     when 'update' then pg_catalog.format('using (%s) with check (%s)', v_write, v_write)
                     else pg_catalog.format('using (%s)', v_write) end);
  end loop;
  execute pg_catalog.format('create policy %I on %s for all to service_role using (true) with check (true)',
                            v_name || '_service', p_table);
end
$$;

ALTER FUNCTION vigil._create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role, p_writes text[]) OWNER TO postgres;

--
-- Name: FUNCTION _create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role, p_writes text[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role, p_writes text[]) IS 'Creates the policies of a table (members read from p_read, write from p_write, service role all; p_tenant_column null: the vigil-system tenant''s rows). Migrations only.';

--
-- Name: tenants; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.tenants (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    retention_days integer DEFAULT 30 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenants_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT tenants_retention_days_check CHECK (((retention_days >= 1) AND (retention_days <= 3650))),
    CONSTRAINT tenants_slug_check CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text))
);

ALTER TABLE vigil.tenants OWNER TO postgres;

--
-- Name: TABLE tenants; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.tenants IS 'An app or team whose events Vigil keeps apart from every other tenant''s.';

--
-- Name: COLUMN tenants.retention_days; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.tenants.retention_days IS 'Days of raw events kept; maintenance drops whole day partitions past the longest retention.';

--
-- Name: _create_tenant(text, text, uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) RETURNS vigil.tenants
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_tenant vigil.tenants;
  v_admin uuid := coalesce(p_admin, auth.uid());
begin
  if not vigil._caller_is_trusted() then
    if auth.uid() is null then
      raise exception using errcode = '42501', message = 'You must be signed in to create a tenant.';
    end if;
    if p_admin is not null and p_admin <> auth.uid() then
      raise exception using errcode = '42501', message = 'Only the service role can create a tenant for another user.';
    end if;
  end if;
  if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{0,62}$' then
    raise exception using errcode = '22023',
      message = 'slug must be 1 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.';
  end if;
  perform vigil._check_name(p_name, 200);
  if v_admin is not null and not exists (select 1 from auth.users where id = v_admin) then
    raise exception using errcode = 'P0002', message = 'No user has that id.';
  end if;
  insert into vigil.tenants (name, slug) values (p_name, p_slug) returning * into v_tenant;
  if v_admin is not null then
    insert into vigil.members (tenant_id, user_id, role) values (v_tenant.id, v_admin, 'admin');
  end if;
  return v_tenant;
exception when unique_violation then
  raise exception using errcode = '23505', message = format('A tenant with slug %L already exists.', p_slug);
end
$_$;

ALTER FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) OWNER TO postgres;

--
-- Name: FUNCTION _create_tenant(p_name text, p_slug text, p_admin uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) IS 'Creates a tenant and makes p_admin (or the signed-in caller) its admin, after checking who may do so and every argument.';

--
-- Name: _cron_interval_seconds(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._cron_interval_seconds(p_schedule text) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v text := pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(p_schedule, ''), '\s+', ' ', 'g'));
  v_m text[];
begin
  if v ~ '^[0-9]+ seconds?$' then
    return pg_catalog.split_part(v, ' ', 1)::integer;
  elsif v = '* * * * *' then
    return 60;
  elsif v ~ '^\*/[0-9]+ \* \* \* \*$' then
    v_m := pg_catalog.regexp_match(v, '^\*/([0-9]+) ');
    return v_m[1]::integer * 60;
  elsif v ~ '^[0-9]+ \* \* \* \*$' or v = '@hourly' then
    return 3600;
  elsif v ~ '^[0-9]+ \*/[0-9]+ \* \* \*$' then
    v_m := pg_catalog.regexp_match(v, '^[0-9]+ \*/([0-9]+) ');
    return v_m[1]::integer * 3600;
  elsif v ~ '^[0-9]+ [0-9]+ \* \* \*$' or v = '@daily' then
    return 86400;
  elsif v ~ '^[0-9]+ [0-9]+ \* \* [0-9]$' or v = '@weekly' then
    return 604800;
  end if;
  return null;
end
$_$;

ALTER FUNCTION vigil._cron_interval_seconds(p_schedule text) OWNER TO postgres;

--
-- Name: FUNCTION _cron_interval_seconds(p_schedule text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._cron_interval_seconds(p_schedule text) IS 'Seconds between runs of a cron schedule (every minute, */N minutes, hourly, */N hours, daily, weekly, N seconds); null for other expressions.';

--
-- Name: _csv_field(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._csv_field(p_value text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_value is null then ''
              when p_value ~ '[",\r\n]' then '"' || pg_catalog.replace(p_value, '"', '""') || '"'
              else p_value end
$$;

ALTER FUNCTION vigil._csv_field(p_value text) OWNER TO postgres;

--
-- Name: _dashboard_bucket(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) RETURNS interval
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_until - p_since <= interval '1 hour' then interval '1 minute'
              when p_until - p_since <= interval '6 hours' then interval '5 minutes'
              when p_until - p_since <= interval '1 day' then interval '15 minutes'
              else interval '1 hour' end
$$;

ALTER FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) IS 'The series bucket for a window: 1 min up to 1 h, 5 min up to 6 h, 15 min up to 1 day, 1 hour beyond.';

--
-- Name: _dashboard_function(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  select n.nspname::text, p.proname::text into schema_name, function_name
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.oid = pg_catalog.to_regprocedure(p_fn);
  if function_name is null then
    raise exception using errcode = '42883', message = pg_catalog.format('Function %s does not exist.', p_fn);
  end if;
end
$$;

ALTER FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) OWNER TO postgres;

--
-- Name: FUNCTION _dashboard_function(p_fn text, OUT schema_name text, OUT function_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) IS 'The schema and name of a registered dashboard function given by its signature; 42883 when there is none.';

--
-- Name: _dashboard_markers(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_source record;
  v_target record;
  v_rows jsonb;
  v_markers jsonb := '[]'::jsonb;
  v_errors jsonb := '[]'::jsonb;
  v_state text;
  v_msg text;
begin
  for v_source in select m.name, m.fn from vigil.dashboard_markers m order by m.name loop
    begin
      v_target := vigil._dashboard_function(v_source.fn);
      execute pg_catalog.format(
        $q$select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', m.at, 'kind', m.kind, 'label', m.label,
                                                                               'severity', m.severity, 'ref', m.ref, 'source', $4)),
                           '[]'::jsonb)
           from %I.%I($1, $2, $3) m$q$, v_target.schema_name, v_target.function_name)
        into v_rows using p_tenant, p_since, p_until, v_source.name;
      v_markers := v_markers || v_rows;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_errors := v_errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('source', v_source.name, 'error', v_state, 'message', v_msg));
    end;
  end loop;
  return pg_catalog.jsonb_build_object(
    'markers', (select coalesce(pg_catalog.jsonb_agg(x order by x ->> 'at'), '[]'::jsonb) from pg_catalog.jsonb_array_elements(v_markers) x),
    'errors', v_errors);
end
$_$;

ALTER FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'The marks of every vigil.dashboard_markers source, by time; a failing source is listed in errors and left out.';

--
-- Name: _dashboard_registered_cards(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_card record;
  v_target record;
  v_result jsonb;
  v_cards jsonb := '[]'::jsonb;
  v_state text;
  v_msg text;
begin
  for v_card in select c.name, c.fn from vigil.dashboard_cards c order by c.position, c.name loop
    begin
      v_target := vigil._dashboard_function(v_card.fn);
      execute pg_catalog.format('select %I.%I($1, $2, $3)', v_target.schema_name, v_target.function_name)
        into v_result using p_tenant, p_since, p_until;
      if v_result is not null then
        v_cards := v_cards || pg_catalog.jsonb_build_array(v_result);
      end if;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_cards := v_cards || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'name', v_card.name, 'title', v_card.name, 'value', null, 'unit', null, 'status', 'bad',
        'detail', 'this card failed: ' || v_msg, 'error', v_state));
    end;
  end loop;
  return v_cards;
end
$_$;

ALTER FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'The cards of vigil.dashboard_cards, each isolated: a failing one is {"status": "bad", "error": sqlstate, "detail": message}.';

--
-- Name: _default_secret_name(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._default_secret_name(p_type text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case p_type
    when 'email' then 'VIGIL_RESEND_API_KEY'
    when 'slack' then 'VIGIL_SLACK_WEBHOOK_URL'
    when 'sms' then 'VIGIL_TWILIO_AUTH_TOKEN'
    when 'webhook' then 'VIGIL_WEBHOOK_SECRET'
    when 'pagerduty' then 'VIGIL_PAGERDUTY_ROUTING_KEY'
  end
$$;

ALTER FUNCTION vigil._default_secret_name(p_type text) OWNER TO postgres;

--
-- Name: _delete_owned(regclass, anyelement, vigil.member_role, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
begin
  perform vigil._require_owner_of(p_table, p_id, p_min, p_thing);
  execute pg_catalog.format('delete from %s where id = $1', p_table) using p_id;
end
$_$;

ALTER FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) IS 'Deletes row p_id of p_table after vigil._require_owner_of; runs as the caller, so RLS applies.';

--
-- Name: _delete_tenant(uuid, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_tenant vigil.tenants;
  v_batch jsonb;
  v_request vigil.tenant_deletions;
begin
  if p_tenant is null then
    raise exception using errcode = '22023', message = 'A tenant id is required.';
  end if;
  select * into v_tenant from vigil.tenants t where t.id = p_tenant;
  if not vigil._caller_is_trusted() then
    -- A tenant the caller cannot administer and one that does not exist get the same answer.
    perform vigil.require_role(p_tenant, 'admin');
    if p_confirm is null or p_confirm is distinct from v_tenant.slug then
      raise exception using errcode = '22023',
        message = 'Deleting a tenant removes all of its data for good: pass the tenant''s slug as p_confirm to confirm.';
    end if;
  elsif v_tenant.id is null then
    raise exception using errcode = 'P0002', message = 'No tenant has that id.';
  elsif p_confirm is not null and p_confirm <> v_tenant.slug then
    raise exception using errcode = '22023', message = 'p_confirm must be the tenant''s slug, or null.';
  end if;
  if v_tenant.slug = 'vigil-system' then
    raise exception using errcode = '22023',
      message = 'The vigil-system tenant holds Vigil''s own events and cannot be deleted.';
  end if;

  insert into vigil.tenant_deletions (tenant_id, requested_by, requested_role)
  values (p_tenant, auth.uid(), coalesce(auth.role(), session_user::text))
  on conflict (tenant_id) do nothing
  returning * into v_request;
  if v_request.tenant_id is not null then
    perform vigil._audit_tenant_deletion('tenant deletion requested', pg_catalog.jsonb_build_object(
      'tenant_id', v_tenant.id, 'tenant', v_tenant.slug, 'name', v_tenant.name,
      'requested_by', v_request.requested_by, 'requested_role', v_request.requested_role,
      'requested_at', v_request.requested_at));
  end if;

  v_batch := vigil._delete_tenant_batch(p_tenant, 20000);
  return pg_catalog.jsonb_build_object('tenant_id', p_tenant,
    'status', case when (v_batch ->> 'done')::boolean then 'deleted' else 'deleting' end,
    'deleted', v_batch -> 'deleted');
end
$$;

ALTER FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) OWNER TO postgres;

--
-- Name: FUNCTION _delete_tenant(p_tenant uuid, p_confirm text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) IS 'Checks the caller (service role, or an admin of the tenant confirming with its slug), marks the tenant for deletion, audits the request and removes a first batch. Internal: call vigil_api.delete_tenant.';

--
-- Name: _delete_tenant_batch(uuid, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._delete_tenant_batch(p_tenant uuid, p_budget integer) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    SET enable_nestloop TO 'off'
    AS $_$
declare
  v_left integer := p_budget;
  v_deleted jsonb := '{}'::jsonb;
  v_n integer;
  v_table text;
  v_lo timestamptz;
  v_hi timestamptz;
  v_request vigil.tenant_deletions;
  v_tenant vigil.tenants;
begin
  select * into v_tenant from vigil.tenants t where t.id = p_tenant;
  select * into v_request from vigil.tenant_deletions d where d.tenant_id = p_tenant;
  if v_tenant.id is null or v_request.tenant_id is null then
    return pg_catalog.jsonb_build_object('done', true, 'deleted', v_deleted);
  end if;
  -- One fold pass at a time, and none while a tenant's rows go: a pass that began before the mark
  -- committed would otherwise write rollups and error groups for rows being deleted.
  perform 1 from vigil.rollup_state for update;

  foreach v_table in array array['ingest_usage', 'ingest_keys', 'alert_delivery_attempts', 'alert_notifications',
                                 'alert_history', 'heal_runs', 'job_items', 'error_group_seen', 'error_group_states',
                                 'deploy_key_usage', 'deploy_webhook_deliveries', 'deploy_actions', 'deployment_history',
                                 'deployments', 'milestone_times', 'heartbeat_pings', 'incident_updates', 'rollup_deferred'] loop
    loop
      exit when v_left <= 0;
      case v_table
      when 'ingest_usage' then
        delete from vigil.ingest_usage u
        where (u.key_id, u.minute) in (select x.key_id, x.minute from vigil.ingest_usage x
                                       join vigil.ingest_keys k on k.id = x.key_id
                                       where k.tenant_id = p_tenant limit least(v_left, 5000));
      when 'ingest_keys' then
        delete from vigil.ingest_keys k
        where k.id in (select x.id from vigil.ingest_keys x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'alert_delivery_attempts' then
        delete from vigil.alert_delivery_attempts a
        where a.id in (select x.id from vigil.alert_delivery_attempts x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'alert_notifications' then
        delete from vigil.alert_notifications a
        where a.id in (select x.id from vigil.alert_notifications x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'alert_history' then
        delete from vigil.alert_history a
        where a.id in (select x.id from vigil.alert_history x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'heal_runs' then
        delete from vigil.heal_runs a
        where a.id in (select x.id from vigil.heal_runs x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'job_items' then
        delete from vigil.job_items a
        where (a.job_id, a.item_key) in (select x.job_id, x.item_key from vigil.job_items x
                                         where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'error_group_seen' then
        delete from vigil.error_group_seen a
        where a.tenant_id = p_tenant
          and a.fingerprint in (select x.fingerprint from vigil.error_group_seen x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'error_group_states' then
        delete from vigil.error_group_states a
        where a.tenant_id = p_tenant
          and a.fingerprint in (select x.fingerprint from vigil.error_group_states x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'deploy_key_usage' then
        delete from vigil.deploy_key_usage u
        where (u.key_id, u.minute) in (select x.key_id, x.minute from vigil.deploy_key_usage x
                                       join vigil.deploy_keys k on k.id = x.key_id
                                       where k.tenant_id = p_tenant limit least(v_left, 5000));
      when 'deploy_webhook_deliveries' then
        delete from vigil.deploy_webhook_deliveries a
        where (a.target_id, a.webhook_id) in (select x.target_id, x.webhook_id from vigil.deploy_webhook_deliveries x
                                              where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'deploy_actions' then
        delete from vigil.deploy_actions a
        where a.id in (select x.id from vigil.deploy_actions x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'deployment_history' then
        delete from vigil.deployment_history a
        where a.id in (select x.id from vigil.deployment_history x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'deployments' then
        delete from vigil.deployments a
        where a.id in (select x.id from vigil.deployments x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'milestone_times' then
        delete from vigil.milestone_times a
        where (a.tenant_id, a.name, a.actor_type, a.actor) in (select x.tenant_id, x.name, x.actor_type, x.actor from vigil.milestone_times x
                                                              where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'heartbeat_pings' then
        delete from vigil.heartbeat_pings a
        where a.id in (select x.id from vigil.heartbeat_pings x where x.tenant_id = p_tenant limit least(v_left, 5000));
      when 'incident_updates' then
        delete from vigil.incident_updates a
        where a.id in (select x.id from vigil.incident_updates x where x.tenant_id = p_tenant limit least(v_left, 5000));
      else
        delete from vigil.rollup_deferred a where a.tenant_id = p_tenant;
      end case;
      get diagnostics v_n = row_count;
      exit when v_n = 0;
      v_left := v_left - v_n;
      v_deleted := pg_catalog.jsonb_set(v_deleted, array[v_table],
                                        pg_catalog.to_jsonb(coalesce((v_deleted ->> v_table)::bigint, 0) + v_n));
    end loop;
  end loop;

  -- Raw events, one day partition at a time (its bounds prune the scan to it), by primary key.
  for v_lo, v_hi in
    select (pg_catalog.substring(b.expr, $r$FROM \('([^']+)'\)$r$))::timestamptz,
           (pg_catalog.substring(b.expr, $r$TO \('([^']+)'\)$r$))::timestamptz
    from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
    cross join lateral (select pg_catalog.pg_get_expr(c.relpartbound, c.oid) as expr) b
    where i.inhparent = 'vigil.events'::regclass
    order by 1
  loop
    loop
      exit when v_left <= 0;
      delete from vigil.events e
      where e.tenant_id = p_tenant and e.occurred_at >= v_lo and e.occurred_at < v_hi
        and (e.occurred_at, e.id) in (select x.occurred_at, x.id from vigil.events x
                                      where x.tenant_id = p_tenant and x.occurred_at >= v_lo and x.occurred_at < v_hi
                                      limit least(v_left, 5000));
      get diagnostics v_n = row_count;
      exit when v_n = 0;
      v_left := v_left - v_n;
      v_deleted := pg_catalog.jsonb_set(v_deleted, '{events}', pg_catalog.to_jsonb(coalesce((v_deleted ->> 'events')::bigint, 0) + v_n));
    end loop;
  end loop;

  loop
    exit when v_left <= 0;
    delete from vigil.all_rollups r
    where r.tenant_id = p_tenant
      and (r.grain, r.bucket_start, r.kind, r.name) in (select x.grain, x.bucket_start, x.kind, x.name from vigil.all_rollups x
                                                        where x.tenant_id = p_tenant limit least(v_left, 5000));
    get diagnostics v_n = row_count;
    exit when v_n = 0;
    v_left := v_left - v_n;
    v_deleted := pg_catalog.jsonb_set(v_deleted, '{rollups}', pg_catalog.to_jsonb(coalesce((v_deleted ->> 'rollups')::bigint, 0) + v_n));
  end loop;

  -- Add this batch to the running totals.
  update vigil.tenant_deletions d
  set deleted = (select coalesce(pg_catalog.jsonb_object_agg(k.key, k.n), '{}'::jsonb)
                 from (select u.key, pg_catalog.sum(u.value::bigint) n
                       from (select * from pg_catalog.jsonb_each_text(d.deleted)
                             union all select * from pg_catalog.jsonb_each_text(v_deleted)) u
                       group by u.key) k)
  where d.tenant_id = p_tenant
  returning * into v_request;

  if v_left <= 0 then
    return pg_catalog.jsonb_build_object('done', false, 'deleted', v_deleted);
  end if;

  -- Nothing big is left: the tenant row, and with it by cascade its configuration and this request.
  delete from vigil.tenants t where t.id = p_tenant;
  perform vigil._audit_tenant_deletion('tenant deleted', pg_catalog.jsonb_build_object(
    'tenant_id', v_tenant.id, 'tenant', v_tenant.slug, 'name', v_tenant.name,
    'requested_by', v_request.requested_by, 'requested_role', v_request.requested_role,
    'requested_at', v_request.requested_at, 'finished_at', pg_catalog.now(), 'deleted', v_request.deleted));
  return pg_catalog.jsonb_build_object('done', true, 'deleted', v_deleted);
end
$_$;

ALTER FUNCTION vigil._delete_tenant_batch(p_tenant uuid, p_budget integer) OWNER TO postgres;

--
-- Name: FUNCTION _delete_tenant_batch(p_tenant uuid, p_budget integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._delete_tenant_batch(p_tenant uuid, p_budget integer) IS 'Removes up to p_budget rows of a tenant marked in vigil.tenant_deletions (outbox, history, runs, error groups, events by day partition, rollups), then the tenant row and its configuration by cascade. Internal.';

--
-- Name: _deploy_advance(uuid, text, timestamp with time zone, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_advance(p_deployment uuid, p_status text, p_now timestamp with time zone, p_actor text) RETURNS vigil.deployments
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  t vigil.deploy_targets;
begin
  select * into d from vigil.deployments where id = p_deployment;
  select * into t from vigil.deploy_targets where id = d.target_id;
  if d.status = p_status or (p_status = 'building') or (p_status = 'ready' and d.status <> 'building') then
    return d;
  end if;
  d := vigil._deploy_move(d.id, p_status, p_now, p_actor);
  -- Without smoke checks there is nothing to wait for: a ready deployment is watched at once.
  if d.status = 'ready' and pg_catalog.jsonb_array_length(t.smoke_checks) = 0 then
    d := vigil._deploy_move(d.id, 'watching', p_now, p_actor, 'no smoke checks');
  elsif d.status = 'ready' and t.config ? 'base_url' then
    -- The deploy function runs the checks (the webhook-only path, without CI).
    insert into vigil.deploy_actions (tenant_id, target_id, deployment_id, kind, next_attempt_at, created_at)
    values (d.tenant_id, d.target_id, d.id, 'smoke', p_now, p_now);
  end if;
  -- A newer deployment going live replaces an older one still being built, tested or watched, or one
  -- that failed and stays there. The healthy one stays the rollback target until this one is healthy.
  if d.status in ('ready', 'watching') then
    update vigil.deployments o set status = 'superseded', status_since = p_now
    where o.target_id = d.target_id and o.id <> d.id and o.created_at < d.created_at
      and o.status in ('building', 'ready', 'smoke_testing', 'watching', 'smoke_failed', 'regressed', 'rollback_failed');
  end if;
  return d;
end
$$;

ALTER FUNCTION vigil._deploy_advance(p_deployment uuid, p_status text, p_now timestamp with time zone, p_actor text) OWNER TO postgres;

--
-- Name: _deploy_alert(uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_alert(p_target uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  t vigil.deploy_targets;
  v_rule uuid;
  v_alert uuid;
begin
  select * into t from vigil.deploy_targets where id = p_target;
  insert into vigil.alert_rules (tenant_id, name, description, metric, event_name, comparator, threshold, time_window,
                                 severity, enabled, labels)
  values (t.tenant_id, 'Deployments (Vigil)', 'Carries deployment notifications (transitions, rollbacks); never evaluated.', 'count',
          'vigil.deployments', 'gt', 0, interval '15 minutes', 'critical', false, '{"source": "deployments"}')
  on conflict (tenant_id, name) do update set name = excluded.name
  returning id into v_rule;
  insert into vigil.alerts (tenant_id, rule_id, dedup_key, labels, state, state_since)
  values (t.tenant_id, v_rule, 'deploy-' || t.id::text, pg_catalog.jsonb_build_object('target', t.name, 'environment', t.environment),
          'ok', pg_catalog.now())
  on conflict (rule_id, dedup_key) do update set labels = excluded.labels
  returning id into v_alert;
  return v_alert;
end
$$;

ALTER FUNCTION vigil._deploy_alert(p_target uuid) OWNER TO postgres;

--
-- Name: FUNCTION _deploy_alert(p_target uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._deploy_alert(p_target uuid) IS 'The alert series that carries a target''s deployment notifications, made on first use.';

--
-- Name: deploy_targets; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deploy_targets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    provider text NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    secret_name text,
    webhook_secret_name text,
    environment text DEFAULT 'production'::text NOT NULL,
    smoke_checks jsonb DEFAULT '[]'::jsonb NOT NULL,
    auto_rollback boolean DEFAULT false NOT NULL,
    watch_window interval DEFAULT '00:15:00'::interval NOT NULL,
    rollback_cooldown interval DEFAULT '00:30:00'::interval NOT NULL,
    max_rollbacks_per_day integer DEFAULT 3 NOT NULL,
    watch_rule_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    notify_channel_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT deploy_targets_config_check CHECK ((jsonb_typeof(config) = 'object'::text)),
    CONSTRAINT deploy_targets_environment_check CHECK (((length(environment) >= 1) AND (length(environment) <= 100))),
    CONSTRAINT deploy_targets_max_rollbacks_per_day_check CHECK (((max_rollbacks_per_day >= 0) AND (max_rollbacks_per_day <= 100))),
    CONSTRAINT deploy_targets_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT deploy_targets_provider_check CHECK ((provider = ANY (ARRAY['vercel'::text, 'netlify'::text, 'webhook'::text, 'none'::text]))),
    CONSTRAINT deploy_targets_rollback_cooldown_check CHECK ((rollback_cooldown >= '00:00:00'::interval)),
    CONSTRAINT deploy_targets_secret_name_check CHECK ((secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'::text)),
    CONSTRAINT deploy_targets_smoke_checks_check CHECK ((jsonb_typeof(smoke_checks) = 'array'::text)),
    CONSTRAINT deploy_targets_watch_window_check CHECK (((watch_window > '00:00:00'::interval) AND (watch_window <= '1 day'::interval))),
    CONSTRAINT deploy_targets_webhook_secret_name_check CHECK ((webhook_secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'::text))
);

ALTER TABLE vigil.deploy_targets OWNER TO postgres;

--
-- Name: TABLE deploy_targets; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deploy_targets IS 'Where a tenant deploys (a Vercel or Netlify project, a webhook, or nothing to call): the provider''s ids, the name of the secret holding its token (never the token), smoke checks and the auto-rollback policy.';

--
-- Name: COLUMN deploy_targets.config; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.config IS 'Non-secret provider settings: vercel {project_id, team_id?}; netlify {site_id}; webhook {url}; none {}. Any of them may add base_url, the site smoke checks run against.';

--
-- Name: COLUMN deploy_targets.secret_name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.secret_name IS 'Name of the env var or Vault secret holding the provider token (Vercel, Netlify) or the webhook signing secret.';

--
-- Name: COLUMN deploy_targets.webhook_secret_name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.webhook_secret_name IS 'Name of the secret Vercel signs its webhooks with, for POST /deploy/hooks/vercel.';

--
-- Name: COLUMN deploy_targets.smoke_checks; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.smoke_checks IS 'Checks run after each deploy: [{name, path, status?, text?, json_path?, equals?, version?}]; version: true compares the answer with the deployed commit.';

--
-- Name: COLUMN deploy_targets.rollback_cooldown; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.rollback_cooldown IS 'No automatic rollback of the target within this long of the previous one: a rollback that does not help is not repeated in a loop.';

--
-- Name: COLUMN deploy_targets.watch_rule_ids; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.watch_rule_ids IS 'Alert rules whose firing after a deploy went live (within watch_window) blames that deploy.';

--
-- Name: COLUMN deploy_targets.notify_channel_ids; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_targets.notify_channel_ids IS 'Alert channels that hear of every transition that matters (through the alert outbox).';

--
-- Name: _deploy_breach(vigil.deployments, vigil.deploy_targets, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    case when d.smoke_passed = false then 'a smoke check failed' end,
    (select pg_catalog.format('rule %s fired at %s', r.name, pg_catalog.to_char(h.at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'))
     from vigil.alert_history h join vigil.alert_rules r on r.id = h.rule_id
     where h.tenant_id = d.tenant_id and h.rule_id = any (t.watch_rule_ids) and h.to_state = 'firing'
       and h.from_state is distinct from 'firing'
       and h.at >= d.live_at and h.at <= least(p_now, d.live_at + t.watch_window)
     order by h.at limit 1))
$$;

ALTER FUNCTION vigil._deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: _deploy_key_target(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_key_target(p_key text) RETURNS vigil.deploy_targets
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  k vigil.deploy_keys;
  t vigil.deploy_targets;
begin
  select * into k from vigil.deploy_keys where id = vigil._find_key('vigil.deploy_keys', p_key, 'deploy key');
  perform vigil._spend_key_budget('vigil.deploy_key_usage', k.id, 1, k.reports_per_minute, 'deploy key', 'reports');
  select * into t from vigil.deploy_targets where id = k.target_id;
  return t;
end
$$;

ALTER FUNCTION vigil._deploy_key_target(p_key text) OWNER TO postgres;

--
-- Name: _deploy_move(uuid, text, timestamp with time zone, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text DEFAULT NULL::text, p_note text DEFAULT NULL::text) RETURNS vigil.deployments
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  v_from text;
begin
  select * into d from vigil.deployments where id = p_deployment for update;
  v_from := d.status;
  if d.id is null then
    raise exception using errcode = 'P0002', message = 'No deployment has that id.';
  end if;
  if d.status = p_to then
    return d;
  end if;
  if not p_to = any (vigil._deploy_next(d.status)) then
    raise exception using errcode = 'PT409',
      message = pg_catalog.format('A deployment that is %s cannot become %s.', pg_catalog.replace(d.status, '_', ' '), pg_catalog.replace(p_to, '_', ' '));
  end if;
  update vigil.deployments
  set status = p_to, status_since = p_now,
      live_at = case when p_to = 'ready' then coalesce(live_at, p_now) else live_at end,
      healthy_at = case when p_to = 'healthy' then p_now else healthy_at end,
      reason = coalesce(p_note, reason)
  where id = d.id
  returning * into d;
  insert into vigil.deployment_history (tenant_id, deployment_id, from_status, to_status, at, actor, note)
  values (d.tenant_id, d.id, v_from, p_to, p_now, p_actor, p_note);
  if p_to in ('build_failed', 'smoke_failed', 'regressed', 'rolling_back', 'rolled_back', 'rollback_failed', 'healthy') then
    perform vigil._deploy_notify(d.id, p_to, case when p_to in ('rolled_back', 'healthy') then 'info'
                                                   when p_to = 'rolling_back' then 'warning' else 'critical' end,
      pg_catalog.format('Deployment %s of %s is %s%s', coalesce(d.version, d.external_id), (select t.name from vigil.deploy_targets t where t.id = d.target_id),
                        pg_catalog.replace(p_to, '_', ' '), coalesce(': ' || p_note, '.')), p_now);
  end if;
  return d;
end
$$;

ALTER FUNCTION vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text) OWNER TO postgres;

--
-- Name: FUNCTION _deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text) IS 'Moves a deployment to p_to if vigil._deploy_next allows it (PT409 otherwise; the same status is a no-op), records the history and notifies.';

--
-- Name: _deploy_next(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_next(p_from text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case p_from
    when 'building' then '{ready,build_failed,superseded}'
    when 'ready' then '{smoke_testing,watching,smoke_failed,rolling_back,superseded}'
    when 'smoke_testing' then '{watching,smoke_failed,superseded}'
    when 'watching' then '{healthy,regressed,rolling_back,superseded}'
    when 'healthy' then '{rolling_back,superseded}'
    when 'smoke_failed' then '{rolling_back,superseded}'
    when 'regressed' then '{rolling_back,superseded}'
    when 'rolling_back' then '{rolled_back,rollback_failed}'
    when 'rollback_failed' then '{rolling_back,superseded}'
    else '{}'
  end::text[]
$$;

ALTER FUNCTION vigil._deploy_next(p_from text) OWNER TO postgres;

--
-- Name: FUNCTION _deploy_next(p_from text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._deploy_next(p_from text) IS 'The statuses a deployment in p_from may move to; build_failed, rolled_back and superseded are final.';

--
-- Name: _deploy_notify(uuid, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  t vigil.deploy_targets;
  a vigil.alerts;
  v_alert uuid;
  v_payload jsonb;
  v_count integer := 0;
  v_more integer;
begin
  select * into d from vigil.deployments where id = p_deployment;
  select * into t from vigil.deploy_targets where id = d.target_id;
  if pg_catalog.cardinality(t.notify_channel_ids) = 0 then
    return 0;
  end if;
  v_alert := vigil._deploy_alert(t.id);
  select * into a from vigil.alerts where id = v_alert for update;
  -- The alert payload's shape (what every channel renders), with the deployment's own facts.
  v_payload := pg_catalog.jsonb_build_object(
    'kind', case when p_severity = 'info' then 'resolved' else 'firing' end, 'state', p_event, 'alert_id', a.id,
    'tenant_id', d.tenant_id, 'tenant', (select x.slug from vigil.tenants x where x.id = d.tenant_id),
    'rule_id', a.rule_id, 'rule', pg_catalog.format('Deploy %s %s', t.name, coalesce(d.version, d.external_id, d.id::text)),
    'description', p_text, 'severity', p_severity, 'metric', 'deployment', 'unit', null, 'comparator', 'eq', 'threshold', 0,
    'value', null, 'window', t.watch_window::text, 'event_count', null,
    'labels', pg_catalog.jsonb_build_object('target', t.name, 'environment', d.environment, 'status', d.status, 'event', p_event),
    'dedup_key', a.dedup_key, 'firing_since', null, 'at', p_now, 'runbook_url', null, 'actor', null,
    'deployment', pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'version', d.version, 'commit', d.commit_sha,
                                                'url', d.url, 'status', d.status, 'rollback_to', d.rollback_to));
  insert into vigil.alert_notifications (tenant_id, alert_id, rule_id, channel_id, kind, seq, dedup_key, payload, next_attempt_at, created_at)
  select a.tenant_id, a.id, a.rule_id, c.id, v_payload ->> 'kind', a.notify_seq + 1, a.dedup_key, v_payload || pg_catalog.jsonb_build_object('channel', c.name),
         p_now, p_now
  from vigil.alert_channels c
  where c.tenant_id = d.tenant_id and c.id = any (t.notify_channel_ids) and c.enabled;
  get diagnostics v_count = row_count;
  -- PagerDuty also keeps a change timeline: each transition is a change event there too.
  insert into vigil.alert_notifications (tenant_id, alert_id, rule_id, channel_id, kind, seq, dedup_key, payload, next_attempt_at, created_at)
  select a.tenant_id, a.id, a.rule_id, c.id, v_payload ->> 'kind', a.notify_seq + 2, a.dedup_key,
         v_payload || pg_catalog.jsonb_build_object('channel', c.name, 'change_event', true), p_now, p_now
  from vigil.alert_channels c
  where c.tenant_id = d.tenant_id and c.id = any (t.notify_channel_ids) and c.enabled and c.type = 'pagerduty';
  get diagnostics v_more = row_count;
  update vigil.alerts set notify_seq = notify_seq + 2, last_notified_at = p_now where id = a.id;
  return v_count + v_more;
end
$$;

ALTER FUNCTION vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone) IS 'Enqueues one notification per notify channel of the deployment''s target (and a PagerDuty change event for PagerDuty channels) in the alert outbox.';

--
-- Name: _deploy_smoke_checks(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_smoke_checks(p_key text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t vigil.deploy_targets := vigil._deploy_key_target(p_key);
begin
  return pg_catalog.jsonb_build_object('target', t.name, 'environment', t.environment, 'checks', t.smoke_checks,
                                       'base_url', t.config ->> 'base_url');
end
$$;

ALTER FUNCTION vigil._deploy_smoke_checks(p_key text) OWNER TO postgres;

--
-- Name: _deploy_targets_check(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._deploy_targets_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_check jsonb;
begin
  case new.provider
    when 'vercel' then
      if pg_catalog.jsonb_typeof(new.config -> 'project_id') is distinct from 'string' then
        raise exception using errcode = '22023', message = 'config.project_id is required for a Vercel target (the prj_... id).';
      end if;
    when 'netlify' then
      if pg_catalog.jsonb_typeof(new.config -> 'site_id') is distinct from 'string' then
        raise exception using errcode = '22023', message = 'config.site_id is required for a Netlify target.';
      end if;
    when 'webhook' then
      if pg_catalog.jsonb_typeof(new.config -> 'url') is distinct from 'string' then
        raise exception using errcode = '22023', message = 'config.url is required for a webhook target.';
      end if;
      perform vigil._check_outbound_url(new.config ->> 'url', 'channel', 'config.url');
    else
      null;
  end case;
  if new.provider in ('vercel', 'netlify', 'webhook') and new.secret_name is null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('secret_name is required for a %s target: the name of the secret holding its token.', new.provider);
  end if;
  if new.config ? 'base_url' then
    perform vigil._check_outbound_url(new.config ->> 'base_url', 'monitor', 'config.base_url');
  end if;
  for v_check in select * from pg_catalog.jsonb_array_elements(new.smoke_checks) loop
    if pg_catalog.jsonb_typeof(v_check) <> 'object' or pg_catalog.jsonb_typeof(v_check -> 'name') is distinct from 'string' then
      raise exception using errcode = '22023', message = 'smoke_checks: each check is an object with a name.';
    end if;
    if v_check ? 'url' then
      perform vigil._check_outbound_url(v_check ->> 'url', 'monitor', 'smoke_checks.url');
    end if;
  end loop;
  return new;
end
$$;

ALTER FUNCTION vigil._deploy_targets_check() OWNER TO postgres;

--
-- Name: FUNCTION _deploy_targets_check(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._deploy_targets_check() IS 'Trigger: a target''s provider settings, secret name, smoke checks and URLs are checked however the row is written.';

--
-- Name: _enqueue_rollback(uuid, uuid, timestamp with time zone, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamp with time zone, p_actor text, p_reason text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  v_to vigil.deployments;
  v_action bigint;
begin
  select * into d from vigil.deployments where id = p_deployment;
  select * into v_to from vigil.deployments where id = coalesce(p_to, vigil._last_good_deployment(d.target_id));
  if v_to.id is null then
    raise exception using errcode = 'P0002', message = 'There is no earlier good deployment of this target to roll back to.';
  end if;
  if v_to.target_id <> d.target_id or v_to.environment <> d.environment or v_to.id = d.id then
    raise exception using errcode = '22023', message = 'A rollback goes to another deployment of the same target and environment.';
  end if;
  if v_to.healthy_at is null then
    raise exception using errcode = '22023', message = 'A rollback goes to a deployment that was healthy.';
  end if;
  perform vigil._deploy_move(d.id, 'rolling_back', p_now, p_actor, p_reason);
  update vigil.deployments set rollback_to = v_to.id where id = d.id;
  begin
    insert into vigil.deploy_actions (tenant_id, target_id, deployment_id, kind, to_deployment_id, reason, next_attempt_at, created_at)
    values (d.tenant_id, d.target_id, d.id, 'rollback', v_to.id, p_reason, p_now, p_now)
    returning id into v_action;
  exception when unique_violation then
    raise exception using errcode = 'PT409', message = 'A rollback of this target is already pending.';
  end;
  return v_action;
end
$$;

ALTER FUNCTION vigil._enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamp with time zone, p_actor text, p_reason text) OWNER TO postgres;

--
-- Name: _ensure_partition(date); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._ensure_partition(p_day date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_name text := vigil._partition_name(p_day);
begin
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.events partitions'));
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  execute pg_catalog.format(
    'create table vigil.%I partition of vigil.events for values from (%L) to (%L)',
    v_name, (p_day::timestamp at time zone 'UTC'), ((p_day + 1)::timestamp at time zone 'UTC'));
  execute pg_catalog.format('alter table vigil.%I enable row level security', v_name);
  execute pg_catalog.format(
    'create policy partition_only_through_events on vigil.%I for all to public using (false) with check (false)', v_name);
  return true;
end
$$;

ALTER FUNCTION vigil._ensure_partition(p_day date) OWNER TO postgres;

--
-- Name: FUNCTION _ensure_partition(p_day date); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._ensure_partition(p_day date) IS 'Creates the events partition for one UTC day if missing, with RLS on and a deny-all policy (read it through vigil.events); true when it created one.';

--
-- Name: _error_events(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(id bigint, occurred_at timestamp with time zone, kind text, name text, error_type text, error_message text, fingerprint text, release text, user_id text, session_id text, stack text, attributes jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select e.id, e.occurred_at, e.kind::text, e.name::text, e.error_type, e.error_message, e.error_group,
         e.release, e.user_id, e.session_id, e.attributes ->> 'stack', e.attributes
  from vigil.events_derived e
  where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until and e.is_error;
$$;

ALTER FUNCTION vigil._error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: _event_fields(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._event_fields() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select array['kind', 'name', 'occurred_at', 'duration_ms', 'value', 'success', 'status_code', 'error_type',
                   'error_message', 'fingerprint', 'user_id', 'session_id', 'trace_id', 'release', 'environment',
                   'source', 'attributes'] $$;

ALTER FUNCTION vigil._event_fields() OWNER TO postgres;

--
-- Name: FUNCTION _event_fields(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._event_fields() IS 'The fields an event may have; any other is rejected by name.';

--
-- Name: _event_kinds(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._event_kinds() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select array['operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital', 'milestone', 'cache',
                   'fallback', 'log', 'db_metric', 'custom'] $$;

ALTER FUNCTION vigil._event_kinds() OWNER TO postgres;

--
-- Name: FUNCTION _event_kinds(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._event_kinds() IS 'The event kinds ingest accepts.';

--
-- Name: _exact_stats(uuid, timestamp with time zone, timestamp with time zone, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) RETURNS TABLE(kind text, name text, count bigint, errors bigint, avg_ms double precision, p50_ms double precision, p95_ms double precision, p99_ms double precision, min_ms double precision, max_ms double precision, error_types jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
  select e.kind::text, e.name::text, pg_catalog.count(*), pg_catalog.count(*) filter (where not e.success),
         pg_catalog.avg(e.duration_ms),
         pg_catalog.percentile_disc(0.50) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.95) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.99) within group (order by e.duration_ms),
         pg_catalog.min(e.duration_ms), pg_catalog.max(e.duration_ms),
         coalesce((select pg_catalog.jsonb_object_agg(t.error_type, t.n) from (
            select coalesce(x.error_type, 'unknown') error_type, pg_catalog.count(*) n from vigil.events x
            where x.tenant_id = p_tenant and x.kind = e.kind and x.name = e.name and not x.success
              and x.occurred_at >= p_since and x.occurred_at < p_until
            group by 1) t), '{}'::jsonb)
  from vigil.events e
  where vigil.has_role(p_tenant, 'viewer')
    and e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
    and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
  group by e.kind, e.name
$$;

ALTER FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) OWNER TO postgres;

--
-- Name: FUNCTION _exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) IS 'operation_stats over raw rows with exact percentile_disc quantiles; returns nothing to a caller who is not a viewer of the tenant.';

--
-- Name: _export(uuid, timestamp with time zone, timestamp with time zone, text, text, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_after_at timestamptz;
  v_after_id bigint;
  v_rows jsonb;
  v_count integer;
  v_csv text;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_cursor is not null then
    begin
      v_after_at := pg_catalog.split_part(p_cursor, '|', 1)::timestamptz;
      v_after_id := pg_catalog.split_part(p_cursor, '|', 2)::bigint;
    exception when others then
      raise exception using errcode = '22023', message = 'cursor is not one this function returned.';
    end;
  end if;
  -- Keyset paging on (occurred_at, id): stable under concurrent inserts, no offset to rescan.
  select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) order by x.occurred_at, x.id), pg_catalog.count(*)::integer
  into v_rows, v_count
  from (
    select e.id, e.kind::text kind, e.name::text name, e.occurred_at, e.received_at, e.duration_ms, e.value, e.success,
           e.status_code, e.error_type, e.error_message, e.fingerprint, e.user_id, e.session_id, e.trace_id,
           e.release, e.environment, e.source, e.attributes
    from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
      and (v_after_at is null or (e.occurred_at, e.id) > (v_after_at, v_after_id))
    order by e.occurred_at, e.id
    limit p_limit
  ) x;
  v_rows := coalesce(v_rows, '[]'::jsonb);
  if v_count = p_limit then
    select (v_rows -> (v_count - 1) ->> 'occurred_at') || '|' || (v_rows -> (v_count - 1) ->> 'id') into v_csv;
  else
    v_csv := null;
  end if;
  if p_format = 'json' then
    return pg_catalog.jsonb_build_object('format', 'json', 'count', v_count, 'next_cursor', v_csv, 'data', v_rows);
  end if;
  return pg_catalog.jsonb_build_object('format', 'csv', 'count', v_count, 'next_cursor', v_csv, 'data',
    case when p_cursor is null
         then 'id,kind,name,occurred_at,received_at,duration_ms,value,success,status_code,error_type,error_message,fingerprint,user_id,session_id,trace_id,release,environment,source,attributes' || E'\n'
         else '' end
    || coalesce((select pg_catalog.string_agg(
         pg_catalog.concat_ws(',', r ->> 'id', vigil._csv_field(r ->> 'kind'), vigil._csv_field(r ->> 'name'),
           r ->> 'occurred_at', r ->> 'received_at', r ->> 'duration_ms', r ->> 'value', r ->> 'success', r ->> 'status_code',
           vigil._csv_field(r ->> 'error_type'), vigil._csv_field(r ->> 'error_message'), vigil._csv_field(r ->> 'fingerprint'),
           vigil._csv_field(r ->> 'user_id'), vigil._csv_field(r ->> 'session_id'), vigil._csv_field(r ->> 'trace_id'),
           vigil._csv_field(r ->> 'release'), vigil._csv_field(r ->> 'environment'), vigil._csv_field(r ->> 'source'),
           vigil._csv_field(r ->> 'attributes')) || E'\n', '' order by o)
       from pg_catalog.jsonb_array_elements(v_rows) with ordinality a(r, o)), ''));
end
$$;

ALTER FUNCTION vigil._export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) OWNER TO postgres;

--
-- Name: _fallback_stats(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(name text, layer text, fallbacks bigint, fallback_successes bigint, operations bigint, fallback_rate double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  return query
  with f as (
    select e.name::text name, e.attributes ->> 'layer' layer, pg_catalog.count(*) n,
           pg_catalog.count(*) filter (where e.success) ok
    from vigil.events e
    where e.tenant_id = p_tenant and e.kind = 'fallback' and e.occurred_at >= p_since and e.occurred_at < p_until
    group by 1, 2
  ), ops as (
    select s.name, s.count from vigil._rollup_stats(p_tenant, p_since, p_until, 'operation', null, null, true) s
    where s.name in (select f.name from f)
  )
  select f.name, f.layer, f.n, f.ok, coalesce(o.count, 0),
         case when o.count > 0 then f.n::float8 / o.count end
  from f left join ops o on o.name = f.name
  order by f.n desc, f.name, f.layer;
end
$$;

ALTER FUNCTION vigil._fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: _find_key(regclass, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._find_key(p_table regclass, p_key text, p_thing text) RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_hash bytea := vigil._hash_key(coalesce(p_key, ''));
  v_id uuid;
  v_enabled boolean;
begin
  execute pg_catalog.format($f$
    select id, enabled from %s
    where key_hash = $1 or (previous_key_hash = $1 and previous_valid_until > pg_catalog.now())$f$, p_table)
    into v_id, v_enabled using v_hash;
  if v_id is null then
    raise exception using errcode = 'PT401', message = pg_catalog.format('Unknown %s.', p_thing),
      hint = pg_catalog.format('Check the key; create one with vigil_api.create_%s.', pg_catalog.replace(p_thing, ' ', '_'));
  end if;
  if not v_enabled then
    raise exception using errcode = 'PT401', message = pg_catalog.format('This %s is disabled.', p_thing);
  end if;
  return v_id;
end
$_$;

ALTER FUNCTION vigil._find_key(p_table regclass, p_key text, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _find_key(p_table regclass, p_key text, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._find_key(p_table regclass, p_key text, p_thing text) IS 'The id of the key of table p_table whose hash p_key has (or had, within a rotation''s grace); PT401 when there is none or it is disabled.';

--
-- Name: _first_key(jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._first_key(p_object jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select pg_catalog.min(k collate "C") from pg_catalog.jsonb_object_keys(p_object) k $$;

ALTER FUNCTION vigil._first_key(p_object jsonb) OWNER TO postgres;

--
-- Name: _fold_day(timestamp with time zone, timestamp with time zone, timestamp with time zone, bigint, xid8, xid8, uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    SET jit TO 'off'
    SET enable_mergejoin TO 'off'
    SET enable_nestloop TO 'off'
    AS $$
declare
  v_lo timestamptz := p_lo;
  v_hi timestamptz := p_hi;
  v_mfrom timestamptz := p_mfrom;
  v_midx integer;
begin
  -- The first minute of the day (0..1440) that gets minute rows.
  v_midx := case when v_mfrom <= v_lo then 0 when v_mfrom >= v_hi then 1440
                 else pg_catalog.ceil(pg_catalog.date_part('epoch', v_mfrom - v_lo) / 60)::integer end;
  with fresh as materialized (
    -- An error's group (null for other events) and release are for vigil.error_group_seen.
    select e.tenant_id, e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type, e.hist_key as hk,
           e.error_group as fp, e.release, e.user_id, e.session_id, e.value, e.value_key as vk
    from vigil.events_derived e
    where e.occurred_at >= v_lo and e.occurred_at < v_hi
      and e.id > p_floor
      and pg_catalog.age(e.inserted_by) > pg_catalog.age(p_to::xid)
      and (p_from is null or pg_catalog.age(e.inserted_by) <= pg_catalog.age(p_from::xid))
      and (p_tenant is null or e.tenant_id = p_tenant)
      -- Rows of a tenant that is gone, or leaving (see vigil.delete_tenant), are never folded: they
      -- would recreate what the deletion removes, and error groups refer to their tenant.
      and e.tenant_id in (select t.id from vigil.tenants t
                          where not exists (select 1 from vigil.tenant_deletions d where d.tenant_id = t.id))
  ), names as (
    select distinct f.tenant_id, f.kind, f.name from fresh f
  ), series as materialized (
    -- A series per (tenant, kind, name), and one per (tenant, kind) over all its names (name '',
    -- vigil.kind_rollups); ksid is the kind's series ('' sorts first), each kind's own included.
    select d.tenant_id, d.kind, d.name, d.sid,
           pg_catalog.first_value(d.sid) over (partition by d.tenant_id, d.kind order by d.name) ksid
    from (select x.*, pg_catalog.row_number() over () sid
          from (select * from names
                union all select distinct n.tenant_id, n.kind, ''::text collate "C" from names n) x) d
  ), packed as materialized (
    -- One bigint per event: series, minute of the day (0..1439, 11 bits) and histogram key.
    select ((r.sid << 11) + pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / 60)::bigint) << 17
             | coalesce(f.hk + 32768, 65536) k,
           f.duration_ms, f.success
    from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
  ), k1 as materialized (
    -- Events are added up once, per series, minute and key, from v_midx on (minute rows; none for
    -- the kinds: a kind's series is read in 5-minute buckets or coarser, its edges raw).
    select p.k, pg_catalog.count(*)::integer n, (pg_catalog.count(*) filter (where not p.success))::integer fl,
           pg_catalog.count(p.duration_ms)::integer tm, coalesce(pg_catalog.sum(p.duration_ms), 0) sm,
           pg_catalog.min(p.duration_ms) mn, pg_catalog.max(p.duration_ms) mx
    from packed p where ((p.k >> 17) & 2047) >= v_midx group by 1
  ), k5n as materialized (
    -- 5-minute rows from the minute rows, and straight from the events before v_midx (a backlog's
    -- older events are not grouped by minute for nothing). The bucket index of a coarser grain is
    -- the finer one divided by the ratio of their widths.
    select (((u.k >> 17) - ((u.k >> 17) & 2047) + ((u.k >> 17) & 2047) / 5) << 17) | (u.k & 131071) k,
           pg_catalog.sum(u.n)::integer n, pg_catalog.sum(u.fl)::integer fl, pg_catalog.sum(u.tm)::integer tm,
           pg_catalog.sum(u.sm) sm, pg_catalog.min(u.mn) mn, pg_catalog.max(u.mx) mx
    from (select * from k1
          union all
          select p.k, 1, (not p.success)::integer, (p.duration_ms is not null)::integer, coalesce(p.duration_ms, 0),
                 p.duration_ms, p.duration_ms
          from packed p where ((p.k >> 17) & 2047) < v_midx) u
    group by 1
  ), k5 as materialized (
    -- With the kinds' 5-minute rows: their names' rows added up (the series is the top bits, << 28);
    -- the coarser grains follow from these.
    select * from k5n
    union all
    select (r.ksid << 28) | (k.k & 268435455), pg_catalog.sum(k.n)::integer, pg_catalog.sum(k.fl)::integer,
           pg_catalog.sum(k.tm)::integer, pg_catalog.sum(k.sm), pg_catalog.min(k.mn), pg_catalog.max(k.mx)
    from k5n k join series r on r.sid = k.k >> 28 group by 1
  ), k15 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 3) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k5 k group by 1
  ), k60 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 4) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k15 k group by 1
  ), k360 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 6) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k60 k group by 1
  ), keyed as (
    -- Every grain's keys in histogram order (k orders them: its low bits are the key plus 32768,
    -- 65536 for events without a duration, which sort last), each with its position among the
    -- row's keys, the count of its coarse bucket (key >> 4, see vigil._hist_coarse) and whether it
    -- opens that coarse bucket. One sort serves both windows.
    select x.grain, x.k >> 17 g, x.k & 131071 hkc, x.ck, x.n, x.fl, x.tm, x.sm, x.mn, x.mx,
           pg_catalog.row_number() over w i, pg_catalog.lag(x.ck) over w is distinct from x.ck first,
           pg_catalog.sum(x.n) over (partition by x.grain, x.k >> 17, x.ck)::integer cn
    from (select y.*, (((y.k & 131071) - 32768) >> 4)::smallint ck
          from (select 1::smallint grain, k.* from k1 k
                union all select 5::smallint, k.* from k5 k
                union all select 15::smallint, k.* from k15 k
                union all select 60::smallint, k.* from k60 k
                union all select 360::smallint, k.* from k360 k) y) x
    window w as (partition by x.grain, x.k >> 17 order by x.ck, x.k)
  ), rolled as (
    -- The aggregates read the keys in the order the window sorted them, so each array comes out
    -- sorted by key without a sort of its own per row (test 610 checks every array against the
    -- raw events).
    select k.grain, k.g, pg_catalog.sum(k.n)::bigint c, pg_catalog.sum(k.fl)::bigint er,
           pg_catalog.sum(k.tm)::bigint tm, pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx,
           coalesce(pg_catalog.array_agg((k.hkc - 32768)::smallint) filter (where k.hkc < 65536), '{}') keys,
           coalesce(pg_catalog.array_agg(k.n) filter (where k.hkc < 65536), '{}') counts,
           coalesce(pg_catalog.array_agg(k.ck) filter (where k.hkc < 65536 and k.first), '{}') ckeys,
           coalesce(pg_catalog.array_agg(k.cn) filter (where k.hkc < 65536 and k.first), '{}') ccounts,
           coalesce(pg_catalog.array_agg(k.i::integer) filter (where k.hkc < 65536 and k.first), '{}') cstarts,
           coalesce(pg_catalog.array_agg((k.hkc - 32768)::smallint) filter (where k.hkc < 65536 and k.fl > 0), '{}') fkeys,
           coalesce(pg_catalog.array_agg(k.fl) filter (where k.hkc < 65536 and k.fl > 0), '{}') fcounts
    from keyed k group by 1, 2
  ), errs as (
    select x.grain, x.g, pg_catalog.jsonb_object_agg(x.t, x.n) types
    from (select w.grain, (s.id << 11) + pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / w.secs)::bigint g,
                 coalesce(f.error_type, 'unknown') t, pg_catalog.count(*) n
          from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
          cross join lateral (values (r.sid), (r.ksid)) s(id)
          cross join (values (1::smallint, 60), (5::smallint, 300), (15::smallint, 900), (60::smallint, 3600),
                             (360::smallint, 21600)) w(grain, secs)
          where not f.success and (w.grain > 1 or (f.occurred_at >= v_mfrom and s.id = r.sid)) group by 1, 2, 3) x
    group by 1, 2
  ), vals as (
    -- Values: only events that carry one (few next to all), grouped once per series, minute and value
    -- key, then into every grain's buckets at once (a grain's bucket index is the minute divided by
    -- its width), the kinds' series from 5 minutes up as for errs; per row the totals and the
    -- histogram sorted by key.
    select v.grain, v.g, pg_catalog.sum(v.n)::bigint vn, pg_catalog.sum(v.sm) vs, pg_catalog.min(v.mn) vmn,
           pg_catalog.max(v.mx) vmx, pg_catalog.array_agg(v.vk order by v.vk) vkeys, pg_catalog.array_agg(v.n order by v.vk) vcounts
    from (select w.grain, (s.id << 11) + m.m / w.grain g, m.vk, pg_catalog.sum(m.n)::integer n, pg_catalog.sum(m.sm) sm,
                 pg_catalog.min(m.mn) mn, pg_catalog.max(m.mx) mx
          from (select r.sid, r.ksid, pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / 60)::bigint m, f.vk,
                       pg_catalog.count(*) n, pg_catalog.sum(f.value) sm, pg_catalog.min(f.value) mn, pg_catalog.max(f.value) mx
                from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
                where f.value is not null group by 1, 2, 3, 4) m
          cross join lateral (values (m.sid), (m.ksid)) s(id)
          cross join (values (1::smallint), (5::smallint), (15::smallint), (60::smallint), (360::smallint)) w(grain)
          where w.grain > 1 or (m.m >= v_midx and s.id = m.sid) group by 1, 2, 3) v
    group by 1, 2
  ), upserted as (
    insert into vigil.all_rollups as r (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms,
                                    min_ms, max_ms, hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts,
                                    fail_keys, fail_counts, error_types,
                                    valued, sum_value, min_value, max_value, value_keys, value_counts)
    select r.tenant_id, t.grain, v_lo + (t.g & 2047) * pg_catalog.make_interval(mins => t.grain), r.kind, r.name,
           t.c, t.er, t.tm, t.sm, t.mn, t.mx,
           t.keys, t.counts, t.ckeys, t.ccounts, t.cstarts, t.fkeys, t.fcounts, coalesce(x.types, '{}'::jsonb),
           coalesce(v.vn, 0), coalesce(v.vs, 0), v.vmn, v.vmx, coalesce(v.vkeys, '{}'), coalesce(v.vcounts, '{}')
    from rolled t
    join series r on r.sid = t.g >> 11
    left join errs x on x.grain = t.grain and x.g = t.g
    left join vals v on v.grain = t.grain and v.g = t.g
    on conflict (tenant_id, grain, bucket_start, kind, name) do update set
      count = r.count + excluded.count,
      errors = r.errors + excluded.errors,
      timed = r.timed + excluded.timed,
      sum_ms = r.sum_ms + excluded.sum_ms,
      min_ms = least(r.min_ms, excluded.min_ms),
      max_ms = greatest(r.max_ms, excluded.max_ms),
      (hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts) =
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}'),
                -- The coarse level of the merged histogram (as vigil._hist_coarse, written out).
                coalesce((pg_catalog.array_agg(m.k >> 4 order by m.k) filter (where m.first))::smallint[], '{}'),
                coalesce(pg_catalog.array_agg(m.cn order by m.k) filter (where m.first), '{}'),
                coalesce((pg_catalog.array_agg(m.i order by m.k) filter (where m.first))::integer[], '{}')
         from (select u.k, u.n, pg_catalog.row_number() over (order by u.k) i,
                      pg_catalog.lag(u.k >> 4) over (order by u.k) is distinct from u.k >> 4 first,
                      pg_catalog.sum(u.n) over (partition by u.k >> 4)::integer cn
               from (select v.k, pg_catalog.sum(v.c)::integer n
                     from (select * from unnest(r.hist_keys, r.hist_counts)
                           union all select * from unnest(excluded.hist_keys, excluded.hist_counts)) v(k, c)
                     group by v.k) u) m),
      (fail_keys, fail_counts) =
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
         from (select v.k, pg_catalog.sum(v.c)::integer n
               from (select * from unnest(r.fail_keys, r.fail_counts)
                     union all select * from unnest(excluded.fail_keys, excluded.fail_counts)) v(k, c)
               group by v.k) m),
      error_types = case when excluded.error_types = '{}'::jsonb then r.error_types
                         else vigil._jsonb_add_counts(r.error_types, excluded.error_types) end,
      valued = r.valued + excluded.valued,
      sum_value = r.sum_value + excluded.sum_value,
      min_value = least(r.min_value, excluded.min_value),
      max_value = greatest(r.max_value, excluded.max_value),
      (value_keys, value_counts) = (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
        from (select v.k, pg_catalog.sum(v.c)::integer n from unnest(r.value_keys || excluded.value_keys, r.value_counts || excluded.value_counts) v(k, c)
              group by v.k) m)
    returning 1
  ), seen as (
    -- When each error group was first and last seen, whatever window is asked later and however
    -- long ago: raw events go after retention_days, this stays.
    insert into vigil.error_group_seen as s (tenant_id, fingerprint, first_seen, first_release, last_seen, last_release, events)
    select f.tenant_id, f.fp, pg_catalog.min(f.occurred_at),
           (pg_catalog.array_agg(f.release order by f.occurred_at) filter (where f.release is not null))[1],
           pg_catalog.max(f.occurred_at),
           (pg_catalog.array_agg(f.release order by f.occurred_at desc) filter (where f.release is not null))[1],
           pg_catalog.count(*)
    from fresh f where f.fp is not null
    group by 1, 2
    on conflict (tenant_id, fingerprint) do update set
      first_seen = least(s.first_seen, excluded.first_seen),
      first_release = case when excluded.first_seen < s.first_seen then coalesce(excluded.first_release, s.first_release)
                           else coalesce(s.first_release, excluded.first_release) end,
      last_seen = greatest(s.last_seen, excluded.last_seen),
      last_release = case when excluded.last_seen >= s.last_seen then coalesce(excluded.last_release, s.last_release)
                          else coalesce(s.last_release, excluded.last_release) end,
      events = s.events + excluded.events
    returning 1
  ), milestones as (
    -- Each actor's first 8 times at each milestone in this pass, merged into its row (see
    -- vigil.milestone_times): the times up to what both lists know, the first 8 of them.
    insert into vigil.milestone_times as m (tenant_id, name, actor_type, actor, times, complete, first_at, reach)
    select x.tenant_id, x.name, x.actor_type, x.actor, x.times[1:8], x.n <= 8, x.times[1],
           case when x.n <= 8 then x.times[x.n] else 'infinity' end
    from (select f.tenant_id, f.name, a.actor_type, a.actor, pg_catalog.array_agg(f.occurred_at order by f.occurred_at) times,
                 pg_catalog.count(*) n
          from fresh f cross join lateral (values ('user', f.user_id), ('session', f.session_id)) a(actor_type, actor)
          where f.kind = 'milestone' and a.actor is not null
          group by 1, 2, 3, 4) x
    on conflict (tenant_id, name, actor_type, actor) do update set
      (times, complete, first_at, reach) =
        (select coalesce(z.t, '{}'), z.c, z.t[1], case when z.c then z.t[pg_catalog.cardinality(z.t)] else 'infinity' end
         from (select (select pg_catalog.array_agg(u.t order by u.t)
                       from (select v.t from unnest(m.times || excluded.times) v(t)
                             where v.t <= least(case when m.complete then 'infinity' else coalesce(m.times[pg_catalog.cardinality(m.times)], '-infinity') end,
                                                case when excluded.complete then 'infinity' else excluded.times[8] end)
                             order by v.t limit 8) u) t,
                      m.complete and excluded.complete and pg_catalog.cardinality(m.times) + pg_catalog.cardinality(excluded.times) <= 8 c) z)
    returning 1
  )
  select (select coalesce(pg_catalog.sum(k.n), 0) from k5n k), (select pg_catalog.count(*) from upserted)
  into events, rollup_rows;
end
$$;

ALTER FUNCTION vigil._fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint) OWNER TO postgres;

--
-- Name: FUNCTION _fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint) IS 'Folds one UTC day of events (a partition''s bounds) above an id floor and within an xid range, for every tenant or one, skipping tenants that are gone or being deleted. Internal to fold_rollups.';

--
-- Name: _funnel(uuid, text[], timestamp with time zone, timestamp with time zone, interval, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) RETURNS TABLE(step integer, name text, count bigint, conversion_from_previous double precision, conversion_from_first double precision, median_seconds_from_previous double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
declare
  v_actors text[] := '{}'::text[];
  v_entered timestamptz[] := '{}'::timestamptz[];
  v_at timestamptz[] := '{}'::timestamptz[];
  v_first bigint;
  v_prev bigint;
  v_now bigint;
  v_median double precision;
  v_state boolean := false;
  v_floor bigint;
  v_horizon xid;
  v_unfolded vigil.unfolded_milestone[];
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_kind = 'milestone' then
    select st.id_floor, st.xid_horizon::xid, coalesce(q.last_value, 0) - st.id_floor <= 20000
           and not exists (select 1 from vigil.rollup_deferred d where d.tenant_id = p_tenant)
    into v_floor, v_horizon, v_state
    from vigil.rollup_state st, vigil.events_id_seq q;
  end if;
  if v_state then
    -- The steps' events not folded yet (see vigil.rollup_state), read once through the BRIN index on
    -- id and filtered after (as the stats do: the tenant's index would read all its milestones).
    with unfolded as materialized (
      select e.tenant_id, e.kind, e.name, e.occurred_at, e.user_id, e.session_id from vigil.events e
      where e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
    )
    select coalesce(pg_catalog.array_agg(row(u.name, case when p_by = 'user' then u.user_id else u.session_id end,
                                             u.occurred_at)::vigil.unfolded_milestone), '{}')
    into v_unfolded
    from unfolded u
    where u.tenant_id = p_tenant and u.kind = 'milestone' and u.name = any (p_steps)
      and case when p_by = 'user' then u.user_id else u.session_id end is not null;
  end if;

  for i in 1 .. pg_catalog.array_length(p_steps, 1) loop
    if v_state then
      -- Per actor, the first time at step i at or after its previous step (step 1: at or after
      -- p_since), from its row when the row knows it, else from raw events.
      with cur as (
        select c.a, c.entered, c.at from unnest(v_actors, v_entered, v_at) c(a, entered, at) where i > 1
        union all
        select d.a, null, p_since
        from (select m.actor a from vigil.milestone_times m
              where i = 1 and m.tenant_id = p_tenant and m.name = p_steps[1] and m.actor_type = p_by
                and m.reach >= p_since and coalesce(m.first_at, '-infinity') < p_until
              union
              select u.actor from unnest(v_unfolded) u
              where i = 1 and u.name = p_steps[1] and u.occurred_at >= p_since and u.occurred_at < p_until) d
      ), pending as (
        select u.actor, pg_catalog.array_agg(u.occurred_at) ats from unnest(v_unfolded) u where u.name = p_steps[i] group by 1
      ), looked as (
        select c.a, c.entered, c.at prev_at,
               (select pg_catalog.min(t.t) from unnest(m.times || u.ats) t(t) where t.t >= c.at) cand,
               m.actor is null or m.complete or coalesce(m.times[pg_catalog.cardinality(m.times)] >= c.at, false) known
        from cur c
        left join vigil.milestone_times m on m.tenant_id = p_tenant and m.name = p_steps[i] and m.actor_type = p_by and m.actor = c.a
        left join pending u on u.actor = c.a
      ), unknown as materialized (
        select l.a, l.entered, l.prev_at from looked l where not l.known
      ), found as (
        select l.a, l.entered, l.prev_at, l.cand from looked l where l.known
        union all
        select k.a, k.entered, k.prev_at, pg_catalog.min(e.occurred_at)
        from unknown k
        join vigil.events e on case when p_by = 'user' then e.user_id else e.session_id end = k.a and e.occurred_at >= k.prev_at
        where e.tenant_id = p_tenant and e.kind = 'milestone' and e.name = p_steps[i]
          and e.occurred_at >= (select pg_catalog.min(x.prev_at) from unknown x) and e.occurred_at < p_until
        group by 1, 2, 3
      ), nxt as (
        select f.a, coalesce(f.entered, f.cand) entered, f.prev_at, f.cand at from found f
        where f.cand < p_until and (f.entered is null or f.cand <= f.entered + p_within)
      )
      select coalesce(pg_catalog.array_agg(n.a), '{}'), coalesce(pg_catalog.array_agg(n.entered), '{}'),
             coalesce(pg_catalog.array_agg(n.at), '{}'),
             pg_catalog.percentile_cont(0.5) within group (order by extract(epoch from n.at - n.prev_at))
      into v_actors, v_entered, v_at, v_median
      from nxt n;
    elsif i = 1 then
      select coalesce(pg_catalog.array_agg(x.a), '{}'), coalesce(pg_catalog.array_agg(x.t), '{}'),
             coalesce(pg_catalog.array_agg(x.t), '{}')
      into v_actors, v_entered, v_at
      from (select case when p_by = 'user' then e.user_id else e.session_id end a, pg_catalog.min(e.occurred_at) t
            from vigil.events e
            where e.tenant_id = p_tenant and e.kind = p_kind and e.name = p_steps[1]
              and e.occurred_at >= p_since and e.occurred_at < p_until
              and case when p_by = 'user' then e.user_id else e.session_id end is not null
            group by 1) x;
    else
      with cur as (
        select * from unnest(v_actors, v_entered, v_at) c(a, entered, at)
      ), nxt as (
        select c.a, c.entered, c.at prev_at, pg_catalog.min(e.occurred_at) at
        from cur c
        join vigil.events e
          on case when p_by = 'user' then e.user_id else e.session_id end = c.a
         and e.occurred_at >= c.at and e.occurred_at <= c.entered + p_within
        where e.tenant_id = p_tenant and e.kind = p_kind and e.name = p_steps[i]
          and e.occurred_at >= p_since and e.occurred_at < p_until
        group by c.a, c.entered, c.at
      )
      select coalesce(pg_catalog.array_agg(n.a), '{}'), coalesce(pg_catalog.array_agg(n.entered), '{}'),
             coalesce(pg_catalog.array_agg(n.at), '{}'),
             pg_catalog.percentile_cont(0.5) within group (order by extract(epoch from n.at - n.prev_at))
      into v_actors, v_entered, v_at, v_median
      from nxt n;
    end if;
    v_now := pg_catalog.cardinality(v_actors)::bigint;
    if i = 1 then
      v_first := v_now;
      v_prev := v_now;
    end if;
    step := i; name := p_steps[i]; count := v_now;
    conversion_from_previous := case when i > 1 and v_prev > 0 then v_now::double precision / v_prev end;
    conversion_from_first := case when v_first > 0 then v_now::double precision / v_first end;
    median_seconds_from_previous := case when i > 1 then v_median end;
    return next;
    v_prev := v_now;
  end loop;
end
$$;

ALTER FUNCTION vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) OWNER TO postgres;

--
-- Name: _hash_key(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._hash_key(p_key text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO ''
    AS $$ select pg_catalog.sha256(pg_catalog.convert_to(p_key, 'UTF8')) $$;

ALTER FUNCTION vigil._hash_key(p_key text) OWNER TO postgres;

--
-- Name: FUNCTION _hash_key(p_key text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._hash_key(p_key text) IS 'SHA-256 of a key (ingest or deploy): what is stored and looked up.';

--
-- Name: heal_rules; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.heal_rules (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    target_schema text,
    target_table text,
    key_column text,
    status_column text,
    from_status text,
    to_status text,
    age_column text,
    older_than interval,
    fn text,
    max_rows integer DEFAULT 100 NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    dry_run boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT heal_rules_max_rows_check CHECK (((max_rows >= 1) AND (max_rows <= 10000))),
    CONSTRAINT heal_rules_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT heal_rules_one_kind CHECK ((((fn IS NOT NULL) AND (target_table IS NULL)) OR ((fn IS NULL) AND (target_schema IS NOT NULL) AND (target_table IS NOT NULL) AND (key_column IS NOT NULL) AND (status_column IS NOT NULL) AND (from_status IS NOT NULL) AND (to_status IS NOT NULL) AND (age_column IS NOT NULL) AND (older_than > '00:00:00'::interval))))
);

ALTER TABLE vigil.heal_rules OWNER TO postgres;

--
-- Name: TABLE heal_rules; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.heal_rules IS 'Auto-heal rules: rows of target_table in from_status whose age_column is older than older_than move to to_status, at most max_rows per run; or a registered function does the work. Created by the service role only (see the migration for why).';

--
-- Name: COLUMN heal_rules.key_column; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.heal_rules.key_column IS 'A column with a unique index, reported in the audit''s sample ids and used to update exactly the picked rows.';

--
-- Name: COLUMN heal_rules.age_column; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.heal_rules.age_column IS 'A timestamp column: how long a row has been in its status (for example status_changed_at or updated_at).';

--
-- Name: COLUMN heal_rules.fn; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.heal_rules.fn IS 'Instead of a status move: the signature of fn(p_now timestamptz, p_max_rows integer, p_dry_run boolean) returns jsonb {"rows": n, "sample_ids": [...]}, as text.';

--
-- Name: COLUMN heal_rules.dry_run; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.heal_rules.dry_run IS 'When true, runs count and sample what would change and change nothing; the audit says dry_run.';

--
-- Name: _heal_apply(vigil.heal_rules, timestamp with time zone, boolean, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer DEFAULT 10, OUT rows_changed integer, OUT sample_ids text[]) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
-- plpgsql_check cannot see that the dynamic UPDATE (or the rule's function) writes, and would call
-- this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_target record;
  v_type text;
  v_result jsonb;
  v_pick text;
begin
  if p_rule.fn is not null then
    execute pg_catalog.format('select %s($1, $2, $3)', pg_catalog.to_regprocedure(p_rule.fn)::pg_catalog.regproc)
      into v_result using p_now, p_rule.max_rows, p_dry_run;
    rows_changed := coalesce((v_result ->> 'rows')::integer, 0);
    sample_ids := coalesce((select pg_catalog.array_agg(x) from pg_catalog.jsonb_array_elements_text(coalesce(v_result -> 'sample_ids', '[]'::jsonb)) x), '{}');
    sample_ids := sample_ids[1:p_sample];
    return;
  end if;
  select * into v_target from vigil._heal_target(p_rule.target_schema, p_rule.target_table, p_rule.key_column,
                                                 p_rule.status_column, p_rule.age_column);
  v_type := pg_catalog.format_type(v_target.status_typid, v_target.status_typmod);
  -- Arguments in order rather than by position (%1$I): plpgsql_check (2.3) checks a positional %s
  -- against the argument before it, so its SQL-injection check would test the wrong one.
  v_pick := pg_catalog.format(
    'select %I as k from %I.%I where %I = $1::%s and %I < $2 order by %I limit $3',
    p_rule.key_column, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_type,
    p_rule.age_column, p_rule.age_column);
  if p_dry_run then
    execute pg_catalog.format('select pg_catalog.count(*)::integer, (pg_catalog.array_agg(p.k::text))[1:%s] from (%s) p',
                              p_sample, v_pick)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows;
  else
    -- Oldest first, skipping rows the app holds locked: heal never waits on, or fights, the app.
    -- The update goes through the app's table, so its triggers fire as for any other update.
    execute pg_catalog.format(
      'with picked as (%s for update skip locked), changed as ('
      ' update %I.%I t set %I = $4::%s from picked where t.%I = picked.k and t.%I = $1::%s returning t.%I::text as k)'
      ' select pg_catalog.count(*)::integer, (pg_catalog.array_agg(c.k))[1:%s] from changed c',
      v_pick, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_type,
      p_rule.key_column, p_rule.status_column, v_type, p_rule.key_column, p_sample)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows, p_rule.to_status;
  end if;
  sample_ids := coalesce(sample_ids, '{}');
end
$_$;

ALTER FUNCTION vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]) OWNER TO postgres;

--
-- Name: FUNCTION _heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]) IS 'Runs one heal rule without audit: updates (or in dry-run counts) at most max_rows rows, oldest first. Internal.';

--
-- Name: _heal_preview(uuid, timestamp with time zone, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'operator');
  v_res record;
begin
  perform vigil._check_limit(p_limit, 1000);
  select * into v_res from vigil._heal_apply(v_rule, p_now, true, p_limit);
  return pg_catalog.jsonb_build_object('rule', v_rule.id, 'name', v_rule.name, 'would_change', v_res.rows_changed,
    'max_rows', v_rule.max_rows, 'sample_ids', pg_catalog.to_jsonb(v_res.sample_ids),
    'from_status', v_rule.from_status, 'to_status', v_rule.to_status, 'older_than', v_rule.older_than);
end
$$;

ALTER FUNCTION vigil._heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: _heal_rule_for(uuid, vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) RETURNS vigil.heal_rules
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules;
begin
  select * into v_rule from vigil.heal_rules where id = p_rule;
  perform vigil._require_owner(v_rule.tenant_id, p_min, 'heal rule');
  return v_rule;
end
$$;

ALTER FUNCTION vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) OWNER TO postgres;

--
-- Name: heal_runs; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.heal_runs (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    ran_at timestamp with time zone NOT NULL,
    duration_ms double precision NOT NULL,
    rows_changed integer DEFAULT 0 NOT NULL,
    sample_ids text[] DEFAULT '{}'::text[] NOT NULL,
    dry_run boolean NOT NULL,
    trigger text NOT NULL,
    error text,
    sqlstate text,
    CONSTRAINT heal_runs_trigger_check CHECK ((trigger = ANY (ARRAY['maintenance'::text, 'manual'::text])))
);

ALTER TABLE vigil.heal_runs OWNER TO postgres;

--
-- Name: TABLE heal_runs; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.heal_runs IS 'The audit of every heal rule run: rows changed (or that would change, in dry-run), up to 10 sample ids, errors.';

--
-- Name: COLUMN heal_runs.rows_changed; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.heal_runs.rows_changed IS 'Rows updated; in a dry run, rows that would have been updated.';

--
-- Name: _heal_run(vigil.heal_rules, timestamp with time zone, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text) RETURNS vigil.heal_runs
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_t timestamptz := pg_catalog.clock_timestamp();
  v_rows integer := 0;
  v_sample text[] := '{}'::text[];
  v_error text;
  v_state text;
  v_run vigil.heal_runs;
  v_lock_timeout text := pg_catalog.current_setting('lock_timeout');
begin
  begin
    -- Row locks are skipped; a table lock held by the app (a migration) makes the rule fail fast.
    perform pg_catalog.set_config('lock_timeout', '1s', true);
    select a.rows_changed, a.sample_ids into v_rows, v_sample from vigil._heal_apply(p_rule, p_now, p_rule.dry_run) a;
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_error = message_text;
    v_rows := 0;
    v_sample := '{}';
  end;
  perform pg_catalog.set_config('lock_timeout', v_lock_timeout, true);
  insert into vigil.heal_runs (tenant_id, rule_id, ran_at, duration_ms, rows_changed, sample_ids, dry_run, trigger, error, sqlstate)
  values (p_rule.tenant_id, p_rule.id, p_now,
          extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000, v_rows, v_sample, p_rule.dry_run, p_trigger, v_error, v_state)
  returning * into v_run;
  return v_run;
end
$$;

ALTER FUNCTION vigil._heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text) OWNER TO postgres;

--
-- Name: FUNCTION _heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text) IS 'Runs one heal rule isolated and writes its audit row. Internal.';

--
-- Name: _heal_target(text, text, text, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_kind "char";
begin
  -- Vigil's own tables and the platform's (Postgres, pg_cron, Supabase services) are never heal targets.
  if p_schema in ('vigil', 'vigil_api', 'pg_catalog', 'information_schema', 'pg_toast', 'cron', 'auth', 'storage',
                  'realtime', 'supabase_functions', 'supabase_migrations', 'extensions', 'net', 'vault', 'pgsodium',
                  'graphql', 'graphql_public', 'pgbouncer') then
    raise exception using errcode = '42501',
      message = pg_catalog.format('Heal rules may not target tables in schema %s.', p_schema);
  end if;
  select c.oid, c.relkind into relid, v_kind
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = p_schema and c.relname = p_table;
  if relid is null or v_kind not in ('r', 'p') then
    raise exception using errcode = '42P01',
      message = pg_catalog.format('Table %s.%s does not exist.', p_schema, p_table);
  end if;
  if not exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_key and a.attnum > 0 and not a.attisdropped) then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_key, p_schema, p_table);
  end if;
  select pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid, a.atttypmod into status_type, status_typid, status_typmod
  from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_status and a.attnum > 0 and not a.attisdropped;
  if status_type is null then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_status, p_schema, p_table);
  end if;
  select pg_catalog.format_type(a.atttypid, a.atttypmod) into age_type
  from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_age and a.attnum > 0 and not a.attisdropped;
  if age_type is null then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_age, p_schema, p_table);
  end if;
  if age_type not in ('timestamp with time zone', 'timestamp without time zone', 'date') then
    raise exception using errcode = '42804',
      message = pg_catalog.format('Column %s of %s.%s must be a timestamp or date to measure age; it is %s.', p_age, p_schema, p_table, age_type);
  end if;
  -- The update touches exactly the picked rows only if the key identifies one row.
  if not exists (
    select 1 from pg_catalog.pg_index i
    join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indrelid = relid and i.indisunique and i.indnkeyatts = 1 and i.indpred is null and a.attname = p_key
  ) then
    raise exception using errcode = '42P10',
      message = pg_catalog.format('Column %s of %s.%s has no unique index of its own; a heal rule''s key must identify one row.', p_key, p_schema, p_table);
  end if;
end
$$;

ALTER FUNCTION vigil._heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer) OWNER TO postgres;

--
-- Name: FUNCTION _heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer) IS 'Checks a heal rule''s table and columns against the catalog (raising with the missing name) and returns the table and column types.';

--
-- Name: _hist_coarse(smallint[], integer[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._hist_coarse(p_keys smallint[], p_counts integer[]) RETURNS TABLE(keys smallint[], counts integer[], starts integer[])
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select coalesce(pg_catalog.array_agg(c.ck order by c.ck), '{}'), coalesce(pg_catalog.array_agg(c.n order by c.ck), '{}'),
         coalesce(pg_catalog.array_agg(c.s order by c.ck), '{}')
  from (select (u.k >> 4)::smallint ck, pg_catalog.sum(u.c)::integer n, pg_catalog.min(u.i)::integer s
        from unnest(p_keys, p_counts) with ordinality u(k, c, i)
        group by 1) c
$$;

ALTER FUNCTION vigil._hist_coarse(p_keys smallint[], p_counts integer[]) OWNER TO postgres;

--
-- Name: FUNCTION _hist_coarse(p_keys smallint[], p_counts integer[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._hist_coarse(p_keys smallint[], p_counts integer[]) IS 'The coarse level of a sorted sparse histogram: keys k >> 4, their counts, and the 1-based position where each starts in the fine keys.';

--
-- Name: _hist_key(double precision); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._hist_key(p_ms double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_ms is null then null when p_ms < 0.001 then -400
              else pg_catalog.ceil(pg_catalog.ln(p_ms) / 0.0198026272961797)::smallint end
$$;

ALTER FUNCTION vigil._hist_key(p_ms double precision) OWNER TO postgres;

--
-- Name: FUNCTION _hist_key(p_ms double precision); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._hist_key(p_ms double precision) IS 'The latency histogram bucket of a duration in ms: k such that 1.02^(k-1) < ms <= 1.02^k; -400 for durations under 0.001 ms.';

--
-- Name: _incident_from_alert(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._incident_from_alert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_monitor vigil.monitors;
  v_incident uuid;
begin
  if new.to_state not in ('firing', 'resolved')
     or not exists (select 1 from vigil.alert_rules r where r.id = new.rule_id and r.metric = 'monitor_down') then
    return null;
  end if;
  select m.* into v_monitor from vigil.alerts a join vigil.monitors m on m.tenant_id = a.tenant_id and m.name = a.labels ->> 'monitor'
  where a.id = new.alert_id;
  if new.to_state = 'firing' and new.from_state <> 'recovering' and v_monitor.id is not null
     and not exists (select 1 from vigil.incidents i where i.tenant_id = new.tenant_id and i.resolved_at is null
                       and v_monitor.id = any (i.monitor_ids)) then
    insert into vigil.incidents (tenant_id, title, impact, monitor_ids, alert_id, started_at)
    values (new.tenant_id, pg_catalog.left(v_monitor.name || ' is down', 200), 'none', array[v_monitor.id], new.alert_id, new.at)
    returning id into v_incident;
    perform vigil._incident_update(v_incident, 'investigating',
      pg_catalog.format('%s is failing its checks (%s). We are looking into it.', v_monitor.name, coalesce(v_monitor.last_message, 'down')),
      'major', new.at, null);
  elsif new.to_state = 'resolved' then
    for v_incident in select i.id from vigil.incidents i where i.alert_id = new.alert_id and i.resolved_at is null loop
      perform vigil._incident_update(v_incident, 'resolved',
        pg_catalog.format('%s is answering its checks again.', coalesce(v_monitor.name, 'The monitor')), null, new.at, null);
    end loop;
  end if;
  return null;
end
$$;

ALTER FUNCTION vigil._incident_from_alert() OWNER TO postgres;

--
-- Name: FUNCTION _incident_from_alert(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._incident_from_alert() IS 'Trigger on alert_history: a monitor_down alert that fires opens an incident for its monitor; its resolution resolves the incident.';

--
-- Name: _incident_update(uuid, text, text, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row vigil.incidents;
begin
  if p_status is null or p_status not in ('investigating', 'identified', 'monitoring', 'resolved') then
    raise exception using errcode = '22023', message = 'status must be one of investigating, identified, monitoring, resolved.';
  end if;
  if p_impact is not null and p_impact not in ('none', 'minor', 'major', 'critical') then
    raise exception using errcode = '22023', message = 'impact must be one of none, minor, major, critical.';
  end if;
  if p_message is null or pg_catalog.length(p_message) not between 1 and 5000 then
    raise exception using errcode = '22023', message = 'message must be 1 to 5000 characters.';
  end if;
  update vigil.incidents
  set status = p_status, impact = coalesce(p_impact, impact),
      resolved_at = case when p_status = 'resolved' then coalesce(resolved_at, p_at) end
  where id = p_incident
  returning * into v_row;
  insert into vigil.incident_updates (tenant_id, incident_id, at, status, message, created_by)
  values (v_row.tenant_id, v_row.id, p_at, p_status, p_message, p_by);
  return pg_catalog.to_jsonb(v_row);
end
$$;

ALTER FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) OWNER TO postgres;

--
-- Name: FUNCTION _incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) IS 'Moves an incident to a status (resolved sets resolved_at) and adds the update to its timeline. Callers check access.';

--
-- Name: _ingest(text, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._ingest(p_key text, p_events jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_key vigil.ingest_keys;
  v_count integer;
  v_used integer;
  v_result jsonb;
  v_text text;
  v_hash bytea;
begin
  if p_events is null or pg_catalog.jsonb_typeof(p_events) <> 'array' then
    raise exception using errcode = '22023', message = 'events must be a JSON array of event objects.';
  end if;
  v_count := pg_catalog.jsonb_array_length(p_events);
  -- 1,000 events or 1 MB: a browser batch is tens of events; more is a bug or abuse, refused whole.
  if v_count > 1000 then
    raise exception using errcode = 'PT413',
      message = pg_catalog.format('A batch holds at most 1000 events; this one has %s.', v_count),
      hint = 'Split the batch and send the parts separately.';
  end if;
  -- Rendered once: the cap is measured on it, and _store_events checks the events' JSON types on it.
  v_text := p_events::text;
  if pg_catalog.octet_length(v_text) > 1048576 then
    raise exception using errcode = 'PT413', message = 'A batch is at most 1 MB of JSON; this one is larger.',
      hint = 'Split the batch, or trim large attributes.';
  end if;

  v_hash := vigil._hash_key(coalesce(p_key, ''));
  select * into v_key from vigil.ingest_keys k
  where k.key_hash = v_hash
     or (k.previous_key_hash = v_hash and k.previous_valid_until > pg_catalog.now());
  if not found then
    raise exception using errcode = 'PT401', message = 'Unknown ingest key.',
      hint = 'Check the key the app sends; create one with vigil_api.create_ingest_key.';
  end if;
  if not v_key.enabled then
    raise exception using errcode = 'PT401', message = 'This ingest key is disabled.';
  end if;
  if v_count = 0 then
    return pg_catalog.jsonb_build_object('accepted', 0, 'rejected', '[]'::jsonb);
  end if;

  v_result := vigil._store_events(v_key.tenant_id, p_events, v_key.allowed_kinds, v_text);

  -- Counted last, so the row lock that serialises batches of one key is held only until commit.
  -- Raising here undoes the inserts above: an over-budget batch leaves nothing behind.
  insert into vigil.ingest_usage as u (key_id, minute, events)
  values (v_key.id, pg_catalog.date_trunc('minute', pg_catalog.now()), v_count)
  on conflict (key_id, minute) do update set events = u.events + excluded.events
  returning u.events into v_used;
  if v_used > v_key.events_per_minute then
    raise exception using errcode = 'PT429',
      message = pg_catalog.format('This ingest key is over its budget of %s events per minute.', v_key.events_per_minute),
      hint = 'Retry in the next minute, sample events in the SDK, or raise the key''s budget.';
  end if;
  return v_result;
end
$$;

ALTER FUNCTION vigil._ingest(p_key text, p_events jsonb) OWNER TO postgres;

--
-- Name: _is_allowed_url(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._is_allowed_url(p_url text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  select p_url ~ '^https://[^\s/?#]+([/?#]\S*)?$'
      or p_url ~ '^http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?([/?#]\S*)?$'
$_$;

ALTER FUNCTION vigil._is_allowed_url(p_url text) OWNER TO postgres;

--
-- Name: _job_tenant(uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._job_tenant(p_job uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$ select j.tenant_id from vigil.jobs j where j.id = p_job $$;

ALTER FUNCTION vigil._job_tenant(p_job uuid) OWNER TO postgres;

--
-- Name: FUNCTION _job_tenant(p_job uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._job_tenant(p_job uuid) IS 'The tenant of a job (null if none); for access checks only.';

--
-- Name: _js_space(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._js_space() RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select E' \t\n\u000b\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff' $$;

ALTER FUNCTION vigil._js_space() OWNER TO postgres;

--
-- Name: FUNCTION _js_space(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._js_space() IS 'The characters JavaScript''s trim() removes.';

--
-- Name: _json_bool(jsonb, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._json_bool(p_value jsonb, p_field text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select vigil._json_scalar(p_value, p_field, 'boolean')::boolean $$;

ALTER FUNCTION vigil._json_bool(p_value jsonb, p_field text) OWNER TO postgres;

--
-- Name: _json_interval(jsonb, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._json_interval(p_value jsonb, p_field text) RETURNS interval
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil._json_interval(p_value jsonb, p_field text) OWNER TO postgres;

--
-- Name: _json_number(jsonb, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._json_number(p_value jsonb, p_field text) RETURNS double precision
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select vigil._json_scalar(p_value, p_field, 'number')::double precision $$;

ALTER FUNCTION vigil._json_number(p_value jsonb, p_field text) OWNER TO postgres;

--
-- Name: _json_scalar(jsonb, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._json_scalar(p_value jsonb, p_field text, p_type text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil._json_scalar(p_value jsonb, p_field text, p_type text) OWNER TO postgres;

--
-- Name: _json_text(jsonb, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._json_text(p_value jsonb, p_field text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select vigil._json_scalar(p_value, p_field, 'string') $$;

ALTER FUNCTION vigil._json_text(p_value jsonb, p_field text) OWNER TO postgres;

--
-- Name: _jsonb_add_counts(jsonb, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select coalesce(pg_catalog.jsonb_object_agg(s.k, s.n), '{}'::jsonb)
  from (select u.key k, pg_catalog.sum(u.value::bigint) n
        from (select * from pg_catalog.jsonb_each_text(coalesce(p_a, '{}'::jsonb))
              union all select * from pg_catalog.jsonb_each_text(coalesce(p_b, '{}'::jsonb))) u
        group by u.key) s
$$;

ALTER FUNCTION vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) OWNER TO postgres;

--
-- Name: FUNCTION _jsonb_add_counts(p_a jsonb, p_b jsonb); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) IS 'Adds two {key: count} objects key by key.';

--
-- Name: _last_good_deployment(uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._last_good_deployment(p_target uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select d.id from vigil.deployments d
  join vigil.deploy_targets t on t.id = p_target
  where d.target_id = p_target and d.environment = t.environment
    and d.healthy_at is not null and d.status in ('healthy', 'superseded')
    and d.id is distinct from vigil._live_deployment(p_target)
  order by d.healthy_at desc, d.live_at desc
  limit 1
$$;

ALTER FUNCTION vigil._last_good_deployment(p_target uuid) OWNER TO postgres;

--
-- Name: FUNCTION _last_good_deployment(p_target uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._last_good_deployment(p_target uuid) IS 'The newest deployment of the target and its environment that passed its watch window, is not the live one and was not rolled back.';

--
-- Name: _live_deployment(uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._live_deployment(p_target uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select d.id from vigil.deployments d
  where d.target_id = p_target and d.live_at is not null
    and d.status in ('ready', 'smoke_testing', 'watching', 'healthy', 'regressed', 'rolling_back', 'rollback_failed', 'smoke_failed')
  order by d.live_at desc, d.created_at desc
  limit 1
$$;

ALTER FUNCTION vigil._live_deployment(p_target uuid) OWNER TO postgres;

--
-- Name: _maintenance_job(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._maintenance_job() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_job jsonb;
begin
  -- Other jobs' commands may hold anything; only the maintenance job's schedule is shown, and only to
  -- those who may read maintenance status.
  if not vigil.has_role(vigil.system_tenant_id(), 'viewer') then
    raise exception using errcode = '42501', message = 'You must be a viewer of this tenant to do this.';
  end if;
  if pg_catalog.to_regclass('cron.job') is null then
    return null;
  end if;
  execute 'select pg_catalog.jsonb_build_object(''jobid'', j.jobid, ''schedule'', j.schedule, ''active'', j.active)
           from cron.job j where j.jobname = $1 order by j.jobid limit 1'
    into v_job using 'vigil-maintenance';
  return v_job;
end
$_$;

ALTER FUNCTION vigil._maintenance_job() OWNER TO postgres;

--
-- Name: FUNCTION _maintenance_job(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._maintenance_job() IS 'The vigil-maintenance pg_cron job (jobid, schedule, active), or null (not scheduled, or no pg_cron).';

--
-- Name: _monitor_in_maintenance(uuid, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when exists (select 1 from vigil.alert_mute_windows w where w.tenant_id = p_tenant and w.enabled)
              then coalesce(vigil._alert_muted_by(p_tenant, pg_catalog.jsonb_build_object('monitor', p_name, 'metric', 'monitor_down'), p_now)
                            like 'mute window %', false)
              else false end
$$;

ALTER FUNCTION vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone) IS 'True while a recurring mute window matching the monitor (labels monitor and metric monitor_down) is open: it shows as maintenance.';

--
-- Name: _monitor_json(vigil.monitors); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._monitor_json(p_monitor vigil.monitors) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.to_jsonb(p_monitor) || pg_catalog.jsonb_build_object('expected_status', p_monitor.expected_status::text)
$$;

ALTER FUNCTION vigil._monitor_json(p_monitor vigil.monitors) OWNER TO postgres;

--
-- Name: FUNCTION _monitor_json(p_monitor vigil.monitors); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._monitor_json(p_monitor vigil.monitors) IS 'A monitor as JSON, its expected statuses as a range list.';

--
-- Name: _monitor_state(boolean, boolean, boolean, boolean, boolean); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case
    when p_paused then 'paused'
    when p_maintenance then 'maintenance'
    when p_down then 'down'
    when p_failing then 'pending'
    when p_slow then 'degraded'
    else 'up'
  end
$$;

ALTER FUNCTION vigil._monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean) OWNER TO postgres;

--
-- Name: FUNCTION _monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean) IS 'What a monitor shows: paused, maintenance (a mute window matching it is open), down, pending (failing within its retries), degraded (slower than degraded_ms) or up.';

--
-- Name: _new_key(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._new_key(p_prefix text DEFAULT 'vk_'::text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select p_prefix || pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '')
$$;

ALTER FUNCTION vigil._new_key(p_prefix text) OWNER TO postgres;

--
-- Name: _notify_alert(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._notify_alert(p_alert uuid, p_now timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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
    if a.notified_state is distinct from 'firing' then
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
  on conflict (alert_id, seq, channel_id) do nothing;
  get diagnostics v_count = row_count;

  update vigil.alerts
  set notify_seq = a.notify_seq, last_notified_at = p_now, muted_by = null,
      notified_state = case v_kind when 'firing' then 'firing' when 'resolved' then 'resolved' else notified_state end
  where id = a.id;
  return v_count;
end
$$;

ALTER FUNCTION vigil._notify_alert(p_alert uuid, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _notify_alert(p_alert uuid, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._notify_alert(p_alert uuid, p_now timestamp with time zone) IS 'Enqueues the firing, reminder (after the cooldown, unless acknowledged) or resolution this alert owes its channels, unless muted. Returns the rows enqueued.';

--
-- Name: _operation_health(uuid, timestamp with time zone, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) RETURNS TABLE(kind text, name text, hour timestamp with time zone, events bigint, errors bigint, error_rate double precision, p95_ms double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if not (select c.relispopulated from pg_catalog.pg_class c where c.oid = 'vigil.operation_health'::pg_catalog.regclass) then
    return;  -- Not refreshed yet: nothing to show rather than an error.
  end if;
  return query
    select h.kind, h.name, h.hour, h.events, h.errors, h.error_rate, h.p95_ms
    from vigil.operation_health h
    where h.tenant_id = p_tenant and h.hour >= pg_catalog.date_trunc('hour', p_since)
      and (p_name is null or h.name = p_name)
    order by h.name, h.kind, h.hour;
end
$$;

ALTER FUNCTION vigil._operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) OWNER TO postgres;

--
-- Name: _outbound_refusal_text(text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text DEFAULT 'channel'::text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case p_reason
    when 'invalid' then 'it is not a valid absolute URL (names in punycode, no spaces or backslashes)'
    when 'scheme' then case when p_purpose = 'monitor' then 'it must use http, https or tcp' else 'it must use https' end
    when 'userinfo' then 'it must not carry a user name or password'
    when 'loopback' then 'it points at a loopback address'
    when 'private' then 'it points at a private network address'
    when 'link-local' then 'it points at a link-local address'
    when 'unique-local' then 'it points at a unique local IPv6 address'
    when 'multicast' then 'it points at a multicast address'
    when 'unspecified' then 'it points at the unspecified address'
    when 'reserved' then 'it points at a reserved or documentation address'
    when 'metadata' then 'it names a cloud metadata service'
    when 'internal-name' then 'it names a host internal to a network'
    else p_reason
  end
$$;

ALTER FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text) OWNER TO postgres;

--
-- Name: FUNCTION _outbound_refusal_text(p_reason text, p_purpose text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text) IS 'The reason code of the outbound guard as words.';

--
-- Name: _outbound_url_refusal(text, text, boolean); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean DEFAULT false) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_m text[];
  v_scheme text;
  v_authority text;
  v_rest text;
  v_host text;
  v_port text;
  v_addr inet;
  v_reason text;
  v_loopback boolean := false;
begin
  if p_purpose is null or p_purpose not in ('channel', 'provider', 'monitor') then
    raise exception using errcode = '22023', message = 'purpose must be one of channel, provider, monitor.';
  end if;
  if p_url is null or pg_catalog.length(p_url) > 2048 or p_url ~ '[\x01-\x20\x7f\\]' then
    return 'invalid';
  end if;
  v_m := pg_catalog.regexp_match(p_url, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$');
  if v_m is null then
    return 'invalid';
  end if;
  v_scheme := pg_catalog.lower(v_m[1]);
  v_authority := v_m[2];
  v_rest := v_m[3];
  if v_scheme not in ('http', 'https', 'tcp') then
    return 'scheme';
  end if;
  if pg_catalog.strpos(v_authority, '@') > 0 then
    return 'userinfo';
  end if;

  if v_authority ~ '^\[' then
    v_m := pg_catalog.regexp_match(v_authority, '^\[([0-9A-Fa-f:.]+)\](:([0-9]*))?$');
    if v_m is null then
      return 'invalid';
    end if;
    begin
      v_addr := v_m[1]::inet;
    exception when others then
      return 'invalid';
    end;
    if pg_catalog.family(v_addr) <> 6 then
      return 'invalid';
    end if;
  else
    v_m := pg_catalog.regexp_match(v_authority, '^([^:]*)(:([0-9]*))?$');
    if v_m is null then
      return 'invalid';
    end if;
    v_host := v_m[1];
    -- What the URL parser would do to the host before resolving it: percent-decoding, Unicode
    -- compatibility folding (full-width digits and letters, ideographic full stops), lower case.
    if pg_catalog.strpos(v_host, '%') > 0 then
      begin
        select pg_catalog.convert_from(pg_catalog.string_agg(
                 case when x.m[1] is not null then pg_catalog.decode(x.m[1], 'hex') else pg_catalog.convert_to(x.m[2], 'UTF8') end,
                 ''::bytea order by x.n), 'UTF8')
        into strict v_host
        from pg_catalog.regexp_matches(v_host, '%([0-9A-Fa-f]{2})|([^%]+|%)', 'g') with ordinality x(m, n);
      exception when others then
        return 'invalid';
      end;
      if v_host is null or v_host ~ '[\x01-\x20\x7f\\%]' then
        return 'invalid';
      end if;
    end if;
    v_host := pg_catalog.lower(pg_catalog.translate(pg_catalog.normalize(v_host, 'NFKC'), U&'\3002\FF0E\FF61', '...'));
    if v_host ~ '\.$' then
      v_host := pg_catalog.left(v_host, -1);
    end if;
    if v_host = '' then
      return 'invalid';
    end if;
    if v_host ~ '(^|\.)(0x[0-9a-f]*|[0-9]+)$' then
      v_addr := vigil._parse_ipv4(v_host);
      if v_addr is null then
        return 'invalid';
      end if;
    elsif v_host !~ '^[a-z0-9_-]+(\.[a-z0-9_-]+)*$' then
      -- Non-ASCII names must be written in their punycode (xn--) form, the one DNS resolves.
      return 'invalid';
    end if;
  end if;

  v_port := v_m[3];
  if v_m[2] is not null and (case when v_port = '' then true else v_port::numeric not between 1 and 65535 end) then
    return 'invalid';
  end if;
  if v_scheme = 'tcp' and (v_port is null or v_rest not in ('', '/')) then
    return 'invalid';
  end if;

  if v_addr is not null then
    v_reason := vigil._address_refusal(v_addr);
  elsif v_host = 'localhost' or v_host like '%.localhost' then
    v_reason := 'loopback';
  elsif v_host in ('metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal') then
    v_reason := 'metadata';
  elsif v_host !~ '\.' or v_host ~ '\.(internal|local|localdomain|home\.arpa|lan|intranet|corp)$' then
    v_reason := 'internal-name';
  end if;
  if v_reason = 'loopback' and coalesce(p_allow_loopback, false) then
    v_reason := null;
    v_loopback := true;
  end if;
  if v_reason is not null then
    return v_reason;
  end if;

  -- Channels and providers carry alert contents and signatures: https only (http to an allowed
  -- loopback receiver excepted). Monitors probe what the tenant runs, so http and tcp as well.
  if p_purpose in ('channel', 'provider') and v_scheme <> 'https' and not (v_loopback and v_scheme = 'http') then
    return 'scheme';
  end if;
  return null;
end
$_$;

ALTER FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean) OWNER TO postgres;

--
-- Name: FUNCTION _outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean) IS 'Why an outbound URL must be refused by its form, or null. Codes: invalid, scheme, userinfo, loopback, private, link-local,
unique-local, multicast, unspecified, reserved, metadata, internal-name. p_purpose: channel and provider (https only),
monitor (http, https, tcp://host:port). The edge functions check the same again after DNS resolution.';

--
-- Name: _parse_ipv4(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._parse_ipv4(p_host text) RETURNS inet
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
  v_parts text[] := pg_catalog.string_to_array(p_host, '.');
  v_n integer := pg_catalog.cardinality(v_parts);
  v_part text;
  v_digits text;
  v_base integer;
  v_num numeric;
  v_value numeric := 0::numeric;
begin
  if v_n is null or v_n = 0 or v_n > 4 then
    return null;
  end if;
  for i in 1 .. v_n loop
    v_part := v_parts[i];
    if v_part = '' or pg_catalog.length(v_part) > 40 then
      return null;
    end if;
    if v_part ~ '^0x' then
      v_base := 16;
      v_digits := pg_catalog.substr(v_part, 3);
      if v_digits !~ '^[0-9a-f]*$' then
        return null;
      end if;
    elsif pg_catalog.length(v_part) > 1 and v_part ~ '^0' then
      v_base := 8;
      v_digits := pg_catalog.substr(v_part, 2);
      if v_digits !~ '^[0-7]+$' then
        return null;
      end if;
    else
      v_base := 10;
      v_digits := v_part;
      if v_digits !~ '^[0-9]+$' then
        return null;
      end if;
    end if;
    v_num := 0;
    for j in 1 .. pg_catalog.length(v_digits) loop
      v_num := v_num * v_base + (pg_catalog.strpos('0123456789abcdef', pg_catalog.substr(v_digits, j, 1)) - 1);
    end loop;
    if i < v_n then
      if v_num > 255 then
        return null;
      end if;
      v_value := v_value + v_num * pg_catalog.power(256::numeric, 4 - i);
    else
      if v_num >= pg_catalog.power(256::numeric, 5 - v_n) then
        return null;
      end if;
      v_value := v_value + v_num;
    end if;
  end loop;
  return '0.0.0.0'::inet + v_value::bigint;
end
$_$;

ALTER FUNCTION vigil._parse_ipv4(p_host text) OWNER TO postgres;

--
-- Name: FUNCTION _parse_ipv4(p_host text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._parse_ipv4(p_host text) IS 'The IPv4 address a host ending in a number stands for (WHATWG URL IPv4 parser: decimal, 0x hex, 0 octal, 1 to 4 parts), or null when it is not a valid one.';

--
-- Name: _partition_name(date); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._partition_name(p_day date) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$ select 'events_p' || pg_catalog.to_char(p_day, 'YYYYMMDD') $$;

ALTER FUNCTION vigil._partition_name(p_day date) OWNER TO postgres;

--
-- Name: _ping(text, text, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  m vigil.monitors;
  v_signal text := pg_catalog.lower(coalesce(p_signal, 'success'));
  v_exit integer;
  v_ok boolean;
  v_duration double precision;
begin
  if v_signal ~ '^[0-9]{1,3}$' then
    v_exit := v_signal::integer;
    if v_exit > 255 then
      raise exception using errcode = '22023', message = 'An exit status is 0 to 255.';
    end if;
    v_signal := 'exit';
  elsif v_signal not in ('success', 'start', 'fail') then
    raise exception using errcode = '22023', message = 'signal must be success, start, fail or an exit status (0 to 255).';
  end if;
  select x.* into m from vigil.monitors x join vigil.monitor_tokens t on t.monitor_id = x.id
  where t.token_hash = vigil._hash_key(coalesce(p_token, '')) and x.type = 'heartbeat';
  if m.id is null then
    raise exception using errcode = 'PT404', message = 'No heartbeat has that token.';
  end if;
  if v_signal = 'start' then
    update vigil.monitors set started_at = p_now where id = m.id;
  else
    v_ok := v_signal = 'success' or coalesce(v_exit = 0, false);
    v_duration := case when m.started_at is not null then (extract(epoch from p_now - m.started_at) * 1000)::double precision end;
    perform vigil._record_check_results(pg_catalog.jsonb_build_array(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'monitor_id', m.id, 'ok', v_ok, 'at', p_now, 'duration_ms', v_duration,
      'reason', case when v_ok then null when v_exit is not null then 'exit status ' || v_exit else 'the job reported a failure' end,
      'attributes', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('signal', v_signal, 'exit_status', v_exit))))), p_now);
  end if;
  insert into vigil.heartbeat_pings (tenant_id, monitor_id, at, signal, exit_status, body, duration_ms)
  values (m.tenant_id, m.id, p_now, v_signal, v_exit, pg_catalog.left(p_body, 1000),
          case when v_signal <> 'start' then v_duration end);
  select * into m from vigil.monitors where id = m.id;
  return pg_catalog.jsonb_build_object('monitor', m.name, 'signal', v_signal, 'state', m.state);
end
$_$;

ALTER FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) IS 'Receives one heartbeat ping (anyone holding the token): the token is the only credential, looked up by its hash. PT404 for an unknown token, and nothing is recorded.';

--
-- Name: _prune(regclass, text, timestamp with time zone, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
-- plpgsql_check cannot see that a dynamic DELETE writes, and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_count integer;
begin
  -- ctid batches: no assumption about the key, and each batch is one index range scan plus a delete.
  execute pg_catalog.format(
    'delete from %s t where t.ctid = any (array(select x.ctid from %s x where x.%I < $1 limit $2))',
    p_table, p_table, p_column)
    using p_before, p_limit;
  get diagnostics v_count = row_count;
  return v_count;
end
$_$;

ALTER FUNCTION vigil._prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION _prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer) IS 'Deletes at most p_limit rows of p_table whose p_column is before p_before. Internal; for bookkeeping tables only.';

--
-- Name: _record_check_results(jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._record_check_results(p_results jsonb, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_events bigint;
  v_moved bigint;
begin
  if p_results is null or pg_catalog.jsonb_typeof(p_results) <> 'array' then
    raise exception using errcode = '22023', message = 'results must be a JSON array of check results.';
  end if;
  if exists (select 1 from pg_catalog.jsonb_array_elements(p_results) x
             where pg_catalog.jsonb_typeof(x) <> 'object' or pg_catalog.jsonb_typeof(x -> 'ok') is distinct from 'boolean'
               or coalesce(x ->> 'monitor_id', '') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') then
    raise exception using errcode = '22023', message = 'each result needs monitor_id (a uuid) and ok (true or false).';
  end if;
  perform vigil._ensure_partition((p_now at time zone 'UTC')::date);

  -- Recordings take turns (one lock, held to commit): the statement below then reads the state the
  -- last one left, so two regions' results for one monitor arriving at once are counted one after
  -- the other. A recording takes a fraction of a second; row locks taken first cost as much as it.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.record_check_results'));
  -- One statement inserts the events and moves each monitor once.
  with r as (
    select x.n, (x.r ->> 'monitor_id')::uuid monitor_id, coalesce(x.r ->> 'region', 'default') region, (x.r ->> 'ok')::boolean ok,
           coalesce((x.r ->> 'at')::timestamptz, p_now) at, (x.r ->> 'duration_ms')::double precision duration_ms,
           (x.r ->> 'status_code')::integer status_code, pg_catalog.left(x.r ->> 'reason', 500) reason,
           (x.r ->> 'cert_days_left')::integer cert_days_left,
           case when pg_catalog.jsonb_typeof(x.r -> 'attributes') = 'object' then x.r -> 'attributes' else '{}'::jsonb end attributes
    from pg_catalog.jsonb_array_elements(p_results) with ordinality x(r, n)
  ), locked as (
    select m.* from vigil.monitors m where m.id in (select r.monitor_id from r)
  ), ins as (
    insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, status_code, error_type, error_message,
                              source, attributes)
    select m.tenant_id, 'api_call', 'check:' || m.name, r.at, r.duration_ms, r.ok,
           case when r.status_code between 100 and 599 then r.status_code end,
           case when not r.ok then pg_catalog.split_part(coalesce(r.reason, 'failed'), ':', 1) end,
           case when not r.ok then r.reason end, 'vigil-uptime',
           r.attributes || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('monitor_id', m.id, 'region', r.region,
             'reason', r.reason, 'cert_days_left', r.cert_days_left,
             'degraded', r.ok and m.degraded_ms is not null and r.duration_ms > m.degraded_ms))
    from r join locked m on m.id = r.monitor_id
    order by r.n
    returning 1
  ), per as (
    -- Per monitor: the batch's last result, and every region's latest merged into what the monitor knew.
    select l.monitor_id, l.region, l.ok, l.at, l.duration_ms, l.status_code, l.reason, l.cert_days_left, g.regions, g.region_list
    from (select distinct on (r.monitor_id) r.* from r order by r.monitor_id, r.n desc) l
    join (select r.monitor_id, pg_catalog.jsonb_object_agg(r.region, pg_catalog.jsonb_build_object('ok', r.ok, 'at', r.at) order by r.n) regions,
                 pg_catalog.array_agg(distinct r.region) region_list
          from r group by r.monitor_id) g on g.monitor_id = l.monitor_id
  ), counted as materialized (
    select m.id, m.tenant_id, m.name, m.paused, m.is_down, m.failures, m.successes, m.retries, m.recovery_successes,
           m.degraded_ms, m.interval_seconds, m.retry_interval_seconds, m.type, m.next_check_at, p.*, m.region_status || p.regions merged,
           -- One region (most monitors): the check failed when its result did. Else count the regions failing.
           case when m.quorum = 1 and m.regions = array[p.region] and p.region_list = array[p.region] then not p.ok
                else (select pg_catalog.count(*) from pg_catalog.jsonb_each(m.region_status || p.regions) s
                      where (s.value ->> 'ok')::boolean = false and s.key = any (m.regions)
                        and (s.value ->> 'at')::timestamptz >= p.at - pg_catalog.make_interval(secs => 2 * m.interval_seconds)) >= m.quorum
           end failed,
           -- Mute windows are few: only monitors of a tenant that has one are looked at.
           case when m.tenant_id in (select w.tenant_id from vigil.alert_mute_windows w where w.enabled)
                then vigil._monitor_in_maintenance(m.tenant_id, m.name, p_now) else false end maintenance
    from per p join locked m on m.id = p.monitor_id
  ), judged as (
    select c.*,
           case when c.failed then c.is_down or c.failures + 1 > c.retries
                else c.is_down and c.successes + 1 < c.recovery_successes end new_down
    from counted c
  ), upd as (
    update vigil.monitors m
    set region_status = j.merged,
        failures = case when j.failed then j.failures + 1 else 0 end,
        successes = case when j.failed then 0 else j.successes + 1 end,
        is_down = j.new_down,
        last_checked_at = j.at, last_ok = not j.failed, last_message = coalesce(j.reason, 'OK'),
        last_duration_ms = j.duration_ms, last_status_code = j.status_code,
        cert_days_left = coalesce(j.cert_days_left, m.cert_days_left), started_at = null,
        last_ping_at = case when j.type = 'heartbeat' then j.at else m.last_ping_at end,
        next_check_at = j.next_check_at || (select pg_catalog.jsonb_object_agg(x, j.at + pg_catalog.make_interval(secs =>
          case when j.failed and j.failures + 1 <= j.retries then j.retry_interval_seconds else j.interval_seconds end))
          from pg_catalog.unnest(j.region_list) x),
        state = x.state, state_since = case when x.state <> m.state then p_now else m.state_since end
    from judged j
    cross join lateral (select vigil._monitor_state(j.paused, j.maintenance, j.new_down, j.failed, j.degraded_ms < j.duration_ms) state) x
    where m.id = j.id
    returning 1
  )
  select (select pg_catalog.count(*) from ins), (select pg_catalog.count(*) from upd) into v_events, v_moved;
  return pg_catalog.jsonb_build_object('events', v_events, 'monitors', v_moved);
end
$_$;

ALTER FUNCTION vigil._record_check_results(p_results jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _record_check_results(p_results jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._record_check_results(p_results jsonb, p_now timestamp with time zone) IS 'The body of vigil.record_check_results without the caller check, for the heartbeat paths that checked their token already. Internal.';

--
-- Name: _record_system_event(text, text, double precision, jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone DEFAULT now()) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_trusted('Only the service role or a database session may record system events.');
  perform vigil._ensure_partition((p_at at time zone 'UTC')::date);
  insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, source, attributes)
  values (vigil.system_tenant_id(), p_kind, pg_catalog.left(p_name, 200), p_at, p_value,
          coalesce(p_attributes ->> 'level', 'info') not in ('error', 'critical'), 'vigil',
          coalesce(p_attributes, '{}'::jsonb));
end
$$;

ALTER FUNCTION vigil._record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone) IS 'Stores one event of the system tenant. success is false for log events of level error or critical.';

--
-- Name: _register_alert_metric(text, regprocedure, text, boolean, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
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
$_$;

ALTER FUNCTION vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) OWNER TO postgres;

--
-- Name: FUNCTION _register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) IS 'Adds or replaces a custom alert metric. Trusted callers only: the function runs inside every evaluation.';

--
-- Name: _report_deployment(text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t vigil.deploy_targets := vigil._deploy_key_target(p_key);
  d vigil.deployments;
  v_unknown text;
  v_status text := coalesce(p_deployment ->> 'status', 'ready');
  v_at timestamptz;
  v_id uuid;
  v_created boolean := false;
begin
  if p_deployment is null or pg_catalog.jsonb_typeof(p_deployment) <> 'object' then
    raise exception using errcode = '22023', message = 'deployment must be a JSON object.';
  end if;
  select k into v_unknown from pg_catalog.jsonb_object_keys(p_deployment) k
  where k not in ('id', 'status', 'version', 'commit', 'ref', 'url', 'environment', 'actor', 'at') limit 1;
  if v_unknown is not null then
    raise exception using errcode = '22023', message = pg_catalog.format('unknown field %s.', v_unknown);
  end if;
  if pg_catalog.jsonb_typeof(p_deployment -> 'id') is distinct from 'string' or pg_catalog.length(p_deployment ->> 'id') not between 1 and 200 then
    raise exception using errcode = '22023', message = 'id is required: the provider''s or CI''s deployment id, 1 to 200 characters.';
  end if;
  if v_status not in ('building', 'ready', 'build_failed') then
    raise exception using errcode = '22023', message = 'status must be building, ready or build_failed (smoke results go to report_smoke).';
  end if;
  if p_deployment ? 'environment' and p_deployment ->> 'environment' <> t.environment then
    raise exception using errcode = '22023',
      message = pg_catalog.format('This deploy key is for the %s environment of target %s, not %s.', t.environment, t.name, p_deployment ->> 'environment');
  end if;
  begin
    v_at := coalesce((p_deployment ->> 'at')::timestamptz, p_now);
  exception when others then
    raise exception using errcode = '22023', message = 'at must be an ISO timestamp with a time zone.';
  end;

  insert into vigil.deployments (tenant_id, target_id, external_id, environment, version, commit_sha, ref, url, actor, status,
                                 status_since, created_at)
  values (t.tenant_id, t.id, p_deployment ->> 'id', t.environment, coalesce(p_deployment ->> 'version', p_deployment ->> 'commit'),
          p_deployment ->> 'commit', p_deployment ->> 'ref', p_deployment ->> 'url', p_deployment ->> 'actor', 'building', v_at, v_at)
  on conflict (target_id, external_id) do update
  set version = coalesce(excluded.version, vigil.deployments.version), commit_sha = coalesce(excluded.commit_sha, vigil.deployments.commit_sha),
      ref = coalesce(excluded.ref, vigil.deployments.ref), url = coalesce(excluded.url, vigil.deployments.url),
      actor = coalesce(excluded.actor, vigil.deployments.actor)
  returning id, (xmax = 0) into v_id, v_created;
  select * into d from vigil.deployments where id = v_id;
  if v_created then
    insert into vigil.deployment_history (tenant_id, deployment_id, from_status, to_status, at, actor, note)
    values (d.tenant_id, d.id, null, 'building', v_at, d.actor, 'reported');
  end if;
  d := vigil._deploy_advance(d.id, v_status, v_at, d.actor);
  return pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'status', d.status, 'created', v_created);
end
$$;

ALTER FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) IS 'What report_deployment does, as the owner: the deploy key decides the tenant and target; the same deployment id twice is one row.';

--
-- Name: _report_smoke(text, text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  t vigil.deploy_targets := vigil._deploy_key_target(p_key);
  d vigil.deployments;
begin
  select * into d from vigil.deployments where target_id = t.id and external_id = p_deployment;
  if d.id is null then
    raise exception using errcode = 'PT404', message = 'This target has no deployment with that id: report it first.';
  end if;
  d := vigil._apply_smoke(d.id, p_results, p_now, 'ci');
  return pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'status', d.status, 'smoke_passed', d.smoke_passed);
end
$$;

ALTER FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) IS 'What report_smoke does, as the owner, for the deploy key''s target only.';

--
-- Name: _request_rollback(uuid, uuid, text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_action bigint;
begin
  perform vigil._require_owner_of('vigil.deployments', p_deployment, 'operator', 'deployment');
  v_action := vigil._enqueue_rollback(p_deployment, p_to, p_now, coalesce(auth.uid()::text, 'service_role'), coalesce(p_reason, 'requested by hand'));
  return (select pg_catalog.jsonb_build_object('action', a.id, 'deployment', a.deployment_id, 'to', a.to_deployment_id, 'status', d.status)
          from vigil.deploy_actions a join vigil.deployments d on d.id = a.deployment_id where a.id = v_action);
end
$$;

ALTER FUNCTION vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: _requeue_notification(bigint); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._requeue_notification(p_notification bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_owner_of('vigil.alert_notifications', p_notification, 'operator', 'notification');
  update vigil.alert_notifications
  set status = 'pending', attempts = 0, next_attempt_at = pg_catalog.now(), dead_at = null
  where id = p_notification and status = 'dead';
  if not found then
    raise exception using errcode = '22023', message = 'Only a dead-lettered notification can be retried.';
  end if;
end
$$;

ALTER FUNCTION vigil._requeue_notification(p_notification bigint) OWNER TO postgres;

--
-- Name: _require_backup_manager(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._require_backup_manager(p_what text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501',
      message = pg_catalog.format('Only the service role or a database administrator may %s: a backup holds every tenant''s data.', p_what);
  end if;
end
$$;

ALTER FUNCTION vigil._require_backup_manager(p_what text) OWNER TO postgres;

--
-- Name: FUNCTION _require_backup_manager(p_what text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._require_backup_manager(p_what text) IS 'Raises 42501 unless the caller is the service role or a DBA session: backups and restores cover every tenant.';

--
-- Name: jobs; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.jobs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    expected_items integer,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    created_by uuid,
    CONSTRAINT jobs_expected_items_check CHECK ((expected_items >= 0)),
    CONSTRAINT jobs_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT jobs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text])))
);

ALTER TABLE vigil.jobs OWNER TO postgres;

--
-- Name: TABLE jobs; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.jobs IS 'A batch job (backfill, data migration) whose items are tracked in vigil.job_items.';

--
-- Name: COLUMN jobs.expected_items; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.jobs.expected_items IS 'How many items the job will touch, when known up front; completion percent and ETA are measured against it.';

--
-- Name: _require_job(uuid, vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._require_job(p_job uuid, p_min vigil.member_role) RETURNS vigil.jobs
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_tenant uuid := vigil._job_tenant(p_job);
  v_job vigil.jobs;
begin
  perform vigil._require_owner(v_tenant, p_min, 'job');
  select * into v_job from vigil.jobs where id = p_job;
  return v_job;
end
$$;

ALTER FUNCTION vigil._require_job(p_job uuid, p_min vigil.member_role) OWNER TO postgres;

--
-- Name: _require_owner(uuid, vigil.member_role, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if p_tenant is null or not vigil.has_role(p_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of the tenant that owns this %s.', vigil._role_with_article(p_min), p_thing);
  end if;
end
$$;

ALTER FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) IS 'Raises 42501 "You must be an admin of the tenant that owns this <thing>." unless the caller holds at least p_min in p_tenant (null: no such thing).';

--
-- Name: _require_owner_of(regclass, anyelement, vigil.member_role, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_tenant uuid;
begin
  execute pg_catalog.format('select tenant_id from %s where id = $1', p_table) into v_tenant using p_id;
  perform vigil._require_owner(v_tenant, p_min, p_thing);
  return v_tenant;
end
$_$;

ALTER FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) IS 'The tenant of row p_id of p_table (a Vigil table with id and tenant_id), after vigil._require_owner: 42501 unless the caller holds at least p_min there.';

--
-- Name: _require_trusted(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._require_trusted(p_message text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = p_message;
  end if;
end
$$;

ALTER FUNCTION vigil._require_trusted(p_message text) OWNER TO postgres;

--
-- Name: FUNCTION _require_trusted(p_message text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._require_trusted(p_message text) IS 'Raises 42501 with p_message unless the caller is the service role or a database session (vigil._caller_is_trusted).';

--
-- Name: _role_with_article(vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._role_with_article(p_role vigil.member_role) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$ select case p_role when 'viewer' then 'a viewer' when 'operator' then 'an operator' else 'an admin' end $$;

ALTER FUNCTION vigil._role_with_article(p_role vigil.member_role) OWNER TO postgres;

--
-- Name: FUNCTION _role_with_article(p_role vigil.member_role); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._role_with_article(p_role vigil.member_role) IS 'The role with its article, for error sentences: "an admin".';

--
-- Name: _rollback_suppressed(vigil.deploy_targets, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._rollback_suppressed(t vigil.deploy_targets, p_now timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case
    when exists (select 1 from vigil.deploy_actions a where a.target_id = t.id and a.kind = 'rollback'
                 and a.created_at > p_now - t.rollback_cooldown and a.created_at <= p_now)
      then pg_catalog.format('within the cooldown of %s after the previous rollback', t.rollback_cooldown)
    when (select pg_catalog.count(*) from vigil.deploy_actions a where a.target_id = t.id and a.kind = 'rollback'
          and a.created_at > p_now - interval '1 day' and a.created_at <= p_now) >= t.max_rollbacks_per_day
      then pg_catalog.format('the cap of %s automatic rollbacks a day is reached', t.max_rollbacks_per_day)
  end
$$;

ALTER FUNCTION vigil._rollback_suppressed(t vigil.deploy_targets, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: _rollup_stats(uuid, timestamp with time zone, timestamp with time zone, text, text, interval, boolean, text[], vigil.unfolded_event[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text DEFAULT NULL::text, p_name text DEFAULT NULL::text, p_slot interval DEFAULT NULL::interval, p_by_name boolean DEFAULT true, p_percentile_names text[] DEFAULT NULL::text[], p_unfolded vigil.unfolded_event[] DEFAULT NULL::vigil.unfolded_event[]) RETURNS TABLE(slot_start timestamp with time zone, kind text, name text, count bigint, errors bigint, timed bigint, avg_ms double precision, p50_ms double precision, p95_ms double precision, p99_ms double precision, min_ms double precision, max_ms double precision, error_types jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
begin
  -- Each (slot, kind, name) gets a small integer id, so the heavy steps (unnest, group by bucket,
  -- running sums) hash and sort integers, not timestamps and text.
  return query
  with parts as materialized (
    select x.*, (pg_catalog.dense_rank() over (order by x.s, x.k, x.n))::integer gid
    from vigil._stats_parts(p_tenant, p_since, p_until, p_kind, p_name, p_slot, p_by_name, p_unfolded) x
  ), tot as materialized (
    select g.*, pg_catalog.ceil(0.50::float8 * g.tm) r50, pg_catalog.ceil(0.95::float8 * g.tm) r95,
           pg_catalog.ceil(0.99::float8 * g.tm) r99
    from (select p.gid, pg_catalog.min(p.s) s, pg_catalog.min(p.k) k, pg_catalog.min(p.n) n,
                 pg_catalog.sum(p.c)::bigint c, pg_catalog.sum(p.er)::bigint er, pg_catalog.sum(p.tm)::bigint tm,
                 pg_catalog.sum(p.sm) sm, pg_catalog.min(p.mn) mn, pg_catalog.max(p.mx) mx
          from parts p group by p.gid) g
  ), coarse as materialized (
    -- Step 1: merge the coarse level (a few entries a row) and find, per group and quantile, the
    -- coarse bucket holding the rank percentile_disc uses (ceil(p * n)), and the rank inside it.
    -- Two set-returning functions in the select list run in step (a ProjectSet), much cheaper than
    -- a lateral unnest(a, b), which fills a tuplestore per row.
    -- Only for the names matching the LIKE patterns asked for (null: all), when a caller needs
    -- percentiles of a few series only (alert rules on one operation's latency): merging histograms
    -- is most of the work.
    select x.gid, x.ck, pg_catalog.sum(x.cc)::bigint n
    from (select p.gid, pg_catalog.unnest(p.ck) ck, pg_catalog.unnest(p.cc) cc from parts p
          where p_percentile_names is null or p.n like any (p_percentile_names)) x
    group by x.gid, x.ck
  ), ccum as (
    select c.gid, c.ck, c.n, pg_catalog.sum(c.n) over (partition by c.gid order by c.ck) running from coarse c
  ), targets as materialized (
    select c.gid, r.q, c.ck, r.rank - (c.running - c.n) inner_rank
    from ccum c join tot t on t.gid = c.gid
    cross join lateral (values (1, t.r50), (2, t.r95), (3, t.r99)) r(q, rank)
    where c.running - c.n < r.rank and c.running >= r.rank
  ), fine as materialized (
    -- Step 2: merge only the fine entries inside those coarse buckets (a slice of each row).
    select y.gid, y.q, y.key, pg_catalog.sum(y.cnt)::bigint cnt
    from (select z.gid, z.q, pg_catalog.unnest(z.hk[z.cs[z.j] : coalesce(z.cs[z.j + 1], pg_catalog.cardinality(z.hk) + 1) - 1]) key,
                 pg_catalog.unnest(z.hc[z.cs[z.j] : coalesce(z.cs[z.j + 1], pg_catalog.cardinality(z.hk) + 1) - 1]) cnt
          from (select p.gid, g.q, p.hk, p.hc, p.cs, pg_catalog.array_position(p.ck, g.ck) j
                from parts p join targets g on g.gid = p.gid) z
          where z.j is not null) y
    group by y.gid, y.q, y.key
  ), fcum as (
    select f.gid, f.q, f.key, pg_catalog.sum(f.cnt) over (partition by f.gid, f.q order by f.key) running from fine f
  ), q as (
    -- A bucket's value, 2·1.02^k / 2.02 (0 for bucket -400, see the histogram note of the rollups
    -- migration), for the first key whose running count reaches the rank.
    select v.gid,
           pg_catalog.min(v.ms) filter (where v.q = 1) p50,
           pg_catalog.min(v.ms) filter (where v.q = 2) p95,
           pg_catalog.min(v.ms) filter (where v.q = 3) p99
    from (select f.gid, f.q, case when pg_catalog.min(f.key) = -400 then 0::double precision
                                   else 2 * pg_catalog.power(1.02::double precision, pg_catalog.min(f.key)) / 2.02 end ms
          from fcum f join targets g on g.gid = f.gid and g.q = f.q
          where f.running >= g.inner_rank
          group by f.gid, f.q) v
    group by v.gid
  ), et as (
    select x.gid, pg_catalog.jsonb_object_agg(x.key, x.total) types
    from (select g.gid, j.key, pg_catalog.sum(j.value::bigint) total
          from parts g cross join lateral pg_catalog.jsonb_each_text(g.et) j
          where g.et <> '{}'::jsonb
          group by g.gid, j.key) x
    group by x.gid
  )
  select t.s, t.k, t.n, t.c, t.er, t.tm,
         case when t.tm > 0 then t.sm / t.tm end,
         -- Clamped to the observed min and max.
         greatest(least(q.p50, t.mx), t.mn), greatest(least(q.p95, t.mx), t.mn), greatest(least(q.p99, t.mx), t.mn),
         t.mn, t.mx, coalesce(et.types, '{}'::jsonb)
  from tot t
  left join q on q.gid = t.gid
  left join et on et.gid = t.gid;
end
$$;

ALTER FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]) OWNER TO postgres;

--
-- Name: FUNCTION _rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]) IS 'Counts, errors, avg/p50/p95/p99/min/max ms and failures by type in [p_since, p_until), per slot and (kind, name), from vigil._stats_parts (rollups for whole buckets, raw events for the rest). Percentiles are within 1% of percentile_disc; with p_percentile_names (LIKE patterns), only for the names that match one (null for the others); p_unfolded is passed on to vigil._stats_parts.';

--
-- Name: _rotate_deploy_key(uuid, interval); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) RETURNS jsonb
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select vigil._rotate_key('vigil.deploy_keys', p_key_id, p_grace, 'deploy key') $$;

ALTER FUNCTION vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) OWNER TO postgres;

--
-- Name: _rotate_ingest_key(uuid, interval); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) RETURNS jsonb
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select vigil._rotate_key('vigil.ingest_keys', p_key_id, p_grace, 'ingest key') $$;

ALTER FUNCTION vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) OWNER TO postgres;

--
-- Name: _rotate_key(regclass, uuid, interval, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_prefix text;
  v_key text;
begin
  perform vigil._require_owner_of(p_table, p_key_id, 'admin', p_thing);
  if p_grace is null or p_grace < interval '0' or p_grace > interval '30 days' then
    raise exception using errcode = '22023', message = 'grace must be between 0 and 30 days.';
  end if;
  execute pg_catalog.format('select pg_catalog.left(key_prefix, 3) from %s where id = $1', p_table) into v_prefix using p_key_id;
  v_key := vigil._new_key(v_prefix);
  execute pg_catalog.format($f$
    update %s
    set previous_key_hash = case when $2 > interval '0' then key_hash end,
        previous_valid_until = case when $2 > interval '0' then pg_catalog.now() + $2 end,
        key_hash = vigil._hash_key($3),
        key_prefix = pg_catalog.left($3, 11),
        rotated_at = pg_catalog.now()
    where id = $1$f$, p_table) using p_key_id, p_grace, v_key;
  return pg_catalog.jsonb_build_object('id', p_key_id, 'key', v_key, 'prefix', pg_catalog.left(v_key, 11),
    'previous_valid_until', case when p_grace > interval '0' then pg_catalog.now() + p_grace end);
end
$_$;

ALTER FUNCTION vigil._rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text) IS 'Replaces the secret of key p_key_id of key table p_table (admins of its tenant), keeping the old one valid for p_grace; returns the new key once.';

--
-- Name: _run_heal_rule(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._run_heal_rule(p_rule uuid, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'operator');
  v_run vigil.heal_runs;
begin
  v_run := vigil._heal_run(v_rule, p_now, 'manual');
  return pg_catalog.to_jsonb(v_run);
end
$$;

ALTER FUNCTION vigil._run_heal_rule(p_rule uuid, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: backups; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.backups (
    id bigint NOT NULL,
    policy text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    target text NOT NULL,
    location text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    snapshot text,
    server_version text,
    migration text,
    schema_hash text,
    table_count integer,
    row_count bigint,
    byte_count bigint,
    tables jsonb,
    error text,
    verified_at timestamp with time zone,
    verify_ok boolean,
    verify_error text,
    pruned_at timestamp with time zone,
    CONSTRAINT backups_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'pruned'::text]))),
    CONSTRAINT backups_target_check CHECK ((target = ANY (ARRAY['local'::text, 'storage'::text])))
);

ALTER TABLE vigil.backups OWNER TO postgres;

--
-- Name: TABLE backups; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.backups IS 'One backup run: running until the CLI records its manifest (succeeded) or its error (failed); pruned once its files are deleted. Database-wide.';

--
-- Name: COLUMN backups.location; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backups.location IS 'The folder or the Storage bucket/prefix that holds manifest.json and the parts.';

--
-- Name: COLUMN backups.snapshot; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backups.snapshot IS 'The exported snapshot every table was read in: all tables are as of one moment.';

--
-- Name: COLUMN backups.tables; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backups.tables IS 'Per table, from the manifest: rows and the order-free content checksum computed inside the snapshot.';

--
-- Name: COLUMN backups.verify_ok; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.backups.verify_ok IS 'The last verify: every file downloaded and its sha256 and row count matched the manifest.';

--
-- Name: _running_backup(bigint); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._running_backup(p_backup bigint) RETURNS vigil.backups
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_backup vigil.backups;
begin
  select * into v_backup from vigil.backups b where b.id = p_backup;
  if v_backup.id is null then
    raise exception using errcode = 'P0002', message = pg_catalog.format('Backup %s does not exist.', p_backup);
  end if;
  return v_backup;
end
$$;

ALTER FUNCTION vigil._running_backup(p_backup bigint) OWNER TO postgres;

--
-- Name: FUNCTION _running_backup(p_backup bigint); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._running_backup(p_backup bigint) IS 'The backup with this id, or P0002 naming it.';

--
-- Name: _save_monitor(vigil.monitors, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  -- Checked again here: this is the privileged half, and a direct call must meet the same checks.
  m vigil.monitors := vigil._apply_monitor_json(p_monitor, '{}'::jsonb);
begin
  perform vigil.require_role(m.tenant_id, 'admin');
  -- Only configuration is taken from the caller: state starts fresh, and an existing monitor is
  -- changed only within its own tenant.
  insert into vigil.monitors (id, tenant_id, name, type, url, method, headers, secret_headers, body, expected_status, keyword,
    keyword_absent, json_path, json_expected, interval_seconds, timeout_ms, retries, retry_interval_seconds, recovery_successes,
    degraded_ms, regions, quorum, period_seconds, grace_seconds, schedule, paused, state)
  values (m.id, m.tenant_id, m.name, m.type, m.url, m.method, m.headers, m.secret_headers, m.body, m.expected_status, m.keyword,
    m.keyword_absent, m.json_path, m.json_expected, m.interval_seconds, m.timeout_ms, m.retries, m.retry_interval_seconds,
    m.recovery_successes, m.degraded_ms, m.regions, m.quorum, m.period_seconds, m.grace_seconds, m.schedule, m.paused,
    case when m.paused then 'paused' else 'pending' end)
  on conflict (id) do update set name = excluded.name, url = excluded.url, method = excluded.method,
    headers = excluded.headers, secret_headers = excluded.secret_headers, body = excluded.body,
    expected_status = excluded.expected_status, keyword = excluded.keyword, keyword_absent = excluded.keyword_absent,
    json_path = excluded.json_path, json_expected = excluded.json_expected, interval_seconds = excluded.interval_seconds,
    timeout_ms = excluded.timeout_ms, retries = excluded.retries, retry_interval_seconds = excluded.retry_interval_seconds,
    recovery_successes = excluded.recovery_successes, degraded_ms = excluded.degraded_ms, regions = excluded.regions,
    quorum = excluded.quorum, period_seconds = excluded.period_seconds,
    grace_seconds = excluded.grace_seconds, schedule = excluded.schedule, paused = excluded.paused,
    state = case when excluded.paused then 'paused' when vigil.monitors.state = 'paused' then 'pending' else vigil.monitors.state end,
    next_check_at = '{}'::jsonb
  where vigil.monitors.tenant_id = excluded.tenant_id and vigil.monitors.type = excluded.type
  returning * into m;
  if m.id is null then
    raise exception using errcode = '42501', message = 'You must be an admin of the tenant that owns this monitor.';
  end if;
  if p_token is not null then
    insert into vigil.monitor_tokens (monitor_id, tenant_id, token_hash) values (m.id, m.tenant_id, vigil._hash_key(p_token))
    on conflict (monitor_id) do update set token_hash = excluded.token_hash;
  end if;
  return vigil._monitor_json(m) || case when p_token is not null then pg_catalog.jsonb_build_object('ping_token', p_token) else '{}'::jsonb end;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A monitor named %L already exists in this tenant.', p_monitor.name);
end
$$;

ALTER FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) OWNER TO postgres;

--
-- Name: FUNCTION _save_monitor(p_monitor vigil.monitors, p_token text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) IS 'Stores a checked monitor (tenant admins): security definer because tenants may not write state columns or the token hash directly.';

--
-- Name: _schedule(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._schedule(p_every text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_jobid bigint;
  v_seconds integer;
begin
  perform vigil._require_trusted('Only the service role or a database administrator may schedule maintenance.');
  if pg_catalog.to_regnamespace('cron') is null then
    raise exception using errcode = '55000',
      message = 'pg_cron is not installed in this database, so maintenance cannot be scheduled.',
      hint = 'Enable the pg_cron extension (Supabase: Database > Extensions), then call vigil_api.schedule() again; or run select vigil.run_maintenance() from any scheduler every minute.';
  end if;
  if p_every is null or pg_catalog.btrim(p_every) = '' then
    raise exception using errcode = '22023', message = 'A schedule is required, for example ''* * * * *''.';
  end if;
  v_seconds := vigil._cron_interval_seconds(p_every);
  begin
    -- Named job: pg_cron upserts by name, so scheduling twice changes the schedule and keeps one job.
    -- The command is one function call; nothing secret is ever written into it.
    execute 'select cron.schedule($1, $2, $3)' into v_jobid
      using 'vigil-maintenance', p_every, 'select vigil.run_maintenance()';
  exception when invalid_parameter_value or internal_error then
    raise exception using errcode = '22023',
      message = pg_catalog.format('%L is not a schedule pg_cron accepts.', p_every),
      hint = 'Use cron syntax, for example ''* * * * *'' (every minute) or ''*/5 * * * *''.';
  end;
  -- The watchdog: alert evaluation on its own every 5 minutes, so a maintenance run that stopped or
  -- hangs still pages through heartbeat_missing (which only the evaluator outside maintenance sees).
  execute 'select cron.schedule($1, $2, $3)' using 'vigil-watchdog', '*/5 * * * *', 'select vigil.evaluate_alerts()';
  update vigil.maintenance_settings
  set schedule = p_every, scheduled_at = pg_catalog.now(), interval_seconds = coalesce(v_seconds, 3600);
  return pg_catalog.jsonb_build_object('job', 'vigil-maintenance', 'jobid', v_jobid, 'schedule', p_every,
    'watchdog', 'vigil-watchdog',
    'interval_seconds', coalesce(v_seconds, 3600));
end
$_$;

ALTER FUNCTION vigil._schedule(p_every text) OWNER TO postgres;

--
-- Name: _set_deploy_key_enabled(uuid, boolean); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select vigil._set_key_enabled('vigil.deploy_keys', p_key_id, p_enabled, 'deploy key') $$;

ALTER FUNCTION vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) OWNER TO postgres;

--
-- Name: _set_ingest_key_enabled(uuid, boolean); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$ select vigil._set_key_enabled('vigil.ingest_keys', p_key_id, p_enabled, 'ingest key') $$;

ALTER FUNCTION vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) OWNER TO postgres;

--
-- Name: _set_key_enabled(regclass, uuid, boolean, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
begin
  perform vigil._require_owner_of(p_table, p_key_id, 'admin', p_thing);
  execute pg_catalog.format('update %s set enabled = $2, disabled_at = case when $2 then null else pg_catalog.now() end where id = $1', p_table)
    using p_key_id, p_enabled;
end
$_$;

ALTER FUNCTION vigil._set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text) IS 'Enables or disables key p_key_id of key table p_table (admins of its tenant).';

--
-- Name: _set_member(uuid, uuid, vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  if p_role is null then
    if not exists (select 1 from vigil.members where tenant_id = p_tenant and user_id = p_user) then
      raise exception using errcode = 'P0002', message = 'That user is not a member of this tenant.';
    end if;
    delete from vigil.members where tenant_id = p_tenant and user_id = p_user;
  else
    if not exists (select 1 from auth.users where id = p_user) then
      raise exception using errcode = 'P0002', message = 'No user has that id.';
    end if;
    insert into vigil.members (tenant_id, user_id, role) values (p_tenant, p_user, p_role)
    on conflict (tenant_id, user_id) do update set role = excluded.role;
  end if;
  -- A tenant nobody can administer is lost to its users: keep at least one admin.
  if not exists (select 1 from vigil.members where tenant_id = p_tenant and role = 'admin') then
    raise exception using errcode = '22023', message = 'A tenant must keep at least one admin.';
  end if;
end
$$;

ALTER FUNCTION vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) OWNER TO postgres;

--
-- Name: _settle_outbox(regclass, bigint, uuid, text, text, double precision, timestamp with time zone, integer, interval, interval, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_status text;
  v_attempts integer;
  v_token uuid;
  v_tenant uuid;
  v_id bigint;
  v_new text;
  v_next timestamptz;
begin
  if p_outcome is null or p_outcome not in ('delivered', 'retry', 'permanent', 'refused', 'wait') then
    raise exception using errcode = '22023', message = 'outcome must be one of delivered, retry, permanent, refused, wait.';
  end if;
  if p_claim is null then
    raise exception using errcode = '22023', message = 'A result is recorded with the claim token its claim returned.';
  end if;
  execute pg_catalog.format('select id, status, attempts, claim_token, tenant_id from %s where id = $1 for update', p_table)
    into v_id, v_status, v_attempts, v_token, v_tenant using p_id;
  if v_id is null then
    raise exception using errcode = 'P0002', message = pg_catalog.format('No %s has that id.', p_thing);
  end if;
  -- The claim was lost: the lease passed and another worker claimed the row again (new token), or
  -- that worker already recorded it. Its result stands; this late one is not recorded, and the
  -- caller learns it must stop.
  if v_status <> 'sending' or v_token is distinct from p_claim then
    return pg_catalog.jsonb_build_object('id', p_id, 'recorded', false, 'status', v_status, 'attempts', v_attempts);
  end if;

  if p_outcome = 'delivered' then
    v_new := 'delivered';
  elsif p_outcome = 'wait' then
    -- Not a failure: the receiver accepted and the outcome is to be asked for again later (a
    -- provider's job still running). It does not use up an attempt.
    v_new := 'retrying';
    v_attempts := v_attempts - 1;
    v_next := p_now + pg_catalog.make_interval(secs => greatest(coalesce(p_retry_after_seconds, 0), 0));
  elsif p_outcome in ('permanent', 'refused') or v_attempts >= p_max_attempts then
    v_new := 'dead';
  else
    v_new := 'retrying';
    -- retry-after is the receiver's own word and is honoured as given; otherwise exponential
    -- backoff with full jitter in its upper half, so a burst of failures does not retry in step.
    v_next := p_now + case
      when p_retry_after_seconds is not null then pg_catalog.make_interval(secs => greatest(p_retry_after_seconds, 0))
      else least(p_backoff_cap, p_backoff_base * pg_catalog.power(2, greatest(v_attempts - 1, 0))) * (0.5 + pg_catalog.random() / 2)
    end;
  end if;
  execute pg_catalog.format($f$
    update %s
    set status = $2, lease_until = null, claim_token = null, attempts = $3,
        next_attempt_at = coalesce($4, next_attempt_at),
        delivered_at = case when $2 = 'delivered' then $5 end,
        dead_at = case when $2 = 'dead' then $5 end,
        last_error = case when $2 = 'delivered' then null else pg_catalog.left($6, 300) end
    where id = $1$f$, p_table)
  using p_id, v_new, v_attempts, v_next, p_now, p_error;
  return pg_catalog.jsonb_build_object('id', p_id, 'recorded', true, 'status', v_new, 'attempts', v_attempts,
                                       'next_attempt_at', v_next, 'tenant_id', v_tenant);
end
$_$;

ALTER FUNCTION vigil._settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text) OWNER TO postgres;

--
-- Name: FUNCTION _settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text) IS 'Records the outcome of claimed row p_id of outbox p_table under its claim token: delivered; wait (ask again after p_retry_after_seconds, no attempt used); retry (after retry-after, else exponential backoff with jitter); dead after permanent, refused or p_max_attempts. A token that is no longer the row''s records nothing: recorded = false.';

--
-- Name: _slo_burn(double precision, double precision, double precision); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_total is null or p_total <= 0 then null
              else (1 - least(greatest(p_good / p_total, 0), 1)) / (1 - p_objective) end
$$;

ALTER FUNCTION vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision) OWNER TO postgres;

--
-- Name: _slo_counts(uuid, text, text, double precision, timestamp with time zone, timestamp with time zone, vigil.unfolded_event[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[] DEFAULT NULL::vigil.unfolded_event[], OUT total bigint, OUT bad bigint) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(pg_catalog.sum(p.c), 0)::bigint,
         (coalesce(pg_catalog.sum(p.er), 0)
          + case when p_threshold_ms is null then 0 else
              coalesce(pg_catalog.sum((select pg_catalog.sum(u.c) from unnest(p.hk, p.hc) u(k, c) where u.k > vigil._hist_key(p_threshold_ms))), 0)
            - coalesce(pg_catalog.sum((select pg_catalog.sum(u.c) from unnest(p.fk, p.fc) u(k, c) where u.k > vigil._hist_key(p_threshold_ms))), 0)
            end)::bigint
  from vigil._stats_parts(p_tenant, p_since, p_until, p_kind, p_name, null, false, p_unfolded) p
$$;

ALTER FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint) OWNER TO postgres;

--
-- Name: FUNCTION _slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint) IS 'Events and bad events (failed, or slower than the threshold) of one operation in [p_since, p_until); p_unfolded as for vigil._stats_parts.';

--
-- Name: _spend_key_budget(regclass, uuid, integer, integer, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_used integer;
begin
  execute pg_catalog.format($f$
    insert into %s as u (key_id, minute, events) values ($1, pg_catalog.date_trunc('minute', pg_catalog.now()), $2)
    on conflict (key_id, minute) do update set events = u.events + excluded.events
    returning u.events$f$, p_usage) into v_used using p_key_id, p_count;
  if v_used > p_budget then
    raise exception using errcode = 'PT429',
      message = pg_catalog.format('This %s is over its budget of %s %s per minute.', p_thing, p_budget, p_unit),
      hint = 'Retry in the next minute.';
  end if;
end
$_$;

ALTER FUNCTION vigil._spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text) OWNER TO postgres;

--
-- Name: FUNCTION _spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text) IS 'Counts p_count uses of a key in this minute of usage table p_usage; PT429 (HTTP 429) when that takes it over p_budget (the caller''s transaction then undoes the count).';

--
-- Name: _split_table(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._split_table(p_table text, OUT schema_name text, OUT table_name text) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  v_parts text[];
begin
  begin
    v_parts := pg_catalog.parse_ident(p_table);
  exception when others then
    raise exception using errcode = '22023', message = pg_catalog.format('%L is not a table name.', p_table);
  end;
  if pg_catalog.cardinality(v_parts) = 1 then
    schema_name := 'public';
    table_name := v_parts[1];
  elsif pg_catalog.cardinality(v_parts) = 2 then
    schema_name := v_parts[1];
    table_name := v_parts[2];
  else
    raise exception using errcode = '22023', message = pg_catalog.format('%L is not a table name.', p_table);
  end if;
end
$$;

ALTER FUNCTION vigil._split_table(p_table text, OUT schema_name text, OUT table_name text) OWNER TO postgres;

--
-- Name: _stats_parts(uuid, timestamp with time zone, timestamp with time zone, text, text, interval, boolean, vigil.unfolded_event[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text DEFAULT NULL::text, p_name text DEFAULT NULL::text, p_slot interval DEFAULT NULL::interval, p_by_name boolean DEFAULT true, p_unfolded vigil.unfolded_event[] DEFAULT NULL::vigil.unfolded_event[]) RETURNS TABLE(s timestamp with time zone, k text, n text, c bigint, er bigint, tm bigint, sm double precision, mn double precision, mx double precision, hk smallint[], hc integer[], ck smallint[], cc integer[], cs integer[], fk smallint[], fc integer[], et jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
declare
  v_epoch constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
  v_widths constant interval[] :=
    array[interval '1 minute', interval '5 minutes', interval '15 minutes', interval '1 hour', interval '6 hours'];
  v_a timestamptz[] := array[null, null, null, null, null]::timestamptz[];
  v_b timestamptz[] := array[null, null, null, null, null]::timestamptz[];
  v_lo timestamptz;
  v_hi timestamptz;
  v_floor bigint;
  v_horizon xid;
  v_few boolean;
  v_open timestamptz;
  v_w interval;
  v_mfrom timestamptz;
  v_rs timestamptz;
  v_re timestamptz;
  v_kinds boolean := not p_by_name and p_name is null;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_since is null or p_until is null or p_until <= p_since then
    return;
  end if;
  select st.id_floor, st.xid_horizon::xid, st.minute_from into v_floor, v_horizon, v_mfrom from vigil.rollup_state st;
  select coalesce(q.last_value, 0) - v_floor <= 20000 into v_few from vigil.events_id_seq q;

  v_lo := p_since;
  v_hi := p_until;
  -- A window that ends inside a bucket (every "until now" does) takes that bucket's rollup row whole
  -- instead of reading its events, when the bucket holds nothing at or after p_until (an event
  -- stamped ahead of the clock; ingest allows 5 minutes): the row then counts exactly the events of
  -- [bucket start, p_until) that are folded, and the unfolded ones are added below as ever. A stable
  -- function's statements share one snapshot, so the check and the read agree. Only when the bucket
  -- is not also the window's first (a window inside one bucket reads raw). The bucket is the open
  -- minute where minute rows are complete, else the open 5 minutes.
  -- (vigil.kind_rollups has no minute rows: a kind's edges are read raw up to 5-minute boundaries.)
  v_w := case when pg_catalog.date_bin(v_widths[1], p_until, v_epoch) >= v_mfrom and not v_kinds then v_widths[1] else v_widths[2] end;
  v_open := pg_catalog.date_bin(v_w, p_until, v_epoch);
  if p_slot is null and v_open < p_until
     and v_open >= pg_catalog.date_bin(v_w, p_since - interval '1 microsecond', v_epoch) + v_w
     and not exists (select 1 from vigil.events e
                     where e.tenant_id = p_tenant and e.occurred_at >= p_until and e.occurred_at < v_open + v_w
                       and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)) then
    v_hi := v_open + v_w;
  end if;
  for l in 1..5 loop
    v_a[l] := pg_catalog.date_bin(v_widths[l], v_lo - interval '1 microsecond', v_epoch) + v_widths[l];
    v_b[l] := pg_catalog.date_bin(v_widths[l], v_hi, v_epoch);
    if v_b[l] <= v_a[l]
       or (p_slot is not null and (v_a[l] <> p_since
                                   or extract(epoch from p_slot)::numeric % extract(epoch from v_widths[l])::numeric <> 0)) then
      v_a[l] := v_hi;
      v_b[l] := v_hi;
    end if;
    v_lo := v_a[l];
    v_hi := v_b[l];
  end loop;
  -- The raw edges: [p_since, v_rs) and [v_re, p_until). A side whose minute rows are not complete
  -- (it lies before minute_from) is read raw up to its 5-minute boundary instead.
  v_rs := case when v_a[1] >= v_mfrom and not v_kinds then v_a[1] else v_a[2] end;
  v_re := case when v_b[2] >= v_mfrom and not v_kinds then v_b[1] else v_b[2] end;

  return query
  with ranges (grain, lo, hi) as (
    values (1::smallint, v_rs, v_a[2]), (1::smallint, v_b[2], v_re),
           (5::smallint, v_a[2], v_a[3]), (5::smallint, v_b[3], v_b[2]),
           (15::smallint, v_a[3], v_a[4]), (15::smallint, v_b[4], v_b[3]),
           (60::smallint, v_a[4], v_a[5]), (60::smallint, v_b[5], v_b[4]),
           (360::smallint, v_a[5], v_b[5])
  ), roll as (
    -- A kind's rows over all its names (vigil.kind_rollups) when names are neither asked for nor
    -- told apart: a row per bucket instead of one per name and bucket.
    select r.* from ranges g
    cross join lateral (
      select r.* from vigil.rollups r
      where not v_kinds and r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)
      union all
      select r.* from vigil.kind_rollups r
      where v_kinds and r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind)) r
    where g.hi > g.lo
  ), unfolded as materialized (
    select e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key from vigil.events_derived e
    where p_unfolded is null and v_few and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.inserted_by) <= pg_catalog.age(v_horizon))
      and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
  ), events as (
    -- Three scans, not one with an OR: each is an index range (the OR read the whole window).
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key from vigil.events_derived e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_rs
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key from vigil.events_derived e
    where e.tenant_id = p_tenant and e.occurred_at >= v_re and e.occurred_at < p_until
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    -- Not folded yet (see vigil.rollup_state): the open tail, and late events, of the rollup range.
    -- Few rows above the id floor (the usual case: the floor trails two passes): read them all
    -- through the BRIN index and filter, instead of AND-ing with the tenant's whole window in the
    -- (tenant_id, occurred_at) index, which costs as much as the window has events.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type, u.hist_key from unfolded u
    where u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key from vigil.events_derived e
    where p_unfolded is null and not v_few and e.tenant_id = p_tenant and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
      and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.inserted_by) <= pg_catalog.age(v_horizon))
    union all
    -- Or the caller's: this tenant's unfolded rows, read once for many calls (vigil._unfolded_events),
    -- in the snapshot this function sees (a stable function shares its caller's). A caller can only
    -- put rows into its own answer, for a tenant it may read.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type, u.hist_key from unnest(p_unfolded) u
    where u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
  ), raw as materialized (
    select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, e.occurred_at, p_since) end as s,
           case when p_by_name then e.kind::text end as k, case when p_by_name then e.name::text end as n,
           e.duration_ms, e.success, e.error_type, e.hist_key as key
    from events e
  ), raw_hist as (
    -- One pass over the raw rows: grouped per series and histogram key (events without a duration
    -- under a null key, which sorts last and is left out of the arrays), with the totals added up
    -- from those groups and the coarse level (as vigil._hist_coarse) from the same rows, not a
    -- function call per series. One sort serves the windows, and the aggregates read the keys in the
    -- order it left them (as the fold does), instead of sorting each array again.
    select h.s, h.k, h.n, pg_catalog.sum(h.cnt)::bigint c, pg_catalog.sum(h.f)::bigint er,
           (pg_catalog.sum(h.cnt) filter (where h.key is not null))::bigint tm, coalesce(pg_catalog.sum(h.sm), 0) sm,
           pg_catalog.min(h.mn) mn, pg_catalog.max(h.mx) mx,
           coalesce(pg_catalog.array_agg(h.key) filter (where h.key is not null), '{}') keys,
           coalesce(pg_catalog.array_agg(h.cnt) filter (where h.key is not null), '{}') counts,
           coalesce(pg_catalog.array_agg(h.f) filter (where h.f > 0 and h.key is not null), '{}') fcounts,
           coalesce(pg_catalog.array_agg(h.key) filter (where h.f > 0 and h.key is not null), '{}') fkeys,
           coalesce(pg_catalog.array_agg(h.ck) filter (where h.first and h.key is not null), '{}') ckeys,
           coalesce(pg_catalog.array_agg(h.cn) filter (where h.first and h.key is not null), '{}') ccounts,
           coalesce(pg_catalog.array_agg(h.i::integer) filter (where h.first and h.key is not null), '{}') cstarts
    from (select x.*, pg_catalog.row_number() over w i, pg_catalog.lag(x.ck) over w is distinct from x.ck first,
                 pg_catalog.sum(x.cnt) over (partition by x.s, x.k, x.n, x.ck)::integer cn
          from (select w.s, w.k, w.n, w.key, (w.key >> 4)::smallint ck, pg_catalog.count(*)::integer cnt,
                       pg_catalog.count(*) filter (where not w.success)::integer f,
                       pg_catalog.sum(w.duration_ms) sm, pg_catalog.min(w.duration_ms) mn, pg_catalog.max(w.duration_ms) mx
                from raw w group by 1, 2, 3, 4) x
          window w as (partition by x.s, x.k, x.n order by x.ck, x.key)) h
    group by 1, 2, 3
  ), raw_err as (
    select x.s, x.k, x.n, pg_catalog.jsonb_object_agg(x.t, x.cnt) types
    from (select w.s, w.k, w.n, coalesce(w.error_type, 'unknown') t, pg_catalog.count(*) cnt
          from raw w where not w.success group by 1, 2, 3, 4) x
    group by 1, 2, 3
  )
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, r.bucket_start, p_since) end,
         case when p_by_name then r.kind::text end, case when p_by_name then r.name::text end,
         r.count, r.errors, r.timed, r.sum_ms, r.min_ms, r.max_ms, r.hist_keys, r.hist_counts,
         r.coarse_keys, r.coarse_counts, r.coarse_starts, r.fail_keys, r.fail_counts, r.error_types
  from roll r
  union all
  select t.s, t.k, t.n, t.c, t.er, coalesce(t.tm, 0), t.sm, t.mn, t.mx, t.keys, t.counts, t.ckeys, t.ccounts, t.cstarts,
         t.fkeys, t.fcounts, coalesce(x.types, '{}'::jsonb)
  from raw_hist t
  left join raw_err x on x.s = t.s and x.k is not distinct from t.k and x.n is not distinct from t.n;
end
$$;

ALTER FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]) OWNER TO postgres;

--
-- Name: FUNCTION _stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]) IS 'The rollup buckets (coarsest that fit: 6 h, 1 h, 15 min, 5 min, and 1 min in the recent past) and the raw events, added up per slot and series, that make up [p_since, p_until), labelled by slot and (kind, name); vigil._rollup_stats and the SLO counts add them up. Checks viewer access first. p_unfolded: the tenant''s unfolded rows, when the caller read them once for many calls (vigil._unfolded_events).';

--
-- Name: _status_page(text, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_page vigil.status_pages;
  v_today date := (p_now at time zone 'UTC')::date;
  v_items jsonb;
  v_incidents jsonb;
begin
  select * into v_page from vigil.status_pages p where p.slug = p_slug and p.public;
  if v_page.id is null then
    raise exception using errcode = 'PT404', message = 'No public status page has that slug.';
  end if;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
           'name', coalesce(x.item ->> 'label', s.name, 'Service ' || x.n),
           'state', case when m.id is not null then case when m.state = 'paused' then 'unknown' else m.state end
                         when c.total_24h = 0 or c.total_24h is null then 'unknown'
                         when 1 - c.bad_24h::double precision / c.total_24h >= s.objective then 'up' else 'degraded' end,
           'uptime', pg_catalog.jsonb_build_object(
             '24h', case when c.total_24h > 0 then pg_catalog.round((1 - c.bad_24h::numeric / c.total_24h), 6) end,
             '7d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 7)::numeric, 6),
             '30d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 30)::numeric, 6),
             '90d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 90)::numeric, 6)),
           'days', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('day', d::date,
                      'uptime', case when (c.days -> (d::date)::text ->> 0)::bigint > 0
                                     then pg_catalog.round(1 - (c.days -> (d::date)::text ->> 1)::numeric / (c.days -> (d::date)::text ->> 0)::numeric, 6) end)
                      order by d)
                    from pg_catalog.generate_series(v_today - 89, v_today, interval '1 day') d)) order by x.n), '[]'::jsonb)
  into v_items
  from pg_catalog.jsonb_array_elements(v_page.items) with ordinality x(item, n)
  left join vigil.monitors m on m.tenant_id = v_page.tenant_id and m.id::text = x.item ->> 'monitor'
  left join vigil.slos s on s.tenant_id = v_page.tenant_id and s.id::text = x.item ->> 'slo'
  left join vigil.uptime_cache c on c.tenant_id = v_page.tenant_id and c.item_id = coalesce(m.id, s.id)
  where coalesce(m.id, s.id) is not null;

  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('title', i.title, 'status', i.status, 'impact', i.impact,
           'started_at', i.started_at, 'resolved_at', i.resolved_at,
           'updates', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', u.at, 'status', u.status, 'message', u.message)
                                                    order by u.at desc, u.id desc)
                       from vigil.incident_updates u where u.incident_id = i.id)) order by i.started_at desc), '[]'::jsonb)
  into v_incidents
  from vigil.incidents i
  where i.tenant_id = v_page.tenant_id and i.started_at <= p_now and (i.resolved_at is null or i.resolved_at > p_now - interval '14 days')
    and (i.monitor_ids = '{}' or i.monitor_ids && array(select (x ->> 'monitor')::uuid from pg_catalog.jsonb_array_elements(v_page.items) x
                                                        where x ? 'monitor'));

  return pg_catalog.jsonb_build_object('title', v_page.title, 'description', v_page.description,
    'status', case when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' = 'down') then 'major_outage'
                   when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' in ('degraded', 'pending')) then 'degraded'
                   when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' = 'maintenance') then 'maintenance'
                   else 'operational' end,
    'items', v_items, 'incidents', v_incidents, 'at', p_now);
end
$$;

ALTER FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _status_page(p_slug text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) IS 'A public status page''s public fields (see vigil_api.status_page). Security definer, for anon: it reads only the page named and the things it lists.';

--
-- Name: _step_alerts(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_alerts(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil._step_alerts(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_alerts(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_alerts(p_now timestamp with time zone) IS 'Maintenance step: evaluate_alerts(p_now), the run''s clock, then prune delivered and dead notifications older than 30 days.';

--
-- Name: _step_db_health(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_db_health(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.sample_db_health(p_now) - 'slow_statements' - 'longest_query' $$;

ALTER FUNCTION vigil._step_db_health(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_db_health(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_db_health(p_now timestamp with time zone) IS 'Maintenance step: one database health sample.';

--
-- Name: _step_deploy_watch(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_deploy_watch(p_now timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_result jsonb := vigil.deploy_watch(p_now);
begin
  delete from vigil.deploy_key_usage where minute < p_now - interval '1 hour';
  delete from vigil.deploy_webhook_deliveries where received_at < p_now - interval '7 days';
  return v_result;
end
$$;

ALTER FUNCTION vigil._step_deploy_watch(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_deploy_watch(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_deploy_watch(p_now timestamp with time zone) IS 'Maintenance step: deploy_watch at the run''s clock, then prune old key usage and webhook ids.';

--
-- Name: _step_heal(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_heal(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules;
  v_run vigil.heal_runs;
  v_rules integer := 0;
  v_changed integer := 0;
  v_would integer := 0;
  v_failed integer := 0;
begin
  for v_rule in select * from vigil.heal_rules r where r.enabled order by r.tenant_id, r.name loop
    v_run := vigil._heal_run(v_rule, p_now, 'maintenance');
    v_rules := v_rules + 1;
    if v_run.error is not null then
      v_failed := v_failed + 1;
    elsif v_run.dry_run then
      v_would := v_would + v_run.rows_changed;
    else
      v_changed := v_changed + v_run.rows_changed;
    end if;
  end loop;
  return pg_catalog.jsonb_build_object('rules', v_rules, 'rows_changed', v_changed, 'dry_run_rows', v_would, 'failed', v_failed);
end
$$;

ALTER FUNCTION vigil._step_heal(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_heal(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_heal(p_now timestamp with time zone) IS 'Maintenance step: run every enabled heal rule, each isolated and audited.';

--
-- Name: _step_heartbeats(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_heartbeats(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_result jsonb := vigil.check_heartbeats(p_now);
  v_pruned integer;
begin
  delete from vigil.heartbeat_pings p
  where p.id = any (array(select x.id from vigil.heartbeat_pings x where x.at < p_now - interval '30 days' limit 5000));
  get diagnostics v_pruned = row_count;
  return v_result || pg_catalog.jsonb_build_object('pings_pruned', v_pruned);
end
$$;

ALTER FUNCTION vigil._step_heartbeats(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_heartbeats(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_heartbeats(p_now timestamp with time zone) IS 'Maintenance step: late and silent heartbeats; pings older than 30 days go, 5,000 a run.';

--
-- Name: _step_housekeeping(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_housekeeping(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_settings vigil.maintenance_settings;
begin
  select * into v_settings from vigil.maintenance_settings;
  return pg_catalog.jsonb_build_object(
    -- The per-minute budget only ever reads the current minute; a day is kept for looking back.
    'ingest_usage', vigil._prune('vigil.ingest_usage', 'minute', p_now - interval '1 day', 50000),
    'maintenance_runs', vigil._prune('vigil.maintenance_runs', 'finished_at',
                                     p_now - pg_catalog.make_interval(days => v_settings.run_history_days), 10000),
    'heal_runs', vigil._prune('vigil.heal_runs', 'ran_at', p_now - pg_catalog.make_interval(days => v_settings.heal_history_days), 10000));
end
$$;

ALTER FUNCTION vigil._step_housekeeping(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_housekeeping(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_housekeeping(p_now timestamp with time zone) IS 'Maintenance step: prune ingest_usage (older than a day), maintenance_runs and heal_runs (past their history settings), bounded per run.';

--
-- Name: _step_partitions(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_partitions() RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select pg_catalog.jsonb_build_object('created', vigil.ensure_partitions()) $$;

ALTER FUNCTION vigil._step_partitions() OWNER TO postgres;

--
-- Name: FUNCTION _step_partitions(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_partitions() IS 'Maintenance step: day partitions for the 7-day ingest window behind and the 7 days ahead.';

--
-- Name: _step_refresh_views(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_refresh_views(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_view regclass;
  v_res jsonb;
  v_done jsonb := '[]'::jsonb;
  v_failed integer := 0;
  v_deferred integer := 0;
  v_started timestamptz := pg_catalog.clock_timestamp();
begin
  -- Most overdue first; once the step has spent 20 s, the rest wait for the next run, so a backlog of
  -- heavy views never makes one run overlap the next minute.
  for v_view in
    select m.view from vigil.materialized_views m
    where m.enabled and (m.last_attempt_at is null or m.last_attempt_at + m.refresh_interval <= p_now)
    order by m.last_attempt_at nulls first
  loop
    if pg_catalog.clock_timestamp() - v_started > interval '20 seconds' then
      v_deferred := v_deferred + 1;
      continue;
    end if;
    v_res := vigil.refresh_view(v_view, p_now);
    v_done := v_done || v_res;
    if v_res ->> 'error' is not null then
      v_failed := v_failed + 1;
    end if;
  end loop;
  return pg_catalog.jsonb_build_object('refreshed', pg_catalog.jsonb_array_length(v_done) - v_failed, 'failed', v_failed,
                                       'deferred', v_deferred, 'views', v_done);
end
$$;

ALTER FUNCTION vigil._step_refresh_views(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_refresh_views(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_refresh_views(p_now timestamp with time zone) IS 'Maintenance step: refresh the registered views that are due, most overdue first, starting no new refresh after 20 s (the rest are deferred to the next run).';

--
-- Name: _step_retention(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_retention(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.drop_expired_partitions(p_now) $$;

ALTER FUNCTION vigil._step_retention(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_retention(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_retention(p_now timestamp with time zone) IS 'Maintenance step: drop event partitions past retention.';

--
-- Name: _step_rollup_retention(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_rollup_retention(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.prune_rollups(p_now) $$;

ALTER FUNCTION vigil._step_rollup_retention(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION _step_rollup_retention(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_rollup_retention(p_now timestamp with time zone) IS 'Maintenance step: delete rollups past retention, a bounded batch per run.';

--
-- Name: _step_rollups(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_rollups() RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.fold_rollups() $$;

ALTER FUNCTION vigil._step_rollups() OWNER TO postgres;

--
-- Name: FUNCTION _step_rollups(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_rollups() IS 'Maintenance step: fold new events into vigil.rollups.';

--
-- Name: _step_tenant_deletions(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._step_tenant_deletions() RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_left integer := 100000;
  v_d record;
  v_batch jsonb;
  v_done integer := 0;
  v_pending integer := 0;
  v_rows bigint;
begin
  for v_d in select d.tenant_id from vigil.tenant_deletions d order by d.requested_at, d.tenant_id loop
    if v_left <= 0 then
      v_pending := v_pending + 1;
      continue;
    end if;
    v_batch := vigil._delete_tenant_batch(v_d.tenant_id, v_left);
    select coalesce(pg_catalog.sum(x.value::bigint), 0)::bigint into v_rows from pg_catalog.jsonb_each_text(v_batch -> 'deleted') x;
    v_left := v_left - v_rows::integer;
    if (v_batch ->> 'done')::boolean then
      v_done := v_done + 1;
    else
      v_pending := v_pending + 1;
    end if;
  end loop;
  return pg_catalog.jsonb_build_object('deleted_tenants', v_done, 'pending', v_pending, 'rows', 100000 - v_left);
end
$$;

ALTER FUNCTION vigil._step_tenant_deletions() OWNER TO postgres;

--
-- Name: FUNCTION _step_tenant_deletions(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._step_tenant_deletions() IS 'Maintenance step: removes up to 100,000 rows of tenants being deleted, and the tenants whose data is gone.';

--
-- Name: _store_each_event(uuid, jsonb, text[]); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    SET enable_memoize TO 'off'
    AS $_$
declare
  v_now timestamptz := pg_catalog.now();
  v_result jsonb;
  v_day date;
  v_kinds constant text[] := vigil._event_kinds();
  v_fields constant text[] := vigil._event_fields();
  v_space constant text := vigil._js_space();
begin
  -- The accepted window spans at most 9 UTC days; make sure each has its partition.
  for v_day in
    select d::date from pg_catalog.generate_series((v_now - interval '7 days') at time zone 'UTC',
                                                   (v_now + interval '5 minutes') at time zone 'UTC', interval '1 day') d
    union select ((v_now + interval '5 minutes') at time zone 'UTC')::date
  loop
    if pg_catalog.to_regclass('vigil.' || vigil._partition_name(v_day)) is null then
      perform vigil._ensure_partition(v_day);
    end if;
  end loop;

  -- One pass, materialised because the insert and the list of rejections both read it. Each field is
  -- looked up once (f), as its JSON type and its value; occurred_at and the numbers are read once (p).
  -- OFFSET 0 keeps each lateral subquery from being inlined into every reference to its columns.
  with checked as materialized (
    select (o.i - 1)::integer as idx, f.*, p.*, case
      when f.t <> 'object' then 'event must be a JSON object'
      when f.unknown <> '{}'::jsonb then 'unknown field ' || vigil._first_key(f.unknown)
      when f.kind_t is distinct from 'string' then 'kind is required and must be a string'
      when f.kind <> all (v_kinds) then 'kind must be one of ' || pg_catalog.array_to_string(v_kinds, ', ')
      when p_allowed_kinds is not null and f.kind <> all (p_allowed_kinds)
        then 'kind ' || f.kind || ' is not allowed for this ingest key'
      when f.name_t is distinct from 'string' then 'name is required and must be a string'
      when pg_catalog.length(f.name) not between 1 and 200 then 'name must be 1 to 200 characters'
      when pg_catalog.btrim(f.name, v_space) = '' then 'name must not be blank'
      when f.name ~ '[\x01-\x1f\x7f-\x9f]' then 'name must contain only printable characters'
      when f.at_t not in ('string', 'null') or (f.at_t = 'string' and p.at is null)
        then 'occurred_at must be an ISO 8601 timestamp with a time zone'
      when p.at < v_now - interval '7 days' then 'occurred_at is more than 7 days in the past'
      when p.at > v_now + interval '5 minutes' then 'occurred_at is more than 5 minutes in the future'
      when f.duration_t not in ('number', 'null') then 'duration_ms must be a number'
      -- A number is judged as the double JavaScript reads it (200.0000000000000000001 is 200, 1e-400 is 0):
      -- exactly first, which settles every number JSON.stringify writes, and as a double only when that
      -- fails. The CASEs keep the cast from numbers a double cannot hold.
      when p.duration_n not between 0 and 86400000
        and case when pg_catalog.abs(p.duration_n) > 1e300 then true
                 when pg_catalog.abs(p.duration_n) < 2.4703282292062328e-324 then false
                 else p.duration_n::double precision not between 0 and 86400000 end
        then 'duration_ms must be between 0 and 86400000'
      when f.value_t not in ('number', 'null') then 'value must be a number'
      when pg_catalog.abs(p.value_n) > 1e15
        and case when pg_catalog.abs(p.value_n) > 1e300 then true
                 else pg_catalog.abs(p.value_n::double precision) > 1e15 end
        then 'value must be between -1e15 and 1e15'
      when f.success_t not in ('boolean', 'null') then 'success must be true or false'
      when f.status_t not in ('number', 'null')
        or ((p.status_n not between 100 and 599 or p.status_n <> pg_catalog.trunc(p.status_n))
            and case when pg_catalog.abs(p.status_n) > 1e300 or pg_catalog.abs(p.status_n) < 1 then true
                     else p.status_n::double precision not between 100 and 599
                       or p.status_n::double precision <> pg_catalog.trunc(p.status_n::double precision) end)
        then 'status_code must be an integer from 100 to 599'
      when f.attributes_t not in ('object', 'null') then 'attributes must be a JSON object'
      -- Deeper than 32 levels: only an object of at least 66 bytes with at least 33 brackets can be, so the
      -- path query runs only for those (a container at level 32 below the object is the 33rd level).
      when pg_catalog.octet_length(p.attributes_s) >= 66
        and pg_catalog.octet_length(p.attributes_s) - pg_catalog.octet_length(pg_catalog.translate(p.attributes_s, '{[', '')) > 32
        and pg_catalog.jsonb_path_exists(f.attributes, 'strict $.**{32 to last} ? (@.type() == "object" || @.type() == "array")')
        then 'attributes must be at most 32 levels deep'
      when pg_catalog.octet_length(p.attributes_s) > 8192 then 'attributes must be at most 8192 bytes'
      -- Text fields: a string when present, at most so many characters.
      when f.error_type_t not in ('string', 'null') then 'error_type must be a string'
      when pg_catalog.length(f.error_type) > 200 then 'error_type must be at most 200 characters'
      when f.error_message_t not in ('string', 'null') then 'error_message must be a string'
      when pg_catalog.length(f.error_message) > 4000 then 'error_message must be at most 4000 characters'
      when f.fingerprint_t not in ('string', 'null') then 'fingerprint must be a string'
      when pg_catalog.length(f.fingerprint) > 200 then 'fingerprint must be at most 200 characters'
      when f.user_id_t not in ('string', 'null') then 'user_id must be a string'
      when pg_catalog.length(f.user_id) > 200 then 'user_id must be at most 200 characters'
      when f.session_id_t not in ('string', 'null') then 'session_id must be a string'
      when pg_catalog.length(f.session_id) > 200 then 'session_id must be at most 200 characters'
      when f.trace_id_t not in ('string', 'null') then 'trace_id must be a string'
      when pg_catalog.length(f.trace_id) > 64 then 'trace_id must be at most 64 characters'
      when f.release_t not in ('string', 'null') then 'release must be a string'
      when pg_catalog.length(f.release) > 200 then 'release must be at most 200 characters'
      when f.environment_t not in ('string', 'null') then 'environment must be a string'
      when pg_catalog.length(f.environment) > 64 then 'environment must be at most 64 characters'
      when f.source_t not in ('string', 'null') then 'source must be a string'
      when pg_catalog.length(f.source) > 64 then 'source must be at most 64 characters'
    end as reason
    from pg_catalog.jsonb_array_elements(p_events) with ordinality o(e, i)
    cross join lateral (
      select pg_catalog.jsonb_typeof(o.e) as t,
           case when pg_catalog.jsonb_typeof(o.e) = 'object' then o.e - v_fields end as unknown,
           pg_catalog.jsonb_typeof(o.e -> 'kind') as kind_t, o.e ->> 'kind' as kind,
           pg_catalog.jsonb_typeof(o.e -> 'name') as name_t, o.e ->> 'name' as name,
           pg_catalog.jsonb_typeof(o.e -> 'occurred_at') as at_t, o.e ->> 'occurred_at' as at_s,
           pg_catalog.jsonb_typeof(o.e -> 'duration_ms') as duration_t, o.e -> 'duration_ms' as duration,
           pg_catalog.jsonb_typeof(o.e -> 'value') as value_t, o.e -> 'value' as value,
           pg_catalog.jsonb_typeof(o.e -> 'success') as success_t, o.e ->> 'success' as success,
           pg_catalog.jsonb_typeof(o.e -> 'status_code') as status_t, o.e -> 'status_code' as status,
           pg_catalog.jsonb_typeof(o.e -> 'attributes') as attributes_t, o.e -> 'attributes' as attributes,
           pg_catalog.jsonb_typeof(o.e -> 'error_type') as error_type_t, o.e ->> 'error_type' as error_type,
           pg_catalog.jsonb_typeof(o.e -> 'error_message') as error_message_t, o.e ->> 'error_message' as error_message,
           pg_catalog.jsonb_typeof(o.e -> 'fingerprint') as fingerprint_t, o.e ->> 'fingerprint' as fingerprint,
           pg_catalog.jsonb_typeof(o.e -> 'user_id') as user_id_t, o.e ->> 'user_id' as user_id,
           pg_catalog.jsonb_typeof(o.e -> 'session_id') as session_id_t, o.e ->> 'session_id' as session_id,
           pg_catalog.jsonb_typeof(o.e -> 'trace_id') as trace_id_t, o.e ->> 'trace_id' as trace_id,
           pg_catalog.jsonb_typeof(o.e -> 'release') as release_t, o.e ->> 'release' as release,
           pg_catalog.jsonb_typeof(o.e -> 'environment') as environment_t, o.e ->> 'environment' as environment,
           pg_catalog.jsonb_typeof(o.e -> 'source') as source_t, o.e ->> 'source' as source
      offset 0) f
    cross join lateral (
      -- occurred_at: the grammar and each part's range by one plain match (no capture is read), then
      -- days 29 to 31 against their month. A CASE, so the cast runs only on a real date and never
      -- raises. Numbers are read only when they are numbers, so their cast never raises either.
      select
           case
             when f.at_t is distinct from 'string' then null
             when f.at_s !~ '^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?([Zz]|[+-](0[0-9]|1[0-4]):?[0-5][0-9])$' then null
             when pg_catalog.substr(f.at_s, 9, 2) collate "C" > '28' and pg_catalog.substr(f.at_s, 9, 2)::int >
               case when pg_catalog.substr(f.at_s, 6, 2) = '02' then
                      case when pg_catalog.substr(f.at_s, 1, 4)::int % 4 = 0
                             and (pg_catalog.substr(f.at_s, 1, 4)::int % 100 <> 0 or pg_catalog.substr(f.at_s, 1, 4)::int % 400 = 0)
                           then 29 else 28 end
                    when pg_catalog.substr(f.at_s, 6, 2) in ('04', '06', '09', '11') then 30
                    else 31 end then null
             else f.at_s::timestamptz
           end as at,
           case when f.duration_t = 'number' then f.duration::numeric end as duration_n,
           case when f.value_t = 'number' then f.value::numeric end as value_n,
           case when f.status_t = 'number' then f.status::numeric end as status_n,
           case when f.attributes_t = 'object' then f.attributes::text end as attributes_s
      offset 0) p
  ), stored as (
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success,
                              status_code, error_type, error_message, fingerprint, user_id, session_id, trace_id,
                              release, environment, source, attributes)
    select p_tenant, c.kind, c.name, coalesce(c.at, v_now), v_now,
           -- Through numeric, as the checks read them: a number below a double's range (1e-400) is 0,
           -- as in JavaScript, instead of an error that would sink the whole batch.
           case when pg_catalog.abs(c.duration_n) < 1e-300 then 0 else c.duration_n::double precision end,
           case when pg_catalog.abs(c.value_n) < 1e-300 then 0 else c.value_n::double precision end,
           coalesce(c.success::boolean, c.kind <> 'error'),
           -- 200.0 is a valid status code: read as numeric, it casts to smallint.
           c.status_n::smallint, c.error_type, c.error_message, c.fingerprint,
           c.user_id, c.session_id, c.trace_id, c.release, c.environment,
           -- JSON null (allowed, meaning none) is stored as {}: the column always holds an object.
           c.source, case when c.attributes_t = 'object' then pg_catalog.jsonb_strip_nulls(c.attributes) else '{}'::jsonb end
    from checked c where c.reason is null
    returning 1
  )
  select pg_catalog.jsonb_build_object(
           'accepted', (select pg_catalog.count(*) from stored)::integer,
           'rejected', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('index', c.idx, 'reason', c.reason) order by c.idx)
                                 from checked c where c.reason is not null), '[]'::jsonb))
  into v_result;
  return v_result;
end
$_$;

ALTER FUNCTION vigil._store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) OWNER TO postgres;

--
-- Name: FUNCTION _store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) IS 'Validates each event of a batch on its own and stores the valid ones for a tenant; returns {accepted, rejected: [{index, reason}]}.';

--
-- Name: _store_events(uuid, jsonb, text[], text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    SET enable_memoize TO 'off'
    AS $$
declare
  v_now timestamptz := pg_catalog.now();
  v_stored integer;
  v_oldest timestamptz := v_now - interval '7 days';
  v_newest timestamptz := v_now + interval '5 minutes';
  v_kinds constant text[] := vigil._event_kinds();
  v_fields constant text[] := vigil._event_fields();
  v_space constant text := vigil._js_space();
begin
  -- The fast path: a batch in which every event is clean is checked and stored by one statement over
  -- jsonb_to_recordset. It stores a batch whole or not at all, and only when the per-event path below
  -- would accept every one of its events and store the same rows; anything else (one bad event, a valid
  -- but unusual occurred_at, a value that does not cast) is left to the per-event path, which names
  -- each reason. jsonb_to_recordset's leniencies are closed before it runs or inside it:
  --  * it reads any JSON scalar into a text column (12 becomes '12'), "yes" and 1 into a boolean and
  --    "12" into a numeric: every field's JSON type is checked first, on the batch's text;
  --  * it ignores members it was not asked for: unknown fields are looked for with jsonb's minus;
  --  * timestamptz reads 'now', 'epoch', '24:00', ':60' and offset-less forms: occurred_at is taken
  --    only when it is exactly what JavaScript's toISOString() writes, proven by writing it back.
  begin
    if p_events_text is null then
      p_events_text := p_events::text;
    end if;
    -- jsonb renders every member as "key": value, so a member of the wrong JSON type shows as its
    -- key followed by a character that cannot begin an allowed value (strings begin with ", null with
    -- n). A nested member of the same name may match too: that only sends the batch the slow way.
    if p_events_text !~ '"(kind|name|occurred_at|error_type|error_message|fingerprint|user_id|session_id|trace_id|release|environment|source)": [^"n]|"(duration_ms|value|status_code)": [^-0-9n]|"success": [^tfn]|"attributes": [^{n]'
       and not exists (
         select 1 from pg_catalog.jsonb_array_elements(p_events) e
         where (e - v_fields) <> '{}'::jsonb)
    then
      with r as materialized (
        select x.*, t.at,
          coalesce(
                x.kind = any (v_kinds)
            and (p_allowed_kinds is null or x.kind = any (p_allowed_kinds))
            and pg_catalog.length(x.name) between 1 and 200
            and pg_catalog.btrim(x.name, v_space) <> ''
            and x.name !~ '[\x01-\x1f\x7f-\x9f]'
            and (x.occurred_at is null
                 or (pg_catalog.left(x.occurred_at, 1) in ('1', '2')
                     and pg_catalog.to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') = x.occurred_at
                     and t.at between v_oldest and v_newest))
            and (x.duration_ms is null or x.duration_ms between 0 and 86400000)
            and (x.value is null or pg_catalog.abs(x.value) <= 1e15)
            and (x.status_code is null or (x.status_code between 100 and 599 and x.status_code = pg_catalog.trunc(x.status_code)))
            -- Under 66 bytes, or at most 32 brackets, cannot nest 33 deep; more (rare) is left to the
            -- per-event path's exact check.
            and (x.attributes is null
                 or (pg_catalog.octet_length(t.attributes_s) <= 8192
                     and (pg_catalog.octet_length(t.attributes_s) < 66
                          or pg_catalog.octet_length(t.attributes_s) - pg_catalog.octet_length(pg_catalog.translate(t.attributes_s, '{[', '')) <= 32)))
            and pg_catalog.length(x.error_type) <= 200 is not false
            and pg_catalog.length(x.error_message) <= 4000 is not false
            and pg_catalog.length(x.fingerprint) <= 200 is not false
            and pg_catalog.length(x.user_id) <= 200 is not false
            and pg_catalog.length(x.session_id) <= 200 is not false
            and pg_catalog.length(x.trace_id) <= 64 is not false
            and pg_catalog.length(x.release) <= 200 is not false
            and pg_catalog.length(x.environment) <= 64 is not false
            and pg_catalog.length(x.source) <= 64 is not false,
            false) as ok
        from pg_catalog.jsonb_to_recordset(p_events) as x(kind text, name text, occurred_at text, duration_ms numeric,
            value numeric, success boolean, status_code numeric, error_type text, error_message text,
            fingerprint text, user_id text, session_id text, trace_id text, release text, environment text,
            source text, attributes jsonb)
        -- OFFSET 0: occurred_at is cast and attributes rendered once, not once for every reference.
        cross join lateral (select x.occurred_at::timestamptz as at, x.attributes::text as attributes_s offset 0) t
      )
      insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success,
                                status_code, error_type, error_message, fingerprint, user_id, session_id, trace_id,
                                release, environment, source, attributes)
      select p_tenant, r.kind, r.name, coalesce(r.at, v_now), v_now,
             case when pg_catalog.abs(r.duration_ms) < 1e-300 then 0 else r.duration_ms::double precision end,
             case when pg_catalog.abs(r.value) < 1e-300 then 0 else r.value::double precision end,
             coalesce(r.success, r.kind <> 'error'),
             r.status_code::smallint, r.error_type, r.error_message, r.fingerprint,
             r.user_id, r.session_id, r.trace_id, r.release, r.environment,
             r.source, case when r.attributes is null then '{}'::jsonb else pg_catalog.jsonb_strip_nulls(r.attributes) end
      from r
      where not exists (select 1 from r where not r.ok);
      get diagnostics v_stored = row_count;
      if v_stored = pg_catalog.jsonb_array_length(p_events) then
        return pg_catalog.jsonb_build_object('accepted', v_stored, 'rejected', '[]'::jsonb);
      end if;
    end if;
  exception when data_exception or check_violation then
    -- Something did not cast (an impossible date, a number below a double's range, an element that
    -- is not an object), or a day has no partition yet: nothing was stored, and the per-event path
    -- gives each event its reason (and creates the day).
    null;
  end;

  return vigil._store_each_event(p_tenant, p_events, p_allowed_kinds);
end
$$;

ALTER FUNCTION vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text) OWNER TO postgres;

--
-- Name: FUNCTION _store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text) IS 'Validates each event of a batch on its own and stores the valid ones for a tenant; returns {accepted, rejected: [{index, reason}]}. p_events_text must be exactly p_events::text (the JSON types are checked on it) or null (rendered here). A batch whose events are all valid is stored by one statement; any other by the per-event path, vigil._store_each_event.';

--
-- Name: _track(uuid, jsonb); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._track(p_tenant uuid, p_event jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_result jsonb;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if not exists (select 1 from vigil.tenants where id = p_tenant) then
    raise exception using errcode = 'P0002', message = 'No tenant has that id.';
  end if;
  v_result := vigil._store_each_event(p_tenant, pg_catalog.jsonb_build_array(p_event), null);
  if (v_result ->> 'accepted')::integer = 0 then
    raise exception using errcode = '22023', message = 'Invalid event: ' || (v_result -> 'rejected' -> 0 ->> 'reason') || '.';
  end if;
end
$$;

ALTER FUNCTION vigil._track(p_tenant uuid, p_event jsonb) OWNER TO postgres;

--
-- Name: _unfolded_events(bigint); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._unfolded_events(p_max bigint DEFAULT 200000) RETURNS TABLE(tenant_id uuid, events vigil.unfolded_event[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
  -- The watermark read once; its values are not correlated with the rows, so each is computed once
  -- (the horizon written as _stats_parts writes it ran once per row).
  with w as materialized (
    select st.id_floor, coalesce(pg_catalog.age(st.xid_horizon::xid), 2147483647) as horizon_age,
           coalesce(q.last_value, 0) - st.id_floor <= p_max as few
    from vigil.rollup_state st, vigil.events_id_seq q
  )
  select e.tenant_id, pg_catalog.array_agg(row(e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key)::vigil.unfolded_event)
  from vigil.events_derived e
  where (select w.few from w) and e.id > (select w.id_floor from w) and pg_catalog.age(e.inserted_by) <= (select w.horizon_age from w)
  group by e.tenant_id
  union all
  select null, null from w where not w.few
$$;

ALTER FUNCTION vigil._unfolded_events(p_max bigint) OWNER TO postgres;

--
-- Name: FUNCTION _unfolded_events(p_max bigint); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._unfolded_events(p_max bigint) IS 'The events not folded into rollups yet, per tenant, read once: what vigil._stats_parts takes as p_unfolded. More than p_max rows above the id floor: one row (null, null) instead.';

--
-- Name: _unschedule(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._unschedule() RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_jobid bigint;
begin
  perform vigil._require_trusted('Only the service role or a database administrator may unschedule maintenance.');
  if pg_catalog.to_regnamespace('cron') is null then
    return false;
  end if;
  execute 'select j.jobid from cron.job j where j.jobname = $1 and j.username = current_user limit 1'
    into v_jobid using 'vigil-maintenance';
  if v_jobid is null then
    return false;
  end if;
  execute 'select cron.unschedule($1)' using v_jobid;
  execute 'select cron.unschedule(j.jobid) from cron.job j where j.jobname = $1 and j.username = current_user'
    using 'vigil-watchdog';
  update vigil.maintenance_settings set schedule = null, scheduled_at = null;
  return true;
end
$_$;

ALTER FUNCTION vigil._unschedule() OWNER TO postgres;

--
-- Name: _uptime_ratio(jsonb, date, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select 1 - pg_catalog.sum((d.value ->> 1)::double precision) / nullif(pg_catalog.sum((d.value ->> 0)::double precision), 0)
  from pg_catalog.jsonb_each(p_days) d where d.key::date > p_today - p_n
$$;

ALTER FUNCTION vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) OWNER TO postgres;

--
-- Name: FUNCTION _uptime_ratio(p_days jsonb, p_today date, p_n integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) IS 'Good checks / checks over the last p_n UTC days of an uptime_cache row''s days (null without checks).';

--
-- Name: _value_key(double precision); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._value_key(p_value double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_value is null then null when pg_catalog.abs(p_value) < 0.001 then 0::smallint
              else (pg_catalog.sign(p_value) * least(pg_catalog.ceil(pg_catalog.ln(pg_catalog.abs(p_value)) / 0.0198026272961797) + 400, 32767))::smallint end
$$;

ALTER FUNCTION vigil._value_key(p_value double precision) OWNER TO postgres;

--
-- Name: FUNCTION _value_key(p_value double precision); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._value_key(p_value double precision) IS 'The signed value histogram bucket of a value: sign(v)·(j + 400) with 1.02^(j-1) < |v| <= 1.02^j; 0 for |v| under 0.001.';

--
-- Name: _value_of_key(smallint); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._value_of_key(p_key smallint) RETURNS double precision
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select case when p_key = 0 then 0::double precision
              else pg_catalog.sign(p_key) * 2 * pg_catalog.power(1.02::double precision, pg_catalog.abs(p_key) - 400) / 2.02 end
$$;

ALTER FUNCTION vigil._value_of_key(p_key smallint) OWNER TO postgres;

--
-- Name: FUNCTION _value_of_key(p_key smallint); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil._value_of_key(p_key smallint) IS 'The value a signed value histogram key stands for: ±2·1.02^(|k|-400)/2.02, 0 for key 0; within 1% of every value of the key.';

--
-- Name: _web_vitals(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil._web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(name text, count bigint, p75 double precision, rating text, good double precision, needs_improvement double precision, poor double precision, good_threshold double precision, poor_threshold double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  return query
  -- web.dev's thresholds: good at or under the first, poor above the second.
  with t(name, good, poor, ord) as (values ('LCP', 2500::float8, 4000::float8, 1), ('INP', 200, 500, 2),
                                           ('CLS', 0.1, 0.25, 3), ('FCP', 1800, 3000, 4), ('TTFB', 800, 1800, 5)),
  v as (
    select e.name, e.value from vigil.events e
    where e.tenant_id = p_tenant and e.kind = 'web_vital' and e.occurred_at >= p_since and e.occurred_at < p_until
      and e.name in ('LCP', 'INP', 'CLS', 'FCP', 'TTFB') and e.value is not null
  ), agg as (
    select v.name, pg_catalog.count(*) n,
           pg_catalog.percentile_disc(0.75) within group (order by v.value) p75,
           pg_catalog.count(*) filter (where v.value <= t.good) g,
           pg_catalog.count(*) filter (where v.value > t.good and v.value <= t.poor) ni,
           pg_catalog.count(*) filter (where v.value > t.poor) p
    from v join t on t.name = v.name group by v.name
  )
  select t.name, coalesce(a.n, 0), a.p75,
         case when a.p75 is null then null when a.p75 <= t.good then 'good'
              when a.p75 <= t.poor then 'needs-improvement' else 'poor' end,
         a.g::float8 / a.n, a.ni::float8 / a.n, a.p::float8 / a.n, t.good, t.poor
  from t left join agg a on a.name = t.name
  order by t.ord;
end
$$;

ALTER FUNCTION vigil._web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: backup_facts(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.backup_facts(p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(policy text, expected_interval interval, policy_created_at timestamp with time zone, latest_id bigint, latest_status text, latest_started_at timestamp with time zone, latest_finished_at timestamp with time zone, latest_failed boolean, last_good_id bigint, last_good_at timestamp with time zone, last_verified_at timestamp with time zone, last_verify_ok boolean, last_drill_at timestamp with time zone, last_drill_ok boolean)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select p.name, p.expected_interval, p.created_at, l.id, l.status, l.started_at, l.finished_at,
         -- Started and never finished within its interval: as failed as one that said so.
         coalesce(l.status = 'failed' or (l.status = 'running' and l.started_at + p.expected_interval <= p_now), false),
         g.id, g.started_at, v.verified_at, v.verify_ok, d.finished_at, d.status = 'succeeded'
  from vigil.backup_policies p
  left join lateral (select b.* from vigil.backups b where b.policy = p.name and b.started_at <= p_now and b.status <> 'pruned'
                     order by b.started_at desc, b.id desc limit 1) l on true
  left join lateral (select b.id, b.started_at from vigil.backups b
                     where b.policy = p.name and b.status = 'succeeded' and b.verify_ok and b.verified_at <= p_now
                     order by b.started_at desc limit 1) g on true
  left join lateral (select b.verified_at, b.verify_ok from vigil.backups b
                     where b.policy = p.name and b.verified_at <= p_now order by b.verified_at desc limit 1) v on true
  left join lateral (select r.finished_at, r.status from vigil.restore_runs r join vigil.backups b on b.id = r.backup_id
                     where b.policy = p.name and r.kind = 'drill' and r.status <> 'running' and r.finished_at <= p_now
                     order by r.finished_at desc limit 1) d on true
$$;

ALTER FUNCTION vigil.backup_facts(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION backup_facts(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.backup_facts(p_now timestamp with time zone) IS 'Per policy at a clock: the latest backup and whether it failed (or never finished within the interval), the last verified good one, the last verify and the last drill.';

--
-- Name: check_heartbeats(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.check_heartbeats(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_down jsonb;
  v_late integer;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may check heartbeats.';
  end if;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('monitor_id', m.id, 'ok', false, 'at', p_now,
           'reason', case when m.started_at is not null and p_now > m.started_at + pg_catalog.make_interval(secs => m.grace_seconds)
                          then 'started but no success within the grace time' else 'no ping within the period and grace time' end)), '[]'::jsonb)
  into v_down
  from vigil.monitors m
  where m.type = 'heartbeat' and not m.paused and not m.is_down
    and ((m.started_at is not null and p_now > m.started_at + pg_catalog.make_interval(secs => m.grace_seconds))
      or p_now > coalesce(m.last_ping_at, m.created_at) + pg_catalog.make_interval(secs => m.period_seconds + m.grace_seconds));
  if pg_catalog.jsonb_array_length(v_down) > 0 then
    perform vigil.record_check_results(v_down, p_now);
  end if;
  update vigil.monitors m
  set state = 'pending', state_since = p_now, last_message = 'late: no ping within the period'
  where m.type = 'heartbeat' and not m.paused and not m.is_down and m.state <> 'pending'
    and p_now > coalesce(m.last_ping_at, m.created_at) + pg_catalog.make_interval(secs => m.period_seconds);
  get diagnostics v_late = row_count;
  return pg_catalog.jsonb_build_object('down', pg_catalog.jsonb_array_length(v_down), 'late', v_late);
end
$$;

ALTER FUNCTION vigil.check_heartbeats(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION check_heartbeats(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.check_heartbeats(p_now timestamp with time zone) IS 'Heartbeats past their period become pending (late); past period and grace, or started without success within the grace, down (a failed check is recorded). Returns {down, late}.';

--
-- Name: claim_alert_notifications(integer, interval, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.claim_alert_notifications(p_limit integer DEFAULT 50, p_lease interval DEFAULT '00:02:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(id bigint, tenant_id uuid, alert_id uuid, kind text, seq integer, attempt integer, dedup_key text, payload jsonb, channel_id uuid, channel_type text, channel_config jsonb, secret_name text, claim_token uuid, lease_until timestamp with time zone)
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  -- What a claim changes (attempts, token, lease) comes from the claim; the rest does not change.
  select n.id, n.tenant_id, n.alert_id, n.kind, n.seq, k.attempts, n.dedup_key, n.payload, c.id, c.type, c.config, c.secret_name,
         k.claim_token, k.lease_until
  from vigil._claim_outbox('vigil.alert_notifications', p_limit, p_lease, p_now) k
  join vigil.alert_notifications n on n.id = k.id
  join vigil.alert_channels c on c.id = n.channel_id
$$;

ALTER FUNCTION vigil.claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone) IS 'Claims up to p_limit due notifications for delivery (for update skip locked) with a lease and a new claim token each; a sender that dies leaves them claimable once the lease passes. A sender must finish a send before lease_until and record it with the token.';

--
-- Name: claim_deploy_actions(integer, interval, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.claim_deploy_actions(p_limit integer DEFAULT 20, p_lease interval DEFAULT '00:02:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(id bigint, tenant_id uuid, kind text, phase text, attempt integer, claim_token uuid, lease_until timestamp with time zone, target_id uuid, provider text, config jsonb, secret_name text, smoke_checks jsonb, deployment jsonb, to_deployment jsonb, reason text)
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select a.id, a.tenant_id, a.kind, a.phase, k.attempts, k.claim_token, k.lease_until, t.id, t.provider, t.config, t.secret_name,
         t.smoke_checks,
         pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'version', d.version, 'commit', d.commit_sha, 'url', d.url),
         (select pg_catalog.jsonb_build_object('id', x.id, 'external_id', x.external_id, 'version', x.version, 'commit', x.commit_sha, 'url', x.url)
          from vigil.deployments x where x.id = a.to_deployment_id),
         a.reason
  from vigil._claim_outbox('vigil.deploy_actions', p_limit, p_lease, p_now) k
  join vigil.deploy_actions a on a.id = k.id
  join vigil.deploy_targets t on t.id = a.target_id
  join vigil.deployments d on d.id = a.deployment_id
$$;

ALTER FUNCTION vigil.claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone) IS 'Claims due deploy actions (rollbacks, smoke checks) with for update skip locked, a lease and a claim token, through the shared outbox machinery.';

--
-- Name: claim_due_monitors(text, integer, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.claim_due_monitors(p_region text DEFAULT 'default'::text, p_limit integer DEFAULT 1000, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(id uuid, tenant_id uuid, name text, type text, url text, method text, headers jsonb, secret_headers jsonb, body text, expected_status text, keyword text, keyword_absent boolean, json_path text[], json_expected jsonb, timeout_ms integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session may claim monitors.';
  end if;
  return query
  with due as (
    select m.id from vigil.monitors m
    where m.type <> 'heartbeat' and not m.paused and coalesce(p_region, 'default') = any (m.regions)
      and coalesce((m.next_check_at ->> coalesce(p_region, 'default'))::timestamptz, '-infinity') <= p_now
    order by coalesce((m.next_check_at ->> coalesce(p_region, 'default'))::timestamptz, '-infinity'), m.id
    limit greatest(coalesce(p_limit, 1000), 1)
    for update skip locked
  )
  update vigil.monitors m
  set next_check_at = m.next_check_at || pg_catalog.jsonb_build_object(coalesce(p_region, 'default'),
        p_now + pg_catalog.make_interval(secs => m.timeout_ms / 1000.0 + 60))
  from due where m.id = due.id
  returning m.id, m.tenant_id, m.name, m.type, m.url, m.method, m.headers, m.secret_headers, m.body, m.expected_status::text,
            m.keyword, m.keyword_absent, m.json_path, m.json_expected, m.timeout_ms;
end
$$;

ALTER FUNCTION vigil.claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone) IS 'The monitors due in p_region (service role, the health-check function), at most p_limit, claimed with skip locked: their next check moves a minute past the timeout until their result is recorded.';

--
-- Name: cron_job_failures(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now()) RETURNS double precision
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_failed bigint := 0::bigint;
  v_http bigint := 0::bigint;
begin
  if pg_catalog.to_regclass('net._http_response') is not null then
    -- Where pg_net is absent plpgsql_check cannot resolve its table: skip it (a no-op at run time).
    perform 'PRAGMA:disable:check';
    execute 'select pg_catalog.count(*) from net._http_response r where r.created > $1 and r.created <= $2
               and (coalesce(r.timed_out, false) or r.error_msg is not null or r.status_code is null or r.status_code not between 200 and 299)'
      into v_http using p_since, p_until;
  end if;
  if pg_catalog.to_regclass('cron.job_run_details') is null then
    return v_http::double precision;
  end if;
  execute 'select pg_catalog.count(*) from cron.job_run_details d where d.status = ''failed'' and d.end_time > $1 and d.end_time <= $2'
    into v_failed using p_since, p_until;
  return (v_failed + v_http + (select pg_catalog.count(*) from vigil.cron_job_watch w where w.missing_since is not null))::double precision;
end
$_$;

ALTER FUNCTION vigil.cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone) IS 'The cron_job_failures alert metric: pg_cron runs that failed in (p_since, p_until], pg_net calls that failed in it (non-2xx, error, timeout), plus jobs whose expected run is missing now. 0 without either.';

--
-- Name: dashboard_card_last_backup(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when p_tenant = vigil.system_tenant_id() then (
    select coalesce(
      (select pg_catalog.jsonb_build_object(
         'name', 'last_backup', 'title', 'Last backup',
         'value', pg_catalog.round((extract(epoch from p_until - f.last_good_at) / 3600)::numeric, 1), 'unit', 'hours',
         'status', case when f.latest_failed or f.last_good_at is null or f.last_good_at + f.expected_interval + interval '1 hour' < p_until then 'bad'
                        when f.last_drill_ok is not true or f.last_drill_at < p_until - interval '8 days' then 'warn'
                        else 'ok' end,
         'detail', pg_catalog.format('policy %s: %s%s', f.policy,
                     case when f.last_good_at is null then 'no verified backup yet'
                          else 'last verified backup ' || pg_catalog.to_char(f.last_good_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' end,
                     case when f.latest_failed then ', latest failed'
                          when f.last_drill_ok then ', drill ' || pg_catalog.to_char(f.last_drill_at at time zone 'UTC', 'YYYY-MM-DD')
                          else ', no drill yet' end),
         'at', f.last_good_at)
       -- The worst policy speaks for all: a card shows one number.
       from vigil.backup_facts(p_until) f
       order by f.latest_failed desc, f.last_good_at asc nulls first limit 1),
      pg_catalog.jsonb_build_object('name', 'last_backup', 'title', 'Last backup', 'value', null, 'unit', 'hours',
                                    'status', 'none', 'detail', 'No backup policy.')))
  end
$$;

ALTER FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Dashboard card last_backup (vigil-system only, null for other tenants): hours since the last verified backup of the worst policy, bad when failed or overdue, warn without a recent drill.';

--
-- Name: dashboard_card_last_deploy(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object(
    'name', 'last_deploy', 'title', 'Last deploy', 'value', coalesce(d.version, d.external_id), 'unit', null,
    'status', case when d.status in ('healthy', 'rolled_back') then 'ok'
                   when d.status in ('building', 'ready', 'smoke_testing', 'watching', 'rolling_back', 'superseded') then 'warn'
                   else 'bad' end,
    'detail', pg_catalog.format('%s on %s: %s', coalesce(d.version, d.external_id), t.name, pg_catalog.replace(d.status, '_', ' ')),
    'at', coalesce(d.live_at, d.created_at))
  from vigil.deployments d join vigil.deploy_targets t on t.id = d.target_id
  where d.tenant_id = p_tenant and d.created_at < p_until
  order by d.created_at desc
  limit 1
$$;

ALTER FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Console card: the newest deployment before p_until, its version and status (ok healthy, warn in progress, bad failed); null when none.';

--
-- Name: dashboard_card_maintenance(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when vigil.has_role(vigil.system_tenant_id(), 'viewer') then (
    select pg_catalog.jsonb_build_object(
      'name', 'maintenance', 'title', 'Maintenance',
      'value', m.s -> 'heartbeat_age_seconds', 'unit', 's ago',
      'status', case when (m.s ->> 'stale')::boolean then 'bad'
                     when pg_catalog.jsonb_array_length(m.s -> 'failed_steps') > 0 then 'warn'
                     else 'ok' end,
      'detail', case when (m.s ->> 'stale')::boolean then 'stale: no run for three intervals (is pg_cron scheduled?)'
                     when pg_catalog.jsonb_array_length(m.s -> 'failed_steps') > 0
                       then 'failed steps: ' || (select pg_catalog.string_agg(f ->> 'step', ', ')
                                                 from pg_catalog.jsonb_array_elements(m.s -> 'failed_steps') f)
                     else 'running every ' || (m.s ->> 'interval_seconds') || ' s' end,
      'at', m.s -> 'last_run_at')
    from (select vigil_api.maintenance_status(p_until) as s) m) end
$$;

ALTER FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Dashboard card: maintenance health from maintenance_status (stale is bad, a failed step warns); null for callers who may not see it.';

--
-- Name: dashboard_card_uptime(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_checks bigint;
  v_bad bigint;
  v_total bigint;
  v_down text[];
  v_warn bigint;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.count(*) filter (where not m.paused), pg_catalog.array_agg(m.name order by m.name) filter (where m.state = 'down'),
         pg_catalog.count(*) filter (where m.state in ('pending', 'degraded'))
  into v_total, v_down, v_warn
  from vigil.monitors m where m.tenant_id = p_tenant;
  if v_total = 0 then
    return null;
  end if;
  select coalesce(pg_catalog.sum(p.c), 0)::bigint, coalesce(pg_catalog.sum(p.er), 0)::bigint into v_checks, v_bad
  from vigil._stats_parts(p_tenant, p_since, p_until, 'api_call', null) p where p.n like 'check:%';
  return pg_catalog.jsonb_build_object('name', 'uptime', 'title', 'Uptime',
    'value', case when v_checks > 0 then pg_catalog.round(100 * (1 - v_bad::numeric / v_checks), 3) end, 'unit', 'percent',
    'status', case when v_down is not null then 'bad' when v_warn > 0 then 'warn' else 'ok' end,
    'detail', case when v_down is not null then pg_catalog.format('%s of %s monitors down: %s', pg_catalog.cardinality(v_down), v_total,
                                                                  pg_catalog.array_to_string(v_down, ', '))
                   else pg_catalog.format('%s monitors, %s checks in the window', v_total, v_checks) end,
    'at', p_until);
end
$$;

ALTER FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Console card: the share of successful checks in the window, bad while a monitor is down, warn while one is pending or degraded; null without monitors.';

--
-- Name: dashboard_markers_alerts(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(at timestamp with time zone, kind text, label text, severity text, ref jsonb)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select h.at, 'alert'::text, h.rule || ': ' || h.from_state || ' → ' || h.to_state, r.severity::text,
         pg_catalog.jsonb_build_object('alert_id', h.alert_id, 'rule_id', h.rule_id, 'from_state', h.from_state,
                                       'to_state', h.to_state, 'value', h.value)
  from vigil_api.alert_history(p_tenant, null, p_since, 5000) h
  join vigil.alert_rules r on r.id = h.rule_id
  where h.at < p_until and h.from_state <> h.to_state
$$;

ALTER FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Dashboard markers: every alert state change in [p_since, p_until), from alert_history (at most 5000).';

--
-- Name: dashboard_markers_deployments(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(at timestamp with time zone, kind text, label text, severity text, ref jsonb)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select h.at, 'deployment', pg_catalog.format('%s %s: %s', t.name, coalesce(d.version, d.external_id), pg_catalog.replace(h.to_status, '_', ' ')),
         case when h.to_status in ('build_failed', 'smoke_failed', 'regressed', 'rollback_failed') then 'critical'
              when h.to_status in ('rolling_back', 'rolled_back') then 'warning' else 'info' end,
         pg_catalog.jsonb_build_object('deployment', d.id, 'target', t.id, 'status', h.to_status)
  from vigil.deployment_history h
  join vigil.deployments d on d.id = h.deployment_id
  join vigil.deploy_targets t on t.id = d.target_id
  where h.tenant_id = p_tenant and h.at >= p_since and h.at < p_until
    and h.to_status in ('ready', 'build_failed', 'smoke_failed', 'regressed', 'rolling_back', 'rolled_back', 'rollback_failed', 'healthy')
  order by h.at
$$;

ALTER FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Console markers: each deployment going live, failing, regressing or being rolled back in the window.';

--
-- Name: dashboard_markers_incidents(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) RETURNS TABLE(at timestamp with time zone, kind text, label text, severity text, ref jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
    select x.at, x.kind, x.label, x.severity, x.ref from (
      select i.started_at at, 'incident_started' kind, i.title label,
             case i.impact when 'critical' then 'critical' when 'major' then 'critical' when 'minor' then 'warning' else 'info' end severity,
             pg_catalog.jsonb_build_object('incident_id', i.id) ref
      from vigil.incidents i where i.tenant_id = p_tenant and i.started_at >= p_since and i.started_at < p_until
      union all
      select i.resolved_at, 'incident_resolved', i.title || ' resolved', 'info', pg_catalog.jsonb_build_object('incident_id', i.id)
      from vigil.incidents i where i.tenant_id = p_tenant and i.resolved_at >= p_since and i.resolved_at < p_until) x
    order by x.at;
end
$$;

ALTER FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Console markers: incidents starting and resolving in the window.';

--
-- Name: deploy_target_secrets(uuid); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.deploy_target_secrets(p_target uuid) RETURNS TABLE(tenant_id uuid, provider text, webhook_secret_name text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select t.tenant_id, t.provider, t.webhook_secret_name from vigil.deploy_targets t where t.id = p_target $$;

ALTER FUNCTION vigil.deploy_target_secrets(p_target uuid) OWNER TO postgres;

--
-- Name: FUNCTION deploy_target_secrets(p_target uuid); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.deploy_target_secrets(p_target uuid) IS 'For the deploy function: the name of the secret a target''s webhooks are signed with.';

--
-- Name: deploy_watch(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.deploy_watch(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  d vigil.deployments;
  t vigil.deploy_targets;
  v_breach text;
  v_why text;
  v_regressed integer := 0;
  v_rollbacks integer := 0;
  v_suppressed integer := 0;
  v_healthy integer := 0;
  v_errors jsonb := '[]'::jsonb;
begin
  for d in
    select * from vigil.deployments x
    where x.status in ('watching', 'smoke_failed') and x.live_at <= p_now
    order by x.live_at
  loop
    -- Each deployment in its own subtransaction: one tenant's bad data never stops the others.
    begin
      select * into t from vigil.deploy_targets where id = d.target_id;
      v_breach := case when d.status = 'smoke_failed' then 'its smoke checks failed' else vigil._deploy_breach(d, t, p_now) end;
      if v_breach is null then
        if d.status = 'watching' and p_now >= d.live_at + t.watch_window then
          perform vigil._deploy_move(d.id, 'healthy', p_now, 'deploy_watch', 'no breach in the watch window');
          update vigil.deployments o set status = 'superseded', status_since = p_now
          where o.target_id = d.target_id and o.id <> d.id and o.status = 'healthy';
          v_healthy := v_healthy + 1;
        end if;
        continue;
      end if;
      if d.status = 'watching' then
        perform vigil._deploy_move(d.id, 'regressed', p_now, 'deploy_watch', v_breach);
        v_regressed := v_regressed + 1;
      end if;
      if not t.auto_rollback then
        continue;
      end if;
      v_why := vigil._rollback_suppressed(t, p_now);
      if v_why is null and vigil._last_good_deployment(t.id) is null then
        v_why := 'there is no earlier good deployment';
      end if;
      if v_why is not null then
        -- Stays regressed (or smoke_failed): an operator decides; the watch does not ask again.
        update vigil.deployments set reason = 'automatic rollback suppressed: ' || v_why where id = d.id;
        if d.status = 'smoke_failed' then
          perform vigil._deploy_move(d.id, 'superseded', p_now, 'deploy_watch', 'automatic rollback suppressed: ' || v_why);
        end if;
        perform vigil._deploy_notify(d.id, 'rollback_suppressed', 'critical',
          pg_catalog.format('Deployment %s of %s regressed (%s); automatic rollback suppressed: %s.',
                            coalesce(d.version, d.external_id), t.name, v_breach, v_why), p_now);
        v_suppressed := v_suppressed + 1;
      else
        perform vigil._enqueue_rollback(d.id, null, p_now, 'deploy_watch', 'automatic: ' || v_breach);
        v_rollbacks := v_rollbacks + 1;
      end if;
    exception when others then
      v_errors := v_errors || pg_catalog.jsonb_build_object('deployment', d.id, 'error', sqlerrm);
    end;
  end loop;
  return pg_catalog.jsonb_build_object('regressed', v_regressed, 'rollbacks', v_rollbacks, 'suppressed', v_suppressed,
                                       'healthy', v_healthy, 'errors', v_errors);
end
$$;

ALTER FUNCTION vigil.deploy_watch(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION deploy_watch(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.deploy_watch(p_now timestamp with time zone) IS 'Watches deployments at p_now: a watched one with a failed smoke report or a watched rule that began firing after it went
live (within the watch window) becomes regressed and, with auto-rollback, gets one rollback to the last good deployment,
unless the cooldown or the daily cap forbids it (then an alert says so); one that passes its window becomes healthy and
the previous healthy one superseded. Each deployment is isolated: one failing never stops the others.';

--
-- Name: drop_expired_partitions(timestamp with time zone, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.drop_expired_partitions(p_now timestamp with time zone DEFAULT now(), p_max integer DEFAULT 31) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_keep_days integer;
  v_cutoff date;
  v_part record;
  v_dropped text[] := '{}'::text[];
  v_busy text[] := '{}'::text[];
  v_lock_timeout text := pg_catalog.current_setting('lock_timeout');
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session may drop event partitions.';
  end if;
  -- Partitions hold every tenant's events, so a day goes when the longest retention has passed.
  -- Never less than 8 days: the 7-day ingest window must keep its partitions.
  select greatest(coalesce(pg_catalog.max(t.retention_days), 30), 8) into v_keep_days from vigil.tenants t;
  v_cutoff := (p_now at time zone 'UTC')::date - v_keep_days;
  -- Dropping a partition takes an ACCESS EXCLUSIVE lock on vigil.events; waiting behind a long
  -- query would queue every insert behind the drop. Give up quickly instead and retry next run.
  perform pg_catalog.set_config('lock_timeout', '1s', true);
  for v_part in
    select c.relname, pg_catalog.to_date(pg_catalog.substr(c.relname, 9), 'YYYYMMDD') as day
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'vigil.events'::pg_catalog.regclass
      and c.relname ~ '^events_p[0-9]{8}$'
      and pg_catalog.to_date(pg_catalog.substr(c.relname, 9), 'YYYYMMDD') < v_cutoff
    order by c.relname
    limit p_max
  loop
    begin
      execute pg_catalog.format('drop table vigil.%I', v_part.relname);
      v_dropped := v_dropped || v_part.relname;
    exception when lock_not_available then
      v_busy := v_busy || v_part.relname;  -- Someone is reading it: next run.
    end;
  end loop;
  perform pg_catalog.set_config('lock_timeout', v_lock_timeout, true);
  return pg_catalog.jsonb_build_object('keep_days', v_keep_days, 'cutoff', v_cutoff,
    'dropped', pg_catalog.cardinality(v_dropped), 'partitions', pg_catalog.to_jsonb(v_dropped),
    'busy', pg_catalog.to_jsonb(v_busy));
end
$_$;

ALTER FUNCTION vigil.drop_expired_partitions(p_now timestamp with time zone, p_max integer) OWNER TO postgres;

--
-- Name: FUNCTION drop_expired_partitions(p_now timestamp with time zone, p_max integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.drop_expired_partitions(p_now timestamp with time zone, p_max integer) IS 'Drops the day partitions of vigil.events (events_pYYYYMMDD) that end before today minus the longest tenant
retention (at least 8 days, so the ingest window stays), at most p_max per call. A partition whose lock is not
granted within 1 s is left for the next run (listed under busy).
Never deletes rows. Tenants with a shorter retention keep their events until the longest one has passed.';

--
-- Name: ensure_partitions(date, date); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.ensure_partitions(p_from date DEFAULT (((now() AT TIME ZONE 'UTC'::text))::date - 7), p_to date DEFAULT (((now() AT TIME ZONE 'UTC'::text))::date + 7)) RETURNS integer
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select pg_catalog.count(*) filter (where vigil._ensure_partition(d::date))::integer
  from pg_catalog.generate_series(p_from, p_to, interval '1 day') d
$$;

ALTER FUNCTION vigil.ensure_partitions(p_from date, p_to date) OWNER TO postgres;

--
-- Name: FUNCTION ensure_partitions(p_from date, p_to date); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.ensure_partitions(p_from date, p_to date) IS 'Creates the missing day partitions from p_from to p_to (default: the 7-day ingest window behind and 7 days ahead). Returns how many it created.';

--
-- Name: error_fingerprint(text, text, text, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  select coalesce(nullif(pg_catalog.btrim(p_fingerprint), ''), pg_catalog.md5(
    coalesce(p_name, '') || '|' || coalesce(p_error_type, '') || '|' ||
    pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(
      coalesce(p_message, ''),
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<uuid>', 'g'),
      '\m(?:0x)?(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}\M', '<hex>', 'g'),
      '[0-9]+(\.[0-9]+)?', '<n>', 'g'),
      '\s+', ' ', 'g') || '|' ||
    coalesce(pg_catalog.regexp_replace(
      (select pg_catalog.btrim(l) from pg_catalog.regexp_split_to_table(coalesce(p_stack, ''), E'\n') with ordinality s(l, i)
       where l ~ '^\s*at \S|@\S|^\s*File "' order by i limit 1),
      ':[0-9]+(:[0-9]+)?', '', 'g'), '')))
$$;

ALTER FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) OWNER TO postgres;

--
-- Name: FUNCTION error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) IS 'The group of an error: the client''s fingerprint when given, else md5(event name | error type | message with uuids, hex ids and numbers replaced | top stack frame without line numbers).';

--
-- Name: evaluate_alerts(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.evaluate_alerts(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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
  v_s integer;
  v_t integer;
  v_n integer;
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
    for v_row in
      select r as rule, b.series_labels, b.metric_value, b.events
      from vigil._alert_builtin_values(p_now) b join vigil.alert_rules r on r.id = b.rule_id
      order by b.rule_id
    loop
      v_step := vigil._advance_alert(v_row.rule, v_row.series_labels, v_row.metric_value, v_row.events, null, p_now);
      v_series := v_series + 1;
      v_transitions := v_transitions + v_step.transitioned::integer;
      v_notifications := v_notifications + v_step.notified;
    end loop;
  exception when others then
    v_series := 0;
    v_transitions := 0;
    v_notifications := 0;
    for v_tenant in select distinct r.tenant_id from vigil.alert_rules r where r.enabled order by 1 loop
      v_s := 0;
      v_t := 0;
      v_n := 0;
      begin
        for v_row in
          select r as rule, b.series_labels, b.metric_value, b.events
          from vigil._alert_builtin_values(p_now, v_tenant) b join vigil.alert_rules r on r.id = b.rule_id
          order by b.rule_id
        loop
          v_step := vigil._advance_alert(v_row.rule, v_row.series_labels, v_row.metric_value, v_row.events, null, p_now);
          v_s := v_s + 1;
          v_t := v_t + v_step.transitioned::integer;
          v_n := v_n + v_step.notified;
        end loop;
        v_series := v_series + v_s;
        v_transitions := v_transitions + v_t;
        v_notifications := v_notifications + v_n;
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
    where r.enabled and (m.fn is not null or r.metric = 'cache_hit_rate')
    order by r.id
  loop
    v_error := null;
    -- One broken metric never stops the others: its failure becomes this rule's error state.
    begin
      select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('labels', coalesce(v.series_labels, '{}'::jsonb),
               'value', v.metric_value, 'events', v.events)), '[]'::jsonb)
      into v_values from vigil._alert_rule_values(v_rule, p_now) v;
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
                                     (v_row.x ->> 'events')::bigint, v_error, p_now);
      v_series := v_series + 1;
      v_transitions := v_transitions + v_step.transitioned::integer;
      v_notifications := v_notifications + v_step.notified;
    end loop;
  end loop;

  -- A disabled rule's open alerts resolve, so receivers are not left with an incident nobody closes.
  for v_row in
    select a.id, a.tenant_id, a.rule_id, a.state, a.value, a.event_count
    from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
    where not r.enabled and a.state in ('pending', 'firing', 'recovering', 'nodata', 'error')
    order by a.id
    for update of a
  loop
    insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, at, note)
    values (v_row.tenant_id, v_row.id, v_row.rule_id, v_row.state, 'resolved', v_row.value, v_row.event_count, p_now, 'rule disabled');
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

ALTER FUNCTION vigil.evaluate_alerts(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION evaluate_alerts(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.evaluate_alerts(p_now timestamp with time zone) IS 'Evaluates every enabled alert rule at p_now (default now; tests drive the clock): moves states, writes history, enqueues notifications. Safe to run concurrently. Returns {rules, series, transitions, notifications, errors, ms}.';

--
-- Name: fold_rollups(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.fold_rollups() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET jit TO 'off'
    SET enable_mergejoin TO 'off'
    SET enable_nestloop TO 'off'
    AS $_$
declare
  v_epoch constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
  v_state vigil.rollup_state;
  v_last bigint;
  v_snap pg_catalog.pg_snapshot;
  v_x xid8;
  v_self xid8;
  v_clean boolean;
  v_floor bigint;
  v_lo timestamptz;
  v_hi timestamptz;
  v_rows bigint := 0::bigint;
  v_series bigint := 0::bigint;
  v_n bigint;
  v_m bigint;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_mfrom timestamptz;
  v_tenant uuid;
  v_def vigil.rollup_deferred;
  v_deferred integer := 0;
  v_retried bigint := 0::bigint;
  v_sqlstate text;
  v_msg text;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may fold rollups.';
  end if;
  -- A caller that has written in this transaction already holds an xid taken before L is read;
  -- such a pass folds as usual but leaves no record to derive floors from.
  v_clean := pg_catalog.pg_current_xact_id_if_assigned() is null;
  select s.last_value into v_last from vigil.events_id_seq s;
  -- One pass at a time; a second caller waits and then folds what is left. Takes this pass's xid.
  select * into v_state from vigil.rollup_state for update;
  v_self := pg_catalog.pg_current_xact_id();
  v_snap := pg_catalog.pg_current_snapshot();
  v_x := pg_catalog.pg_snapshot_xmin(v_snap);
  if v_self < v_x then
    v_x := v_self;
  end if;
  if v_state.xid_horizon is not null and v_x < v_state.xid_horizon then
    v_x := v_state.xid_horizon;
  end if;
  -- Minute rows from here on (see the comment above rollups_minute_idx).
  v_mfrom := greatest(v_state.minute_from,
                      pg_catalog.date_bin(interval '1 minute', pg_catalog.now(), v_epoch) - v_state.minute_horizon);

  -- Ranges deferred by earlier passes (one tenant's day that failed), retried first, each alone: a
  -- range folds exactly the rows it would have folded then, so each event is still counted once.
  -- A range whose day partition is gone (retention) or whose tenant is gone folds nothing and goes.
  for v_def in select * from vigil.rollup_deferred d order by d.tenant_id, d.day_start, d.xid_to loop
    begin
      select v_retried + d.events, v_series + d.rollup_rows into v_retried, v_series
      from vigil._fold_day(v_def.day_start, v_def.day_end, v_mfrom, v_def.id_floor, v_def.xid_from, v_def.xid_to,
                           v_def.tenant_id) d;
      delete from vigil.rollup_deferred d
      where d.tenant_id = v_def.tenant_id and d.day_start = v_def.day_start and d.xid_to = v_def.xid_to;
    exception when others then
      get stacked diagnostics v_sqlstate = returned_sqlstate, v_msg = message_text;
      update vigil.rollup_deferred d
      set attempts = d.attempts + 1, last_attempt_at = pg_catalog.now(), error = pg_catalog.left(v_msg, 2000), sqlstate = v_sqlstate
      where d.tenant_id = v_def.tenant_id and d.day_start = v_def.day_start and d.xid_to = v_def.xid_to;
    end;
  end loop;

  -- Every partition by the bounds it was created with (rendered and read back in the session's time
  -- zone, so the instants are exact whatever it is).
  for v_lo, v_hi in
    select (pg_catalog.substring(b.expr, $r$FROM \('([^']+)'\)$r$))::timestamptz,
           (pg_catalog.substring(b.expr, $r$TO \('([^']+)'\)$r$))::timestamptz
    from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
    cross join lateral (select pg_catalog.pg_get_expr(c.relpartbound, c.oid) as expr) b
    where i.inhparent = 'vigil.events'::regclass
    order by 1
  loop
    -- Bucket indexes below count from the partition's start, which must be a bucket boundary of every
    -- grain (vigil._ensure_partition makes UTC days).
    if pg_catalog.date_bin(interval '6 hours', v_lo, v_epoch) <> v_lo or v_hi - v_lo > interval '1 day' then
      raise exception using errcode = '55000',
        message = pg_catalog.format('Events partition [%s, %s) is not one UTC day; rollups fold whole UTC days.', v_lo, v_hi);
    end if;
    -- One statement for the day and every tenant; if it fails, the day again tenant by tenant, each
    -- in its own subtransaction, so one tenant's data (a rollup row it cannot merge, an event its
    -- error fingerprint chokes on) never stops the others. A tenant that fails there is deferred:
    -- its range is recorded in vigil.rollup_deferred, retried by every later pass, and reported once
    -- as a maintenance error naming the tenant.
    begin
      select d.events, d.rollup_rows into v_n, v_m
      from vigil._fold_day(v_lo, v_hi, v_mfrom, v_state.id_floor, v_state.xid_horizon, v_x, null) d;
    exception when others then
      v_n := 0;
      v_m := 0;
      for v_tenant in
        select distinct e.tenant_id from vigil.events e
        where e.occurred_at >= v_lo and e.occurred_at < v_hi and e.id > v_state.id_floor
          and pg_catalog.age(e.xmin) > pg_catalog.age(v_x::xid)
          and (v_state.xid_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_state.xid_horizon::xid))
          and e.tenant_id in (select t.id from vigil.tenants t)
        order by 1
      loop
        begin
          select v_n + d.events, v_m + d.rollup_rows into v_n, v_m
          from vigil._fold_day(v_lo, v_hi, v_mfrom, v_state.id_floor, v_state.xid_horizon, v_x, v_tenant) d;
        exception when others then
          get stacked diagnostics v_sqlstate = returned_sqlstate, v_msg = message_text;
          v_deferred := v_deferred + 1;
          -- A range that continues one deferred before (the tenant failed on this day in the pass
          -- before too) extends it, so a lasting failure keeps one row per tenant and day, reported once.
          update vigil.rollup_deferred d
          set xid_to = v_x, id_floor = least(d.id_floor, v_state.id_floor), error = pg_catalog.left(v_msg, 2000),
              sqlstate = v_sqlstate
          where d.tenant_id = v_tenant and d.day_start = v_lo and d.xid_to = v_state.xid_horizon;
          continue when found;
          insert into vigil.rollup_deferred (tenant_id, day_start, day_end, id_floor, xid_from, xid_to, error, sqlstate)
          values (v_tenant, v_lo, v_hi, v_state.id_floor, v_state.xid_horizon, v_x, pg_catalog.left(v_msg, 2000), v_sqlstate)
          on conflict (tenant_id, day_start, xid_to) do nothing;
          perform vigil._record_system_event('log', 'rollups failed for a tenant', null,
            pg_catalog.jsonb_build_object('level', 'error', 'step', 'rollups', 'tenant_id', v_tenant,
              'tenant', (select t.slug from vigil.tenants t where t.id = v_tenant), 'day', v_lo,
              'sqlstate', v_sqlstate, 'message', pg_catalog.left(v_msg, 2000)));
        end;
      end loop;
    end;
    v_rows := v_rows + v_n;
    v_series := v_series + v_m;
  end loop;

  if v_clean then
    insert into vigil.rollup_passes (xid, last_id, folded) values (v_self, coalesce(v_last, 0), v_rows);
  end if;
  -- The record before the newest one whose xid is below the new horizon (see vigil.rollup_state).
  select q.last_id into v_floor from vigil.rollup_passes q
  where q.xid < (select pg_catalog.max(p.xid) from vigil.rollup_passes p where p.xid < v_x)
  order by q.xid desc limit 1;
  v_floor := greatest(coalesce(v_floor, v_state.id_floor), v_state.id_floor);
  delete from vigil.rollup_passes p where p.taken_at < pg_catalog.now() - interval '1 day' and p.last_id < v_floor;

  -- Minute rows before the new boundary are no longer read (and no longer complete as it moves on).
  delete from vigil.all_rollups r where r.grain = 1 and r.bucket_start < v_mfrom;

  perform pg_catalog.brin_summarize_new_values(i.inhrelid)
  from pg_catalog.pg_inherits i where i.inhparent = 'vigil.events_id_brin'::regclass;

  update vigil.rollup_state set xid_horizon = v_x, id_floor = v_floor, folded_at = pg_catalog.now(),
    passes = passes + 1, minute_from = v_mfrom;

  return pg_catalog.jsonb_build_object('events', v_rows + v_retried, 'rollup_rows', v_series, 'id_floor', v_floor,
    'deferred', v_deferred, 'retried_events', v_retried,
    'ms', pg_catalog.round(extract(epoch from pg_catalog.clock_timestamp() - v_started)::numeric * 1000, 1));
end
$_$;

ALTER FUNCTION vigil.fold_rollups() OWNER TO postgres;

--
-- Name: FUNCTION fold_rollups(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.fold_rollups() IS 'Folds every event committed since the last pass into vigil.rollups (5-minute, 15-minute, 1-hour and 6-hour buckets, and 1-minute ones for the last rollup_state.minute_horizon), late events included, each exactly once, one UTC day at a time. Run by maintenance every minute; safe to call any time.';

--
-- Name: has_role(uuid, vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role DEFAULT 'viewer'::vigil.member_role) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select vigil._caller_is_trusted()
      or exists (
        select 1 from vigil.members m
        where m.tenant_id = p_tenant and m.user_id = auth.uid() and m.role >= p_min
      )
$$;

ALTER FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) OWNER TO postgres;

--
-- Name: FUNCTION has_role(p_tenant uuid, p_min vigil.member_role); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) IS 'The one access decision: does the caller hold at least p_min in p_tenant? Point it at your own organisation model here.';

--
-- Name: heartbeat_age_seconds(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone DEFAULT now()) RETURNS double precision
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select extract(epoch from p_now - pg_catalog.max(r.finished_at))::double precision from vigil.maintenance_runs r
$$;

ALTER FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION heartbeat_age_seconds(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone) IS 'Seconds since the last completed maintenance run; null if it never ran. Internal: read through maintenance_status.';

--
-- Name: heartbeat_missing(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.heartbeat_missing(p_now timestamp with time zone DEFAULT now()) RETURNS double precision
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when a.age is null or a.age > 3 * s.interval_seconds then 1 else 0 end::double precision
  from vigil.maintenance_settings s, (select vigil.heartbeat_age_seconds(p_now) as age) a
$$;

ALTER FUNCTION vigil.heartbeat_missing(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION heartbeat_missing(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.heartbeat_missing(p_now timestamp with time zone) IS 'The heartbeat_missing alert metric: 1 when maintenance has not completed a run for three intervals (or ever), else 0.';

--
-- Name: invoke_deploy_run(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.invoke_deploy_run(p_url text) RETURNS bigint
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.invoke_edge_function(p_url, 'deploy', 'VIGIL_SERVICE_ROLE_KEY') $$;

ALTER FUNCTION vigil.invoke_deploy_run(p_url text) OWNER TO postgres;

--
-- Name: FUNCTION invoke_deploy_run(p_url text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.invoke_deploy_run(p_url text) IS 'Calls POST <deploy function>/run through pg_net with the service role key from Vault. What the pg_cron job runs.';

--
-- Name: invoke_edge_function(text, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text DEFAULT 'VIGIL_SERVICE_ROLE_KEY'::text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
-- The pg_net call below is skipped by plpgsql_check, which then cannot see that it writes (queues a
-- request) and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_key text;
  v_request bigint;
begin
  if pg_catalog.to_regnamespace('net') is null then
    raise exception using errcode = '55000', message = pg_catalog.format('pg_net is not installed: call %s from an external scheduler instead.', p_what);
  end if;
  v_key := vigil.read_alert_secret(p_secret_name);
  if v_key is null then
    raise exception using errcode = '55000',
      message = pg_catalog.format('Vault holds no secret named %s: add the service role key with vault.create_secret(key, %L).', p_secret_name, p_secret_name);
  end if;
  -- Where pg_net is absent plpgsql_check cannot resolve its function: skip it (a no-op at run time).
  perform 'PRAGMA:disable:check';
  execute 'select net.http_post(url := $1, body := ''{}''::jsonb, headers := $2, timeout_milliseconds := 30000)'
    into v_request
    using p_url, pg_catalog.jsonb_build_object('Authorization', 'Bearer ' || v_key, 'Content-Type', 'application/json');
  return v_request;
end
$_$;

ALTER FUNCTION vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text) OWNER TO postgres;

--
-- Name: FUNCTION invoke_edge_function(p_url text, p_what text, p_secret_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text) IS 'Calls an edge function (p_what names it in errors) through pg_net with the service role key from Vault (secret VIGIL_SERVICE_ROLE_KEY). What the pg_cron jobs run.';

--
-- Name: invoke_send_alert(text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.invoke_send_alert(p_url text, p_secret_name text DEFAULT 'VIGIL_SERVICE_ROLE_KEY'::text) RETURNS bigint
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.invoke_edge_function(p_url, 'send-alert', p_secret_name) $$;

ALTER FUNCTION vigil.invoke_send_alert(p_url text, p_secret_name text) OWNER TO postgres;

--
-- Name: FUNCTION invoke_send_alert(p_url text, p_secret_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.invoke_send_alert(p_url text, p_secret_name text) IS 'Calls the send-alert edge function through pg_net with the service role key from Vault (secret VIGIL_SERVICE_ROLE_KEY). What the pg_cron job runs.';

--
-- Name: latest_db_metric(text, timestamp with time zone, interval); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.latest_db_metric(p_name text, p_now timestamp with time zone DEFAULT now(), p_max_age interval DEFAULT '00:15:00'::interval) RETURNS double precision
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select e.value from vigil.events e
  where e.tenant_id = vigil.system_tenant_id() and e.kind = 'db_metric' and e.name = p_name
    and e.occurred_at > p_now - p_max_age and e.occurred_at <= p_now
  order by e.occurred_at desc limit 1
$$;

ALTER FUNCTION vigil.latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval) OWNER TO postgres;

--
-- Name: FUNCTION latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval) IS 'The latest sample of a db_metric (connections_pct, db_size_pct, cache_hit_ratio, ...) no older than p_max_age; null when none. For alert metrics.';

--
-- Name: metric_backup_age_hours(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('policy', f.policy),
         -- Never a verified backup: as old as the policy, so a policy nobody runs still fires.
         pg_catalog.round((extract(epoch from pg_catalog.upper(p_window) - coalesce(f.last_good_at, f.policy_created_at)) / 3600)::numeric, 2)
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id()
$$;

ALTER FUNCTION vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_backup_age_hours(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange) IS 'Alert metric backup_age_hours (vigil-system only): per policy, hours since the last backup that succeeded and passed its verify (since the policy was created when none has).';

--
-- Name: metric_backup_failed(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('policy', f.policy), case when f.latest_failed then 1 else 0 end::numeric
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id() and f.latest_id is not null
$$;

ALTER FUNCTION vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_backup_failed(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange) IS 'Alert metric backup_failed (vigil-system only): per policy, 1 when its latest backup failed or started and did not finish within the policy''s interval, else 0.';

--
-- Name: metric_cert_days_left(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('monitor', m.name), m.cert_days_left::numeric
  from vigil.monitors m where m.tenant_id = p_tenant and not m.paused and m.cert_days_left is not null
$$;

ALTER FUNCTION vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_cert_days_left(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) IS 'Alert metric cert_days_left: days until each tls monitor''s certificate expires, as last seen.';

--
-- Name: metric_cron_job_failures(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.cron_job_failures(pg_catalog.lower(p_window), pg_catalog.upper(p_window))::numeric end
$$;

ALTER FUNCTION vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_cron_job_failures(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) IS 'Alert metric cron_job_failures (vigil-system only): pg_cron runs and pg_net calls that failed in the window, plus jobs missing now.';

--
-- Name: metric_db_connections_pct(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('connections_pct', pg_catalog.upper(p_window))::numeric end
$$;

ALTER FUNCTION vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_db_connections_pct(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) IS 'Alert metric db_connections_pct (vigil-system only): the latest connections sample (percent of usable connections) no older than 15 minutes at the window''s end; null when none.';

--
-- Name: metric_db_size_pct(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('db_size_pct', pg_catalog.upper(p_window))::numeric end
$$;

ALTER FUNCTION vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_db_size_pct(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) IS 'Alert metric db_size_pct (vigil-system only): the latest database size sample, percent of maintenance_settings.db_quota_bytes; null when none in 15 minutes.';

--
-- Name: metric_dead_notifications(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.count(*)::numeric from vigil.alert_notifications n
  where n.tenant_id = p_tenant and n.status = 'dead' and n.dead_at <@ p_window
$$;

ALTER FUNCTION vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_dead_notifications(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) IS 'Alert metric notifications_dead: notifications of the tenant dead-lettered in the window.';

--
-- Name: metric_heartbeat_late(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('monitor', m.name),
         case when m.is_down or pg_catalog.upper(p_window) > coalesce(m.last_ping_at, m.created_at) + pg_catalog.make_interval(secs => m.period_seconds)
              then 1 else 0 end::numeric
  from vigil.monitors m where m.tenant_id = p_tenant and m.type = 'heartbeat' and not m.paused
$$;

ALTER FUNCTION vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_heartbeat_late(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) IS 'Alert metric heartbeat_late: 1 per heartbeat that has not pinged within its period (or is down), else 0.';

--
-- Name: metric_heartbeat_missing(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case
    when p_tenant is distinct from vigil.system_tenant_id() then null
    -- This transaction holds run_maintenance's advisory lock (bigint key k: classid = k >> 32, objid = k & 0xffffffff).
    when exists (select 1 from pg_catalog.pg_locks l
                 where l.locktype = 'advisory' and l.pid = pg_catalog.pg_backend_pid() and l.granted and l.objsubid = 1
                   and ((l.classid::bigint << 32) | l.objid::bigint) = pg_catalog.hashtext('vigil.run_maintenance')::bigint) then 0
    else vigil.heartbeat_missing(pg_catalog.upper(p_window))::numeric
  end
$$;

ALTER FUNCTION vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_heartbeat_missing(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) IS 'Alert metric heartbeat_missing (vigil-system only): 1 when maintenance has not completed a run for three intervals at the window''s end, else 0; 0 inside a maintenance run, which is itself the heartbeat.';

--
-- Name: metric_monitor_degraded(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('monitor', m.name),
         case when not m.is_down and m.last_ok and m.last_duration_ms > m.degraded_ms then 1 else 0 end::numeric
  from vigil.monitors m where m.tenant_id = p_tenant and not m.paused and m.degraded_ms is not null and m.last_checked_at is not null
$$;

ALTER FUNCTION vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_monitor_degraded(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) IS 'Alert metric monitor_degraded: 1 per monitor whose last successful check was slower than its degraded_ms.';

--
-- Name: metric_monitor_down(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('monitor', m.name), case when m.is_down then 1 else 0 end::numeric
  from vigil.monitors m where m.tenant_id = p_tenant and not m.paused and m.last_checked_at is not null
    and m.last_checked_at <= pg_catalog.upper(p_window)
$$;

ALTER FUNCTION vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_monitor_down(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) IS 'Alert metric monitor_down: 1 per monitor that is down, else 0 (paused and never checked monitors have no series).';

--
-- Name: metric_restore_drill_age_days(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange) RETURNS TABLE(labels jsonb, value numeric)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.jsonb_build_object('policy', f.policy),
         pg_catalog.round((extract(epoch from pg_catalog.upper(p_window)
                           - coalesce(case when f.last_drill_ok then f.last_drill_at end, f.policy_created_at)) / 86400)::numeric, 2)
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id()
$$;

ALTER FUNCTION vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange) IS 'Alert metric restore_drill_age_days (vigil-system only): per policy, days since the last restore drill that succeeded (since the policy was created when none has).';

--
-- Name: metric_stale_views(uuid, tstzrange); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) RETURNS numeric
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when p_tenant = vigil.system_tenant_id() then vigil.stale_view_count(pg_catalog.upper(p_window))::numeric end
$$;

ALTER FUNCTION vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) OWNER TO postgres;

--
-- Name: FUNCTION metric_stale_views(p_tenant uuid, p_window tstzrange); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) IS 'Alert metric stale_views (vigil-system only): registered materialized views whose last refresh failed or is older than twice their interval.';

--
-- Name: outbound_allow_loopback(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.outbound_allow_loopback() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select coalesce((select s.value = 'true'::jsonb from vigil.settings s where s.name = 'outbound_allow_loopback'), false)
$$;

ALTER FUNCTION vigil.outbound_allow_loopback() OWNER TO postgres;

--
-- Name: FUNCTION outbound_allow_loopback(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.outbound_allow_loopback() IS 'Whether outbound URLs may point at loopback (127.0.0.0/8, ::1, localhost), over http too: off unless the service role or a DBA turned it on, which only local tests should do. Security definer so the tenants'' channel checks can read it without reading vigil.settings.';

--
-- Name: prune_rollups(timestamp with time zone, integer); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.prune_rollups(p_now timestamp with time zone DEFAULT now(), p_limit integer DEFAULT 20000) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_deleted integer;
  v_oldest timestamptz;
  v_trimmed integer := 0;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may prune rollups.';
  end if;
  if p_limit is null or p_limit < 1 then
    raise exception using errcode = '22023', message = 'limit must be a positive number of rows.';
  end if;
  -- By primary key, not ctid: vigil.all_rollups has two partitions, and a ctid names a row only
  -- within its own.
  delete from vigil.all_rollups r
  where (r.tenant_id, r.grain, r.bucket_start, r.kind, r.name) in (
    select x.tenant_id, x.grain, x.bucket_start, x.kind, x.name
    from vigil.tenants t
    cross join lateral (values (5::smallint, t.retention_days), (15::smallint, t.retention_days),
                               (60::smallint, greatest(t.retention_days, 400)), (360::smallint, greatest(t.retention_days, 400))) g(grain, keep_days)
    cross join lateral (
      select y.tenant_id, y.grain, y.bucket_start, y.kind, y.name from vigil.all_rollups y
      where y.tenant_id = t.id and y.grain = g.grain
        and y.bucket_start < p_now - pg_catalog.make_interval(days => g.keep_days)
      limit p_limit) x
    limit p_limit);
  get diagnostics v_deleted = row_count;

  -- Milestone times (vigil.milestone_times) older than the oldest day of raw events go with that day,
  -- so a funnel from them answers what the raw events would: a row keeps its later times, and goes
  -- when it held every time and none is left. The day goes at the end of a maintenance run and its
  -- times at the next run's, a minute later.
  select pg_catalog.min((pg_catalog.substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid), $r$FROM \('([^']+)'\)$r$))::timestamptz)
  into v_oldest
  from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
  where i.inhparent = 'vigil.events'::regclass;
  if v_oldest is not null then
    with old as (
      select m.tenant_id, m.name, m.actor_type, m.actor from vigil.milestone_times m
      where m.first_at < v_oldest limit p_limit
    ), gone as (
      delete from vigil.milestone_times m
      where (m.tenant_id, m.name, m.actor_type, m.actor) in (select * from old) and m.complete and m.reach < v_oldest
      returning 1
    ), kept as (
      update vigil.milestone_times m
      set times = x.times, first_at = x.times[1]
      from (select o.*, array(select t from unnest(y.times) t where t >= v_oldest order by t) times
            from old o join vigil.milestone_times y using (tenant_id, name, actor_type, actor)
            where not (y.complete and y.reach < v_oldest)) x
      where (m.tenant_id, m.name, m.actor_type, m.actor) = (x.tenant_id, x.name, x.actor_type, x.actor)
      returning 1
    )
    select ((select pg_catalog.count(*) from gone) + (select pg_catalog.count(*) from kept))::integer into v_trimmed;
  end if;
  return pg_catalog.jsonb_build_object('deleted', v_deleted, 'milestone_rows', v_trimmed,
                                       'more', v_deleted = p_limit or v_trimmed = p_limit);
end
$_$;

ALTER FUNCTION vigil.prune_rollups(p_now timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION prune_rollups(p_now timestamp with time zone, p_limit integer); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.prune_rollups(p_now timestamp with time zone, p_limit integer) IS 'Deletes at most p_limit rollup rows past retention: 5- and 15-minute rows older than the tenant''s retention_days,
1- and 6-hour rows older than 400 days (or retention_days if longer); and at most p_limit rows of milestone times
before the oldest events partition (milestone_rows: trimmed or deleted). "more" says a backlog is left for the next
run. Service role and maintenance only.';

--
-- Name: read_alert_secret(text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.read_alert_secret(p_name text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_value text;
begin
  perform vigil._require_trusted('Only the service role can read alert secrets.');
  perform vigil._check_secret_name(p_name);
  if pg_catalog.to_regclass('vault.decrypted_secrets') is null then
    return null;
  end if;
  -- Where Vault is absent plpgsql_check cannot resolve its view: skip it (a no-op at run time).
  perform 'PRAGMA:disable:check';
  execute 'select decrypted_secret from vault.decrypted_secrets where name = $1 limit 1' into v_value using p_name;
  return v_value;
end
$_$;

ALTER FUNCTION vigil.read_alert_secret(p_name text) OWNER TO postgres;

--
-- Name: FUNCTION read_alert_secret(p_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.read_alert_secret(p_name text) IS 'The value of a VIGIL_* secret from Supabase Vault, or null (no Vault, no such secret). Service role only.';

--
-- Name: record_alert_delivery(bigint, uuid, text, integer, text, double precision, double precision, timestamp with time zone, integer, interval, interval); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer DEFAULT NULL::integer, p_error text DEFAULT NULL::text, p_duration_ms double precision DEFAULT NULL::double precision, p_retry_after_seconds double precision DEFAULT NULL::double precision, p_now timestamp with time zone DEFAULT now(), p_max_attempts integer DEFAULT 8, p_backoff_base interval DEFAULT '00:00:30'::interval, p_backoff_cap interval DEFAULT '01:00:00'::interval) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_result jsonb;
begin
  if p_outcome is null or p_outcome not in ('delivered', 'retry', 'permanent', 'refused') then
    raise exception using errcode = '22023', message = 'outcome must be one of delivered, retry, permanent, refused.';
  end if;
  v_result := vigil._settle_outbox('vigil.alert_notifications', p_notification, p_claim, p_outcome, p_error, p_retry_after_seconds,
                                   p_now, p_max_attempts, p_backoff_base, p_backoff_cap, 'notification');
  if (v_result ->> 'recorded')::boolean then
    insert into vigil.alert_delivery_attempts (tenant_id, notification_id, attempt, at, outcome, status_code, error, duration_ms)
    -- A receiver's answer is kept for operators but cut short: it is the receiver's text, not ours.
    values ((v_result ->> 'tenant_id')::uuid, p_notification, (v_result ->> 'attempts')::integer, p_now, p_outcome, p_status_code,
            pg_catalog.left(p_error, 300), p_duration_ms);
  end if;
  return v_result - 'tenant_id';
end
$$;

ALTER FUNCTION vigil.record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval) OWNER TO postgres;

--
-- Name: FUNCTION record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval) IS 'Records one delivery attempt under the claim token its claim returned and decides what follows: delivered; retry (after retry-after, else exponential backoff with jitter); dead after a permanent error, an address the outbound guard refused (no request was sent) or p_max_attempts. Errors are kept to 300 characters. A token that is no longer the row''s (its claim was lost) records nothing and returns recorded = false.';

--
-- Name: record_check_results(jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.record_check_results(p_results jsonb, p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session may record check results.';
  end if;
  return vigil._record_check_results(p_results, p_now);
end
$$;

ALTER FUNCTION vigil.record_check_results(p_results jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION record_check_results(p_results jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.record_check_results(p_results jsonb, p_now timestamp with time zone) IS 'The one write path of check results (service role, the probe, heartbeats): each result becomes an api_call event named
check:<monitor> (duration, success, status code, reason, degraded flag, certificate days left), and each monitor moves:
a failure within retries is pending, beyond them down; recovery_successes successes in a row bring it back; a quorum of
regions must fail for a check to count as failed. Returns {events, monitors}.';

--
-- Name: record_deploy_action(bigint, uuid, text, text, double precision, jsonb, timestamp with time zone, integer, interval); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text DEFAULT NULL::text, p_retry_after_seconds double precision DEFAULT NULL::double precision, p_result jsonb DEFAULT NULL::jsonb, p_now timestamp with time zone DEFAULT now(), p_max_attempts integer DEFAULT 6, p_backoff_base interval DEFAULT '00:00:10'::interval) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  a vigil.deploy_actions;
  d vigil.deployments;
  v_result jsonb;
  v_status text;
begin
  select * into a from vigil.deploy_actions where id = p_action;
  -- A provider that accepted a rollback is asked about its job until it ends, across runs; the
  -- polling has a deadline, after which the rollback counts as failed.
  if p_outcome = 'wait' and a.phase = 'request' then
    update vigil.deploy_actions set phase = 'poll', poll_until = p_now + interval '10 minutes' where id = p_action and claim_token = p_claim;
  elsif p_outcome = 'wait' and a.poll_until < p_now then
    p_outcome := 'permanent';
    p_error := coalesce(p_error, 'the provider''s rollback job did not finish within 10 minutes');
  end if;
  v_result := vigil._settle_outbox('vigil.deploy_actions', p_action, p_claim, p_outcome, p_error, p_retry_after_seconds, p_now,
                                   p_max_attempts, p_backoff_base, interval '10 minutes', 'deploy action');
  if not (v_result ->> 'recorded')::boolean then
    return v_result - 'tenant_id';
  end if;
  update vigil.deploy_actions set result = coalesce(p_result, result) where id = p_action;
  v_status := v_result ->> 'status';
  if a.kind = 'smoke' and v_status = 'delivered' then
    perform vigil._apply_smoke(a.deployment_id, p_result, p_now, 'deploy function');
  elsif a.kind = 'rollback' and v_status = 'delivered' then
    d := vigil._deploy_move(a.deployment_id, 'rolled_back', p_now, 'deploy function',
                            pg_catalog.format('rolled back to %s', (select coalesce(x.version, x.external_id) from vigil.deployments x where x.id = a.to_deployment_id)));
    -- The restored deployment serves again: a row of its own, live now, that says what it undid.
    insert into vigil.deployments (tenant_id, target_id, external_id, environment, version, commit_sha, ref, url, actor, status,
                                   status_since, created_at, live_at, healthy_at, rollback_of, rollback_to, reason)
    select x.tenant_id, x.target_id, null, x.environment, x.version, x.commit_sha, x.ref, x.url, 'deploy function', 'healthy',
           p_now, p_now, p_now, p_now, d.id, x.id, 'rollback of ' || coalesce(d.version, d.external_id)
    from vigil.deployments x where x.id = a.to_deployment_id;
    -- The row it restored stays in the log as what it was; the new row is the one that serves.
    update vigil.deployments o set status = 'superseded', status_since = p_now
    where o.target_id = a.target_id and o.status = 'healthy' and o.rollback_of is distinct from d.id;
  elsif a.kind = 'rollback' and v_status = 'dead' then
    perform vigil._deploy_move(a.deployment_id, 'rollback_failed', p_now, 'deploy function', pg_catalog.left(p_error, 300));
  end if;
  return v_result - 'tenant_id';
end
$$;

ALTER FUNCTION vigil.record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval) OWNER TO postgres;

--
-- Name: FUNCTION record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval) IS 'Records the outcome of a claimed deploy action under its claim token (the shared outbox rules: retry with backoff,
dead after permanent or the attempt limit; wait = the provider''s job is still running, ask again). A finished rollback
marks the deployment rolled_back and records the restored one as live; a dead one marks it rollback_failed; a finished
smoke action applies its results.';

--
-- Name: record_deploy_webhook(uuid, text, text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  t vigil.deploy_targets;
  d vigil.deployments;
  v_status text;
begin
  select * into t from vigil.deploy_targets where id = p_target;
  if t.id is null then
    raise exception using errcode = 'PT404', message = 'No deploy target has that id.';
  end if;
  insert into vigil.deploy_webhook_deliveries (tenant_id, target_id, webhook_id, received_at, type)
  values (t.tenant_id, t.id, p_webhook_id, p_now, p_type)
  on conflict do nothing;
  if not found then
    return pg_catalog.jsonb_build_object('duplicate', true);
  end if;
  v_status := case p_type
    when 'deployment.created' then 'building'
    when 'deployment.succeeded' then 'ready'
    when 'deployment.ready' then 'ready'
    when 'deployment.error' then 'build_failed'
    when 'deployment.canceled' then 'build_failed'
  end;
  if v_status is null then
    return pg_catalog.jsonb_build_object('duplicate', false, 'ignored', p_type);
  end if;
  insert into vigil.deployments (tenant_id, target_id, external_id, environment, version, commit_sha, ref, url, actor, status,
                                 status_since, created_at)
  values (t.tenant_id, t.id, p_deployment ->> 'id', t.environment, coalesce(p_deployment ->> 'version', p_deployment ->> 'commit'),
          p_deployment ->> 'commit', p_deployment ->> 'ref', p_deployment ->> 'url', 'vercel', 'building', p_now, p_now)
  on conflict (target_id, external_id) do update set url = coalesce(vigil.deployments.url, excluded.url)
  returning * into d;
  d := vigil._deploy_advance(d.id, v_status, p_now, 'vercel');
  return pg_catalog.jsonb_build_object('duplicate', false, 'deployment', d.id, 'status', d.status);
end
$$;

ALTER FUNCTION vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone) IS 'Records a verified provider webhook: a repeated webhook id changes nothing; deployment.created/succeeded/error/canceled move the deployment.';

--
-- Name: refresh_uptime(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.refresh_uptime(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_item record;
  v_days jsonb;
  v_today date := (p_now at time zone 'UTC')::date;
  v_day date;
  v_c record;
  v_items integer := 0;
  v_errors integer := 0;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may refresh uptime.';
  end if;
  for v_item in
    select distinct p.tenant_id, coalesce(m.id, s.id) item_id,
           coalesce(s.kind, 'api_call') kind, coalesce('check:' || m.name, s.name) name, s.threshold_ms
    from vigil.status_pages p
    cross join lateral pg_catalog.jsonb_array_elements(p.items) x
    left join vigil.monitors m on m.tenant_id = p.tenant_id and m.id::text = x ->> 'monitor'
    left join vigil.slos s on s.tenant_id = p.tenant_id and s.id::text = x ->> 'slo'
    where coalesce(m.id, s.id) is not null
  loop
    -- One item's failure never stops the others' refresh.
    begin
      select coalesce((select c.days from vigil.uptime_cache c where c.tenant_id = v_item.tenant_id and c.item_id = v_item.item_id), '{}')
      into v_days;
      for v_day in select d::date from pg_catalog.generate_series(v_today - 89, v_today, interval '1 day') d loop
        continue when v_day < v_today - 1 and v_days ? v_day::text;
        select * into v_c from vigil._slo_counts(v_item.tenant_id, v_item.kind, v_item.name, v_item.threshold_ms,
          v_day::timestamp at time zone 'UTC', least(p_now, (v_day + 1)::timestamp at time zone 'UTC'));
        v_days := v_days || pg_catalog.jsonb_build_object(v_day::text, pg_catalog.jsonb_build_array(v_c.total, v_c.bad));
      end loop;
      v_days := (select pg_catalog.jsonb_object_agg(d.key, d.value) from pg_catalog.jsonb_each(v_days) d where d.key::date > v_today - 90);
      select * into v_c from vigil._slo_counts(v_item.tenant_id, v_item.kind, v_item.name, v_item.threshold_ms, p_now - interval '24 hours', p_now);
      insert into vigil.uptime_cache (tenant_id, item_id, days, total_24h, bad_24h, refreshed_at)
      values (v_item.tenant_id, v_item.item_id, v_days, v_c.total, v_c.bad, p_now)
      on conflict (tenant_id, item_id) do update
        set days = excluded.days, total_24h = excluded.total_24h, bad_24h = excluded.bad_24h, refreshed_at = excluded.refreshed_at;
      v_items := v_items + 1;
    exception when others then
      v_errors := v_errors + 1;
    end;
  end loop;
  delete from vigil.uptime_cache c
  where not exists (select 1 from vigil.status_pages p cross join lateral pg_catalog.jsonb_array_elements(p.items) x
                    where p.tenant_id = c.tenant_id and coalesce(x ->> 'monitor', x ->> 'slo') = c.item_id::text);
  return pg_catalog.jsonb_build_object('items', v_items, 'errors', v_errors);
end
$$;

ALTER FUNCTION vigil.refresh_uptime(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION refresh_uptime(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.refresh_uptime(p_now timestamp with time zone) IS 'Maintenance step status_pages: checks and bad checks per UTC day (90 days) and over 24 hours for every status page item, from rollups (an SLO item counts its good events). Trusted callers only.';

--
-- Name: refresh_view(regclass, timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.refresh_view(p_view regclass, p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_t timestamptz := pg_catalog.clock_timestamp();
  v_concurrently boolean;
  v_ms double precision;
  v_error text;
  v_name text;
begin
  perform vigil._require_trusted('Only the service role or a database session may refresh views.');
  select pg_catalog.format('%I.%I', n.nspname, c.relname) into v_name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = p_view and c.relkind = 'm';
  begin
    if v_name is null then
      raise exception using errcode = '42P01', message = pg_catalog.format('Materialized view %s does not exist.', p_view);
    end if;
    -- CONCURRENTLY keeps the view readable during the refresh; it needs a populated view and a unique index.
    v_concurrently := vigil._can_refresh_concurrently(p_view);
    -- A regclass prints as its quoted, schema-qualified name.
    execute pg_catalog.format('refresh materialized view %s %s', case when v_concurrently then 'concurrently' else '' end, p_view);
  exception when others then
    v_error := sqlerrm;
  end;
  v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000)::numeric, 3)::double precision;
  update vigil.materialized_views
  set last_attempt_at = p_now, last_duration_ms = v_ms, last_concurrently = v_concurrently, last_error = v_error,
      last_refreshed_at = case when v_error is null then p_now else last_refreshed_at end
  where view = p_view;
  return pg_catalog.jsonb_build_object('view', coalesce(v_name, p_view::text), 'duration_ms', v_ms,
    'concurrently', v_concurrently, 'error', v_error);
end
$$;

ALTER FUNCTION vigil.refresh_view(p_view regclass, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION refresh_view(p_view regclass, p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.refresh_view(p_view regclass, p_now timestamp with time zone) IS 'Refreshes one materialized view (concurrently when it can), isolated, and records duration and error in vigil.materialized_views.';

--
-- Name: require_role(uuid, vigil.member_role); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role DEFAULT 'viewer'::vigil.member_role) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if p_tenant is null then
    raise exception using errcode = '22023', message = 'A tenant id is required.';
  end if;
  if not vigil.has_role(p_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of this tenant to do this.', vigil._role_with_article(p_min)),
      hint = 'Ask an admin of the tenant to add you, or call with the service role.';
  end if;
end
$$;

ALTER FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) OWNER TO postgres;

--
-- Name: FUNCTION require_role(p_tenant uuid, p_min vigil.member_role); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) IS 'Raises 42501 unless the caller holds at least p_min in p_tenant.';

--
-- Name: run_maintenance(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.run_maintenance(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_step record;
  v_t timestamptz;
  v_result jsonb;
  v_steps jsonb := '[]'::jsonb;
  v_failed integer := 0;
  v_state text;
  v_msg text;
  v_ms double precision;
  v_run_id bigint;
  v_summary jsonb;
begin
  perform vigil._require_trusted('Only the service role or a database session (pg_cron, a DBA) may run maintenance.');
  -- Transaction-level: released at commit or rollback, so a crashed run never leaves it held.
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('vigil.run_maintenance')) then
    return pg_catalog.jsonb_build_object('status', 'skipped', 'reason', 'Another maintenance run holds the lock.');
  end if;

  for v_step in
    -- fn is text (a reg* column would block pg_upgrade): resolved here, and a step whose function
    -- is gone stays in the loop with no proname, so it fails on its own instead of vanishing.
    select s.name, s.fn, n.nspname, p.proname, p.pronargs, p.proargtypes[0] as argtype
    from vigil.maintenance_steps s
    left join pg_catalog.pg_proc p on p.oid = pg_catalog.to_regprocedure(s.fn)
    left join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where s.enabled
    order by s.position, s.name
  loop
    v_t := pg_catalog.clock_timestamp();
    v_result := null;
    -- Each step is a subtransaction: whatever it did is undone when it raises, and the run goes on.
    begin
      if v_step.proname is null then
        raise exception using errcode = '42883',
          message = pg_catalog.format('Step %s names a function that does not exist: %s.', v_step.name, v_step.fn);
      elsif v_step.pronargs = 0 then
        execute pg_catalog.format('select %I.%I()', v_step.nspname, v_step.proname) into v_result;
      elsif v_step.pronargs = 1 and v_step.argtype = 'pg_catalog.timestamptz'::pg_catalog.regtype then
        -- A step that takes the run's clock gets it, so tests can drive every step's "now".
        execute pg_catalog.format('select %I.%I($1)', v_step.nspname, v_step.proname) into v_result using p_now;
      else
        raise exception using errcode = '22023',
          message = pg_catalog.format('Step %s must take no argument or one timestamptz.', v_step.name);
      end if;
      v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000)::numeric, 3)::double precision;
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'ok', 'duration_ms', v_ms,
                                                          'result', coalesce(v_result, '{}'::jsonb));
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_failed := v_failed + 1;
      v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000)::numeric, 3)::double precision;
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'failed', 'duration_ms', v_ms,
                                                          'error', v_msg, 'sqlstate', v_state);
      begin
        perform vigil._record_system_event('log', 'maintenance step failed: ' || v_step.name, null,
          pg_catalog.jsonb_build_object('level', 'error', 'step', v_step.name, 'sqlstate', v_state,
                                        'message', pg_catalog.left(v_msg, 2000)), p_now);
      exception when others then
        null;  -- The summary and the run row still carry the error; losing the event is the lesser harm.
      end;
    end;
  end loop;

  v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_started) * 1000)::numeric, 3)::double precision;
  v_summary := pg_catalog.jsonb_build_object('status', case when v_failed = 0 then 'ok' else 'failed' end,
    'started_at', p_now, 'duration_ms', v_ms, 'steps_failed', v_failed, 'steps', v_steps);
  insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
  values (p_now, p_now + pg_catalog.make_interval(secs => v_ms / 1000), v_ms, v_failed, v_summary)
  returning id into v_run_id;
  return v_summary || pg_catalog.jsonb_build_object('run_id', v_run_id);
end
$_$;

ALTER FUNCTION vigil.run_maintenance(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION run_maintenance(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.run_maintenance(p_now timestamp with time zone) IS 'Runs the enabled steps of vigil.maintenance_steps by position, each timed and in its own subtransaction: a step
that raises is undone, recorded (summary, maintenance_runs, a log event of the system tenant) and the next step
runs. A second concurrent run returns {"status": "skipped"} at once. Records a heartbeat row per run.
What pg_cron calls: select vigil.run_maintenance();';

--
-- Name: sample_db_health(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.sample_db_health(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  v_max integer := pg_catalog.current_setting('max_connections')::integer;
  v_reserved integer := pg_catalog.current_setting('superuser_reserved_connections')::integer;
  v_used integer;
  v_size bigint := pg_catalog.pg_database_size(pg_catalog.current_database());
  v_quota bigint;
  v_hit double precision;
  v_longest_query double precision;
  v_longest_xact double precision;
  v_query text;
  v_pss text;
  v_slow jsonb;
  v_sample jsonb;
begin
  perform vigil._require_trusted('Only the service role or a database session may sample database health.');
  select s.db_quota_bytes into v_quota from vigil.maintenance_settings s;
  -- Connections count cluster-wide: max_connections is a cluster limit.
  select pg_catalog.count(*)::integer into v_used from pg_catalog.pg_stat_activity a where a.backend_type = 'client backend';
  select case when d.blks_hit + d.blks_read > 0 then d.blks_hit::double precision / (d.blks_hit + d.blks_read) end
  into v_hit from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database();
  -- Durations are measured on the real clock: pg_stat_activity knows nothing of p_now.
  -- Without pg_read_all_stats another role's query_start and xact_start read as null, and are not counted.
  select extract(epoch from pg_catalog.clock_timestamp() - a.query_start)::double precision, pg_catalog.left(a.query, 200)
  into v_longest_query, v_query
  from pg_catalog.pg_stat_activity a
  where a.state = 'active' and a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend'
    and a.query_start is not null
  order by a.query_start limit 1;
  select pg_catalog.max(extract(epoch from pg_catalog.clock_timestamp() - a.xact_start))::double precision into v_longest_xact
  from pg_catalog.pg_stat_activity a
  where a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend' and a.xact_start is not null;
  -- pg_stat_statements, where the project enabled it, names the slowest statements.
  select n.nspname::text into v_pss from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
  where e.extname = 'pg_stat_statements';
  if v_pss is not null then
    begin
      execute pg_catalog.format(
        'select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''query'', pg_catalog.left(s.query, 200), ''calls'', s.calls,'
        ' ''mean_ms'', pg_catalog.round(s.mean_exec_time::numeric, 3), ''total_ms'', pg_catalog.round(s.total_exec_time::numeric, 3)))'
        ' from (select * from %I.pg_stat_statements where calls > 0 order by mean_exec_time desc limit 5) s', v_pss)
        into v_slow;
    exception when others then
      v_slow := null;  -- Not preloaded (shared_preload_libraries): the view exists but cannot be read.
    end;
  end if;

  v_sample := pg_catalog.jsonb_build_object(
    'connections_pct', pg_catalog.round((100.0 * v_used / greatest(v_max - v_reserved, 1))::numeric, 2),
    'connections', v_used, 'max_connections', v_max - v_reserved,
    'db_size_pct', pg_catalog.round((100.0 * v_size / v_quota)::numeric, 2),
    'db_size_bytes', v_size, 'db_quota_bytes', v_quota,
    'cache_hit_ratio', pg_catalog.round(v_hit::numeric, 4),
    'longest_query_seconds', coalesce(pg_catalog.round(v_longest_query::numeric, 3), 0),
    'longest_query', v_query,
    'longest_transaction_seconds', coalesce(pg_catalog.round(v_longest_xact::numeric, 3), 0),
    'slow_statements', v_slow);

  perform vigil._record_system_event('db_metric', 'connections_pct', (v_sample ->> 'connections_pct')::double precision,
    pg_catalog.jsonb_build_object('connections', v_used, 'max_connections', v_max - v_reserved), p_now);
  perform vigil._record_system_event('db_metric', 'db_size_pct', (v_sample ->> 'db_size_pct')::double precision,
    pg_catalog.jsonb_build_object('db_size_bytes', v_size, 'db_quota_bytes', v_quota), p_now);
  if v_hit is not null then
    perform vigil._record_system_event('db_metric', 'cache_hit_ratio', (v_sample ->> 'cache_hit_ratio')::double precision, '{}'::jsonb, p_now);
  end if;
  perform vigil._record_system_event('db_metric', 'longest_query_seconds', (v_sample ->> 'longest_query_seconds')::double precision,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('query', v_query)), p_now);
  perform vigil._record_system_event('db_metric', 'longest_transaction_seconds',
    (v_sample ->> 'longest_transaction_seconds')::double precision, '{}'::jsonb, p_now);
  if v_slow is not null then
    perform vigil._record_system_event('db_metric', 'slowest_statement_mean_ms', (v_slow -> 0 ->> 'mean_ms')::double precision,
      pg_catalog.jsonb_build_object('statements', v_slow), p_now);
  end if;
  return v_sample;
end
$$;

ALTER FUNCTION vigil.sample_db_health(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION sample_db_health(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.sample_db_health(p_now timestamp with time zone) IS 'Samples connections (of max_connections less the superuser reserve), database size against
maintenance_settings.db_quota_bytes, cache hit ratio, the longest running query and transaction, and with
pg_stat_statements the five slowest statements; stores each as a db_metric event of the vigil-system tenant.';

--
-- Name: schedule_alert_delivery(text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.schedule_alert_delivery(p_url text, p_schedule text DEFAULT '* * * * *'::text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.schedule_edge_function('vigil-send-alert', 'vigil.invoke_send_alert', p_url, 'send-alert', p_schedule) $$;

ALTER FUNCTION vigil.schedule_alert_delivery(p_url text, p_schedule text) OWNER TO postgres;

--
-- Name: FUNCTION schedule_alert_delivery(p_url text, p_schedule text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.schedule_alert_delivery(p_url text, p_schedule text) IS 'Schedules the pg_cron job vigil-send-alert that calls send-alert (needs pg_cron and pg_net); returns what it did, or why it could not.';

--
-- Name: schedule_deploy_run(text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.schedule_deploy_run(p_url text, p_schedule text DEFAULT '* * * * *'::text) RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil.schedule_edge_function('vigil-deploy-run', 'vigil.invoke_deploy_run', p_url, 'deploy', p_schedule) $$;

ALTER FUNCTION vigil.schedule_deploy_run(p_url text, p_schedule text) OWNER TO postgres;

--
-- Name: FUNCTION schedule_deploy_run(p_url text, p_schedule text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.schedule_deploy_run(p_url text, p_schedule text) IS 'Schedules the pg_cron job vigil-deploy-run calling the deploy function''s /run (https://<ref>.supabase.co/functions/v1/deploy/run) every minute; needs pg_cron and pg_net, else says what to do.';

--
-- Name: schedule_edge_function(text, text, text, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text DEFAULT '* * * * *'::text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = pg_catalog.format('Only the service role can schedule %s.', p_what);
  end if;
  if p_url is null or not vigil._is_allowed_url(p_url) then
    raise exception using errcode = '22023', message = pg_catalog.format('url must be the https URL of the %s function.', p_what);
  end if;
  if pg_catalog.to_regnamespace('cron') is null then
    return pg_catalog.format('pg_cron is not installed: call %s every minute from an external scheduler.', p_what);
  end if;
  if pg_catalog.to_regnamespace('net') is null then
    return pg_catalog.format('pg_net is not installed: enable it (Database > Extensions) or call %s from an external scheduler.', p_what);
  end if;
  -- Named jobs are upserts in pg_cron, so scheduling twice is safe.
  execute 'select cron.schedule($1, $2, $3)'
    using p_job, p_schedule, pg_catalog.format('select %s(%L)', p_invoke, p_url);
  return 'scheduled ' || p_job;
end
$_$;

ALTER FUNCTION vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text) OWNER TO postgres;

--
-- Name: FUNCTION schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text) IS 'Schedules pg_cron job p_job running p_invoke(p_url) (needs pg_cron and pg_net); returns what it did, or why it could not. The service role only.';

--
-- Name: set_outbound_allow_loopback(boolean); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.set_outbound_allow_loopback(p_allow boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator can allow outbound requests to loopback.');
  insert into vigil.settings (name, value, updated_at, updated_by)
  values ('outbound_allow_loopback', pg_catalog.to_jsonb(coalesce(p_allow, false)), pg_catalog.now(), session_user)
  on conflict (name) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
end
$$;

ALTER FUNCTION vigil.set_outbound_allow_loopback(p_allow boolean) OWNER TO postgres;

--
-- Name: FUNCTION set_outbound_allow_loopback(p_allow boolean); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.set_outbound_allow_loopback(p_allow boolean) IS 'Turns the loopback allowance of the outbound guard on or off (service role and DBAs only). For local tests whose receivers listen on 127.0.0.1; never on in production.';

--
-- Name: stale_view_count(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.stale_view_count(p_now timestamp with time zone DEFAULT now()) RETURNS double precision
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select pg_catalog.count(*)::double precision from vigil.stale_views(p_now) $$;

ALTER FUNCTION vigil.stale_view_count(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION stale_view_count(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.stale_view_count(p_now timestamp with time zone) IS 'The stale-view alert metric: how many registered views are stale.';

--
-- Name: stale_views(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.stale_views(p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(view text, refresh_interval interval, last_refreshed_at timestamp with time zone, last_error text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select m.view::text, m.refresh_interval, m.last_refreshed_at, m.last_error
  from vigil.materialized_views m
  where m.enabled
    and (m.last_error is not null
         or coalesce(m.last_refreshed_at, m.registered_at) < p_now - 2 * m.refresh_interval)
$$;

ALTER FUNCTION vigil.stale_views(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION stale_views(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.stale_views(p_now timestamp with time zone) IS 'Registered views that failed their last refresh or are older than twice their interval.';

--
-- Name: system_tenant_id(); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.system_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$ select t.id from vigil.tenants t where t.slug = 'vigil-system' $$;

ALTER FUNCTION vigil.system_tenant_id() OWNER TO postgres;

--
-- Name: FUNCTION system_tenant_id(); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.system_tenant_id() IS 'The tenant that holds database-wide events (db_metric samples, cron failures, maintenance errors). Its members may read maintenance and database status.';

--
-- Name: watch_scheduler(timestamp with time zone); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.watch_scheduler(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  v_settings vigil.maintenance_settings;
  v_since timestamptz;
  v_run record;
  v_job record;
  v_failed integer := 0;
  v_missing integer := 0;
  v_newly_missing integer := 0;
  v_pruned integer := 0;
  v_period integer;
  v_last_start timestamptz;
  v_http_failed integer := 0;
begin
  perform vigil._require_trusted('Only the service role or a database session may watch the scheduler.');
  select * into v_settings from vigil.maintenance_settings;
  v_since := coalesce(v_settings.cron_watched_until, p_now - interval '1 hour');

  -- pg_net, where installed, is how jobs call edge functions: a "succeeded" job whose HTTP call came
  -- back non-2xx or timed out failed all the same. pg_net keeps responses for 6 hours.
  if pg_catalog.to_regclass('net._http_response') is not null then
    -- Where pg_net is absent (locally, in CI) plpgsql_check cannot resolve its table: it skips this
    -- loop, which runs only where the table exists. A no-op at run time.
    perform 'PRAGMA:disable:check';
    for v_run in execute
      'select r.id, r.status_code, r.timed_out, r.error_msg, pg_catalog.left(r.content, 200) as content, r.created
       from net._http_response r
       where r.created > $1 and r.created <= $2
         and (coalesce(r.timed_out, false) or r.error_msg is not null or r.status_code is null or r.status_code not between 200 and 299)
       order by r.created limit 200'
      using v_since, p_now
    loop
      perform vigil._record_system_event('log',
        'http call failed: ' || case when v_run.timed_out then 'timeout' else coalesce(v_run.status_code::text, 'error') end, null,
        pg_catalog.jsonb_build_object('level', 'error', 'request_id', v_run.id, 'status_code', v_run.status_code,
          'timed_out', v_run.timed_out, 'error_msg', pg_catalog.left(v_run.error_msg, 500), 'content', v_run.content),
        v_run.created);
      v_http_failed := v_http_failed + 1;
    end loop;
  end if;

  if pg_catalog.to_regclass('cron.job_run_details') is null then
    update vigil.maintenance_settings set cron_watched_until = p_now;
    return pg_catalog.jsonb_build_object('skipped', 'pg_cron is not installed', 'failed_http_calls', v_http_failed);
  end if;

  -- Failed runs that ended since the last watch, each an error log event (bounded per run).
  for v_run in execute
    'select d.jobid, d.runid, d.return_message, d.start_time, d.end_time, j.jobname, pg_catalog.left(d.command, 200) as command
     from cron.job_run_details d left join cron.job j on j.jobid = d.jobid
     where d.status = ''failed'' and d.end_time > $1 and d.end_time <= $2
     order by d.end_time limit 200'
    using v_since, p_now
  loop
    perform vigil._record_system_event('log', 'cron job failed: ' || coalesce(v_run.jobname, 'job ' || v_run.jobid), null,
      pg_catalog.jsonb_build_object('level', 'error', 'jobid', v_run.jobid, 'jobname', v_run.jobname, 'runid', v_run.runid,
        'command', v_run.command, 'return_message', pg_catalog.left(v_run.return_message, 1000), 'start_time', v_run.start_time),
      v_run.end_time);
    v_failed := v_failed + 1;
  end loop;
  update vigil.maintenance_settings set cron_watched_until = p_now;

  -- Missed runs: an active job with a regular schedule that has not started for three periods.
  for v_job in select j.jobid, j.jobname, j.schedule from cron.job j where j.active loop
    insert into vigil.cron_job_watch (jobid, jobname, first_seen_at) values (v_job.jobid, v_job.jobname, p_now)
    on conflict (jobid) do update set jobname = excluded.jobname;
    v_period := vigil._cron_interval_seconds(v_job.schedule);
    continue when v_period is null;
    execute 'select pg_catalog.max(d.start_time) from cron.job_run_details d where d.jobid = $1' into v_last_start using v_job.jobid;
    if coalesce(v_last_start, (select w.first_seen_at from vigil.cron_job_watch w where w.jobid = v_job.jobid))
       < p_now - pg_catalog.make_interval(secs => 3 * greatest(v_period, 60)) then
      v_missing := v_missing + 1;
      update vigil.cron_job_watch set missing_since = p_now where jobid = v_job.jobid and missing_since is null;
      if found then
        v_newly_missing := v_newly_missing + 1;
        perform vigil._record_system_event('log', 'cron job missed: ' || coalesce(v_job.jobname, 'job ' || v_job.jobid), null,
          pg_catalog.jsonb_build_object('level', 'error', 'jobid', v_job.jobid, 'jobname', v_job.jobname,
            'schedule', v_job.schedule, 'last_start', v_last_start), p_now);
      end if;
    else
      update vigil.cron_job_watch set missing_since = null where jobid = v_job.jobid and missing_since is not null;
    end if;
  end loop;
  -- Jobs that were unscheduled or deactivated are no longer expected to run.
  delete from vigil.cron_job_watch w where not exists (select 1 from cron.job j where j.jobid = w.jobid and j.active);

  -- pg_cron keeps every run forever; prune past the history window, bounded so one run stays short.
  execute 'delete from cron.job_run_details d where d.runid in (
             select x.runid from cron.job_run_details x where x.end_time < $1 limit 10000)'
    using p_now - pg_catalog.make_interval(days => v_settings.cron_history_days);
  get diagnostics v_pruned = row_count;

  return pg_catalog.jsonb_build_object('failed_runs', v_failed, 'failed_http_calls', v_http_failed, 'missing_jobs', v_missing,
                                       'newly_missing', v_newly_missing, 'pruned_run_details', v_pruned);
end
$_$;

ALTER FUNCTION vigil.watch_scheduler(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION watch_scheduler(p_now timestamp with time zone); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.watch_scheduler(p_now timestamp with time zone) IS 'Turns failed pg_cron runs (since the last watch), jobs whose expected run is missing (three periods without a
start) and, where pg_net is installed, HTTP calls that came back non-2xx, errored or timed out into error log
events of the vigil-system tenant, for every job in the database, and prunes
cron.job_run_details older than maintenance_settings.cron_history_days (10,000 rows per call). Without pg_cron it
does nothing.';

--
-- Name: window_stats(uuid, timestamp with time zone, timestamp with time zone, text, text); Type: FUNCTION; Schema: vigil; Owner: postgres
--

CREATE FUNCTION vigil.window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text DEFAULT NULL::text, p_name text DEFAULT NULL::text) RETURNS TABLE(kind text, name text, count bigint, errors bigint, avg_ms double precision, p50_ms double precision, p95_ms double precision, p99_ms double precision, min_ms double precision, max_ms double precision)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select s.kind, s.name, s.count, s.errors, s.avg_ms, s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
  from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, null, true) s
$$;

ALTER FUNCTION vigil.window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) OWNER TO postgres;

--
-- Name: FUNCTION window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text); Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON FUNCTION vigil.window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) IS 'Per (kind, name) in [p_since, p_until): count, errors and latency (avg, p50, p95, p99, min, max in ms), from rollups plus the raw open tail; percentiles within 1% of percentile_disc. Internal: callers check access first.';

--
-- Name: acknowledge_alert(uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._act_on_alert(p_alert, 'acknowledge', p_note, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text) OWNER TO postgres;

--
-- Name: FUNCTION acknowledge_alert(p_alert uuid, p_note text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text) IS 'Acknowledges a pending or firing alert (operators and admins): reminders stop, PagerDuty/Slack/webhook channels are told, history records who and when.';

--
-- Name: add_member(uuid, uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text DEFAULT 'viewer'::text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if p_role is null or p_role not in ('viewer', 'operator', 'admin') then
    raise exception using errcode = '22023', message = 'role must be one of viewer, operator, admin.';
  end if;
  perform vigil._set_member(p_tenant, p_user, p_role::vigil.member_role);
end
$$;

ALTER FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text) OWNER TO postgres;

--
-- Name: FUNCTION add_member(p_tenant uuid, p_user uuid, p_role text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text) IS 'Adds a user to a tenant, or changes their role (viewer, operator, admin). Tenant admins only.';

--
-- Name: alert_delivery_stats(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone DEFAULT (now() - '24:00:00'::interval)) RETURNS TABLE(channel_id uuid, channel text, channel_type text, pending bigint, retrying bigint, delivered bigint, dead bigint, attempts bigint, last_error text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
    select c.id, c.name, c.type,
           pg_catalog.count(*) filter (where n.status in ('pending', 'sending')),
           pg_catalog.count(*) filter (where n.status = 'retrying'),
           pg_catalog.count(*) filter (where n.status = 'delivered'),
           pg_catalog.count(*) filter (where n.status = 'dead'),
           coalesce(pg_catalog.sum(n.attempts), 0)::bigint,
           (pg_catalog.array_agg(n.last_error order by n.id desc) filter (where n.last_error is not null))[1]
    from vigil.alert_channels c
    left join vigil.alert_notifications n on n.channel_id = c.id and n.created_at >= p_since
    where c.tenant_id = p_tenant
    group by c.id, c.name, c.type
    order by c.name;
end
$$;

ALTER FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone) IS 'Per channel since p_since (default 24 h): notifications pending, retrying, delivered and dead (dead-lettered), attempts and the last error. Any member may read it.';

--
-- Name: alert_history(uuid, uuid, timestamp with time zone, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid DEFAULT NULL::uuid, p_since timestamp with time zone DEFAULT NULL::timestamp with time zone, p_limit integer DEFAULT 200) RETURNS TABLE(at timestamp with time zone, alert_id uuid, rule_id uuid, rule text, labels jsonb, from_state text, to_state text, value double precision, event_count bigint, actor uuid, note text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select vigil._check_limit(p_limit, 5000);
  select h.at, h.alert_id, h.rule_id, r.name, a.labels, h.from_state, h.to_state, h.value, h.event_count, h.actor, h.note
  from vigil.alert_history h
  join vigil.alerts a on a.id = h.alert_id
  join vigil.alert_rules r on r.id = h.rule_id
  where h.tenant_id = p_tenant and (p_alert is null or h.alert_id = p_alert) and (p_since is null or h.at >= p_since)
  order by h.at desc, h.id desc
  limit p_limit;
$$;

ALTER FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer) IS 'Transitions of a tenant''s alerts, newest first, each with its value, and operator actions with who did them. Any member may read it.';

--
-- Name: backup_plan(text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.backup_plan(p_policy text DEFAULT 'daily'::text) RETURNS TABLE(ordinal integer, table_name text, schema_name text, relation_name text, depth integer, primary_key text[], columns jsonb, parents text[], estimated_rows bigint, estimated_bytes bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_policy vigil.backup_policies;
begin
  perform vigil._require_backup_manager('plan a backup');
  v_policy := vigil._backup_policy(p_policy);
  return query
  with recursive chosen as (
    select c.oid, n.nspname::text as nsp, c.relname::text as rel
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence = 'p'
      and n.nspname = any (v_policy.schemas)
      and (pg_catalog.cardinality(v_policy.include) = 0
           or exists (select 1 from pg_catalog.unnest(v_policy.include) i where n.nspname || '.' || c.relname like i or c.relname like i))
      and not exists (select 1 from pg_catalog.unnest(v_policy.exclude) x where n.nspname || '.' || c.relname like x or c.relname like x)
  ),
  refs as (
    select distinct k.conrelid as child, k.confrelid as parent
    from pg_catalog.pg_constraint k
    where k.contype = 'f' and k.conrelid <> k.confrelid and k.conparentid = 0
      and k.conrelid in (select ch.oid from chosen ch) and k.confrelid in (select ch.oid from chosen ch)
  ),
  walk (oid, d, path) as (
    select ch.oid, 0, array[ch.oid] from chosen ch
    union all
    select r.child, w.d + 1, w.path || r.child from walk w join refs r on r.parent = w.oid where r.child <> all (w.path)
  ),
  depths as (select w.oid, pg_catalog.max(w.d) as d from walk w group by w.oid)
  select (pg_catalog.row_number() over (order by dp.d, ch.nsp, ch.rel))::integer,
         pg_catalog.format('%I.%I', ch.nsp, ch.rel), ch.nsp, ch.rel, dp.d,
         (select array_agg(a.attname::text order by k.ord)
          from pg_catalog.pg_index i, pg_catalog.unnest(i.indkey) with ordinality k(attnum, ord)
          join pg_catalog.pg_attribute a on a.attnum = k.attnum
          where i.indrelid = ch.oid and i.indisprimary and a.attrelid = ch.oid),
         (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                                                                    'not_null', a.attnotnull) order by a.attnum)
          from pg_catalog.pg_attribute a where a.attrelid = ch.oid and a.attnum > 0 and not a.attisdropped),
         array(select pg_catalog.format('%I.%I', pc.nsp, pc.rel) from refs r join chosen pc on pc.oid = r.parent
               where r.child = ch.oid order by 1),
         sz.est_rows, sz.est_bytes
  from chosen ch join depths dp on dp.oid = ch.oid
  -- A plain table is its own leaf; a partitioned one has no rows of its own, its partitions do.
  cross join lateral (
    select pg_catalog.sum(greatest(pc.reltuples, 0))::bigint as est_rows, pg_catalog.sum(pg_catalog.pg_table_size(pc.oid))::bigint as est_bytes
    from pg_catalog.pg_class pc
    where pc.oid = ch.oid or pc.oid in (select t.relid from pg_catalog.pg_partition_tree(ch.oid) t where t.isleaf)) sz
  order by 1;
end
$$;

ALTER FUNCTION vigil_api.backup_plan(p_policy text) OWNER TO postgres;

--
-- Name: FUNCTION backup_plan(p_policy text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.backup_plan(p_policy text) IS 'What a policy backs up, in foreign-key order (parents first): each table with its primary key (null: backed up with a
warning, in no particular order), its columns, the tables it references and its estimated rows and bytes. Service role
or DBA. Example: select ordinal, table_name, estimated_rows from vigil_api.backup_plan(''daily'');';

--
-- Name: backup_prune_plan(text, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.backup_prune_plan(p_policy text DEFAULT 'daily'::text, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(backup_id bigint, started_at timestamp with time zone, status text, keep boolean, reason text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_policy vigil.backup_policies;
begin
  perform vigil._require_backup_manager('prune backups');
  v_policy := vigil._backup_policy(p_policy);
  return query
  with good as (
    select b.id, b.started_at,
           pg_catalog.row_number() over (partition by pg_catalog.date_trunc('day', b.started_at at time zone 'UTC') order by b.started_at desc) as nth_of_day,
           pg_catalog.row_number() over (partition by pg_catalog.date_trunc('week', b.started_at at time zone 'UTC') order by b.started_at desc) as nth_of_week,
           pg_catalog.date_trunc('day', b.started_at at time zone 'UTC') as day,
           pg_catalog.date_trunc('week', b.started_at at time zone 'UTC') as week
    from vigil.backups b where b.policy = p_policy and b.status = 'succeeded' and b.started_at <= p_now
  ),
  kept_days as (select g.day from good g where g.nth_of_day = 1 group by g.day order by g.day desc limit v_policy.keep_daily),
  kept_weeks as (select g.week from good g where g.nth_of_week = 1 group by g.week order by g.week desc limit v_policy.keep_weekly)
  select b.id, b.started_at, b.status,
         case when b.status = 'running' then b.started_at + v_policy.expected_interval > p_now
              when b.status = 'failed' then b.started_at > p_now - interval '1 day'
              else g.nth_of_day = 1 and g.day in (select k.day from kept_days k)
                or g.nth_of_week = 1 and g.week in (select k.week from kept_weeks k) end,
         case when b.status = 'running' and b.started_at + v_policy.expected_interval > p_now then 'still running'
              when b.status = 'running' then 'never finished'
              when b.status = 'failed' and b.started_at > p_now - interval '1 day' then 'failed today: kept to look at'
              when b.status = 'failed' then 'failed'
              when g.nth_of_day = 1 and g.day in (select k.day from kept_days k) then 'daily'
              when g.nth_of_week = 1 and g.week in (select k.week from kept_weeks k) then 'weekly'
              else 'beyond the daily and weekly backups kept' end
  from vigil.backups b left join good g on g.id = b.id
  where b.policy = p_policy and b.status <> 'pruned' and b.started_at <= p_now
  order by b.started_at desc;
end
$$;

ALTER FUNCTION vigil_api.backup_prune_plan(p_policy text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION backup_prune_plan(p_policy text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.backup_prune_plan(p_policy text, p_now timestamp with time zone) IS 'Which backups of a policy prune keeps and which it deletes, and why: the newest good backup of each of the last
keep_daily days and of each of the last keep_weekly weeks stay; older ones, and failed ones older than a day, go.
Service role or DBA.';

--
-- Name: backup_status(timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.backup_status(p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(policy text, latest_id bigint, latest_status text, latest_started_at timestamp with time zone, latest_failed boolean, last_good_at timestamp with time zone, age_hours numeric, next_expected_at timestamp with time zone, overdue boolean, last_verified_at timestamp with time zone, last_verify_ok boolean, last_drill_at timestamp with time zone, last_drill_ok boolean)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(vigil.system_tenant_id(), 'viewer');
  return query
    select f.policy, f.latest_id, f.latest_status, f.latest_started_at, f.latest_failed, f.last_good_at,
           pg_catalog.round((extract(epoch from p_now - f.last_good_at) / 3600)::numeric, 2),
           coalesce(f.last_good_at, f.policy_created_at) + f.expected_interval,
           coalesce(f.last_good_at, f.policy_created_at) + f.expected_interval < p_now,
           f.last_verified_at, f.last_verify_ok, f.last_drill_at, f.last_drill_ok
    from vigil.backup_facts(p_now) f order by f.policy;
end
$$;

ALTER FUNCTION vigil_api.backup_status(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION backup_status(p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.backup_status(p_now timestamp with time zone) IS 'Per backup policy: the latest backup and whether it failed (or never finished within the policy''s interval), the last
verified good backup and its age in hours, when the next is expected and whether it is overdue, the last verify and the
last restore drill. Service role and vigil-system members. Example: select * from vigil_api.backup_status();';

--
-- Name: cache_stats(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now()) RETURNS TABLE(name text, layer text, lookups bigint, hits bigint, misses bigint, hit_rate double precision)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from vigil._cache_stats(p_tenant, p_since, p_until) $$;

ALTER FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Cache events (value 1 = hit, 0 = miss) in [p_since, p_until) per cache name and attributes.layer (null when absent):
lookups, hits, misses and hit rate, busiest first. Viewers and up, or the service role.';

--
-- Name: check_restored(jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.check_restored(p_expected jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_table text;
  v_want jsonb;
  v_have record;
  v_broken record;
begin
  perform vigil._require_backup_manager('check a restore');
  select * into v_broken from vigil_api.foreign_key_violations(
    array(select k::pg_catalog.regclass from pg_catalog.jsonb_object_keys(p_expected) k)) limit 1;
  if v_broken.constraint_name is not null then
    raise exception using errcode = '23503', message = pg_catalog.format('Foreign key %s of %s is broken by %s row(s) of the restored data.',
      v_broken.constraint_name, v_broken.table_name, v_broken.broken_rows);
  end if;
  for v_table, v_want in select * from pg_catalog.jsonb_each(p_expected) loop
    select * into v_have from vigil_api.table_checksum(v_table::pg_catalog.regclass);
    if v_have.row_count <> (v_want ->> 'rows')::bigint or v_have.checksum <> v_want ->> 'checksum' then
      raise exception using errcode = 'XX001', message = pg_catalog.format('%s holds %s rows (checksum %s) after the load; the manifest says %s rows (checksum %s).',
        v_table, v_have.row_count, v_have.checksum, v_want ->> 'rows', v_want ->> 'checksum');
    end if;
  end loop;
end
$$;

ALTER FUNCTION vigil_api.check_restored(p_expected jsonb) OWNER TO postgres;

--
-- Name: FUNCTION check_restored(p_expected jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.check_restored(p_expected jsonb) IS 'Raises unless every foreign key from or to the given tables holds and each table has the expected rows and checksum ({"schema.table": {"rows", "checksum"}}). Service role or DBA.';

--
-- Name: compare(uuid, interval, timestamp with time zone, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.compare(p_tenant uuid, p_window interval DEFAULT '1 day'::interval, p_until timestamp with time zone DEFAULT now(), p_kind text DEFAULT NULL::text) RETURNS TABLE(kind text, name text, count bigint, count_before bigint, count_change double precision, error_rate double precision, error_rate_before double precision, error_rate_change double precision, p95_ms double precision, p95_before_ms double precision, p95_change double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_window is null or p_window <= interval '0' or p_window > interval '7 days' then
    raise exception using errcode = '22023', message = 'window must be a positive interval of at most 7 days.';
  end if;
  if p_until is null then
    raise exception using errcode = '22023', message = 'until is required.';
  end if;
  return query
  with now_ as (select * from vigil._rollup_stats(p_tenant, p_until - p_window, p_until, p_kind, null, null, true)),
       before as (select * from vigil._rollup_stats(p_tenant, p_until - p_window - interval '7 days',
                                                    p_until - interval '7 days', p_kind, null, null, true))
  select coalesce(a.kind, b.kind), coalesce(a.name, b.name), coalesce(a.count, 0), coalesce(b.count, 0),
         case when b.count > 0 then coalesce(a.count, 0)::double precision / b.count - 1 end,
         a.errors::double precision / a.count, b.errors::double precision / b.count,
         a.errors::double precision / a.count - b.errors::double precision / b.count,
         a.p95_ms, b.p95_ms,
         case when b.p95_ms > 0 then a.p95_ms / b.p95_ms - 1 end
  from now_ a full join before b on a.kind = b.kind and a.name = b.name
  order by coalesce(a.count, 0) desc, 1, 2;
end
$$;

ALTER FUNCTION vigil_api.compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text) OWNER TO postgres;

--
-- Name: FUNCTION compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text) IS 'Each operation in [p_until - p_window, p_until) against the same window one week earlier: counts, error rates and
p95 now and then, with the change (count and p95 as a relative change, 0.25 = +25%; error rate as a difference).
An operation present in only one window appears with zeros and nulls on the other side. Viewers and up, or the service role.';

--
-- Name: create_alert_channel(uuid, text, text, jsonb, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb DEFAULT '{}'::jsonb, p_secret_name text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row vigil.alert_channels;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_name(p_name, 100);
  perform vigil._check_channel(p_type, p_config);
  perform vigil._check_secret_name(coalesce(p_secret_name, vigil._default_secret_name(p_type)));
  insert into vigil.alert_channels (tenant_id, name, type, config, secret_name, created_by)
  values (p_tenant, p_name, p_type, p_config, coalesce(p_secret_name, vigil._default_secret_name(p_type)), auth.uid())
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A channel named %L already exists in this tenant.', p_name);
end
$$;

ALTER FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text) OWNER TO postgres;

--
-- Name: FUNCTION create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text) IS 'Adds an alert channel (tenant admins). type: email {to, from} | slack {} | sms {to, from, account_sid} | webhook {url}
| pagerduty {}. p_secret_name names the env var or Vault secret holding the credential (default per type, e.g.
VIGIL_SLACK_WEBHOOK_URL); the secret itself never enters the database.';

--
-- Name: create_alert_rule(uuid, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) OWNER TO postgres;

--
-- Name: FUNCTION create_alert_rule(p_tenant uuid, p_rule jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) IS 'Creates an alert rule (tenant admins). Fields: name, metric, comparator (gt gte lt lte eq), threshold, window, and
optionally kind, event_name | name_like, group_by ("name"), for, keep_firing_for, min_events, nodata_fires, cooldown,
severity (info warning critical), channels (ids), labels, slo (an SLO''s id, for slo_burn_rate: its operation, objective
and latency threshold are the SLO''s) or slo_objective / slo_latency_ms (an SLO carried by the rule), runbook_url, enabled. Rates are fractions: 5% is 0.05. Example:
select vigil_api.create_alert_rule(''<tenant>'', ''{"name": "Checkout errors", "metric": "error_rate", "kind": "operation",
  "event_name": "checkout", "comparator": "gt", "threshold": 0.05, "window": "15 minutes", "severity": "critical"}'');';

--
-- Name: create_deploy_key(uuid, text, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text DEFAULT 'ci'::text, p_reports_per_minute integer DEFAULT 60) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._create_deploy_key(p_target, p_name, p_reports_per_minute) $$;

ALTER FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) OWNER TO postgres;

--
-- Name: FUNCTION create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) IS 'Creates a deploy key for one target and returns it once ({id, key, prefix, ...}); CI reports deployments and smoke results with it. Only its hash is kept. Tenant admins only.';

--
-- Name: create_deploy_target(uuid, text, text, jsonb, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb DEFAULT '{}'::jsonb, p_options jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row vigil.deploy_targets;
  v_unknown text;
begin
  perform vigil.require_role(p_tenant, 'admin');
  if p_provider is null or p_provider not in ('vercel', 'netlify', 'webhook', 'none') then
    raise exception using errcode = '22023', message = 'provider must be one of vercel, netlify, webhook, none.';
  end if;
  select k into v_unknown from pg_catalog.jsonb_object_keys(coalesce(p_options, '{}')) k
  where k not in ('environment', 'secret_name', 'webhook_secret_name', 'smoke_checks', 'auto_rollback', 'watch_window',
                  'rollback_cooldown', 'max_rollbacks_per_day', 'watch_rules', 'notify_channels')
  limit 1;
  if v_unknown is not null then
    raise exception using errcode = '22023', message = pg_catalog.format('options: unknown field %s.', v_unknown);
  end if;
  if p_options ? 'secret_name' then perform vigil._check_secret_name(p_options ->> 'secret_name'); end if;
  if p_options ? 'webhook_secret_name' then perform vigil._check_secret_name(p_options ->> 'webhook_secret_name'); end if;
  insert into vigil.deploy_targets (tenant_id, name, provider, config, secret_name, webhook_secret_name, environment, smoke_checks,
                                    auto_rollback, watch_window, rollback_cooldown, max_rollbacks_per_day, watch_rule_ids,
                                    notify_channel_ids, created_by)
  values (p_tenant, p_name, p_provider, coalesce(p_config, '{}'), p_options ->> 'secret_name', p_options ->> 'webhook_secret_name',
          coalesce(p_options ->> 'environment', 'production'), coalesce(p_options -> 'smoke_checks', '[]'),
          coalesce((p_options ->> 'auto_rollback')::boolean, false),
          coalesce((p_options ->> 'watch_window')::interval, interval '15 minutes'),
          coalesce((p_options ->> 'rollback_cooldown')::interval, interval '30 minutes'),
          coalesce((p_options ->> 'max_rollbacks_per_day')::integer, 3),
          coalesce((select pg_catalog.array_agg(x::uuid) from pg_catalog.jsonb_array_elements_text(p_options -> 'watch_rules') x), '{}'),
          coalesce((select pg_catalog.array_agg(x::uuid) from pg_catalog.jsonb_array_elements_text(p_options -> 'notify_channels') x), '{}'),
          auth.uid())
  returning * into v_row;
  return pg_catalog.jsonb_build_object('id', v_row.id, 'name', v_row.name, 'provider', v_row.provider, 'environment', v_row.environment,
    'auto_rollback', v_row.auto_rollback, 'watch_window', v_row.watch_window);
end
$$;

ALTER FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb) OWNER TO postgres;

--
-- Name: FUNCTION create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb) IS 'Creates a deploy target: provider vercel (config {project_id, team_id?}), netlify ({site_id}), webhook ({url}) or none.
p_options: environment (default production), secret_name (the provider token''s secret), webhook_secret_name, smoke_checks,
auto_rollback (default false), watch_window (15 minutes), rollback_cooldown (30 minutes), max_rollbacks_per_day (3),
watch_rules (alert rule ids) and notify_channels (alert channel ids). Tenant admins only.';

--
-- Name: create_heal_function_rule(uuid, text, text, integer, boolean, boolean, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer DEFAULT 100, p_dry_run boolean DEFAULT false, p_enabled boolean DEFAULT true, p_description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._create_heal_function_rule(p_tenant, p_name, p_function, p_max_rows, p_dry_run, p_enabled, p_description) $$;

ALTER FUNCTION vigil_api.create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) OWNER TO postgres;

--
-- Name: FUNCTION create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) IS 'Creates a heal rule that calls p_function(p_now timestamptz, p_max_rows integer, p_dry_run boolean) returning jsonb
{"rows": n, "sample_ids": [...]}, for repairs a status move cannot express. Service role and database administrators only.';

--
-- Name: create_heal_rule(uuid, text, text, text, text, text, text, interval, integer, text, boolean, boolean, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer DEFAULT 100, p_key_column text DEFAULT 'id'::text, p_dry_run boolean DEFAULT false, p_enabled boolean DEFAULT true, p_description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select vigil._create_heal_rule(p_tenant, p_name, p_table, p_status_column, p_from_status, p_to_status, p_age_column,
                                 p_older_than, p_max_rows, p_key_column, p_dry_run, p_enabled, p_description)
$$;

ALTER FUNCTION vigil_api.create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) OWNER TO postgres;

--
-- Name: FUNCTION create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) IS 'Creates a heal rule: rows of p_table (''schema.table'', default schema public) whose p_status_column is p_from_status
and whose p_age_column is older than p_older_than move to p_to_status, at most p_max_rows per maintenance run,
oldest first. The table and columns are checked now; a missing one is named in the error (42P01 / 42703).
Service role and database administrators only. Example:
select vigil_api.create_heal_rule(''<tenant>'', ''stuck preparing'', ''public.orders'', ''status'', ''preparing'', ''ready'', ''status_changed_at'', ''45 minutes'');';

--
-- Name: create_incident(uuid, text, text, text, uuid[], text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text DEFAULT 'major'::text, p_monitors uuid[] DEFAULT '{}'::uuid[], p_status text DEFAULT 'investigating'::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
begin
  perform vigil.require_role(p_tenant, 'operator');
  if p_title is null or pg_catalog.length(p_title) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'title must be 1 to 200 characters.';
  end if;
  if exists (select 1 from pg_catalog.unnest(coalesce(p_monitors, '{}')) x
             where not exists (select 1 from vigil.monitors m where m.id = x and m.tenant_id = p_tenant)) then
    raise exception using errcode = 'P0002', message = 'No monitor of this tenant has one of those ids.';
  end if;
  insert into vigil.incidents (tenant_id, title, impact, monitor_ids, created_by)
  values (p_tenant, p_title, 'none', coalesce(p_monitors, '{}'), auth.uid())
  returning id into v_id;
  return vigil._incident_update(v_id, p_status, p_message, coalesce(p_impact, 'major'), pg_catalog.now(), auth.uid());
end
$$;

ALTER FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text) OWNER TO postgres;

--
-- Name: FUNCTION create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text) IS 'Opens an incident with its first update (operators and admins). impact: none, minor, major, critical; status: investigating, identified, monitoring, resolved.';

--
-- Name: create_ingest_key(uuid, text, text[], integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text DEFAULT 'default'::text, p_allowed_kinds text[] DEFAULT NULL::text[], p_events_per_minute integer DEFAULT 6000) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._create_ingest_key(p_tenant, p_name, p_allowed_kinds, p_events_per_minute) $$;

ALTER FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) OWNER TO postgres;

--
-- Name: FUNCTION create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) IS 'Creates an ingest key for a tenant and returns it once ({id, key, prefix, ...}); only its hash is kept. Tenant admins only.';

--
-- Name: create_monitor(uuid, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  m vigil.monitors;
begin
  perform vigil.require_role(p_tenant, 'admin');
  m.id := pg_catalog.gen_random_uuid();
  m.tenant_id := p_tenant;
  m.method := 'GET'; m.headers := '{}'; m.secret_headers := '{}'; m.expected_status := '{[200,300)}';
  m.keyword_absent := false; m.interval_seconds := 60; m.timeout_ms := 10000; m.retries := 0;
  m.retry_interval_seconds := 20; m.recovery_successes := 1; m.regions := '{default}'; m.quorum := 1; m.paused := false;
  m.state := 'pending'; m.state_since := pg_catalog.now(); m.is_down := false; m.failures := 0; m.successes := 0;
  m.region_status := '{}'; m.next_check_at := '{}'; m.created_at := pg_catalog.now();
  m := vigil._apply_monitor_json(m, p_monitor);
  return vigil._save_monitor(m, case when m.type = 'heartbeat' then 'hb_' || pg_catalog.right(vigil._new_key(), 40) end);
end
$$;

ALTER FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) OWNER TO postgres;

--
-- Name: FUNCTION create_monitor(p_tenant uuid, p_monitor jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) IS 'Creates a monitor (tenant admins). Fields: name, type (http keyword json tls tcp heartbeat), url, method, headers,
secret_headers ({"Authorization": "VIGIL_API_TOKEN"}: header to secret name, read by the probe, never stored), body,
expected_status ([200, "300-399"]), keyword, keyword_absent, json_path (["data","status"]), json_expected, interval_seconds,
timeout_ms, retries, retry_interval_seconds, recovery_successes, degraded_ms, regions, quorum; heartbeats: period_seconds
or schedule (cron), grace_seconds. A heartbeat''s ping_token is in the answer, once. Example:
select vigil_api.create_monitor(''<tenant>'', ''{"name": "Stripe", "type": "http", "url": "https://api.stripe.com/healthcheck", "retries": 2}'');';

--
-- Name: create_mute_window(uuid, text, time without time zone, time without time zone, smallint[], text, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[] DEFAULT '{1,2,3,4,5,6,7}'::smallint[], p_time_zone text DEFAULT 'UTC'::text, p_matchers jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb) OWNER TO postgres;

--
-- Name: FUNCTION create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb) IS 'Adds a recurring mute window (operators and admins): on p_weekdays (ISO, 1 = Monday) from p_start_time to p_end_time
in p_time_zone (past midnight when end <= start), matching alerts'' notifications are held back. Example, nights:
select vigil_api.create_mute_window(''<tenant>'', ''nights'', ''22:00'', ''07:00'', ''{1,2,3,4,5,6,7}'', ''Europe/Paris'', ''{"severity": "warning"}'');';

--
-- Name: create_silence(uuid, jsonb, timestamp with time zone, timestamp with time zone, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_comment text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text) OWNER TO postgres;

--
-- Name: FUNCTION create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text) IS 'Silences matching alerts'' notifications from p_starts_at (default now) to p_ends_at (operators and admins). Evaluation
and history continue; a firing held back is sent when the silence ends if still firing. Matchers: rule_id, rule,
severity, metric or any label; {} silences the whole tenant.';

--
-- Name: create_tenant(text, text, uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select pg_catalog.to_jsonb(t) from vigil._create_tenant(p_name, p_slug, p_admin) t
$$;

ALTER FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid) OWNER TO postgres;

--
-- Name: FUNCTION create_tenant(p_name text, p_slug text, p_admin uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid) IS 'Creates a tenant. A signed-in user becomes its admin; the service role may name the admin (p_admin) or none.';

--
-- Name: dashboard(uuid, timestamp with time zone, timestamp with time zone, interval); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_bucket interval DEFAULT NULL::interval) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
declare
  v_bucket interval := coalesce(p_bucket, vigil._dashboard_bucket(p_since, p_until));
  v_summary jsonb;
  v_series jsonb;
  v_marks jsonb;
  v_operations jsonb;
  v_spark_bucket interval;
  v_spark_since timestamptz;
  v_sparks jsonb;
  v_system jsonb;
  v_error_rate double precision;
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if v_bucket <= interval '0' then
    raise exception using errcode = '22023', message = 'bucket must be a positive interval.';
  end if;
  -- timeseries answers at most 5000 buckets a call; a week in minutes (10,080) is asked in pieces of
  -- 5000 from the same start, so the buckets line up as one series would.
  if extract(epoch from p_until - p_since) / extract(epoch from v_bucket) > 20000 then
    raise exception using errcode = '22023', message = 'The dashboard''s series holds at most 20000 buckets: widen the bucket or narrow the window.';
  end if;
  v_summary := vigil_api.summary(p_tenant, p_since, p_until);

  -- Columnar, as a chart library wants it: one array per measure, one element per bucket.
  select pg_catalog.jsonb_build_object(
           't', coalesce(pg_catalog.jsonb_agg(s.bucket_start order by s.bucket_start), '[]'::jsonb),
           'count', coalesce(pg_catalog.jsonb_agg(s.count order by s.bucket_start), '[]'::jsonb),
           'errors', coalesce(pg_catalog.jsonb_agg(s.errors order by s.bucket_start), '[]'::jsonb),
           'error_rate', coalesce(pg_catalog.jsonb_agg(s.error_rate order by s.bucket_start), '[]'::jsonb),
           'p95_ms', coalesce(pg_catalog.jsonb_agg(s.p95_ms order by s.bucket_start), '[]'::jsonb))
  into v_series
  from pg_catalog.generate_series(0, ceil(extract(epoch from p_until - p_since) / extract(epoch from v_bucket) / 5000)::integer - 1) c(i),
       lateral vigil_api.timeseries(p_tenant, 'count', p_since + c.i * 5000 * v_bucket,
                                    least(p_until, p_since + (c.i + 1) * 5000 * v_bucket), v_bucket) s;

  v_marks := vigil._dashboard_markers(p_tenant, p_since, p_until);

  -- Sparklines: about 24 points per operation, in whole 5-minute buckets from an aligned start, so they
  -- come from rollups; week-over-week from compare over the same window length (at most 7 days).
  v_spark_bucket := pg_catalog.make_interval(mins => 5 * greatest(1, ceil(extract(epoch from p_until - p_since) / 24 / 300)::integer));
  v_spark_since := pg_catalog.date_bin(interval '5 minutes', p_since, timestamptz '2000-01-01 00:00:00+00');
  -- One pass for every operation's counts (what timeseries would add up per series, without its
  -- percentiles): ten timeseries calls cost six times a summary in the bench.
  with parts as materialized (
    select p.s, p.k, p.n, pg_catalog.sum(p.c)::bigint c
    from vigil._stats_parts(p_tenant, v_spark_since, p_until, null, null, v_spark_bucket, true) p
    group by p.s, p.k, p.n
  )
  select coalesce(pg_catalog.jsonb_object_agg(t.series, t.spark), '{}'::jsonb) into v_sparks
  from (select sr.k || ':' || sr.n as series, pg_catalog.jsonb_agg(coalesce(pp.c, 0) order by sl.s) as spark
        from (select distinct x.k, x.n from parts x) sr
        cross join pg_catalog.generate_series(v_spark_since, p_until - interval '1 microsecond', v_spark_bucket) sl(s)
        left join parts pp on pp.s = sl.s and pp.k = sr.k and pp.n = sr.n
        group by sr.k, sr.n) t;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) || pg_catalog.jsonb_build_object(
           'count_before', c.count_before, 'count_change', c.count_change,
           'error_rate', case when o.count > 0 then o.errors::double precision / o.count end,
           'error_rate_before', c.error_rate_before, 'error_rate_change', c.error_rate_change,
           'p95_before_ms', c.p95_before_ms, 'p95_change', c.p95_change,
           'spark', v_sparks -> (o.kind || ':' || o.name))
           order by o.count desc, o.kind, o.name), '[]'::jsonb)
  into v_operations
  from vigil_api.operation_stats(p_tenant, p_since, p_until, null, null, 10) o
  left join vigil_api.compare(p_tenant, least(p_until - p_since, interval '7 days'), p_until) c
    on c.kind = o.kind and c.name = o.name;

  if vigil.has_role(vigil.system_tenant_id(), 'viewer') then
    v_system := pg_catalog.jsonb_build_object('maintenance', vigil_api.maintenance_status(p_until), 'db_health', vigil_api.db_health(p_until));
  end if;

  v_error_rate := 1 - (v_summary ->> 'success_rate')::double precision;
  return pg_catalog.jsonb_build_object(
    'tenant', p_tenant, 'since', p_since, 'until', p_until, 'bucket', v_bucket,
    'can_operate', vigil.has_role(p_tenant, 'operator'),
    'summary', v_summary,
    'cards', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object('name', 'errors', 'title', 'Errors', 'value', v_summary -> 'errors', 'unit', null,
        'status', case when (v_summary ->> 'count')::bigint = 0 then 'none' when (v_summary ->> 'errors')::bigint > 0 then 'warn' else 'ok' end,
        'detail', (v_summary ->> 'count') || ' events'),
      -- Thresholds of DESIGN.md's default rules: error rate over 5% is critical, p95 over 2 s a warning.
      pg_catalog.jsonb_build_object('name', 'error_rate', 'title', 'Error rate', 'value', v_error_rate, 'unit', 'ratio',
        'status', case when v_error_rate is null then 'none' when v_error_rate > 0.05 then 'bad' when v_error_rate > 0.01 then 'warn' else 'ok' end,
        'detail', 'bad above 5%'),
      pg_catalog.jsonb_build_object('name', 'p95', 'title', 'p95 latency', 'value', v_summary -> 'p95_ms', 'unit', 'ms',
        'status', case when v_summary -> 'p95_ms' = 'null'::jsonb then 'none' when (v_summary ->> 'p95_ms')::double precision > 2000 then 'warn' else 'ok' end,
        'detail', 'p50 ' || coalesce(pg_catalog.round((v_summary ->> 'p50_ms')::numeric)::text, '–') || ' ms, p99 '
                  || coalesce(pg_catalog.round((v_summary ->> 'p99_ms')::numeric)::text, '–') || ' ms'),
      pg_catalog.jsonb_build_object('name', 'alerts', 'title', 'Open alerts', 'value', v_summary -> 'open_alerts', 'unit', null,
        'status', case when (v_summary #>> '{open_alerts_by_state,firing}')::bigint > 0 then 'bad'
                       when (v_summary ->> 'open_alerts')::bigint > 0 then 'warn' else 'ok' end,
        'detail', (v_summary #>> '{open_alerts_by_state,firing}') || ' firing, ' || (v_summary #>> '{open_alerts_by_state,pending}') || ' pending, '
                  || (v_summary #>> '{open_alerts_by_state,unacknowledged}') || ' unacknowledged'))
      || vigil._dashboard_registered_cards(p_tenant, p_since, p_until),
    'series', v_series,
    'markers', v_marks -> 'markers',
    'marker_errors', v_marks -> 'errors',
    -- Firing intervals to shade: each stretch an alert spent firing that overlaps the window (from its
    -- last change before the window), open-ended ones closed at p_until.
    'firing', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('alert_id', f.alert_id, 'rule', r.name, 'severity', r.severity,
                                                                                  'from', greatest(f.at, p_since), 'until', least(coalesce(f.ended, p_until), p_until))
                                                   order by f.at), '[]'::jsonb)
               from (select h.alert_id, h.rule_id, h.at, h.to_state,
                            pg_catalog.lead(h.at) over (partition by h.alert_id order by h.at, h.id) as ended
                     from vigil.alert_history h
                     where h.tenant_id = p_tenant and h.at < p_until and h.at >= p_since - interval '30 days'
                       and h.from_state <> h.to_state) f
               join vigil.alert_rules r on r.id = f.rule_id
               where f.to_state = 'firing' and coalesce(f.ended, p_until) > p_since),
    'operations', v_operations,
    'alerts', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)), '[]'::jsonb)
               from vigil_api.list_alerts(p_tenant, '{pending,firing,recovering}', null, null, 50) a),
    -- New (first seen in the window) and regressed groups first: what changed is what to look at.
    'error_groups', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(g) || pg_catalog.jsonb_build_object('is_new', g.first_seen >= p_since)
                                                          order by (g.status = 'regressed' or g.first_seen >= p_since) desc, g.count desc, g.fingerprint), '[]'::jsonb)
                     from vigil_api.error_groups(p_tenant, p_since, p_until, 20) g),
    'web_vitals', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(w) order by w.name), '[]'::jsonb)
                   from vigil_api.web_vitals(p_tenant, p_since, p_until) w),
    'system', v_system);
end
$$;

ALTER FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval) OWNER TO postgres;

--
-- Name: FUNCTION dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval) IS 'One round trip for the console over [p_since, p_until): summary(); status cards (errors, error rate, p95, open
alerts, then the registered cards of vigil.dashboard_cards, a failing one shown as an error card); one series of
count, errors, error rate and p95 per p_bucket (default: 1 min up to 1 h, 5 min up to 6 h, 15 min up to 1 day, else
1 h); markers (alert transitions and the other registered sources) and firing intervals; the top 10 operations of
operation_stats with a sparkline and the change from compare(); open alerts (list_alerts); error groups, new and
regressed first; web vitals; and, for vigil-system members, maintenance_status and db_health. can_operate says
whether the caller may act on alerts. Viewers and up, or the service role.
Example: select vigil_api.dashboard(''<tenant>'', now() - interval ''1 hour'');';

--
-- Name: db_health(timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.db_health(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_system uuid := vigil.system_tenant_id();
  v_at timestamptz;
  v_metrics jsonb;
begin
  perform vigil.require_role(v_system, 'viewer');
  select pg_catalog.max(e.occurred_at) into v_at from vigil.events e
  where e.tenant_id = v_system and e.kind = 'db_metric' and e.name = 'connections_pct'
    and e.occurred_at > p_now - interval '1 day' and e.occurred_at <= p_now;
  if v_at is null then
    return pg_catalog.jsonb_build_object('sampled_at', null, 'metrics', '{}'::jsonb,
      'note', 'No sample in the last day: is maintenance running? See vigil_api.maintenance_status().');
  end if;
  -- Thresholds of DESIGN.md's default rules: connections > 90% critical, size > 80% warning.
  select pg_catalog.jsonb_object_agg(m.name, pg_catalog.jsonb_build_object('value', m.value, 'threshold', t.threshold,
           'status', case when t.threshold is null then 'info'
                          when (t.below and m.value < t.threshold) or (not t.below and m.value > t.threshold) then t.severity
                          else 'ok' end) || m.attributes)
  into v_metrics
  from vigil.events m
  left join (values ('connections_pct', 90::double precision, false, 'critical'),
                    ('db_size_pct', 80, false, 'warning'),
                    ('cache_hit_ratio', 0.99, true, 'warning')) t(name, threshold, below, severity) on t.name = m.name
  where m.tenant_id = v_system and m.kind = 'db_metric' and m.occurred_at = v_at;
  return pg_catalog.jsonb_build_object('sampled_at', v_at, 'metrics', v_metrics);
end
$$;

ALTER FUNCTION vigil_api.db_health(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION db_health(p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.db_health(p_now timestamp with time zone) IS 'The latest database health sample: each db_metric with its value, threshold and status (connections_pct > 90
critical, db_size_pct > 80 warning, cache_hit_ratio < 0.99 warning). Service role and vigil-system members.';

--
-- Name: delete_alert_channel(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_alert_channel(p_channel uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.alert_channels', p_channel, 'admin', 'channel') $$;

ALTER FUNCTION vigil_api.delete_alert_channel(p_channel uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_alert_channel(p_channel uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_alert_channel(p_channel uuid) IS 'Deletes a channel (tenant admins); rules stop sending to it and its undelivered notifications are dropped.';

--
-- Name: delete_alert_rule(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_alert_rule(p_rule uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.alert_rules', p_rule, 'admin', 'rule') $$;

ALTER FUNCTION vigil_api.delete_alert_rule(p_rule uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_alert_rule(p_rule uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_alert_rule(p_rule uuid) IS 'Deletes a rule with its alerts, history and undelivered notifications (tenant admins). To keep history, disable it instead.';

--
-- Name: delete_deploy_target(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_deploy_target(p_target uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.deploy_targets', p_target, 'admin', 'deploy target') $$;

ALTER FUNCTION vigil_api.delete_deploy_target(p_target uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_deploy_target(p_target uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_deploy_target(p_target uuid) IS 'Deletes a deploy target with its keys and deployments. Tenant admins only.';

--
-- Name: delete_heal_rule(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_heal_rule(p_rule uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'admin');
begin
  delete from vigil.heal_rules where id = v_rule.id;
end
$$;

ALTER FUNCTION vigil_api.delete_heal_rule(p_rule uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_heal_rule(p_rule uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_heal_rule(p_rule uuid) IS 'Deletes a heal rule and its audit. Tenant admins.';

--
-- Name: delete_monitor(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_monitor(p_monitor uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.monitors', p_monitor, 'admin', 'monitor') $$;

ALTER FUNCTION vigil_api.delete_monitor(p_monitor uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_monitor(p_monitor uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_monitor(p_monitor uuid) IS 'Deletes a monitor and its pings (tenant admins). Its check events stay, like any event, until retention.';

--
-- Name: delete_mute_window(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_mute_window(p_window uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.alert_mute_windows', p_window, 'operator', 'mute window') $$;

ALTER FUNCTION vigil_api.delete_mute_window(p_window uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_mute_window(p_window uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_mute_window(p_window uuid) IS 'Deletes a recurring mute window (operators and admins).';

--
-- Name: delete_silence(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_silence(p_silence uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.alert_silences', p_silence, 'operator', 'silence') $$;

ALTER FUNCTION vigil_api.delete_silence(p_silence uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_silence(p_silence uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_silence(p_silence uuid) IS 'Ends a silence now by deleting it (operators and admins).';

--
-- Name: delete_slo(uuid, uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'operator');
  delete from vigil.slos where id = p_id and tenant_id = p_tenant;
  if not found then
    raise exception using errcode = 'P0002', message = 'No SLO of this tenant has that id.';
  end if;
end
$$;

ALTER FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_slo(p_tenant uuid, p_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) IS 'Deletes an SLO. Operators and up, or the service role.';

--
-- Name: delete_status_page(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_status_page(p_page uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_owned('vigil.status_pages', p_page, 'admin', 'status page') $$;

ALTER FUNCTION vigil_api.delete_status_page(p_page uuid) OWNER TO postgres;

--
-- Name: FUNCTION delete_status_page(p_page uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_status_page(p_page uuid) IS 'Deletes a status page (tenant admins).';

--
-- Name: delete_tenant(uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._delete_tenant(p_tenant, p_confirm) $$;

ALTER FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text) OWNER TO postgres;

--
-- Name: FUNCTION delete_tenant(p_tenant uuid, p_confirm text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text) IS 'Deletes a tenant and everything of it: events, rollups, alerts and their outbox, heal and job records, keys,
members. For the service role, or an admin of the tenant passing its slug as p_confirm. Removes at most 20,000
rows per call; a bigger tenant is returned as {"status": "deleting"} and maintenance finishes it within minutes
(its events are no longer folded or ingested from the first call on). Audited as log events of vigil-system.
Returns {"tenant_id", "status": "deleted" | "deleting", "deleted": {table: rows}}.';

--
-- Name: deploy_smoke_checks(text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.deploy_smoke_checks(p_key text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._deploy_smoke_checks(p_key) $$;

ALTER FUNCTION vigil_api.deploy_smoke_checks(p_key text) OWNER TO postgres;

--
-- Name: FUNCTION deploy_smoke_checks(p_key text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.deploy_smoke_checks(p_key text) IS 'The smoke checks of the deploy key''s target ({target, environment, checks, base_url}), for `vigil deploy smoke`. Refused like report_deployment.';

--
-- Name: deployment_impact(uuid, interval); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval DEFAULT '00:30:00'::interval) RETURNS TABLE(section text, kind text, name text, count_before bigint, count_after bigint, error_rate_before double precision, error_rate_after double precision, p95_before_ms double precision, p95_after_ms double precision, fingerprint text, first_seen timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
declare
  d vigil.deployments;
begin
  select * into d from vigil.deployments x where x.id = p_deployment;
  perform vigil._require_owner(d.tenant_id, 'viewer', 'deployment');
  if p_window is null or p_window <= interval '0' or p_window > interval '1 day' then
    raise exception using errcode = '22023', message = 'window must be a positive interval of at most 1 day.';
  end if;
  if d.live_at is null then
    raise exception using errcode = 'PT409', message = 'This deployment never went live: it has no before and after.';
  end if;
  return query
  select * from (
  with after as (select * from vigil._rollup_stats(d.tenant_id, d.live_at, d.live_at + p_window, null, null, null, true)),
       before as (select * from vigil._rollup_stats(d.tenant_id, d.live_at - p_window, d.live_at, null, null, null, true))
  select 'operation'::text x_section, coalesce(a.kind, b.kind) x_kind, coalesce(a.name, b.name) x_name, coalesce(b.count, 0) x_before,
         coalesce(a.count, 0) x_after, b.errors::double precision / nullif(b.count, 0) x_rate_before,
         a.errors::double precision / nullif(a.count, 0) x_rate_after, b.p95_ms x_p95_before, a.p95_ms x_p95_after,
         null::text x_fingerprint, null::timestamptz x_first_seen
  from after a full join before b on a.kind = b.kind and a.name = b.name
  union all
  select case when g.first_release = d.version then 'new_error_group' else 'regressed_error_group' end, 'error', g.name,
         null, g.count, null, null, null, null, g.fingerprint, g.first_seen
  from vigil_api.error_groups(d.tenant_id, d.live_at, d.live_at + p_window, 1000) g
  where d.version is not null and ((g.first_release = d.version and g.first_seen >= d.live_at)
                                   or (g.status = 'regressed' and d.version = any (g.releases)))
  ) r
  order by r.x_section <> 'operation', r.x_section, r.x_after desc, r.x_name;
end
$$;

ALTER FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval) OWNER TO postgres;

--
-- Name: FUNCTION deployment_impact(p_deployment uuid, p_window interval); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval) IS 'What a deploy changed: per operation (section operation), count, error rate and p95 in p_window before it went live and
in p_window after (from rollups, as compare does); error groups first seen in its version after it went live
(new_error_group) and groups regressed in it (regressed_error_group). Any member.';

--
-- Name: disable_deploy_key(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._set_deploy_key_enabled(p_key_id, false) $$;

ALTER FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION disable_deploy_key(p_key_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) IS 'Disables a deploy key at once. Tenant admins only.';

--
-- Name: disable_ingest_key(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._set_ingest_key_enabled(p_key_id, false) $$;

ALTER FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION disable_ingest_key(p_key_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) IS 'Disables an ingest key at once: every later batch sent with it is refused. Tenant admins only.';

--
-- Name: enable_deploy_key(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._set_deploy_key_enabled(p_key_id, true) $$;

ALTER FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION enable_deploy_key(p_key_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) IS 'Enables a disabled deploy key again. Tenant admins only.';

--
-- Name: enable_ingest_key(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._set_ingest_key_enabled(p_key_id, true) $$;

ALTER FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION enable_ingest_key(p_key_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) IS 'Enables a disabled ingest key again. Tenant admins only.';

--
-- Name: error_groups(uuid, timestamp with time zone, timestamp with time zone, integer, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_limit integer DEFAULT 50, p_status text DEFAULT NULL::text) RETURNS TABLE(fingerprint text, error_type text, name text, sample_message text, sample_stack text, count bigint, users_affected bigint, first_seen timestamp with time zone, last_seen timestamp with time zone, first_release text, last_release text, releases text[], status text, resolved_at timestamp with time zone, resolved_release text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  perform vigil._check_limit(p_limit, 1000);
  if p_status is not null and p_status not in ('unresolved', 'resolved', 'regressed') then
    raise exception using errcode = '22023', message = 'status must be unresolved, resolved or regressed.';
  end if;
  return query
  with ev as (select * from vigil._error_events(p_tenant, p_since, p_until)),
  g as (
    select ev.fingerprint,
           (pg_catalog.array_agg(ev.error_type order by ev.occurred_at desc))[1] error_type,
           (pg_catalog.array_agg(ev.name order by ev.occurred_at desc))[1] name,
           (pg_catalog.array_agg(ev.error_message order by ev.occurred_at desc))[1] sample_message,
           (pg_catalog.array_agg(ev.stack order by ev.occurred_at desc))[1] sample_stack,
           pg_catalog.count(*) n, pg_catalog.count(distinct ev.user_id) users,
           pg_catalog.min(ev.occurred_at) first_seen, pg_catalog.max(ev.occurred_at) last_seen,
           (pg_catalog.array_agg(ev.release order by ev.occurred_at) filter (where ev.release is not null))[1] first_release,
           (pg_catalog.array_agg(ev.release order by ev.occurred_at desc) filter (where ev.release is not null))[1] last_release,
           coalesce(pg_catalog.array_agg(distinct ev.release) filter (where ev.release is not null), '{}') releases
    from ev group by ev.fingerprint
  ), st as (
    select g.fingerprint, g.error_type, g.name, g.sample_message, g.sample_stack, g.n, g.users,
           -- First and last seen ever: the folded events' (vigil.error_group_seen) and the window's raw
           -- ones (which include what is not folded yet), whichever lie further out.
           least(h.first_seen, g.first_seen) first_seen, greatest(h.last_seen, g.last_seen) last_seen,
           case when h.first_seen < g.first_seen then coalesce(h.first_release, g.first_release) else g.first_release end first_release,
           case when h.last_seen > g.last_seen then coalesce(h.last_release, g.last_release) else g.last_release end last_release,
           g.releases, s.resolved_at, s.resolved_release,
           case when s.fingerprint is null then 'unresolved'
                when exists (select 1 from ev where ev.fingerprint = g.fingerprint and ev.occurred_at > s.resolved_at
                               and (s.resolved_release is null or ev.release is distinct from s.resolved_release))
                  then 'regressed'
                else 'resolved' end status
    from g left join vigil.error_group_states s on s.tenant_id = p_tenant and s.fingerprint = g.fingerprint
    left join vigil.error_group_seen h on h.tenant_id = p_tenant and h.fingerprint = g.fingerprint
  )
  select st.fingerprint, st.error_type, st.name, st.sample_message, st.sample_stack, st.n, st.users, st.first_seen,
         st.last_seen, st.first_release, st.last_release, st.releases, st.status, st.resolved_at, st.resolved_release
  from st
  where p_status is null or st.status = p_status
  order by st.n desc, st.last_seen desc
  limit p_limit;
end
$$;

ALTER FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text) OWNER TO postgres;

--
-- Name: FUNCTION error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text) IS 'Errors of [p_since, p_until) grouped by fingerprint (see vigil.error_fingerprint), most frequent first: the latest
type, name, message and stack as a sample, count and distinct users affected (in the window), first and last seen and
their releases (ever, including events before the window and past raw retention), every release seen in the window, and status: unresolved, resolved, or regressed (seen after resolution in another
release). p_status filters. Viewers and up, or the service role.';

--
-- Name: export(uuid, timestamp with time zone, timestamp with time zone, text, text, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_format text DEFAULT 'csv'::text, p_cursor text DEFAULT NULL::text, p_limit integer DEFAULT 1000) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_format is null or p_format not in ('csv', 'json') then
    raise exception using errcode = '22023', message = 'format must be csv or json.';
  end if;
  perform vigil._check_limit(p_limit, 10000);
  return vigil._export(p_tenant, p_since, p_until, p_format, p_cursor, p_limit);
end
$$;

ALTER FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) IS 'Raw events of [p_since, p_until) in occurrence order, one page of at most p_limit (default 1000, at most 10000):
{"format", "count", "next_cursor", "data"}, where data is CSV text (a header line on the first page) or a JSON array.
Pass next_cursor back as p_cursor for the next page; it is null on the last page. Viewers and up, or the service role.';

--
-- Name: fallback_stats(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now()) RETURNS TABLE(name text, layer text, fallbacks bigint, fallback_successes bigint, operations bigint, fallback_rate double precision)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from vigil._fallback_stats(p_tenant, p_since, p_until) $$;

ALTER FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Fallback events in [p_since, p_until) per operation name and attributes.layer (what served it): how many, how many
produced a result, the operation events of that name, and fallback_rate = fallbacks / operation events (null when the
operation has no events). Viewers and up, or the service role.';

--
-- Name: finish_backup(bigint, jsonb, text, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text DEFAULT NULL::text, p_now timestamp with time zone DEFAULT now()) RETURNS vigil.backups
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_backup vigil.backups;
begin
  perform vigil._require_backup_manager('record a backup');
  v_backup := vigil._running_backup(p_backup);
  if v_backup.status <> 'running' then
    raise exception using errcode = '55000', message = pg_catalog.format('Backup %s is %s, not running.', p_backup, v_backup.status);
  end if;
  if p_error is not null or p_manifest is null then
    update vigil.backups b set status = 'failed', finished_at = p_now, error = coalesce(p_error, 'No manifest was written.')
    where b.id = p_backup returning * into v_backup;
    return v_backup;
  end if;
  if pg_catalog.jsonb_typeof(p_manifest -> 'files') is distinct from 'array' or pg_catalog.jsonb_typeof(p_manifest -> 'tables') is distinct from 'array' then
    raise exception using errcode = '22023', message = 'manifest must hold files and tables arrays.';
  end if;
  insert into vigil.backup_files (backup_id, path, table_name, part, row_count, byte_count, sha256)
  select p_backup, f ->> 'path', f ->> 'table', (f ->> 'part')::integer, (f ->> 'rows')::bigint, (f ->> 'bytes')::bigint, f ->> 'sha256'
  from pg_catalog.jsonb_array_elements(p_manifest -> 'files') f;
  update vigil.backups b set
    status = 'succeeded', finished_at = p_now, snapshot = p_manifest ->> 'snapshot',
    server_version = p_manifest ->> 'server_version', migration = p_manifest ->> 'migration',
    schema_hash = p_manifest ->> 'schema_hash',
    table_count = pg_catalog.jsonb_array_length(p_manifest -> 'tables'),
    row_count = (select pg_catalog.sum((t ->> 'rows')::bigint) from pg_catalog.jsonb_array_elements(p_manifest -> 'tables') t),
    byte_count = (select pg_catalog.sum((f ->> 'bytes')::bigint) from pg_catalog.jsonb_array_elements(p_manifest -> 'files') f),
    tables = (select pg_catalog.jsonb_agg(t - 'columns') from pg_catalog.jsonb_array_elements(p_manifest -> 'tables') t)
  where b.id = p_backup returning * into v_backup;
  return v_backup;
end
$$;

ALTER FUNCTION vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone) IS 'Records how a backup ended (service role or DBA): with its manifest (files with path, table, part, rows, bytes, sha256;
tables with rows and checksum) it succeeded; with an error it failed.';

--
-- Name: restore_runs; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.restore_runs (
    id bigint NOT NULL,
    backup_id bigint,
    kind text NOT NULL,
    dry_run boolean DEFAULT false NOT NULL,
    target_schema text NOT NULL,
    tables text[],
    status text DEFAULT 'running'::text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    row_count bigint,
    report jsonb,
    error text,
    CONSTRAINT restore_runs_kind_check CHECK ((kind = ANY (ARRAY['scratch'::text, 'public'::text, 'drill'::text]))),
    CONSTRAINT restore_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text])))
);

ALTER TABLE vigil.restore_runs OWNER TO postgres;

--
-- Name: TABLE restore_runs; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.restore_runs IS 'Each restore: into a scratch schema (compared with the manifest), into public (all-or-nothing), or a drill (restore, compare, drop). Database-wide.';

--
-- Name: COLUMN restore_runs.report; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.restore_runs.report IS 'Per table: rows and checksum expected (manifest) and found (restored copy), or what a dry run would change.';

--
-- Name: finish_restore(bigint, boolean, jsonb, text, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb DEFAULT NULL::jsonb, p_error text DEFAULT NULL::text, p_now timestamp with time zone DEFAULT now()) RETURNS vigil.restore_runs
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_run vigil.restore_runs;
begin
  perform vigil._require_backup_manager('record a restore');
  update vigil.restore_runs r set status = case when p_ok then 'succeeded' else 'failed' end, finished_at = p_now,
         report = p_report, error = p_error,
         row_count = (select pg_catalog.sum((t.value ->> 'rows')::bigint) from pg_catalog.jsonb_each(coalesce(p_report, '{}')) t
                      where pg_catalog.jsonb_typeof(t.value) = 'object')
  where r.id = p_restore and r.status = 'running' returning * into v_run;
  if v_run.id is null then
    raise exception using errcode = 'P0002', message = pg_catalog.format('Restore %s does not exist or has finished.', p_restore);
  end if;
  return v_run;
end
$$;

ALTER FUNCTION vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone) IS 'Records how a restore ended (service role or DBA): its per-table report and, when it failed, why.';

--
-- Name: foreign_key_violations(regclass[]); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.foreign_key_violations(p_tables regclass[]) RETURNS TABLE(constraint_name text, table_name text, referenced_table text, broken_rows bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
-- The EXECUTE text is built only from catalog names quoted by format('%I') and regclass output, which
-- plpgsql_check cannot follow through the loop's record:
-- @plpgsql_check_options: security_warnings = false
declare
  v_fk record;
  v_n bigint;
begin
  perform vigil._require_backup_manager('check foreign keys after a restore');
  for v_fk in
    select k.conname::text as name, k.conrelid::regclass as child, k.confrelid::regclass as parent,
           (select pg_catalog.string_agg(pg_catalog.format('c.%I = p.%I', ca.attname, pa.attname), ' and ' order by x.i)
            from pg_catalog.generate_subscripts(k.conkey, 1) x(i)
            join pg_catalog.pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = k.conkey[x.i]
            join pg_catalog.pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[x.i]) as joined,
           (select pg_catalog.string_agg(pg_catalog.format('c.%I is not null', ca.attname), ' and ')
            from pg_catalog.unnest(k.conkey) x(ck)
            join pg_catalog.pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = x.ck) as present
    from pg_catalog.pg_constraint k
    where k.contype = 'f' and k.conparentid = 0 and (k.conrelid = any (p_tables) or k.confrelid = any (p_tables))
    order by 1
  loop
    -- MATCH SIMPLE, the default: a key with a null column is not checked.
    execute pg_catalog.format('select pg_catalog.count(*) from %s c where %s and not exists (select 1 from %s p where %s)',
                              v_fk.child, v_fk.present, v_fk.parent, v_fk.joined) into v_n;
    if v_n > 0 then
      constraint_name := v_fk.name; table_name := v_fk.child::text; referenced_table := v_fk.parent::text; broken_rows := v_n;
      return next;
    end if;
  end loop;
end
$$;

ALTER FUNCTION vigil_api.foreign_key_violations(p_tables regclass[]) OWNER TO postgres;

--
-- Name: FUNCTION foreign_key_violations(p_tables regclass[]); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.foreign_key_violations(p_tables regclass[]) IS 'Foreign keys from or to the given tables that some rows break, with how many rows: a restore loads with triggers held and checks every key after. Service role or DBA.';

--
-- Name: funnel(uuid, text[], timestamp with time zone, timestamp with time zone, interval, text, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_within interval DEFAULT '1 day'::interval, p_by text DEFAULT 'user'::text, p_kind text DEFAULT 'milestone'::text) RETURNS TABLE(step integer, name text, count bigint, conversion_from_previous double precision, conversion_from_first double precision, median_seconds_from_previous double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_steps is null or pg_catalog.array_length(p_steps, 1) is null or pg_catalog.array_length(p_steps, 1) not between 2 and 20
     or pg_catalog.array_position(p_steps, null) is not null then
    raise exception using errcode = '22023', message = 'steps must list 2 to 20 step names, none of them null.';
  end if;
  if p_within is null or p_within <= interval '0' then
    raise exception using errcode = '22023', message = 'within must be a positive interval.';
  end if;
  if p_by is null or p_by not in ('user', 'session') then
    raise exception using errcode = '22023', message = 'by must be user or session.';
  end if;
  if p_kind is null then
    raise exception using errcode = '22023', message = 'kind is required (milestone by default).';
  end if;
  return query select * from vigil._funnel(p_tenant, p_steps, p_since, p_until, p_within, p_by, p_kind);
end
$$;

ALTER FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) OWNER TO postgres;

--
-- Name: FUNCTION funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) IS 'A conversion funnel over [p_since, p_until): per step, how many users (p_by ''user'') or sessions (''session'') reached it
in order, each step at or after the one before and within p_within (default 1 day) of the first; conversion from the
previous and from the first step (0..1) and the median seconds from the previous step. Steps are event names of kind
p_kind (milestone by default). Viewers and up, or the service role.
Example: select * from vigil_api.funnel(''<tenant>'', array[''signup'', ''verify'', ''first_order''], now() - interval ''7 days'');';

--
-- Name: heal_preview(uuid, timestamp with time zone, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone DEFAULT now(), p_limit integer DEFAULT 20) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._heal_preview(p_rule, p_now, p_limit) $$;

ALTER FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) IS 'What one run of the rule would change now, changing nothing: {"would_change": n (at most max_rows), "sample_ids":
[up to p_limit keys]}. Tenant operators.';

--
-- Name: heal_rules(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.heal_rules(p_tenant uuid) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(r) || pg_catalog.jsonb_build_object('fn', r.fn::text)
  from vigil.heal_rules r where r.tenant_id = p_tenant order by r.name;
$$;

ALTER FUNCTION vigil_api.heal_rules(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION heal_rules(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.heal_rules(p_tenant uuid) IS 'The heal rules of a tenant. Any member.';

--
-- Name: heal_runs(uuid, uuid, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(h) || pg_catalog.jsonb_build_object('rule_name', r.name)
  from vigil.heal_runs h join vigil.heal_rules r on r.id = h.rule_id
  where h.tenant_id = p_tenant and (p_rule is null or h.rule_id = p_rule)
  order by h.ran_at desc, h.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 1000);
$$;

ALTER FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION heal_runs(p_tenant uuid, p_rule uuid, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid, p_limit integer) IS 'The audit of a tenant''s heal runs, newest first. Any member.';

--
-- Name: health(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.health(p_tenant uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  v_monitors jsonb;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', m.name, 'type', m.type, 'status', m.state,
           'message', coalesce(m.last_message, 'not checked yet'), 'response_time_ms', m.last_duration_ms, 'target', m.url,
           'last_checked_at', m.last_checked_at) order by m.name), '[]'::jsonb)
  into v_monitors
  from vigil.monitors m where m.tenant_id = p_tenant;
  return pg_catalog.jsonb_build_object(
    'overall_status', case when pg_catalog.jsonb_path_exists(v_monitors, '$[*] ? (@.status == "down")') then 'unhealthy'
                           when pg_catalog.jsonb_path_exists(v_monitors, '$[*] ? (@.status == "degraded" || @.status == "pending")') then 'degraded'
                           else 'healthy' end,
    'healthy', pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(v_monitors, '$[*] ? (@.status == "up" || @.status == "maintenance")')),
    'total', pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(v_monitors, '$[*] ? (@.status != "paused")')),
    'monitors', v_monitors);
end
$_$;

ALTER FUNCTION vigil_api.health(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION health(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.health(p_tenant uuid) IS 'The tenant''s health in one call (members): {overall_status (healthy, degraded, unhealthy), healthy, total (paused monitors
left out), monitors: [{name, type, status, message, response_time_ms, target, last_checked_at}]}. Example:
select vigil_api.health(''<tenant>'');';

--
-- Name: ingest(text, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.ingest(p_key text, p_events jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._ingest(p_key, p_events) $$;

ALTER FUNCTION vigil_api.ingest(p_key text, p_events jsonb) OWNER TO postgres;

--
-- Name: FUNCTION ingest(p_key text, p_events jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.ingest(p_key text, p_events jsonb) IS 'Stores a batch of events sent with a public ingest key. Each event is validated on its own: the result is
{"accepted": n, "rejected": [{"index": i, "reason": "..."}]} and every valid event is kept. A whole batch is
refused with HTTP 401 (PT401: unknown or disabled key), 413 (PT413: over 1,000 events or 1 MB) or 429
(PT429: over the key''s per-minute budget), and then nothing of it is stored.';

--
-- Name: install_default_rules(uuid, uuid[]); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[] DEFAULT NULL::uuid[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[]) OWNER TO postgres;

--
-- Name: FUNCTION install_default_rules(p_tenant uuid, p_channels uuid[]); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[]) IS 'Adds the rules teams set by hand (tenant admins), skipping any already there by name, and returns how many it added.
An app tenant gets error rate > 5% over 15 min (critical), p95 > 2000 ms (warning), payment% failures > 0 in 5 min
(critical) and SLO fast burn (critical); the vigil-system tenant gets DB connections > 90% (critical), DB size > 80%
(warning) and maintenance heartbeat missing (critical). Plus any template other capabilities put in
vigil.default_alert_rules, by its metric''s scope. They notify p_channels, or every enabled channel of the tenant when null.';

--
-- Name: job_finish(uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.job_finish(p_job uuid, p_status text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'operator');
  v_status text;
begin
  if p_status is not null and p_status not in ('succeeded', 'failed', 'cancelled') then
    raise exception using errcode = '22023', message = 'status must be succeeded, failed or cancelled.';
  end if;
  if v_job.status <> 'running' then
    raise exception using errcode = '22023', message = pg_catalog.format('This job already finished (%s).', v_job.status);
  end if;
  -- Without an explicit status: failed if any item failed, else succeeded.
  v_status := coalesce(p_status, case when exists (select 1 from vigil.job_items i where i.job_id = p_job and i.status = 'failed')
                                      then 'failed' else 'succeeded' end);
  update vigil.jobs set status = v_status, finished_at = pg_catalog.now() where id = p_job;
  return vigil_api.job_progress(p_job);
end
$$;

ALTER FUNCTION vigil_api.job_finish(p_job uuid, p_status text) OWNER TO postgres;

--
-- Name: FUNCTION job_finish(p_job uuid, p_status text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.job_finish(p_job uuid, p_status text) IS 'Finishes a job: p_status (succeeded, failed, cancelled) or, by default, failed if any item failed. Returns its final progress. Tenant operators.';

--
-- Name: job_progress(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'viewer');
  v_counts record;
  v_total bigint;
  v_done bigint;
  v_elapsed double precision;
  v_rate double precision;
begin
  select pg_catalog.count(*) as recorded,
         pg_catalog.count(*) filter (where i.status = 'pending') as pending,
         pg_catalog.count(*) filter (where i.status = 'success') as success,
         pg_catalog.count(*) filter (where i.status = 'failed') as failed,
         pg_catalog.count(*) filter (where i.status = 'skipped') as skipped
  into v_counts
  from vigil.job_items i where i.job_id = p_job;
  v_total := greatest(coalesce(v_job.expected_items, 0), v_counts.recorded);
  v_done := v_counts.success + v_counts.failed + v_counts.skipped;
  v_elapsed := extract(epoch from coalesce(v_job.finished_at, p_now) - v_job.started_at)::double precision;
  v_rate := case when v_elapsed > 0 then v_done / v_elapsed end;
  return pg_catalog.jsonb_build_object(
    'job', v_job.id, 'name', v_job.name, 'status', v_job.status,
    'started_at', v_job.started_at, 'finished_at', v_job.finished_at,
    'total', v_total, 'done', v_done,
    'counts', pg_catalog.jsonb_build_object('pending', v_counts.pending, 'success', v_counts.success,
                                            'failed', v_counts.failed, 'skipped', v_counts.skipped),
    'percent', case when v_total > 0 then pg_catalog.round(100.0 * v_done / v_total, 2) else 0 end,
    'elapsed_seconds', pg_catalog.round(v_elapsed::numeric, 3),
    'items_per_second', pg_catalog.round(v_rate::numeric, 3),
    'eta_seconds', case when v_job.status = 'running' and v_rate > 0 then pg_catalog.round(((v_total - v_done) / v_rate)::numeric, 1) end,
    'failures', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('error', f.error, 'count', f.n, 'sample_keys', pg_catalog.to_jsonb(f.keys))
                                  order by f.n desc, f.error)
      from (
        select coalesce(i.error, '(no error message)') as error, pg_catalog.count(*) as n,
               (pg_catalog.array_agg(i.item_key order by i.updated_at, i.item_key))[1:5] as keys
        from vigil.job_items i where i.job_id = p_job and i.status = 'failed'
        group by 1 order by 2 desc, 1 limit 20
      ) f), '[]'::jsonb));
end
$$;

ALTER FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION job_progress(p_job uuid, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone) IS 'A job''s progress: total (expected items, or recorded ones if more), done (success + failed + skipped), counts per
status, percent, elapsed seconds, items per second, ETA in seconds while running, and failures grouped by error
message (count and up to 5 sample keys, the 20 largest groups). Any member of the job''s tenant.';

--
-- Name: job_record(uuid, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'operator');
  v_bad record;
  v_count integer;
begin
  if v_job.status <> 'running' then
    raise exception using errcode = '22023', message = pg_catalog.format('This job is %s: items can only be recorded while it runs.', v_job.status);
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = '22023', message = 'items must be a JSON array of {"key", "status", "error"} objects.';
  end if;
  -- 10,000 items per call keeps one call's transaction short; send more in several calls.
  if pg_catalog.jsonb_array_length(p_items) > 10000 then
    raise exception using errcode = '22023', message = 'A call records at most 10000 items; split the batch.';
  end if;
  select i.idx, i.e into v_bad from pg_catalog.jsonb_array_elements(p_items) with ordinality i(e, idx)
  where pg_catalog.jsonb_typeof(i.e) <> 'object'
     or pg_catalog.jsonb_typeof(i.e -> 'key') not in ('string', 'number')
     or pg_catalog.length(i.e ->> 'key') not between 1 and 500
     or coalesce(i.e ->> 'status', '') not in ('pending', 'success', 'failed', 'skipped')
     or pg_catalog.jsonb_typeof(i.e -> 'error') not in ('string', 'null')
  limit 1;
  if found then
    raise exception using errcode = '22023',
      message = pg_catalog.format('Item %s is invalid: each item needs a key (1 to 500 characters) and a status (pending, success, failed or skipped), and error must be a string.', v_bad.idx - 1);
  end if;
  insert into vigil.job_items as ji (job_id, tenant_id, item_key, status, error)
  select p_job, v_job.tenant_id, d.key, d.status, d.error
  from (
    -- The last occurrence of a key in one batch wins, as if the items had been recorded one by one.
    select distinct on (i.e ->> 'key') i.e ->> 'key' as key, i.e ->> 'status' as status,
           pg_catalog.left(i.e ->> 'error', 2000) as error
    from pg_catalog.jsonb_array_elements(p_items) with ordinality i(e, idx)
    order by i.e ->> 'key', i.idx desc
  ) d
  on conflict (job_id, item_key) do update
    set status = excluded.status, error = excluded.error, attempts = ji.attempts + 1, updated_at = pg_catalog.now();
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

ALTER FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) OWNER TO postgres;

--
-- Name: FUNCTION job_record(p_job uuid, p_items jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) IS 'Records many items of a running job at once: [{"key": "order-1", "status": "success"}, {"key": "order-2",
"status": "failed", "error": "timeout"}]. Recording a key again updates it and counts an attempt. At most 10,000
items per call. Returns how many items were written. Tenant operators.';

--
-- Name: job_start(uuid, text, integer, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer DEFAULT NULL::integer, p_metadata jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
begin
  perform vigil.require_role(p_tenant, 'operator');
  perform vigil._check_name(p_name, 200);
  if p_expected_items < 0 then
    raise exception using errcode = '22023', message = 'expected_items must be zero or more.';
  end if;
  if p_metadata is not null and pg_catalog.jsonb_typeof(p_metadata) <> 'object' then
    raise exception using errcode = '22023', message = 'metadata must be a JSON object.';
  end if;
  insert into vigil.jobs (tenant_id, name, expected_items, metadata, created_by)
  values (p_tenant, p_name, p_expected_items, coalesce(p_metadata, '{}'::jsonb), auth.uid())
  returning id into v_id;
  return v_id;
end
$$;

ALTER FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb) OWNER TO postgres;

--
-- Name: FUNCTION job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb) IS 'Starts a batch job and returns its id. p_expected_items (optional) is what completion percent and ETA measure against. Tenant operators.';

--
-- Name: jobs(uuid, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer DEFAULT 50) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(j) from vigil.jobs j where j.tenant_id = p_tenant
  order by j.started_at desc limit least(greatest(coalesce(p_limit, 50), 1), 1000);
$$;

ALTER FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION jobs(p_tenant uuid, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer) IS 'The jobs of a tenant, newest first. Any member.';

--
-- Name: last_good_deployment(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.last_good_deployment(p_target uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_id uuid;
begin
  perform vigil._require_owner_of('vigil.deploy_targets', p_target, 'viewer', 'deploy target');
  v_id := vigil._last_good_deployment(p_target);
  return (select pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'version', d.version, 'commit', d.commit_sha,
                                                'url', d.url, 'status', d.status, 'healthy_at', d.healthy_at)
          from vigil.deployments d where d.id = v_id);
end
$$;

ALTER FUNCTION vigil_api.last_good_deployment(p_target uuid) OWNER TO postgres;

--
-- Name: FUNCTION last_good_deployment(p_target uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.last_good_deployment(p_target uuid) IS 'The newest healthy deployment of the target and its environment that is not the live one and was not rolled back (null when none). Any member.';

--
-- Name: list_alert_channels(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_alert_channels(p_tenant uuid) RETURNS TABLE(id uuid, name text, type text, config jsonb, secret_name text, enabled boolean, created_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'operator');
  select c.id, c.name, c.type, c.config, c.secret_name, c.enabled, c.created_at
  from vigil.alert_channels c where c.tenant_id = p_tenant order by c.name;
$$;

ALTER FUNCTION vigil_api.list_alert_channels(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_alert_channels(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_alert_channels(p_tenant uuid) IS 'The alert channels of a tenant (operators and admins: recipients are personal data). Shows secret names, never secrets.';

--
-- Name: list_alert_rules(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_alert_rules(p_tenant uuid) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(r) from vigil.alert_rules r where r.tenant_id = p_tenant order by r.name;
$$;

ALTER FUNCTION vigil_api.list_alert_rules(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_alert_rules(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_alert_rules(p_tenant uuid) IS 'The alert rules of a tenant, one JSON object each. Any member may read them.';

--
-- Name: list_alerts(uuid, text[], text, uuid, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[] DEFAULT NULL::text[], p_severity text DEFAULT NULL::text, p_rule uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 100) RETURNS TABLE(id uuid, rule_id uuid, rule text, severity text, metric text, labels jsonb, state text, state_since timestamp with time zone, value double precision, threshold double precision, comparator text, event_count bigint, last_error text, firing_since timestamp with time zone, acknowledged_at timestamp with time zone, acknowledged_by uuid, resolved_at timestamp with time zone, resolved_by uuid, muted_by text, last_evaluated_at timestamp with time zone, dedup_key text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select vigil._check_limit(p_limit, 1000);
  select a.id, a.rule_id, r.name, r.severity, r.metric, r.labels || a.labels, a.state, a.state_since, a.value,
         r.threshold, r.comparator, a.event_count, a.last_error, a.firing_since, a.acknowledged_at,
         a.acknowledged_by, a.resolved_at, a.resolved_by, a.muted_by, a.last_evaluated_at, a.dedup_key
  from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
  where a.tenant_id = p_tenant
    and (p_states is null or a.state = any (p_states))
    and (p_severity is null or r.severity = p_severity)
    and (p_rule is null or a.rule_id = p_rule)
  -- What needs attention first: firing, then by severity, then the longest-standing.
  order by (a.state in ('firing', 'recovering')) desc,
           case r.severity when 'critical' then 0 when 'warning' then 1 else 2 end, a.state_since
  limit p_limit;
$$;

ALTER FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer) IS 'Alerts of a tenant (one per rule and series), firing first, then by severity. Filters: states (e.g. ''{firing,pending}''),
severity, rule. Any member may read them. Example: select rule, state, value from vigil_api.list_alerts(''<tenant>'', ''{firing}'');';

--
-- Name: list_backups(text, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_backups(p_policy text DEFAULT NULL::text, p_limit integer DEFAULT 50) RETURNS TABLE(id bigint, policy text, status text, target text, location text, started_at timestamp with time zone, finished_at timestamp with time zone, table_count integer, row_count bigint, byte_count bigint, verified_at timestamp with time zone, verify_ok boolean, error text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(vigil.system_tenant_id(), 'viewer');
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception using errcode = '22023', message = 'limit must be between 1 and 1000.';
  end if;
  return query
    select b.id, b.policy, b.status, b.target, b.location, b.started_at, b.finished_at, b.table_count, b.row_count, b.byte_count,
           b.verified_at, b.verify_ok, coalesce(b.error, b.verify_error)
    from vigil.backups b where p_policy is null or b.policy = p_policy
    order by b.started_at desc, b.id desc limit p_limit;
end
$$;

ALTER FUNCTION vigil_api.list_backups(p_policy text, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION list_backups(p_policy text, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_backups(p_policy text, p_limit integer) IS 'Backups, newest first (of one policy, or all): status, where, size, and the last verify. Service role and vigil-system members.';

--
-- Name: list_deploy_keys(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) RETURNS TABLE(id uuid, target_id uuid, name text, key_prefix text, reports_per_minute integer, enabled boolean, created_at timestamp with time zone, rotated_at timestamp with time zone, disabled_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  return query
    select k.id, k.target_id, k.name, k.key_prefix, k.reports_per_minute, k.enabled, k.created_at, k.rotated_at, k.disabled_at
    from vigil.deploy_keys k where k.tenant_id = p_tenant order by k.created_at;
end
$$;

ALTER FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_deploy_keys(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) IS 'A tenant''s deploy keys (prefix only, never the key). Tenant admins only.';

--
-- Name: list_deploy_targets(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) RETURNS TABLE(id uuid, name text, provider text, config jsonb, environment text, smoke_checks jsonb, auto_rollback boolean, watch_window interval, rollback_cooldown interval, max_rollbacks_per_day integer, watch_rule_ids uuid[], notify_channel_ids uuid[], secret_name text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
    select t.id, t.name, t.provider, t.config, t.environment, t.smoke_checks, t.auto_rollback, t.watch_window, t.rollback_cooldown,
           t.max_rollbacks_per_day, t.watch_rule_ids, t.notify_channel_ids, t.secret_name
    from vigil.deploy_targets t where t.tenant_id = p_tenant order by t.name;
end
$$;

ALTER FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_deploy_targets(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) IS 'A tenant''s deploy targets (secret names, never secrets). Any member.';

--
-- Name: list_deployments(uuid, uuid, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50) RETURNS TABLE(id uuid, target_id uuid, target text, external_id text, environment text, version text, commit_sha text, ref text, url text, actor text, status text, status_since timestamp with time zone, created_at timestamp with time zone, live_at timestamp with time zone, healthy_at timestamp with time zone, smoke_passed boolean, smoke_results jsonb, rollback_of uuid, rollback_to uuid, reason text)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_limit(p_limit, 1000);
  return query
    select d.id, d.target_id, t.name, d.external_id, d.environment, d.version, d.commit_sha, d.ref, d.url, d.actor, d.status,
           d.status_since, d.created_at, d.live_at, d.healthy_at, d.smoke_passed, d.smoke_results, d.rollback_of, d.rollback_to, d.reason
    from vigil.deployments d join vigil.deploy_targets t on t.id = d.target_id
    where d.tenant_id = p_tenant and (p_target is null or d.target_id = p_target)
    order by d.created_at desc, d.id
    limit p_limit;
end
$$;

ALTER FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid, p_limit integer) OWNER TO postgres;

--
-- Name: FUNCTION list_deployments(p_tenant uuid, p_target uuid, p_limit integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid, p_limit integer) IS 'The deploy log of a tenant (or one target), newest first. Any member.';

--
-- Name: list_incidents(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone DEFAULT (now() - '90 days'::interval)) RETURNS SETOF jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
    select pg_catalog.to_jsonb(i) || pg_catalog.jsonb_build_object('updates', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', u.at, 'status', u.status, 'message', u.message) order by u.at, u.id)
      from vigil.incident_updates u where u.incident_id = i.id), '[]'::jsonb))
    from vigil.incidents i
    where i.tenant_id = p_tenant and (i.resolved_at is null or i.resolved_at >= p_since)
    order by i.started_at desc;
end
$$;

ALTER FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION list_incidents(p_tenant uuid, p_since timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone) IS 'Incidents open or resolved since p_since, newest first, each with its updates. Any member may read them.';

--
-- Name: list_ingest_keys(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) RETURNS TABLE(id uuid, name text, key_prefix text, allowed_kinds text[], events_per_minute integer, enabled boolean, created_at timestamp with time zone, rotated_at timestamp with time zone, disabled_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  return query
    select k.id, k.name, k.key_prefix, k.allowed_kinds, k.events_per_minute, k.enabled, k.created_at,
           k.rotated_at, k.disabled_at
    from vigil.ingest_keys k where k.tenant_id = p_tenant order by k.created_at;
end
$$;

ALTER FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_ingest_keys(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) IS 'A tenant''s ingest keys (prefix only, never the key). Tenant admins only.';

--
-- Name: list_members(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_members(p_tenant uuid) RETURNS TABLE(user_id uuid, role text, created_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select m.user_id, m.role::text, m.created_at
  from vigil.members m where m.tenant_id = p_tenant
  order by m.role desc, m.created_at;
$$;

ALTER FUNCTION vigil_api.list_members(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_members(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_members(p_tenant uuid) IS 'The members of a tenant with their roles. Any member may read it.';

--
-- Name: list_monitors(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_monitors(p_tenant uuid) RETURNS SETOF jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query select vigil._monitor_json(m) from vigil.monitors m where m.tenant_id = p_tenant order by m.name;
end
$$;

ALTER FUNCTION vigil_api.list_monitors(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_monitors(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_monitors(p_tenant uuid) IS 'The monitors of a tenant with their state, one JSON object each. Any member may read them.';

--
-- Name: list_mute_windows(uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_mute_windows(p_tenant uuid) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(w) from vigil.alert_mute_windows w where w.tenant_id = p_tenant order by w.name;
$$;

ALTER FUNCTION vigil_api.list_mute_windows(p_tenant uuid) OWNER TO postgres;

--
-- Name: FUNCTION list_mute_windows(p_tenant uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_mute_windows(p_tenant uuid) IS 'Recurring mute windows of a tenant. Any member may read them.';

--
-- Name: list_silences(uuid, boolean); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean DEFAULT false) RETURNS SETOF jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(s) from vigil.alert_silences s
    where s.tenant_id = p_tenant and (p_include_expired or s.ends_at > pg_catalog.now())
    order by s.ends_at;
$$;

ALTER FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean) OWNER TO postgres;

--
-- Name: FUNCTION list_silences(p_tenant uuid, p_include_expired boolean); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean) IS 'Silences of a tenant (active and future; expired too when asked). Any member may read them.';

--
-- Name: maintenance_status(timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  v_settings vigil.maintenance_settings;
  v_last vigil.maintenance_runs;
  v_age double precision;
begin
  perform vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select * into v_settings from vigil.maintenance_settings;
  select * into v_last from vigil.maintenance_runs order by finished_at desc limit 1;
  v_age := vigil.heartbeat_age_seconds(p_now);
  return pg_catalog.jsonb_build_object(
    'scheduled', coalesce((vigil._maintenance_job() ->> 'active')::boolean, false),
    'schedule', v_settings.schedule,
    'interval_seconds', v_settings.interval_seconds,
    'last_run_at', v_last.started_at,
    'last_duration_ms', v_last.duration_ms,
    'last_status', v_last.summary ->> 'status',
    'last_steps', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('step', s ->> 'step', 'status', s ->> 'status',
                                                                                 'duration_ms', s -> 'duration_ms'))
                            from pg_catalog.jsonb_array_elements(v_last.summary -> 'steps') s), '[]'::jsonb),
    'failed_steps', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('step', s ->> 'step', 'error', s ->> 'error', 'sqlstate', s ->> 'sqlstate'))
                              from pg_catalog.jsonb_array_elements(v_last.summary -> 'steps') s where s ->> 'status' = 'failed'), '[]'::jsonb),
    'heartbeat_age_seconds', pg_catalog.round(v_age::numeric, 3),
    'stale', v_age is null or v_age > 3 * v_settings.interval_seconds,
    'runs_last_24h', (select pg_catalog.count(*) from vigil.maintenance_runs r where r.finished_at > p_now - interval '24 hours'),
    'failed_runs_last_24h', (select pg_catalog.count(*) from vigil.maintenance_runs r
                             where r.finished_at > p_now - interval '24 hours' and r.steps_failed > 0));
end
$$;

ALTER FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION maintenance_status(p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone) IS 'When maintenance last ran, how long it took, which steps failed, and whether it is stale (no heartbeat for three
intervals, or never ran). For the service role and members of the vigil-system tenant.';

--
-- Name: mark_backup_pruned(bigint, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamp with time zone DEFAULT now()) RETURNS vigil.backups
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_backup vigil.backups;
begin
  perform vigil._require_backup_manager('prune backups');
  perform vigil._running_backup(p_backup);
  delete from vigil.backup_files f where f.backup_id = p_backup;
  update vigil.backups b set status = 'pruned', pruned_at = p_now where b.id = p_backup returning * into v_backup;
  return v_backup;
end
$$;

ALTER FUNCTION vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION mark_backup_pruned(p_backup bigint, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamp with time zone) IS 'Records that a backup''s files were deleted (service role or DBA); its row stays as history.';

--
-- Name: my_tenants(); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.my_tenants() RETURNS TABLE(id uuid, name text, slug text, role text, created_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select t.id, t.name, t.slug, m.role::text, t.created_at
  from vigil.tenants t
  left join vigil.members m on m.tenant_id = t.id and m.user_id = auth.uid()
  order by t.created_at
$$;

ALTER FUNCTION vigil_api.my_tenants() OWNER TO postgres;

--
-- Name: FUNCTION my_tenants(); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.my_tenants() IS 'The tenants the caller can see (all of them for the service role), with the caller''s role in each.';

--
-- Name: operation_health(uuid, timestamp with time zone, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone DEFAULT (now() - '24:00:00'::interval), p_name text DEFAULT NULL::text) RETURNS TABLE(kind text, name text, hour timestamp with time zone, events bigint, errors bigint, error_rate double precision, p95_ms double precision)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from vigil._operation_health(p_tenant, p_since, p_name) $$;

ALTER FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) OWNER TO postgres;

--
-- Name: FUNCTION operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) IS 'Hourly health of a tenant''s operations and API calls (events, errors, error_rate, p95_ms) from the operation_health view, as fresh as its last refresh (every 10 minutes). Any member.';

--
-- Name: operation_stats(uuid, timestamp with time zone, timestamp with time zone, text, text, integer, boolean, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_kind text DEFAULT NULL::text, p_name text DEFAULT NULL::text, p_limit integer DEFAULT 100, p_exact boolean DEFAULT false, p_order_by text DEFAULT 'count'::text) RETURNS TABLE(kind text, name text, count bigint, success_rate double precision, avg_ms double precision, p50_ms double precision, p95_ms double precision, p99_ms double precision, min_ms double precision, max_ms double precision, errors bigint, errors_by_type jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  perform vigil._check_limit(p_limit, 1000);
  if p_order_by is null or p_order_by not in ('count', 'errors', 'error_rate', 'p95', 'p99', 'name') then
    raise exception using errcode = '22023', message = 'order_by must be one of count, errors, error_rate, p95, p99, name.';
  end if;
  if coalesce(p_exact, false) and p_until - p_since > interval '1 hour' then
    raise exception using errcode = '22023', message = 'Exact percentiles are available for windows of at most one hour.',
      hint = 'Narrow the window, or drop p_exact: histogram percentiles are within 1% of the exact ones.';
  end if;

  return query
  with s as (
    select x.kind, x.name, x.count, x.errors, x.avg_ms, x.p50_ms, x.p95_ms, x.p99_ms, x.min_ms, x.max_ms, x.error_types
    from vigil._exact_stats(p_tenant, p_since, p_until, p_kind, p_name) x where p_exact
    union all
    select x.kind, x.name, x.count, x.errors, x.avg_ms, x.p50_ms, x.p95_ms, x.p99_ms, x.min_ms, x.max_ms, x.error_types
    from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, null, true) x where not coalesce(p_exact, false)
  )
  select s.kind, s.name, s.count, 1 - s.errors::double precision / s.count, s.avg_ms, s.p50_ms, s.p95_ms, s.p99_ms,
         s.min_ms, s.max_ms, s.errors, s.error_types
  from s
  order by case p_order_by when 'count' then s.count::double precision when 'errors' then s.errors::double precision
                           when 'error_rate' then s.errors::double precision / s.count
                           when 'p95' then s.p95_ms when 'p99' then s.p99_ms end desc nulls last,
           s.kind, s.name
  limit p_limit;
end
$$;

ALTER FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text) OWNER TO postgres;

--
-- Name: FUNCTION operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text) IS 'Per operation (kind, name) in [p_since, p_until): count, success rate, avg/p50/p95/p99/min/max duration in ms, errors
and errors by type. Filters: p_kind, p_name; p_order_by count (default), errors, error_rate, p95, p99 or name; p_limit
1..1000. Percentiles come from log histograms (within 1% of the exact value); p_exact => true computes them exactly
over raw rows, for windows of at most one hour. Viewers and up, or the service role.
Example: select * from vigil_api.operation_stats(''<tenant>'', now() - interval ''24 hours'');';

--
-- Name: ping(text, text, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.ping(p_token text, p_signal text DEFAULT 'success'::text, p_body text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._ping(p_token, p_signal, p_body, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) OWNER TO postgres;

--
-- Name: FUNCTION ping(p_token text, p_signal text, p_body text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) IS 'A heartbeat from a job inside the database or anywhere with the token (anon may call it, like the ping edge function):
p_signal success (default), start, fail, or an exit status (''0'' is success). Returns {monitor, signal, state}. Example:
select vigil_api.ping(''hb_...'', ''start''); ... select vigil_api.ping(''hb_...'');';

--
-- Name: recent_errors(uuid, timestamp with time zone, timestamp with time zone, integer, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_limit integer DEFAULT 50, p_fingerprint text DEFAULT NULL::text) RETURNS TABLE(id bigint, occurred_at timestamp with time zone, kind text, name text, error_type text, error_message text, fingerprint text, release text, user_id text, session_id text, stack text, attributes jsonb)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil._check_stats_call(p_tenant, p_since, p_until);
  select vigil._check_limit(p_limit, 1000);
  select x.* from vigil._error_events(p_tenant, p_since, p_until) x
  where p_fingerprint is null or x.fingerprint = p_fingerprint
  order by x.occurred_at desc, x.id desc
  limit p_limit;
$$;

ALTER FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text) OWNER TO postgres;

--
-- Name: FUNCTION recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text) IS 'The newest errors in [p_since, p_until) (error events, and failed events that carry an error_type), newest first,
each with its group fingerprint and stack; p_fingerprint narrows to one group. Viewers and up, or the service role.';

--
-- Name: record_backup_verify(bigint, boolean, text, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text DEFAULT NULL::text, p_now timestamp with time zone DEFAULT now()) RETURNS vigil.backups
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_backup vigil.backups;
begin
  perform vigil._require_backup_manager('record a verify');
  perform vigil._running_backup(p_backup);
  update vigil.backups b set verified_at = p_now, verify_ok = coalesce(p_ok, false), verify_error = p_error
  where b.id = p_backup returning * into v_backup;
  return v_backup;
end
$$;

ALTER FUNCTION vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone) IS 'Records a verify of a backup (service role or DBA): whether every file matched its sha256 and row count, and the first that did not.';

--
-- Name: register_alert_metric(text, regprocedure, text, boolean, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text DEFAULT NULL::text, p_returns_series boolean DEFAULT false, p_unit text DEFAULT 'number'::text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._register_alert_metric(p_name, p_fn, p_description, p_returns_series, p_unit) $$;

ALTER FUNCTION vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) OWNER TO postgres;

--
-- Name: FUNCTION register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) IS 'Registers a custom alert metric (service role only). fn(p_tenant uuid, p_window tstzrange) returns numeric, or with
p_returns_series, returns table(labels jsonb, value numeric). A null value means "no data". Example:
select vigil_api.register_alert_metric(''stuck_orders'', ''app.count_stuck_orders(uuid, tstzrange)'', ''Orders pending > 10 min'', false, ''count'');';

--
-- Name: register_view(text, interval); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.register_view(p_view text, p_refresh_interval interval DEFAULT '01:00:00'::interval) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_view regclass;
begin
  perform vigil._require_trusted('Only the service role or a database administrator may register views.');
  v_view := pg_catalog.to_regclass(p_view);
  if v_view is null or (select c.relkind from pg_catalog.pg_class c where c.oid = v_view) <> 'm' then
    raise exception using errcode = '42P01', message = pg_catalog.format('Materialized view %s does not exist.', p_view);
  end if;
  if p_refresh_interval is null or p_refresh_interval < interval '1 minute' then
    raise exception using errcode = '22023', message = 'refresh_interval must be at least 1 minute.';
  end if;
  insert into vigil.materialized_views (view, refresh_interval) values (v_view, p_refresh_interval)
  on conflict (view) do update set refresh_interval = excluded.refresh_interval, enabled = true;
end
$$;

ALTER FUNCTION vigil_api.register_view(p_view text, p_refresh_interval interval) OWNER TO postgres;

--
-- Name: FUNCTION register_view(p_view text, p_refresh_interval interval); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.register_view(p_view text, p_refresh_interval interval) IS 'Registers (or re-times) a materialized view for maintenance to refresh every p_refresh_interval. Service role and database administrators.';

--
-- Name: remove_member(uuid, uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select vigil._set_member(p_tenant, p_user, null)
$$;

ALTER FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) OWNER TO postgres;

--
-- Name: FUNCTION remove_member(p_tenant uuid, p_user uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) IS 'Removes a user from a tenant. Tenant admins only; the last admin cannot be removed.';

--
-- Name: report_deployment(text, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._report_deployment(p_key, p_deployment, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) OWNER TO postgres;

--
-- Name: FUNCTION report_deployment(p_key text, p_deployment jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) IS 'Reports a deployment of the deploy key''s target from CI: {id, status (building|ready|build_failed, default ready), version,
commit, ref, url, environment, actor, at}. The same id twice is one row; a status it has passed changes nothing. Refused
with PT401 (unknown or disabled deploy key; an ingest key is never one) or PT429 (over the key''s reports per minute).';

--
-- Name: report_smoke(text, text, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._report_smoke(p_key, p_deployment, p_results, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) OWNER TO postgres;

--
-- Name: FUNCTION report_smoke(p_key text, p_deployment text, p_results jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) IS 'Reports smoke results {passed, checks: [{name, passed, detail}]} for deployment p_deployment (its reported id) of the
deploy key''s target: ready or smoke_testing moves to watching or smoke_failed; results while watching are kept, and a
failure is a breach the deploy watch acts on. Refused like report_deployment.';

--
-- Name: request_rollback(uuid, uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid DEFAULT NULL::uuid, p_reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._request_rollback(p_deployment, p_to, p_reason, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid, p_reason text) OWNER TO postgres;

--
-- Name: FUNCTION request_rollback(p_deployment uuid, p_to uuid, p_reason text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid, p_reason text) IS 'Rolls a deployment back to p_to (default: the last good deployment of its target): the deployment becomes rolling_back and
one rollback action is queued for the deploy function. One pending rollback per target (PT409 for a second). Operators and admins.';

--
-- Name: reset_sequences(regclass[]); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.reset_sequences(p_tables regclass[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
-- plpgsql_check cannot see that the dynamic setval writes, and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_col record;
  v_n integer := 0;
begin
  perform vigil._require_backup_manager('reset sequences after a restore');
  for v_col in
    select a.attrelid::regclass as tbl, a.attname, pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) as seq
    from pg_catalog.pg_attribute a
    where a.attrelid = any (p_tables) and a.attnum > 0 and not a.attisdropped
      and pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) is not null
  loop
    execute pg_catalog.format('select pg_catalog.setval(%L, coalesce((select pg_catalog.max(%I) from %s), 0) + 1, false)',
                              v_col.seq, v_col.attname, v_col.tbl);
    v_n := v_n + 1;
  end loop;
  return v_n;
end
$$;

ALTER FUNCTION vigil_api.reset_sequences(p_tables regclass[]) OWNER TO postgres;

--
-- Name: FUNCTION reset_sequences(p_tables regclass[]); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.reset_sequences(p_tables regclass[]) IS 'Moves the sequence of every serial or identity column of the given tables past the largest value in it; returns how many it moved. Service role or DBA.';

--
-- Name: resolve_alert(uuid, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._act_on_alert(p_alert, 'resolve', p_note, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text) OWNER TO postgres;

--
-- Name: FUNCTION resolve_alert(p_alert uuid, p_note text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text) IS 'Resolves an alert by hand (operators and admins) and sends its resolution. If the metric still breaches, the next evaluation opens a new firing.';

--
-- Name: resolve_error_group(uuid, text, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_release text := p_release;
  v_row vigil.error_group_states;
begin
  perform vigil.require_role(p_tenant, 'operator');
  if p_fingerprint is null or pg_catalog.btrim(p_fingerprint) = '' then
    raise exception using errcode = '22023', message = 'fingerprint is required.';
  end if;
  -- By default the fix is taken to ship in the latest release the group was seen in.
  if v_release is null then
    select x.release into v_release
    from vigil._error_events(p_tenant, pg_catalog.now() - interval '30 days', pg_catalog.now() + interval '1 day') x
    where x.fingerprint = p_fingerprint and x.release is not null
    order by x.occurred_at desc limit 1;
  end if;
  insert into vigil.error_group_states as s (tenant_id, fingerprint, resolved_at, resolved_release, resolved_by)
  values (p_tenant, p_fingerprint, pg_catalog.now(), v_release, auth.uid())
  on conflict (tenant_id, fingerprint) do update
    set resolved_at = excluded.resolved_at, resolved_release = excluded.resolved_release, resolved_by = excluded.resolved_by
  returning * into v_row;
  return pg_catalog.jsonb_build_object('fingerprint', v_row.fingerprint, 'resolved_at', v_row.resolved_at,
                                       'resolved_release', v_row.resolved_release);
end
$$;

ALTER FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text) OWNER TO postgres;

--
-- Name: FUNCTION resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text) IS 'Marks an error group resolved as of now, fixed in p_release (default: the latest release the group was seen in).
Seen again afterwards in another release, the group shows as regressed. Resolving again moves the mark. Operators and up,
or the service role.';

--
-- Name: retry_alert_notification(bigint); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.retry_alert_notification(p_notification bigint) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._requeue_notification(p_notification) $$;

ALTER FUNCTION vigil_api.retry_alert_notification(p_notification bigint) OWNER TO postgres;

--
-- Name: FUNCTION retry_alert_notification(p_notification bigint); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.retry_alert_notification(p_notification bigint) IS 'Puts a dead-lettered notification back in the outbox, e.g. after fixing the channel (operators and admins).';

--
-- Name: rotate_deploy_key(uuid, interval); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval DEFAULT '00:00:00'::interval) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._rotate_deploy_key(p_key_id, p_grace) $$;

ALTER FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval) OWNER TO postgres;

--
-- Name: FUNCTION rotate_deploy_key(p_key_id uuid, p_grace interval); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval) IS 'Replaces a deploy key''s secret and returns the new key once; the old one keeps working for p_grace. Tenant admins only.';

--
-- Name: rotate_ingest_key(uuid, interval); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval DEFAULT '00:00:00'::interval) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._rotate_ingest_key(p_key_id, p_grace) $$;

ALTER FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval) OWNER TO postgres;

--
-- Name: FUNCTION rotate_ingest_key(p_key_id uuid, p_grace interval); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval) IS 'Replaces a key''s secret and returns the new key once. The old key keeps working for p_grace (default: not at all). Tenant admins only.';

--
-- Name: run_heal_rule(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._run_heal_rule(p_rule, p_now) $$;

ALTER FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION run_heal_rule(p_rule uuid, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone) IS 'Runs one heal rule now (respecting its dry-run and row limit) and returns its audit row. Tenant operators.';

--
-- Name: schedule(text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.schedule(p_every text DEFAULT '* * * * *'::text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._schedule(p_every) $$;

ALTER FUNCTION vigil_api.schedule(p_every text) OWNER TO postgres;

--
-- Name: FUNCTION schedule(p_every text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.schedule(p_every text) IS 'Registers maintenance with pg_cron as the job `vigil-maintenance` running `select vigil.run_maintenance()` on
p_every (cron syntax, default every minute), and `vigil-watchdog` evaluating alerts every 5 minutes on its own so a
stopped maintenance still pages (heartbeat_missing). Scheduling again only changes the schedule. Service role and
database sessions only; raises 55000 when pg_cron is not installed.';

--
-- Name: set_backup_policy(text, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.set_backup_policy(p_name text, p_settings jsonb DEFAULT '{}'::jsonb) RETURNS vigil.backup_policies
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_policy vigil.backup_policies;
  v_key text;
begin
  perform vigil._require_backup_manager('change backup policies');
  if p_name is null or p_name !~ '^[a-z][a-z0-9_-]{0,62}$' then
    raise exception using errcode = '22023', message = 'name must be 1 to 63 lowercase letters, digits, _ or -, starting with a letter.';
  end if;
  if p_settings is null or pg_catalog.jsonb_typeof(p_settings) <> 'object' then
    raise exception using errcode = '22023', message = 'settings must be a JSON object.';
  end if;
  for v_key in select k from pg_catalog.jsonb_object_keys(p_settings) k loop
    if v_key not in ('schemas', 'include', 'exclude', 'target', 'expected_interval', 'keep_daily', 'keep_weekly', 'part_bytes') then
      raise exception using errcode = '22023', message = pg_catalog.format('Unknown backup policy setting %s.', v_key);
    end if;
  end loop;
  insert into vigil.backup_policies as p (name) values (p_name) on conflict (name) do nothing;
  begin
    update vigil.backup_policies p set
      schemas = case when p_settings ? 'schemas' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'schemas')) else p.schemas end,
      include = case when p_settings ? 'include' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'include')) else p.include end,
      exclude = case when p_settings ? 'exclude' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'exclude')) else p.exclude end,
      target = coalesce(p_settings ->> 'target', p.target),
      expected_interval = coalesce((p_settings ->> 'expected_interval')::interval, p.expected_interval),
      keep_daily = coalesce((p_settings ->> 'keep_daily')::integer, p.keep_daily),
      keep_weekly = coalesce((p_settings ->> 'keep_weekly')::integer, p.keep_weekly),
      part_bytes = coalesce((p_settings ->> 'part_bytes')::bigint, p.part_bytes)
    where p.name = p_name
    returning * into v_policy;
  exception when check_violation or invalid_text_representation or invalid_datetime_format or numeric_value_out_of_range
                 or invalid_parameter_value or datetime_field_overflow then
    raise exception using errcode = '22023', message = pg_catalog.format('Backup policy %s: %s', p_name, sqlerrm);
  end;
  return v_policy;
end
$_$;

ALTER FUNCTION vigil_api.set_backup_policy(p_name text, p_settings jsonb) OWNER TO postgres;

--
-- Name: FUNCTION set_backup_policy(p_name text, p_settings jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.set_backup_policy(p_name text, p_settings jsonb) IS 'Creates or changes a backup policy (service role or DBA). Settings, all optional: schemas, include, exclude (arrays
of LIKE patterns on schema.table), target (local | storage), expected_interval, keep_daily, keep_weekly, part_bytes.
Example: select vigil_api.set_backup_policy(''nightly'', ''{"schemas": ["public"], "exclude": ["public.sessions"]}'');';

--
-- Name: set_heal_rule(uuid, boolean, boolean, integer); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean DEFAULT NULL::boolean, p_dry_run boolean DEFAULT NULL::boolean, p_max_rows integer DEFAULT NULL::integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'admin');
begin
  if p_max_rows is not null and p_max_rows not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'max_rows must be between 1 and 10000.';
  end if;
  update vigil.heal_rules
  set enabled = coalesce(p_enabled, enabled), dry_run = coalesce(p_dry_run, dry_run), max_rows = coalesce(p_max_rows, max_rows)
  where id = v_rule.id;
end
$$;

ALTER FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer) OWNER TO postgres;

--
-- Name: FUNCTION set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer) IS 'Switches a heal rule on or off, to or from dry-run, or changes its row limit. Tenant admins; the rule''s target cannot be changed here.';

--
-- Name: set_slo(uuid, text, double precision, double precision, interval, text, text, uuid); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision DEFAULT NULL::double precision, p_period interval DEFAULT '30 days'::interval, p_kind text DEFAULT 'operation'::text, p_description text DEFAULT NULL::text, p_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row vigil.slos;
begin
  perform vigil.require_role(p_tenant, 'operator');
  perform vigil._check_name(p_name, 200);
  if p_objective is null or p_objective <= 0 or p_objective >= 1 then
    raise exception using errcode = '22023', message = 'objective must be strictly between 0 and 1 (0.999 for 99.9%).';
  end if;
  if p_threshold_ms is not null and p_threshold_ms <= 0 then
    raise exception using errcode = '22023', message = 'threshold_ms must be positive when given.';
  end if;
  if p_period is null or p_period < interval '1 hour' or p_period > interval '90 days' then
    raise exception using errcode = '22023', message = 'period must be between 1 hour and 90 days.';
  end if;
  if p_id is null then
    insert into vigil.slos (tenant_id, kind, name, objective, threshold_ms, period, description)
    values (p_tenant, coalesce(p_kind, 'operation'), p_name, p_objective, p_threshold_ms, p_period, p_description)
    returning * into v_row;
  else
    update vigil.slos set kind = coalesce(p_kind, 'operation'), name = p_name, objective = p_objective,
      threshold_ms = p_threshold_ms, period = p_period, description = p_description
    where id = p_id and tenant_id = p_tenant
    returning * into v_row;
    if not found then
      raise exception using errcode = 'P0002', message = 'No SLO of this tenant has that id.';
    end if;
  end if;
  return pg_catalog.to_jsonb(v_row);
end
$$;

ALTER FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid) OWNER TO postgres;

--
-- Name: FUNCTION set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid) IS 'Creates an SLO (or, with p_id, replaces one): operation p_name of p_kind must keep p_objective (0..1) of its events good
over p_period (default 30 days); good means succeeded, and at most p_threshold_ms when given. Returns the row.
Operators and up, or the service role.
Example: select vigil_api.set_slo(''<tenant>'', ''checkout'', 0.999, p_threshold_ms => 800);';

--
-- Name: set_status_page(uuid, text, text, jsonb, boolean, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb DEFAULT '[]'::jsonb, p_public boolean DEFAULT false, p_description text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_row vigil.status_pages;
  v_item jsonb;
begin
  perform vigil.require_role(p_tenant, 'admin');
  if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{1,62}$' then
    raise exception using errcode = '22023', message = 'slug must be 2 to 63 lowercase letters, digits or dashes.';
  end if;
  if p_title is null or pg_catalog.length(p_title) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'title must be 1 to 200 characters.';
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = '22023', message = 'items must be an array of {"monitor": id} or {"slo": id} objects.';
  end if;
  for v_item in select x from pg_catalog.jsonb_array_elements(p_items) x loop
    if pg_catalog.jsonb_typeof(v_item) <> 'object' or (v_item ? 'monitor') = (v_item ? 'slo')
       or exists (select 1 from pg_catalog.jsonb_object_keys(v_item) k where k not in ('monitor', 'slo', 'label'))
       or (v_item ? 'label' and (pg_catalog.jsonb_typeof(v_item -> 'label') <> 'string' or pg_catalog.length(v_item ->> 'label') not between 1 and 100)) then
      raise exception using errcode = '22023', message = 'each item must be {"monitor": id} or {"slo": id}, with an optional label of 1 to 100 characters.';
    end if;
    -- As the caller: another tenant's monitor or SLO is as missing as one that does not exist.
    if (v_item ? 'monitor' and not exists (select 1 from vigil.monitors m where m.tenant_id = p_tenant and m.id::text = v_item ->> 'monitor'))
       or (v_item ? 'slo' and not exists (select 1 from vigil.slos s where s.tenant_id = p_tenant and s.id::text = v_item ->> 'slo')) then
      raise exception using errcode = 'P0002', message = pg_catalog.format('No monitor or SLO of this tenant has the id of item %s.', v_item);
    end if;
  end loop;
  insert into vigil.status_pages (tenant_id, slug, title, description, public, items)
  values (p_tenant, p_slug, p_title, p_description, coalesce(p_public, false), p_items)
  on conflict (slug) do update set title = excluded.title, description = excluded.description, public = excluded.public, items = excluded.items
  where vigil.status_pages.tenant_id = excluded.tenant_id
  returning * into v_row;
  if v_row.id is null then
    raise exception using errcode = '23505', message = pg_catalog.format('The slug %L is taken.', p_slug);
  end if;
  return pg_catalog.to_jsonb(v_row);
end
$_$;

ALTER FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text) OWNER TO postgres;

--
-- Name: FUNCTION set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text) IS 'Creates or replaces (by slug) a status page (tenant admins). Items: [{"monitor": "<id>", "label": "API"}, {"slo": "<id>"}].
Only a page with p_public true is shown to anyone by vigil_api.status_page. Example:
select vigil_api.set_status_page(''<tenant>'', ''acme'', ''Acme status'', ''[{"monitor": "<id>", "label": "API"}]'', true);';

--
-- Name: slo_status(uuid, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(slo_id uuid, kind text, name text, objective double precision, threshold_ms double precision, period interval, events bigint, bad bigint, sli double precision, budget_remaining double precision, burn_rate_5m double precision, burn_rate_30m double precision, burn_rate_1h double precision, burn_rate_6h double precision, burn_rate_3d double precision, events_5m bigint, events_30m bigint, events_1h bigint, events_6h bigint, events_3d bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_now is null then
    raise exception using errcode = '22023', message = 'now must not be null.';
  end if;
  return query
  select s.id, s.kind, s.name, s.objective, s.threshold_ms, s.period, w.total, w.bad,
         case when w.total > 0 then 1 - w.bad::double precision / w.total end,
         -- 1 = the whole budget left, 0 = spent, negative = overspent.
         case when w.total > 0 then 1 - (w.bad::double precision / w.total) / (1 - s.objective) end,
         case when m5.total > 0 then (m5.bad::double precision / m5.total) / (1 - s.objective) end,
         case when m30.total > 0 then (m30.bad::double precision / m30.total) / (1 - s.objective) end,
         case when h1.total > 0 then (h1.bad::double precision / h1.total) / (1 - s.objective) end,
         case when h6.total > 0 then (h6.bad::double precision / h6.total) / (1 - s.objective) end,
         case when d3.total > 0 then (d3.bad::double precision / d3.total) / (1 - s.objective) end,
         m5.total, m30.total, h1.total, h6.total, d3.total
  from vigil.slos s
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - s.period, p_now) w
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - interval '5 minutes', p_now) m5
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - interval '30 minutes', p_now) m30
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - interval '1 hour', p_now) h1
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - interval '6 hours', p_now) h6
  cross join lateral vigil._slo_counts(p_tenant, s.kind, s.name, s.threshold_ms, p_now - interval '3 days', p_now) d3
  where s.tenant_id = p_tenant
  order by s.kind, s.name, s.id;
end
$$;

ALTER FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION slo_status(p_tenant uuid, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone) IS 'Each SLO of the tenant at p_now: events and bad events over its period, the SLI (good share), the error budget left
(1 = untouched, 0 = spent, negative = overspent) and burn rates over 5m, 30m, 1h, 6h and 3d (bad share / (1 - objective):
1 spends the budget exactly over the period; the SRE workbook pages at 14.4 over 1h and 5m). Event counts per window
come along for a minimum-traffic guard. Burn rates are null for a window without events. Viewers and up, or the service role.';

--
-- Name: start_backup(text, text, text, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone DEFAULT now()) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_id bigint;
begin
  perform vigil._require_backup_manager('start a backup');
  perform vigil._backup_policy(p_policy);
  if p_target is null or p_target not in ('local', 'storage') then
    raise exception using errcode = '22023', message = 'target must be local or storage.';
  end if;
  if p_location is null or pg_catalog.btrim(p_location) = '' then
    raise exception using errcode = '22023', message = 'location is required: the folder or bucket path of the backup.';
  end if;
  insert into vigil.backups (policy, target, location, started_at) values (p_policy, p_target, p_location, p_now)
  returning id into v_id;
  return v_id;
end
$$;

ALTER FUNCTION vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone) IS 'Records that a backup of a policy started (service role or DBA) and returns its id; finish_backup records how it ended.';

--
-- Name: start_restore(bigint, text, text, text[], boolean, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[] DEFAULT NULL::text[], p_dry_run boolean DEFAULT false, p_now timestamp with time zone DEFAULT now()) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  v_id bigint;
begin
  perform vigil._require_backup_manager('restore a backup');
  perform vigil._running_backup(p_backup);
  if p_kind is null or p_kind not in ('scratch', 'public', 'drill') then
    raise exception using errcode = '22023', message = 'kind must be scratch, public or drill.';
  end if;
  if p_target_schema is null or p_target_schema !~ '^[a-z_][a-z0-9_]{0,62}$' then
    raise exception using errcode = '22023', message = 'target schema must be 1 to 63 lowercase letters, digits or underscores.';
  end if;
  if p_kind <> 'public' and p_target_schema in ('public', 'vigil', 'vigil_api', 'auth', 'storage', 'pg_catalog', 'information_schema') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('A %s restore goes into a scratch schema, not %s.', p_kind, p_target_schema);
  end if;
  insert into vigil.restore_runs (backup_id, kind, dry_run, target_schema, tables, started_at)
  values (p_backup, p_kind, coalesce(p_dry_run, false), p_target_schema, p_tables, p_now)
  returning id into v_id;
  return v_id;
end
$_$;

ALTER FUNCTION vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone) IS 'Records that a restore (scratch, public or drill) of a backup started (service role or DBA) and returns its id.';

--
-- Name: status_page(text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.status_page(p_slug text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select vigil._status_page(p_slug, pg_catalog.now()) $$;

ALTER FUNCTION vigil_api.status_page(p_slug text) OWNER TO postgres;

--
-- Name: FUNCTION status_page(p_slug text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.status_page(p_slug text) IS 'A public status page, for anyone (anon included): {title, description, status (operational degraded major_outage
maintenance), items: [{name, state, uptime: {24h, 7d, 30d, 90d}, days: [{day, uptime}] (90)}], incidents (open, and
resolved in the last 14 days, with updates)}. A private page and an unknown slug both answer PT404. Example:
select vigil_api.status_page(''acme'');';

--
-- Name: summary(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
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

ALTER FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'The dashboard header for [p_since, p_until): total events, errors, success rate, p50/p95/p99 over every timed event,
how many (kind, name) series, the 5 most frequent error types, and the alerts open now (pending, firing or
recovering): open_alerts is their number, open_alerts_by_state splits it into firing / pending / recovering and
unacknowledged / acknowledged. Viewers and up, or the service role.';

--
-- Name: table_checksum(regclass); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    SET "DateStyle" TO 'ISO, YMD'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '3'
    SET bytea_output TO 'hex'
    AS $$
begin
  execute pg_catalog.format('select pg_catalog.count(*), coalesce(pg_catalog.sum(pg_catalog.hashtextextended(t::text, 0)), 0)::text from %s t',
                            p_table)
    into row_count, checksum;
end
$$;

ALTER FUNCTION vigil_api.table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text) OWNER TO postgres;

--
-- Name: FUNCTION table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text) IS 'Rows and an order-free content checksum of a table (the sum of a 64-bit hash of each row''s text, with the session
settings that shape that text pinned). Backups compute it inside their snapshot and restores compare with it. Reads
what the caller may read. Example: select * from vigil_api.table_checksum(''public.orders'');';

--
-- Name: timeseries(uuid, text, timestamp with time zone, timestamp with time zone, interval, text, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now(), p_bucket interval DEFAULT '00:05:00'::interval, p_name text DEFAULT NULL::text, p_kind text DEFAULT NULL::text) RETURNS TABLE(bucket_start timestamp with time zone, value double precision, count bigint, errors bigint, error_rate double precision, p50_ms double precision, p95_ms double precision, p99_ms double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET jit TO 'off'
    AS $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_metric is null or p_metric not in ('count', 'errors', 'error_rate', 'success_rate', 'avg_ms',
                                          'latency_p50', 'latency_p95', 'latency_p99') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('Unknown metric %s: use count, errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95 or latency_p99.',
                                  coalesce(pg_catalog.quote_literal(p_metric), 'null'));
  end if;
  if p_bucket is null or p_bucket <= interval '0' then
    raise exception using errcode = '22023', message = 'bucket must be a positive interval.';
  end if;
  if extract(epoch from p_until - p_since) / extract(epoch from p_bucket) > 5000 then
    raise exception using errcode = '22023', message = 'A series holds at most 5000 buckets: widen the bucket or narrow the window.';
  end if;

  return query
  with slots as (
    select g as s from pg_catalog.generate_series(p_since, p_until - interval '1 microsecond', p_bucket) g
  ), st as (
    select * from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, p_bucket, false)
  )
  select sl.s,
         case p_metric
           when 'count' then coalesce(st.count, 0)::double precision
           when 'errors' then coalesce(st.errors, 0)::double precision
           when 'error_rate' then case when st.count > 0 then st.errors::double precision / st.count else 0 end
           when 'success_rate' then case when st.count > 0 then 1 - st.errors::double precision / st.count end
           when 'avg_ms' then st.avg_ms
           when 'latency_p50' then st.p50_ms
           when 'latency_p95' then st.p95_ms
           when 'latency_p99' then st.p99_ms
         end,
         coalesce(st.count, 0), coalesce(st.errors, 0),
         case when st.count > 0 then st.errors::double precision / st.count else 0 end,
         st.p50_ms, st.p95_ms, st.p99_ms
  from slots sl left join st on st.slot_start = sl.s
  order by sl.s;
end
$$;

ALTER FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text) OWNER TO postgres;

--
-- Name: FUNCTION timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text) IS 'A series over [p_since, p_until) in buckets of p_bucket starting at p_since (at most 5000): value is p_metric (count,
errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95, latency_p99), next to count, errors, error rate and
p50/p95/p99 ms. Empty buckets are present with count 0 (latencies null). Optional p_name / p_kind filters. Buckets that
are whole multiples of 5 minutes from a 5-minute-aligned start are served from rollups; others from raw events.
Viewers and up, or the service role.';

--
-- Name: track(uuid, text, text, double precision, boolean, jsonb, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision DEFAULT NULL::double precision, p_success boolean DEFAULT NULL::boolean, p_attributes jsonb DEFAULT NULL::jsonb, p_event jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select vigil._track(p_tenant, coalesce(p_event, '{}'::jsonb) || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
    'kind', p_kind, 'name', p_name, 'duration_ms', p_duration_ms, 'success', p_success, 'attributes', p_attributes)))
$$;

ALTER FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb) OWNER TO postgres;

--
-- Name: FUNCTION track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb) IS 'Records one event for a tenant without an ingest key: for the service role and tenant members. p_event may carry
any other event field (occurred_at, status_code, error_type, ...). An invalid event raises 22023 with the reason.
Example: select vigil_api.track(''<tenant>'', ''operation'', ''checkout'', 182.5, true);';

--
-- Name: unregister_view(text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.unregister_view(p_view text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator may unregister views.');
  delete from vigil.materialized_views m where m.view::text = p_view or m.view = pg_catalog.to_regclass(p_view);
  return found;
end
$$;

ALTER FUNCTION vigil_api.unregister_view(p_view text) OWNER TO postgres;

--
-- Name: FUNCTION unregister_view(p_view text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.unregister_view(p_view text) IS 'Stops maintenance refreshing a view; true if it was registered.';

--
-- Name: unschedule(); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.unschedule() RETURNS boolean
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select vigil._unschedule() $$;

ALTER FUNCTION vigil_api.unschedule() OWNER TO postgres;

--
-- Name: FUNCTION unschedule(); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.unschedule() IS 'Removes the vigil-maintenance pg_cron job; true if there was one. Service role and database sessions only.';

--
-- Name: update_alert_channel(uuid, jsonb, text, boolean); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb DEFAULT NULL::jsonb, p_secret_name text DEFAULT NULL::text, p_enabled boolean DEFAULT NULL::boolean) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  v_row vigil.alert_channels;
begin
  select * into v_row from vigil.alert_channels where id = p_channel;
  perform vigil._require_owner(v_row.tenant_id, 'admin', 'channel');
  if p_config is not null then
    perform vigil._check_channel(v_row.type, p_config);
  end if;
  if p_secret_name is not null then
    perform vigil._check_secret_name(p_secret_name);
  end if;
  update vigil.alert_channels
  set config = coalesce(p_config, config), secret_name = coalesce(p_secret_name, secret_name),
      enabled = coalesce(p_enabled, enabled)
  where id = p_channel
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
end
$$;

ALTER FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean) OWNER TO postgres;

--
-- Name: FUNCTION update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean) IS 'Changes a channel''s config, secret name or enabled flag (tenant admins). Null arguments keep the current value.';

--
-- Name: update_alert_rule(uuid, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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

ALTER FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) OWNER TO postgres;

--
-- Name: FUNCTION update_alert_rule(p_rule uuid, p_changes jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) IS 'Changes the given fields of a rule (tenant admins), with the same fields and checks as create_alert_rule.';

--
-- Name: update_incident(uuid, text, text, text); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  perform vigil._require_owner_of('vigil.incidents', p_incident, 'operator', 'incident');
  return vigil._incident_update(p_incident, p_status, p_message, p_impact, pg_catalog.now(), auth.uid());
end
$$;

ALTER FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text) OWNER TO postgres;

--
-- Name: FUNCTION update_incident(p_incident uuid, p_status text, p_message text, p_impact text); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text) IS 'Adds an update to an incident and moves it to p_status (operators and admins); resolved closes it.';

--
-- Name: update_monitor(uuid, jsonb); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  m vigil.monitors;
begin
  perform vigil._require_owner_of('vigil.monitors', p_monitor, 'admin', 'monitor');
  select * into m from vigil.monitors where id = p_monitor;
  if p_changes ? 'type' and p_changes ->> 'type' is distinct from m.type then
    raise exception using errcode = '22023', message = 'type cannot change: create another monitor.';
  end if;
  return vigil._save_monitor(vigil._apply_monitor_json(m, p_changes), null);
end
$$;

ALTER FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) OWNER TO postgres;

--
-- Name: FUNCTION update_monitor(p_monitor uuid, p_changes jsonb); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) IS 'Changes fields of a monitor (tenant admins), as create_monitor takes them; paused: true pauses it. Its state and history stay.';

--
-- Name: view_status(timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.view_status(p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(view text, refresh_interval interval, last_refreshed_at timestamp with time zone, last_duration_ms double precision, last_concurrently boolean, last_error text, stale boolean)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select m.view::text, m.refresh_interval, m.last_refreshed_at, m.last_duration_ms, m.last_concurrently, m.last_error,
         m.enabled and (m.last_error is not null or coalesce(m.last_refreshed_at, m.registered_at) < p_now - 2 * m.refresh_interval)
  from vigil.materialized_views m order by m.view::text;
$$;

ALTER FUNCTION vigil_api.view_status(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION view_status(p_now timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.view_status(p_now timestamp with time zone) IS 'Each registered view: when it was last refreshed, how long it took, its last error and whether it is stale. Service role and vigil-system members.';

--
-- Name: web_vitals(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vigil_api; Owner: postgres
--

CREATE FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone DEFAULT now()) RETURNS TABLE(name text, count bigint, p75 double precision, rating text, good double precision, needs_improvement double precision, poor double precision, good_threshold double precision, poor_threshold double precision)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$ select * from vigil._web_vitals(p_tenant, p_since, p_until) $$;

ALTER FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: COMMENT; Schema: vigil_api; Owner: postgres
--

COMMENT ON FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) IS 'Core Web Vitals in [p_since, p_until): one row per vital (LCP, INP, CLS, FCP, TTFB; ms except CLS) with the count,
the p75 (the value Google rates a page by), its rating (good / needs-improvement / poor at LCP 2500/4000, INP 200/500,
CLS 0.1/0.25, FCP 1800/3000, TTFB 800/1800) and the share of samples in each rating. Viewers and up, or the service role.';

--
-- Name: alert_channels; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_channels (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    secret_name text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT alert_channels_config_check CHECK ((jsonb_typeof(config) = 'object'::text)),
    CONSTRAINT alert_channels_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT alert_channels_secret_name_check CHECK ((secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'::text)),
    CONSTRAINT alert_channels_type_check CHECK ((type = ANY (ARRAY['email'::text, 'slack'::text, 'sms'::text, 'webhook'::text, 'pagerduty'::text])))
);

ALTER TABLE vigil.alert_channels OWNER TO postgres;

--
-- Name: TABLE alert_channels; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_channels IS 'Alert destinations of a tenant. Holds no secret: secret_name names an environment variable of the send-alert function (or a Supabase Vault secret) that holds it.';

--
-- Name: COLUMN alert_channels.config; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_channels.config IS 'Non-secret settings: email {to, from}; sms {to, from, account_sid}; webhook {url}; slack {} ; pagerduty {source?}.';

--
-- Name: COLUMN alert_channels.secret_name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_channels.secret_name IS 'Name of the secret (env var or Vault secret), never its value: Resend API key, Slack webhook URL, Twilio auth token, webhook signing secret or PagerDuty routing key. The VIGIL_ prefix keeps channels away from the function''s other secrets.';

--
-- Name: alert_delivery_attempts; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_delivery_attempts (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    notification_id bigint NOT NULL,
    attempt integer NOT NULL,
    at timestamp with time zone NOT NULL,
    outcome text NOT NULL,
    status_code integer,
    error text,
    duration_ms double precision,
    CONSTRAINT alert_delivery_attempts_outcome_check CHECK ((outcome = ANY (ARRAY['delivered'::text, 'retry'::text, 'permanent'::text, 'refused'::text])))
);

ALTER TABLE vigil.alert_delivery_attempts OWNER TO postgres;

--
-- Name: TABLE alert_delivery_attempts; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_delivery_attempts IS 'Every delivery attempt: HTTP status, error, duration, and whether it was delivered, will be retried or failed for good. refused: the outbound guard refused the address and no request was sent.';

--
-- Name: COLUMN alert_delivery_attempts.error; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_delivery_attempts.error IS 'Why it failed, with at most the first 300 characters of what the receiver answered.';

--
-- Name: alert_delivery_attempts_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.alert_delivery_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.alert_delivery_attempts_id_seq OWNER TO postgres;

--
-- Name: alert_delivery_attempts_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.alert_delivery_attempts_id_seq OWNED BY vigil.alert_delivery_attempts.id;

--
-- Name: alert_history; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_history (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    alert_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    value double precision,
    event_count bigint,
    at timestamp with time zone NOT NULL,
    actor uuid,
    note text
);

ALTER TABLE vigil.alert_history OWNER TO postgres;

--
-- Name: TABLE alert_history; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_history IS 'Every state transition of every alert, with the metric value that caused it, and operator actions (acknowledge, resolve) with who did them.';

--
-- Name: COLUMN alert_history.actor; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_history.actor IS 'The user who acknowledged or resolved; null for evaluation.';

--
-- Name: COLUMN alert_history.note; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_history.note IS 'Why: the metric error, a mute that held a notification back, an operator''s comment.';

--
-- Name: alert_history_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.alert_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.alert_history_id_seq OWNER TO postgres;

--
-- Name: alert_history_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.alert_history_id_seq OWNED BY vigil.alert_history.id;

--
-- Name: alert_metrics; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_metrics (
    name text NOT NULL,
    fn text,
    returns_series boolean DEFAULT false NOT NULL,
    unit text DEFAULT 'number'::text NOT NULL,
    description text NOT NULL,
    scope text DEFAULT 'tenant'::text NOT NULL,
    CONSTRAINT alert_metrics_check CHECK (((fn IS NOT NULL) OR (NOT returns_series))),
    CONSTRAINT alert_metrics_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text)),
    CONSTRAINT alert_metrics_scope_check CHECK ((scope = ANY (ARRAY['tenant'::text, 'system'::text]))),
    CONSTRAINT alert_metrics_unit_check CHECK ((unit = ANY (ARRAY['ratio'::text, 'ms'::text, 'count'::text, 'burn'::text, 'number'::text, 'percent'::text])))
);

ALTER TABLE vigil.alert_metrics OWNER TO postgres;

--
-- Name: TABLE alert_metrics; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_metrics IS 'What an alert rule can measure. Built-in metrics (fn null) are computed by vigil.evaluate_alerts from vigil.window_stats; a custom metric is a registered SQL function, so "stuck orders" or "payment failures" plug in without changing Vigil.';

--
-- Name: COLUMN alert_metrics.fn; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_metrics.fn IS 'Custom metrics only, the function''s signature as text: fn(p_tenant uuid, p_window tstzrange) returns numeric (one series; null means no data), or, when returns_series, returns table(labels jsonb, value numeric) (one series per labels object). Resolved when rules run; a dropped function puts its rules in error.';

--
-- Name: COLUMN alert_metrics.unit; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_metrics.unit IS 'How notifications format values: ratio (shown as a percentage), ms, count, burn (an SLO burn rate), number or percent.';

--
-- Name: COLUMN alert_metrics.scope; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_metrics.scope IS 'tenant: measured per tenant (most metrics). system: a fact about the whole database (heartbeat_missing, db_connections_pct, ...), whose rules live on the vigil-system tenant only, since app tenants may not read those facts.';

--
-- Name: alert_mute_windows; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_mute_windows (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    matchers jsonb DEFAULT '{}'::jsonb NOT NULL,
    weekdays smallint[] DEFAULT '{1,2,3,4,5,6,7}'::smallint[] NOT NULL,
    start_time time without time zone NOT NULL,
    end_time time without time zone NOT NULL,
    time_zone text DEFAULT 'UTC'::text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT alert_mute_windows_matchers_check CHECK ((jsonb_typeof(matchers) = 'object'::text)),
    CONSTRAINT alert_mute_windows_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT alert_mute_windows_weekdays_check CHECK (((weekdays <@ '{1,2,3,4,5,6,7}'::smallint[]) AND (cardinality(weekdays) > 0)))
);

ALTER TABLE vigil.alert_mute_windows OWNER TO postgres;

--
-- Name: TABLE alert_mute_windows; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_mute_windows IS 'Recurring mute windows (nights, weekends, a weekly deploy slot): matching notifications are held back while one is open. Evaluation goes on.';

--
-- Name: COLUMN alert_mute_windows.weekdays; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_mute_windows.weekdays IS 'ISO days of week (1 = Monday .. 7 = Sunday) on which the window opens, in time_zone.';

--
-- Name: COLUMN alert_mute_windows.end_time; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_mute_windows.end_time IS 'When end_time <= start_time the window runs past midnight into the next day.';

--
-- Name: alert_notifications; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_notifications (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    alert_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    channel_id uuid NOT NULL,
    kind text NOT NULL,
    seq integer NOT NULL,
    dedup_key text NOT NULL,
    payload jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    lease_until timestamp with time zone,
    claim_token uuid,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    dead_at timestamp with time zone,
    last_error text,
    CONSTRAINT alert_notifications_kind_check CHECK ((kind = ANY (ARRAY['firing'::text, 'resolved'::text, 'reminder'::text, 'acknowledged'::text]))),
    CONSTRAINT alert_notifications_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'retrying'::text, 'delivered'::text, 'dead'::text])))
);

ALTER TABLE vigil.alert_notifications OWNER TO postgres;

--
-- Name: TABLE alert_notifications; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_notifications IS 'The outbox: one row per notification and channel, claimed by the send-alert function with for update skip locked. dead means given up after the retry limit or a permanent error.';

--
-- Name: COLUMN alert_notifications.payload; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_notifications.payload IS 'Everything a channel needs to render the message: rule, severity, state, value, threshold, labels, link. No secret.';

--
-- Name: COLUMN alert_notifications.lease_until; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_notifications.lease_until IS 'A claimed (sending) row whose lease passed is claimable again: the sender died mid-way.';

--
-- Name: COLUMN alert_notifications.claim_token; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_notifications.claim_token IS 'New at every claim: only the sender holding the current token may record a result, so a sender whose lease passed and whose row was claimed again cannot overwrite it.';

--
-- Name: alert_notifications_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.alert_notifications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.alert_notifications_id_seq OWNER TO postgres;

--
-- Name: alert_notifications_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.alert_notifications_id_seq OWNED BY vigil.alert_notifications.id;

--
-- Name: alert_silences; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.alert_silences (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    matchers jsonb DEFAULT '{}'::jsonb NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    comment text,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT alert_silences_check CHECK ((ends_at > starts_at)),
    CONSTRAINT alert_silences_matchers_check CHECK ((jsonb_typeof(matchers) = 'object'::text))
);

ALTER TABLE vigil.alert_silences OWNER TO postgres;

--
-- Name: TABLE alert_silences; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.alert_silences IS 'Time-boxed silences: notifications of matching alerts are held back between starts_at and ends_at. Evaluation and history go on.';

--
-- Name: COLUMN alert_silences.matchers; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.alert_silences.matchers IS 'Equality matchers, all of which must hold: rule_id, rule (name), severity, metric, or any rule or series label (name for grouped series). {} matches every alert of the tenant.';

--
-- Name: all_rollups; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.all_rollups (
    tenant_id uuid NOT NULL,
    grain smallint NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    kind text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    count bigint NOT NULL,
    errors bigint NOT NULL,
    timed bigint NOT NULL,
    sum_ms double precision NOT NULL,
    min_ms double precision,
    max_ms double precision,
    hist_keys smallint[] NOT NULL,
    hist_counts integer[] NOT NULL,
    coarse_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    coarse_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    coarse_starts integer[] DEFAULT '{}'::integer[] NOT NULL,
    fail_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    fail_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    error_types jsonb DEFAULT '{}'::jsonb NOT NULL,
    valued bigint DEFAULT 0 NOT NULL,
    sum_value double precision DEFAULT 0 NOT NULL,
    min_value double precision,
    max_value double precision,
    value_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    value_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    CONSTRAINT all_rollups_grain_check CHECK ((grain = ANY (ARRAY[1, 5, 15, 60, 360])))
)
PARTITION BY LIST (name);

ALTER TABLE vigil.all_rollups OWNER TO postgres;

--
-- Name: TABLE all_rollups; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.all_rollups IS 'Rollup rows of both parts: vigil.rollups (per kind and name) and vigil.kind_rollups (per kind, name '''').';

--
-- Name: COLUMN all_rollups.grain; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.grain IS 'Bucket width in minutes: 1 (the last vigil.rollup_state.minute_horizon only), 5, 15, 60 or 360. A window is tiled by the coarsest that fit.';

--
-- Name: COLUMN all_rollups.name; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.name IS 'The event name; '''' in vigil.kind_rollups, whose rows cover every name of the kind.';

--
-- Name: COLUMN all_rollups.timed; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.timed IS 'Events that carried a duration_ms; the histogram and sum_ms cover only these.';

--
-- Name: COLUMN all_rollups.hist_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.hist_keys IS 'Sorted latency histogram buckets (see vigil._hist_key); parallel to hist_counts.';

--
-- Name: COLUMN all_rollups.coarse_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.coarse_keys IS 'The histogram one level up (see vigil._hist_coarse): coarse_counts per coarse bucket, coarse_starts where it begins in hist_keys.';

--
-- Name: COLUMN all_rollups.fail_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.fail_keys IS 'The latency histogram of the failed events alone (parallel to fail_counts): with it an SLO can count slow successes without counting a slow failure twice.';

--
-- Name: COLUMN all_rollups.error_types; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.error_types IS 'Failed events by error_type ({"TimeoutError": 3}); "unknown" when the event had none.';

--
-- Name: COLUMN all_rollups.valued; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.valued IS 'Events that carried a value; sum_value, min_value, max_value and the value histogram cover only these.';

--
-- Name: COLUMN all_rollups.value_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.all_rollups.value_keys IS 'Sorted signed value histogram buckets (see vigil._value_key); parallel to value_counts.';

--
-- Name: backup_files; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.backup_files (
    backup_id bigint NOT NULL,
    path text NOT NULL,
    table_name text NOT NULL,
    part integer NOT NULL,
    row_count bigint NOT NULL,
    byte_count bigint NOT NULL,
    sha256 text NOT NULL,
    CONSTRAINT backup_files_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE vigil.backup_files OWNER TO postgres;

--
-- Name: TABLE backup_files; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.backup_files IS 'Each part file of a backup, as its manifest lists it: rows, compressed bytes and sha256.';

--
-- Name: backups_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.backups ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.backups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: cron_job_watch; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.cron_job_watch (
    jobid bigint NOT NULL,
    jobname text,
    first_seen_at timestamp with time zone NOT NULL,
    missing_since timestamp with time zone
);

ALTER TABLE vigil.cron_job_watch OWNER TO postgres;

--
-- Name: TABLE cron_job_watch; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.cron_job_watch IS 'What the scheduler watch knows of each pg_cron job: when it first saw it (a new job is not missing yet) and since when its expected run is missing.';

--
-- Name: COLUMN cron_job_watch.missing_since; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.cron_job_watch.missing_since IS 'Set when the job has not started for three of its periods; one event is recorded then, not one per run.';

--
-- Name: dashboard_cards; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.dashboard_cards (
    name text NOT NULL,
    fn text NOT NULL,
    "position" integer NOT NULL,
    description text NOT NULL,
    CONSTRAINT dashboard_cards_fn_signature CHECK ((fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(uuid, ?timestamptz, ?timestamptz\)$'::text)),
    CONSTRAINT dashboard_cards_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text))
);

ALTER TABLE vigil.dashboard_cards OWNER TO postgres;

--
-- Name: TABLE dashboard_cards; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.dashboard_cards IS 'Status cards of the console after its own (errors, error rate, p95, alerts), by position. fn(p_tenant uuid, p_since
timestamptz, p_until timestamptz) returns jsonb: one card {"name", "title", "value", "unit", "status": ok|warn|bad|none,
"detail", "at"?}, or null when it has nothing to show the caller. dashboard() runs each in its own subtransaction, so a
failing card shows as an error card and never fails the page. Written by migrations only.';

--
-- Name: COLUMN dashboard_cards.fn; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.dashboard_cards.fn IS 'The card function''s schema-qualified signature, as text: (uuid, timestamptz, timestamptz). Resolved when the page is built.';

--
-- Name: dashboard_markers; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.dashboard_markers (
    name text NOT NULL,
    fn text NOT NULL,
    description text NOT NULL,
    CONSTRAINT dashboard_markers_fn_signature CHECK ((fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(uuid, ?timestamptz, ?timestamptz\)$'::text)),
    CONSTRAINT dashboard_markers_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text))
);

ALTER TABLE vigil.dashboard_markers OWNER TO postgres;

--
-- Name: TABLE dashboard_markers; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.dashboard_markers IS 'Sources of marks on the console''s time axis. fn(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns
table(at timestamptz, kind text, label text, severity text, ref jsonb). Each source runs in its own subtransaction;
one that fails is named in the answer''s marker_errors and the others still show. Written by migrations only.';

--
-- Name: COLUMN dashboard_markers.fn; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.dashboard_markers.fn IS 'The marker function''s schema-qualified signature, as text: (uuid, timestamptz, timestamptz).';

--
-- Name: default_alert_rules; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.default_alert_rules (
    name text NOT NULL,
    rule jsonb NOT NULL,
    "position" integer DEFAULT 100 NOT NULL,
    CONSTRAINT default_alert_rules_rule_check CHECK ((jsonb_typeof(rule) = 'object'::text))
);

ALTER TABLE vigil.default_alert_rules OWNER TO postgres;

--
-- Name: TABLE default_alert_rules; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.default_alert_rules IS 'Templates install_default_rules copies into a tenant: a create_alert_rule definition each (without channels). Add a row to ship another default.';

--
-- Name: deploy_actions; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deploy_actions (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    target_id uuid NOT NULL,
    deployment_id uuid NOT NULL,
    kind text NOT NULL,
    to_deployment_id uuid,
    phase text DEFAULT 'request'::text NOT NULL,
    poll_until timestamp with time zone,
    reason text,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    lease_until timestamp with time zone,
    claim_token uuid,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    dead_at timestamp with time zone,
    last_error text,
    result jsonb,
    CONSTRAINT deploy_actions_kind_check CHECK ((kind = ANY (ARRAY['rollback'::text, 'smoke'::text]))),
    CONSTRAINT deploy_actions_phase_check CHECK ((phase = ANY (ARRAY['request'::text, 'poll'::text]))),
    CONSTRAINT deploy_actions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'retrying'::text, 'delivered'::text, 'dead'::text])))
);

ALTER TABLE vigil.deploy_actions OWNER TO postgres;

--
-- Name: TABLE deploy_actions; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deploy_actions IS 'The outbox of provider calls (rollbacks, smoke checks), claimed by the deploy function with for update skip locked and a lease, like alert notifications. delivered: done; dead: given up.';

--
-- Name: COLUMN deploy_actions.phase; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.deploy_actions.phase IS 'request: the call is still to be made; poll: the provider accepted it and its job is asked about until it ends (Vercel rollbacks).';

--
-- Name: deploy_actions_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.deploy_actions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.deploy_actions_id_seq OWNER TO postgres;

--
-- Name: deploy_actions_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.deploy_actions_id_seq OWNED BY vigil.deploy_actions.id;

--
-- Name: deploy_key_usage; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deploy_key_usage (
    key_id uuid NOT NULL,
    minute timestamp with time zone NOT NULL,
    events integer NOT NULL
);

ALTER TABLE vigil.deploy_key_usage OWNER TO postgres;

--
-- Name: TABLE deploy_key_usage; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deploy_key_usage IS 'Reports per deploy key and minute, for its per-minute budget. Pruned by the deploy_watch step.';

--
-- Name: deploy_keys; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deploy_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    target_id uuid NOT NULL,
    name text DEFAULT 'ci'::text NOT NULL,
    key_prefix text NOT NULL,
    key_hash bytea NOT NULL,
    previous_key_hash bytea,
    previous_valid_until timestamp with time zone,
    reports_per_minute integer DEFAULT 60 NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    rotated_at timestamp with time zone,
    disabled_at timestamp with time zone,
    CONSTRAINT deploy_keys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT deploy_keys_reports_per_minute_check CHECK (((reports_per_minute >= 1) AND (reports_per_minute <= 10000)))
);

ALTER TABLE vigil.deploy_keys OWNER TO postgres;

--
-- Name: TABLE deploy_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deploy_keys IS 'Keys CI reports deployments and smoke results with, one target each. Shown once at creation, stored only as a hash.';

--
-- Name: deploy_webhook_deliveries; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deploy_webhook_deliveries (
    tenant_id uuid NOT NULL,
    target_id uuid NOT NULL,
    webhook_id text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    type text
);

ALTER TABLE vigil.deploy_webhook_deliveries OWNER TO postgres;

--
-- Name: TABLE deploy_webhook_deliveries; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deploy_webhook_deliveries IS 'Provider webhook ids already received, so a repeated one changes nothing. Pruned after 7 days by deploy_watch.';

--
-- Name: deployment_history; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.deployment_history (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    deployment_id uuid NOT NULL,
    from_status text,
    to_status text NOT NULL,
    at timestamp with time zone NOT NULL,
    actor text,
    note text
);

ALTER TABLE vigil.deployment_history OWNER TO postgres;

--
-- Name: TABLE deployment_history; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.deployment_history IS 'Every status a deployment entered, when, by whom or what, and why.';

--
-- Name: deployment_history_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.deployment_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.deployment_history_id_seq OWNER TO postgres;

--
-- Name: deployment_history_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.deployment_history_id_seq OWNED BY vigil.deployment_history.id;

--
-- Name: error_group_seen; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.error_group_seen (
    tenant_id uuid NOT NULL,
    fingerprint text NOT NULL,
    first_seen timestamp with time zone NOT NULL,
    first_release text,
    last_seen timestamp with time zone NOT NULL,
    last_release text,
    events bigint NOT NULL
);

ALTER TABLE vigil.error_group_seen OWNER TO postgres;

--
-- Name: TABLE error_group_seen; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.error_group_seen IS 'Per error group: first and last seen (with their releases) and events counted, over every folded event. Written by vigil.fold_rollups; error_groups combines it with the raw events of its window.';

--
-- Name: error_group_states; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.error_group_states (
    tenant_id uuid NOT NULL,
    fingerprint text NOT NULL,
    resolved_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_release text,
    resolved_by uuid
);

ALTER TABLE vigil.error_group_states OWNER TO postgres;

--
-- Name: TABLE error_group_states; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.error_group_states IS 'Resolved error groups. A group without a row is unresolved; one whose events come back after resolved_at in a release other than resolved_release is regressed.';

--
-- Name: COLUMN error_group_states.resolved_release; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.error_group_states.resolved_release IS 'The release the fix shipped in; events of this release after resolution do not count as a regression (old clients still running it).';

--
-- Name: events; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.events (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    kind text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    duration_ms double precision,
    value double precision,
    success boolean DEFAULT true NOT NULL,
    status_code smallint,
    error_type text,
    error_message text,
    fingerprint text,
    user_id text,
    session_id text,
    trace_id text,
    release text,
    environment text,
    source text,
    attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['operation'::text, 'api_call'::text, 'page_view'::text, 'error'::text, 'user_action'::text, 'web_vital'::text, 'milestone'::text, 'cache'::text, 'fallback'::text, 'log'::text, 'db_metric'::text, 'custom'::text])))
)
PARTITION BY RANGE (occurred_at);

ALTER TABLE vigil.events OWNER TO postgres;

--
-- Name: TABLE events; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.events IS 'Raw events, one partition per UTC day (events_pYYYYMMDD). No foreign key to tenants: the ingest path has already checked the tenant, and a per-row check would cost every insert.';

--
-- Name: COLUMN events.kind; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.events.kind IS 'operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric or custom.';

--
-- Name: COLUMN events.received_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.events.received_at IS 'When Vigil stored the event; occurred_at is when it happened at the source.';

--
-- Name: COLUMN events.value; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.events.value IS 'A measured value that is not a duration: a web vital''s score, a gauge, a count.';

--
-- Name: COLUMN events.fingerprint; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.events.fingerprint IS 'Groups errors; given by the client or derived from type, message and top stack frame.';

--
-- Name: COLUMN events.attributes; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.events.attributes IS 'Free-form context, a JSON object of at most 8 KB.';

--
-- Name: events_derived; Type: VIEW; Schema: vigil; Owner: postgres
--

CREATE VIEW vigil.events_derived WITH (security_invoker='true') AS
 SELECT x.id,
    x.tenant_id,
    x.kind,
    x.name,
    x.occurred_at,
    x.received_at,
    x.duration_ms,
    x.value,
    x.success,
    x.status_code,
    x.error_type,
    x.error_message,
    x.fingerprint,
    x.user_id,
    x.session_id,
    x.trace_id,
    x.release,
    x.environment,
    x.source,
    x.attributes,
    x.inserted_by,
    x.hist_key,
    x.value_key,
    x.is_error,
        CASE
            WHEN x.is_error THEN vigil.error_fingerprint(x.fingerprint, x.name, x.error_type, x.error_message, (x.attributes ->> 'stack'::text))
            ELSE NULL::text
        END AS error_group
   FROM ( SELECT e.id,
            e.tenant_id,
            e.kind,
            e.name,
            e.occurred_at,
            e.received_at,
            e.duration_ms,
            e.value,
            e.success,
            e.status_code,
            e.error_type,
            e.error_message,
            e.fingerprint,
            e.user_id,
            e.session_id,
            e.trace_id,
            e.release,
            e.environment,
            e.source,
            e.attributes,
            e.xmin AS inserted_by,
                CASE
                    WHEN (e.duration_ms IS NULL) THEN NULL::smallint
                    WHEN (e.duration_ms < (0.001)::double precision) THEN (- (400)::smallint)
                    ELSE (ceil((ln(e.duration_ms) / (0.0198026272961797)::double precision)))::smallint
                END AS hist_key,
                CASE
                    WHEN (e.value IS NULL) THEN NULL::smallint
                    WHEN (abs(e.value) < (0.001)::double precision) THEN (0)::smallint
                    ELSE ((sign(e.value) * LEAST((ceil((ln(abs(e.value)) / (0.0198026272961797)::double precision)) + (400)::double precision), (32767)::double precision)))::smallint
                END AS value_key,
            ((e.kind = 'error'::text) OR ((NOT e.success) AND (e.error_type IS NOT NULL))) AS is_error
           FROM vigil.events e) x;

ALTER TABLE vigil.events_derived OWNER TO postgres;

--
-- Name: VIEW events_derived; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON VIEW vigil.events_derived IS 'vigil.events with what readers derive from each event: hist_key (the latency histogram bucket, as vigil._hist_key), value_key (the signed value histogram bucket, as vigil._value_key), is_error, error_group (the fingerprint of an error, as vigil.error_fingerprint; null for other events) and inserted_by (the xmin of the row).';

--
-- Name: events_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

CREATE SEQUENCE vigil.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER TABLE vigil.events_id_seq OWNER TO postgres;

--
-- Name: events_id_seq; Type: SEQUENCE OWNED BY; Schema: vigil; Owner: postgres
--

ALTER SEQUENCE vigil.events_id_seq OWNED BY vigil.events.id;

--
-- Name: SEQUENCE events_id_seq; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON SEQUENCE vigil.events_id_seq IS 'Event ids, in insertion order (PostgreSQL 15 has no identity columns on partitioned tables).';

--
-- Name: heal_runs_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.heal_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.heal_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: heartbeat_pings; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.heartbeat_pings (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    monitor_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    signal text NOT NULL,
    exit_status integer,
    body text,
    duration_ms double precision,
    CONSTRAINT heartbeat_pings_body_check CHECK ((length(body) <= 1000)),
    CONSTRAINT heartbeat_pings_signal_check CHECK ((signal = ANY (ARRAY['success'::text, 'start'::text, 'fail'::text, 'exit'::text])))
);

ALTER TABLE vigil.heartbeat_pings OWNER TO postgres;

--
-- Name: TABLE heartbeat_pings; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.heartbeat_pings IS 'Pings received by heartbeat monitors, with the first 1,000 characters of their body. Pruned after 30 days by the heartbeats step.';

--
-- Name: heartbeat_pings_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.heartbeat_pings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.heartbeat_pings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: incident_updates; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.incident_updates (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    incident_id uuid NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    status text NOT NULL,
    message text NOT NULL,
    created_by uuid,
    CONSTRAINT incident_updates_message_check CHECK (((length(message) >= 1) AND (length(message) <= 5000))),
    CONSTRAINT incident_updates_status_check CHECK ((status = ANY (ARRAY['investigating'::text, 'identified'::text, 'monitoring'::text, 'resolved'::text])))
);

ALTER TABLE vigil.incident_updates OWNER TO postgres;

--
-- Name: TABLE incident_updates; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.incident_updates IS 'The timeline of an incident: each status change with its message.';

--
-- Name: incident_updates_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.incident_updates ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.incident_updates_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: incidents; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.incidents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    title text NOT NULL,
    status text DEFAULT 'investigating'::text NOT NULL,
    impact text DEFAULT 'major'::text NOT NULL,
    monitor_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    alert_id uuid,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    created_by uuid,
    CONSTRAINT incidents_impact_check CHECK ((impact = ANY (ARRAY['none'::text, 'minor'::text, 'major'::text, 'critical'::text]))),
    CONSTRAINT incidents_status_check CHECK ((status = ANY (ARRAY['investigating'::text, 'identified'::text, 'monitoring'::text, 'resolved'::text]))),
    CONSTRAINT incidents_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200)))
);

ALTER TABLE vigil.incidents OWNER TO postgres;

--
-- Name: TABLE incidents; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.incidents IS 'Incidents shown on status pages: opened by operators, or automatically when a monitor_down alert fires (alert_id set), which its recovery resolves.';

--
-- Name: ingest_keys; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.ingest_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    name text DEFAULT 'default'::text NOT NULL,
    key_prefix text NOT NULL,
    key_hash bytea NOT NULL,
    previous_key_hash bytea,
    previous_valid_until timestamp with time zone,
    allowed_kinds text[],
    events_per_minute integer DEFAULT 6000 NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    rotated_at timestamp with time zone,
    disabled_at timestamp with time zone,
    CONSTRAINT ingest_keys_events_per_minute_check CHECK (((events_per_minute >= 1) AND (events_per_minute <= 10000000))),
    CONSTRAINT ingest_keys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

ALTER TABLE vigil.ingest_keys OWNER TO postgres;

--
-- Name: TABLE ingest_keys; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.ingest_keys IS 'Public ingest keys. The key itself is shown once at creation and stored only as a hash.';

--
-- Name: COLUMN ingest_keys.key_prefix; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.ingest_keys.key_prefix IS 'The first characters of the key, to tell keys apart in a list.';

--
-- Name: COLUMN ingest_keys.previous_key_hash; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.ingest_keys.previous_key_hash IS 'After a rotation with a grace period, the old key''s hash, valid until previous_valid_until.';

--
-- Name: COLUMN ingest_keys.allowed_kinds; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.ingest_keys.allowed_kinds IS 'Event kinds this key may send; null allows every kind.';

--
-- Name: COLUMN ingest_keys.events_per_minute; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.ingest_keys.events_per_minute IS 'Budget: a batch that would take the key over it within the current minute is refused whole.';

--
-- Name: ingest_usage; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.ingest_usage (
    key_id uuid NOT NULL,
    minute timestamp with time zone NOT NULL,
    events integer NOT NULL
);

ALTER TABLE vigil.ingest_usage OWNER TO postgres;

--
-- Name: TABLE ingest_usage; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.ingest_usage IS 'Events received per ingest key and minute, for the per-minute budget. Pruned by maintenance.';

--
-- Name: job_items; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.job_items (
    job_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    item_key text NOT NULL,
    status text NOT NULL,
    error text,
    attempts integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_items_item_key_check CHECK (((length(item_key) >= 1) AND (length(item_key) <= 500))),
    CONSTRAINT job_items_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'success'::text, 'failed'::text, 'skipped'::text])))
);

ALTER TABLE vigil.job_items OWNER TO postgres;

--
-- Name: TABLE job_items; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.job_items IS 'One row per item a job touched: its latest status and error. Recording an item again updates it and counts an attempt.';

--
-- Name: kind_rollups; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.kind_rollups (
    tenant_id uuid NOT NULL,
    grain smallint NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    kind text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    count bigint NOT NULL,
    errors bigint NOT NULL,
    timed bigint NOT NULL,
    sum_ms double precision NOT NULL,
    min_ms double precision,
    max_ms double precision,
    hist_keys smallint[] NOT NULL,
    hist_counts integer[] NOT NULL,
    coarse_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    coarse_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    coarse_starts integer[] DEFAULT '{}'::integer[] NOT NULL,
    fail_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    fail_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    error_types jsonb DEFAULT '{}'::jsonb NOT NULL,
    valued bigint DEFAULT 0 NOT NULL,
    sum_value double precision DEFAULT 0 NOT NULL,
    min_value double precision,
    max_value double precision,
    value_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    value_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    CONSTRAINT all_rollups_grain_check CHECK ((grain = ANY (ARRAY[1, 5, 15, 60, 360])))
);

ALTER TABLE vigil.kind_rollups OWNER TO postgres;

--
-- Name: TABLE kind_rollups; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.kind_rollups IS 'Per tenant, kind and bucket of 5 minutes or more, over all names of the kind (name ''''): what vigil.rollups holds, added up over the names. Written by the same fold.';

--
-- Name: maintenance_runs; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.maintenance_runs (
    id bigint NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone NOT NULL,
    duration_ms double precision NOT NULL,
    steps_failed integer NOT NULL,
    summary jsonb NOT NULL
);

ALTER TABLE vigil.maintenance_runs OWNER TO postgres;

--
-- Name: TABLE maintenance_runs; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.maintenance_runs IS 'One row per completed vigil.run_maintenance(): the heartbeat (finished_at) and the JSON summary. Pruned after run_history_days.';

--
-- Name: COLUMN maintenance_runs.started_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_runs.started_at IS 'The run''s clock (p_now), so tests driving the clock see their own runs.';

--
-- Name: maintenance_runs_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.maintenance_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.maintenance_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: maintenance_settings; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.maintenance_settings (
    id boolean DEFAULT true NOT NULL,
    interval_seconds integer DEFAULT 60 NOT NULL,
    schedule text,
    scheduled_at timestamp with time zone,
    db_quota_bytes bigint DEFAULT '8589934592'::bigint NOT NULL,
    run_history_days integer DEFAULT 7 NOT NULL,
    heal_history_days integer DEFAULT 30 NOT NULL,
    cron_history_days integer DEFAULT 7 NOT NULL,
    cron_watched_until timestamp with time zone,
    CONSTRAINT maintenance_settings_cron_history_days_check CHECK (((cron_history_days >= 1) AND (cron_history_days <= 365))),
    CONSTRAINT maintenance_settings_db_quota_bytes_check CHECK ((db_quota_bytes > 0)),
    CONSTRAINT maintenance_settings_heal_history_days_check CHECK (((heal_history_days >= 1) AND (heal_history_days <= 3650))),
    CONSTRAINT maintenance_settings_id_check CHECK (id),
    CONSTRAINT maintenance_settings_interval_seconds_check CHECK (((interval_seconds >= 1) AND (interval_seconds <= 604800))),
    CONSTRAINT maintenance_settings_run_history_days_check CHECK (((run_history_days >= 1) AND (run_history_days <= 365)))
);

ALTER TABLE vigil.maintenance_settings OWNER TO postgres;

--
-- Name: TABLE maintenance_settings; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.maintenance_settings IS 'One row of maintenance settings. A DBA edits it in SQL (update vigil.maintenance_settings set db_quota_bytes = ...).';

--
-- Name: COLUMN maintenance_settings.interval_seconds; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_settings.interval_seconds IS 'How often maintenance is expected to run; set by vigil_api.schedule(). Three intervals without a heartbeat is stale.';

--
-- Name: COLUMN maintenance_settings.db_quota_bytes; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_settings.db_quota_bytes IS 'The database size the db_size_pct metric is measured against (default 8 GB, a Supabase Pro disk).';

--
-- Name: COLUMN maintenance_settings.cron_history_days; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_settings.cron_history_days IS 'Rows of cron.job_run_details older than this are pruned.';

--
-- Name: COLUMN maintenance_settings.cron_watched_until; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_settings.cron_watched_until IS 'Scheduler watch watermark: cron failures up to here have become events.';

--
-- Name: maintenance_steps; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.maintenance_steps (
    name text NOT NULL,
    fn text NOT NULL,
    "position" integer NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    description text NOT NULL,
    CONSTRAINT maintenance_steps_fn_signature CHECK ((fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(((timestamptz|timestamp with time zone))?\)$'::text)),
    CONSTRAINT maintenance_steps_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text))
);

ALTER TABLE vigil.maintenance_steps OWNER TO postgres;

--
-- Name: TABLE maintenance_steps; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.maintenance_steps IS 'Steps vigil.run_maintenance() runs, by position. fn takes no argument and returns jsonb (what it did); each step runs isolated, so one failing never stops the next.';

--
-- Name: COLUMN maintenance_steps.fn; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.maintenance_steps.fn IS 'The step function''s schema-qualified signature, as text: no argument, or one timestamptz (the run''s clock). Returns jsonb.';

--
-- Name: materialized_views; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.materialized_views (
    view regclass NOT NULL,
    refresh_interval interval DEFAULT '01:00:00'::interval NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    registered_at timestamp with time zone DEFAULT now() NOT NULL,
    last_attempt_at timestamp with time zone,
    last_refreshed_at timestamp with time zone,
    last_duration_ms double precision,
    last_concurrently boolean,
    last_error text,
    CONSTRAINT materialized_views_refresh_interval_check CHECK ((refresh_interval >= '00:01:00'::interval))
);

ALTER TABLE vigil.materialized_views OWNER TO postgres;

--
-- Name: TABLE materialized_views; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.materialized_views IS 'Materialized views maintenance refreshes when their interval has passed (concurrently when a unique index allows). Database-wide: readable by members of the vigil-system tenant.';

--
-- Name: COLUMN materialized_views.last_attempt_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.materialized_views.last_attempt_at IS 'The clock of the last refresh attempt; the next is due refresh_interval later.';

--
-- Name: COLUMN materialized_views.last_error; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.materialized_views.last_error IS 'The error of the last attempt, null when it succeeded. A failed view is reported stale.';

--
-- Name: members; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.members (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role vigil.member_role DEFAULT 'viewer'::vigil.member_role NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE vigil.members OWNER TO postgres;

--
-- Name: TABLE members; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.members IS 'Who may see and operate a tenant, and how far (viewer, operator, admin).';

--
-- Name: milestone_times; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.milestone_times (
    tenant_id uuid NOT NULL,
    name text NOT NULL COLLATE pg_catalog."C",
    actor_type text NOT NULL,
    actor text NOT NULL,
    times timestamp with time zone[] NOT NULL,
    complete boolean NOT NULL,
    first_at timestamp with time zone,
    reach timestamp with time zone NOT NULL,
    CONSTRAINT milestone_times_actor_type_check CHECK ((actor_type = ANY (ARRAY['user'::text, 'session'::text])))
);

ALTER TABLE vigil.milestone_times OWNER TO postgres;

--
-- Name: TABLE milestone_times; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.milestone_times IS 'Per tenant, milestone (an event name of kind milestone) and actor (user_id or session_id): the earliest times the actor reached it, so funnels read one row per actor and step. Written by the rollup fold; pruned with the raw events.';

--
-- Name: COLUMN milestone_times.times; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.milestone_times.times IS 'Sorted; every time the actor reached the milestone up to the last element is here (at most 8 are kept).';

--
-- Name: COLUMN milestone_times.complete; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.milestone_times.complete IS 'times holds every time the actor reached the milestone (none later).';

--
-- Name: COLUMN milestone_times.first_at; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.milestone_times.first_at IS 'times[1]: retention removes the times before the oldest day of raw events.';

--
-- Name: COLUMN milestone_times.reach; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.milestone_times.reach IS 'The last time when complete, else infinity: a row with reach before a window''s start has nothing in it.';

--
-- Name: monitor_tokens; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.monitor_tokens (
    monitor_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    token_hash bytea NOT NULL
);

ALTER TABLE vigil.monitor_tokens OWNER TO postgres;

--
-- Name: TABLE monitor_tokens; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.monitor_tokens IS 'SHA-256 of each heartbeat''s ping token; the token itself is shown once, when the heartbeat is created.';

--
-- Name: operation_health; Type: MATERIALIZED VIEW; Schema: vigil; Owner: postgres
--

CREATE MATERIALIZED VIEW vigil.operation_health AS
 SELECT e.tenant_id,
    e.kind,
    e.name,
    date_trunc('hour'::text, e.occurred_at) AS hour,
    count(*) AS events,
    count(*) FILTER (WHERE (NOT e.success)) AS errors,
    (round(((count(*) FILTER (WHERE (NOT e.success)))::numeric / (count(*))::numeric), 4))::double precision AS error_rate,
    percentile_disc((0.95)::double precision) WITHIN GROUP (ORDER BY e.duration_ms) AS p95_ms
   FROM vigil.events e
  WHERE ((e.occurred_at >= (date_trunc('hour'::text, now()) - '24:00:00'::interval)) AND (e.kind = ANY (ARRAY['operation'::text, 'api_call'::text])))
  GROUP BY e.tenant_id, e.kind, e.name, (date_trunc('hour'::text, e.occurred_at))
  WITH NO DATA;

ALTER TABLE vigil.operation_health OWNER TO postgres;

--
-- Name: MATERIALIZED VIEW operation_health; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON MATERIALIZED VIEW vigil.operation_health IS 'Hourly health per tenant and operation over the last 24 h: events, errors, error rate, p95 ms. Refreshed by maintenance; read through vigil_api.operation_health.';

--
-- Name: restore_runs_id_seq; Type: SEQUENCE; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.restore_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vigil.restore_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: rollup_deferred; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.rollup_deferred (
    tenant_id uuid NOT NULL,
    day_start timestamp with time zone NOT NULL,
    day_end timestamp with time zone NOT NULL,
    id_floor bigint NOT NULL,
    xid_from xid8,
    xid_to xid8 NOT NULL,
    failed_at timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 1 NOT NULL,
    last_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    error text NOT NULL,
    sqlstate text NOT NULL
);

ALTER TABLE vigil.rollup_deferred OWNER TO postgres;

--
-- Name: TABLE rollup_deferred; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.rollup_deferred IS 'Ranges of one tenant''s events a fold pass could not fold (the error names why); every later pass retries them first, so a tenant''s bad data delays only its own rollups.';

--
-- Name: COLUMN rollup_deferred.xid_from; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.rollup_deferred.xid_from IS 'The pass''s lower xid bound (the horizon before it; null for the first pass): with xid_to and id_floor, exactly the rows it would have folded.';

--
-- Name: rollup_passes; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.rollup_passes (
    xid xid8 NOT NULL,
    last_id bigint NOT NULL,
    taken_at timestamp with time zone DEFAULT now() NOT NULL,
    folded bigint NOT NULL
);

ALTER TABLE vigil.rollup_passes OWNER TO postgres;

--
-- Name: TABLE rollup_passes; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.rollup_passes IS 'Recent fold passes that began without an xid: their own xid and the id sequence value read before taking it, from which the id floor is derived. Pruned to a day.';

--
-- Name: rollup_state; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.rollup_state (
    singleton boolean DEFAULT true NOT NULL,
    xid_horizon xid8,
    id_floor bigint DEFAULT 0 NOT NULL,
    folded_at timestamp with time zone,
    passes bigint DEFAULT 0 NOT NULL,
    minute_from timestamp with time zone DEFAULT '-infinity'::timestamp with time zone NOT NULL,
    minute_horizon interval DEFAULT '03:00:00'::interval NOT NULL,
    CONSTRAINT rollup_state_minute_horizon_check CHECK (((minute_horizon >= '00:00:00'::interval) AND (minute_horizon <= '2 days'::interval))),
    CONSTRAINT rollup_state_singleton_check CHECK (singleton)
);

ALTER TABLE vigil.rollup_state OWNER TO postgres;

--
-- Name: TABLE rollup_state; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.rollup_state IS 'One row: rows written by transactions older than xid_horizon are folded into vigil.rollups; every row not yet folded has id > id_floor.';

--
-- Name: COLUMN rollup_state.xid_horizon; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.rollup_state.xid_horizon IS 'The snapshot xmin of the last pass; null before the first.';

--
-- Name: COLUMN rollup_state.minute_from; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.rollup_state.minute_from IS 'Minute rollup rows are complete for every bucket at or after this instant (moved forward by each pass).';

--
-- Name: COLUMN rollup_state.minute_horizon; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.rollup_state.minute_horizon IS 'How far back a pass keeps 1-minute rollup rows. Windows whose edges lie inside it read under a minute of raw events at each edge.';

--
-- Name: rollups; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.rollups (
    tenant_id uuid NOT NULL,
    grain smallint NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    kind text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    count bigint NOT NULL,
    errors bigint NOT NULL,
    timed bigint NOT NULL,
    sum_ms double precision NOT NULL,
    min_ms double precision,
    max_ms double precision,
    hist_keys smallint[] NOT NULL,
    hist_counts integer[] NOT NULL,
    coarse_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    coarse_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    coarse_starts integer[] DEFAULT '{}'::integer[] NOT NULL,
    fail_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    fail_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    error_types jsonb DEFAULT '{}'::jsonb NOT NULL,
    valued bigint DEFAULT 0 NOT NULL,
    sum_value double precision DEFAULT 0 NOT NULL,
    min_value double precision,
    max_value double precision,
    value_keys smallint[] DEFAULT '{}'::smallint[] NOT NULL,
    value_counts integer[] DEFAULT '{}'::integer[] NOT NULL,
    CONSTRAINT all_rollups_grain_check CHECK ((grain = ANY (ARRAY[1, 5, 15, 60, 360])))
);

ALTER TABLE vigil.rollups OWNER TO postgres;

--
-- Name: TABLE rollups; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.rollups IS 'Per tenant, kind, name and 5-minute, 15-minute, 1-hour or 6-hour bucket of occurred_at: what stats need, so a 24 h question reads ~15 rows per series instead of every event. Keyed tenant first, then time: "one tenant, all operations, last 24 h" is a few ranges.';

--
-- Name: settings; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.settings (
    name text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by text DEFAULT SESSION_USER NOT NULL,
    CONSTRAINT settings_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text))
);

ALTER TABLE vigil.settings OWNER TO postgres;

--
-- Name: TABLE settings; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.settings IS 'Installation-wide switches, changed only by the service role or a DBA (no grant to anon or authenticated). outbound_allow_loopback: see vigil.set_outbound_allow_loopback.';

--
-- Name: slos; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.slos (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    kind text DEFAULT 'operation'::text NOT NULL,
    name text NOT NULL,
    objective double precision NOT NULL,
    threshold_ms double precision,
    period interval DEFAULT '30 days'::interval NOT NULL,
    description text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT slos_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT slos_objective_check CHECK (((objective > (0)::double precision) AND (objective < (1)::double precision))),
    CONSTRAINT slos_period_check CHECK (((period >= '01:00:00'::interval) AND (period <= '90 days'::interval))),
    CONSTRAINT slos_threshold_ms_check CHECK ((threshold_ms > (0)::double precision))
);

ALTER TABLE vigil.slos OWNER TO postgres;

--
-- Name: TABLE slos; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.slos IS 'Objectives per operation: at least `objective` of its events in every `period` must be good (succeeded, and took at most threshold_ms when set).';

--
-- Name: COLUMN slos.objective; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.slos.objective IS 'The good ratio to keep, strictly between 0 and 1 (0.999 = 99.9%); 1 - objective is the error budget.';

--
-- Name: COLUMN slos.threshold_ms; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.slos.threshold_ms IS 'When set, a success slower than this is bad too. Read from rollup histograms: exact to within one 2% bucket.';

--
-- Name: status_pages; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.status_pages (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    slug text NOT NULL,
    title text NOT NULL,
    description text,
    public boolean DEFAULT false NOT NULL,
    items jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT status_pages_description_check CHECK ((length(description) <= 2000)),
    CONSTRAINT status_pages_items_check CHECK ((jsonb_typeof(items) = 'array'::text)),
    CONSTRAINT status_pages_slug_check CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'::text)),
    CONSTRAINT status_pages_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200)))
);

ALTER TABLE vigil.status_pages OWNER TO postgres;

--
-- Name: TABLE status_pages; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.status_pages IS 'Status pages: a slug (unique across the installation, it is a public address), a title and items, each a monitor or an SLO. Only a public page is shown to anon, by vigil_api.status_page.';

--
-- Name: COLUMN status_pages.items; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.status_pages.items IS 'What the page shows, in order: [{"monitor": "<id>", "label": "API"}, {"slo": "<id>", "label": "Checkout"}]. The label is the public name; a monitor''s own name and URL are never shown.';

--
-- Name: tenant_deletions; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.tenant_deletions (
    tenant_id uuid NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    requested_by uuid,
    requested_role text NOT NULL,
    deleted jsonb DEFAULT '{}'::jsonb NOT NULL
);

ALTER TABLE vigil.tenant_deletions OWNER TO postgres;

--
-- Name: TABLE tenant_deletions; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.tenant_deletions IS 'Tenants being deleted: who asked, when, and the rows removed so far per table ({"events": 120000, ...}).';

--
-- Name: COLUMN tenant_deletions.requested_by; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON COLUMN vigil.tenant_deletions.requested_by IS 'The user who asked (auth.uid()), null for the service role or a database session.';

--
-- Name: uptime_cache; Type: TABLE; Schema: vigil; Owner: postgres
--

CREATE TABLE vigil.uptime_cache (
    tenant_id uuid NOT NULL,
    item_id uuid NOT NULL,
    days jsonb DEFAULT '{}'::jsonb NOT NULL,
    total_24h bigint DEFAULT 0 NOT NULL,
    bad_24h bigint DEFAULT 0 NOT NULL,
    refreshed_at timestamp with time zone NOT NULL
);

ALTER TABLE vigil.uptime_cache OWNER TO postgres;

--
-- Name: TABLE uptime_cache; Type: COMMENT; Schema: vigil; Owner: postgres
--

COMMENT ON TABLE vigil.uptime_cache IS 'Uptime of each status page item (a monitor''s check events, or an SLO''s operation): {"2026-11-30": [checks, bad]} per UTC day for 90 days, and the last 24 hours. Written by the status_pages maintenance step.';

--
-- Name: kind_rollups; Type: TABLE ATTACH; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.all_rollups ATTACH PARTITION vigil.kind_rollups FOR VALUES IN ('');

--
-- Name: rollups; Type: TABLE ATTACH; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.all_rollups ATTACH PARTITION vigil.rollups DEFAULT;

--
-- Name: alert_delivery_attempts id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_delivery_attempts ALTER COLUMN id SET DEFAULT nextval('vigil.alert_delivery_attempts_id_seq'::regclass);

--
-- Name: alert_history id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_history ALTER COLUMN id SET DEFAULT nextval('vigil.alert_history_id_seq'::regclass);

--
-- Name: alert_notifications id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_notifications ALTER COLUMN id SET DEFAULT nextval('vigil.alert_notifications_id_seq'::regclass);

--
-- Name: deploy_actions id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_actions ALTER COLUMN id SET DEFAULT nextval('vigil.deploy_actions_id_seq'::regclass);

--
-- Name: deployment_history id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployment_history ALTER COLUMN id SET DEFAULT nextval('vigil.deployment_history_id_seq'::regclass);

--
-- Name: events id; Type: DEFAULT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.events ALTER COLUMN id SET DEFAULT nextval('vigil.events_id_seq'::regclass);

--
-- Name: alert_channels alert_channels_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_channels
    ADD CONSTRAINT alert_channels_pkey PRIMARY KEY (id);

--
-- Name: alert_channels alert_channels_tenant_id_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_channels
    ADD CONSTRAINT alert_channels_tenant_id_id_key UNIQUE (tenant_id, id);

--
-- Name: alert_channels alert_channels_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_channels
    ADD CONSTRAINT alert_channels_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: alert_delivery_attempts alert_delivery_attempts_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_delivery_attempts
    ADD CONSTRAINT alert_delivery_attempts_pkey PRIMARY KEY (id);

--
-- Name: alert_history alert_history_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_history
    ADD CONSTRAINT alert_history_pkey PRIMARY KEY (id);

--
-- Name: alert_metrics alert_metrics_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_metrics
    ADD CONSTRAINT alert_metrics_pkey PRIMARY KEY (name);

--
-- Name: alert_mute_windows alert_mute_windows_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_mute_windows
    ADD CONSTRAINT alert_mute_windows_pkey PRIMARY KEY (id);

--
-- Name: alert_mute_windows alert_mute_windows_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_mute_windows
    ADD CONSTRAINT alert_mute_windows_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: alert_notifications alert_notifications_alert_id_seq_channel_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_notifications
    ADD CONSTRAINT alert_notifications_alert_id_seq_channel_id_key UNIQUE (alert_id, seq, channel_id);

--
-- Name: alert_notifications alert_notifications_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_notifications
    ADD CONSTRAINT alert_notifications_pkey PRIMARY KEY (id);

--
-- Name: alert_rules alert_rules_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_pkey PRIMARY KEY (id);

--
-- Name: alert_rules alert_rules_tenant_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_tenant_id_key UNIQUE (tenant_id, id);

--
-- Name: alert_rules alert_rules_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: alert_silences alert_silences_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_silences
    ADD CONSTRAINT alert_silences_pkey PRIMARY KEY (id);

--
-- Name: alerts alerts_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

--
-- Name: alerts alerts_rule_id_dedup_key_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alerts
    ADD CONSTRAINT alerts_rule_id_dedup_key_key UNIQUE (rule_id, dedup_key);

--
-- Name: alerts alerts_tenant_id_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alerts
    ADD CONSTRAINT alerts_tenant_id_id_key UNIQUE (tenant_id, id);

--
-- Name: all_rollups all_rollups_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.all_rollups
    ADD CONSTRAINT all_rollups_pkey PRIMARY KEY (tenant_id, grain, bucket_start, kind, name);

--
-- Name: backup_files backup_files_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.backup_files
    ADD CONSTRAINT backup_files_pkey PRIMARY KEY (backup_id, path);

--
-- Name: backup_policies backup_policies_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.backup_policies
    ADD CONSTRAINT backup_policies_pkey PRIMARY KEY (name);

--
-- Name: backups backups_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.backups
    ADD CONSTRAINT backups_pkey PRIMARY KEY (id);

--
-- Name: cron_job_watch cron_job_watch_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.cron_job_watch
    ADD CONSTRAINT cron_job_watch_pkey PRIMARY KEY (jobid);

--
-- Name: dashboard_cards dashboard_cards_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.dashboard_cards
    ADD CONSTRAINT dashboard_cards_pkey PRIMARY KEY (name);

--
-- Name: dashboard_markers dashboard_markers_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.dashboard_markers
    ADD CONSTRAINT dashboard_markers_pkey PRIMARY KEY (name);

--
-- Name: default_alert_rules default_alert_rules_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.default_alert_rules
    ADD CONSTRAINT default_alert_rules_pkey PRIMARY KEY (name);

--
-- Name: deploy_actions deploy_actions_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_actions
    ADD CONSTRAINT deploy_actions_pkey PRIMARY KEY (id);

--
-- Name: deploy_key_usage deploy_key_usage_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_key_usage
    ADD CONSTRAINT deploy_key_usage_pkey PRIMARY KEY (key_id, minute);

--
-- Name: deploy_keys deploy_keys_key_hash_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_keys
    ADD CONSTRAINT deploy_keys_key_hash_key UNIQUE (key_hash);

--
-- Name: deploy_keys deploy_keys_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_keys
    ADD CONSTRAINT deploy_keys_pkey PRIMARY KEY (id);

--
-- Name: deploy_keys deploy_keys_previous_key_hash_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_keys
    ADD CONSTRAINT deploy_keys_previous_key_hash_key UNIQUE (previous_key_hash);

--
-- Name: deploy_targets deploy_targets_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_targets
    ADD CONSTRAINT deploy_targets_pkey PRIMARY KEY (id);

--
-- Name: deploy_targets deploy_targets_tenant_id_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_targets
    ADD CONSTRAINT deploy_targets_tenant_id_id_key UNIQUE (tenant_id, id);

--
-- Name: deploy_targets deploy_targets_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_targets
    ADD CONSTRAINT deploy_targets_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: deploy_webhook_deliveries deploy_webhook_deliveries_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_webhook_deliveries
    ADD CONSTRAINT deploy_webhook_deliveries_pkey PRIMARY KEY (target_id, webhook_id);

--
-- Name: deployment_history deployment_history_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployment_history
    ADD CONSTRAINT deployment_history_pkey PRIMARY KEY (id);

--
-- Name: deployments deployments_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployments
    ADD CONSTRAINT deployments_pkey PRIMARY KEY (id);

--
-- Name: deployments deployments_target_id_external_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployments
    ADD CONSTRAINT deployments_target_id_external_id_key UNIQUE (target_id, external_id);

--
-- Name: deployments deployments_tenant_id_id_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployments
    ADD CONSTRAINT deployments_tenant_id_id_key UNIQUE (tenant_id, id);

--
-- Name: error_group_seen error_group_seen_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.error_group_seen
    ADD CONSTRAINT error_group_seen_pkey PRIMARY KEY (tenant_id, fingerprint);

--
-- Name: error_group_states error_group_states_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.error_group_states
    ADD CONSTRAINT error_group_states_pkey PRIMARY KEY (tenant_id, fingerprint);

--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (tenant_id, occurred_at, id);

--
-- Name: heal_rules heal_rules_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_rules
    ADD CONSTRAINT heal_rules_pkey PRIMARY KEY (id);

--
-- Name: heal_rules heal_rules_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_rules
    ADD CONSTRAINT heal_rules_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: heal_runs heal_runs_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_runs
    ADD CONSTRAINT heal_runs_pkey PRIMARY KEY (id);

--
-- Name: heartbeat_pings heartbeat_pings_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heartbeat_pings
    ADD CONSTRAINT heartbeat_pings_pkey PRIMARY KEY (id);

--
-- Name: incident_updates incident_updates_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.incident_updates
    ADD CONSTRAINT incident_updates_pkey PRIMARY KEY (id);

--
-- Name: incidents incidents_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.incidents
    ADD CONSTRAINT incidents_pkey PRIMARY KEY (id);

--
-- Name: ingest_keys ingest_keys_key_hash_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_keys
    ADD CONSTRAINT ingest_keys_key_hash_key UNIQUE (key_hash);

--
-- Name: ingest_keys ingest_keys_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_keys
    ADD CONSTRAINT ingest_keys_pkey PRIMARY KEY (id);

--
-- Name: ingest_keys ingest_keys_previous_key_hash_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_keys
    ADD CONSTRAINT ingest_keys_previous_key_hash_key UNIQUE (previous_key_hash);

--
-- Name: ingest_usage ingest_usage_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_usage
    ADD CONSTRAINT ingest_usage_pkey PRIMARY KEY (key_id, minute);

--
-- Name: job_items job_items_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.job_items
    ADD CONSTRAINT job_items_pkey PRIMARY KEY (job_id, item_key);

--
-- Name: jobs jobs_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);

--
-- Name: kind_rollups kind_rollups_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.kind_rollups
    ADD CONSTRAINT kind_rollups_pkey PRIMARY KEY (tenant_id, grain, bucket_start, kind, name);

--
-- Name: maintenance_runs maintenance_runs_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.maintenance_runs
    ADD CONSTRAINT maintenance_runs_pkey PRIMARY KEY (id);

--
-- Name: maintenance_settings maintenance_settings_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.maintenance_settings
    ADD CONSTRAINT maintenance_settings_pkey PRIMARY KEY (id);

--
-- Name: maintenance_steps maintenance_steps_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.maintenance_steps
    ADD CONSTRAINT maintenance_steps_pkey PRIMARY KEY (name);

--
-- Name: materialized_views materialized_views_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.materialized_views
    ADD CONSTRAINT materialized_views_pkey PRIMARY KEY (view);

--
-- Name: members members_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.members
    ADD CONSTRAINT members_pkey PRIMARY KEY (tenant_id, user_id);

--
-- Name: milestone_times milestone_times_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.milestone_times
    ADD CONSTRAINT milestone_times_pkey PRIMARY KEY (tenant_id, name, actor_type, actor);

--
-- Name: monitor_tokens monitor_tokens_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitor_tokens
    ADD CONSTRAINT monitor_tokens_pkey PRIMARY KEY (monitor_id);

--
-- Name: monitor_tokens monitor_tokens_token_hash_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitor_tokens
    ADD CONSTRAINT monitor_tokens_token_hash_key UNIQUE (token_hash);

--
-- Name: monitors monitors_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitors
    ADD CONSTRAINT monitors_pkey PRIMARY KEY (id);

--
-- Name: monitors monitors_tenant_id_name_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitors
    ADD CONSTRAINT monitors_tenant_id_name_key UNIQUE (tenant_id, name);

--
-- Name: restore_runs restore_runs_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.restore_runs
    ADD CONSTRAINT restore_runs_pkey PRIMARY KEY (id);

--
-- Name: rollup_deferred rollup_deferred_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.rollup_deferred
    ADD CONSTRAINT rollup_deferred_pkey PRIMARY KEY (tenant_id, day_start, xid_to);

--
-- Name: rollup_passes rollup_passes_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.rollup_passes
    ADD CONSTRAINT rollup_passes_pkey PRIMARY KEY (xid);

--
-- Name: rollup_state rollup_state_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.rollup_state
    ADD CONSTRAINT rollup_state_pkey PRIMARY KEY (singleton);

--
-- Name: rollups rollups_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.rollups
    ADD CONSTRAINT rollups_pkey PRIMARY KEY (tenant_id, grain, bucket_start, kind, name);

--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (name);

--
-- Name: slos slos_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.slos
    ADD CONSTRAINT slos_pkey PRIMARY KEY (id);

--
-- Name: status_pages status_pages_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.status_pages
    ADD CONSTRAINT status_pages_pkey PRIMARY KEY (id);

--
-- Name: status_pages status_pages_slug_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.status_pages
    ADD CONSTRAINT status_pages_slug_key UNIQUE (slug);

--
-- Name: tenant_deletions tenant_deletions_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.tenant_deletions
    ADD CONSTRAINT tenant_deletions_pkey PRIMARY KEY (tenant_id);

--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);

--
-- Name: tenants tenants_slug_key; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);

--
-- Name: uptime_cache uptime_cache_pkey; Type: CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.uptime_cache
    ADD CONSTRAINT uptime_cache_pkey PRIMARY KEY (tenant_id, item_id);

--
-- Name: alert_delivery_attempts_notification_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_delivery_attempts_notification_idx ON vigil.alert_delivery_attempts USING btree (notification_id);

--
-- Name: alert_history_alert_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_history_alert_idx ON vigil.alert_history USING btree (alert_id, at);

--
-- Name: alert_history_tenant_alert_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_history_tenant_alert_idx ON vigil.alert_history USING btree (tenant_id, alert_id);

--
-- Name: alert_history_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_history_tenant_idx ON vigil.alert_history USING btree (tenant_id, at);

--
-- Name: alert_notifications_due_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_notifications_due_idx ON vigil.alert_notifications USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text, 'retrying'::text]));

--
-- Name: alert_notifications_tenant_alert_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_notifications_tenant_alert_idx ON vigil.alert_notifications USING btree (tenant_id, alert_id);

--
-- Name: alert_notifications_tenant_channel_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_notifications_tenant_channel_idx ON vigil.alert_notifications USING btree (tenant_id, channel_id);

--
-- Name: alert_notifications_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_notifications_tenant_idx ON vigil.alert_notifications USING btree (tenant_id, created_at);

--
-- Name: alert_rules_enabled_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_rules_enabled_idx ON vigil.alert_rules USING btree (tenant_id) WHERE enabled;

--
-- Name: alert_rules_metric_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_rules_metric_idx ON vigil.alert_rules USING btree (metric);

--
-- Name: alert_rules_slo_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_rules_slo_idx ON vigil.alert_rules USING btree (slo_id);

--
-- Name: alert_silences_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alert_silences_tenant_idx ON vigil.alert_silences USING btree (tenant_id, ends_at);

--
-- Name: alerts_tenant_rule_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alerts_tenant_rule_idx ON vigil.alerts USING btree (tenant_id, rule_id);

--
-- Name: alerts_tenant_state_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX alerts_tenant_state_idx ON vigil.alerts USING btree (tenant_id, state);

--
-- Name: backups_policy_started; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX backups_policy_started ON vigil.backups USING btree (policy, started_at DESC);

--
-- Name: deploy_actions_due_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deploy_actions_due_idx ON vigil.deploy_actions USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text, 'retrying'::text]));

--
-- Name: deploy_actions_one_rollback_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE UNIQUE INDEX deploy_actions_one_rollback_idx ON vigil.deploy_actions USING btree (target_id) WHERE ((kind = 'rollback'::text) AND (status = ANY (ARRAY['pending'::text, 'sending'::text, 'retrying'::text])));

--
-- Name: deploy_actions_tenant_deployment_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deploy_actions_tenant_deployment_idx ON vigil.deploy_actions USING btree (tenant_id, deployment_id);

--
-- Name: deploy_actions_tenant_target_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deploy_actions_tenant_target_idx ON vigil.deploy_actions USING btree (tenant_id, target_id, created_at);

--
-- Name: deploy_keys_target_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deploy_keys_target_idx ON vigil.deploy_keys USING btree (tenant_id, target_id);

--
-- Name: deploy_webhook_deliveries_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deploy_webhook_deliveries_tenant_idx ON vigil.deploy_webhook_deliveries USING btree (tenant_id, target_id, received_at);

--
-- Name: deployment_history_deployment_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deployment_history_deployment_idx ON vigil.deployment_history USING btree (tenant_id, deployment_id, at);

--
-- Name: deployments_tenant_created_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deployments_tenant_created_idx ON vigil.deployments USING btree (tenant_id, created_at);

--
-- Name: deployments_tenant_target_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deployments_tenant_target_idx ON vigil.deployments USING btree (tenant_id, target_id, live_at DESC);

--
-- Name: deployments_watching_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX deployments_watching_idx ON vigil.deployments USING btree (live_at) WHERE (status = ANY (ARRAY['watching'::text, 'smoke_failed'::text]));

--
-- Name: events_id_brin; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX events_id_brin ON ONLY vigil.events USING brin (id) WITH (pages_per_range='16', autosummarize='on');

--
-- Name: events_tenant_op_time_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX events_tenant_op_time_idx ON ONLY vigil.events USING btree (tenant_id, kind, name, occurred_at);

--
-- Name: heal_rules_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX heal_rules_tenant_idx ON vigil.heal_rules USING btree (tenant_id);

--
-- Name: heal_runs_rule_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX heal_runs_rule_idx ON vigil.heal_runs USING btree (rule_id, ran_at DESC);

--
-- Name: heal_runs_tenant_time_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX heal_runs_tenant_time_idx ON vigil.heal_runs USING btree (tenant_id, ran_at DESC);

--
-- Name: heartbeat_pings_monitor_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX heartbeat_pings_monitor_idx ON vigil.heartbeat_pings USING btree (monitor_id, at DESC);

--
-- Name: heartbeat_pings_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX heartbeat_pings_tenant_idx ON vigil.heartbeat_pings USING btree (tenant_id, at);

--
-- Name: incident_updates_incident_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX incident_updates_incident_idx ON vigil.incident_updates USING btree (incident_id, at);

--
-- Name: incident_updates_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX incident_updates_tenant_idx ON vigil.incident_updates USING btree (tenant_id);

--
-- Name: incidents_alert_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX incidents_alert_idx ON vigil.incidents USING btree (alert_id) WHERE (resolved_at IS NULL);

--
-- Name: incidents_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX incidents_tenant_idx ON vigil.incidents USING btree (tenant_id, started_at DESC);

--
-- Name: ingest_keys_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX ingest_keys_tenant_idx ON vigil.ingest_keys USING btree (tenant_id);

--
-- Name: ingest_usage_minute_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX ingest_usage_minute_idx ON vigil.ingest_usage USING btree (minute);

--
-- Name: job_items_status_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX job_items_status_idx ON vigil.job_items USING btree (job_id, status);

--
-- Name: job_items_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX job_items_tenant_idx ON vigil.job_items USING btree (tenant_id);

--
-- Name: jobs_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX jobs_tenant_idx ON vigil.jobs USING btree (tenant_id, started_at DESC);

--
-- Name: rollups_minute_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX rollups_minute_idx ON ONLY vigil.all_rollups USING btree (bucket_start) WHERE (grain = 1);

--
-- Name: kind_rollups_bucket_start_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX kind_rollups_bucket_start_idx ON vigil.kind_rollups USING btree (bucket_start) WHERE (grain = 1);

--
-- Name: maintenance_runs_finished_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX maintenance_runs_finished_idx ON vigil.maintenance_runs USING btree (finished_at DESC);

--
-- Name: members_user_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX members_user_idx ON vigil.members USING btree (user_id);

--
-- Name: milestone_times_first_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX milestone_times_first_idx ON vigil.milestone_times USING btree (first_at);

--
-- Name: milestone_times_reach_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX milestone_times_reach_idx ON vigil.milestone_times USING btree (tenant_id, name, actor_type, reach);

--
-- Name: monitors_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX monitors_tenant_idx ON vigil.monitors USING btree (tenant_id);

--
-- Name: operation_health_key; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE UNIQUE INDEX operation_health_key ON vigil.operation_health USING btree (tenant_id, kind, name, hour);

--
-- Name: restore_runs_backup; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX restore_runs_backup ON vigil.restore_runs USING btree (backup_id, started_at DESC);

--
-- Name: rollups_bucket_start_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX rollups_bucket_start_idx ON vigil.rollups USING btree (bucket_start) WHERE (grain = 1);

--
-- Name: slos_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX slos_tenant_idx ON vigil.slos USING btree (tenant_id);

--
-- Name: status_pages_tenant_idx; Type: INDEX; Schema: vigil; Owner: postgres
--

CREATE INDEX status_pages_tenant_idx ON vigil.status_pages USING btree (tenant_id);

--
-- Name: kind_rollups_bucket_start_idx; Type: INDEX ATTACH; Schema: vigil; Owner: postgres
--

ALTER INDEX vigil.rollups_minute_idx ATTACH PARTITION vigil.kind_rollups_bucket_start_idx;

--
-- Name: kind_rollups_pkey; Type: INDEX ATTACH; Schema: vigil; Owner: postgres
--

ALTER INDEX vigil.all_rollups_pkey ATTACH PARTITION vigil.kind_rollups_pkey;

--
-- Name: rollups_bucket_start_idx; Type: INDEX ATTACH; Schema: vigil; Owner: postgres
--

ALTER INDEX vigil.rollups_minute_idx ATTACH PARTITION vigil.rollups_bucket_start_idx;

--
-- Name: rollups_pkey; Type: INDEX ATTACH; Schema: vigil; Owner: postgres
--

ALTER INDEX vigil.all_rollups_pkey ATTACH PARTITION vigil.rollups_pkey;

--
-- Name: alert_channels alert_channels_check; Type: TRIGGER; Schema: vigil; Owner: postgres
--

CREATE TRIGGER alert_channels_check BEFORE INSERT OR UPDATE OF type, config ON vigil.alert_channels FOR EACH ROW EXECUTE FUNCTION vigil._alert_channels_check();

--
-- Name: alert_history alert_history_incidents; Type: TRIGGER; Schema: vigil; Owner: postgres
--

CREATE TRIGGER alert_history_incidents AFTER INSERT ON vigil.alert_history FOR EACH ROW EXECUTE FUNCTION vigil._incident_from_alert();

--
-- Name: alert_rules alert_rules_check_scope; Type: TRIGGER; Schema: vigil; Owner: postgres
--

CREATE TRIGGER alert_rules_check_scope BEFORE INSERT OR UPDATE OF metric, tenant_id ON vigil.alert_rules FOR EACH ROW EXECUTE FUNCTION vigil._check_rule_scope();

--
-- Name: deploy_targets deploy_targets_check; Type: TRIGGER; Schema: vigil; Owner: postgres
--

CREATE TRIGGER deploy_targets_check BEFORE INSERT OR UPDATE ON vigil.deploy_targets FOR EACH ROW EXECUTE FUNCTION vigil._deploy_targets_check();

--
-- Name: alert_channels alert_channels_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_channels
    ADD CONSTRAINT alert_channels_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: alert_delivery_attempts alert_delivery_attempts_notification_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_delivery_attempts
    ADD CONSTRAINT alert_delivery_attempts_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES vigil.alert_notifications(id) ON DELETE CASCADE;

--
-- Name: alert_history alert_history_tenant_id_alert_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_history
    ADD CONSTRAINT alert_history_tenant_id_alert_id_fkey FOREIGN KEY (tenant_id, alert_id) REFERENCES vigil.alerts(tenant_id, id) ON DELETE CASCADE;

--
-- Name: alert_mute_windows alert_mute_windows_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_mute_windows
    ADD CONSTRAINT alert_mute_windows_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: alert_notifications alert_notifications_tenant_id_alert_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_notifications
    ADD CONSTRAINT alert_notifications_tenant_id_alert_id_fkey FOREIGN KEY (tenant_id, alert_id) REFERENCES vigil.alerts(tenant_id, id) ON DELETE CASCADE;

--
-- Name: alert_notifications alert_notifications_tenant_id_channel_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_notifications
    ADD CONSTRAINT alert_notifications_tenant_id_channel_id_fkey FOREIGN KEY (tenant_id, channel_id) REFERENCES vigil.alert_channels(tenant_id, id) ON DELETE CASCADE;

--
-- Name: alert_rules alert_rules_metric_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_metric_fkey FOREIGN KEY (metric) REFERENCES vigil.alert_metrics(name);

--
-- Name: alert_rules alert_rules_slo_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_slo_id_fkey FOREIGN KEY (slo_id) REFERENCES vigil.slos(id) ON DELETE CASCADE;

--
-- Name: alert_rules alert_rules_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_rules
    ADD CONSTRAINT alert_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: alert_silences alert_silences_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alert_silences
    ADD CONSTRAINT alert_silences_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: alerts alerts_tenant_id_rule_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.alerts
    ADD CONSTRAINT alerts_tenant_id_rule_id_fkey FOREIGN KEY (tenant_id, rule_id) REFERENCES vigil.alert_rules(tenant_id, id) ON DELETE CASCADE;

--
-- Name: backup_files backup_files_backup_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.backup_files
    ADD CONSTRAINT backup_files_backup_id_fkey FOREIGN KEY (backup_id) REFERENCES vigil.backups(id) ON DELETE CASCADE;

--
-- Name: backups backups_policy_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.backups
    ADD CONSTRAINT backups_policy_fkey FOREIGN KEY (policy) REFERENCES vigil.backup_policies(name) ON UPDATE CASCADE;

--
-- Name: deploy_actions deploy_actions_tenant_id_deployment_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_actions
    ADD CONSTRAINT deploy_actions_tenant_id_deployment_id_fkey FOREIGN KEY (tenant_id, deployment_id) REFERENCES vigil.deployments(tenant_id, id) ON DELETE CASCADE;

--
-- Name: deploy_actions deploy_actions_tenant_id_target_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_actions
    ADD CONSTRAINT deploy_actions_tenant_id_target_id_fkey FOREIGN KEY (tenant_id, target_id) REFERENCES vigil.deploy_targets(tenant_id, id) ON DELETE CASCADE;

--
-- Name: deploy_key_usage deploy_key_usage_key_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_key_usage
    ADD CONSTRAINT deploy_key_usage_key_id_fkey FOREIGN KEY (key_id) REFERENCES vigil.deploy_keys(id) ON DELETE CASCADE;

--
-- Name: deploy_keys deploy_keys_tenant_id_target_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_keys
    ADD CONSTRAINT deploy_keys_tenant_id_target_id_fkey FOREIGN KEY (tenant_id, target_id) REFERENCES vigil.deploy_targets(tenant_id, id) ON DELETE CASCADE;

--
-- Name: deploy_targets deploy_targets_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_targets
    ADD CONSTRAINT deploy_targets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: deploy_webhook_deliveries deploy_webhook_deliveries_tenant_id_target_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deploy_webhook_deliveries
    ADD CONSTRAINT deploy_webhook_deliveries_tenant_id_target_id_fkey FOREIGN KEY (tenant_id, target_id) REFERENCES vigil.deploy_targets(tenant_id, id) ON DELETE CASCADE;

--
-- Name: deployment_history deployment_history_tenant_id_deployment_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployment_history
    ADD CONSTRAINT deployment_history_tenant_id_deployment_id_fkey FOREIGN KEY (tenant_id, deployment_id) REFERENCES vigil.deployments(tenant_id, id) ON DELETE CASCADE;

--
-- Name: deployments deployments_tenant_id_target_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.deployments
    ADD CONSTRAINT deployments_tenant_id_target_id_fkey FOREIGN KEY (tenant_id, target_id) REFERENCES vigil.deploy_targets(tenant_id, id) ON DELETE CASCADE;

--
-- Name: error_group_seen error_group_seen_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.error_group_seen
    ADD CONSTRAINT error_group_seen_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: error_group_states error_group_states_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.error_group_states
    ADD CONSTRAINT error_group_states_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: heal_rules heal_rules_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_rules
    ADD CONSTRAINT heal_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: heal_runs heal_runs_rule_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_runs
    ADD CONSTRAINT heal_runs_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES vigil.heal_rules(id) ON DELETE CASCADE;

--
-- Name: heal_runs heal_runs_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heal_runs
    ADD CONSTRAINT heal_runs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: heartbeat_pings heartbeat_pings_monitor_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.heartbeat_pings
    ADD CONSTRAINT heartbeat_pings_monitor_id_fkey FOREIGN KEY (monitor_id) REFERENCES vigil.monitors(id) ON DELETE CASCADE;

--
-- Name: incident_updates incident_updates_incident_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.incident_updates
    ADD CONSTRAINT incident_updates_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES vigil.incidents(id) ON DELETE CASCADE;

--
-- Name: incidents incidents_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.incidents
    ADD CONSTRAINT incidents_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: ingest_keys ingest_keys_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_keys
    ADD CONSTRAINT ingest_keys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: ingest_usage ingest_usage_key_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.ingest_usage
    ADD CONSTRAINT ingest_usage_key_id_fkey FOREIGN KEY (key_id) REFERENCES vigil.ingest_keys(id) ON DELETE CASCADE;

--
-- Name: job_items job_items_job_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.job_items
    ADD CONSTRAINT job_items_job_id_fkey FOREIGN KEY (job_id) REFERENCES vigil.jobs(id) ON DELETE CASCADE;

--
-- Name: job_items job_items_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.job_items
    ADD CONSTRAINT job_items_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: jobs jobs_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.jobs
    ADD CONSTRAINT jobs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: members members_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.members
    ADD CONSTRAINT members_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: members members_user_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.members
    ADD CONSTRAINT members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

--
-- Name: monitor_tokens monitor_tokens_monitor_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitor_tokens
    ADD CONSTRAINT monitor_tokens_monitor_id_fkey FOREIGN KEY (monitor_id) REFERENCES vigil.monitors(id) ON DELETE CASCADE;

--
-- Name: monitors monitors_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.monitors
    ADD CONSTRAINT monitors_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: restore_runs restore_runs_backup_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.restore_runs
    ADD CONSTRAINT restore_runs_backup_id_fkey FOREIGN KEY (backup_id) REFERENCES vigil.backups(id) ON DELETE SET NULL;

--
-- Name: rollup_deferred rollup_deferred_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.rollup_deferred
    ADD CONSTRAINT rollup_deferred_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: slos slos_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.slos
    ADD CONSTRAINT slos_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: status_pages status_pages_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.status_pages
    ADD CONSTRAINT status_pages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: tenant_deletions tenant_deletions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.tenant_deletions
    ADD CONSTRAINT tenant_deletions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: uptime_cache uptime_cache_tenant_id_fkey; Type: FK CONSTRAINT; Schema: vigil; Owner: postgres
--

ALTER TABLE ONLY vigil.uptime_cache
    ADD CONSTRAINT uptime_cache_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES vigil.tenants(id) ON DELETE CASCADE;

--
-- Name: alert_channels; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_channels ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_channels alert_channels_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_channels_delete ON vigil.alert_channels FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_channels alert_channels_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_channels_insert ON vigil.alert_channels FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_channels alert_channels_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_channels_read ON vigil.alert_channels FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_channels alert_channels_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_channels_service ON vigil.alert_channels TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_channels alert_channels_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_channels_update ON vigil.alert_channels FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_delivery_attempts; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_delivery_attempts ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_delivery_attempts alert_delivery_attempts_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_delivery_attempts_read ON vigil.alert_delivery_attempts FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_delivery_attempts alert_delivery_attempts_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_delivery_attempts_service ON vigil.alert_delivery_attempts TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_history; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_history ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_history alert_history_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_history_read ON vigil.alert_history FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_history alert_history_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_history_service ON vigil.alert_history TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_metrics; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_metrics ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_metrics alert_metrics_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_metrics_read ON vigil.alert_metrics FOR SELECT TO authenticated USING (true);

--
-- Name: alert_metrics alert_metrics_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_metrics_service ON vigil.alert_metrics TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_mute_windows; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_mute_windows ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_mute_windows alert_mute_windows_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_mute_windows_delete ON vigil.alert_mute_windows FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_mute_windows alert_mute_windows_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_mute_windows_insert ON vigil.alert_mute_windows FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_mute_windows alert_mute_windows_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_mute_windows_read ON vigil.alert_mute_windows FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_mute_windows alert_mute_windows_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_mute_windows_service ON vigil.alert_mute_windows TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_mute_windows alert_mute_windows_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_mute_windows_update ON vigil.alert_mute_windows FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_notifications; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_notifications ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_notifications alert_notifications_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_notifications_read ON vigil.alert_notifications FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_notifications alert_notifications_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_notifications_service ON vigil.alert_notifications TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_rules; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_rules ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_rules alert_rules_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_rules_delete ON vigil.alert_rules FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_rules alert_rules_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_rules_insert ON vigil.alert_rules FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_rules alert_rules_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_rules_read ON vigil.alert_rules FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_rules alert_rules_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_rules_service ON vigil.alert_rules TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_rules alert_rules_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_rules_update ON vigil.alert_rules FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: alert_silences; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alert_silences ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_silences alert_silences_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_silences_delete ON vigil.alert_silences FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_silences alert_silences_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_silences_insert ON vigil.alert_silences FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alert_silences alert_silences_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_silences_read ON vigil.alert_silences FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alert_silences alert_silences_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_silences_service ON vigil.alert_silences TO service_role USING (true) WITH CHECK (true);

--
-- Name: alert_silences alert_silences_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alert_silences_update ON vigil.alert_silences FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: alerts; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.alerts ENABLE ROW LEVEL SECURITY;

--
-- Name: alerts alerts_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alerts_read ON vigil.alerts FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: alerts alerts_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY alerts_service ON vigil.alerts TO service_role USING (true) WITH CHECK (true);

--
-- Name: all_rollups; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.all_rollups ENABLE ROW LEVEL SECURITY;

--
-- Name: backup_files; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.backup_files ENABLE ROW LEVEL SECURITY;

--
-- Name: backup_files backup_files_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backup_files_service ON vigil.backup_files TO service_role USING (true) WITH CHECK (true);

--
-- Name: backup_files backup_files_system_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backup_files_system_read ON vigil.backup_files FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: backup_policies; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.backup_policies ENABLE ROW LEVEL SECURITY;

--
-- Name: backup_policies backup_policies_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backup_policies_service ON vigil.backup_policies TO service_role USING (true) WITH CHECK (true);

--
-- Name: backup_policies backup_policies_system_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backup_policies_system_read ON vigil.backup_policies FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: backups; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.backups ENABLE ROW LEVEL SECURITY;

--
-- Name: backups backups_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backups_service ON vigil.backups TO service_role USING (true) WITH CHECK (true);

--
-- Name: backups backups_system_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY backups_system_read ON vigil.backups FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: cron_job_watch; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.cron_job_watch ENABLE ROW LEVEL SECURITY;

--
-- Name: cron_job_watch cron_job_watch_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY cron_job_watch_read ON vigil.cron_job_watch FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: cron_job_watch cron_job_watch_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY cron_job_watch_service ON vigil.cron_job_watch TO service_role USING (true) WITH CHECK (true);

--
-- Name: dashboard_cards; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.dashboard_cards ENABLE ROW LEVEL SECURITY;

--
-- Name: dashboard_cards dashboard_cards_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY dashboard_cards_read ON vigil.dashboard_cards FOR SELECT TO authenticated, service_role USING (true);

--
-- Name: dashboard_markers; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.dashboard_markers ENABLE ROW LEVEL SECURITY;

--
-- Name: dashboard_markers dashboard_markers_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY dashboard_markers_read ON vigil.dashboard_markers FOR SELECT TO authenticated, service_role USING (true);

--
-- Name: default_alert_rules; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.default_alert_rules ENABLE ROW LEVEL SECURITY;

--
-- Name: default_alert_rules default_alert_rules_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY default_alert_rules_read ON vigil.default_alert_rules FOR SELECT TO authenticated USING (true);

--
-- Name: default_alert_rules default_alert_rules_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY default_alert_rules_service ON vigil.default_alert_rules TO service_role USING (true) WITH CHECK (true);

--
-- Name: deploy_actions; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deploy_actions ENABLE ROW LEVEL SECURITY;

--
-- Name: deploy_actions deploy_actions_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_actions_read ON vigil.deploy_actions FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: deploy_actions deploy_actions_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_actions_service ON vigil.deploy_actions TO service_role USING (true) WITH CHECK (true);

--
-- Name: deploy_key_usage; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deploy_key_usage ENABLE ROW LEVEL SECURITY;

--
-- Name: deploy_key_usage deploy_key_usage_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_key_usage_service ON vigil.deploy_key_usage TO service_role USING (true) WITH CHECK (true);

--
-- Name: deploy_keys; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deploy_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: deploy_keys deploy_keys_admin_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_keys_admin_read ON vigil.deploy_keys FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: deploy_keys deploy_keys_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_keys_service ON vigil.deploy_keys TO service_role USING (true) WITH CHECK (true);

--
-- Name: deploy_targets; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deploy_targets ENABLE ROW LEVEL SECURITY;

--
-- Name: deploy_targets deploy_targets_admin_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_targets_admin_delete ON vigil.deploy_targets FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: deploy_targets deploy_targets_admin_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_targets_admin_insert ON vigil.deploy_targets FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: deploy_targets deploy_targets_admin_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_targets_admin_update ON vigil.deploy_targets FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: deploy_targets deploy_targets_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_targets_read ON vigil.deploy_targets FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: deploy_targets deploy_targets_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_targets_service ON vigil.deploy_targets TO service_role USING (true) WITH CHECK (true);

--
-- Name: deploy_webhook_deliveries; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deploy_webhook_deliveries ENABLE ROW LEVEL SECURITY;

--
-- Name: deploy_webhook_deliveries deploy_webhook_deliveries_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deploy_webhook_deliveries_service ON vigil.deploy_webhook_deliveries TO service_role USING (true) WITH CHECK (true);

--
-- Name: deployment_history; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deployment_history ENABLE ROW LEVEL SECURITY;

--
-- Name: deployment_history deployment_history_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deployment_history_read ON vigil.deployment_history FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: deployment_history deployment_history_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deployment_history_service ON vigil.deployment_history TO service_role USING (true) WITH CHECK (true);

--
-- Name: deployments; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.deployments ENABLE ROW LEVEL SECURITY;

--
-- Name: deployments deployments_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deployments_read ON vigil.deployments FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: deployments deployments_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY deployments_service ON vigil.deployments TO service_role USING (true) WITH CHECK (true);

--
-- Name: error_group_seen; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.error_group_seen ENABLE ROW LEVEL SECURITY;

--
-- Name: error_group_seen error_group_seen_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_seen_read ON vigil.error_group_seen FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: error_group_seen error_group_seen_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_seen_service ON vigil.error_group_seen TO service_role USING (true) WITH CHECK (true);

--
-- Name: error_group_states; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.error_group_states ENABLE ROW LEVEL SECURITY;

--
-- Name: error_group_states error_group_states_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_states_delete ON vigil.error_group_states FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: error_group_states error_group_states_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_states_insert ON vigil.error_group_states FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: error_group_states error_group_states_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_states_read ON vigil.error_group_states FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: error_group_states error_group_states_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_states_service ON vigil.error_group_states TO service_role USING (true) WITH CHECK (true);

--
-- Name: error_group_states error_group_states_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY error_group_states_update ON vigil.error_group_states FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: events; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.events ENABLE ROW LEVEL SECURITY;

--
-- Name: events events_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY events_read ON vigil.events FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: events events_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY events_service ON vigil.events TO service_role USING (true) WITH CHECK (true);

--
-- Name: heal_rules; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.heal_rules ENABLE ROW LEVEL SECURITY;

--
-- Name: heal_rules heal_rules_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_rules_delete ON vigil.heal_rules FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: heal_rules heal_rules_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_rules_read ON vigil.heal_rules FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: heal_rules heal_rules_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_rules_service ON vigil.heal_rules TO service_role USING (true) WITH CHECK (true);

--
-- Name: heal_rules heal_rules_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_rules_update ON vigil.heal_rules FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: heal_runs; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.heal_runs ENABLE ROW LEVEL SECURITY;

--
-- Name: heal_runs heal_runs_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_runs_read ON vigil.heal_runs FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: heal_runs heal_runs_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heal_runs_service ON vigil.heal_runs TO service_role USING (true) WITH CHECK (true);

--
-- Name: heartbeat_pings; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.heartbeat_pings ENABLE ROW LEVEL SECURITY;

--
-- Name: heartbeat_pings heartbeat_pings_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heartbeat_pings_read ON vigil.heartbeat_pings FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: heartbeat_pings heartbeat_pings_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY heartbeat_pings_service ON vigil.heartbeat_pings TO service_role USING (true) WITH CHECK (true);

--
-- Name: incident_updates; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.incident_updates ENABLE ROW LEVEL SECURITY;

--
-- Name: incident_updates incident_updates_operator_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incident_updates_operator_insert ON vigil.incident_updates FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: incident_updates incident_updates_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incident_updates_read ON vigil.incident_updates FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: incident_updates incident_updates_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incident_updates_service ON vigil.incident_updates TO service_role USING (true) WITH CHECK (true);

--
-- Name: incidents; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.incidents ENABLE ROW LEVEL SECURITY;

--
-- Name: incidents incidents_operator_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incidents_operator_insert ON vigil.incidents FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: incidents incidents_operator_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incidents_operator_update ON vigil.incidents FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: incidents incidents_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incidents_read ON vigil.incidents FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: incidents incidents_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY incidents_service ON vigil.incidents TO service_role USING (true) WITH CHECK (true);

--
-- Name: ingest_keys; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.ingest_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: ingest_keys ingest_keys_admin_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY ingest_keys_admin_read ON vigil.ingest_keys FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: ingest_keys ingest_keys_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY ingest_keys_service ON vigil.ingest_keys TO service_role USING (true) WITH CHECK (true);

--
-- Name: ingest_usage; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.ingest_usage ENABLE ROW LEVEL SECURITY;

--
-- Name: ingest_usage ingest_usage_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY ingest_usage_service ON vigil.ingest_usage TO service_role USING (true) WITH CHECK (true);

--
-- Name: job_items; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.job_items ENABLE ROW LEVEL SECURITY;

--
-- Name: job_items job_items_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY job_items_insert ON vigil.job_items FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: job_items job_items_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY job_items_read ON vigil.job_items FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: job_items job_items_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY job_items_service ON vigil.job_items TO service_role USING (true) WITH CHECK (true);

--
-- Name: job_items job_items_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY job_items_update ON vigil.job_items FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: jobs; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: jobs jobs_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY jobs_insert ON vigil.jobs FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: jobs jobs_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY jobs_read ON vigil.jobs FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: jobs jobs_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY jobs_service ON vigil.jobs TO service_role USING (true) WITH CHECK (true);

--
-- Name: jobs jobs_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY jobs_update ON vigil.jobs FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: kind_rollups; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.kind_rollups ENABLE ROW LEVEL SECURITY;

--
-- Name: kind_rollups kind_rollups_members_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY kind_rollups_members_read ON vigil.kind_rollups FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: kind_rollups kind_rollups_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY kind_rollups_service ON vigil.kind_rollups TO service_role USING (true) WITH CHECK (true);

--
-- Name: maintenance_runs; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.maintenance_runs ENABLE ROW LEVEL SECURITY;

--
-- Name: maintenance_runs maintenance_runs_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_runs_read ON vigil.maintenance_runs FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: maintenance_runs maintenance_runs_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_runs_service ON vigil.maintenance_runs TO service_role USING (true) WITH CHECK (true);

--
-- Name: maintenance_settings; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.maintenance_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: maintenance_settings maintenance_settings_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_settings_read ON vigil.maintenance_settings FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: maintenance_settings maintenance_settings_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_settings_service ON vigil.maintenance_settings TO service_role USING (true) WITH CHECK (true);

--
-- Name: maintenance_steps; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.maintenance_steps ENABLE ROW LEVEL SECURITY;

--
-- Name: maintenance_steps maintenance_steps_service_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_steps_service_read ON vigil.maintenance_steps FOR SELECT TO service_role USING (true);

--
-- Name: maintenance_steps maintenance_steps_system_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY maintenance_steps_system_read ON vigil.maintenance_steps FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: materialized_views; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.materialized_views ENABLE ROW LEVEL SECURITY;

--
-- Name: materialized_views materialized_views_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY materialized_views_read ON vigil.materialized_views FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: materialized_views materialized_views_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY materialized_views_service ON vigil.materialized_views TO service_role USING (true) WITH CHECK (true);

--
-- Name: members; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.members ENABLE ROW LEVEL SECURITY;

--
-- Name: members members_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY members_read ON vigil.members FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: members members_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY members_service ON vigil.members TO service_role USING (true) WITH CHECK (true);

--
-- Name: milestone_times; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.milestone_times ENABLE ROW LEVEL SECURITY;

--
-- Name: milestone_times milestone_times_members_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY milestone_times_members_read ON vigil.milestone_times FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: milestone_times milestone_times_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY milestone_times_service ON vigil.milestone_times TO service_role USING (true) WITH CHECK (true);

--
-- Name: monitor_tokens; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.monitor_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: monitor_tokens monitor_tokens_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY monitor_tokens_service ON vigil.monitor_tokens TO service_role USING (true) WITH CHECK (true);

--
-- Name: monitors; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.monitors ENABLE ROW LEVEL SECURITY;

--
-- Name: monitors monitors_admin_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY monitors_admin_delete ON vigil.monitors FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: monitors monitors_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY monitors_read ON vigil.monitors FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: monitors monitors_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY monitors_service ON vigil.monitors TO service_role USING (true) WITH CHECK (true);

--
-- Name: restore_runs; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.restore_runs ENABLE ROW LEVEL SECURITY;

--
-- Name: restore_runs restore_runs_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY restore_runs_service ON vigil.restore_runs TO service_role USING (true) WITH CHECK (true);

--
-- Name: restore_runs restore_runs_system_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY restore_runs_system_read ON vigil.restore_runs FOR SELECT TO authenticated USING (vigil.has_role(vigil.system_tenant_id(), 'viewer'::vigil.member_role));

--
-- Name: rollup_deferred; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.rollup_deferred ENABLE ROW LEVEL SECURITY;

--
-- Name: rollup_deferred rollup_deferred_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollup_deferred_service ON vigil.rollup_deferred FOR SELECT TO service_role USING (true);

--
-- Name: rollup_passes; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.rollup_passes ENABLE ROW LEVEL SECURITY;

--
-- Name: rollup_passes rollup_passes_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollup_passes_service ON vigil.rollup_passes FOR SELECT TO service_role USING (true);

--
-- Name: rollup_state; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.rollup_state ENABLE ROW LEVEL SECURITY;

--
-- Name: rollup_state rollup_state_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollup_state_service ON vigil.rollup_state FOR SELECT TO service_role USING (true);

--
-- Name: rollups; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.rollups ENABLE ROW LEVEL SECURITY;

--
-- Name: all_rollups rollups_members_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollups_members_read ON vigil.all_rollups FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: rollups rollups_members_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollups_members_read ON vigil.rollups FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: all_rollups rollups_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollups_service ON vigil.all_rollups TO service_role USING (true) WITH CHECK (true);

--
-- Name: rollups rollups_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY rollups_service ON vigil.rollups TO service_role USING (true) WITH CHECK (true);

--
-- Name: settings; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.settings ENABLE ROW LEVEL SECURITY;

--
-- Name: settings settings_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY settings_service ON vigil.settings TO service_role USING (true) WITH CHECK (true);

--
-- Name: slos; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.slos ENABLE ROW LEVEL SECURITY;

--
-- Name: slos slos_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY slos_delete ON vigil.slos FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: slos slos_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY slos_insert ON vigil.slos FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: slos slos_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY slos_read ON vigil.slos FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: slos slos_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY slos_service ON vigil.slos TO service_role USING (true) WITH CHECK (true);

--
-- Name: slos slos_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY slos_update ON vigil.slos FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'operator'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'operator'::vigil.member_role));

--
-- Name: status_pages; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.status_pages ENABLE ROW LEVEL SECURITY;

--
-- Name: status_pages status_pages_admin_delete; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY status_pages_admin_delete ON vigil.status_pages FOR DELETE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: status_pages status_pages_admin_insert; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY status_pages_admin_insert ON vigil.status_pages FOR INSERT TO authenticated WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: status_pages status_pages_admin_update; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY status_pages_admin_update ON vigil.status_pages FOR UPDATE TO authenticated USING (vigil.has_role(tenant_id, 'admin'::vigil.member_role)) WITH CHECK (vigil.has_role(tenant_id, 'admin'::vigil.member_role));

--
-- Name: status_pages status_pages_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY status_pages_read ON vigil.status_pages FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: status_pages status_pages_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY status_pages_service ON vigil.status_pages TO service_role USING (true) WITH CHECK (true);

--
-- Name: tenant_deletions; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.tenant_deletions ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_deletions tenant_deletions_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY tenant_deletions_service ON vigil.tenant_deletions FOR SELECT TO service_role USING (true);

--
-- Name: tenants; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: tenants tenants_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY tenants_read ON vigil.tenants FOR SELECT TO authenticated USING (vigil.has_role(id, 'viewer'::vigil.member_role));

--
-- Name: tenants tenants_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY tenants_service ON vigil.tenants TO service_role USING (true) WITH CHECK (true);

--
-- Name: uptime_cache; Type: ROW SECURITY; Schema: vigil; Owner: postgres
--

ALTER TABLE vigil.uptime_cache ENABLE ROW LEVEL SECURITY;

--
-- Name: uptime_cache uptime_cache_read; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY uptime_cache_read ON vigil.uptime_cache FOR SELECT TO authenticated USING (vigil.has_role(tenant_id, 'viewer'::vigil.member_role));

--
-- Name: uptime_cache uptime_cache_service; Type: POLICY; Schema: vigil; Owner: postgres
--

CREATE POLICY uptime_cache_service ON vigil.uptime_cache TO service_role USING (true) WITH CHECK (true);

--
-- Name: SCHEMA vigil; Type: ACL; Schema: -; Owner: postgres
--

GRANT USAGE ON SCHEMA vigil TO anon;
GRANT USAGE ON SCHEMA vigil TO authenticated;
GRANT USAGE ON SCHEMA vigil TO service_role;

--
-- Name: SCHEMA vigil_api; Type: ACL; Schema: -; Owner: postgres
--

GRANT USAGE ON SCHEMA vigil_api TO anon;
GRANT USAGE ON SCHEMA vigil_api TO authenticated;
GRANT USAGE ON SCHEMA vigil_api TO service_role;

--
-- Name: FUNCTION _act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._act_on_alert(p_alert uuid, p_action text, p_note text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _address_refusal(p_addr inet); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._address_refusal(p_addr inet) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._address_refusal(p_addr inet) TO authenticated;
GRANT ALL ON FUNCTION vigil._address_refusal(p_addr inet) TO service_role;

--
-- Name: TABLE alert_rules; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.alert_rules TO authenticated;
GRANT ALL ON TABLE vigil.alert_rules TO service_role;

--
-- Name: FUNCTION _advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._advance_alert(p_rule vigil.alert_rules, p_labels jsonb, p_value double precision, p_events bigint, p_error text, p_now timestamp with time zone, OUT transitioned boolean, OUT notified integer) TO service_role;

--
-- Name: FUNCTION _alert_builtin_values(p_now timestamp with time zone, p_tenant uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_builtin_values(p_now timestamp with time zone, p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_builtin_values(p_now timestamp with time zone, p_tenant uuid) TO service_role;

--
-- Name: FUNCTION _alert_channels_check(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_channels_check() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_channels_check() TO authenticated;
GRANT ALL ON FUNCTION vigil._alert_channels_check() TO service_role;

--
-- Name: FUNCTION _alert_match_labels(p_rule vigil.alert_rules, p_series jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_match_labels(p_rule vigil.alert_rules, p_series jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_match_labels(p_rule vigil.alert_rules, p_series jsonb) TO service_role;

--
-- Name: FUNCTION _alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_muted_by(p_tenant uuid, p_match jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: TABLE alerts; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.alerts TO authenticated;
GRANT ALL ON TABLE vigil.alerts TO service_role;

--
-- Name: FUNCTION _alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamp with time zone, p_actor uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamp with time zone, p_actor uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_payload(p_alert vigil.alerts, p_rule vigil.alert_rules, p_kind text, p_now timestamp with time zone, p_actor uuid) TO service_role;

--
-- Name: FUNCTION _alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamp with time zone) TO service_role;

--
-- Name: TABLE monitors; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,DELETE ON TABLE vigil.monitors TO authenticated;
GRANT ALL ON TABLE vigil.monitors TO service_role;

--
-- Name: FUNCTION _apply_monitor_json(p_monitor vigil.monitors, p_json jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) TO service_role;

--
-- Name: FUNCTION _apply_rule_json(p_rule vigil.alert_rules, p_json jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._apply_rule_json(p_rule vigil.alert_rules, p_json jsonb) TO service_role;

--
-- Name: TABLE deployments; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.deployments TO authenticated;
GRANT ALL ON TABLE vigil.deployments TO service_role;

--
-- Name: FUNCTION _apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamp with time zone, p_actor text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamp with time zone, p_actor text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamp with time zone, p_actor text) TO service_role;

--
-- Name: FUNCTION _audit_tenant_deletion(p_name text, p_attributes jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._audit_tenant_deletion(p_name text, p_attributes jsonb) FROM PUBLIC;

--
-- Name: TABLE backup_policies; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.backup_policies TO authenticated;
GRANT ALL ON TABLE vigil.backup_policies TO service_role;

--
-- Name: FUNCTION _backup_policy(p_policy text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._backup_policy(p_policy text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._backup_policy(p_policy text) TO service_role;

--
-- Name: FUNCTION _cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _caller_is_trusted(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._caller_is_trusted() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._caller_is_trusted() TO anon;
GRANT ALL ON FUNCTION vigil._caller_is_trusted() TO authenticated;
GRANT ALL ON FUNCTION vigil._caller_is_trusted() TO service_role;

--
-- Name: FUNCTION _can_refresh_concurrently(p_view regclass); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._can_refresh_concurrently(p_view regclass) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._can_refresh_concurrently(p_view regclass) TO service_role;

--
-- Name: FUNCTION _check_channel(p_type text, p_config jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_channel(p_type text, p_config jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_channel(p_type text, p_config jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_channel(p_type text, p_config jsonb) TO service_role;

--
-- Name: FUNCTION _check_kinds(p_kinds text[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_kinds(p_kinds text[]) FROM PUBLIC;

--
-- Name: FUNCTION _check_limit(p_limit integer, p_max integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_limit(p_limit integer, p_max integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_limit(p_limit integer, p_max integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_limit(p_limit integer, p_max integer) TO service_role;

--
-- Name: FUNCTION _check_matchers(p_matchers jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_matchers(p_matchers jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_matchers(p_matchers jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_matchers(p_matchers jsonb) TO service_role;

--
-- Name: FUNCTION _check_name(p_name text, p_max integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_name(p_name text, p_max integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_name(p_name text, p_max integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_name(p_name text, p_max integer) TO service_role;

--
-- Name: FUNCTION _check_new_heal_rule(p_tenant uuid, p_max_rows integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) TO service_role;

--
-- Name: FUNCTION _check_outbound_url(p_url text, p_purpose text, p_field text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_outbound_url(p_url text, p_purpose text, p_field text) TO service_role;

--
-- Name: FUNCTION _check_rule_scope(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_rule_scope() FROM PUBLIC;

--
-- Name: FUNCTION _check_secret_name(p_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_secret_name(p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_secret_name(p_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_secret_name(p_name text) TO service_role;

--
-- Name: FUNCTION _check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_stats_call(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _check_window(p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._check_window(p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamp with time zone) FROM PUBLIC;

--
-- Name: FUNCTION _compare(p_value double precision, p_comparator text, p_threshold double precision); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._compare(p_value double precision, p_comparator text, p_threshold double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._compare(p_value double precision, p_comparator text, p_threshold double precision) TO service_role;

--
-- Name: FUNCTION _create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) TO service_role;

--
-- Name: FUNCTION _create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) TO service_role;

--
-- Name: FUNCTION _create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) TO service_role;

--
-- Name: FUNCTION _create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) TO service_role;

--
-- Name: FUNCTION _create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role, p_writes text[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_policies(p_table regclass, p_tenant_column name, p_read vigil.member_role, p_write vigil.member_role, p_writes text[]) FROM PUBLIC;

--
-- Name: TABLE tenants; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.tenants TO authenticated;
GRANT ALL ON TABLE vigil.tenants TO service_role;

--
-- Name: FUNCTION _create_tenant(p_name text, p_slug text, p_admin uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil._create_tenant(p_name text, p_slug text, p_admin uuid) TO service_role;

--
-- Name: FUNCTION _cron_interval_seconds(p_schedule text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._cron_interval_seconds(p_schedule text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._cron_interval_seconds(p_schedule text) TO service_role;

--
-- Name: FUNCTION _csv_field(p_value text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._csv_field(p_value text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._csv_field(p_value text) TO authenticated;
GRANT ALL ON FUNCTION vigil._csv_field(p_value text) TO service_role;

--
-- Name: FUNCTION _dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._dashboard_bucket(p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _dashboard_function(p_fn text, OUT schema_name text, OUT function_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil._dashboard_function(p_fn text, OUT schema_name text, OUT function_name text) TO service_role;

--
-- Name: FUNCTION _dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._dashboard_markers(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _default_secret_name(p_type text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._default_secret_name(p_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._default_secret_name(p_type text) TO authenticated;
GRANT ALL ON FUNCTION vigil._default_secret_name(p_type text) TO service_role;

--
-- Name: FUNCTION _delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) TO authenticated;
GRANT ALL ON FUNCTION vigil._delete_owned(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) TO service_role;

--
-- Name: FUNCTION _delete_tenant(p_tenant uuid, p_confirm text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) TO authenticated;
GRANT ALL ON FUNCTION vigil._delete_tenant(p_tenant uuid, p_confirm text) TO service_role;

--
-- Name: FUNCTION _delete_tenant_batch(p_tenant uuid, p_budget integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._delete_tenant_batch(p_tenant uuid, p_budget integer) FROM PUBLIC;

--
-- Name: FUNCTION _deploy_advance(p_deployment uuid, p_status text, p_now timestamp with time zone, p_actor text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_advance(p_deployment uuid, p_status text, p_now timestamp with time zone, p_actor text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_advance(p_deployment uuid, p_status text, p_now timestamp with time zone, p_actor text) TO service_role;

--
-- Name: FUNCTION _deploy_alert(p_target uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_alert(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_alert(p_target uuid) TO service_role;

--
-- Name: TABLE deploy_targets; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.deploy_targets TO authenticated;
GRANT ALL ON TABLE vigil.deploy_targets TO service_role;

--
-- Name: FUNCTION _deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _deploy_key_target(p_key text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_key_target(p_key text) FROM PUBLIC;

--
-- Name: FUNCTION _deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamp with time zone, p_actor text, p_note text) TO service_role;

--
-- Name: FUNCTION _deploy_next(p_from text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_next(p_from text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_next(p_from text) TO service_role;

--
-- Name: FUNCTION _deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _deploy_smoke_checks(p_key text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_smoke_checks(p_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_smoke_checks(p_key text) TO anon;
GRANT ALL ON FUNCTION vigil._deploy_smoke_checks(p_key text) TO authenticated;
GRANT ALL ON FUNCTION vigil._deploy_smoke_checks(p_key text) TO service_role;

--
-- Name: FUNCTION _deploy_targets_check(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._deploy_targets_check() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._deploy_targets_check() TO authenticated;
GRANT ALL ON FUNCTION vigil._deploy_targets_check() TO service_role;

--
-- Name: FUNCTION _enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamp with time zone, p_actor text, p_reason text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamp with time zone, p_actor text, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamp with time zone, p_actor text, p_reason text) TO service_role;

--
-- Name: FUNCTION _ensure_partition(p_day date); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._ensure_partition(p_day date) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._ensure_partition(p_day date) TO service_role;

--
-- Name: FUNCTION _error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._error_events(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _event_fields(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._event_fields() FROM PUBLIC;

--
-- Name: FUNCTION _event_kinds(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._event_kinds() FROM PUBLIC;

--
-- Name: FUNCTION _exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil._exact_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) TO service_role;

--
-- Name: FUNCTION _export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) TO service_role;

--
-- Name: FUNCTION _fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _find_key(p_table regclass, p_key text, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._find_key(p_table regclass, p_key text, p_thing text) FROM PUBLIC;

--
-- Name: FUNCTION _first_key(p_object jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._first_key(p_object jsonb) FROM PUBLIC;

--
-- Name: FUNCTION _fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._fold_day(p_lo timestamp with time zone, p_hi timestamp with time zone, p_mfrom timestamp with time zone, p_floor bigint, p_from xid8, p_to xid8, p_tenant uuid, OUT events bigint, OUT rollup_rows bigint) TO service_role;

--
-- Name: FUNCTION _funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) TO authenticated;
GRANT ALL ON FUNCTION vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) TO service_role;

--
-- Name: FUNCTION _hash_key(p_key text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._hash_key(p_key text) FROM PUBLIC;

--
-- Name: TABLE heal_rules; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,DELETE ON TABLE vigil.heal_rules TO authenticated;
GRANT ALL ON TABLE vigil.heal_rules TO service_role;

--
-- Name: COLUMN heal_rules.max_rows; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT UPDATE(max_rows) ON TABLE vigil.heal_rules TO authenticated;

--
-- Name: COLUMN heal_rules.enabled; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT UPDATE(enabled) ON TABLE vigil.heal_rules TO authenticated;

--
-- Name: COLUMN heal_rules.dry_run; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT UPDATE(dry_run) ON TABLE vigil.heal_rules TO authenticated;

--
-- Name: FUNCTION _heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamp with time zone, p_dry_run boolean, p_sample integer, OUT rows_changed integer, OUT sample_ids text[]) TO service_role;

--
-- Name: FUNCTION _heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil._heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) TO service_role;

--
-- Name: FUNCTION _heal_rule_for(p_rule uuid, p_min vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) TO service_role;

--
-- Name: TABLE heal_runs; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.heal_runs TO authenticated;
GRANT ALL ON TABLE vigil.heal_runs TO service_role;

--
-- Name: FUNCTION _heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._heal_run(p_rule vigil.heal_rules, p_now timestamp with time zone, p_trigger text) TO service_role;

--
-- Name: FUNCTION _heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._heal_target(p_schema text, p_table text, p_key text, p_status text, p_age text, OUT relid oid, OUT status_type text, OUT age_type text, OUT status_typid oid, OUT status_typmod integer) TO service_role;

--
-- Name: FUNCTION _hist_coarse(p_keys smallint[], p_counts integer[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._hist_coarse(p_keys smallint[], p_counts integer[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._hist_coarse(p_keys smallint[], p_counts integer[]) TO service_role;

--
-- Name: FUNCTION _hist_key(p_ms double precision); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._hist_key(p_ms double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._hist_key(p_ms double precision) TO authenticated;
GRANT ALL ON FUNCTION vigil._hist_key(p_ms double precision) TO service_role;

--
-- Name: FUNCTION _incident_from_alert(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._incident_from_alert() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._incident_from_alert() TO authenticated;
GRANT ALL ON FUNCTION vigil._incident_from_alert() TO service_role;

--
-- Name: FUNCTION _incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamp with time zone, p_by uuid) TO service_role;

--
-- Name: FUNCTION _ingest(p_key text, p_events jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._ingest(p_key text, p_events jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._ingest(p_key text, p_events jsonb) TO anon;
GRANT ALL ON FUNCTION vigil._ingest(p_key text, p_events jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._ingest(p_key text, p_events jsonb) TO service_role;

--
-- Name: FUNCTION _is_allowed_url(p_url text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._is_allowed_url(p_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._is_allowed_url(p_url text) TO authenticated;
GRANT ALL ON FUNCTION vigil._is_allowed_url(p_url text) TO service_role;

--
-- Name: FUNCTION _job_tenant(p_job uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._job_tenant(p_job uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._job_tenant(p_job uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil._job_tenant(p_job uuid) TO service_role;

--
-- Name: FUNCTION _js_space(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._js_space() FROM PUBLIC;

--
-- Name: FUNCTION _json_bool(p_value jsonb, p_field text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._json_bool(p_value jsonb, p_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._json_bool(p_value jsonb, p_field text) TO authenticated;
GRANT ALL ON FUNCTION vigil._json_bool(p_value jsonb, p_field text) TO service_role;

--
-- Name: FUNCTION _json_interval(p_value jsonb, p_field text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._json_interval(p_value jsonb, p_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._json_interval(p_value jsonb, p_field text) TO authenticated;
GRANT ALL ON FUNCTION vigil._json_interval(p_value jsonb, p_field text) TO service_role;

--
-- Name: FUNCTION _json_number(p_value jsonb, p_field text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._json_number(p_value jsonb, p_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._json_number(p_value jsonb, p_field text) TO authenticated;
GRANT ALL ON FUNCTION vigil._json_number(p_value jsonb, p_field text) TO service_role;

--
-- Name: FUNCTION _json_scalar(p_value jsonb, p_field text, p_type text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._json_scalar(p_value jsonb, p_field text, p_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._json_scalar(p_value jsonb, p_field text, p_type text) TO authenticated;
GRANT ALL ON FUNCTION vigil._json_scalar(p_value jsonb, p_field text, p_type text) TO service_role;

--
-- Name: FUNCTION _json_text(p_value jsonb, p_field text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._json_text(p_value jsonb, p_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._json_text(p_value jsonb, p_field text) TO authenticated;
GRANT ALL ON FUNCTION vigil._json_text(p_value jsonb, p_field text) TO service_role;

--
-- Name: FUNCTION _jsonb_add_counts(p_a jsonb, p_b jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) TO service_role;

--
-- Name: FUNCTION _last_good_deployment(p_target uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._last_good_deployment(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._last_good_deployment(p_target uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil._last_good_deployment(p_target uuid) TO service_role;

--
-- Name: FUNCTION _live_deployment(p_target uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._live_deployment(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._live_deployment(p_target uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil._live_deployment(p_target uuid) TO service_role;

--
-- Name: FUNCTION _maintenance_job(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._maintenance_job() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._maintenance_job() TO authenticated;
GRANT ALL ON FUNCTION vigil._maintenance_job() TO service_role;

--
-- Name: FUNCTION _monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _monitor_json(p_monitor vigil.monitors); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._monitor_json(p_monitor vigil.monitors) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._monitor_json(p_monitor vigil.monitors) TO authenticated;
GRANT ALL ON FUNCTION vigil._monitor_json(p_monitor vigil.monitors) TO service_role;

--
-- Name: FUNCTION _monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._monitor_state(p_paused boolean, p_maintenance boolean, p_down boolean, p_failing boolean, p_slow boolean) TO service_role;

--
-- Name: FUNCTION _new_key(p_prefix text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._new_key(p_prefix text) FROM PUBLIC;

--
-- Name: FUNCTION _notify_alert(p_alert uuid, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._notify_alert(p_alert uuid, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._notify_alert(p_alert uuid, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil._operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) TO service_role;

--
-- Name: FUNCTION _outbound_refusal_text(p_reason text, p_purpose text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text) TO authenticated;
GRANT ALL ON FUNCTION vigil._outbound_refusal_text(p_reason text, p_purpose text) TO service_role;

--
-- Name: FUNCTION _outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean) TO authenticated;
GRANT ALL ON FUNCTION vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean) TO service_role;

--
-- Name: FUNCTION _parse_ipv4(p_host text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._parse_ipv4(p_host text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._parse_ipv4(p_host text) TO authenticated;
GRANT ALL ON FUNCTION vigil._parse_ipv4(p_host text) TO service_role;

--
-- Name: FUNCTION _partition_name(p_day date); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._partition_name(p_day date) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._partition_name(p_day date) TO service_role;

--
-- Name: FUNCTION _ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) TO anon;
GRANT ALL ON FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._ping(p_token text, p_signal text, p_body text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._prune(p_table regclass, p_column text, p_before timestamp with time zone, p_limit integer) TO service_role;

--
-- Name: FUNCTION _record_check_results(p_results jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._record_check_results(p_results jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._record_check_results(p_results jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._record_system_event(p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) TO service_role;

--
-- Name: FUNCTION _report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) TO anon;
GRANT ALL ON FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) TO anon;
GRANT ALL ON FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _requeue_notification(p_notification bigint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._requeue_notification(p_notification bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._requeue_notification(p_notification bigint) TO authenticated;
GRANT ALL ON FUNCTION vigil._requeue_notification(p_notification bigint) TO service_role;

--
-- Name: FUNCTION _require_backup_manager(p_what text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._require_backup_manager(p_what text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._require_backup_manager(p_what text) TO authenticated;
GRANT ALL ON FUNCTION vigil._require_backup_manager(p_what text) TO service_role;

--
-- Name: TABLE jobs; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,UPDATE ON TABLE vigil.jobs TO authenticated;
GRANT ALL ON TABLE vigil.jobs TO service_role;

--
-- Name: FUNCTION _require_job(p_job uuid, p_min vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._require_job(p_job uuid, p_min vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._require_job(p_job uuid, p_min vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil._require_job(p_job uuid, p_min vigil.member_role) TO service_role;

--
-- Name: FUNCTION _require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) TO authenticated;
GRANT ALL ON FUNCTION vigil._require_owner(p_tenant uuid, p_min vigil.member_role, p_thing text) TO service_role;

--
-- Name: FUNCTION _require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) TO authenticated;
GRANT ALL ON FUNCTION vigil._require_owner_of(p_table regclass, p_id anyelement, p_min vigil.member_role, p_thing text) TO service_role;

--
-- Name: FUNCTION _require_trusted(p_message text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._require_trusted(p_message text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._require_trusted(p_message text) TO authenticated;
GRANT ALL ON FUNCTION vigil._require_trusted(p_message text) TO service_role;

--
-- Name: FUNCTION _role_with_article(p_role vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._role_with_article(p_role vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._role_with_article(p_role vigil.member_role) TO anon;
GRANT ALL ON FUNCTION vigil._role_with_article(p_role vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil._role_with_article(p_role vigil.member_role) TO service_role;

--
-- Name: FUNCTION _rollback_suppressed(t vigil.deploy_targets, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._rollback_suppressed(t vigil.deploy_targets, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._rollback_suppressed(t vigil.deploy_targets, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]) TO authenticated;
GRANT ALL ON FUNCTION vigil._rollup_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_percentile_names text[], p_unfolded vigil.unfolded_event[]) TO service_role;

--
-- Name: FUNCTION _rotate_deploy_key(p_key_id uuid, p_grace interval); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) TO authenticated;
GRANT ALL ON FUNCTION vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) TO service_role;

--
-- Name: FUNCTION _rotate_ingest_key(p_key_id uuid, p_grace interval); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) TO authenticated;
GRANT ALL ON FUNCTION vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) TO service_role;

--
-- Name: FUNCTION _rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text) FROM PUBLIC;

--
-- Name: FUNCTION _run_heal_rule(p_rule uuid, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._run_heal_rule(p_rule uuid, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._run_heal_rule(p_rule uuid, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._run_heal_rule(p_rule uuid, p_now timestamp with time zone) TO service_role;

--
-- Name: TABLE backups; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.backups TO authenticated;
GRANT ALL ON TABLE vigil.backups TO service_role;

--
-- Name: FUNCTION _running_backup(p_backup bigint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._running_backup(p_backup bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._running_backup(p_backup bigint) TO service_role;

--
-- Name: FUNCTION _save_monitor(p_monitor vigil.monitors, p_token text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) TO authenticated;
GRANT ALL ON FUNCTION vigil._save_monitor(p_monitor vigil.monitors, p_token text) TO service_role;

--
-- Name: FUNCTION _schedule(p_every text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._schedule(p_every text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._schedule(p_every text) TO service_role;

--
-- Name: FUNCTION _set_deploy_key_enabled(p_key_id uuid, p_enabled boolean); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) TO authenticated;
GRANT ALL ON FUNCTION vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) TO service_role;

--
-- Name: FUNCTION _set_ingest_key_enabled(p_key_id uuid, p_enabled boolean); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) TO authenticated;
GRANT ALL ON FUNCTION vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) TO service_role;

--
-- Name: FUNCTION _set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text) FROM PUBLIC;

--
-- Name: FUNCTION _set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil._set_member(p_tenant uuid, p_user uuid, p_role vigil.member_role) TO service_role;

--
-- Name: FUNCTION _settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._settle_outbox(p_table regclass, p_id bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval, p_thing text) FROM PUBLIC;

--
-- Name: FUNCTION _slo_burn(p_total double precision, p_good double precision, p_objective double precision); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision) TO service_role;

--
-- Name: FUNCTION _slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint) TO authenticated;
GRANT ALL ON FUNCTION vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision, p_since timestamp with time zone, p_until timestamp with time zone, p_unfolded vigil.unfolded_event[], OUT total bigint, OUT bad bigint) TO service_role;

--
-- Name: FUNCTION _spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._spend_key_budget(p_usage regclass, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text) FROM PUBLIC;

--
-- Name: FUNCTION _split_table(p_table text, OUT schema_name text, OUT table_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._split_table(p_table text, OUT schema_name text, OUT table_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._split_table(p_table text, OUT schema_name text, OUT table_name text) TO service_role;

--
-- Name: FUNCTION _stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]) TO authenticated;
GRANT ALL ON FUNCTION vigil._stats_parts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_slot interval, p_by_name boolean, p_unfolded vigil.unfolded_event[]) TO service_role;

--
-- Name: FUNCTION _status_page(p_slug text, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) TO anon;
GRANT ALL ON FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._status_page(p_slug text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_alerts(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_alerts(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_alerts(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_db_health(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_db_health(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_db_health(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_deploy_watch(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_deploy_watch(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_deploy_watch(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_heal(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_heal(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_heal(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_heartbeats(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_heartbeats(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_heartbeats(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_housekeeping(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_housekeeping(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_housekeeping(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_partitions(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_partitions() FROM PUBLIC;

--
-- Name: FUNCTION _step_refresh_views(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_refresh_views(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_refresh_views(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_retention(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_retention(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_retention(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_rollup_retention(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_rollup_retention(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_rollup_retention(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION _step_rollups(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_rollups() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_rollups() TO service_role;

--
-- Name: FUNCTION _step_tenant_deletions(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._step_tenant_deletions() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._step_tenant_deletions() TO service_role;

--
-- Name: FUNCTION _store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._store_each_event(p_tenant uuid, p_events jsonb, p_allowed_kinds text[]) FROM PUBLIC;

--
-- Name: FUNCTION _store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text) FROM PUBLIC;

--
-- Name: FUNCTION _track(p_tenant uuid, p_event jsonb); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._track(p_tenant uuid, p_event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._track(p_tenant uuid, p_event jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil._track(p_tenant uuid, p_event jsonb) TO service_role;

--
-- Name: FUNCTION _unfolded_events(p_max bigint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._unfolded_events(p_max bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._unfolded_events(p_max bigint) TO service_role;

--
-- Name: FUNCTION _unschedule(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._unschedule() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._unschedule() TO service_role;

--
-- Name: FUNCTION _uptime_ratio(p_days jsonb, p_today date, p_n integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) TO service_role;

--
-- Name: FUNCTION _value_key(p_value double precision); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._value_key(p_value double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._value_key(p_value double precision) TO authenticated;
GRANT ALL ON FUNCTION vigil._value_key(p_value double precision) TO service_role;

--
-- Name: FUNCTION _value_of_key(p_key smallint); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._value_of_key(p_key smallint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._value_of_key(p_key smallint) TO authenticated;
GRANT ALL ON FUNCTION vigil._value_of_key(p_key smallint) TO service_role;

--
-- Name: FUNCTION _web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil._web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil._web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil._web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION backup_facts(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.backup_facts(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.backup_facts(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.backup_facts(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION check_heartbeats(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.check_heartbeats(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.check_heartbeats(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.claim_alert_notifications(p_limit integer, p_lease interval, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.claim_deploy_actions(p_limit integer, p_lease interval, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.claim_due_monitors(p_region text, p_limit integer, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.cron_job_failures(p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION deploy_target_secrets(p_target uuid); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.deploy_target_secrets(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.deploy_target_secrets(p_target uuid) TO service_role;

--
-- Name: FUNCTION deploy_watch(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.deploy_watch(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.deploy_watch(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION drop_expired_partitions(p_now timestamp with time zone, p_max integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.drop_expired_partitions(p_now timestamp with time zone, p_max integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.drop_expired_partitions(p_now timestamp with time zone, p_max integer) TO service_role;

--
-- Name: FUNCTION ensure_partitions(p_from date, p_to date); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.ensure_partitions(p_from date, p_to date) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.ensure_partitions(p_from date, p_to date) TO service_role;

--
-- Name: FUNCTION error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) TO authenticated;
GRANT ALL ON FUNCTION vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text) TO service_role;

--
-- Name: FUNCTION evaluate_alerts(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.evaluate_alerts(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.evaluate_alerts(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION fold_rollups(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.fold_rollups() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.fold_rollups() TO service_role;

--
-- Name: FUNCTION has_role(p_tenant uuid, p_min vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) TO anon;
GRANT ALL ON FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil.has_role(p_tenant uuid, p_min vigil.member_role) TO service_role;

--
-- Name: FUNCTION heartbeat_age_seconds(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil.heartbeat_age_seconds(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION heartbeat_missing(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.heartbeat_missing(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.heartbeat_missing(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION invoke_deploy_run(p_url text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.invoke_deploy_run(p_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.invoke_deploy_run(p_url text) TO service_role;

--
-- Name: FUNCTION invoke_edge_function(p_url text, p_what text, p_secret_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text) TO service_role;

--
-- Name: FUNCTION invoke_send_alert(p_url text, p_secret_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.invoke_send_alert(p_url text, p_secret_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.invoke_send_alert(p_url text, p_secret_name text) TO service_role;

--
-- Name: FUNCTION latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.latest_db_metric(p_name text, p_now timestamp with time zone, p_max_age interval) TO service_role;

--
-- Name: FUNCTION metric_backup_age_hours(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_backup_failed(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_cert_days_left(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_cron_job_failures(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_db_connections_pct(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_db_size_pct(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_dead_notifications(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_heartbeat_late(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_heartbeat_missing(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_monitor_degraded(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_monitor_down(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION metric_stale_views(p_tenant uuid, p_window tstzrange); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) TO service_role;

--
-- Name: FUNCTION outbound_allow_loopback(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.outbound_allow_loopback() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.outbound_allow_loopback() TO authenticated;
GRANT ALL ON FUNCTION vigil.outbound_allow_loopback() TO service_role;

--
-- Name: FUNCTION prune_rollups(p_now timestamp with time zone, p_limit integer); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.prune_rollups(p_now timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.prune_rollups(p_now timestamp with time zone, p_limit integer) TO service_role;

--
-- Name: FUNCTION read_alert_secret(p_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.read_alert_secret(p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.read_alert_secret(p_name text) TO service_role;

--
-- Name: FUNCTION record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.record_alert_delivery(p_notification bigint, p_claim uuid, p_outcome text, p_status_code integer, p_error text, p_duration_ms double precision, p_retry_after_seconds double precision, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval, p_backoff_cap interval) TO service_role;

--
-- Name: FUNCTION record_check_results(p_results jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.record_check_results(p_results jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.record_check_results(p_results jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.record_deploy_action(p_action bigint, p_claim uuid, p_outcome text, p_error text, p_retry_after_seconds double precision, p_result jsonb, p_now timestamp with time zone, p_max_attempts integer, p_backoff_base interval) TO service_role;

--
-- Name: FUNCTION record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION refresh_uptime(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.refresh_uptime(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.refresh_uptime(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION refresh_view(p_view regclass, p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.refresh_view(p_view regclass, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.refresh_view(p_view regclass, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION require_role(p_tenant uuid, p_min vigil.member_role); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) TO anon;
GRANT ALL ON FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) TO authenticated;
GRANT ALL ON FUNCTION vigil.require_role(p_tenant uuid, p_min vigil.member_role) TO service_role;

--
-- Name: FUNCTION run_maintenance(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.run_maintenance(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.run_maintenance(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION sample_db_health(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.sample_db_health(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.sample_db_health(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION schedule_alert_delivery(p_url text, p_schedule text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.schedule_alert_delivery(p_url text, p_schedule text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.schedule_alert_delivery(p_url text, p_schedule text) TO service_role;

--
-- Name: FUNCTION schedule_deploy_run(p_url text, p_schedule text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.schedule_deploy_run(p_url text, p_schedule text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.schedule_deploy_run(p_url text, p_schedule text) TO service_role;

--
-- Name: FUNCTION schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text) TO service_role;

--
-- Name: FUNCTION set_outbound_allow_loopback(p_allow boolean); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.set_outbound_allow_loopback(p_allow boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.set_outbound_allow_loopback(p_allow boolean) TO service_role;

--
-- Name: FUNCTION stale_view_count(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.stale_view_count(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.stale_view_count(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION stale_views(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.stale_views(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.stale_views(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION system_tenant_id(); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.system_tenant_id() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.system_tenant_id() TO authenticated;
GRANT ALL ON FUNCTION vigil.system_tenant_id() TO service_role;

--
-- Name: FUNCTION watch_scheduler(p_now timestamp with time zone); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.watch_scheduler(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.watch_scheduler(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text); Type: ACL; Schema: vigil; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil.window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil.window_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text) TO service_role;

--
-- Name: FUNCTION acknowledge_alert(p_alert uuid, p_note text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.acknowledge_alert(p_alert uuid, p_note text) TO service_role;

--
-- Name: FUNCTION add_member(p_tenant uuid, p_user uuid, p_role text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.add_member(p_tenant uuid, p_user uuid, p_role text) TO service_role;

--
-- Name: FUNCTION alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamp with time zone) TO service_role;

--
-- Name: FUNCTION alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.alert_history(p_tenant uuid, p_alert uuid, p_since timestamp with time zone, p_limit integer) TO service_role;

--
-- Name: FUNCTION backup_plan(p_policy text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.backup_plan(p_policy text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.backup_plan(p_policy text) TO service_role;

--
-- Name: FUNCTION backup_prune_plan(p_policy text, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.backup_prune_plan(p_policy text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.backup_prune_plan(p_policy text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION backup_status(p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.backup_status(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.backup_status(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.backup_status(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.cache_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION check_restored(p_expected jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.check_restored(p_expected jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.check_restored(p_expected jsonb) TO service_role;

--
-- Name: FUNCTION compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.compare(p_tenant uuid, p_window interval, p_until timestamp with time zone, p_kind text) TO service_role;

--
-- Name: FUNCTION create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb, p_secret_name text) TO service_role;

--
-- Name: FUNCTION create_alert_rule(p_tenant uuid, p_rule jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_alert_rule(p_tenant uuid, p_rule jsonb) TO service_role;

--
-- Name: FUNCTION create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) TO service_role;

--
-- Name: FUNCTION create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb, p_options jsonb) TO service_role;

--
-- Name: FUNCTION create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_heal_function_rule(p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text) TO service_role;

--
-- Name: FUNCTION create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_heal_rule(p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text, p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean, p_enabled boolean, p_description text) TO service_role;

--
-- Name: FUNCTION create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text, p_monitors uuid[], p_status text) TO service_role;

--
-- Name: FUNCTION create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer) TO service_role;

--
-- Name: FUNCTION create_monitor(p_tenant uuid, p_monitor jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) TO service_role;

--
-- Name: FUNCTION create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_mute_window(p_tenant uuid, p_name text, p_start_time time without time zone, p_end_time time without time zone, p_weekdays smallint[], p_time_zone text, p_matchers jsonb) TO service_role;

--
-- Name: FUNCTION create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_silence(p_tenant uuid, p_matchers jsonb, p_ends_at timestamp with time zone, p_starts_at timestamp with time zone, p_comment text) TO service_role;

--
-- Name: FUNCTION create_tenant(p_name text, p_slug text, p_admin uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.create_tenant(p_name text, p_slug text, p_admin uuid) TO service_role;

--
-- Name: FUNCTION dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.dashboard(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval) TO service_role;

--
-- Name: FUNCTION db_health(p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.db_health(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.db_health(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.db_health(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION delete_alert_channel(p_channel uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_alert_channel(p_channel uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_alert_channel(p_channel uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_alert_channel(p_channel uuid) TO service_role;

--
-- Name: FUNCTION delete_alert_rule(p_rule uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_alert_rule(p_rule uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_alert_rule(p_rule uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_alert_rule(p_rule uuid) TO service_role;

--
-- Name: FUNCTION delete_deploy_target(p_target uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_deploy_target(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_deploy_target(p_target uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_deploy_target(p_target uuid) TO service_role;

--
-- Name: FUNCTION delete_heal_rule(p_rule uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_heal_rule(p_rule uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_heal_rule(p_rule uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_heal_rule(p_rule uuid) TO service_role;

--
-- Name: FUNCTION delete_monitor(p_monitor uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_monitor(p_monitor uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_monitor(p_monitor uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_monitor(p_monitor uuid) TO service_role;

--
-- Name: FUNCTION delete_mute_window(p_window uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_mute_window(p_window uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_mute_window(p_window uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_mute_window(p_window uuid) TO service_role;

--
-- Name: FUNCTION delete_silence(p_silence uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_silence(p_silence uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_silence(p_silence uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_silence(p_silence uuid) TO service_role;

--
-- Name: FUNCTION delete_slo(p_tenant uuid, p_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_slo(p_tenant uuid, p_id uuid) TO service_role;

--
-- Name: FUNCTION delete_status_page(p_page uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_status_page(p_page uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_status_page(p_page uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_status_page(p_page uuid) TO service_role;

--
-- Name: FUNCTION delete_tenant(p_tenant uuid, p_confirm text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.delete_tenant(p_tenant uuid, p_confirm text) TO service_role;

--
-- Name: FUNCTION deploy_smoke_checks(p_key text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.deploy_smoke_checks(p_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.deploy_smoke_checks(p_key text) TO anon;
GRANT ALL ON FUNCTION vigil_api.deploy_smoke_checks(p_key text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.deploy_smoke_checks(p_key text) TO service_role;

--
-- Name: FUNCTION deployment_impact(p_deployment uuid, p_window interval); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.deployment_impact(p_deployment uuid, p_window interval) TO service_role;

--
-- Name: FUNCTION disable_deploy_key(p_key_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.disable_deploy_key(p_key_id uuid) TO service_role;

--
-- Name: FUNCTION disable_ingest_key(p_key_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.disable_ingest_key(p_key_id uuid) TO service_role;

--
-- Name: FUNCTION enable_deploy_key(p_key_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.enable_deploy_key(p_key_id uuid) TO service_role;

--
-- Name: FUNCTION enable_ingest_key(p_key_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.enable_ingest_key(p_key_id uuid) TO service_role;

--
-- Name: FUNCTION error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.error_groups(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_status text) TO service_role;

--
-- Name: FUNCTION export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.export(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_format text, p_cursor text, p_limit integer) TO service_role;

--
-- Name: FUNCTION fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.fallback_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text, p_now timestamp with time zone) TO service_role;

--
-- Name: TABLE restore_runs; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.restore_runs TO authenticated;
GRANT ALL ON TABLE vigil.restore_runs TO service_role;

--
-- Name: FUNCTION finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb, p_error text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION foreign_key_violations(p_tables regclass[]); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.foreign_key_violations(p_tables regclass[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.foreign_key_violations(p_tables regclass[]) TO service_role;

--
-- Name: FUNCTION funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.funnel(p_tenant uuid, p_steps text[], p_since timestamp with time zone, p_until timestamp with time zone, p_within interval, p_by text, p_kind text) TO service_role;

--
-- Name: FUNCTION heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.heal_preview(p_rule uuid, p_now timestamp with time zone, p_limit integer) TO service_role;

--
-- Name: FUNCTION heal_rules(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.heal_rules(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.heal_rules(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.heal_rules(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION heal_runs(p_tenant uuid, p_rule uuid, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.heal_runs(p_tenant uuid, p_rule uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION health(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.health(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.health(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.health(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION ingest(p_key text, p_events jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.ingest(p_key text, p_events jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.ingest(p_key text, p_events jsonb) TO anon;
GRANT ALL ON FUNCTION vigil_api.ingest(p_key text, p_events jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.ingest(p_key text, p_events jsonb) TO service_role;

--
-- Name: FUNCTION install_default_rules(p_tenant uuid, p_channels uuid[]); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[]) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.install_default_rules(p_tenant uuid, p_channels uuid[]) TO service_role;

--
-- Name: FUNCTION job_finish(p_job uuid, p_status text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.job_finish(p_job uuid, p_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.job_finish(p_job uuid, p_status text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.job_finish(p_job uuid, p_status text) TO service_role;

--
-- Name: FUNCTION job_progress(p_job uuid, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.job_progress(p_job uuid, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION job_record(p_job uuid, p_items jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.job_record(p_job uuid, p_items jsonb) TO service_role;

--
-- Name: FUNCTION job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer, p_metadata jsonb) TO service_role;

--
-- Name: FUNCTION jobs(p_tenant uuid, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.jobs(p_tenant uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION last_good_deployment(p_target uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.last_good_deployment(p_target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.last_good_deployment(p_target uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.last_good_deployment(p_target uuid) TO service_role;

--
-- Name: FUNCTION list_alert_channels(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_alert_channels(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_alert_channels(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_alert_channels(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_alert_rules(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_alert_rules(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_alert_rules(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_alert_rules(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_alerts(p_tenant uuid, p_states text[], p_severity text, p_rule uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION list_backups(p_policy text, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_backups(p_policy text, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_backups(p_policy text, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_backups(p_policy text, p_limit integer) TO service_role;

--
-- Name: FUNCTION list_deploy_keys(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_deploy_keys(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_deploy_targets(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_deploy_targets(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_deployments(p_tenant uuid, p_target uuid, p_limit integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid, p_limit integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_deployments(p_tenant uuid, p_target uuid, p_limit integer) TO service_role;

--
-- Name: FUNCTION list_incidents(p_tenant uuid, p_since timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_incidents(p_tenant uuid, p_since timestamp with time zone) TO service_role;

--
-- Name: FUNCTION list_ingest_keys(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_ingest_keys(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_members(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_members(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_members(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_members(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_monitors(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_monitors(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_monitors(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_monitors(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_mute_windows(p_tenant uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_mute_windows(p_tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_mute_windows(p_tenant uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_mute_windows(p_tenant uuid) TO service_role;

--
-- Name: FUNCTION list_silences(p_tenant uuid, p_include_expired boolean); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.list_silences(p_tenant uuid, p_include_expired boolean) TO service_role;

--
-- Name: FUNCTION maintenance_status(p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.maintenance_status(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION mark_backup_pruned(p_backup bigint, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION my_tenants(); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.my_tenants() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.my_tenants() TO authenticated;
GRANT ALL ON FUNCTION vigil_api.my_tenants() TO service_role;

--
-- Name: FUNCTION operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.operation_health(p_tenant uuid, p_since timestamp with time zone, p_name text) TO service_role;

--
-- Name: FUNCTION operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.operation_stats(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_kind text, p_name text, p_limit integer, p_exact boolean, p_order_by text) TO service_role;

--
-- Name: FUNCTION ping(p_token text, p_signal text, p_body text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) TO anon;
GRANT ALL ON FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.ping(p_token text, p_signal text, p_body text) TO service_role;

--
-- Name: FUNCTION recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.recent_errors(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone, p_limit integer, p_fingerprint text) TO service_role;

--
-- Name: FUNCTION record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.register_alert_metric(p_name text, p_fn regprocedure, p_description text, p_returns_series boolean, p_unit text) TO service_role;

--
-- Name: FUNCTION register_view(p_view text, p_refresh_interval interval); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.register_view(p_view text, p_refresh_interval interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.register_view(p_view text, p_refresh_interval interval) TO service_role;

--
-- Name: FUNCTION remove_member(p_tenant uuid, p_user uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.remove_member(p_tenant uuid, p_user uuid) TO service_role;

--
-- Name: FUNCTION report_deployment(p_key text, p_deployment jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) TO anon;
GRANT ALL ON FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.report_deployment(p_key text, p_deployment jsonb) TO service_role;

--
-- Name: FUNCTION report_smoke(p_key text, p_deployment text, p_results jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) TO anon;
GRANT ALL ON FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) TO service_role;

--
-- Name: FUNCTION request_rollback(p_deployment uuid, p_to uuid, p_reason text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid, p_reason text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.request_rollback(p_deployment uuid, p_to uuid, p_reason text) TO service_role;

--
-- Name: FUNCTION reset_sequences(p_tables regclass[]); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.reset_sequences(p_tables regclass[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.reset_sequences(p_tables regclass[]) TO service_role;

--
-- Name: FUNCTION resolve_alert(p_alert uuid, p_note text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.resolve_alert(p_alert uuid, p_note text) TO service_role;

--
-- Name: FUNCTION resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text) TO service_role;

--
-- Name: FUNCTION retry_alert_notification(p_notification bigint); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.retry_alert_notification(p_notification bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.retry_alert_notification(p_notification bigint) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.retry_alert_notification(p_notification bigint) TO service_role;

--
-- Name: FUNCTION rotate_deploy_key(p_key_id uuid, p_grace interval); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval) TO service_role;

--
-- Name: FUNCTION rotate_ingest_key(p_key_id uuid, p_grace interval); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval) TO service_role;

--
-- Name: FUNCTION run_heal_rule(p_rule uuid, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.run_heal_rule(p_rule uuid, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION schedule(p_every text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.schedule(p_every text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.schedule(p_every text) TO service_role;

--
-- Name: FUNCTION set_backup_policy(p_name text, p_settings jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.set_backup_policy(p_name text, p_settings jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.set_backup_policy(p_name text, p_settings jsonb) TO service_role;

--
-- Name: FUNCTION set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean, p_dry_run boolean, p_max_rows integer) TO service_role;

--
-- Name: FUNCTION set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.set_slo(p_tenant uuid, p_name text, p_objective double precision, p_threshold_ms double precision, p_period interval, p_kind text, p_description text, p_id uuid) TO service_role;

--
-- Name: FUNCTION set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb, p_public boolean, p_description text) TO service_role;

--
-- Name: FUNCTION slo_status(p_tenant uuid, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.slo_status(p_tenant uuid, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[], p_dry_run boolean, p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION status_page(p_slug text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.status_page(p_slug text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.status_page(p_slug text) TO anon;
GRANT ALL ON FUNCTION vigil_api.status_page(p_slug text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.status_page(p_slug text) TO service_role;

--
-- Name: FUNCTION summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.summary(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: FUNCTION table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.table_checksum(p_table regclass, OUT row_count bigint, OUT checksum text) TO service_role;

--
-- Name: FUNCTION timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.timeseries(p_tenant uuid, p_metric text, p_since timestamp with time zone, p_until timestamp with time zone, p_bucket interval, p_name text, p_kind text) TO service_role;

--
-- Name: FUNCTION track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.track(p_tenant uuid, p_kind text, p_name text, p_duration_ms double precision, p_success boolean, p_attributes jsonb, p_event jsonb) TO service_role;

--
-- Name: FUNCTION unregister_view(p_view text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.unregister_view(p_view text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.unregister_view(p_view text) TO service_role;

--
-- Name: FUNCTION unschedule(); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.unschedule() FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.unschedule() TO service_role;

--
-- Name: FUNCTION update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.update_alert_channel(p_channel uuid, p_config jsonb, p_secret_name text, p_enabled boolean) TO service_role;

--
-- Name: FUNCTION update_alert_rule(p_rule uuid, p_changes jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.update_alert_rule(p_rule uuid, p_changes jsonb) TO service_role;

--
-- Name: FUNCTION update_incident(p_incident uuid, p_status text, p_message text, p_impact text); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text) TO service_role;

--
-- Name: FUNCTION update_monitor(p_monitor uuid, p_changes jsonb); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) TO service_role;

--
-- Name: FUNCTION view_status(p_now timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.view_status(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.view_status(p_now timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.view_status(p_now timestamp with time zone) TO service_role;

--
-- Name: FUNCTION web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone); Type: ACL; Schema: vigil_api; Owner: postgres
--

REVOKE ALL ON FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION vigil_api.web_vitals(p_tenant uuid, p_since timestamp with time zone, p_until timestamp with time zone) TO service_role;

--
-- Name: TABLE alert_channels; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.alert_channels TO authenticated;
GRANT ALL ON TABLE vigil.alert_channels TO service_role;

--
-- Name: TABLE alert_delivery_attempts; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.alert_delivery_attempts TO authenticated;
GRANT ALL ON TABLE vigil.alert_delivery_attempts TO service_role;

--
-- Name: SEQUENCE alert_delivery_attempts_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.alert_delivery_attempts_id_seq TO service_role;

--
-- Name: TABLE alert_history; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.alert_history TO authenticated;
GRANT ALL ON TABLE vigil.alert_history TO service_role;

--
-- Name: SEQUENCE alert_history_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.alert_history_id_seq TO service_role;

--
-- Name: TABLE alert_metrics; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.alert_metrics TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.alert_metrics TO service_role;

--
-- Name: TABLE alert_mute_windows; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.alert_mute_windows TO authenticated;
GRANT ALL ON TABLE vigil.alert_mute_windows TO service_role;

--
-- Name: TABLE alert_notifications; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.alert_notifications TO authenticated;
GRANT ALL ON TABLE vigil.alert_notifications TO service_role;

--
-- Name: SEQUENCE alert_notifications_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.alert_notifications_id_seq TO service_role;

--
-- Name: TABLE alert_silences; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.alert_silences TO authenticated;
GRANT ALL ON TABLE vigil.alert_silences TO service_role;

--
-- Name: TABLE all_rollups; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.all_rollups TO authenticated;
GRANT ALL ON TABLE vigil.all_rollups TO service_role;

--
-- Name: TABLE backup_files; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.backup_files TO authenticated;
GRANT ALL ON TABLE vigil.backup_files TO service_role;

--
-- Name: TABLE cron_job_watch; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.cron_job_watch TO authenticated;
GRANT ALL ON TABLE vigil.cron_job_watch TO service_role;

--
-- Name: TABLE dashboard_cards; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.dashboard_cards TO authenticated;
GRANT SELECT ON TABLE vigil.dashboard_cards TO service_role;

--
-- Name: TABLE dashboard_markers; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.dashboard_markers TO authenticated;
GRANT SELECT ON TABLE vigil.dashboard_markers TO service_role;

--
-- Name: TABLE default_alert_rules; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.default_alert_rules TO authenticated;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.default_alert_rules TO service_role;

--
-- Name: TABLE deploy_actions; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.deploy_actions TO authenticated;
GRANT ALL ON TABLE vigil.deploy_actions TO service_role;

--
-- Name: SEQUENCE deploy_actions_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.deploy_actions_id_seq TO service_role;

--
-- Name: TABLE deploy_key_usage; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.deploy_key_usage TO service_role;

--
-- Name: TABLE deploy_keys; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.deploy_keys TO service_role;

--
-- Name: COLUMN deploy_keys.id; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(id) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.tenant_id; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(tenant_id) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.target_id; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(target_id) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.name; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(name) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.key_prefix; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(key_prefix) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.previous_valid_until; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(previous_valid_until) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.reports_per_minute; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(reports_per_minute) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.enabled; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(enabled) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.created_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(created_at) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.created_by; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(created_by) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.rotated_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(rotated_at) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: COLUMN deploy_keys.disabled_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(disabled_at) ON TABLE vigil.deploy_keys TO authenticated;

--
-- Name: TABLE deploy_webhook_deliveries; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.deploy_webhook_deliveries TO service_role;

--
-- Name: TABLE deployment_history; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.deployment_history TO authenticated;
GRANT ALL ON TABLE vigil.deployment_history TO service_role;

--
-- Name: SEQUENCE deployment_history_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.deployment_history_id_seq TO service_role;

--
-- Name: TABLE error_group_seen; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.error_group_seen TO authenticated;
GRANT ALL ON TABLE vigil.error_group_seen TO service_role;

--
-- Name: TABLE error_group_states; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.error_group_states TO authenticated;
GRANT ALL ON TABLE vigil.error_group_states TO service_role;

--
-- Name: TABLE events; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.events TO authenticated;
GRANT ALL ON TABLE vigil.events TO service_role;

--
-- Name: TABLE events_derived; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.events_derived TO service_role;

--
-- Name: SEQUENCE events_id_seq; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT USAGE ON SEQUENCE vigil.events_id_seq TO service_role;

--
-- Name: TABLE heartbeat_pings; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.heartbeat_pings TO authenticated;
GRANT ALL ON TABLE vigil.heartbeat_pings TO service_role;

--
-- Name: TABLE incident_updates; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT ON TABLE vigil.incident_updates TO authenticated;
GRANT ALL ON TABLE vigil.incident_updates TO service_role;

--
-- Name: TABLE incidents; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,UPDATE ON TABLE vigil.incidents TO authenticated;
GRANT ALL ON TABLE vigil.incidents TO service_role;

--
-- Name: TABLE ingest_keys; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.ingest_keys TO service_role;

--
-- Name: COLUMN ingest_keys.id; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(id) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.tenant_id; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(tenant_id) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.name; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(name) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.key_prefix; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(key_prefix) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.previous_valid_until; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(previous_valid_until) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.allowed_kinds; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(allowed_kinds) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.events_per_minute; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(events_per_minute) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.enabled; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(enabled) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.created_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(created_at) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.created_by; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(created_by) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.rotated_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(rotated_at) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: COLUMN ingest_keys.disabled_at; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT(disabled_at) ON TABLE vigil.ingest_keys TO authenticated;

--
-- Name: TABLE ingest_usage; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.ingest_usage TO service_role;

--
-- Name: TABLE job_items; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,UPDATE ON TABLE vigil.job_items TO authenticated;
GRANT ALL ON TABLE vigil.job_items TO service_role;

--
-- Name: TABLE kind_rollups; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.kind_rollups TO authenticated;
GRANT ALL ON TABLE vigil.kind_rollups TO service_role;

--
-- Name: TABLE maintenance_runs; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.maintenance_runs TO authenticated;
GRANT ALL ON TABLE vigil.maintenance_runs TO service_role;

--
-- Name: TABLE maintenance_settings; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.maintenance_settings TO authenticated;
GRANT ALL ON TABLE vigil.maintenance_settings TO service_role;

--
-- Name: TABLE maintenance_steps; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.maintenance_steps TO service_role;
GRANT SELECT ON TABLE vigil.maintenance_steps TO authenticated;

--
-- Name: TABLE materialized_views; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.materialized_views TO authenticated;
GRANT ALL ON TABLE vigil.materialized_views TO service_role;

--
-- Name: TABLE members; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.members TO authenticated;
GRANT ALL ON TABLE vigil.members TO service_role;

--
-- Name: TABLE milestone_times; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.milestone_times TO authenticated;
GRANT ALL ON TABLE vigil.milestone_times TO service_role;

--
-- Name: TABLE monitor_tokens; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.monitor_tokens TO service_role;

--
-- Name: TABLE operation_health; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.operation_health TO service_role;

--
-- Name: TABLE rollup_deferred; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.rollup_deferred TO service_role;

--
-- Name: TABLE rollup_passes; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.rollup_passes TO service_role;

--
-- Name: TABLE rollup_state; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.rollup_state TO service_role;

--
-- Name: TABLE rollups; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.rollups TO authenticated;
GRANT ALL ON TABLE vigil.rollups TO service_role;

--
-- Name: TABLE settings; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT ALL ON TABLE vigil.settings TO service_role;

--
-- Name: TABLE slos; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.slos TO authenticated;
GRANT ALL ON TABLE vigil.slos TO service_role;

--
-- Name: TABLE status_pages; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vigil.status_pages TO authenticated;
GRANT ALL ON TABLE vigil.status_pages TO service_role;

--
-- Name: TABLE tenant_deletions; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.tenant_deletions TO service_role;

--
-- Name: TABLE uptime_cache; Type: ACL; Schema: vigil; Owner: postgres
--

GRANT SELECT ON TABLE vigil.uptime_cache TO authenticated;
GRANT ALL ON TABLE vigil.uptime_cache TO service_role;

--
-- PostgreSQL database dump complete
--

--
-- Rows the migrations install (times and uuids left out)
--

-- alert_metrics
{"fn": "vigil.metric_backup_age_hours(uuid,tstzrange)", "name": "backup_age_hours", "unit": "number", "scope": "system", "description": "Per backup policy, hours since the last backup that succeeded and passed its verify. Database-wide.", "returns_series": true}
{"fn": "vigil.metric_backup_failed(uuid,tstzrange)", "name": "backup_failed", "unit": "number", "scope": "system", "description": "Per backup policy, 1 when the latest backup failed or never finished within the policy's interval. Database-wide.", "returns_series": true}
{"fn": "vigil.metric_cert_days_left(uuid,tstzrange)", "name": "cert_days_left", "unit": "number", "scope": "tenant", "description": "Per tls monitor: days until the certificate expires.", "returns_series": true}
{"fn": "vigil.metric_cron_job_failures(uuid, tstzrange)", "name": "cron_job_failures", "unit": "count", "scope": "system", "description": "pg_cron runs (and pg_net calls) that failed in the window, plus jobs whose expected run is missing. Database-wide.", "returns_series": false}
{"fn": "vigil.metric_db_connections_pct(uuid, tstzrange)", "name": "db_connections_pct", "unit": "percent", "scope": "system", "description": "Connections in use, percent of max_connections less the reserved ones (latest db_health sample). Database-wide.", "returns_series": false}
{"fn": "vigil.metric_db_size_pct(uuid, tstzrange)", "name": "db_size_pct", "unit": "percent", "scope": "system", "description": "Database size, percent of the configured quota (latest db_health sample). Database-wide.", "returns_series": false}
{"fn": "vigil.metric_dead_notifications(uuid,tstzrange)", "name": "notifications_dead", "unit": "count", "scope": "tenant", "description": "Alert notifications given up on (dead-lettered) in the window: a channel is broken.", "returns_series": false}
{"fn": "vigil.metric_heartbeat_late(uuid,tstzrange)", "name": "heartbeat_late", "unit": "number", "scope": "tenant", "description": "Per heartbeat: 1 when no success ping came within its period (or it is down), else 0.", "returns_series": true}
{"fn": "vigil.metric_heartbeat_missing(uuid, tstzrange)", "name": "heartbeat_missing", "unit": "number", "scope": "system", "description": "1 when vigil.run_maintenance has not completed a run for three intervals (or ever), else 0. Database-wide: rules on the vigil-system tenant.", "returns_series": false}
{"fn": "vigil.metric_monitor_degraded(uuid,tstzrange)", "name": "monitor_degraded", "unit": "number", "scope": "tenant", "description": "Per monitor with a degraded threshold: 1 when its last successful check was slower, else 0.", "returns_series": true}
{"fn": "vigil.metric_monitor_down(uuid,tstzrange)", "name": "monitor_down", "unit": "number", "scope": "tenant", "description": "Per monitor: 1 when it is down (failed beyond its retries, by a quorum of regions), else 0.", "returns_series": true}
{"fn": "vigil.metric_restore_drill_age_days(uuid,tstzrange)", "name": "restore_drill_age_days", "unit": "number", "scope": "system", "description": "Per backup policy, days since the last restore drill that succeeded. Database-wide.", "returns_series": true}
{"fn": "vigil.metric_stale_views(uuid, tstzrange)", "name": "stale_views", "unit": "count", "scope": "system", "description": "Registered materialized views that failed their last refresh or are older than twice their interval. Database-wide.", "returns_series": false}
{"fn": null, "name": "cache_hit_rate", "unit": "ratio", "scope": "tenant", "description": "Hits / lookups of cache events (value 1 = hit, 0 = miss) (0..1).", "returns_series": false}
{"fn": null, "name": "count", "unit": "count", "scope": "tenant", "description": "Events of the filtered kind and name in the window.", "returns_series": false}
{"fn": null, "name": "error_count", "unit": "count", "scope": "tenant", "description": "Failed events of the filtered kind and name in the window.", "returns_series": false}
{"fn": null, "name": "error_rate", "unit": "ratio", "scope": "tenant", "description": "Failed events / events of the filtered kind and name in the window (0..1).", "returns_series": false}
{"fn": null, "name": "fallback_rate", "unit": "ratio", "scope": "tenant", "description": "fallback events / operation events of the same name (0..1).", "returns_series": false}
{"fn": null, "name": "latency_p50", "unit": "ms", "scope": "tenant", "description": "Median duration_ms; over several operations, the worst one.", "returns_series": false}
{"fn": null, "name": "latency_p95", "unit": "ms", "scope": "tenant", "description": "95th percentile duration_ms; over several operations, the worst one.", "returns_series": false}
{"fn": null, "name": "latency_p99", "unit": "ms", "scope": "tenant", "description": "99th percentile duration_ms; over several operations, the worst one.", "returns_series": false}
{"fn": null, "name": "slo_burn_rate", "unit": "burn", "scope": "tenant", "description": "SLO error-budget burn rate, the lower of the rule's window and a window 1/12 as long (SRE workbook multi-window pair).", "returns_series": false}
{"fn": null, "name": "success_rate", "unit": "ratio", "scope": "tenant", "description": "1 - error_rate (0..1).", "returns_series": false}

-- backup_policies
{"name": "daily", "target": "local", "exclude": [], "include": [], "schemas": ["public"], "keep_daily": 7, "part_bytes": 268435456, "keep_weekly": 4, "expected_interval": "1 day"}

-- dashboard_cards
{"fn": "vigil.dashboard_card_last_backup(uuid, timestamptz, timestamptz)", "name": "last_backup", "position": 80, "description": "The newest backup and its verification (vigil-system members only)."}
{"fn": "vigil.dashboard_card_last_deploy(uuid, timestamptz, timestamptz)", "name": "last_deploy", "position": 60, "description": "The newest deployment, its version and status."}
{"fn": "vigil.dashboard_card_maintenance(uuid, timestamptz, timestamptz)", "name": "maintenance", "position": 100, "description": "Maintenance health (vigil-system members and the service role only)."}
{"fn": "vigil.dashboard_card_uptime(uuid, timestamptz, timestamptz)", "name": "uptime", "position": 70, "description": "Share of good checks; bad while a monitor is down."}

-- dashboard_markers
{"fn": "vigil.dashboard_markers_alerts(uuid, timestamptz, timestamptz)", "name": "alerts", "description": "Alert state changes."}
{"fn": "vigil.dashboard_markers_deployments(uuid, timestamptz, timestamptz)", "name": "deployments", "description": "Deployments going live, failing, regressing or rolled back."}
{"fn": "vigil.dashboard_markers_incidents(uuid, timestamptz, timestamptz)", "name": "incidents", "description": "Incidents starting and resolving."}

-- default_alert_rules
{"name": "Backup failed", "rule": {"metric": "backup_failed", "window": "5 minutes", "cooldown": "6 hours", "severity": "critical", "threshold": 0, "comparator": "gt", "description": "The latest backup of the policy failed, or started and did not finish within the policy's interval."}, "position": 90}
{"name": "Certificate expires within 14 days", "rule": {"metric": "cert_days_left", "window": "1 minute", "cooldown": "24 hours", "severity": "warning", "threshold": 14, "comparator": "lt", "min_events": 0, "description": "A monitored TLS certificate expires in less than 14 days."}, "position": 90}
{"name": "Database connections above 90%", "rule": {"for": "5 minutes", "metric": "db_connections_pct", "window": "5 minutes", "cooldown": "1 hour", "severity": "critical", "threshold": 90, "comparator": "gt", "description": "More than 90% of the usable connections are in use: new ones will soon be refused.", "keep_firing_for": "5 minutes"}, "position": 50}
{"name": "Database size above 80%", "rule": {"metric": "db_size_pct", "window": "15 minutes", "cooldown": "24 hours", "severity": "warning", "threshold": 80, "comparator": "gt", "description": "The database uses more than 80% of its quota (vigil.maintenance_settings.db_quota_bytes).", "keep_firing_for": "15 minutes"}, "position": 60}
{"name": "Error rate above 5%", "rule": {"kind": "operation", "metric": "error_rate", "window": "15 minutes", "cooldown": "1 hour", "group_by": "name", "severity": "critical", "threshold": 0.05, "comparator": "gt", "min_events": 20, "description": "More than 5% of an operation's calls failed over 15 minutes.", "keep_firing_for": "5 minutes"}, "position": 10}
{"name": "Maintenance heartbeat missing", "rule": {"metric": "heartbeat_missing", "window": "5 minutes", "cooldown": "1 hour", "severity": "critical", "threshold": 0, "comparator": "gt", "description": "vigil.run_maintenance has not completed a run for three intervals: partitions, rollups, healing and alert evaluation have stopped."}, "position": 70}
{"name": "Monitor down", "rule": {"metric": "monitor_down", "window": "1 minute", "cooldown": "1 hour", "severity": "critical", "threshold": 0, "comparator": "gt", "min_events": 0, "description": "A monitored API or job is down: it failed more checks in a row than its retries allow."}, "position": 80}
{"name": "No restore drill for 8 days", "rule": {"metric": "restore_drill_age_days", "window": "5 minutes", "cooldown": "24 hours", "severity": "warning", "threshold": 8, "comparator": "gt", "description": "No restore drill of the policy's backups has succeeded for more than 8 days: nobody knows the backups restore."}, "position": 100}
{"name": "No verified backup for 25 hours", "rule": {"metric": "backup_age_hours", "window": "5 minutes", "cooldown": "6 hours", "severity": "critical", "threshold": 25, "comparator": "gt", "description": "No backup of the policy has succeeded and passed its verify for more than 25 hours: last night's backup did not happen."}, "position": 80}
{"name": "Payment failures", "rule": {"kind": "operation", "metric": "error_count", "window": "5 minutes", "cooldown": "1 hour", "severity": "critical", "name_like": "payment%", "threshold": 0, "comparator": "gt", "min_events": 0, "description": "An operation named payment... failed in the last 5 minutes.", "keep_firing_for": "10 minutes"}, "position": 30}
{"name": "SLO fast burn", "rule": {"kind": "operation", "metric": "slo_burn_rate", "window": "1 hour", "cooldown": "1 hour", "group_by": "name", "severity": "critical", "threshold": 14.4, "comparator": "gt", "min_events": 100, "description": "Burning a 99.9% objective's 30-day error budget 14.4 times too fast over both 1 h and 5 min (2% of the budget in an hour).", "slo_objective": 0.999, "keep_firing_for": "5 minutes"}, "position": 40}
{"name": "p95 latency above 2 s", "rule": {"for": "5 minutes", "kind": "operation", "metric": "latency_p95", "window": "15 minutes", "cooldown": "4 hours", "group_by": "name", "severity": "warning", "threshold": 2000, "comparator": "gt", "min_events": 20, "description": "An operation's 95th percentile took longer than 2 seconds over 15 minutes.", "keep_firing_for": "5 minutes"}, "position": 20}

-- maintenance_settings
{"id": true, "schedule": null, "db_quota_bytes": 8589934592, "interval_seconds": 60, "run_history_days": 7, "cron_history_days": 7, "heal_history_days": 30}

-- maintenance_steps
{"fn": "vigil._step_alerts(timestamptz)", "name": "alerts", "enabled": true, "position": 70, "description": "Evaluate alert rules and enqueue notifications; prune the old outbox."}
{"fn": "vigil._step_db_health(timestamptz)", "name": "db_health", "enabled": true, "position": 50, "description": "Sample connections, size, cache hit ratio and long queries into db_metric events."}
{"fn": "vigil._step_deploy_watch(timestamptz)", "name": "deploy_watch", "enabled": true, "position": 72, "description": "Watch fresh deployments: regressions, automatic rollbacks, healthy ones."}
{"fn": "vigil._step_heal(timestamptz)", "name": "heal", "enabled": true, "position": 30, "description": "Run the enabled auto-heal rules, each bounded, isolated and audited."}
{"fn": "vigil._step_heartbeats(timestamptz)", "name": "heartbeats", "enabled": true, "position": 65, "description": "Mark heartbeats late or down (before alert evaluation reads them); prune pings older than 30 days."}
{"fn": "vigil._step_housekeeping(timestamptz)", "name": "housekeeping", "enabled": true, "position": 90, "description": "Prune Vigil's own bookkeeping: ingest usage, maintenance runs, heal audit (bounded per run)."}
{"fn": "vigil._step_partitions()", "name": "partitions", "enabled": true, "position": 94, "description": "Create event partitions for the ingest window and 7 days ahead."}
{"fn": "vigil._step_refresh_views(timestamptz)", "name": "views", "enabled": true, "position": 40, "description": "Refresh the registered materialized views whose interval has passed."}
{"fn": "vigil._step_retention(timestamptz)", "name": "retention", "enabled": true, "position": 95, "description": "Drop whole day partitions of vigil.events past the longest tenant retention (never a delete)."}
{"fn": "vigil._step_rollup_retention(timestamptz)", "name": "rollup_retention", "enabled": true, "position": 92, "description": "Delete rollups past retention (5/15-minute rows after the tenant's retention, hourly ones after 400 days), at most 20,000 rows a run."}
{"fn": "vigil._step_rollups()", "name": "rollups", "enabled": true, "position": 20, "description": "Fold events committed since the last pass into rollups (5 minutes to 6 hours, and minutes for the recent past)."}
{"fn": "vigil._step_tenant_deletions()", "name": "tenant_deletions", "enabled": true, "position": 85, "description": "Finish deleting the tenants vigil_api.delete_tenant marked (up to 100,000 rows a run)."}
{"fn": "vigil.refresh_uptime(timestamptz)", "name": "status_pages", "enabled": true, "position": 75, "description": "Sum the uptime of status page items per day from rollups, for the public pages to read."}
{"fn": "vigil.watch_scheduler(timestamptz)", "name": "scheduler_watch", "enabled": true, "position": 60, "description": "Record failed and missed pg_cron runs of every job as events; prune old cron.job_run_details."}

-- materialized_views
{"view": "vigil.operation_health", "enabled": true, "last_error": null, "last_duration_ms": null, "refresh_interval": "00:10:00", "last_concurrently": null}

-- rollup_state
{"passes": 0, "id_floor": 0, "singleton": true, "xid_horizon": null, "minute_horizon": "03:00:00"}

-- tenants
{"name": "Vigil system", "slug": "vigil-system", "retention_days": 30}
