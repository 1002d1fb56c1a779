-- Service level objectives: an operation, the share of good events it must keep (99.9%), what good
-- means (succeeded, and optionally at or under a duration) and a period. slo_status reports the error
-- budget left and the burn rates the multi-window alerts of the SRE workbook compare.

create table vigil.slos (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  kind text not null default 'operation',
  name text not null check (pg_catalog.length(name) between 1 and 200),
  objective double precision not null check (objective > 0 and objective < 1),
  threshold_ms double precision check (threshold_ms > 0),
  period interval not null default interval '30 days' check (period between interval '1 hour' and interval '90 days'),
  description text,
  created_at timestamptz not null default pg_catalog.now(),
  primary key (tenant_id, id)
);
create index slos_tenant_idx on vigil.slos (tenant_id);
comment on table vigil.slos is
  'Objectives per operation: at least `objective` of its events in every `period` must be good (succeeded, and took at most threshold_ms when set).';
comment on column vigil.slos.objective is 'The good ratio to keep, strictly between 0 and 1 (0.999 = 99.9%); 1 - objective is the error budget.';
comment on column vigil.slos.threshold_ms is 'When set, a success slower than this is bad too. Read from rollup histograms: exact to within one 2% bucket.';

alter table vigil.slos enable row level security;
grant select, insert, update, delete on vigil.slos to authenticated;
grant all on vigil.slos to service_role;
select vigil._create_policies('vigil.slos', 'tenant_id', 'viewer', 'operator');

-- Events and bad events of one operation in a window, from the same parts as every other stat.
-- Bad = failed, plus (with a threshold) succeeded but slower: all events above the threshold's
-- bucket minus the failed ones above it, so a slow failure is not counted twice.
create function vigil._slo_counts(p_tenant uuid, p_kind text, p_name text, p_threshold_ms double precision,
                                  p_since timestamptz, p_until timestamptz,
                                  p_unfolded vigil.unfolded_event[] default null, out total bigint, out bad bigint)
language sql stable
set search_path = ''
as $$
  select coalesce(pg_catalog.sum(p.c), 0)::bigint,
         (coalesce(pg_catalog.sum(p.er), 0)
          + case when p_threshold_ms is null then 0 else
              coalesce(pg_catalog.sum((select pg_catalog.sum(u.c) from unnest(p.hk, p.hc) u(k, c) where u.k > vigil._hist_key(p_threshold_ms))), 0)
            - coalesce(pg_catalog.sum((select pg_catalog.sum(u.c) from unnest(p.fk, p.fc) u(k, c) where u.k > vigil._hist_key(p_threshold_ms))), 0)
            end)::bigint
  from vigil._stats_parts(p_tenant, p_since, p_until, p_kind, p_name, null, false, p_unfolded) p
$$;
comment on function vigil._slo_counts(uuid, text, text, double precision, timestamptz, timestamptz, vigil.unfolded_event[]) is
  'Events and bad events (failed, or slower than the threshold) of one operation in [p_since, p_until); p_unfolded as for vigil._stats_parts.';

create function vigil_api.set_slo(
  p_tenant uuid,
  p_name text,
  p_objective double precision,
  p_threshold_ms double precision default null,
  p_period interval default interval '30 days',
  p_kind text default 'operation',
  p_description text default null,
  p_id uuid default null
) returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
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
comment on function vigil_api.set_slo(uuid, text, double precision, double precision, interval, text, text, uuid) is
$$Creates an SLO (or, with p_id, replaces one): operation p_name of p_kind must keep p_objective (0..1) of its events good
over p_period (default 30 days); good means succeeded, and at most p_threshold_ms when given. Returns the row.
Operators and up, or the service role.
Example: select vigil_api.set_slo('<tenant>', 'checkout', 0.999, p_threshold_ms => 800);$$;

create function vigil_api.delete_slo(p_tenant uuid, p_id uuid) returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'operator');
  delete from vigil.slos where id = p_id and tenant_id = p_tenant;
  if not found then
    raise exception using errcode = 'P0002', message = 'No SLO of this tenant has that id.';
  end if;
end
$$;
comment on function vigil_api.delete_slo(uuid, uuid) is 'Deletes an SLO. Operators and up, or the service role.';

create function vigil_api.slo_status(p_tenant uuid, p_now timestamptz default pg_catalog.now())
returns table (
  slo_id uuid,
  kind text,
  name text,
  objective double precision,
  threshold_ms double precision,
  period interval,
  events bigint,
  bad bigint,
  sli double precision,
  budget_remaining double precision,
  burn_rate_5m double precision,
  burn_rate_30m double precision,
  burn_rate_1h double precision,
  burn_rate_6h double precision,
  burn_rate_3d double precision,
  events_5m bigint,
  events_30m bigint,
  events_1h bigint,
  events_6h bigint,
  events_3d bigint
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
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
comment on function vigil_api.slo_status(uuid, timestamptz) is
$$Each SLO of the tenant at p_now: events and bad events over its period, the SLI (good share), the error budget left
(1 = untouched, 0 = spent, negative = overspent) and burn rates over 5m, 30m, 1h, 6h and 3d (bad share / (1 - objective):
1 spends the budget exactly over the period; the SRE workbook pages at 14.4 over 1h and 5m). Event counts per window
come along for a minimum-traffic guard. Burn rates are null for a window without events. Viewers and up, or the service role.$$;

grant execute on function vigil._slo_counts(uuid, text, text, double precision, timestamptz, timestamptz, vigil.unfolded_event[]) to authenticated, service_role;
grant execute on function vigil_api.set_slo(uuid, text, double precision, double precision, interval, text, text, uuid) to authenticated, service_role;
grant execute on function vigil_api.delete_slo(uuid, uuid) to authenticated, service_role;
grant execute on function vigil_api.slo_status(uuid, timestamptz) to authenticated, service_role;
