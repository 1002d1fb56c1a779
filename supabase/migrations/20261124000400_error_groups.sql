-- Error groups: errors grouped by fingerprint (the client's, or one derived from the error type,
-- the message with numbers, ids and uuids normalised away, and the top stack frame), with their
-- resolution state: an operator resolves a group, and an event of the group seen afterwards in
-- another release marks it regressed.

-- The derived fingerprint, vigil.error_fingerprint, is defined with the rollups, whose fold is its
-- first reader (see vigil.events_derived).

create table vigil.error_group_states (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  fingerprint text not null,
  resolved_at timestamptz not null default pg_catalog.now(),
  resolved_release text,
  resolved_by uuid,
  primary key (tenant_id, fingerprint)
);
comment on table vigil.error_group_states is
  'Resolved error groups. A group without a row is unresolved; one whose events come back after resolved_at in a release other than resolved_release is regressed.';
comment on column vigil.error_group_states.resolved_release is 'The release the fix shipped in; events of this release after resolution do not count as a regression (old clients still running it).';

alter table vigil.error_group_states enable row level security;
grant select, insert, update, delete on vigil.error_group_states to authenticated;
grant all on vigil.error_group_states to service_role;
select vigil._create_policies('vigil.error_group_states', 'tenant_id', 'viewer', 'operator');

-- When each group was first and last seen, ever: written by the rollup fold (vigil.fold_rollups) as
-- it folds error events, so it outlives the raw events (kept retention_days) and a window asked
-- later still knows that a group is old, or new.
create table vigil.error_group_seen (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  fingerprint text not null,
  first_seen timestamptz not null,
  first_release text,
  last_seen timestamptz not null,
  last_release text,
  events bigint not null,
  primary key (tenant_id, fingerprint)
);
comment on table vigil.error_group_seen is
  'Per error group: first and last seen (with their releases) and events counted, over every folded event. Written by vigil.fold_rollups; error_groups combines it with the raw events of its window.';
alter table vigil.error_group_seen enable row level security;
grant select on vigil.error_group_seen to authenticated;
grant all on vigil.error_group_seen to service_role;
select vigil._create_policies('vigil.error_group_seen', 'tenant_id', 'viewer');

-- Error events alone, by tenant and time: errors are a few percent of a tenant's events, and without
-- this index every reader of a window's errors (error_groups, recent_errors, the console) walked the
-- primary key through all of the window's events to keep the errors (at 1M events, 31,000 rows read
-- for 676 errors in the busiest tenant's day; ten times that at 10M). The predicate is is_error of
-- vigil.events_derived written out, so a query on that view's is_error matches it. Partial: only error
-- rows are written to it, and ingest pays for the predicate on the others (see the ingest bench).
create index events_errors_idx on vigil.events (tenant_id, occurred_at)
  where kind = 'error' or (not success and error_type is not null);

-- The error events of a window with their group. Security definer so RLS is not evaluated per
-- row; checks access first. What an error is, and its group: see vigil.events_derived. The group is
-- computed once per distinct (fingerprint, name, type, message, stack) rather than once per event:
-- vigil.error_fingerprint (regular expressions, md5, and a call a function with its own search_path
-- never escapes) cost more than reading the rows, and a window's errors repeat a few messages many
-- times. Nulls are compared as '' because the fingerprint treats a null argument as '' in every
-- place, so the group is the view's error_group exactly, and the join can hash. PL/pgSQL rather than
-- SQL so that the plan is kept: a SQL function that is not inlined is planned at every call, and
-- planning a query over a month of day partitions was a third of its cost (at 10M events, the busiest
-- tenant's day of 6,300 errors: 30 ms of CPU a call as SQL, 18 ms with the plan kept).
create function vigil._error_events(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (id bigint, occurred_at timestamptz, kind text, name text, error_type text, error_message text,
               fingerprint text, release text, user_id text, session_id text, stack text, attributes jsonb)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  with ev as materialized (
    select e.id, e.occurred_at, e.kind, e.name, e.error_type, e.error_message, e.fingerprint, e.release, e.user_id,
           e.session_id, e.attributes ->> 'stack' stack, e.attributes
    from vigil.events_derived e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until and e.is_error
  ), groups as materialized (
    select g.f, g.n, g.t, g.m, g.s, vigil.error_fingerprint(g.f, g.n, g.t, g.m, g.s) error_group
    from (select distinct coalesce(ev.fingerprint, '') f, ev.name::text n, coalesce(ev.error_type, '') t,
                          coalesce(ev.error_message, '') m, coalesce(ev.stack, '') s
          from ev) g
  )
  select ev.id, ev.occurred_at, ev.kind::text, ev.name::text, ev.error_type, ev.error_message, g.error_group,
         ev.release, ev.user_id, ev.session_id, ev.stack, ev.attributes
  from ev
  join groups g on g.f = coalesce(ev.fingerprint, '') and g.n = ev.name::text and g.t = coalesce(ev.error_type, '')
               and g.m = coalesce(ev.error_message, '') and g.s = coalesce(ev.stack, '');
end
$$;

create function vigil_api.recent_errors(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_limit integer default 50,
  p_fingerprint text default null
) returns table (id bigint, occurred_at timestamptz, kind text, name text, error_type text, error_message text,
                 fingerprint text, release text, user_id text, session_id text, stack text, attributes jsonb)
language sql stable security invoker
set search_path = ''
as $$
  select vigil._check_stats_call(p_tenant, p_since, p_until);
  select vigil._check_limit(p_limit, 1000);
  select x.* from vigil._error_events(p_tenant, p_since, p_until) x
  where p_fingerprint is null or x.fingerprint = p_fingerprint
  order by x.occurred_at desc, x.id desc
  limit p_limit;
$$;
comment on function vigil_api.recent_errors(uuid, timestamptz, timestamptz, integer, text) is
$$The newest errors in [p_since, p_until) (error events, and failed events that carry an error_type), newest first,
each with its group fingerprint and stack; p_fingerprint narrows to one group. Viewers and up, or the service role.$$;

create function vigil_api.error_groups(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_limit integer default 50,
  p_status text default null
) returns table (
  fingerprint text,
  error_type text,
  name text,
  sample_message text,
  sample_stack text,
  count bigint,
  users_affected bigint,
  first_seen timestamptz,
  last_seen timestamptz,
  first_release text,
  last_release text,
  releases text[],
  status text,
  resolved_at timestamptz,
  resolved_release text
)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  perform vigil._check_limit(p_limit, 1000);
  if p_status is not null and p_status not in ('unresolved', 'resolved', 'regressed') then
    raise exception using errcode = '22023', message = 'status must be unresolved, resolved or regressed.';
  end if;
  return query
  with ev as (select * from vigil._error_events(p_tenant, p_since, p_until)),
  g as (
    select ev.fingerprint,
           (pg_catalog.array_agg(ev.error_type order by ev.occurred_at desc))[1] error_type,
           (pg_catalog.array_agg(ev.name order by ev.occurred_at desc))[1] name,
           (pg_catalog.array_agg(ev.error_message order by ev.occurred_at desc))[1] sample_message,
           (pg_catalog.array_agg(ev.stack order by ev.occurred_at desc))[1] sample_stack,
           pg_catalog.count(*) n, pg_catalog.count(distinct ev.user_id) users,
           pg_catalog.min(ev.occurred_at) first_seen, pg_catalog.max(ev.occurred_at) last_seen,
           (pg_catalog.array_agg(ev.release order by ev.occurred_at) filter (where ev.release is not null))[1] first_release,
           (pg_catalog.array_agg(ev.release order by ev.occurred_at desc) filter (where ev.release is not null))[1] last_release,
           coalesce(pg_catalog.array_agg(distinct ev.release) filter (where ev.release is not null), '{}') releases
    from ev group by ev.fingerprint
  ), st as (
    select g.fingerprint, g.error_type, g.name, g.sample_message, g.sample_stack, g.n, g.users,
           -- First and last seen ever: the folded events' (vigil.error_group_seen) and the window's raw
           -- ones (which include what is not folded yet), whichever lie further out.
           least(h.first_seen, g.first_seen) first_seen, greatest(h.last_seen, g.last_seen) last_seen,
           case when h.first_seen < g.first_seen then coalesce(h.first_release, g.first_release) else g.first_release end first_release,
           case when h.last_seen > g.last_seen then coalesce(h.last_release, g.last_release) else g.last_release end last_release,
           g.releases, s.resolved_at, s.resolved_release,
           case when s.fingerprint is null then 'unresolved'
                when exists (select 1 from ev where ev.fingerprint = g.fingerprint and ev.occurred_at > s.resolved_at
                               and (s.resolved_release is null or ev.release is distinct from s.resolved_release))
                  then 'regressed'
                else 'resolved' end status
    from g left join vigil.error_group_states s on s.tenant_id = p_tenant and s.fingerprint = g.fingerprint
    left join vigil.error_group_seen h on h.tenant_id = p_tenant and h.fingerprint = g.fingerprint
  )
  select st.fingerprint, st.error_type, st.name, st.sample_message, st.sample_stack, st.n, st.users, st.first_seen,
         st.last_seen, st.first_release, st.last_release, st.releases, st.status, st.resolved_at, st.resolved_release
  from st
  where p_status is null or st.status = p_status
  order by st.n desc, st.last_seen desc
  limit p_limit;
end
$$;
comment on function vigil_api.error_groups(uuid, timestamptz, timestamptz, integer, text) is
$$Errors of [p_since, p_until) grouped by fingerprint (see vigil.error_fingerprint), most frequent first: the latest
type, name, message and stack as a sample, count and distinct users affected (in the window), first and last seen and
their releases (ever, including events before the window and past raw retention), every release seen in the window, and status: unresolved, resolved, or regressed (seen after resolution in another
release). p_status filters. Viewers and up, or the service role.$$;

create function vigil_api.resolve_error_group(p_tenant uuid, p_fingerprint text, p_release text default null)
returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_release text := p_release;
  v_row vigil.error_group_states;
begin
  perform vigil.require_role(p_tenant, 'operator');
  if p_fingerprint is null or pg_catalog.btrim(p_fingerprint) = '' then
    raise exception using errcode = '22023', message = 'fingerprint is required.';
  end if;
  -- By default the fix is taken to ship in the latest release the group was seen in.
  if v_release is null then
    select x.release into v_release
    from vigil._error_events(p_tenant, pg_catalog.now() - interval '30 days', pg_catalog.now() + interval '1 day') x
    where x.fingerprint = p_fingerprint and x.release is not null
    order by x.occurred_at desc limit 1;
  end if;
  insert into vigil.error_group_states as s (tenant_id, fingerprint, resolved_at, resolved_release, resolved_by)
  values (p_tenant, p_fingerprint, pg_catalog.now(), v_release, auth.uid())
  on conflict (tenant_id, fingerprint) do update
    set resolved_at = excluded.resolved_at, resolved_release = excluded.resolved_release, resolved_by = excluded.resolved_by
  returning * into v_row;
  return pg_catalog.jsonb_build_object('fingerprint', v_row.fingerprint, 'resolved_at', v_row.resolved_at,
                                       'resolved_release', v_row.resolved_release);
end
$$;
comment on function vigil_api.resolve_error_group(uuid, text, text) is
$$Marks an error group resolved as of now, fixed in p_release (default: the latest release the group was seen in).
Seen again afterwards in another release, the group shows as regressed. Resolving again moves the mark. Operators and up,
or the service role.$$;

grant execute on function vigil._error_events(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.recent_errors(uuid, timestamptz, timestamptz, integer, text) to authenticated, service_role;
grant execute on function vigil_api.error_groups(uuid, timestamptz, timestamptz, integer, text) to authenticated, service_role;
grant execute on function vigil_api.resolve_error_group(uuid, text, text) to authenticated, service_role;
