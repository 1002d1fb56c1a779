-- vigil.maintenance_steps.fn was a regprocedure. pg_upgrade refuses any cluster with a reg* column
-- other than regclass, regrole or regtype in a user table (its OIDs are not preserved), so that
-- column would block the installing project's next major PostgreSQL upgrade; Supabase's linter
-- flags it (0018 unsupported_reg_types). Nor did it protect anything: a value in a column creates
-- no dependency, so a registered function could be dropped and leave a bare OID behind.
-- fn is now the function's schema-qualified signature as text. Registering a step is unchanged
-- (`values ('rollups', 'vigil._step_rollups()', 20, ...)`); the runner resolves fn with
-- to_regprocedure() (or fn::regprocedure) when it runs, so a dropped function fails only its step.

-- With an empty search_path a regprocedure prints schema-qualified, whatever the session's path.
set local search_path = '';
alter table vigil.maintenance_steps alter column fn type text using fn::text;
alter table vigil.maintenance_steps add constraint maintenance_steps_fn_signature
  check (fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(\)$');
comment on column vigil.maintenance_steps.fn is
  'The step''s function, schema-qualified with no argument, e.g. vigil._step_partitions(); it returns jsonb. Text, not regprocedure, so pg_upgrade can upgrade the cluster; resolved when the step runs.';
