-- Housekeeping prunes Vigil's own bookkeeping tables, a bounded batch per run.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(6);

select set_config('t.a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('house-a'))) x(k, v);
insert into vigil.ingest_usage (tenant_id, key_id, minute, events)
select k.tenant_id, k.id, date_trunc('minute', now()) - make_interval(mins => g), 1
from vigil.ingest_keys k, generate_series(30, 3000, 60) g where k.tenant_id = current_setting('t.a_tenant_id')::uuid;
insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
values (now() - interval '10 days', now() - interval '10 days', 1, 0, '{}'), (now() - interval '1 day', now() - interval '1 day', 1, 0, '{}');

create temp table h as select vigil._step_housekeeping(now()) as r;
select is((select (r ->> 'ingest_usage')::int from h), 26, 'ingest usage older than a day is pruned');
select is((select count(*) from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id
           where k.tenant_id = current_setting('t.a_tenant_id')::uuid), 24::bigint, 'the last day of usage is kept');
select ok((select (r ->> 'maintenance_runs')::int from h) >= 1, 'maintenance runs past the history window are pruned');
select ok(exists (select 1 from vigil.maintenance_runs where finished_at = now() - interval '1 day'), 'recent runs are kept');
select is(vigil._prune('vigil.maintenance_runs', 'finished_at', now(), 1), 1, 'each prune is bounded by its batch size');
select ok((select s ->> 'status' = 'ok' from jsonb_array_elements(vigil.run_maintenance() -> 'steps') s where s ->> 'step' = 'housekeeping'),
          'housekeeping runs as a maintenance step');

select * from finish();
rollback;
