-- vigil.events_derived writes out, once, what the fold, the stats and the error readers derive from an
-- event (a view, so the planner inlines it where a function with its own search_path would be called
-- per row). Its columns must give what the reference functions give, on the edges of each formula.
begin;
select plan(6);

insert into vigil.tenants (name, slug) values ('Derived check', 'derived-check-095');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type, error_message, fingerprint, attributes)
select (select id from vigil.tenants where slug = 'derived-check-095'), k.kind, 'op', now(), d.ms, s.ok, t.et,
       'Order 1234 not found', f.fp, '{"stack": "Error: x\n    at f (app.js:10:5)"}'::jsonb
from (values (null::float8), (0), (0.0004), (0.001), (0.0010001), (1), (1.02), (1.0201), (2.5), (1000), (86400000)) d(ms)
cross join (values ('operation'), ('error')) k(kind)
cross join (values (true), (false)) s(ok)
cross join (values (null::text), ('TimeoutError')) t(et)
cross join (values (null::text), ('client-fp')) f(fp);

create temp table t095 as
select e.*, v.hist_key, v.is_error, v.error_group
from vigil.events e join vigil.events_derived v on v.id = e.id and v.occurred_at = e.occurred_at
where e.tenant_id = (select id from vigil.tenants where slug = 'derived-check-095');

select is((select count(*) from t095), 176::bigint, 'every event is in the view once');
select is_empty($$select id, duration_ms, hist_key from t095 where hist_key is distinct from vigil._hist_key(duration_ms)$$,
  'hist_key is vigil._hist_key of the duration, null and the -400 bucket included');
select is_empty($$select id from t095
  where is_error is distinct from (kind = 'error' or (not success and error_type is not null))$$,
  'is_error holds for error events and for failed events that name their type, and only for them');
select is_empty($$select id from t095
  where error_group is distinct from case when is_error then vigil.error_fingerprint(fingerprint, name, error_type, error_message, attributes ->> 'stack') end$$,
  'error_group is the fingerprint of each error, and null for other events');
select is_empty($$select a.attname from pg_attribute a where a.attrelid = 'vigil.events'::regclass and a.attnum > 0 and not a.attisdropped
  except select a.attname from pg_attribute a where a.attrelid = 'vigil.events_derived'::regclass and a.attnum > 0$$,
  'the view carries every column of vigil.events (recreate it after adding one)');
select ok((select c.reloptions @> array['security_invoker=true'] from pg_class c where c.oid = 'vigil.events_derived'::regclass),
  'the view is security_invoker, so its reader needs the rights on vigil.events, RLS included');

select * from finish();
rollback;
