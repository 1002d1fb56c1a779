-- Housekeeping: Vigil's own bookkeeping tables grow every minute; prune them, a bounded batch per run
-- so one run stays short and a backlog drains over a few runs.

-- Usage rows are keyed (key_id, minute); pruning by age needs the minute on its own.
create index if not exists ingest_usage_minute_idx on vigil.ingest_usage (minute);

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

grant execute on function vigil._step_housekeeping(timestamptz) to service_role;
