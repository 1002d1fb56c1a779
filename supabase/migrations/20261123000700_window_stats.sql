-- The one question statistics, alerts and dashboards all ask: per operation in a window, how many,
-- how many failed, and how fast. This first body reads raw events exactly; the statistics
-- migrations replace it with rollups plus the raw open tail, keeping the signature.

create function vigil.window_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text default null,
  p_name text default null
) returns table (
  kind text,
  name text,
  count bigint,
  errors bigint,
  avg_ms double precision,
  p50_ms double precision,
  p95_ms double precision,
  p99_ms double precision,
  min_ms double precision,
  max_ms double precision
)
language sql stable
set search_path = ''
as $$
  select e.kind::text, e.name::text, pg_catalog.count(*), pg_catalog.count(*) filter (where not e.success),
         pg_catalog.avg(e.duration_ms),
         pg_catalog.percentile_disc(0.50) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.95) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.99) within group (order by e.duration_ms),
         pg_catalog.min(e.duration_ms), pg_catalog.max(e.duration_ms)
  from vigil.events e
  where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
    and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
  group by e.kind, e.name
$$;
comment on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) is
  'Per (kind, name) in [p_since, p_until): count, errors and latency (avg, p50, p95, p99, min, max in ms). Internal: callers check access first.';

grant execute on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) to service_role;
revoke execute on all functions in schema vigil, vigil_api from public;
