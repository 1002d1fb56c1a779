-- Materialized views refreshed by maintenance on their own interval, and the one Vigil ships:
-- operation_health, an hourly summary per tenant and operation.

create table vigil.materialized_views (
  view regclass primary key,
  refresh_interval interval not null default '1 hour' check (refresh_interval >= interval '1 minute'),
  enabled boolean not null default true,
  registered_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_refreshed_at timestamptz,
  last_duration_ms double precision,
  last_concurrently boolean,
  last_error text
);
comment on table vigil.materialized_views is
  'Materialized views maintenance refreshes when their interval has passed (concurrently when a unique index allows). Database-wide: readable by members of the vigil-system tenant.';
comment on column vigil.materialized_views.last_attempt_at is 'The clock of the last refresh attempt; the next is due refresh_interval later.';
comment on column vigil.materialized_views.last_error is 'The error of the last attempt, null when it succeeded. A failed view is reported stale.';

alter table vigil.materialized_views enable row level security;
grant select on vigil.materialized_views to authenticated;
grant all on vigil.materialized_views to service_role;
select vigil._create_policies('vigil.materialized_views', null, 'viewer');

-- True when a unique index covers every row (no predicate, no expression): what CONCURRENTLY needs.
create function vigil._can_refresh_concurrently(p_view regclass) returns boolean
language sql stable
set search_path = ''
as $$
  select c.relispopulated and exists (
    select 1 from pg_catalog.pg_index i
    where i.indrelid = c.oid and i.indisunique and i.indisvalid and i.indpred is null and i.indexprs is null)
  from pg_catalog.pg_class c where c.oid = p_view
$$;

create function vigil.refresh_view(p_view regclass, p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
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
  v_ms := vigil._ms_since(v_t);
  update vigil.materialized_views
  set last_attempt_at = p_now, last_duration_ms = v_ms, last_concurrently = v_concurrently, last_error = v_error,
      last_refreshed_at = case when v_error is null then p_now else last_refreshed_at end
  where view = p_view;
  return pg_catalog.jsonb_build_object('view', coalesce(v_name, p_view::text), 'duration_ms', v_ms,
    'concurrently', v_concurrently, 'error', v_error);
end
$$;
comment on function vigil.refresh_view(regclass, timestamptz) is
  'Refreshes one materialized view (concurrently when it can), isolated, and records duration and error in vigil.materialized_views.';

create function vigil._step_refresh_views(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
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
comment on function vigil._step_refresh_views(timestamptz) is
  'Maintenance step: refresh the registered views that are due, most overdue first, starting no new refresh after 20 s (the rest are deferred to the next run).';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('views', 'vigil._step_refresh_views(timestamptz)', 40, 'Refresh the registered materialized views whose interval has passed.');

-- Stale: the last attempt failed, or the last success is older than twice the interval (or it never
-- succeeded and was registered more than twice the interval ago).
create function vigil.stale_views(p_now timestamptz default pg_catalog.now())
returns table (view text, refresh_interval interval, last_refreshed_at timestamptz, last_error text)
language sql stable
set search_path = ''
as $$
  select m.view::text, m.refresh_interval, m.last_refreshed_at, m.last_error
  from vigil.materialized_views m
  where m.enabled
    and (m.last_error is not null
         or coalesce(m.last_refreshed_at, m.registered_at) < p_now - 2 * m.refresh_interval)
$$;
comment on function vigil.stale_views(timestamptz) is
  'Registered views that failed their last refresh or are older than twice their interval.';

create function vigil.stale_view_count(p_now timestamptz default pg_catalog.now()) returns double precision
language sql stable
set search_path = ''
as $$ select pg_catalog.count(*)::double precision from vigil.stale_views(p_now) $$;
comment on function vigil.stale_view_count(timestamptz) is 'The stale-view alert metric: how many registered views are stale.';

create function vigil_api.register_view(p_view text, p_refresh_interval interval default '1 hour') returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
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
comment on function vigil_api.register_view(text, interval) is
  'Registers (or re-times) a materialized view for maintenance to refresh every p_refresh_interval. Service role and database administrators.';

create function vigil_api.unregister_view(p_view text) returns boolean
language plpgsql volatile security invoker
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator may unregister views.');
  delete from vigil.materialized_views m where m.view::text = p_view or m.view = pg_catalog.to_regclass(p_view);
  return found;
end
$$;
comment on function vigil_api.unregister_view(text) is 'Stops maintenance refreshing a view; true if it was registered.';

create function vigil_api.view_status(p_now timestamptz default pg_catalog.now())
returns table (view text, refresh_interval interval, last_refreshed_at timestamptz, last_duration_ms double precision,
               last_concurrently boolean, last_error text, stale boolean)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select m.view::text, m.refresh_interval, m.last_refreshed_at, m.last_duration_ms, m.last_concurrently, m.last_error,
         m.enabled and (m.last_error is not null or coalesce(m.last_refreshed_at, m.registered_at) < p_now - 2 * m.refresh_interval)
  from vigil.materialized_views m order by m.view::text;
$$;
comment on function vigil_api.view_status(timestamptz) is
  'Each registered view: when it was last refreshed, how long it took, its last error and whether it is stale. Service role and vigil-system members.';

-- operation_health: per tenant, operation and hour over the last 24 hours. Kept in vigil (a
-- materialized view has no RLS, so it must never be exposed) and read through an RPC that checks access.
create materialized view vigil.operation_health as
  select e.tenant_id, e.kind::text as kind, e.name::text as name,
         pg_catalog.date_trunc('hour', e.occurred_at) as hour,
         pg_catalog.count(*) as events,
         pg_catalog.count(*) filter (where not e.success) as errors,
         pg_catalog.round((pg_catalog.count(*) filter (where not e.success))::numeric / pg_catalog.count(*), 4)::double precision as error_rate,
         pg_catalog.percentile_disc(0.95) within group (order by e.duration_ms) as p95_ms
  from vigil.events e
  where e.occurred_at >= pg_catalog.date_trunc('hour', pg_catalog.now()) - interval '24 hours'
    and e.kind in ('operation', 'api_call')
  group by e.tenant_id, e.kind, e.name, pg_catalog.date_trunc('hour', e.occurred_at)
with no data;
create unique index operation_health_key on vigil.operation_health (tenant_id, kind, name, hour);
comment on materialized view vigil.operation_health is
  'Hourly health per tenant and operation over the last 24 h: events, errors, error rate, p95 ms. Refreshed by maintenance; read through vigil_api.operation_health.';
revoke all on vigil.operation_health from anon, authenticated;
grant select on vigil.operation_health to service_role;
insert into vigil.materialized_views (view, refresh_interval) values ('vigil.operation_health', '10 minutes');

create function vigil._operation_health(p_tenant uuid, p_since timestamptz, p_name text)
returns table (kind text, name text, hour timestamptz, events bigint, errors bigint, error_rate double precision, p95_ms double precision)
language plpgsql stable security definer
set search_path = ''
as $$
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

create function vigil_api.operation_health(p_tenant uuid, p_since timestamptz default pg_catalog.now() - interval '24 hours',
                                           p_name text default null)
returns table (kind text, name text, hour timestamptz, events bigint, errors bigint, error_rate double precision, p95_ms double precision)
language sql stable security invoker
set search_path = ''
as $$ select * from vigil._operation_health(p_tenant, p_since, p_name) $$;
comment on function vigil_api.operation_health(uuid, timestamptz, text) is
  'Hourly health of a tenant''s operations and API calls (events, errors, error_rate, p95_ms) from the operation_health view, as fresh as its last refresh (every 10 minutes). Any member.';

grant execute on function vigil._can_refresh_concurrently(regclass) to service_role;
grant execute on function vigil.refresh_view(regclass, timestamptz) to service_role;
grant execute on function vigil._step_refresh_views(timestamptz) to service_role;
grant execute on function vigil.stale_views(timestamptz) to service_role;
grant execute on function vigil.stale_view_count(timestamptz) to service_role;
grant execute on function vigil._operation_health(uuid, timestamptz, text) to authenticated, service_role;
grant execute on function vigil_api.register_view(text, interval) to service_role;
grant execute on function vigil_api.unregister_view(text) to service_role;
grant execute on function vigil_api.view_status(timestamptz) to authenticated, service_role;
grant execute on function vigil_api.operation_health(uuid, timestamptz, text) to authenticated, service_role;
