-- export: raw events in occurrence order, paged with a cursor, as CSV (quoted where needed, a
-- header on the first page) or JSON.
begin;
select plan(10);

select date_trunc('minute', now()) - interval '30 minutes' as t \gset
select * from tests.make_tenant('export-a') \gset a_
select * from tests.make_tenant('export-b') \gset b_

insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_message)
values (:'a_tenant_id', 'operation', 'checkout', :'t'::timestamptz + interval '1 minute', 12.5, true, null),
       (:'a_tenant_id', 'operation', 'checkout', :'t'::timestamptz + interval '2 minutes', 30, false, 'card "4242", declined'),
       (:'a_tenant_id', 'operation', 'search', :'t'::timestamptz + interval '3 minutes', 5, true, null),
       (:'b_tenant_id', 'operation', 'other', :'t'::timestamptz + interval '2 minutes', 5, true, null);

select tests.authenticate_as(:'a_viewer_id');

create temp table p1 as select vigil_api.export(:'a_tenant_id', :'t', now(), 'csv', null, 2) as j;
grant select on p1 to authenticated;
select is((select (j ->> 'count')::int from p1), 2, 'the first page holds the limit');
select is((select split_part(j ->> 'data', E'\n', 1) from p1),
          'id,kind,name,occurred_at,received_at,duration_ms,value,success,status_code,error_type,error_message,fingerprint,user_id,session_id,trace_id,release,environment,source,attributes',
          'the first CSV page starts with a header');
select ok((select split_part(j ->> 'data', E'\n', 3) like '%,"card ""4242"", declined",%' from p1),
          'a field with a comma and quotes is quoted and its quotes doubled');
select isnt((select j ->> 'next_cursor' from p1), null, 'a full page gives a cursor');
create temp table p2 as select vigil_api.export(:'a_tenant_id', :'t', now(), 'csv', (select j ->> 'next_cursor' from p1), 2) as j;
select is((select (j ->> 'count')::int from p2), 1, 'the next page holds the rest');
select is((select j ->> 'next_cursor' from p2), null, 'the last page has no cursor');
select ok((select (j ->> 'data') like '%,search,%' and (j ->> 'data') not like 'id,kind%' from p2), 'later pages carry no header');
select is((select jsonb_path_query_array(vigil_api.export(:'a_tenant_id', :'t', now(), 'json') -> 'data', '$[*].name')),
          '["checkout", "checkout", "search"]'::jsonb, 'JSON export lists this tenant''s events in order, none of B''s');
select throws_ok(format($$select vigil_api.export(%L, now() - interval '1 hour', now(), 'xml')$$, :'a_tenant_id'),
                 '22023', 'format must be csv or json.', 'an unknown format is refused');
select throws_ok(format($$select vigil_api.export(%L, now() - interval '1 hour', now(), 'csv', 'garbage')$$, :'a_tenant_id'),
                 '22023', 'cursor is not one this function returned.', 'a forged cursor is refused');

select * from finish();
rollback;
