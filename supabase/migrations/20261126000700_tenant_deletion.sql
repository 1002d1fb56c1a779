-- A tenant can leave: vigil_api.delete_tenant removes everything of it, in bounded batches, audited.
--
-- What goes how. Configuration (members, ingest keys, SLOs, channels, rules, heal rules, jobs, mute
-- windows, silences, a deletion's own row) hangs off vigil.tenants by foreign keys that cascade, and
-- is small: it goes with the tenant row, last. What grows with traffic has no foreign key to the
-- tenant or is too big for one cascade, and is deleted first, by key, at most 5,000 rows a statement:
-- the outbox and its attempts, alert history, heal runs, job items, error groups, ingest usage, then
-- the raw events day partition by day partition, then the rollups. A call does at most 20,000 rows;
-- a tenant with more is left marked in vigil.tenant_deletions and the maintenance step
-- tenant_deletions finishes it (100,000 rows a run). From the mark on, the fold skips the tenant's
-- events, so nothing it removes is folded back, and its ingest keys are the first thing to go, so
-- nothing new arrives. Every request and every completion is a log event of the vigil-system tenant
-- (who, when, the rows removed per table): the audit outlives the tenant.

-- Writes one log event of the system tenant without checking the caller: the deletion's callers were
-- checked already (an admin is not trusted by vigil._record_system_event, yet must leave a trace).
create function vigil._audit_tenant_deletion(p_name text, p_attributes jsonb) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform vigil.lock_events_for_writing();
  perform vigil._ensure_partition((pg_catalog.now() at time zone 'UTC')::date);
  insert into vigil.events (tenant_id, kind, name, occurred_at, success, source, attributes)
  values (vigil.system_tenant_id(), 'log', p_name, pg_catalog.now(), true, 'vigil',
          p_attributes || pg_catalog.jsonb_build_object('level', 'info'));
end
$$;
comment on function vigil._audit_tenant_deletion(text, jsonb) is
  'Records a tenant deletion''s request or completion as a log event of the vigil-system tenant. Internal.';

-- Removes up to p_budget rows of a tenant marked for deletion, children before parents, and the
-- tenant row itself once nothing big is left. Returns {"done": bool, "deleted": {table: rows}}.
-- Nested loops are off: a statement run a sixth time gets a generic plan, which guessed one row for
-- each key list and joined 5,000 keys to a day's rows by a nested loop (100 s for 25,000 events).
create function vigil._delete_tenant_batch(p_tenant uuid, p_budget integer) returns jsonb
language plpgsql
set search_path = ''
set enable_nestloop = off
as $$
declare
  v_left integer := p_budget;
  v_deleted jsonb := '{}'::jsonb;
  v_n integer;
  v_table text;
  v_key text;
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
                                 'deployments', 'milestone_times', 'heartbeat_pings', 'incident_updates', 'rollup_deferred',
                                 'dimension_rollups', 'actor_sketches'] loop
    v_key := vigil._primary_key(pg_catalog.format('vigil.%I', v_table)::regclass);
    loop
      exit when v_left <= 0;
      -- By primary key (tenant first), as housekeeping prunes: one statement serves every table.
      execute pg_catalog.format(
        'delete from vigil.%1$I t where t.tenant_id = $1 and (%2$s) in (select %2$s from vigil.%1$I x where x.tenant_id = $1 limit $2)',
        v_table, v_key)
        using p_tenant, least(v_left, 5000);
      get diagnostics v_n = row_count;
      exit when v_n = 0;
      v_left := v_left - v_n;
      v_deleted := pg_catalog.jsonb_set(v_deleted, array[v_table],
                                        pg_catalog.to_jsonb(coalesce((v_deleted ->> v_table)::bigint, 0) + v_n));
    end loop;
  end loop;

  -- Raw events, one day partition at a time (its bounds prune the scan to it), by primary key.
  for v_lo, v_hi in select p.lo, p.hi from vigil._event_partitions() p loop
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
$$;
comment on function vigil._delete_tenant_batch(uuid, integer) is
  'Removes up to p_budget rows of a tenant marked in vigil.tenant_deletions (outbox, history, runs, error groups, events by day partition, rollups), then the tenant row and its configuration by cascade. Internal.';

create function vigil._delete_tenant(p_tenant uuid, p_confirm text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
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
comment on function vigil._delete_tenant(uuid, text) is
  'Checks the caller (service role, or an admin of the tenant confirming with its slug), marks the tenant for deletion, audits the request and removes a first batch. Internal: call vigil_api.delete_tenant.';

create function vigil_api.delete_tenant(p_tenant uuid, p_confirm text default null) returns jsonb
language sql volatile security invoker
set search_path = ''
as $$ select vigil._delete_tenant(p_tenant, p_confirm) $$;
comment on function vigil_api.delete_tenant(uuid, text) is
$$Deletes a tenant and everything of it: events, rollups, alerts and their outbox, heal and job records, keys,
members. For the service role, or an admin of the tenant passing its slug as p_confirm. Removes at most 20,000
rows per call; a bigger tenant is returned as {"status": "deleting"} and maintenance finishes it within minutes
(its events are no longer folded or ingested from the first call on). Audited as log events of vigil-system.
Returns {"tenant_id", "status": "deleted" | "deleting", "deleted": {table: rows}}.$$;

-- The maintenance step: finishes the deletions a call left, oldest request first, within a budget.
create function vigil._step_tenant_deletions() returns jsonb
language plpgsql
set search_path = ''
as $$
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
comment on function vigil._step_tenant_deletions() is
  'Maintenance step: removes up to 100,000 rows of tenants being deleted, and the tenants whose data is gone.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('tenant_deletions', 'vigil._step_tenant_deletions()', 85,
        'Finish deleting the tenants vigil_api.delete_tenant marked (up to 100,000 rows a run).');

grant execute on function vigil._delete_tenant(uuid, text) to authenticated, service_role;
grant execute on function vigil_api.delete_tenant(uuid, text) to authenticated, service_role;
grant execute on function vigil._step_tenant_deletions() to service_role;
