-- summary reads the tenant's open alerts from vigil.alerts now that alerting is installed (it used
-- to probe for a vigil.count_open_alerts function alerting never defined, so the field stayed null).
-- Open = pending, firing or recovering; resolved, ok, nodata and error series are not open.
-- `series` counts the distinct (kind, name) of the window's parts instead of computing every
-- series' percentiles only to count them.
create or replace function vigil_api.summary(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_total record;
  v_names bigint;
  v_alerts jsonb;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  select * into v_total from vigil._rollup_stats(p_tenant, p_since, p_until, null, null, null, false);
  select pg_catalog.count(*) into v_names
  from (select distinct p.k, p.n from vigil._stats_parts(p_tenant, p_since, p_until, null, null, null, true) p) d;
  -- Alerts are current state, not part of the window: what is open now.
  select pg_catalog.jsonb_build_object(
           'total', pg_catalog.count(*),
           'firing', pg_catalog.count(*) filter (where a.state = 'firing'),
           'pending', pg_catalog.count(*) filter (where a.state = 'pending'),
           'recovering', pg_catalog.count(*) filter (where a.state = 'recovering'),
           'unacknowledged', pg_catalog.count(*) filter (where a.acknowledged_at is null),
           'acknowledged', pg_catalog.count(*) filter (where a.acknowledged_at is not null))
  into v_alerts
  from vigil.alerts a
  where a.tenant_id = p_tenant and a.state in ('pending', 'firing', 'recovering');
  return pg_catalog.jsonb_build_object(
    'since', p_since, 'until', p_until,
    'count', coalesce(v_total.count, 0),
    'errors', coalesce(v_total.errors, 0),
    'success_rate', case when v_total.count > 0 then 1 - v_total.errors::double precision / v_total.count end,
    'p50_ms', v_total.p50_ms, 'p95_ms', v_total.p95_ms, 'p99_ms', v_total.p99_ms,
    'series', v_names,
    'open_alerts', (v_alerts ->> 'total')::bigint,
    'open_alerts_by_state', v_alerts,
    'top_errors', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('error_type', t.key, 'count', t.value::bigint)
                                                        order by t.value::bigint desc, t.key)
                            from (select j.key, j.value from pg_catalog.jsonb_each_text(coalesce(v_total.error_types, '{}'::jsonb)) j
                                  order by j.value::bigint desc, j.key limit 5) t), '[]'::jsonb));
end
$$;
comment on function vigil_api.summary(uuid, timestamptz, timestamptz) is
$$The dashboard header for [p_since, p_until): total events, errors, success rate, p50/p95/p99 over every timed event,
how many (kind, name) series, the 5 most frequent error types, and the alerts open now (pending, firing or
recovering): open_alerts is their number, open_alerts_by_state splits it into firing / pending / recovering and
unacknowledged / acknowledged. Viewers and up, or the service role.$$;

revoke execute on all functions in schema vigil, vigil_api from public;
grant execute on function vigil_api.summary(uuid, timestamptz, timestamptz) to authenticated, service_role;
