-- Uptime: monitors of the APIs an app depends on (http, keyword, json, tls, tcp) and heartbeats of its
-- jobs. Every check result is an ordinary event (kind api_call, name check:<monitor>), written by one
-- function, vigil.record_check_results, that also moves each monitor's state, so probes get rollups,
-- percentiles, SLOs, burn-rate alerts and export unchanged. The health-check edge function probes;
-- the ping edge function and vigil_api.ping receive heartbeats.

create table vigil.monitors (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 100 and name !~ '[\x00-\x1f\x7f]'),
  type text not null check (type in ('http', 'keyword', 'json', 'tls', 'tcp', 'heartbeat')),
  url text,
  method text not null default 'GET' check (method in ('GET', 'HEAD', 'POST')),
  headers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(headers) = 'object'),
  secret_headers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(secret_headers) = 'object'),
  body text check (pg_catalog.length(body) <= 65536),
  expected_status int4multirange not null default '{[200,300)}',
  keyword text check (pg_catalog.length(keyword) between 1 and 1000),
  keyword_absent boolean not null default false,
  json_path text[],
  json_expected jsonb,
  interval_seconds integer not null default 60 check (interval_seconds between 20 and 86400),
  timeout_ms integer not null default 10000 check (timeout_ms between 100 and 60000),
  retries integer not null default 0 check (retries between 0 and 10),
  retry_interval_seconds integer not null default 20 check (retry_interval_seconds between 10 and 86400),
  recovery_successes integer not null default 1 check (recovery_successes between 1 and 10),
  degraded_ms double precision check (degraded_ms > 0),
  regions text[] not null default '{default}' check (pg_catalog.cardinality(regions) between 1 and 10),
  quorum integer not null default 1 check (quorum >= 1),
  period_seconds integer check (period_seconds between 60 and 31536000),
  grace_seconds integer check (grace_seconds between 0 and 31536000),
  schedule text,
  schedule_tz text,
  paused boolean not null default false,
  created_at timestamptz not null default pg_catalog.now(),
  unique (tenant_id, name),
  check (quorum <= pg_catalog.cardinality(regions)),
  check ((type = 'heartbeat') = (url is null)),
  check (type <> 'heartbeat' or (period_seconds is not null and grace_seconds is not null)),
  check (type <> 'keyword' or keyword is not null),
  check (type <> 'json' or json_path is not null),
  primary key (tenant_id, id)
);
create index monitors_tenant_idx on vigil.monitors (tenant_id);
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index monitors_id_idx on vigil.monitors (id);
comment on table vigil.monitors is
  'What uptime watches: an http, keyword, json, tls or tcp target probed by the health-check edge function, or a heartbeat a job pings. Admins configure them through vigil_api.create_monitor; their state is in vigil.monitor_state.';
comment on column vigil.monitors.secret_headers is
  'Headers whose values are secrets: {"Authorization": "VIGIL_STRIPE_KEY"} maps a header to a secret''s name, read by the probe from its environment or Vault at send time. The value is never stored.';
comment on column vigil.monitors.expected_status is 'Status codes that count as up (default 200-299).';
comment on column vigil.monitors.keyword_absent is 'keyword monitors: up when the keyword is absent instead of present.';
comment on column vigil.monitors.json_path is 'json monitors: the path into the response body ({data,status}); up when the value there equals json_expected.';
comment on column vigil.monitors.retries is 'Failed checks tolerated before DOWN: PENDING meanwhile, checked again after retry_interval_seconds.';
comment on column vigil.monitors.recovery_successes is 'Successful checks needed to leave DOWN, so a flapping target does not page on every recovery.';
comment on column vigil.monitors.degraded_ms is 'A successful check slower than this makes the monitor degraded.';
comment on column vigil.monitors.regions is 'Regions the probe runs from (the health-check function''s region parameter); quorum of them must fail before a check counts as failed.';
comment on column vigil.monitors.period_seconds is 'Heartbeats: how often a success ping is expected; late after it, down after grace_seconds more.';
comment on column vigil.monitors.schedule is 'Heartbeats: the job''s cron expression (minute hour day month weekday), when given instead of a period: a ping is expected at each time it names, in schedule_tz.';
comment on column vigil.monitors.schedule_tz is 'Heartbeats: the time zone the schedule is read in (default UTC), so 0 3 * * * in Europe/Berlin stays 03:00 local across daylight saving changes.';

alter table vigil.monitors enable row level security;
grant select, delete on vigil.monitors to authenticated;
grant all on vigil.monitors to service_role;
create policy monitors_read on vigil.monitors for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy monitors_admin_delete on vigil.monitors for delete to authenticated using (vigil.has_role(tenant_id, 'admin'));
create policy monitors_service on vigil.monitors for all to service_role using (true) with check (true);

-- The state of each monitor, one narrow row per monitor, kept apart from its configuration because
-- every check rewrites it: recording 1,000 results then costs about one and a half times inserting
-- their 1,000 events. The row is about half as wide as configuration and state were together, has one check
-- constraint to evaluate instead of twenty-odd, and its half-full pages keep each new version on its
-- page without touching the key (a HOT update). Moved by vigil.record_check_results,
-- vigil.claim_due_monitors, vigil.check_heartbeats, vigil._ping and vigil._save_monitor alone.
create table vigil.monitor_state (
  tenant_id uuid not null,
  monitor_id uuid not null,
  state text not null default 'pending' check (state in ('up', 'pending', 'down', 'degraded', 'paused', 'maintenance')),
  state_since timestamptz not null default pg_catalog.now(),
  is_down boolean not null default false,
  failures integer not null default 0,
  successes integer not null default 0,
  region_status jsonb not null default '{}'::jsonb,
  next_check_at jsonb not null default '{}'::jsonb,
  last_checked_at timestamptz,
  last_ok boolean,
  last_message text,
  last_duration_ms double precision,
  last_status_code integer,
  cert_days_left integer,
  started_at timestamptz,
  last_ping_at timestamptz,
  primary key (tenant_id, monitor_id),
  foreign key (tenant_id, monitor_id) references vigil.monitors (tenant_id, id) on delete cascade
) with (fillfactor = 50);
comment on table vigil.monitor_state is
  'The state of each monitor (what it shows, failures and successes in a row, the last result, the next check per region), one row per monitor, created with it. Apart from the configuration in vigil.monitors because every check rewrites it.';
comment on column vigil.monitor_state.is_down is 'Whether the monitor is DOWN by its checks, whatever it shows: a maintenance window shows maintenance but keeps this.';
comment on column vigil.monitor_state.region_status is 'The latest result per region, kept for monitors with several regions or a quorum: {"eu": {"ok": false, "at": "..."}}; the quorum is counted over results not older than two intervals.';
comment on column vigil.monitor_state.next_check_at is 'When each region checks next: {"eu": "2026-..."}; a region missing is due now.';

alter table vigil.monitor_state enable row level security;
grant select on vigil.monitor_state to authenticated;
grant all on vigil.monitor_state to service_role;
create policy monitor_state_read on vigil.monitor_state for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy monitor_state_service on vigil.monitor_state for all to service_role using (true) with check (true);

-- A heartbeat's token, kept apart so members read monitors whole and never the hash: the token is
-- the only credential a job holds, like an ingest key (shown once, stored as SHA-256).
create table vigil.monitor_tokens (
  monitor_id uuid not null,
  tenant_id uuid not null,
  token_hash bytea not null,
  primary key (tenant_id, monitor_id),
  -- Unique with the tenant, as a distributed table's keys must be; token_hash leads, so the ping's
  -- lookup by hash alone uses it. A token is 32 random bytes: two tenants never share a hash.
  unique (token_hash, tenant_id),
  foreign key (tenant_id, monitor_id) references vigil.monitors (tenant_id, id) on delete cascade
);
comment on table vigil.monitor_tokens is 'SHA-256 of each heartbeat''s ping token; the token itself is shown once, when the heartbeat is created.';
alter table vigil.monitor_tokens enable row level security;
grant all on vigil.monitor_tokens to service_role;
create policy monitor_tokens_service on vigil.monitor_tokens for all to service_role using (true) with check (true);

-- Heartbeat pings, kept short: what a job said (its signal and the start of its output).
create table vigil.heartbeat_pings (
  id bigserial not null,
  tenant_id uuid not null,
  monitor_id uuid not null,
  at timestamptz not null,
  signal text not null check (signal in ('success', 'start', 'fail', 'exit')),
  exit_status integer,
  body text check (pg_catalog.length(body) <= 1000),
  duration_ms double precision,
  primary key (tenant_id, id),
  foreign key (tenant_id, monitor_id) references vigil.monitors (tenant_id, id) on delete cascade
);
create index heartbeat_pings_monitor_idx on vigil.heartbeat_pings (tenant_id, monitor_id, at desc);
create index heartbeat_pings_tenant_idx on vigil.heartbeat_pings (tenant_id, at);
comment on table vigil.heartbeat_pings is
  'Pings received by heartbeat monitors, with the first 1,000 characters of their body. Pruned after 30 days by the heartbeats step.';

alter table vigil.heartbeat_pings enable row level security;
grant select on vigil.heartbeat_pings to authenticated;
grant all on vigil.heartbeat_pings to service_role;
create policy heartbeat_pings_read on vigil.heartbeat_pings for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy heartbeat_pings_service on vigil.heartbeat_pings for all to service_role using (true) with check (true);

-- Cron for heartbeats, read in a time zone: a job scheduled at 03:00 Europe/Berlin runs 23 or 25 hours
-- apart across a daylight saving change, so a period cannot say when its ping is due.
-- One field of a cron expression (numbers, *, a-b, lists, /step) as the sorted values it allows; null
-- when it is not one.
create function vigil._cron_field(p_field text, p_lo integer, p_hi integer) returns integer[]
language sql immutable
set search_path = ''
as $$
  select case when pg_catalog.bool_and(p ~ '^(\*|[0-9]{1,2}(-[0-9]{1,2})?)(/[1-9][0-9]?)?$'
                            and (p !~ '^[0-9]' or pg_catalog.split_part(pg_catalog.split_part(p, '/', 1), '-', 1)::integer
                                 <= coalesce(nullif(pg_catalog.split_part(pg_catalog.split_part(p, '/', 1), '-', 2), '')::integer, p_hi))
                            and (p !~ '^[0-9]' or coalesce(nullif(pg_catalog.split_part(pg_catalog.split_part(p, '/', 1), '-', 2), ''),
                                 pg_catalog.split_part(pg_catalog.split_part(p, '/', 1), '-', 1))::integer between p_lo and p_hi)
                            and (p !~ '^[0-9]' or pg_catalog.split_part(pg_catalog.split_part(p, '/', 1), '-', 1)::integer >= p_lo))
              then (select pg_catalog.array_agg(distinct v order by v)
                    from pg_catalog.unnest(pg_catalog.string_to_array(p_field, ',')) q,
                         lateral (select case when pg_catalog.split_part(q, '/', 1) = '*' then p_lo
                                              else pg_catalog.split_part(pg_catalog.split_part(q, '/', 1), '-', 1)::integer end lo,
                                         case when pg_catalog.split_part(q, '/', 1) = '*' then p_hi
                                              when q ~ '^[0-9]+-' then pg_catalog.split_part(pg_catalog.split_part(q, '/', 1), '-', 2)::integer
                                              when q ~ '/' then p_hi
                                              else pg_catalog.split_part(q, '/', 1)::integer end hi,
                                         coalesce(nullif(pg_catalog.split_part(q, '/', 2), '')::integer, 1) step) b,
                         pg_catalog.generate_series(b.lo, b.hi, b.step) v)
         end
  from pg_catalog.unnest(pg_catalog.string_to_array(p_field, ',')) p
$$;
comment on function vigil._cron_field(text, integer, integer) is
  'The values one cron field allows between p_lo and p_hi (numbers, *, ranges, lists, steps), sorted; null when the field is not valid.';

-- The first time after p_after that a cron expression names, read in p_tz (UTC when null); null when
-- the expression is not one. Day of month and day of week restrict together only when both are given
-- (either matches then), as cron does. A local time a spring change skips is taken an hour later.
create function vigil._cron_next(p_schedule text, p_tz text, p_after timestamptz) returns timestamptz
language plpgsql immutable
set search_path = ''
as $$
declare
  v_tz constant text := coalesce(p_tz, 'UTC');
  v_parts text[] := pg_catalog.regexp_split_to_array(pg_catalog.btrim(case pg_catalog.btrim(coalesce(p_schedule, ''))
    when '@hourly' then '0 * * * *' when '@daily' then '0 0 * * *' when '@weekly' then '0 0 * * 0'
    when '@monthly' then '0 0 1 * *' else p_schedule end), '\s+');
  v_minutes integer[];
  v_hours integer[];
  v_days integer[];
  v_months integer[];
  v_weekdays integer[];
  v_day date;
  v_at timestamptz;
  v_hour integer;
  v_minute integer;
begin
  if pg_catalog.cardinality(v_parts) <> 5 then
    return null;
  end if;
  v_minutes := vigil._cron_field(v_parts[1], 0, 59);
  v_hours := vigil._cron_field(v_parts[2], 0, 23);
  v_days := vigil._cron_field(v_parts[3], 1, 31);
  v_months := vigil._cron_field(v_parts[4], 1, 12);
  v_weekdays := array(select distinct w % 7 from pg_catalog.unnest(vigil._cron_field(v_parts[5], 0, 7)) w);
  if v_minutes is null or v_hours is null or v_days is null or v_months is null or v_weekdays is null then
    return null;
  end if;
  v_day := (p_after at time zone v_tz)::date;
  -- Five years of days at most (29 February falls within them).
  for i in 0..1830 loop
    if extract(month from v_day)::integer = any (v_months)
       and (case when v_parts[3] <> '*' and v_parts[5] <> '*'
                 then extract(day from v_day)::integer = any (v_days) or extract(dow from v_day)::integer = any (v_weekdays)
                 else extract(day from v_day)::integer = any (v_days) and extract(dow from v_day)::integer = any (v_weekdays) end) then
      foreach v_hour in array v_hours loop
        foreach v_minute in array v_minutes loop
          v_at := (v_day + pg_catalog.make_time(v_hour, v_minute, 0)) at time zone v_tz;
          if v_at > p_after then
            return v_at;
          end if;
        end loop;
      end loop;
    end if;
    v_day := v_day + 1;
  end loop;
  return null;
end
$$;
comment on function vigil._cron_next(text, text, timestamptz) is
  'The first time after p_after named by a cron expression (five fields, or @hourly @daily @weekly @monthly) read in time zone p_tz (UTC when null); null when the expression is not valid.';

-- When a heartbeat's next success ping is due: the schedule's next time after the last ping (or the
-- creation), else the last ping plus the period.
create function vigil._heartbeat_due(p_schedule text, p_tz text, p_period integer, p_since timestamptz) returns timestamptz
language sql stable
set search_path = ''
as $$
  select case when p_schedule is not null then vigil._cron_next(p_schedule, p_tz, p_since)
              else p_since + pg_catalog.make_interval(secs => p_period) end
$$;
comment on function vigil._heartbeat_due(text, text, integer, timestamptz) is
  'When a heartbeat''s next success ping is due: its cron schedule''s next time after p_since (in its time zone), else p_since plus its period.';

-- The configuration a JSON definition gives, checked field by field (the error names the field).
-- Used by create and update alike; the outbound guard judges the URL.
create function vigil._apply_monitor_json(p_monitor vigil.monitors, p_json jsonb) returns vigil.monitors
language plpgsql stable
set search_path = ''
as $$
declare
  m vigil.monitors := p_monitor;
  v_key text;
  v_lo integer;
  v_hi integer;
  v_item jsonb;
  v_ranges int4multirange := '{}'::int4multirange;
  v_next timestamptz;
  v_allowed constant text[] := array['name', 'type', 'url', 'method', 'headers', 'secret_headers', 'body', 'expected_status',
    'keyword', 'keyword_absent', 'json_path', 'json_expected', 'interval_seconds', 'timeout_ms', 'retries',
    'retry_interval_seconds', 'recovery_successes', 'degraded_ms', 'regions', 'quorum', 'period_seconds', 'grace_seconds',
    'schedule', 'schedule_tz', 'paused'];
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
  if p_json ? 'schedule_tz' then m.schedule_tz := vigil._json_text(p_json -> 'schedule_tz', 'schedule_tz'); end if;
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
    if m.schedule_tz is not null and not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = m.schedule_tz) then
      raise exception using errcode = '22023', message = 'schedule_tz must be a time zone name, e.g. Europe/Berlin.';
    end if;
    if m.schedule is not null then
      -- The period shown (and bounded like one) is the gap between the schedule's next two times.
      v_next := vigil._cron_next(m.schedule, m.schedule_tz, pg_catalog.now());
      if v_next is null then
        raise exception using errcode = '22023',
          message = 'schedule must be a cron expression: minute hour day-of-month month day-of-week (numbers, *, lists, ranges, steps).';
      end if;
      m.period_seconds := extract(epoch from vigil._cron_next(m.schedule, m.schedule_tz, v_next) - v_next)::integer;
    elsif m.schedule_tz is not null then
      raise exception using errcode = '22023', message = 'schedule_tz is only used with a schedule.';
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
$$;
comment on function vigil._apply_monitor_json(vigil.monitors, jsonb) is
  'A monitor with the fields of a JSON definition applied and every one checked (22023 naming the field); the URL passes the outbound guard.';

-- A monitor as its API returns it: its configuration and state, and what its last check left.
create function vigil._monitor_json(p_monitor vigil.monitors) returns jsonb
language sql stable
set search_path = ''
as $$
  select pg_catalog.to_jsonb(p_monitor)
         || coalesce((select pg_catalog.to_jsonb(s) - 'tenant_id' - 'monitor_id' from vigil.monitor_state s
                      where s.tenant_id = p_monitor.tenant_id and s.monitor_id = p_monitor.id), '{}'::jsonb)
         || pg_catalog.jsonb_build_object('expected_status', p_monitor.expected_status::text)
$$;
comment on function vigil._monitor_json(vigil.monitors) is 'A monitor as JSON with its check state (vigil.monitor_state), its expected statuses as a range list.';

create function vigil._save_monitor(p_monitor vigil.monitors, p_token text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  -- Checked again here: this is the privileged half, and a direct call must meet the same checks.
  m vigil.monitors := vigil._apply_monitor_json(p_monitor, '{}'::jsonb);
begin
  perform vigil.require_role(m.tenant_id, 'admin');
  -- Ids are unique by (tenant_id, id): an id another tenant holds is refused, never copied.
  if exists (select 1 from vigil.monitors x where x.id = m.id and x.tenant_id <> m.tenant_id) then
    raise exception using errcode = '42501', message = 'You must be an admin of the tenant that owns this monitor.';
  end if;
  -- Only configuration is taken from the caller: state starts fresh, and an existing monitor is
  -- changed only within its own tenant.
  insert into vigil.monitors (id, tenant_id, name, type, url, method, headers, secret_headers, body, expected_status, keyword,
    keyword_absent, json_path, json_expected, interval_seconds, timeout_ms, retries, retry_interval_seconds, recovery_successes,
    degraded_ms, regions, quorum, period_seconds, grace_seconds, schedule, schedule_tz, paused)
  values (m.id, m.tenant_id, m.name, m.type, m.url, m.method, m.headers, m.secret_headers, m.body, m.expected_status, m.keyword,
    m.keyword_absent, m.json_path, m.json_expected, m.interval_seconds, m.timeout_ms, m.retries, m.retry_interval_seconds,
    m.recovery_successes, m.degraded_ms, m.regions, m.quorum, m.period_seconds, m.grace_seconds, m.schedule, m.schedule_tz, m.paused)
  on conflict (tenant_id, id) do update set name = excluded.name, url = excluded.url, method = excluded.method,
    headers = excluded.headers, secret_headers = excluded.secret_headers, body = excluded.body,
    expected_status = excluded.expected_status, keyword = excluded.keyword, keyword_absent = excluded.keyword_absent,
    json_path = excluded.json_path, json_expected = excluded.json_expected, interval_seconds = excluded.interval_seconds,
    timeout_ms = excluded.timeout_ms, retries = excluded.retries, retry_interval_seconds = excluded.retry_interval_seconds,
    recovery_successes = excluded.recovery_successes, degraded_ms = excluded.degraded_ms, regions = excluded.regions,
    quorum = excluded.quorum, period_seconds = excluded.period_seconds,
    grace_seconds = excluded.grace_seconds, schedule = excluded.schedule, schedule_tz = excluded.schedule_tz, paused = excluded.paused
  where vigil.monitors.tenant_id = excluded.tenant_id and vigil.monitors.type = excluded.type
  returning * into m;
  if m.id is null then
    raise exception using errcode = '42501', message = 'You must be an admin of the tenant that owns this monitor.';
  end if;
  -- A new monitor starts pending (or paused) with no check behind it; a changed one is due again in
  -- every region at once, and pausing or resuming it shows at once.
  insert into vigil.monitor_state (tenant_id, monitor_id, state) values (m.tenant_id, m.id, case when m.paused then 'paused' else 'pending' end)
  on conflict (tenant_id, monitor_id) do update set next_check_at = '{}'::jsonb,
    state = case when m.paused then 'paused' when vigil.monitor_state.state = 'paused' then 'pending' else vigil.monitor_state.state end;
  if p_token is not null then
    insert into vigil.monitor_tokens (monitor_id, tenant_id, token_hash) values (m.id, m.tenant_id, vigil._hash_key(p_token))
    on conflict (tenant_id, monitor_id) do update set token_hash = excluded.token_hash;
  end if;
  return vigil._monitor_json(m) || case when p_token is not null then pg_catalog.jsonb_build_object('ping_token', p_token) else '{}'::jsonb end;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('A monitor named %L already exists in this tenant.', p_monitor.name);
end
$$;
comment on function vigil._save_monitor(vigil.monitors, text) is
  'Stores a checked monitor (tenant admins): security definer because tenants may not write its state or the token hash directly.';

create function vigil_api.create_monitor(p_tenant uuid, p_monitor jsonb) returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  m vigil.monitors;
begin
  perform vigil.require_role(p_tenant, 'admin');
  m.id := pg_catalog.gen_random_uuid();
  m.tenant_id := p_tenant;
  m.method := 'GET'; m.headers := '{}'; m.secret_headers := '{}'; m.expected_status := '{[200,300)}';
  m.keyword_absent := false; m.interval_seconds := 60; m.timeout_ms := 10000; m.retries := 0;
  m.retry_interval_seconds := 20; m.recovery_successes := 1; m.regions := '{default}'; m.quorum := 1; m.paused := false;
  m.created_at := pg_catalog.now();
  m := vigil._apply_monitor_json(m, p_monitor);
  return vigil._save_monitor(m, case when m.type = 'heartbeat' then 'hb_' || pg_catalog.right(vigil._new_key(), 40) end);
end
$$;
comment on function vigil_api.create_monitor(uuid, jsonb) is
$$Creates a monitor (tenant admins). Fields: name, type (http keyword json tls tcp heartbeat), url, method, headers,
secret_headers ({"Authorization": "VIGIL_API_TOKEN"}: header to secret name, read by the probe, never stored), body,
expected_status ([200, "300-399"]), keyword, keyword_absent, json_path (["data","status"]), json_expected, interval_seconds,
timeout_ms, retries, retry_interval_seconds, recovery_successes, degraded_ms, regions, quorum; heartbeats: period_seconds
or schedule (cron) and schedule_tz, grace_seconds. A heartbeat's ping_token is in the answer, once. Example:
select vigil_api.create_monitor('<tenant>', '{"name": "Stripe", "type": "http", "url": "https://api.stripe.com/healthcheck", "retries": 2}');$$;

create function vigil_api.update_monitor(p_monitor uuid, p_changes jsonb) returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
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
comment on function vigil_api.update_monitor(uuid, jsonb) is
  'Changes fields of a monitor (tenant admins), as create_monitor takes them; paused: true pauses it. Its state and history stay.';

create function vigil_api.delete_monitor(p_monitor uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.monitors', p_monitor, 'admin', 'monitor') $$;
comment on function vigil_api.delete_monitor(uuid) is 'Deletes a monitor and its pings (tenant admins). Its check events stay, like any event, until retention.';

create function vigil_api.list_monitors(p_tenant uuid) returns setof jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query select vigil._monitor_json(m) from vigil.monitors m where m.tenant_id = p_tenant order by m.name;
end
$$;
comment on function vigil_api.list_monitors(uuid) is 'The monitors of a tenant with their state, one JSON object each. Any member may read them.';

-- Whether a mute window matching {"monitor": name, "metric": "monitor_down"} is open: the monitor is
-- in maintenance. Most tenants have no mute window, and they are not asked.
create function vigil._monitor_in_maintenance(p_tenant uuid, p_name text, p_now timestamptz) returns boolean
language sql stable
set search_path = ''
as $$
  select case when exists (select 1 from vigil.alert_mute_windows w where w.tenant_id = p_tenant and w.enabled)
              then coalesce(vigil._alert_muted_by(p_tenant, pg_catalog.jsonb_build_object('monitor', p_name, 'metric', 'monitor_down'), p_now)
                            like 'mute window %', false)
              else false end
$$;
comment on function vigil._monitor_in_maintenance(uuid, text, timestamptz) is
  'True while a recurring mute window matching the monitor (labels monitor and metric monitor_down) is open: it shows as maintenance.';

-- Whether a check fails by its quorum: at least p_quorum of the monitor's regions whose latest result
-- (p_latest: {"eu": {"ok": false, "at": "..."}}) is a failure no older than p_since.
create function vigil._quorum_failed(p_latest jsonb, p_regions text[], p_since timestamptz, p_quorum integer) returns boolean
language sql immutable
set search_path = ''
as $$
  select pg_catalog.count(*) >= p_quorum from pg_catalog.jsonb_each(p_latest) s
  where (s.value ->> 'ok')::boolean = false and s.key = any (p_regions) and (s.value ->> 'at')::timestamptz >= p_since
$$;
comment on function vigil._quorum_failed(jsonb, text[], timestamptz, integer) is
  'Whether at least p_quorum of p_regions have a failed latest result (p_latest, by region) no older than p_since. Internal to vigil._record_check_results.';

-- THE write path of check results. p_results: [{monitor_id, ok, region?, at?, duration_ms?, status_code?,
-- reason?, cert_days_left?, attributes?}]. One statement inserts the events and moves the monitors:
--   a region's result joins the others' (region_status); the check fails when at least quorum regions'
--   latest results (within two intervals) are failures. A failure beyond `retries` makes it DOWN
--   (pending before), and it leaves DOWN after recovery_successes successes in a row.
create function vigil._record_check_results(p_results jsonb, p_now timestamptz) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_events bigint;
  v_moved bigint;
begin
  if p_results is null or pg_catalog.jsonb_typeof(p_results) <> 'array' then
    raise exception using errcode = '22023', message = 'results must be a JSON array of check results.';
  end if;
  -- The shape is checked here; a monitor_id that is not a uuid fails its cast below (a regular
  -- expression per result would cost a tenth of the insert).
  if exists (select 1 from pg_catalog.jsonb_array_elements(p_results) x
             where pg_catalog.jsonb_typeof(x) <> 'object' or pg_catalog.jsonb_typeof(x -> 'ok') is distinct from 'boolean'
               or pg_catalog.jsonb_typeof(x -> 'monitor_id') is distinct from 'string') then
    raise exception using errcode = '22023', message = 'each result needs monitor_id (a uuid) and ok (true or false).';
  end if;
  perform vigil._ensure_partition((p_now at time zone 'UTC')::date);

  -- Recordings take turns (one lock, held to commit): the statement below then reads the state the
  -- last one left, so two regions' results for one monitor arriving at once are counted one after
  -- the other. A recording takes a fraction of a second; row locks taken first cost as much as it.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.record_check_results'));
  -- One statement inserts the events and moves each monitor once. It is held near a plain insert of
  -- the same events (bench/uptime.bench.ts): each result and each monitor's configuration is read
  -- once, and each monitor's state is one narrow row rewritten in place, worked out inline from its
  -- own old values; most monitors (one result from their only region) take a path with no grouping.
  perform vigil.lock_events_for_writing();
  begin
    with r as (
      -- Each result with its monitor (results for a monitor that does not exist are dropped).
      select x.n, m.id monitor_id, coalesce(x.region, 'default') region, x.ok, coalesce(x.at, p_now) at, x.duration_ms,
             x.status_code, pg_catalog.left(x.reason, 500) reason, x.cert_days_left,
             case when pg_catalog.jsonb_typeof(x.attributes) = 'object' then x.attributes else '{}'::jsonb end attributes,
             x.ok and m.degraded_ms is not null and x.duration_ms > m.degraded_ms degraded,
             m.tenant_id, m.name, m.type, m.paused, m.retries, m.recovery_successes, m.degraded_ms, m.interval_seconds,
             m.retry_interval_seconds, m.regions monitor_regions, m.quorum,
             -- The monitor's one region, no quorum to count: this result alone says whether the check failed.
             m.quorum = 1 and m.regions = array[coalesce(x.region, 'default')] one_region,
             -- Mute windows are few: only a tenant that has one is asked whether it holds the monitor.
             case when m.tenant_id in (select mw.tenant_id from vigil.alert_mute_windows mw where mw.enabled)
                  then vigil._monitor_in_maintenance(m.tenant_id, m.name, p_now) else false end maintenance
      from rows from (pg_catalog.jsonb_to_recordset(p_results) as (monitor_id uuid, region text, ok boolean, at timestamptz,
             duration_ms double precision, status_code integer, reason text, cert_days_left integer, attributes jsonb))
           with ordinality x(monitor_id, region, ok, at, duration_ms, status_code, reason, cert_days_left, attributes, n)
      join vigil.monitors m on m.id = x.monitor_id
    ), ins as (
      insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, status_code, error_type, error_message,
                                source, attributes)
      select r.tenant_id, 'api_call', 'check:' || r.name, r.at, r.duration_ms, r.ok,
             case when r.status_code between 100 and 599 then r.status_code end,
             case when not r.ok then pg_catalog.split_part(coalesce(r.reason, 'failed'), ':', 1) end,
             case when not r.ok then r.reason end, 'vigil-uptime',
             case when r.reason is null and r.cert_days_left is null and r.degraded is not null and r.attributes = '{}'::jsonb
                  then pg_catalog.jsonb_build_object('monitor_id', r.monitor_id, 'region', r.region, 'degraded', r.degraded)
                  else r.attributes || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('monitor_id', r.monitor_id,
                         'region', r.region, 'reason', r.reason, 'cert_days_left', r.cert_days_left, 'degraded', r.degraded)) end
      from r
      order by r.n
      returning 1
    ), several as (
      -- Monitors with more than one result in the batch (several regions; usually none).
      select r.monitor_id from r group by r.monitor_id having pg_catalog.count(*) > 1
    ), one as (
      -- Most monitors: one result from their only region, a failure when it failed. A failure beyond
      -- the retries is down, and down stays until recovery_successes successes in a row; what the
      -- monitor shows puts paused and maintenance before what its checks say. (The same three
      -- expressions for down and for the state appear where each is needed: a sub-select per row
      -- to name them would cost more than they do.)
      update vigil.monitor_state s
      set failures = case when r.ok then 0 else s.failures + 1 end,
          successes = case when r.ok then s.successes + 1 else 0 end,
          is_down = case when r.ok then s.is_down and s.successes + 1 < r.recovery_successes else s.is_down or s.failures + 1 > r.retries end,
          state = case when r.paused then 'paused' when r.maintenance then 'maintenance'
                       when case when r.ok then s.is_down and s.successes + 1 < r.recovery_successes
                                 else s.is_down or s.failures + 1 > r.retries end then 'down'
                       when not r.ok then 'pending' when r.degraded_ms < r.duration_ms then 'degraded' else 'up' end,
          state_since = case when s.state = case when r.paused then 'paused' when r.maintenance then 'maintenance'
                                                 when case when r.ok then s.is_down and s.successes + 1 < r.recovery_successes
                                                           else s.is_down or s.failures + 1 > r.retries end then 'down'
                                                 when not r.ok then 'pending' when r.degraded_ms < r.duration_ms then 'degraded'
                                                 else 'up' end
                             then s.state_since else p_now end,
          last_checked_at = r.at, last_ok = r.ok, last_message = coalesce(r.reason, 'OK'),
          last_duration_ms = r.duration_ms, last_status_code = r.status_code,
          cert_days_left = coalesce(r.cert_days_left, s.cert_days_left), started_at = null,
          last_ping_at = case when r.type = 'heartbeat' then r.at else s.last_ping_at end,
          -- Checked next after the retry interval while failing within the retries.
          next_check_at = s.next_check_at || pg_catalog.jsonb_build_object(r.region, r.at + pg_catalog.make_interval(secs =>
            case when not r.ok and s.failures + 1 <= r.retries then r.retry_interval_seconds else r.interval_seconds end))
      from r
      where s.tenant_id = r.tenant_id and s.monitor_id = r.monitor_id
        and r.one_region and r.monitor_id not in (select v.monitor_id from several v)
      returning 1
    ), merged as (
      -- The others, whose regions are counted: the batch's last result of each, with each region's latest.
      select l.*, a.regions
      from (select r.monitor_id, pg_catalog.max(r.n) last_n,
                   pg_catalog.jsonb_object_agg(r.region, pg_catalog.jsonb_build_object('ok', r.ok, 'at', r.at) order by r.n) regions
            from r where not r.one_region or r.monitor_id in (select v.monitor_id from several v)
            group by r.monitor_id) a
      join r l on l.monitor_id = a.monitor_id and l.n = a.last_n
    ), counted as (
      -- The check fails when a quorum of regions' latest results (this batch's merged into what the
      -- monitor knew) are failures; then as above. Few monitors come this way, so the steps are named.
      update vigil.monitor_state s
      set (region_status, failures, successes, last_ok, is_down, state, state_since, next_check_at) = (
            select s.region_status || r.regions, f.failures, f.successes, not f.failed, d.down, x.state,
                   case when x.state = s.state then s.state_since else p_now end,
                   s.next_check_at || (select pg_catalog.jsonb_object_agg(k, r.at + pg_catalog.make_interval(secs =>
                                                case when f.failed and f.failures <= r.retries then r.retry_interval_seconds
                                                     else r.interval_seconds end))
                                       from pg_catalog.jsonb_object_keys(r.regions) k)
            from (select q.failed, case when q.failed then s.failures + 1 else 0 end failures,
                         case when q.failed then 0 else s.successes + 1 end successes
                  from (select vigil._quorum_failed(s.region_status || r.regions, r.monitor_regions,
                                                    r.at - pg_catalog.make_interval(secs => 2 * r.interval_seconds), r.quorum) failed) q) f
            cross join lateral (select case when f.failed then s.is_down or f.failures > r.retries
                                            else s.is_down and f.successes < r.recovery_successes end down) d
            cross join lateral (select case when r.paused then 'paused' when r.maintenance then 'maintenance' when d.down then 'down'
                                            when f.failed then 'pending' when r.degraded_ms < r.duration_ms then 'degraded'
                                            else 'up' end state) x),
          last_checked_at = r.at, last_message = coalesce(r.reason, 'OK'),
          last_duration_ms = r.duration_ms, last_status_code = r.status_code,
          cert_days_left = coalesce(r.cert_days_left, s.cert_days_left), started_at = null,
          last_ping_at = case when r.type = 'heartbeat' then r.at else s.last_ping_at end
      from merged r
      where s.tenant_id = r.tenant_id and s.monitor_id = r.monitor_id
      returning 1
    )
    select (select pg_catalog.count(*) from ins), (select pg_catalog.count(*) from one) + (select pg_catalog.count(*) from counted)
    into v_events, v_moved;
  exception when invalid_text_representation or invalid_datetime_format or datetime_field_overflow then
    -- A value of the wrong type (a monitor_id that is not a uuid, a time that is not one), as one error.
    raise exception using errcode = '22023', detail = sqlerrm, message = case when sqlerrm like '%type uuid%'
      then 'each result needs monitor_id (a uuid) and ok (true or false).' else 'a result has a value of the wrong type.' end;
  end;
  return pg_catalog.jsonb_build_object('events', v_events, 'monitors', v_moved);
end
$$;
comment on function vigil._record_check_results(jsonb, timestamptz) is
  'The body of vigil.record_check_results without the caller check, for the heartbeat paths that checked their token already. Internal.';

create function vigil.record_check_results(p_results jsonb, p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database session may record check results.');
  return vigil._record_check_results(p_results, p_now);
end
$$;
comment on function vigil.record_check_results(jsonb, timestamptz) is
$$The one write path of check results (service role, the probe, heartbeats): each result becomes an api_call event named
check:<monitor> (duration, success, status code, reason, degraded flag, certificate days left), and each monitor moves:
a failure within retries is pending, beyond them down; recovery_successes successes in a row bring it back; a quorum of
regions must fail for a check to count as failed. Returns {events, monitors}.$$;

-- The monitors due in one region, claimed so a second probe running at the same time skips them:
-- their next check moves past the timeout, and record_check_results sets it properly.
create function vigil.claim_due_monitors(p_region text default 'default', p_limit integer default 1000,
                                         p_now timestamptz default pg_catalog.now())
returns table (id uuid, tenant_id uuid, name text, type text, url text, method text, headers jsonb, secret_headers jsonb,
               body text, expected_status text, keyword text, keyword_absent boolean, json_path text[], json_expected jsonb,
               timeout_ms integer)
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database session may claim monitors.');
  return query
  with due as (
    select s.tenant_id, s.monitor_id from vigil.monitors m
    join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
    where m.type <> 'heartbeat' and not m.paused and coalesce(p_region, 'default') = any (m.regions)
      and coalesce((s.next_check_at ->> coalesce(p_region, 'default'))::timestamptz, '-infinity') <= p_now
    order by coalesce((s.next_check_at ->> coalesce(p_region, 'default'))::timestamptz, '-infinity'), m.id
    limit greatest(coalesce(p_limit, 1000), 1)
    for update of s skip locked
  )
  update vigil.monitor_state s
  set next_check_at = s.next_check_at || pg_catalog.jsonb_build_object(coalesce(p_region, 'default'),
        p_now + pg_catalog.make_interval(secs => m.timeout_ms / 1000.0 + 60))
  from due join vigil.monitors m on m.tenant_id = due.tenant_id and m.id = due.monitor_id
  where s.tenant_id = due.tenant_id and s.monitor_id = due.monitor_id
  returning m.id, m.tenant_id, m.name, m.type, m.url, m.method, m.headers, m.secret_headers, m.body, m.expected_status::text,
            m.keyword, m.keyword_absent, m.json_path, m.json_expected, m.timeout_ms;
end
$$;
comment on function vigil.claim_due_monitors(text, integer, timestamptz) is
  'The monitors due in p_region (service role, the health-check function), at most p_limit, claimed with skip locked: their next check moves a minute past the timeout until their result is recorded.';

-- Heartbeats: a job pings with its token. success (or exit status 0) records a successful check
-- whose duration is the time since its start ping; fail (or any other exit status) a failed one, and
-- a heartbeat has no retries, so it is down at once; start only notes the start.
create function vigil._ping(p_token text, p_signal text, p_body text, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  m vigil.monitors;
  v_started timestamptz;
  v_state text;
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
    update vigil.monitor_state set started_at = p_now where tenant_id = m.tenant_id and monitor_id = m.id;
  else
    select s.started_at into v_started from vigil.monitor_state s where s.tenant_id = m.tenant_id and s.monitor_id = m.id;
    v_ok := v_signal = 'success' or coalesce(v_exit = 0, false);
    v_duration := case when v_started is not null then (extract(epoch from p_now - v_started) * 1000)::double precision end;
    perform vigil._record_check_results(pg_catalog.jsonb_build_array(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'monitor_id', m.id, 'ok', v_ok, 'at', p_now, 'duration_ms', v_duration,
      'reason', case when v_ok then null when v_exit is not null then 'exit status ' || v_exit else 'the job reported a failure' end,
      'attributes', pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('signal', v_signal, 'exit_status', v_exit))))), p_now);
  end if;
  insert into vigil.heartbeat_pings (tenant_id, monitor_id, at, signal, exit_status, body, duration_ms)
  values (m.tenant_id, m.id, p_now, v_signal, v_exit, pg_catalog.left(p_body, 1000),
          case when v_signal <> 'start' then v_duration end);
  select s.state into v_state from vigil.monitor_state s where s.tenant_id = m.tenant_id and s.monitor_id = m.id;
  return pg_catalog.jsonb_build_object('monitor', m.name, 'signal', v_signal, 'state', v_state);
end
$$;
comment on function vigil._ping(text, text, text, timestamptz) is
  'Receives one heartbeat ping (anyone holding the token): the token is the only credential, looked up by its hash. PT404 for an unknown token, and nothing is recorded.';

create function vigil_api.ping(p_token text, p_signal text default 'success', p_body text default null)
returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._ping(p_token, p_signal, p_body, pg_catalog.now()) $$;
comment on function vigil_api.ping(text, text, text) is
$$A heartbeat from a job inside the database or anywhere with the token (anon may call it, like the ping edge function):
p_signal success (default), start, fail, or an exit status ('0' is success). Returns {monitor, signal, state}. Example:
select vigil_api.ping('hb_...', 'start'); ... select vigil_api.ping('hb_...');$$;

-- Heartbeats late or silent: late after the period (pending), down after the grace as well, and a
-- job that started and did not succeed within the grace is down. Down records a failed check, like
-- any other result.
create function vigil.check_heartbeats(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_down jsonb;
  v_late integer;
begin
  perform vigil._require_trusted('Only the service role or maintenance may check heartbeats.');
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('monitor_id', m.id, 'ok', false, 'at', p_now,
           'reason', case when s.started_at is not null and p_now > s.started_at + pg_catalog.make_interval(secs => m.grace_seconds)
                          then 'started but no success within the grace time' else 'no ping within the period and grace time' end)), '[]'::jsonb)
  into v_down
  from vigil.monitors m
  join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.type = 'heartbeat' and not m.paused and not s.is_down
    and ((s.started_at is not null and p_now > s.started_at + pg_catalog.make_interval(secs => m.grace_seconds))
      or p_now > vigil._heartbeat_due(m.schedule, m.schedule_tz, m.period_seconds, coalesce(s.last_ping_at, m.created_at))
                 + pg_catalog.make_interval(secs => m.grace_seconds));
  if pg_catalog.jsonb_array_length(v_down) > 0 then
    perform vigil.record_check_results(v_down, p_now);
  end if;
  update vigil.monitor_state s
  set state = 'pending', state_since = p_now, last_message = 'late: no ping within the period'
  from vigil.monitors m
  where s.tenant_id = m.tenant_id and s.monitor_id = m.id
    and m.type = 'heartbeat' and not m.paused and not s.is_down and s.state <> 'pending'
    and p_now > vigil._heartbeat_due(m.schedule, m.schedule_tz, m.period_seconds, coalesce(s.last_ping_at, m.created_at));
  get diagnostics v_late = row_count;
  return pg_catalog.jsonb_build_object('down', pg_catalog.jsonb_array_length(v_down), 'late', v_late);
end
$$;
comment on function vigil.check_heartbeats(timestamptz) is
  'Heartbeats past their period become pending (late); past period and grace, or started without success within the grace, down (a failed check is recorded). Returns {down, late}.';

create function vigil._step_heartbeats(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  return vigil.check_heartbeats(p_now)
      || pg_catalog.jsonb_build_object('pings_pruned', vigil._prune('vigil.heartbeat_pings', 'at', p_now - interval '30 days', 5000));
end
$$;
comment on function vigil._step_heartbeats(timestamptz) is 'Maintenance step: late and silent heartbeats; pings older than 30 days go, 5,000 a run.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('heartbeats', 'vigil._step_heartbeats(timestamptz)', 65,
        'Mark heartbeats late or down (before alert evaluation reads them); prune pings older than 30 days.');

-- Scheduling the probe: where pg_net exists, a pg_cron job calls health-check every minute, as
-- send-alert and the deploy run are called (the service role key read from Vault when the job runs).
-- A hosted project probing from several regions schedules one job per region: ?region= names it.
create function vigil.invoke_health_check(p_url text) returns bigint
language sql
set search_path = ''
as $$ select vigil.invoke_edge_function(p_url, 'health-check', 'VIGIL_SERVICE_ROLE_KEY') $$;
comment on function vigil.invoke_health_check(text) is
  'Calls the health-check edge function through pg_net with the service role key from Vault. What the pg_cron job runs.';

create function vigil.schedule_health_check(p_url text, p_region text default null, p_schedule text default '* * * * *') returns text
language plpgsql
set search_path = ''
as $$
begin
  if p_region is not null and p_region !~ '^[a-z0-9][a-z0-9-]{0,30}$' then
    raise exception using errcode = '22023', message = 'region must be lowercase letters, digits and dashes.';
  end if;
  if p_region is not null and p_url ~ '[?#]' then
    raise exception using errcode = '22023', message = 'url must be the function''s URL without a query: the region is added to it.';
  end if;
  return vigil.schedule_edge_function('vigil-health-check' || coalesce('-' || p_region, ''), 'vigil.invoke_health_check',
    p_url || coalesce('?region=' || p_region, ''), 'health-check', p_schedule);
end
$$;
comment on function vigil.schedule_health_check(text, text, text) is
$$Schedules the pg_cron job vigil-health-check (vigil-health-check-<region> with a region) that calls the health-check
function (https://<ref>.supabase.co/functions/v1/health-check, ?region= added) every minute; needs pg_cron and pg_net,
else says what to do. The service role only. Example: select vigil.schedule_health_check('https://<ref>.supabase.co/functions/v1/health-check', 'eu');$$;

-- Alert metrics, one series per monitor ({"monitor": name}), read from the monitors' state: the
-- probe and the heartbeat step keep it current, so a rule needs no window of events.
create function vigil.metric_monitor_down(p_tenant uuid, p_window tstzrange) returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('monitor', m.name), case when s.is_down then 1 else 0 end::numeric
  from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant and not m.paused and s.last_checked_at is not null
    and s.last_checked_at <= pg_catalog.upper(p_window)
$$;
comment on function vigil.metric_monitor_down(uuid, tstzrange) is 'Alert metric monitor_down: 1 per monitor that is down, else 0 (paused and never checked monitors have no series).';

create function vigil.metric_monitor_degraded(p_tenant uuid, p_window tstzrange) returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('monitor', m.name),
         case when not s.is_down and s.last_ok and s.last_duration_ms > m.degraded_ms then 1 else 0 end::numeric
  from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant and not m.paused and m.degraded_ms is not null and s.last_checked_at is not null
$$;
comment on function vigil.metric_monitor_degraded(uuid, tstzrange) is 'Alert metric monitor_degraded: 1 per monitor whose last successful check was slower than its degraded_ms.';

create function vigil.metric_cert_days_left(p_tenant uuid, p_window tstzrange) returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('monitor', m.name), s.cert_days_left::numeric
  from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant and not m.paused and s.cert_days_left is not null
$$;
comment on function vigil.metric_cert_days_left(uuid, tstzrange) is 'Alert metric cert_days_left: days until each tls monitor''s certificate expires, as last seen.';

create function vigil.metric_heartbeat_late(p_tenant uuid, p_window tstzrange) returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('monitor', m.name),
         case when s.is_down or pg_catalog.upper(p_window) > vigil._heartbeat_due(m.schedule, m.schedule_tz, m.period_seconds, coalesce(s.last_ping_at, m.created_at))
              then 1 else 0 end::numeric
  from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant and m.type = 'heartbeat' and not m.paused
$$;
comment on function vigil.metric_heartbeat_late(uuid, tstzrange) is 'Alert metric heartbeat_late: 1 per heartbeat that has not pinged within its period (or is down), else 0.';

select vigil._register_alert_metric('monitor_down', 'vigil.metric_monitor_down(uuid, tstzrange)'::regprocedure,
  'Per monitor: 1 when it is down (failed beyond its retries, by a quorum of regions), else 0.', true, 'number');
select vigil._register_alert_metric('monitor_degraded', 'vigil.metric_monitor_degraded(uuid, tstzrange)'::regprocedure,
  'Per monitor with a degraded threshold: 1 when its last successful check was slower, else 0.', true, 'number');
select vigil._register_alert_metric('cert_days_left', 'vigil.metric_cert_days_left(uuid, tstzrange)'::regprocedure,
  'Per tls monitor: days until the certificate expires.', true, 'number');
select vigil._register_alert_metric('heartbeat_late', 'vigil.metric_heartbeat_late(uuid, tstzrange)'::regprocedure,
  'Per heartbeat: 1 when no success ping came within its period (or it is down), else 0.', true, 'number');

insert into vigil.default_alert_rules (name, position, rule) values
  ('Monitor down', 80, $json${"metric": "monitor_down", "comparator": "gt", "threshold": 0, "window": "1 minute",
     "min_events": 0, "cooldown": "1 hour", "severity": "critical",
     "description": "A monitored API or job is down: it failed more checks in a row than its retries allow."}$json$),
  ('Certificate expires within 14 days', 90, $json${"metric": "cert_days_left", "comparator": "lt", "threshold": 14,
     "window": "1 minute", "min_events": 0, "cooldown": "24 hours", "severity": "warning",
     "description": "A monitored TLS certificate expires in less than 14 days."}$json$)
on conflict (name) do nothing;

grant execute on function vigil._cron_field(text, integer, integer) to authenticated, service_role;
grant execute on function vigil._cron_next(text, text, timestamptz) to authenticated, service_role;
grant execute on function vigil._heartbeat_due(text, text, integer, timestamptz) to authenticated, service_role;
grant execute on function vigil._apply_monitor_json(vigil.monitors, jsonb) to authenticated, service_role;
grant execute on function vigil._monitor_json(vigil.monitors) to authenticated, service_role;
grant execute on function vigil._save_monitor(vigil.monitors, text) to authenticated, service_role;
grant execute on function vigil._monitor_in_maintenance(uuid, text, timestamptz) to service_role;
grant execute on function vigil._quorum_failed(jsonb, text[], timestamptz, integer) to service_role;
grant execute on function vigil._record_check_results(jsonb, timestamptz) to service_role;
grant execute on function vigil.record_check_results(jsonb, timestamptz) to service_role;
grant execute on function vigil.claim_due_monitors(text, integer, timestamptz) to service_role;
grant execute on function vigil.invoke_health_check(text) to service_role;
grant execute on function vigil.schedule_health_check(text, text, text) to service_role;
grant execute on function vigil._ping(text, text, text, timestamptz) to anon, authenticated, service_role;
grant execute on function vigil.check_heartbeats(timestamptz) to service_role;
grant execute on function vigil._step_heartbeats(timestamptz) to service_role;
grant execute on function vigil.metric_monitor_down(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_monitor_degraded(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_cert_days_left(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_heartbeat_late(uuid, tstzrange) to service_role;
grant execute on function vigil_api.create_monitor(uuid, jsonb) to authenticated, service_role;
grant execute on function vigil_api.update_monitor(uuid, jsonb) to authenticated, service_role;
grant execute on function vigil_api.delete_monitor(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_monitors(uuid) to authenticated, service_role;
grant execute on function vigil_api.ping(text, text, text) to anon, authenticated, service_role;
