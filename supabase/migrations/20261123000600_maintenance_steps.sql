-- The registry of maintenance steps: each capability registers the step it needs run every
-- minute (partitions, rollups, alert evaluation, ...), and run_maintenance runs them in order.

create table vigil.maintenance_steps (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  fn regprocedure not null,
  position integer not null,
  enabled boolean not null default true,
  description text not null
);
comment on table vigil.maintenance_steps is
  'Steps vigil.run_maintenance() runs, by position. fn takes no argument and returns jsonb (what it did); each step runs isolated, so one failing never stops the next.';
comment on column vigil.maintenance_steps.fn is 'A function with no arguments returning jsonb; a regprocedure, so it cannot be dropped while registered.';

alter table vigil.maintenance_steps enable row level security;
grant select on vigil.maintenance_steps to service_role;
create policy maintenance_steps_service_read on vigil.maintenance_steps for select to service_role using (true);

create function vigil._step_partitions() returns jsonb
language sql
set search_path = ''
as $$ select pg_catalog.jsonb_build_object('created', vigil.ensure_partitions()) $$;
comment on function vigil._step_partitions() is 'Maintenance step: day partitions for the 7-day ingest window behind and the 7 days ahead.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('partitions', 'vigil._step_partitions()', 10, 'Create event partitions for the ingest window and 7 days ahead.');

revoke execute on all functions in schema vigil, vigil_api from public;
