-- Heal rules name their function as text, like maintenance steps: a regprocedure column makes
-- pg_upgrade refuse the cluster (splinter 0018). The function is resolved when the rule runs, so
-- a dropped one fails its rule's run (audited) instead of blocking the upgrade. Also: job_items'
-- tenant foreign key gets its index (splinter 0001), so deleting a tenant does not scan every item.

alter table vigil.heal_rules alter column fn type text using fn::text;
comment on column vigil.heal_rules.fn is
  'Instead of a status move: the signature of fn(p_now timestamptz, p_max_rows integer, p_dry_run boolean) returns jsonb {"rows": n, "sample_ids": [...]}, as text.';

create or replace function vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamptz, p_dry_run boolean, p_sample integer default 10,
                                  out rows_changed integer, out sample_ids text[])
language plpgsql
set search_path = ''
as $$
declare
  v_target record;
  v_result jsonb;
  v_pick text;
begin
  if p_rule.fn is not null then
    execute pg_catalog.format('select %s($1, $2, $3)', pg_catalog.to_regprocedure(p_rule.fn)::pg_catalog.regproc)
      into v_result using p_now, p_rule.max_rows, p_dry_run;
    rows_changed := coalesce((v_result ->> 'rows')::integer, 0);
    sample_ids := coalesce((select pg_catalog.array_agg(x) from pg_catalog.jsonb_array_elements_text(coalesce(v_result -> 'sample_ids', '[]'::jsonb)) x), '{}');
    sample_ids := sample_ids[1:p_sample];
    return;
  end if;
  select * into v_target from vigil._heal_target(p_rule.target_schema, p_rule.target_table, p_rule.key_column,
                                                 p_rule.status_column, p_rule.age_column);
  v_pick := pg_catalog.format(
    'select %1$I as k from %2$I.%3$I where %4$I = $1::%5$s and %6$I < $2 order by %6$I limit $3',
    p_rule.key_column, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_target.status_type,
    p_rule.age_column);
  if p_dry_run then
    execute pg_catalog.format('select pg_catalog.count(*)::integer, (pg_catalog.array_agg(p.k::text))[1:%s] from (%s) p',
                              p_sample, v_pick)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows;
  else
    -- Oldest first, skipping rows the app holds locked: heal never waits on, or fights, the app.
    -- The update goes through the app's table, so its triggers fire as for any other update.
    execute pg_catalog.format(
      'with picked as (%1$s for update skip locked), changed as ('
      ' update %2$I.%3$I t set %4$I = $4::%5$s from picked where t.%6$I = picked.k and t.%4$I = $1::%5$s returning t.%6$I::text as k)'
      ' select pg_catalog.count(*)::integer, (pg_catalog.array_agg(c.k))[1:%7$s] from changed c',
      v_pick, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_target.status_type,
      p_rule.key_column, p_sample)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows, p_rule.to_status;
  end if;
  sample_ids := coalesce(sample_ids, '{}');
end
$$;
comment on function vigil._heal_apply(vigil.heal_rules, timestamptz, boolean, integer) is
  'Runs one heal rule without audit: updates (or in dry-run counts) at most max_rows rows, oldest first. Internal.';

-- Runs one rule in its own subtransaction and audits it, whatever happens.

create index job_items_tenant_idx on vigil.job_items (tenant_id);

revoke execute on all functions in schema vigil, vigil_api from public;
