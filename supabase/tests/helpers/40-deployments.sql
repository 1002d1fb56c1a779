-- Helpers the deployment tests share: a target with its deploy key, and a deployment reported at a
-- chosen time and moved to a chosen status, made as the service role or CI would.
create or replace function tests.deploy_target(p_tenant uuid, p_name text default 'web', p_options jsonb default '{}'::jsonb,
                                               p_provider text default 'vercel', p_config jsonb default '{"project_id": "prj_test"}')
returns uuid
language sql
as $$
  select (vigil_api.create_deploy_target(p_tenant, p_name, p_provider, p_config,
            jsonb_build_object('secret_name', 'VIGIL_VERCEL_TOKEN') || p_options) ->> 'id')::uuid
$$;

create or replace function tests.deploy_key(p_target uuid) returns text
language sql
as $$ select vigil_api.create_deploy_key(p_target) ->> 'key' $$;

-- A deployment reported ready (and so watched, for a target without smoke checks) at p_at.
create or replace function tests.deploy(p_key text, p_id text, p_version text, p_at timestamptz) returns uuid
language sql
as $$
  select (vigil_api.report_deployment(p_key, jsonb_build_object('id', p_id, 'version', p_version, 'commit', p_version || '-sha',
                                                                'at', p_at)) ->> 'id')::uuid
$$;

-- A deployment that went live at p_at and passed its window, as the watch leaves it.
create or replace function tests.healthy_deploy(p_key text, p_id text, p_version text, p_at timestamptz) returns uuid
language plpgsql
as $$
declare
  v_id uuid := tests.deploy(p_key, p_id, p_version, p_at);
begin
  perform vigil.deploy_watch(p_at + interval '1 day');
  return v_id;
end
$$;

create or replace function tests.deploy_status(p_deployment uuid) returns text
language sql
as $$ select status from vigil.deployments where id = p_deployment $$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
