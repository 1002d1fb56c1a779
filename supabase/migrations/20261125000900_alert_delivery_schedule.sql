-- Scheduling delivery: where pg_net exists, a pg_cron job calls the send-alert function every
-- minute with the service role key read from Supabase Vault when the job runs, never written into
-- the job's command. Evaluation itself runs as maintenance step 'alerts' (run_maintenance).

create function vigil.invoke_send_alert(p_url text, p_secret_name text default 'VIGIL_SERVICE_ROLE_KEY') returns bigint
language plpgsql
set search_path = ''
as $$
declare
  v_key text;
  v_request bigint;
begin
  if pg_catalog.to_regnamespace('net') is null then
    raise exception using errcode = '55000', message = 'pg_net is not installed: call send-alert from an external scheduler instead.';
  end if;
  v_key := vigil.read_alert_secret(p_secret_name);
  if v_key is null then
    raise exception using errcode = '55000',
      message = pg_catalog.format('Vault holds no secret named %s: add the service role key with vault.create_secret(key, %L).', p_secret_name, p_secret_name);
  end if;
  execute 'select net.http_post(url := $1, body := ''{}''::jsonb, headers := $2, timeout_milliseconds := 30000)'
    into v_request
    using p_url, pg_catalog.jsonb_build_object('Authorization', 'Bearer ' || v_key, 'Content-Type', 'application/json');
  return v_request;
end
$$;
comment on function vigil.invoke_send_alert(text, text) is
  'Calls the send-alert edge function through pg_net with the service role key from Vault (secret VIGIL_SERVICE_ROLE_KEY). What the pg_cron job runs.';

create function vigil.schedule_alert_delivery(p_url text, p_schedule text default '* * * * *') returns text
language plpgsql
set search_path = ''
as $$
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role can schedule alert delivery.';
  end if;
  if p_url is null or not vigil._is_allowed_url(p_url) then
    raise exception using errcode = '22023', message = 'url must be the https URL of the send-alert function.';
  end if;
  if pg_catalog.to_regnamespace('cron') is null then
    return 'pg_cron is not installed: call send-alert every minute from an external scheduler.';
  end if;
  if pg_catalog.to_regnamespace('net') is null then
    return 'pg_net is not installed: enable it (Database > Extensions) or call send-alert from an external scheduler.';
  end if;
  -- Named jobs are upserts in pg_cron, so scheduling twice is safe.
  execute 'select cron.schedule($1, $2, $3)'
    using 'vigil-send-alert', p_schedule, pg_catalog.format('select vigil.invoke_send_alert(%L)', p_url);
  return 'scheduled vigil-send-alert';
end
$$;
comment on function vigil.schedule_alert_delivery(text, text) is
  'Schedules the pg_cron job vigil-send-alert that calls send-alert (needs pg_cron and pg_net); returns what it did, or why it could not.';

grant execute on function vigil.invoke_send_alert(text, text) to service_role;
grant execute on function vigil.schedule_alert_delivery(text, text) to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
