-- One tenant whose alert evaluation fails (here a trigger, standing for any bad data, refuses its
-- alert history) fails alone: every other tenant's rules are evaluated and notify in the same run,
-- and the failure is recorded as an error event naming the tenant.
-- requires: a cluster of its own (it adds a trigger to vigil.alert_history for its transaction, which would
-- hold up every other file writing alert history), so the runner runs it one file at a time.
begin;
select plan(5);

select * from tests.make_tenant('broken-624') \gset a_
select * from tests.make_tenant('healthy-624') \gset b_
select tests.alert_channel(:'a_tenant_id', 'slack') as a_slack \gset
select tests.alert_channel(:'b_tenant_id', 'slack') as b_slack \gset
select tests.alert_rule(:'a_tenant_id', jsonb_build_object('name', 'errors', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'checkout', 'comparator', 'gt', 'threshold', 0.1, 'window', '5 minutes', 'min_events', 5,
  'channels', jsonb_build_array(:'a_slack'))) as a_rule \gset
select tests.alert_rule(:'b_tenant_id', jsonb_build_object('name', 'errors', 'metric', 'error_rate', 'kind', 'operation',
  'event_name', 'checkout', 'comparator', 'gt', 'threshold', 0.1, 'window', '5 minutes', 'min_events', 5,
  'channels', jsonb_build_array(:'b_slack'))) as b_rule \gset
select tests.add_events(:'a_tenant_id', 'operation', 'checkout', 10, 5, 120, now() - interval '1 minute');
select tests.add_events(:'b_tenant_id', 'operation', 'checkout', 10, 5, 120, now() - interval '1 minute');

create function pg_temp.refuse() returns trigger language plpgsql as $$
begin
  if new.tenant_id = (select id from vigil.tenants where slug = 'broken-624') then
    raise exception using errcode = 'XX001', message = 'this tenant''s history is broken';
  end if;
  return new;
end $$;
create trigger refuse_broken_624 before insert on vigil.alert_history for each row execute function pg_temp.refuse();

create temp table run as select vigil.evaluate_alerts(now()) as r;
select is(tests.alert_state(:'b_rule'), 'firing', 'the healthy tenant''s rule fires in the same run');
select is(tests.outbox(:'b_rule'), '{firing}'::text[], 'and its notification is enqueued');
select is(coalesce(tests.alert_state(:'a_rule'), 'none'), 'none', 'nothing of the broken tenant''s evaluation is half done');
select ok((select (r ->> 'errors')::int >= 1 from run), 'the run counts the failure');
select ok(exists (select 1 from vigil.events e
                  where e.tenant_id = vigil.system_tenant_id() and e.name = 'alert evaluation failed for a tenant'
                    and e.attributes ->> 'tenant' = 'broken-624' and e.attributes ->> 'level' = 'error'
                    and e.attributes ->> 'message' = 'this tenant''s history is broken'),
          'the failure is an error event naming the tenant');

select * from finish();
rollback;
