-- Alert metric functions named by text, like maintenance steps and heal rules: a regprocedure column
-- makes pg_upgrade refuse the cluster (splinter 0018). A dropped metric function now puts its rules in
-- `error` when they run. And the alert tables' foreign keys get indexes leading with their columns
-- (splinter 0001), so deleting a rule or an alert does not scan the tables that point at it.

alter table vigil.alert_metrics alter column fn type text using fn::text;

create or replace function vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamptz)
returns table (series_labels jsonb, metric_value double precision, events bigint)
language plpgsql stable
set search_path = ''
as $$
declare
  v_metric vigil.alert_metrics;
  v_value numeric;
begin
  select * into v_metric from vigil.alert_metrics m where m.name = p_rule.metric;
  if p_rule.metric = 'cache_hit_rate' then
    -- Cache events are few next to operations; the (tenant, kind, name, time) index finds them.
    return query
      with c as (
        select e.name, pg_catalog.count(*) as n, pg_catalog.sum(e.value) as hits
        from vigil.events e
        where e.tenant_id = p_rule.tenant_id and e.kind = 'cache'
          and e.occurred_at >= p_now - p_rule.time_window and e.occurred_at < p_now
          and (p_rule.event_name is null or e.name = p_rule.event_name)
          and (p_rule.event_name_like is null or e.name like p_rule.event_name_like)
        group by e.name
      )
      select case when p_rule.group_by_name then pg_catalog.jsonb_build_object('name', c.name) else '{}'::jsonb end,
             pg_catalog.sum(c.hits) / nullif(pg_catalog.sum(c.n), 0), pg_catalog.sum(c.n)::bigint
      from c group by 1
      union all
      select '{}'::jsonb, null, 0 where not p_rule.group_by_name and not exists (select 1 from c);
  elsif v_metric.fn is not null and v_metric.returns_series then
    return query execute pg_catalog.format('select labels, value::double precision, null::bigint from %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
  elsif v_metric.fn is not null then
    execute pg_catalog.format('select %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      into v_value using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
    return query select '{}'::jsonb, v_value::double precision, null::bigint;
  else
    raise exception using errcode = '22023', message = pg_catalog.format('metric %L is not computed rule by rule.', p_rule.metric);
  end if;
end
$$;

create index alert_rules_metric_idx on vigil.alert_rules (metric);
create index alerts_tenant_rule_idx on vigil.alerts (tenant_id, rule_id);
create index alert_history_tenant_alert_idx on vigil.alert_history (tenant_id, alert_id);
create index alert_notifications_tenant_alert_idx on vigil.alert_notifications (tenant_id, alert_id);
create index alert_notifications_tenant_channel_idx on vigil.alert_notifications (tenant_id, channel_id);

revoke execute on all functions in schema vigil, vigil_api from public;

comment on column vigil.alert_metrics.fn is
  'Custom metrics only, the function''s signature as text: fn(p_tenant uuid, p_window tstzrange) returns numeric (one series; null means no data), or, when returns_series, returns table(labels jsonb, value numeric) (one series per labels object). Resolved when rules run; a dropped function puts its rules in error.';
