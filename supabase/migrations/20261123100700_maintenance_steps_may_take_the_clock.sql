-- A maintenance step may take the run's clock (one timestamptz) so tests can drive "now"; the
-- signature check on maintenance_steps.fn admitted only functions without arguments.

alter table vigil.maintenance_steps drop constraint maintenance_steps_fn_signature;
alter table vigil.maintenance_steps add constraint maintenance_steps_fn_signature
  check (fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(((timestamptz|timestamp with time zone))?\)$');
comment on column vigil.maintenance_steps.fn is
  'The step function''s schema-qualified signature, as text: no argument, or one timestamptz (the run''s clock). Returns jsonb.';
