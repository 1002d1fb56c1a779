-- Rollups past retention: the fine grains (5 and 15 minutes) go with the tenant's raw events, after
-- its retention_days; the coarse grains (1 and 6 hours) stay for a year and a month (400 days, or
-- the retention if longer), so year-over-year questions still have hourly answers. Fine rows are the
-- bulk of the table (about 5 in 6), so this bounds it at roughly retention_days of fine rows.
-- Windows older than the fine horizon are answered from whole hours (their sub-hour edges, like
-- their raw events, are gone).

-- Deleted in bounded batches through the primary key (tenant, grain, bucket_start): each tenant and
-- grain is one index range from the start of time to its cutoff.
create function vigil.prune_rollups(p_now timestamptz default pg_catalog.now(), p_limit integer default 20000)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may prune rollups.';
  end if;
  if p_limit is null or p_limit < 1 then
    raise exception using errcode = '22023', message = 'limit must be a positive number of rows.';
  end if;
  delete from vigil.rollups r
  where r.ctid = any (array(
    select x.ctid
    from vigil.tenants t
    cross join lateral (values (5::smallint, t.retention_days), (15::smallint, t.retention_days),
                               (60::smallint, greatest(t.retention_days, 400)), (360::smallint, greatest(t.retention_days, 400))) g(grain, keep_days)
    cross join lateral (
      select y.ctid from vigil.rollups y
      where y.tenant_id = t.id and y.grain = g.grain
        and y.bucket_start < p_now - pg_catalog.make_interval(days => g.keep_days)
      limit p_limit) x
    limit p_limit));
  get diagnostics v_deleted = row_count;
  return pg_catalog.jsonb_build_object('deleted', v_deleted, 'more', v_deleted = p_limit);
end
$$;
comment on function vigil.prune_rollups(timestamptz, integer) is
$$Deletes at most p_limit rollup rows past retention: 5- and 15-minute rows older than the tenant's retention_days,
1- and 6-hour rows older than 400 days (or retention_days if longer). "more" says a backlog is left for the next
run. Service role and maintenance only.$$;

create function vigil._step_rollup_retention(p_now timestamptz default pg_catalog.now()) returns jsonb
language sql
set search_path = ''
as $$ select vigil.prune_rollups(p_now) $$;
comment on function vigil._step_rollup_retention(timestamptz) is 'Maintenance step: delete rollups past retention, a bounded batch per run.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('rollup_retention', 'vigil._step_rollup_retention(timestamptz)', 92,
        'Delete rollups past retention (5/15-minute rows after the tenant''s retention, hourly ones after 400 days), at most 20,000 rows a run.');

grant execute on function vigil.prune_rollups(timestamptz, integer) to service_role;
grant execute on function vigil._step_rollup_retention(timestamptz) to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
