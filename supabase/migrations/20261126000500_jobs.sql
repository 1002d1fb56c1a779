-- Batch jobs: the progress table data migrations and backfills otherwise write by hand. A job has
-- items (one per record it touches) with a status; job_progress answers "how far, how fast, what failed".

create table vigil.jobs (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'cancelled')),
  expected_items integer check (expected_items >= 0),
  metadata jsonb not null default '{}'::jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  created_by uuid,
  primary key (tenant_id, id)
);
create index jobs_tenant_idx on vigil.jobs (tenant_id, started_at desc);
-- Found by id alone (the outbox and maintenance steps, the API's checks); the key starts with tenant_id.
create index jobs_id_idx on vigil.jobs (id);
comment on table vigil.jobs is 'A batch job (backfill, data migration) whose items are tracked in vigil.job_items.';
comment on column vigil.jobs.expected_items is 'How many items the job will touch, when known up front; completion percent and ETA are measured against it.';

create table vigil.job_items (
  job_id uuid not null,
  tenant_id uuid not null,
  item_key text not null check (length(item_key) between 1 and 500),
  status text not null check (status in ('pending', 'success', 'failed', 'skipped')),
  error text,
  attempts integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, job_id, item_key),
  foreign key (tenant_id, job_id) references vigil.jobs (tenant_id, id) on delete cascade
);
create index job_items_status_idx on vigil.job_items (job_id, status);
-- Deleting a tenant finds its items through this (splinter 0001), instead of scanning them all.
create index job_items_tenant_idx on vigil.job_items (tenant_id);
comment on table vigil.job_items is 'One row per item a job touched: its latest status and error. Recording an item again updates it and counts an attempt.';

alter table vigil.jobs enable row level security;
alter table vigil.job_items enable row level security;
grant select, insert, update on vigil.jobs, vigil.job_items to authenticated;
grant all on vigil.jobs, vigil.job_items to service_role;
select vigil._create_policies('vigil.jobs', 'tenant_id', 'viewer', 'operator', '{insert,update}');
select vigil._create_policies('vigil.job_items', 'tenant_id', 'viewer', 'operator', '{insert,update}');

-- The job's tenant, whoever asks, so a non-member is refused with 42501 rather than told "no such job".
create function vigil._job_tenant(p_job uuid) returns uuid
language sql stable security definer
set search_path = ''
as $$ select j.tenant_id from vigil.jobs j where j.id = p_job $$;
comment on function vigil._job_tenant(uuid) is 'The tenant of a job (null if none); for access checks only.';

create function vigil._require_job(p_job uuid, p_min vigil.member_role) returns vigil.jobs
language plpgsql stable
set search_path = ''
as $$
declare
  v_tenant uuid := vigil._job_tenant(p_job);
  v_job vigil.jobs;
begin
  perform vigil._require_owner(v_tenant, p_min, 'job');
  select * into v_job from vigil.jobs where id = p_job;
  return v_job;
end
$$;

create function vigil_api.job_start(p_tenant uuid, p_name text, p_expected_items integer default null,
                                    p_metadata jsonb default '{}'::jsonb)
returns uuid
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform vigil.require_role(p_tenant, 'operator');
  perform vigil._check_name(p_name, 200);
  if p_expected_items < 0 then
    raise exception using errcode = '22023', message = 'expected_items must be zero or more.';
  end if;
  if p_metadata is not null and pg_catalog.jsonb_typeof(p_metadata) <> 'object' then
    raise exception using errcode = '22023', message = 'metadata must be a JSON object.';
  end if;
  insert into vigil.jobs (tenant_id, name, expected_items, metadata, created_by)
  values (p_tenant, p_name, p_expected_items, coalesce(p_metadata, '{}'::jsonb), auth.uid())
  returning id into v_id;
  return v_id;
end
$$;
comment on function vigil_api.job_start(uuid, text, integer, jsonb) is
  'Starts a batch job and returns its id. p_expected_items (optional) is what completion percent and ETA measure against. Tenant operators.';

create function vigil_api.job_record(p_job uuid, p_items jsonb) returns integer
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'operator');
  v_bad record;
  v_count integer;
begin
  if v_job.status <> 'running' then
    raise exception using errcode = '22023', message = pg_catalog.format('This job is %s: items can only be recorded while it runs.', v_job.status);
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = '22023', message = 'items must be a JSON array of {"key", "status", "error"} objects.';
  end if;
  -- 10,000 items per call keeps one call's transaction short; send more in several calls.
  if pg_catalog.jsonb_array_length(p_items) > 10000 then
    raise exception using errcode = '22023', message = 'A call records at most 10000 items; split the batch.';
  end if;
  select i.idx, i.e into v_bad from pg_catalog.jsonb_array_elements(p_items) with ordinality i(e, idx)
  where pg_catalog.jsonb_typeof(i.e) <> 'object'
     or pg_catalog.jsonb_typeof(i.e -> 'key') not in ('string', 'number')
     or pg_catalog.length(i.e ->> 'key') not between 1 and 500
     or coalesce(i.e ->> 'status', '') not in ('pending', 'success', 'failed', 'skipped')
     or pg_catalog.jsonb_typeof(i.e -> 'error') not in ('string', 'null')
  limit 1;
  if found then
    raise exception using errcode = '22023',
      message = pg_catalog.format('Item %s is invalid: each item needs a key (1 to 500 characters) and a status (pending, success, failed or skipped), and error must be a string.', v_bad.idx - 1);
  end if;
  insert into vigil.job_items as ji (job_id, tenant_id, item_key, status, error)
  select p_job, v_job.tenant_id, d.key, d.status, d.error
  from (
    -- The last occurrence of a key in one batch wins, as if the items had been recorded one by one.
    select distinct on (i.e ->> 'key') i.e ->> 'key' as key, i.e ->> 'status' as status,
           pg_catalog.left(i.e ->> 'error', 2000) as error
    from pg_catalog.jsonb_array_elements(p_items) with ordinality i(e, idx)
    order by i.e ->> 'key', i.idx desc
  ) d
  on conflict (tenant_id, job_id, item_key) do update
    set status = excluded.status, error = excluded.error, attempts = ji.attempts + 1, updated_at = pg_catalog.now();
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function vigil_api.job_record(uuid, jsonb) is
$$Records many items of a running job at once: [{"key": "order-1", "status": "success"}, {"key": "order-2",
"status": "failed", "error": "timeout"}]. Recording a key again updates it and counts an attempt. At most 10,000
items per call. Returns how many items were written. Tenant operators.$$;

create function vigil_api.job_finish(p_job uuid, p_status text default null) returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'operator');
  v_status text;
begin
  if p_status is not null and p_status not in ('succeeded', 'failed', 'cancelled') then
    raise exception using errcode = '22023', message = 'status must be succeeded, failed or cancelled.';
  end if;
  if v_job.status <> 'running' then
    raise exception using errcode = '22023', message = pg_catalog.format('This job already finished (%s).', v_job.status);
  end if;
  -- Without an explicit status: failed if any item failed, else succeeded.
  v_status := coalesce(p_status, case when exists (select 1 from vigil.job_items i where i.job_id = p_job and i.status = 'failed')
                                      then 'failed' else 'succeeded' end);
  update vigil.jobs set status = v_status, finished_at = pg_catalog.now() where id = p_job;
  return vigil_api.job_progress(p_job);
end
$$;

create function vigil_api.job_progress(p_job uuid, p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_job vigil.jobs := vigil._require_job(p_job, 'viewer');
  v_counts record;
  v_total bigint;
  v_done bigint;
  v_elapsed double precision;
  v_rate double precision;
begin
  select pg_catalog.count(*) as recorded,
         pg_catalog.count(*) filter (where i.status = 'pending') as pending,
         pg_catalog.count(*) filter (where i.status = 'success') as success,
         pg_catalog.count(*) filter (where i.status = 'failed') as failed,
         pg_catalog.count(*) filter (where i.status = 'skipped') as skipped
  into v_counts
  from vigil.job_items i where i.job_id = p_job;
  v_total := greatest(coalesce(v_job.expected_items, 0), v_counts.recorded);
  v_done := v_counts.success + v_counts.failed + v_counts.skipped;
  v_elapsed := extract(epoch from coalesce(v_job.finished_at, p_now) - v_job.started_at)::double precision;
  v_rate := case when v_elapsed > 0 then v_done / v_elapsed end;
  return pg_catalog.jsonb_build_object(
    'job', v_job.id, 'name', v_job.name, 'status', v_job.status,
    'started_at', v_job.started_at, 'finished_at', v_job.finished_at,
    'total', v_total, 'done', v_done,
    'counts', pg_catalog.jsonb_build_object('pending', v_counts.pending, 'success', v_counts.success,
                                            'failed', v_counts.failed, 'skipped', v_counts.skipped),
    'percent', case when v_total > 0 then pg_catalog.round(100.0 * v_done / v_total, 2) else 0 end,
    'elapsed_seconds', pg_catalog.round(v_elapsed::numeric, 3),
    'items_per_second', pg_catalog.round(v_rate::numeric, 3),
    'eta_seconds', case when v_job.status = 'running' and v_rate > 0 then pg_catalog.round(((v_total - v_done) / v_rate)::numeric, 1) end,
    'failures', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('error', f.error, 'count', f.n, 'sample_keys', pg_catalog.to_jsonb(f.keys))
                                  order by f.n desc, f.error)
      from (
        select coalesce(i.error, '(no error message)') as error, pg_catalog.count(*) as n,
               (pg_catalog.array_agg(i.item_key order by i.updated_at, i.item_key))[1:5] as keys
        from vigil.job_items i where i.job_id = p_job and i.status = 'failed'
        group by 1 order by 2 desc, 1 limit 20
      ) f), '[]'::jsonb));
end
$$;
comment on function vigil_api.job_progress(uuid, timestamptz) is
$$A job's progress: total (expected items, or recorded ones if more), done (success + failed + skipped), counts per
status, percent, elapsed seconds, items per second, ETA in seconds while running, and failures grouped by error
message (count and up to 5 sample keys, the 20 largest groups). Any member of the job's tenant.$$;
comment on function vigil_api.job_finish(uuid, text) is
  'Finishes a job: p_status (succeeded, failed, cancelled) or, by default, failed if any item failed. Returns its final progress. Tenant operators.';

create function vigil_api.jobs(p_tenant uuid, p_limit integer default 50) returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(j) from vigil.jobs j where j.tenant_id = p_tenant
  order by j.started_at desc limit least(greatest(coalesce(p_limit, 50), 1), 1000);
$$;
comment on function vigil_api.jobs(uuid, integer) is 'The jobs of a tenant, newest first. Any member.';

grant execute on function vigil._job_tenant(uuid) to authenticated, service_role;
grant execute on function vigil._require_job(uuid, vigil.member_role) to authenticated, service_role;
grant execute on function vigil_api.job_start(uuid, text, integer, jsonb) to authenticated, service_role;
grant execute on function vigil_api.job_record(uuid, jsonb) to authenticated, service_role;
grant execute on function vigil_api.job_finish(uuid, text) to authenticated, service_role;
grant execute on function vigil_api.job_progress(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.jobs(uuid, integer) to authenticated, service_role;
