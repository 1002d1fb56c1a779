-- summary's open alerts come from vigil.alerts: pending, firing and recovering series of the
-- tenant are open (split by state and by acknowledgement); ok, resolved, nodata and error are not,
-- and another tenant's alerts never count.
begin;
select plan(9);

select * from tests.make_tenant('open-alerts-a') \gset a_
select * from tests.make_tenant('open-alerts-b') \gset b_

insert into vigil.alert_rules (tenant_id, name, metric, comparator, threshold, time_window)
values (:'a_tenant_id', 'errors', 'error_count', 'gt', 0, '5 minutes'),
       (:'b_tenant_id', 'errors', 'error_count', 'gt', 0, '5 minutes');

insert into vigil.alerts (tenant_id, rule_id, dedup_key, state, state_since, acknowledged_at)
select r.tenant_id, r.id, r.tenant_id || '-' || s.state || '-' || s.i, s.state, now(),
       case when s.acked then now() end
from vigil.alert_rules r
cross join (values ('firing', 1, false), ('firing', 2, true), ('firing', 3, false), ('pending', 1, false),
                   ('recovering', 1, true), ('ok', 1, false), ('resolved', 1, true), ('nodata', 1, false),
                   ('error', 1, false)) s(state, i, acked)
where r.tenant_id = :'a_tenant_id'
union all
select r.tenant_id, r.id, 'b-firing', 'firing', now(), null from vigil.alert_rules r where r.tenant_id = :'b_tenant_id';

select tests.authenticate_as(:'a_viewer_id');
create temp table s as select vigil_api.summary(:'a_tenant_id', now() - interval '1 hour') as j;
select is((select (j ->> 'open_alerts')::int from s), 5, 'open alerts count the pending, firing and recovering series');
select is((select (j -> 'open_alerts_by_state' ->> 'firing')::int from s), 3, 'firing alerts are counted');
select is((select (j -> 'open_alerts_by_state' ->> 'pending')::int from s), 1, 'pending alerts are counted');
select is((select (j -> 'open_alerts_by_state' ->> 'recovering')::int from s), 1, 'recovering alerts are counted');
select is((select (j -> 'open_alerts_by_state' ->> 'acknowledged')::int from s), 2,
          'acknowledged open alerts are counted apart (a resolved acknowledged one is not open)');
select is((select (j -> 'open_alerts_by_state' ->> 'unacknowledged')::int from s), 3, 'unacknowledged open alerts are counted apart');

select tests.authenticate_as(:'b_viewer_id');
select is((vigil_api.summary(:'b_tenant_id', now() - interval '1 hour') ->> 'open_alerts')::int, 1,
          'another tenant sees only its own open alert');
select throws_ok(format('select vigil_api.summary(%L, now() - interval %L)', :'a_tenant_id', '1 hour'), '42501',
                 'You must be a viewer of this tenant to do this.', 'a non-member cannot read the summary or its alerts');

select tests.authenticate_as_service_role();
select is((vigil_api.summary(:'a_tenant_id', now() - interval '1 hour') ->> 'open_alerts')::int, 5,
          'the service role sees the same open alerts');

select * from finish();
rollback;
