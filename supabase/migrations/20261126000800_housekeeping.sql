-- Housekeeping: Vigil's own bookkeeping tables grow every minute; prune them, a bounded batch per run
-- so one run stays short and a backlog drains over a few runs.

-- Usage rows are keyed (key_id, minute); pruning by age needs the minute on its own.
create index if not exists ingest_usage_minute_idx on vigil.ingest_usage (minute);

create function vigil._prune(p_table regclass, p_column text, p_before timestamptz, p_limit integer) returns integer
language plpgsql
set search_path = ''
as $$
-- plpgsql_check cannot see that a dynamic DELETE writes, and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_count integer;
  v_key text;
begin
  -- Batches bounded by the primary key, not by ctid: a ctid names a row only inside one physical
  -- table, so a distributed table (docs/scale-out.md) cannot push such a delete down to its shards.
  v_key := vigil._primary_key(p_table);
  if v_key is null then
    raise exception using errcode = '22023', message = pg_catalog.format('%s has no primary key to prune by.', p_table);
  end if;
  execute pg_catalog.format(
    'delete from %1$s t where (%2$s) in (select %2$s from %1$s x where x.%3$I < $1 limit $2)',
    p_table, v_key, p_column)
    using p_before, p_limit;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function vigil._prune(regclass, text, timestamptz, integer) is
  'Deletes at most p_limit rows of p_table whose p_column is before p_before. Internal; for bookkeeping tables only.';

create function vigil._step_housekeeping(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_settings vigil.maintenance_settings;
begin
  select * into v_settings from vigil.maintenance_settings;
  return pg_catalog.jsonb_build_object(
    -- The per-minute budget only ever reads the current minute; a day is kept for looking back.
    'ingest_usage', vigil._prune('vigil.ingest_usage', 'minute', p_now - interval '1 day', 50000),
    'maintenance_runs', vigil._prune('vigil.maintenance_runs', 'finished_at',
                                     p_now - pg_catalog.make_interval(days => v_settings.run_history_days), 10000),
    'heal_runs', vigil._prune('vigil.heal_runs', 'ran_at', p_now - pg_catalog.make_interval(days => v_settings.heal_history_days), 10000));
end
$$;
comment on function vigil._step_housekeeping(timestamptz) is
  'Maintenance step: prune ingest_usage (older than a day), maintenance_runs and heal_runs (past their history settings), bounded per run.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('housekeeping', 'vigil._step_housekeeping(timestamptz)', 90,
        'Prune Vigil''s own bookkeeping: ingest usage, maintenance runs, heal audit (bounded per run).');

grant execute on function vigil._prune(regclass, text, timestamptz, integer) to service_role;
grant execute on function vigil._step_housekeeping(timestamptz) to service_role;
