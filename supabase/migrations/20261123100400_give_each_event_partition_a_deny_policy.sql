-- Every day partition of vigil.events has RLS enabled but had no policy, which Supabase's linter
-- reports for each partition (0008 rls_enabled_no_policy). Partitions are read and written only
-- through vigil.events, whose policies apply there; a partition's own policies apply only to
-- whoever reaches it directly, and nobody should. Say so with a policy that denies everything, so
-- that even a grant added later by mistake opens nothing.

create or replace function vigil._ensure_partition(p_day date) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_name text := vigil._partition_name(p_day);
begin
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.events partitions'));
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  execute pg_catalog.format(
    'create table vigil.%I partition of vigil.events for values from (%L) to (%L)',
    v_name, (p_day::timestamp at time zone 'UTC'), ((p_day + 1)::timestamp at time zone 'UTC'));
  execute pg_catalog.format('alter table vigil.%I enable row level security', v_name);
  execute pg_catalog.format(
    'create policy partition_only_through_events on vigil.%I for all to public using (false) with check (false)', v_name);
  return true;
end
$$;
comment on function vigil._ensure_partition(date) is
  'Creates the events partition for one UTC day if missing, with RLS on and a deny-all policy (read it through vigil.events); true when it created one.';

do $$
declare
  v_part text;
begin
  for v_part in
    select c.relname from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'vigil.events'::regclass
      and not exists (select 1 from pg_catalog.pg_policy p where p.polrelid = c.oid and p.polname = 'partition_only_through_events')
  loop
    execute pg_catalog.format(
      'create policy partition_only_through_events on vigil.%I for all to public using (false) with check (false)', v_part);
  end loop;
end
$$;

revoke execute on all functions in schema vigil, vigil_api from public;
