-- Funnels: ordered steps per user or session. An actor enters at their first step-1 event in the
-- window; each next step counts when it happens at or after the previous step and within p_within
-- of entering.
--
-- Over milestones (the default kind) the steps are read from what the fold keeps per actor and
-- milestone (vigil.milestone_times: the earliest times, exact up to the last one kept), plus the
-- events not folded yet, so a week's funnel reads one row per actor and step instead of every event
-- of every step; an actor whose row cannot answer (more than 8 times at one milestone, the step
-- asked past the 8th) is read raw. Over other kinds, or while a backlog of unfolded events is large
-- or the tenant has a range the fold could not fold (vigil.rollup_deferred), each step is one pass
-- over that step's raw events (an index range on tenant, kind, name, time) joined to the actors
-- still in the funnel. Both give the same answer (test 106 and test 631).

-- A milestone event not folded yet, as a funnel reads it (actor: its user_id or session_id).
create type vigil.unfolded_milestone as (name text, actor text, occurred_at timestamptz);

create function vigil._funnel(p_tenant uuid, p_steps text[], p_since timestamptz, p_until timestamptz,
                              p_within interval, p_by text, p_kind text)
returns table (step integer, name text, count bigint, conversion_from_previous double precision,
               conversion_from_first double precision, median_seconds_from_previous double precision)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_actors text[] := '{}'::text[];
  v_entered timestamptz[] := '{}'::timestamptz[];
  v_at timestamptz[] := '{}'::timestamptz[];
  v_first bigint;
  v_prev bigint;
  v_now bigint;
  v_median double precision;
  v_state boolean := false;
  v_floor bigint;
  v_unfolded vigil.unfolded_milestone[];
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_kind = 'milestone' then
    select st.id_floor, coalesce(q.last_value, 0) - st.id_floor <= 20000
           and not exists (select 1 from vigil.rollup_deferred d where d.tenant_id = p_tenant)
    into v_floor, v_state
    from vigil.rollup_state st, vigil.events_id_seq q;
  end if;
  if v_state then
    -- The steps' events not folded yet (see vigil.rollup_state), read once through the BRIN index on
    -- id and filtered after (as the stats do: the tenant's index would read all its milestones).
    with unfolded as materialized (
      select e.tenant_id, e.kind, e.name, e.occurred_at, e.user_id, e.session_id from vigil.events e
      where e.id > v_floor
    )
    select coalesce(pg_catalog.array_agg(row(u.name, case when p_by = 'user' then u.user_id else u.session_id end,
                                             u.occurred_at)::vigil.unfolded_milestone), '{}')
    into v_unfolded
    from unfolded u
    where u.tenant_id = p_tenant and u.kind = 'milestone' and u.name = any (p_steps)
      and case when p_by = 'user' then u.user_id else u.session_id end is not null;
  end if;

  for i in 1 .. pg_catalog.array_length(p_steps, 1) loop
    if v_state then
      -- Per actor, the first time at step i at or after its previous step (step 1: at or after
      -- p_since), from its row when the row knows it, else from raw events.
      with cur as (
        select c.a, c.entered, c.at from unnest(v_actors, v_entered, v_at) c(a, entered, at) where i > 1
        union all
        select d.a, null, p_since
        from (select m.actor a from vigil.milestone_times m
              where i = 1 and m.tenant_id = p_tenant and m.name = p_steps[1] and m.actor_type = p_by
                and m.reach >= p_since and coalesce(m.first_at, '-infinity') < p_until
              union
              select u.actor from unnest(v_unfolded) u
              where i = 1 and u.name = p_steps[1] and u.occurred_at >= p_since and u.occurred_at < p_until) d
      ), pending as (
        select u.actor, pg_catalog.array_agg(u.occurred_at) ats from unnest(v_unfolded) u where u.name = p_steps[i] group by 1
      ), looked as (
        select c.a, c.entered, c.at prev_at,
               (select pg_catalog.min(t.t) from unnest(m.times || u.ats) t(t) where t.t >= c.at) cand,
               m.actor is null or m.complete or coalesce(m.times[pg_catalog.cardinality(m.times)] >= c.at, false) known
        from cur c
        left join vigil.milestone_times m on m.tenant_id = p_tenant and m.name = p_steps[i] and m.actor_type = p_by and m.actor = c.a
        left join pending u on u.actor = c.a
      ), unknown as materialized (
        select l.a, l.entered, l.prev_at from looked l where not l.known
      ), found as (
        select l.a, l.entered, l.prev_at, l.cand from looked l where l.known
        union all
        select k.a, k.entered, k.prev_at, pg_catalog.min(e.occurred_at)
        from unknown k
        join vigil.events e on case when p_by = 'user' then e.user_id else e.session_id end = k.a and e.occurred_at >= k.prev_at
        where e.tenant_id = p_tenant and e.kind = 'milestone' and e.name = p_steps[i]
          and e.occurred_at >= (select pg_catalog.min(x.prev_at) from unknown x) and e.occurred_at < p_until
        group by 1, 2, 3
      ), nxt as (
        select f.a, coalesce(f.entered, f.cand) entered, f.prev_at, f.cand at from found f
        where f.cand < p_until and (f.entered is null or f.cand <= f.entered + p_within)
      )
      select coalesce(pg_catalog.array_agg(n.a), '{}'), coalesce(pg_catalog.array_agg(n.entered), '{}'),
             coalesce(pg_catalog.array_agg(n.at), '{}'),
             pg_catalog.percentile_cont(0.5) within group (order by extract(epoch from n.at - n.prev_at))
      into v_actors, v_entered, v_at, v_median
      from nxt n;
    elsif i = 1 then
      select coalesce(pg_catalog.array_agg(x.a), '{}'), coalesce(pg_catalog.array_agg(x.t), '{}'),
             coalesce(pg_catalog.array_agg(x.t), '{}')
      into v_actors, v_entered, v_at
      from (select case when p_by = 'user' then e.user_id else e.session_id end a, pg_catalog.min(e.occurred_at) t
            from vigil.events e
            where e.tenant_id = p_tenant and e.kind = p_kind and e.name = p_steps[1]
              and e.occurred_at >= p_since and e.occurred_at < p_until
              and case when p_by = 'user' then e.user_id else e.session_id end is not null
            group by 1) x;
    else
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
    end if;
    v_now := pg_catalog.cardinality(v_actors)::bigint;
    if i = 1 then
      v_first := v_now;
      v_prev := v_now;
    end if;
    step := i; name := p_steps[i]; count := v_now;
    conversion_from_previous := case when i > 1 and v_prev > 0 then v_now::double precision / v_prev end;
    conversion_from_first := case when v_first > 0 then v_now::double precision / v_first end;
    median_seconds_from_previous := case when i > 1 then v_median end;
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
