-- Where alert notifications go: email (Resend), Slack (incoming webhook), SMS (Twilio), a signed
-- generic webhook, PagerDuty (Events API v2). Non-secret settings live here; secrets only by name.

create table vigil.alert_channels (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 100),
  type text not null check (type in ('email', 'slack', 'sms', 'webhook', 'pagerduty')),
  config jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(config) = 'object'),
  secret_name text not null check (secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'),
  enabled boolean not null default true,
  created_at timestamptz not null default pg_catalog.now(),
  created_by uuid,
  unique (tenant_id, name),
  primary key (tenant_id, id)
);
comment on table vigil.alert_channels is
  'Alert destinations of a tenant. Holds no secret: secret_name names an environment variable of the send-alert function (or a Supabase Vault secret) that holds it.';
comment on column vigil.alert_channels.config is
  'Non-secret settings: email {to, from}; sms {to, from, account_sid}; webhook {url}; slack {} ; pagerduty {source?}.';
comment on column vigil.alert_channels.secret_name is
  'Name of the secret (env var or Vault secret), never its value: Resend API key, Slack webhook URL, Twilio auth token, webhook signing secret or PagerDuty routing key. The VIGIL_ prefix keeps channels away from the function''s other secrets.';

alter table vigil.alert_channels enable row level security;
grant select, insert, update, delete on vigil.alert_channels to authenticated;
grant all on vigil.alert_channels to service_role;
-- Recipients are personal data: operators and admins see channels, admins change them.
select vigil._create_policies('vigil.alert_channels', 'tenant_id', 'operator', 'admin');

-- A link's form (runbook links, the send-alert URL the service role schedules): https, or http to
-- loopback. Not the outbound guard: URLs Vigil itself calls for a tenant go through
-- vigil._check_outbound_url.
create function vigil._is_allowed_url(p_url text) returns boolean
language sql immutable
set search_path = ''
as $$
  select p_url ~ '^https://[^\s/?#]+([/?#]\S*)?$'
      or p_url ~ '^http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?([/?#]\S*)?$'
$$;

create function vigil._check_channel(p_type text, p_config jsonb) returns void
language plpgsql stable
set search_path = ''
as $$
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
$$;
comment on function vigil._check_channel(text, jsonb) is 'Raises 22023 naming the field when a channel''s type or config is invalid, or its URL would reach inside (the outbound guard).';

-- The table is writable by admins under RLS, so the check holds there too, not only in the API.
create function vigil._alert_channels_check() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform vigil._check_channel(new.type, new.config);
  return new;
end
$$;
comment on function vigil._alert_channels_check() is 'Trigger: a channel row is checked however it is written, so no URL reaches the table unguarded.';
create trigger alert_channels_check before insert or update of type, config on vigil.alert_channels
  for each row execute function vigil._alert_channels_check();

create function vigil._default_secret_name(p_type text) returns text
language sql immutable
set search_path = ''
as $$
  select case p_type
    when 'email' then 'VIGIL_RESEND_API_KEY'
    when 'slack' then 'VIGIL_SLACK_WEBHOOK_URL'
    when 'sms' then 'VIGIL_TWILIO_AUTH_TOKEN'
    when 'webhook' then 'VIGIL_WEBHOOK_SECRET'
    when 'pagerduty' then 'VIGIL_PAGERDUTY_ROUTING_KEY'
  end
$$;

create function vigil._check_secret_name(p_name text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_name !~ '^VIGIL_[A-Z0-9_]{1,100}$' then
    raise exception using errcode = '22023',
      message = 'secret_name must name an environment variable or Vault secret starting with VIGIL_ (uppercase letters, digits, underscores).';
  end if;
end
$$;

create function vigil_api.create_alert_channel(p_tenant uuid, p_name text, p_type text, p_config jsonb default '{}'::jsonb,
                                              p_secret_name text default null)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
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
comment on function vigil_api.create_alert_channel(uuid, text, text, jsonb, text) is
$$Adds an alert channel (tenant admins). type: email {to, from} | slack {} | sms {to, from, account_sid} | webhook {url}
| pagerduty {}. p_secret_name names the env var or Vault secret holding the credential (default per type, e.g.
VIGIL_SLACK_WEBHOOK_URL); the secret itself never enters the database.$$;

create function vigil_api.update_alert_channel(p_channel uuid, p_config jsonb default null, p_secret_name text default null,
                                              p_enabled boolean default null)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
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
comment on function vigil_api.update_alert_channel(uuid, jsonb, text, boolean) is
  'Changes a channel''s config, secret name or enabled flag (tenant admins). Null arguments keep the current value.';

create function vigil_api.delete_alert_channel(p_channel uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.alert_channels', p_channel, 'admin', 'channel') $$;
comment on function vigil_api.delete_alert_channel(uuid) is
  'Deletes a channel (tenant admins); rules stop sending to it and its undelivered notifications are dropped.';

create function vigil_api.list_alert_channels(p_tenant uuid)
returns table (id uuid, name text, type text, config jsonb, secret_name text, enabled boolean, created_at timestamptz)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'operator');
  select c.id, c.name, c.type, c.config, c.secret_name, c.enabled, c.created_at
  from vigil.alert_channels c where c.tenant_id = p_tenant order by c.name;
$$;
comment on function vigil_api.list_alert_channels(uuid) is
  'The alert channels of a tenant (operators and admins: recipients are personal data). Shows secret names, never secrets.';

-- Vault is optional (absent locally): the send-alert function asks here only when its environment
-- lacks the secret. Security definer because vault.decrypted_secrets is readable by postgres alone.
create function vigil.read_alert_secret(p_name text) returns text
language plpgsql stable security definer
set search_path = ''
as $$
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
$$;
comment on function vigil.read_alert_secret(text) is
  'The value of a VIGIL_* secret from Supabase Vault, or null (no Vault, no such secret). Service role only.';

grant execute on function vigil._is_allowed_url(text) to authenticated, service_role;
grant execute on function vigil._check_channel(text, jsonb) to authenticated, service_role;
grant execute on function vigil._alert_channels_check() to authenticated, service_role;
grant execute on function vigil._default_secret_name(text) to authenticated, service_role;
grant execute on function vigil._check_secret_name(text) to authenticated, service_role;
grant execute on function vigil.read_alert_secret(text) to service_role;
grant execute on function vigil_api.create_alert_channel(uuid, text, text, jsonb, text) to authenticated, service_role;
grant execute on function vigil_api.update_alert_channel(uuid, jsonb, text, boolean) to authenticated, service_role;
grant execute on function vigil_api.delete_alert_channel(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_alert_channels(uuid) to authenticated, service_role;
