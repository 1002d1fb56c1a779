-- run_maintenance resolves each step's function from text (maintenance_steps.fn stopped being a
-- regprocedure so the cluster stays upgradable with pg_upgrade), and a step whose function was
-- dropped fails alone, with a sentence, instead of silently dropping out of the run.

create or replace function vigil.run_maintenance(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_step record;
  v_t timestamptz;
  v_result jsonb;
  v_steps jsonb := '[]'::jsonb;
  v_failed integer := 0;
  v_state text;
  v_msg text;
  v_ms double precision;
  v_run_id bigint;
  v_summary jsonb;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session (pg_cron, a DBA) may run maintenance.';
  end if;
  -- Transaction-level: released at commit or rollback, so a crashed run never leaves it held.
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('vigil.run_maintenance')) then
    return pg_catalog.jsonb_build_object('status', 'skipped', 'reason', 'Another maintenance run holds the lock.');
  end if;

  for v_step in
    -- fn is text (a reg* column would block pg_upgrade): resolved here, and a step whose function
    -- is gone stays in the loop with no proname, so it fails on its own instead of vanishing.
    select s.name, s.fn, n.nspname, p.proname, p.pronargs, p.proargtypes[0] as argtype
    from vigil.maintenance_steps s
    left join pg_catalog.pg_proc p on p.oid = pg_catalog.to_regprocedure(s.fn)
    left join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where s.enabled
    order by s.position, s.name
  loop
    v_t := pg_catalog.clock_timestamp();
    v_result := null;
    -- Each step is a subtransaction: whatever it did is undone when it raises, and the run goes on.
    begin
      if v_step.proname is null then
        raise exception using errcode = '42883',
          message = pg_catalog.format('Step %s names a function that does not exist: %s.', v_step.name, v_step.fn);
      elsif v_step.pronargs = 0 then
        execute pg_catalog.format('select %I.%I()', v_step.nspname, v_step.proname) into v_result;
      elsif v_step.pronargs = 1 and v_step.argtype = 'pg_catalog.timestamptz'::pg_catalog.regtype then
        -- A step that takes the run's clock gets it, so tests can drive every step's "now".
        execute pg_catalog.format('select %I.%I($1)', v_step.nspname, v_step.proname) into v_result using p_now;
      else
        raise exception using errcode = '22023',
          message = pg_catalog.format('Step %s must take no argument or one timestamptz.', v_step.name);
      end if;
      v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000)::numeric, 3)::double precision;
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'ok', 'duration_ms', v_ms,
                                                          'result', coalesce(v_result, '{}'::jsonb));
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_failed := v_failed + 1;
      v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000)::numeric, 3)::double precision;
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'failed', 'duration_ms', v_ms,
                                                          'error', v_msg, 'sqlstate', v_state);
      begin
        perform vigil._record_system_event('log', 'maintenance step failed: ' || v_step.name, null,
          pg_catalog.jsonb_build_object('level', 'error', 'step', v_step.name, 'sqlstate', v_state,
                                        'message', pg_catalog.left(v_msg, 2000)), p_now);
      exception when others then
        null;  -- The summary and the run row still carry the error; losing the event is the lesser harm.
      end;
    end;
  end loop;

  v_ms := pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - v_started) * 1000)::numeric, 3)::double precision;
  v_summary := pg_catalog.jsonb_build_object('status', case when v_failed = 0 then 'ok' else 'failed' end,
    'started_at', p_now, 'duration_ms', v_ms, 'steps_failed', v_failed, 'steps', v_steps);
  insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
  values (p_now, p_now + pg_catalog.make_interval(secs => v_ms / 1000), v_ms, v_failed, v_summary)
  returning id into v_run_id;
  return v_summary || pg_catalog.jsonb_build_object('run_id', v_run_id);
end
$$;
comment on function vigil.run_maintenance(timestamptz) is
$$Runs the enabled steps of vigil.maintenance_steps by position, each timed and in its own subtransaction: a step
that raises is undone, recorded (summary, maintenance_runs, a log event of the system tenant) and the next step
runs. A second concurrent run returns {"status": "skipped"} at once. Records a heartbeat row per run.
What pg_cron calls: select vigil.run_maintenance();$$;

revoke execute on all functions in schema vigil, vigil_api from public;
