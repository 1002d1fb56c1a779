-- Funnels: ordered steps per user or session. An actor enters at their first step-1 event in the
-- window; each next step counts when it happens at or after the previous step and within p_within
-- of entering. One pass per step over that step's events (an index range on tenant, kind, name,
-- time) joined to the actors still in the funnel, so cost grows with the steps' events only.

create function vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamptz, p_until timestamptz,
                              p_within interval, p_by text, p_kind text)
returns table (step integer, name text, count bigint, conversion_from_previous double precision,
               conversion_from_first double precision, median_seconds_from_previous double precision)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_actors text[];
  v_entered timestamptz[];
  v_at timestamptz[];
  v_first bigint;
  v_prev bigint;
  v_now bigint;
  v_median double precision;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  select coalesce(pg_catalog.array_agg(x.a), '{}'), coalesce(pg_catalog.array_agg(x.t), '{}'),
         coalesce(pg_catalog.array_agg(x.t), '{}')
  into v_actors, v_entered, v_at
  from (select case when p_by = 'user' then e.user_id else e.session_id end a, pg_catalog.min(e.occurred_at) t
        from vigil.events e
        where e.tenant_id = p_tenant and e.kind = p_kind and e.name = p_steps[1]
          and e.occurred_at >= p_since and e.occurred_at < p_until
          and case when p_by = 'user' then e.user_id else e.session_id end is not null
        group by 1) x;
  v_first := pg_catalog.cardinality(v_actors)::bigint;
  v_prev := v_first;
  step := 1; name := p_steps[1]; count := v_first;
  conversion_from_previous := null; conversion_from_first := case when v_first > 0 then 1::double precision end;
  median_seconds_from_previous := null;
  return next;

  for i in 2 .. pg_catalog.array_length(p_steps, 1) loop
    with cur as (
      select * from unnest(v_actors, v_entered, v_at) c(a, entered, at)
    ), nxt as (
      select c.a, c.entered, c.at prev_at, pg_catalog.min(e.occurred_at) at
      from cur c
      join vigil.events e
        on case when p_by = 'user' then e.user_id else e.session_id end = c.a
       and e.occurred_at >= c.at and e.occurred_at <= c.entered + p_within
      where e.tenant_id = p_tenant and e.kind = p_kind and e.name = p_steps[i]
        and e.occurred_at >= p_since and e.occurred_at < p_until
      group by c.a, c.entered, c.at
    )
    select coalesce(pg_catalog.array_agg(n.a), '{}'), coalesce(pg_catalog.array_agg(n.entered), '{}'),
           coalesce(pg_catalog.array_agg(n.at), '{}'),
           pg_catalog.percentile_cont(0.5) within group (order by extract(epoch from n.at - n.prev_at))
    into v_actors, v_entered, v_at, v_median
    from nxt n;
    v_now := pg_catalog.cardinality(v_actors)::bigint;
    step := i; name := p_steps[i]; count := v_now;
    conversion_from_previous := case when v_prev > 0 then v_now::double precision / v_prev end;
    conversion_from_first := case when v_first > 0 then v_now::double precision / v_first end;
    median_seconds_from_previous := v_median;
    return next;
    v_prev := v_now;
  end loop;
end
$$;

create function vigil_api.funnel(
  p_tenant uuid,
  p_steps text[],
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_within interval default interval '1 day',
  p_by text default 'user',
  p_kind text default 'milestone'
) returns table (step integer, name text, count bigint, conversion_from_previous double precision,
                 conversion_from_first double precision, median_seconds_from_previous double precision)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_steps is null or pg_catalog.array_length(p_steps, 1) is null or pg_catalog.array_length(p_steps, 1) not between 2 and 20
     or pg_catalog.array_position(p_steps, null) is not null then
    raise exception using errcode = '22023', message = 'steps must list 2 to 20 step names, none of them null.';
  end if;
  if p_within is null or p_within <= interval '0' then
    raise exception using errcode = '22023', message = 'within must be a positive interval.';
  end if;
  if p_by is null or p_by not in ('user', 'session') then
    raise exception using errcode = '22023', message = 'by must be user or session.';
  end if;
  if p_kind is null then
    raise exception using errcode = '22023', message = 'kind is required (milestone by default).';
  end if;
  return query select * from vigil._funnel(p_tenant, p_steps, p_since, p_until, p_within, p_by, p_kind);
end
$$;
comment on function vigil_api.funnel(uuid, text[], timestamptz, timestamptz, interval, text, text) is
$$A conversion funnel over [p_since, p_until): per step, how many users (p_by 'user') or sessions ('session') reached it
in order, each step at or after the one before and within p_within (default 1 day) of the first; conversion from the
previous and from the first step (0..1) and the median seconds from the previous step. Steps are event names of kind
p_kind (milestone by default). Viewers and up, or the service role.
Example: select * from vigil_api.funnel('<tenant>', array['signup', 'verify', 'first_order'], now() - interval '7 days');$$;

grant execute on function vigil._funnel(uuid, text[], timestamptz, timestamptz, interval, text, text) to authenticated, service_role;
grant execute on function vigil_api.funnel(uuid, text[], timestamptz, timestamptz, interval, text, text) to authenticated, service_role;
