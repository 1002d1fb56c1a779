-- The outbox's other side: send-alert claims due notifications, delivers them and records each
-- attempt here; the retry policy (backoff with jitter, retry-after, dead-lettering) lives in SQL.

-- The outbox machinery, shared by every outbox (alert notifications here, deploy actions with the
-- deployments): an outbox table has id bigint, tenant_id, status (pending, sending, retrying,
-- delivered, dead), attempts, next_attempt_at, lease_until, claim_token, delivered_at, dead_at and
-- last_error. Claiming and settling live here once; each outbox adds what is its own (the channel
-- of a notification, the attempt log, what a finished action changes).
create function vigil._claim_outbox(p_table regclass, p_limit integer, p_lease interval, p_now timestamptz)
returns table (id bigint, attempts integer, claim_token uuid, lease_until timestamptz)
language plpgsql
set search_path = ''
as $$
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
$$;
comment on function vigil._claim_outbox(regclass, integer, interval, timestamptz) is
  'Claims up to p_limit due rows of outbox p_table (for update skip locked) with a lease and a new claim token each; a row whose lease passed is claimable again.';

create function vigil._settle_outbox(
  p_table regclass,
  p_id bigint,
  p_claim uuid,
  p_outcome text,
  p_error text,
  p_retry_after_seconds double precision,
  p_now timestamptz,
  p_max_attempts integer,
  p_backoff_base interval,
  p_backoff_cap interval,
  p_thing text
) returns jsonb
language plpgsql
set search_path = ''
as $$
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
$$;
comment on function vigil._settle_outbox(regclass, bigint, uuid, text, text, double precision, timestamptz, integer, interval, interval, text) is
  'Records the outcome of claimed row p_id of outbox p_table under its claim token: delivered; wait (ask again after p_retry_after_seconds, no attempt used); retry (after retry-after, else exponential backoff with jitter); dead after permanent, refused or p_max_attempts. A token that is no longer the row''s records nothing: recorded = false.';

create function vigil.claim_alert_notifications(p_limit integer default 50, p_lease interval default interval '2 minutes',
                                                p_now timestamptz default pg_catalog.now())
returns table (id bigint, tenant_id uuid, alert_id uuid, kind text, seq integer, attempt integer, dedup_key text, payload jsonb,
               channel_id uuid, channel_type text, channel_config jsonb, secret_name text, claim_token uuid, lease_until timestamptz,
               idempotency_key text)
language sql
set search_path = ''
as $$
  -- What a claim changes (attempts, token, lease) comes from the claim; the rest does not change.
  select n.id, n.tenant_id, n.alert_id, n.kind, n.seq, k.attempts, n.dedup_key, n.payload, c.id, c.type, c.config, c.secret_name,
         k.claim_token, k.lease_until, n.idempotency_key
  from vigil._claim_outbox('vigil.alert_notifications', p_limit, p_lease, p_now) k
  join vigil.alert_notifications n on n.id = k.id
  join vigil.alert_channels c on c.id = n.channel_id
$$;
comment on function vigil.claim_alert_notifications(integer, interval, timestamptz) is
  'Claims up to p_limit due notifications for delivery (for update skip locked) with a lease and a new claim token each; a sender that dies leaves them claimable once the lease passes. A sender must finish a send before lease_until and record it with the token.';

create function vigil.record_alert_delivery(
  p_notification bigint,
  p_claim uuid,
  p_outcome text,
  p_status_code integer default null,
  p_error text default null,
  p_duration_ms double precision default null,
  p_retry_after_seconds double precision default null,
  p_now timestamptz default pg_catalog.now(),
  p_max_attempts integer default 8,
  p_backoff_base interval default interval '30 seconds',
  p_backoff_cap interval default interval '1 hour'
) returns jsonb
language plpgsql
set search_path = ''
as $$
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
comment on function vigil.record_alert_delivery(bigint, uuid, text, integer, text, double precision, double precision, timestamptz, integer, interval, interval) is
  'Records one delivery attempt under the claim token its claim returned and decides what follows: delivered; retry (after retry-after, else exponential backoff with jitter); dead after a permanent error, an address the outbound guard refused (no request was sent) or p_max_attempts. Errors are kept to 300 characters. A token that is no longer the row''s (its claim was lost) records nothing and returns recorded = false.';

-- Dead letters as an alert metric, so a broken channel pages through the ones that work.
create function vigil.metric_dead_notifications(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select pg_catalog.count(*)::numeric from vigil.alert_notifications n
  where n.tenant_id = p_tenant and n.status = 'dead' and n.dead_at <@ p_window
$$;
comment on function vigil.metric_dead_notifications(uuid, tstzrange) is 'Alert metric notifications_dead: notifications of the tenant dead-lettered in the window.';

insert into vigil.alert_metrics (name, fn, unit, description)
values ('notifications_dead', 'vigil.metric_dead_notifications(uuid,tstzrange)', 'count',
        'Alert notifications given up on (dead-lettered) in the window: a channel is broken.')
on conflict (name) do nothing;

create function vigil_api.alert_delivery_stats(p_tenant uuid, p_since timestamptz default pg_catalog.now() - interval '24 hours')
returns table (channel_id uuid, channel text, channel_type text, pending bigint, retrying bigint, delivered bigint,
               dead bigint, attempts bigint, last_error text)
language plpgsql stable security invoker
set search_path = ''
as $$
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
comment on function vigil_api.alert_delivery_stats(uuid, timestamptz) is
  'Per channel since p_since (default 24 h): notifications pending, retrying, delivered and dead (dead-lettered), attempts and the last error. Any member may read it.';

create function vigil._requeue_notification(p_notification bigint) returns void
language plpgsql security definer
set search_path = ''
as $$
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

create function vigil_api.retry_alert_notification(p_notification bigint) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._requeue_notification(p_notification) $$;
comment on function vigil_api.retry_alert_notification(bigint) is
  'Puts a dead-lettered notification back in the outbox, e.g. after fixing the channel (operators and admins).';

grant execute on function vigil.claim_alert_notifications(integer, interval, timestamptz) to service_role;
grant execute on function vigil.record_alert_delivery(bigint, uuid, text, integer, text, double precision, double precision, timestamptz, integer, interval, interval) to service_role;
grant execute on function vigil.metric_dead_notifications(uuid, tstzrange) to service_role;
grant execute on function vigil._requeue_notification(bigint) to authenticated, service_role;
grant execute on function vigil_api.alert_delivery_stats(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.retry_alert_notification(bigint) to authenticated, service_role;

-- Scheduling edge functions: where pg_net exists, a pg_cron job calls a function every minute with
-- the service role key read from Supabase Vault when the job runs, never written into the job's
-- command. send-alert is scheduled here; the deploy function's run uses the same two functions.
-- Evaluation itself runs as maintenance step 'alerts' (run_maintenance).

create function vigil.invoke_edge_function(p_url text, p_what text, p_secret_name text default 'VIGIL_SERVICE_ROLE_KEY') returns bigint
language plpgsql
set search_path = ''
as $$
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
$$;
comment on function vigil.invoke_edge_function(text, text, text) is
  'Calls an edge function (p_what names it in errors) through pg_net with the service role key from Vault (secret VIGIL_SERVICE_ROLE_KEY). What the pg_cron jobs run.';

create function vigil.invoke_send_alert(p_url text, p_secret_name text default 'VIGIL_SERVICE_ROLE_KEY') returns bigint
language sql
set search_path = ''
as $$ select vigil.invoke_edge_function(p_url, 'send-alert', p_secret_name) $$;
comment on function vigil.invoke_send_alert(text, text) is
  'Calls the send-alert edge function through pg_net with the service role key from Vault (secret VIGIL_SERVICE_ROLE_KEY). What the pg_cron job runs.';

create function vigil.schedule_edge_function(p_job text, p_invoke text, p_url text, p_what text, p_schedule text default '* * * * *')
returns text
language plpgsql
set search_path = ''
as $$
begin
  perform vigil._require_trusted(pg_catalog.format('Only the service role can schedule %s.', p_what));
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
$$;
comment on function vigil.schedule_edge_function(text, text, text, text, text) is
  'Schedules pg_cron job p_job running p_invoke(p_url) (needs pg_cron and pg_net); returns what it did, or why it could not. The service role only.';

create function vigil.schedule_alert_delivery(p_url text, p_schedule text default '* * * * *') returns text
language sql
set search_path = ''
as $$ select vigil.schedule_edge_function('vigil-send-alert', 'vigil.invoke_send_alert', p_url, 'send-alert', p_schedule) $$;
comment on function vigil.schedule_alert_delivery(text, text) is
  'Schedules the pg_cron job vigil-send-alert that calls send-alert (needs pg_cron and pg_net); returns what it did, or why it could not.';

grant execute on function vigil.invoke_edge_function(text, text, text) to service_role;
grant execute on function vigil.invoke_send_alert(text, text) to service_role;
grant execute on function vigil.schedule_edge_function(text, text, text, text, text) to service_role;
grant execute on function vigil.schedule_alert_delivery(text, text) to service_role;
