-- The heal-rule and job access checks said "You must be a operator": one helper now picks the article
-- for every such sentence.

create function vigil._role_with_article(p_role vigil.member_role) returns text
language sql immutable
set search_path = ''
as $$ select case p_role when 'viewer' then 'a viewer' when 'operator' then 'an operator' else 'an admin' end $$;
comment on function vigil._role_with_article(vigil.member_role) is 'The role with its article, for error sentences: "an admin".';
grant execute on function vigil._role_with_article(vigil.member_role) to anon, authenticated, service_role;

create or replace function vigil.require_role(p_tenant uuid, p_min vigil.member_role default 'viewer') returns void
language plpgsql stable
set search_path = ''
as $$
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

create or replace function vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) returns vigil.heal_rules
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules;
begin
  select * into v_rule from vigil.heal_rules where id = p_rule;
  if v_rule.id is null or not vigil.has_role(v_rule.tenant_id, p_min) then
    -- The same answer for a rule that does not exist and one the caller cannot see.
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of the tenant that owns this heal rule.', vigil._role_with_article(p_min));
  end if;
  return v_rule;
end
$$;

create or replace function vigil._require_job(p_job uuid, p_min vigil.member_role) returns vigil.jobs
language plpgsql stable
set search_path = ''
as $$
declare
  v_tenant uuid := vigil._job_tenant(p_job);
  v_job vigil.jobs;
begin
  if v_tenant is null or not vigil.has_role(v_tenant, p_min) then
    raise exception using errcode = '42501',
      message = pg_catalog.format('You must be %s of the tenant that owns this job.', vigil._role_with_article(p_min));
  end if;
  select * into v_job from vigil.jobs where id = p_job;
  return v_job;
end
$$;

revoke execute on all functions in schema vigil, vigil_api from public;
