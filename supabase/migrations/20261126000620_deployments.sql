-- Deployments: a deploy log with a status machine, reports from CI with deploy keys, smoke results,
-- the impact of a deploy, and automatic rollback through an outbox the deploy function works off.

create table vigil.deploy_targets (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 100),
  provider text not null check (provider in ('vercel', 'netlify', 'webhook', 'none')),
  config jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(config) = 'object'),
  secret_name text check (secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'),
  webhook_secret_name text check (webhook_secret_name ~ '^VIGIL_[A-Z0-9_]{1,100}$'),
  environment text not null default 'production' check (pg_catalog.length(environment) between 1 and 100),
  smoke_checks jsonb not null default '[]'::jsonb check (pg_catalog.jsonb_typeof(smoke_checks) = 'array'),
  auto_rollback boolean not null default false,
  watch_window interval not null default interval '15 minutes' check (watch_window > interval '0' and watch_window <= interval '1 day'),
  rollback_cooldown interval not null default interval '30 minutes' check (rollback_cooldown >= interval '0'),
  max_rollbacks_per_day integer not null default 3 check (max_rollbacks_per_day between 0 and 100),
  watch_rule_ids uuid[] not null default '{}',
  notify_channel_ids uuid[] not null default '{}',
  created_at timestamptz not null default pg_catalog.now(),
  created_by uuid,
  unique (tenant_id, name),
  primary key (tenant_id, id)
);
comment on table vigil.deploy_targets is
  'Where a tenant deploys (a Vercel or Netlify project, a webhook, or nothing to call): the provider''s ids, the name of the secret holding its token (never the token), smoke checks and the auto-rollback policy.';
comment on column vigil.deploy_targets.config is
  'Non-secret provider settings: vercel {project_id, team_id?}; netlify {site_id}; webhook {url}; none {}. Any of them may add base_url, the site smoke checks run against.';
comment on column vigil.deploy_targets.secret_name is 'Name of the env var or Vault secret holding the provider token (Vercel, Netlify) or the webhook signing secret.';
comment on column vigil.deploy_targets.webhook_secret_name is 'Name of the secret Vercel signs its webhooks with, for POST /deploy/hooks/vercel.';
comment on column vigil.deploy_targets.smoke_checks is
  'Checks run after each deploy: [{name, path, status?, text?, json_path?, equals?, version?}]; version: true compares the answer with the deployed commit.';
comment on column vigil.deploy_targets.watch_rule_ids is 'Alert rules whose firing after a deploy went live (within watch_window) blames that deploy.';
comment on column vigil.deploy_targets.notify_channel_ids is 'Alert channels that hear of every transition that matters (through the alert outbox).';
comment on column vigil.deploy_targets.rollback_cooldown is 'No automatic rollback of the target within this long of the previous one: a rollback that does not help is not repeated in a loop.';

-- Deploy keys: their own kind of key, for one target. The shared key machinery (vigil._rotate_key,
-- _set_key_enabled, _find_key, _spend_key_budget) works on this table as on vigil.ingest_keys;
-- a key is looked up only in the table of its kind, so an ingest key is never a deploy key.
create table vigil.deploy_keys (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null,
  target_id uuid not null,
  name text not null default 'ci' check (pg_catalog.length(name) between 1 and 100),
  key_prefix text not null,
  key_hash bytea not null,
  previous_key_hash bytea,
  previous_valid_until timestamptz,
  reports_per_minute integer not null default 60 check (reports_per_minute between 1 and 10000),
  enabled boolean not null default true,
  created_at timestamptz not null default pg_catalog.now(),
  created_by uuid,
  rotated_at timestamptz,
  disabled_at timestamptz,
  foreign key (tenant_id, target_id) references vigil.deploy_targets (tenant_id, id) on delete cascade,
  primary key (tenant_id, id),
  -- Unique with the tenant, as a distributed table's keys must be; the hash leads, so a report's
  -- lookup by hash alone uses them. A key is 32 random bytes: two tenants never share a hash.
  unique (key_hash, tenant_id),
  unique (previous_key_hash, tenant_id)
);
create index deploy_keys_target_idx on vigil.deploy_keys (tenant_id, target_id);
comment on table vigil.deploy_keys is 'Keys CI reports deployments and smoke results with, one target each. Shown once at creation, stored only as a hash.';

create table vigil.deploy_key_usage (
  tenant_id uuid not null,
  key_id uuid not null,
  minute timestamptz not null,
  events integer not null,
  primary key (tenant_id, key_id, minute),
  foreign key (tenant_id, key_id) references vigil.deploy_keys (tenant_id, id) on delete cascade
);
comment on table vigil.deploy_key_usage is 'Reports per deploy key and minute, for its per-minute budget. Pruned by the deploy_watch step.';

create table vigil.deployments (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null,
  target_id uuid not null,
  external_id text check (pg_catalog.length(external_id) between 1 and 200),
  environment text not null,
  version text check (pg_catalog.length(version) <= 200),
  commit_sha text check (pg_catalog.length(commit_sha) <= 100),
  ref text check (pg_catalog.length(ref) <= 300),
  url text check (pg_catalog.length(url) <= 2000),
  actor text check (pg_catalog.length(actor) <= 200),
  status text not null check (status in ('building', 'ready', 'smoke_testing', 'watching', 'healthy', 'build_failed',
    'smoke_failed', 'regressed', 'rolling_back', 'rolled_back', 'rollback_failed', 'superseded')),
  status_since timestamptz not null,
  created_at timestamptz not null,
  live_at timestamptz,
  healthy_at timestamptz,
  smoke_passed boolean,
  smoke_results jsonb not null default '[]'::jsonb,
  rollback_of uuid,
  rollback_to uuid,
  reason text,
  foreign key (tenant_id, target_id) references vigil.deploy_targets (tenant_id, id) on delete cascade,
  unique (tenant_id, target_id, external_id),
  primary key (tenant_id, id)
);
create index deployments_tenant_target_idx on vigil.deployments (tenant_id, target_id, live_at desc);
create index deployments_tenant_created_idx on vigil.deployments (tenant_id, created_at);
create index deployments_watching_idx on vigil.deployments (live_at) where status in ('watching', 'smoke_failed');
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index deployments_id_idx on vigil.deployments (id);
comment on table vigil.deployments is
  'The deploy log. Status: building -> ready -> smoke_testing -> watching -> healthy, or build_failed, smoke_failed, regressed, rolling_back, rolled_back, rollback_failed, superseded (see vigil._deploy_next).';
comment on column vigil.deployments.external_id is 'The provider''s deployment id (Vercel dpl_..., Netlify deploy id) or CI''s; a report with the same id is the same row.';
comment on column vigil.deployments.live_at is 'When it began serving (ready): the impact compares the windows before and after it, and the watch window starts here.';
comment on column vigil.deployments.healthy_at is 'When it passed its watch window; a deployment that has never been healthy is never a rollback target.';
comment on column vigil.deployments.rollback_of is 'On a row a rollback created: the deployment that rollback undid.';
comment on column vigil.deployments.rollback_to is 'The earlier deployment a rollback (requested, or done) restores.';

create table vigil.deployment_history (
  id bigserial not null,
  tenant_id uuid not null,
  deployment_id uuid not null,
  from_status text,
  to_status text not null,
  at timestamptz not null,
  actor text,
  note text,
  foreign key (tenant_id, deployment_id) references vigil.deployments (tenant_id, id) on delete cascade,
  primary key (tenant_id, id)
);
create index deployment_history_deployment_idx on vigil.deployment_history (tenant_id, deployment_id, at);
comment on table vigil.deployment_history is 'Every status a deployment entered, when, by whom or what, and why.';

-- The outbox of provider calls. Same shape as vigil.alert_notifications, so the shared claim and
-- settle machinery (vigil._claim_outbox, vigil._settle_outbox) serves it; delivered means done.
create table vigil.deploy_actions (
  id bigserial not null,
  tenant_id uuid not null,
  target_id uuid not null,
  deployment_id uuid not null,
  kind text not null check (kind in ('rollback', 'smoke')),
  to_deployment_id uuid,
  phase text not null default 'request' check (phase in ('request', 'poll')),
  poll_until timestamptz,
  reason text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'retrying', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  claim_token uuid,
  created_at timestamptz not null,
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text,
  result jsonb,
  foreign key (tenant_id, target_id) references vigil.deploy_targets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, deployment_id) references vigil.deployments (tenant_id, id) on delete cascade,
  primary key (tenant_id, id)
);
create index deploy_actions_due_idx on vigil.deploy_actions (next_attempt_at) where status in ('pending', 'sending', 'retrying');
create index deploy_actions_tenant_target_idx on vigil.deploy_actions (tenant_id, target_id, created_at);
create index deploy_actions_tenant_deployment_idx on vigil.deploy_actions (tenant_id, deployment_id);
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index deploy_actions_id_idx on vigil.deploy_actions (id);
-- One rollback in flight per target: a second request while one is pending is refused, not queued.
create unique index deploy_actions_one_rollback_idx on vigil.deploy_actions (tenant_id, target_id)
  where kind = 'rollback' and status in ('pending', 'sending', 'retrying');
comment on table vigil.deploy_actions is
  'The outbox of provider calls (rollbacks, smoke checks), claimed by the deploy function with for update skip locked and a lease, like alert notifications. delivered: done; dead: given up.';
comment on column vigil.deploy_actions.phase is 'request: the call is still to be made; poll: the provider accepted it and its job is asked about until it ends (Vercel rollbacks).';

create table vigil.deploy_webhook_deliveries (
  tenant_id uuid not null,
  target_id uuid not null,
  webhook_id text not null,
  received_at timestamptz not null,
  type text,
  primary key (tenant_id, target_id, webhook_id),
  foreign key (tenant_id, target_id) references vigil.deploy_targets (tenant_id, id) on delete cascade
);
create index deploy_webhook_deliveries_tenant_idx on vigil.deploy_webhook_deliveries (tenant_id, target_id, received_at);
comment on table vigil.deploy_webhook_deliveries is 'Provider webhook ids already received, so a repeated one changes nothing. Pruned after 7 days by deploy_watch.';

alter table vigil.deploy_targets enable row level security;
alter table vigil.deploy_keys enable row level security;
alter table vigil.deploy_key_usage enable row level security;
alter table vigil.deployments enable row level security;
alter table vigil.deployment_history enable row level security;
alter table vigil.deploy_actions enable row level security;
alter table vigil.deploy_webhook_deliveries enable row level security;

-- Members read; admins configure targets; everything else is written by privileged functions.
grant select, insert, update, delete on vigil.deploy_targets to authenticated;
grant select (id, tenant_id, target_id, name, key_prefix, reports_per_minute, enabled, created_at, created_by, rotated_at,
              disabled_at, previous_valid_until)
  on vigil.deploy_keys to authenticated;
grant select on vigil.deployments, vigil.deployment_history, vigil.deploy_actions to authenticated;
grant all on vigil.deploy_targets, vigil.deploy_keys, vigil.deploy_key_usage, vigil.deployments, vigil.deployment_history,
  vigil.deploy_actions, vigil.deploy_webhook_deliveries to service_role;
grant usage on sequence vigil.deployment_history_id_seq, vigil.deploy_actions_id_seq to service_role;

create policy deploy_targets_read on vigil.deploy_targets for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy deploy_targets_admin_insert on vigil.deploy_targets for insert to authenticated with check (vigil.has_role(tenant_id, 'admin'));
create policy deploy_targets_admin_update on vigil.deploy_targets for update to authenticated
  using (vigil.has_role(tenant_id, 'admin')) with check (vigil.has_role(tenant_id, 'admin'));
create policy deploy_targets_admin_delete on vigil.deploy_targets for delete to authenticated using (vigil.has_role(tenant_id, 'admin'));
create policy deploy_keys_admin_read on vigil.deploy_keys for select to authenticated using (vigil.has_role(tenant_id, 'admin'));
create policy deployments_read on vigil.deployments for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy deployment_history_read on vigil.deployment_history for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy deploy_actions_read on vigil.deploy_actions for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy deploy_targets_service on vigil.deploy_targets for all to service_role using (true) with check (true);
create policy deploy_keys_service on vigil.deploy_keys for all to service_role using (true) with check (true);
create policy deploy_key_usage_service on vigil.deploy_key_usage for all to service_role using (true) with check (true);
create policy deployments_service on vigil.deployments for all to service_role using (true) with check (true);
create policy deployment_history_service on vigil.deployment_history for all to service_role using (true) with check (true);
create policy deploy_actions_service on vigil.deploy_actions for all to service_role using (true) with check (true);
create policy deploy_webhook_deliveries_service on vigil.deploy_webhook_deliveries for all to service_role using (true) with check (true);

-- Targets ------------------------------------------------------------------------------------------

-- A target row is checked however it is written (API or direct insert under RLS), so no provider id
-- is missing and no URL reaches the table without passing the outbound guard.
create function vigil._deploy_targets_check() returns trigger
language plpgsql
set search_path = ''
as $$
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
comment on function vigil._deploy_targets_check() is 'Trigger: a target''s provider settings, secret name, smoke checks and URLs are checked however the row is written.';
create trigger deploy_targets_check before insert or update on vigil.deploy_targets
  for each row execute function vigil._deploy_targets_check();

create function vigil_api.create_deploy_target(p_tenant uuid, p_name text, p_provider text, p_config jsonb default '{}'::jsonb,
                                               p_options jsonb default '{}'::jsonb)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
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
comment on function vigil_api.create_deploy_target(uuid, text, text, jsonb, jsonb) is
$$Creates a deploy target: provider vercel (config {project_id, team_id?}), netlify ({site_id}), webhook ({url}) or none.
p_options: environment (default production), secret_name (the provider token's secret), webhook_secret_name, smoke_checks,
auto_rollback (default false), watch_window (15 minutes), rollback_cooldown (30 minutes), max_rollbacks_per_day (3),
watch_rules (alert rule ids) and notify_channels (alert channel ids). Tenant admins only.$$;

create function vigil_api.delete_deploy_target(p_target uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.deploy_targets', p_target, 'admin', 'deploy target') $$;
comment on function vigil_api.delete_deploy_target(uuid) is 'Deletes a deploy target with its keys and deployments. Tenant admins only.';

create function vigil_api.list_deploy_targets(p_tenant uuid)
returns table (id uuid, name text, provider text, config jsonb, environment text, smoke_checks jsonb, auto_rollback boolean,
               watch_window interval, rollback_cooldown interval, max_rollbacks_per_day integer, watch_rule_ids uuid[],
               notify_channel_ids uuid[], secret_name text)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select t.id, t.name, t.provider, t.config, t.environment, t.smoke_checks, t.auto_rollback, t.watch_window, t.rollback_cooldown,
         t.max_rollbacks_per_day, t.watch_rule_ids, t.notify_channel_ids, t.secret_name
  from vigil.deploy_targets t where t.tenant_id = p_tenant order by t.name;
$$;
comment on function vigil_api.list_deploy_targets(uuid) is 'A tenant''s deploy targets (secret names, never secrets). Any member.';

-- Deploy keys ----------------------------------------------------------------------------------------

create function vigil._create_deploy_key(p_target uuid, p_name text, p_reports_per_minute integer) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_tenant uuid := vigil._require_owner_of('vigil.deploy_targets', p_target, 'admin', 'deploy target');
  v_key text := vigil._new_key('vd_');
  v_row vigil.deploy_keys;
begin
  if p_name is not null then
    perform vigil._check_name(p_name, 100);
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
comment on function vigil._create_deploy_key(uuid, text, integer) is
  'Creates a deploy key for one target after checking the caller is an admin of its tenant; returns the key once.';

create function vigil._rotate_deploy_key(p_key_id uuid, p_grace interval) returns jsonb
language sql security definer
set search_path = ''
as $$ select vigil._rotate_key('vigil.deploy_keys', p_key_id, p_grace, 'deploy key') $$;

create function vigil._set_deploy_key_enabled(p_key_id uuid, p_enabled boolean) returns void
language sql security definer
set search_path = ''
as $$ select vigil._set_key_enabled('vigil.deploy_keys', p_key_id, p_enabled, 'deploy key') $$;

create function vigil_api.create_deploy_key(p_target uuid, p_name text default 'ci', p_reports_per_minute integer default 60)
returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._create_deploy_key(p_target, p_name, p_reports_per_minute) $$;
comment on function vigil_api.create_deploy_key(uuid, text, integer) is
  'Creates a deploy key for one target and returns it once ({id, key, prefix, ...}); CI reports deployments and smoke results with it. Only its hash is kept. Tenant admins only.';

create function vigil_api.rotate_deploy_key(p_key_id uuid, p_grace interval default '0 seconds') returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._rotate_deploy_key(p_key_id, p_grace) $$;
comment on function vigil_api.rotate_deploy_key(uuid, interval) is
  'Replaces a deploy key''s secret and returns the new key once; the old one keeps working for p_grace. Tenant admins only.';

create function vigil_api.disable_deploy_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_deploy_key_enabled(p_key_id, false) $$;
comment on function vigil_api.disable_deploy_key(uuid) is 'Disables a deploy key at once. Tenant admins only.';

create function vigil_api.enable_deploy_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_deploy_key_enabled(p_key_id, true) $$;
comment on function vigil_api.enable_deploy_key(uuid) is 'Enables a disabled deploy key again. Tenant admins only.';

create function vigil_api.list_deploy_keys(p_tenant uuid)
returns table (id uuid, target_id uuid, name text, key_prefix text, reports_per_minute integer, enabled boolean,
               created_at timestamptz, rotated_at timestamptz, disabled_at timestamptz)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'admin');
  select k.id, k.target_id, k.name, k.key_prefix, k.reports_per_minute, k.enabled, k.created_at, k.rotated_at, k.disabled_at
  from vigil.deploy_keys k where k.tenant_id = p_tenant order by k.created_at;
$$;
comment on function vigil_api.list_deploy_keys(uuid) is 'A tenant''s deploy keys (prefix only, never the key). Tenant admins only.';

-- The status machine ----------------------------------------------------------------------------------

-- Where each status may go. Anything else is refused with PT409 (HTTP 409) and a sentence.
create function vigil._deploy_next(p_from text) returns text[]
language sql immutable
set search_path = ''
as $$
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
comment on function vigil._deploy_next(text) is
  'The statuses a deployment in p_from may move to; build_failed, rolled_back and superseded are final.';

-- Every transition that matters reaches the target's channels through the alert outbox: the
-- deploy function never sends a notification itself. The outbox needs an alert to hang rows on, so
-- each tenant has one rule 'Deployments' (disabled: never evaluated, it only carries the channels'
-- notifications) and each target one series of it, whose dedup key keeps PagerDuty incidents per target.
create function vigil._deploy_alert(p_target uuid) returns uuid
language plpgsql
set search_path = ''
as $$
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
  on conflict (tenant_id, rule_id, dedup_key) do update set labels = excluded.labels
  returning id into v_alert;
  return v_alert;
end
$$;
comment on function vigil._deploy_alert(uuid) is 'The alert series that carries a target''s deployment notifications, made on first use.';

create function vigil._deploy_notify(p_deployment uuid, p_event text, p_severity text, p_text text, p_now timestamptz) returns integer
language plpgsql
set search_path = ''
as $$
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
comment on function vigil._deploy_notify(uuid, text, text, text, timestamptz) is
  'Enqueues one notification per notify channel of the deployment''s target (and a PagerDuty change event for PagerDuty channels) in the alert outbox.';

create function vigil._deploy_move(p_deployment uuid, p_to text, p_now timestamptz, p_actor text default null, p_note text default null)
returns vigil.deployments
language plpgsql
set search_path = ''
as $$
declare
  d vigil.deployments;
  v_from text;
begin
  d := vigil._found((select x from vigil.deployments x where x.id = p_deployment for update), 'No deployment has that id.');
  v_from := d.status;
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
comment on function vigil._deploy_move(uuid, text, timestamptz, text, text) is
  'Moves a deployment to p_to if vigil._deploy_next allows it (PT409 otherwise; the same status is a no-op), records the history and notifies.';

-- The deployment serving now: the newest one of the target that went live and has not been
-- replaced, failed or rolled back.
create function vigil._live_deployment(p_target uuid) returns uuid
language sql stable
set search_path = ''
as $$
  select d.id from vigil.deployments d
  where d.target_id = p_target and d.live_at is not null
    and d.status in ('ready', 'smoke_testing', 'watching', 'healthy', 'regressed', 'rolling_back', 'rollback_failed', 'smoke_failed')
  order by d.live_at desc, d.created_at desc
  limit 1
$$;

create function vigil._last_good_deployment(p_target uuid) returns uuid
language sql stable
set search_path = ''
as $$
  select d.id from vigil.deployments d
  join vigil.deploy_targets t on t.id = p_target
  where d.target_id = p_target and d.environment = t.environment
    and d.healthy_at is not null and d.status in ('healthy', 'superseded')
    and d.id is distinct from vigil._live_deployment(p_target)
  order by d.healthy_at desc, d.live_at desc
  limit 1
$$;
comment on function vigil._last_good_deployment(uuid) is
  'The newest deployment of the target and its environment that passed its watch window, is not the live one and was not rolled back.';

-- Reports from CI ---------------------------------------------------------------------------------------

-- Who reports: the deploy key's target, after the key check (PT401) and its budget (PT429).
create function vigil._deploy_key_target(p_key text) returns vigil.deploy_targets
language plpgsql
set search_path = ''
as $$
declare
  k vigil.deploy_keys;
  t vigil.deploy_targets;
begin
  select * into k from vigil.deploy_keys where id = vigil._find_key('vigil.deploy_keys', p_key, 'deploy key');
  perform vigil._spend_key_budget('vigil.deploy_key_usage', k.tenant_id, k.id, 1, k.reports_per_minute, 'deploy key', 'reports');
  select * into t from vigil.deploy_targets where id = k.target_id;
  return t;
end
$$;

create function vigil._report_deployment(p_key text, p_deployment jsonb, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
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
  on conflict (tenant_id, target_id, external_id) do update
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
comment on function vigil._report_deployment(text, jsonb, timestamptz) is
  'What report_deployment does, as the owner: the deploy key decides the tenant and target; the same deployment id twice is one row.';

-- A reported status moves the deployment forward; one it has already passed is not news (a report
-- repeated, or arriving after a webhook said the same), so it changes nothing.
create function vigil._deploy_advance(p_deployment uuid, p_status text, p_now timestamptz, p_actor text) returns vigil.deployments
language plpgsql
set search_path = ''
as $$
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

create function vigil._apply_smoke(p_deployment uuid, p_results jsonb, p_now timestamptz, p_actor text) returns vigil.deployments
language plpgsql
set search_path = ''
as $$
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

create function vigil._report_smoke(p_key text, p_deployment text, p_results jsonb, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
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
comment on function vigil._report_smoke(text, text, jsonb, timestamptz) is 'What report_smoke does, as the owner, for the deploy key''s target only.';

create function vigil._deploy_smoke_checks(p_key text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  t vigil.deploy_targets := vigil._deploy_key_target(p_key);
begin
  return pg_catalog.jsonb_build_object('target', t.name, 'environment', t.environment, 'checks', t.smoke_checks,
                                       'base_url', t.config ->> 'base_url');
end
$$;

create function vigil_api.report_deployment(p_key text, p_deployment jsonb) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._report_deployment(p_key, p_deployment, pg_catalog.now()) $$;
comment on function vigil_api.report_deployment(text, jsonb) is
$$Reports a deployment of the deploy key's target from CI: {id, status (building|ready|build_failed, default ready), version,
commit, ref, url, environment, actor, at}. The same id twice is one row; a status it has passed changes nothing. Refused
with PT401 (unknown or disabled deploy key; an ingest key is never one) or PT429 (over the key's reports per minute).$$;

create function vigil_api.report_smoke(p_key text, p_deployment text, p_results jsonb) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._report_smoke(p_key, p_deployment, p_results, pg_catalog.now()) $$;
comment on function vigil_api.report_smoke(text, text, jsonb) is
$$Reports smoke results {passed, checks: [{name, passed, detail}]} for deployment p_deployment (its reported id) of the
deploy key's target: ready or smoke_testing moves to watching or smoke_failed; results while watching are kept, and a
failure is a breach the deploy watch acts on. Refused like report_deployment.$$;

create function vigil_api.deploy_smoke_checks(p_key text) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._deploy_smoke_checks(p_key) $$;
comment on function vigil_api.deploy_smoke_checks(text) is
  'The smoke checks of the deploy key''s target ({target, environment, checks, base_url}), for `vigil deploy smoke`. Refused like report_deployment.';

-- Operators ------------------------------------------------------------------------------------------

create function vigil_api.list_deployments(p_tenant uuid, p_target uuid default null, p_limit integer default 50)
returns table (id uuid, target_id uuid, target text, external_id text, environment text, version text, commit_sha text, ref text,
               url text, actor text, status text, status_since timestamptz, created_at timestamptz, live_at timestamptz,
               healthy_at timestamptz, smoke_passed boolean, smoke_results jsonb, rollback_of uuid, rollback_to uuid, reason text)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select vigil._check_limit(p_limit, 1000);
  select d.id, d.target_id, t.name, d.external_id, d.environment, d.version, d.commit_sha, d.ref, d.url, d.actor, d.status,
         d.status_since, d.created_at, d.live_at, d.healthy_at, d.smoke_passed, d.smoke_results, d.rollback_of, d.rollback_to, d.reason
  from vigil.deployments d join vigil.deploy_targets t on t.id = d.target_id
  where d.tenant_id = p_tenant and (p_target is null or d.target_id = p_target)
  order by d.created_at desc, d.id
  limit p_limit;
$$;
comment on function vigil_api.list_deployments(uuid, uuid, integer) is 'The deploy log of a tenant (or one target), newest first. Any member.';

create function vigil_api.last_good_deployment(p_target uuid) returns jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil._require_owner_of('vigil.deploy_targets', p_target, 'viewer', 'deploy target');
  select pg_catalog.jsonb_build_object('id', d.id, 'external_id', d.external_id, 'version', d.version, 'commit', d.commit_sha,
                                       'url', d.url, 'status', d.status, 'healthy_at', d.healthy_at)
  from vigil.deployments d where d.id = vigil._last_good_deployment(p_target);
$$;
comment on function vigil_api.last_good_deployment(uuid) is
  'The newest healthy deployment of the target and its environment that is not the live one and was not rolled back (null when none). Any member.';

create function vigil._enqueue_rollback(p_deployment uuid, p_to uuid, p_now timestamptz, p_actor text, p_reason text) returns bigint
language plpgsql
set search_path = ''
as $$
declare
  d vigil.deployments;
  v_to vigil.deployments;
  v_action bigint;
begin
  select * into d from vigil.deployments where id = p_deployment;
  v_to := vigil._found((select x from vigil.deployments x where x.id = coalesce(p_to, vigil._last_good_deployment(d.target_id))),
                       'There is no earlier good deployment of this target to roll back to.');
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

create function vigil._request_rollback(p_deployment uuid, p_to uuid, p_reason text, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_action bigint;
begin
  perform vigil._require_owner_of('vigil.deployments', p_deployment, 'operator', 'deployment');
  v_action := vigil._enqueue_rollback(p_deployment, p_to, p_now, coalesce(auth.uid()::text, 'service_role'), coalesce(p_reason, 'requested by hand'));
  return (select pg_catalog.jsonb_build_object('action', a.id, 'deployment', a.deployment_id, 'to', a.to_deployment_id, 'status', d.status)
          from vigil.deploy_actions a join vigil.deployments d on d.id = a.deployment_id where a.id = v_action);
end
$$;

create function vigil_api.request_rollback(p_deployment uuid, p_to uuid default null, p_reason text default null) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._request_rollback(p_deployment, p_to, p_reason, pg_catalog.now()) $$;
comment on function vigil_api.request_rollback(uuid, uuid, text) is
$$Rolls a deployment back to p_to (default: the last good deployment of its target): the deployment becomes rolling_back and
one rollback action is queued for the deploy function. One pending rollback per target (PT409 for a second). Operators and admins.$$;

-- Impact ---------------------------------------------------------------------------------------------

create function vigil_api.deployment_impact(p_deployment uuid, p_window interval default interval '30 minutes')
returns table (section text, kind text, name text, count_before bigint, count_after bigint, error_rate_before double precision,
               error_rate_after double precision, p95_before_ms double precision, p95_after_ms double precision,
               fingerprint text, first_seen timestamptz)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
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
comment on function vigil_api.deployment_impact(uuid, interval) is
$$What a deploy changed: per operation (section operation), count, error rate and p95 in p_window before it went live and
in p_window after (from rollups, as compare does); error groups first seen in its version after it went live
(new_error_group) and groups regressed in it (regressed_error_group). Any member.$$;

-- The watch ------------------------------------------------------------------------------------------

-- Whether a watched rule began firing after the deploy went live and within its watch window: a
-- rule already firing before the deploy does not blame it (its firing began earlier).
create function vigil._deploy_breach(d vigil.deployments, t vigil.deploy_targets, p_now timestamptz) returns text
language sql stable
set search_path = ''
as $$
  select coalesce(
    case when d.smoke_passed = false then 'a smoke check failed' end,
    (select pg_catalog.format('rule %s fired at %s', r.name, pg_catalog.to_char(h.at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'))
     from vigil.alert_history h join vigil.alert_rules r on r.id = h.rule_id
     where h.tenant_id = d.tenant_id and h.rule_id = any (t.watch_rule_ids) and h.to_state = 'firing'
       and h.from_state is distinct from 'firing'
       and h.at >= d.live_at and h.at <= least(p_now, d.live_at + t.watch_window)
     order by h.at limit 1))
$$;

-- Why an automatic rollback may not run now: within the cooldown of the previous one, or the
-- day's cap reached. Null when it may.
create function vigil._rollback_suppressed(t vigil.deploy_targets, p_now timestamptz) returns text
language sql stable
set search_path = ''
as $$
  select case
    when exists (select 1 from vigil.deploy_actions a where a.target_id = t.id and a.kind = 'rollback'
                 and a.created_at > p_now - t.rollback_cooldown and a.created_at <= p_now)
      then pg_catalog.format('within the cooldown of %s after the previous rollback', t.rollback_cooldown)
    when (select pg_catalog.count(*) from vigil.deploy_actions a where a.target_id = t.id and a.kind = 'rollback'
          and a.created_at > p_now - interval '1 day' and a.created_at <= p_now) >= t.max_rollbacks_per_day
      then pg_catalog.format('the cap of %s automatic rollbacks a day is reached', t.max_rollbacks_per_day)
  end
$$;

create function vigil.deploy_watch(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
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
comment on function vigil.deploy_watch(timestamptz) is
$$Watches deployments at p_now: a watched one with a failed smoke report or a watched rule that began firing after it went
live (within the watch window) becomes regressed and, with auto-rollback, gets one rollback to the last good deployment,
unless the cooldown or the daily cap forbids it (then an alert says so); one that passes its window becomes healthy and
the previous healthy one superseded. Each deployment is isolated: one failing never stops the others.$$;

-- A deployment that is stuck in regressed or smoke_failed is watched only once: the candidates
-- above are watching and smoke_failed, and a suppressed smoke_failed one is superseded.
create function vigil._step_deploy_watch(p_now timestamptz) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_result jsonb := vigil.deploy_watch(p_now);
begin
  delete from vigil.deploy_key_usage where minute < p_now - interval '1 hour';
  delete from vigil.deploy_webhook_deliveries where received_at < p_now - interval '7 days';
  return v_result;
end
$$;
comment on function vigil._step_deploy_watch(timestamptz) is 'Maintenance step: deploy_watch at the run''s clock, then prune old key usage and webhook ids.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('deploy_watch', 'vigil._step_deploy_watch(timestamptz)', 72, 'Watch fresh deployments: regressions, automatic rollbacks, healthy ones.')
on conflict (name) do update set fn = excluded.fn, position = excluded.position, description = excluded.description;

-- The deploy function's side ---------------------------------------------------------------------------

create function vigil.claim_deploy_actions(p_limit integer default 20, p_lease interval default interval '2 minutes',
                                           p_now timestamptz default pg_catalog.now())
returns table (id bigint, tenant_id uuid, kind text, phase text, attempt integer, claim_token uuid, lease_until timestamptz,
               target_id uuid, provider text, config jsonb, secret_name text, smoke_checks jsonb, deployment jsonb, to_deployment jsonb,
               reason text)
language sql
set search_path = ''
as $$
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
comment on function vigil.claim_deploy_actions(integer, interval, timestamptz) is
  'Claims due deploy actions (rollbacks, smoke checks) with for update skip locked, a lease and a claim token, through the shared outbox machinery.';

create function vigil.record_deploy_action(
  p_action bigint,
  p_claim uuid,
  p_outcome text,
  p_error text default null,
  p_retry_after_seconds double precision default null,
  p_result jsonb default null,
  p_now timestamptz default pg_catalog.now(),
  p_max_attempts integer default 6,
  p_backoff_base interval default interval '10 seconds'
) returns jsonb
language plpgsql
set search_path = ''
as $$
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
comment on function vigil.record_deploy_action(bigint, uuid, text, text, double precision, jsonb, timestamptz, integer, interval) is
$$Records the outcome of a claimed deploy action under its claim token (the shared outbox rules: retry with backoff,
dead after permanent or the attempt limit; wait = the provider's job is still running, ask again). A finished rollback
marks the deployment rolled_back and records the restored one as live; a dead one marks it rollback_failed; a finished
smoke action applies its results.$$;

-- Maps a provider webhook to a status change, once per webhook id (a repeated id changes nothing).
create function vigil.record_deploy_webhook(p_target uuid, p_webhook_id text, p_type text, p_deployment jsonb,
                                            p_now timestamptz default pg_catalog.now())
returns jsonb
language plpgsql
set search_path = ''
as $$
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
  on conflict (tenant_id, target_id, external_id) do update set url = coalesce(vigil.deployments.url, excluded.url)
  returning * into d;
  d := vigil._deploy_advance(d.id, v_status, p_now, 'vercel');
  return pg_catalog.jsonb_build_object('duplicate', false, 'deployment', d.id, 'status', d.status);
end
$$;
comment on function vigil.record_deploy_webhook(uuid, text, text, jsonb, timestamptz) is
  'Records a verified provider webhook: a repeated webhook id changes nothing; deployment.created/succeeded/error/canceled move the deployment.';

create function vigil.deploy_target_secrets(p_target uuid) returns table (tenant_id uuid, provider text, webhook_secret_name text)
language sql stable
set search_path = ''
as $$ select t.tenant_id, t.provider, t.webhook_secret_name from vigil.deploy_targets t where t.id = p_target $$;
comment on function vigil.deploy_target_secrets(uuid) is 'For the deploy function: the name of the secret a target''s webhooks are signed with.';

create function vigil.invoke_deploy_run(p_url text) returns bigint
language sql
set search_path = ''
as $$ select vigil.invoke_edge_function(p_url, 'deploy', 'VIGIL_SERVICE_ROLE_KEY') $$;
comment on function vigil.invoke_deploy_run(text) is 'Calls POST <deploy function>/run through pg_net with the service role key from Vault. What the pg_cron job runs.';

create function vigil.schedule_deploy_run(p_url text, p_schedule text default '* * * * *') returns text
language sql
set search_path = ''
as $$ select vigil.schedule_edge_function('vigil-deploy-run', 'vigil.invoke_deploy_run', p_url, 'deploy', p_schedule) $$;
comment on function vigil.schedule_deploy_run(text, text) is
  'Schedules the pg_cron job vigil-deploy-run calling the deploy function''s /run (https://<ref>.supabase.co/functions/v1/deploy/run) every minute; needs pg_cron and pg_net, else says what to do.';

-- The console ---------------------------------------------------------------------------------------

create function vigil.dashboard_card_last_deploy(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
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
comment on function vigil.dashboard_card_last_deploy(uuid, timestamptz, timestamptz) is
  'Console card: the newest deployment before p_until, its version and status (ok healthy, warn in progress, bad failed); null when none.';
insert into vigil.dashboard_cards (name, fn, position, description) values
  ('last_deploy', 'vigil.dashboard_card_last_deploy(uuid, timestamptz, timestamptz)', 60, 'The newest deployment, its version and status.');

create function vigil.dashboard_markers_deployments(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (at timestamptz, kind text, label text, severity text, ref jsonb)
language sql stable
set search_path = ''
as $$
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
comment on function vigil.dashboard_markers_deployments(uuid, timestamptz, timestamptz) is
  'Console markers: each deployment going live, failing, regressing or being rolled back in the window.';
insert into vigil.dashboard_markers (name, fn, description) values
  ('deployments', 'vigil.dashboard_markers_deployments(uuid, timestamptz, timestamptz)', 'Deployments going live, failing, regressing or rolled back.');

grant execute on function vigil._deploy_targets_check() to authenticated, service_role;
grant execute on function vigil._create_deploy_key(uuid, text, integer) to authenticated, service_role;
grant execute on function vigil._rotate_deploy_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil._set_deploy_key_enabled(uuid, boolean) to authenticated, service_role;
grant execute on function vigil._report_deployment(text, jsonb, timestamptz) to anon, authenticated, service_role;
grant execute on function vigil._report_smoke(text, text, jsonb, timestamptz) to anon, authenticated, service_role;
grant execute on function vigil._deploy_smoke_checks(text) to anon, authenticated, service_role;
grant execute on function vigil._request_rollback(uuid, uuid, text, timestamptz) to authenticated, service_role;
grant execute on function vigil._live_deployment(uuid) to authenticated, service_role;
grant execute on function vigil._last_good_deployment(uuid) to authenticated, service_role;
grant execute on function vigil._deploy_next(text) to service_role;
grant execute on function vigil._deploy_alert(uuid) to service_role;
grant execute on function vigil._deploy_notify(uuid, text, text, text, timestamptz) to service_role;
grant execute on function vigil._deploy_move(uuid, text, timestamptz, text, text) to service_role;
grant execute on function vigil._deploy_advance(uuid, text, timestamptz, text) to service_role;
grant execute on function vigil._apply_smoke(uuid, jsonb, timestamptz, text) to service_role;
grant execute on function vigil._enqueue_rollback(uuid, uuid, timestamptz, text, text) to service_role;
grant execute on function vigil._deploy_breach(vigil.deployments, vigil.deploy_targets, timestamptz) to service_role;
grant execute on function vigil._rollback_suppressed(vigil.deploy_targets, timestamptz) to service_role;
grant execute on function vigil.deploy_watch(timestamptz) to service_role;
grant execute on function vigil._step_deploy_watch(timestamptz) to service_role;
grant execute on function vigil.claim_deploy_actions(integer, interval, timestamptz) to service_role;
grant execute on function vigil.record_deploy_action(bigint, uuid, text, text, double precision, jsonb, timestamptz, integer, interval) to service_role;
grant execute on function vigil.record_deploy_webhook(uuid, text, text, jsonb, timestamptz) to service_role;
grant execute on function vigil.deploy_target_secrets(uuid) to service_role;
grant execute on function vigil.invoke_deploy_run(text) to service_role;
grant execute on function vigil.schedule_deploy_run(text, text) to service_role;
grant execute on function vigil.dashboard_card_last_deploy(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil.dashboard_markers_deployments(uuid, timestamptz, timestamptz) to authenticated, service_role;

grant execute on function vigil_api.create_deploy_target(uuid, text, text, jsonb, jsonb) to authenticated, service_role;
grant execute on function vigil_api.delete_deploy_target(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_deploy_targets(uuid) to authenticated, service_role;
grant execute on function vigil_api.create_deploy_key(uuid, text, integer) to authenticated, service_role;
grant execute on function vigil_api.rotate_deploy_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil_api.disable_deploy_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.enable_deploy_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_deploy_keys(uuid) to authenticated, service_role;
grant execute on function vigil_api.report_deployment(text, jsonb) to anon, authenticated, service_role;
grant execute on function vigil_api.report_smoke(text, text, jsonb) to anon, authenticated, service_role;
grant execute on function vigil_api.deploy_smoke_checks(text) to anon, authenticated, service_role;
grant execute on function vigil_api.list_deployments(uuid, uuid, integer) to authenticated, service_role;
grant execute on function vigil_api.last_good_deployment(uuid) to authenticated, service_role;
grant execute on function vigil_api.request_rollback(uuid, uuid, text) to authenticated, service_role;
grant execute on function vigil_api.deployment_impact(uuid, interval) to authenticated, service_role;
