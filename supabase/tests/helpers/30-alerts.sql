-- Helpers the alerting tests share: events at a chosen time, and rules and channels made as the
-- service role would.
create or replace function tests.add_events(p_tenant uuid, p_kind text, p_name text, p_count integer, p_failures integer,
                                            p_duration_ms double precision, p_at timestamptz, p_value double precision default null)
returns void
language sql
as $$
  insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, success, value)
  select p_tenant, p_kind, p_name, p_at, p_at, p_duration_ms, g > p_failures, p_value
  from generate_series(1, p_count) g
$$;

create or replace function tests.alert_rule(p_tenant uuid, p_rule jsonb) returns uuid
language sql
as $$ select (vigil_api.create_alert_rule(p_tenant, p_rule) ->> 'id')::uuid $$;

create or replace function tests.alert_channel(p_tenant uuid, p_name text, p_type text default 'slack',
                                               p_config jsonb default '{}'::jsonb) returns uuid
language sql
as $$ select (vigil_api.create_alert_channel(p_tenant, p_name, p_type, p_config) ->> 'id')::uuid $$;

-- The state of a rule's only series (or of the series with these labels).
create or replace function tests.alert_state(p_rule uuid, p_labels jsonb default '{}'::jsonb) returns text
language sql
as $$ select state from vigil.alerts where rule_id = p_rule and labels = p_labels $$;

create or replace function tests.outbox(p_rule uuid) returns text[]
language sql
as $$ select coalesce(array_agg(kind order by id), '{}') from vigil.alert_notifications where rule_id = p_rule $$;

-- A tenant whose one rule (any event count over 10 minutes, sent to a Slack channel) has fired at p_at,
-- leaving one notification in the outbox: where every delivery test starts. `select * from
-- tests.fired_notification('slug') \gset` names the tenant's people as tests.make_tenant does with t_,
-- and slack, rule and n (the notification).
create or replace function tests.fired_notification(p_slug text, p_at timestamptz default now(),
                                                    out t_tenant_id uuid, out t_admin_id uuid, out t_viewer_id uuid,
                                                    out t_operator_id uuid, out t_ingest_key text,
                                                    out slack uuid, out rule uuid, out n bigint)
language plpgsql
as $$
begin
  select * into t_tenant_id, t_admin_id, t_viewer_id, t_operator_id, t_ingest_key from tests.make_tenant(p_slug);
  slack := tests.alert_channel(t_tenant_id, 'slack');
  rule := tests.alert_rule(t_tenant_id, jsonb_build_object('name', 'volume', 'metric', 'count', 'comparator', 'gte',
    'threshold', 0, 'window', '10 minutes', 'min_events', 0, 'channels', jsonb_build_array(slack)));
  perform vigil.evaluate_alerts(p_at);
  select x.id into n from vigil.alert_notifications x where x.rule_id = fired_notification.rule;
end
$$;

-- The id of the vigil-system tenant's default rule on p_metric, installing the defaults first (again
-- is a no-op), so the rule sends to the system tenant's channels made before.
create or replace function tests.system_rule(p_metric text) returns uuid
language plpgsql as $$
begin
  perform vigil_api.install_default_rules(vigil.system_tenant_id());
  return (select id from vigil.alert_rules where tenant_id = vigil.system_tenant_id() and metric = p_metric);
end
$$;

-- The test that the last evaluation of the tenant's rule named p_rule (one series) counted what the
-- raw events of [p_since, p_until) count.
create or replace function tests.rule_counted(p_tenant uuid, p_rule text, p_since timestamptz, p_until timestamptz, p_what text)
returns text
language sql as $$
  select is((select a.event_count from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
             where r.tenant_id = p_tenant and r.name = p_rule),
            (select w.count from tests.raw_window(p_tenant, p_since, p_until) w), p_what)
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
