-- Error groups: messages that differ only in numbers, ids and uuids group together, a different top
-- frame or a client fingerprint makes its own group; recent_errors lists them newest first; an
-- operator resolves a group, and an event in a newer release marks it regressed.
begin;
select plan(17);

select date_trunc('minute', now()) - interval '1 hour' as t0 \gset
select * from tests.make_tenant('errors-a') \gset a_

insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, error_message, fingerprint, user_id, release, attributes)
values
  (:'a_tenant_id', 'error', 'TypeError', :'t0'::timestamptz + interval '1 minute', false, 'TypeError',
   'Cannot read order 1234 of undefined', null, 'u1', 'v1',
   '{"stack": "TypeError: Cannot read order\n    at loadOrder (https://app.example.com/app.js:10:5)\n    at main (app.js:2:1)"}'),
  (:'a_tenant_id', 'error', 'TypeError', :'t0'::timestamptz + interval '2 minutes', false, 'TypeError',
   'Cannot read order 987 of undefined', null, 'u2', 'v1',
   '{"stack": "TypeError: Cannot read order\n    at loadOrder (https://app.example.com/app.js:11:7)\n    at main (app.js:2:1)"}'),
  (:'a_tenant_id', 'error', 'TypeError', :'t0'::timestamptz + interval '3 minutes', false, 'TypeError',
   'Cannot read order 5 of undefined', null, 'u2', 'v2',
   '{"stack": "TypeError: Cannot read order\n    at renderCart (https://app.example.com/cart.js:3:9)"}'),
  (:'a_tenant_id', 'error', 'PaymentError', :'t0'::timestamptz + interval '4 minutes', false, 'PaymentError',
   'Card 4bd3a1f0-5c55-4a43-9d0e-6c2b8a6f4e10 declined', 'payments-declined', 'u3', 'v2', '{}'),
  (:'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '5 minutes', false, 'TimeoutError',
   'timed out after 3000 ms', null, null, 'v2', '{}'),
  (:'a_tenant_id', 'operation', 'checkout', :'t0'::timestamptz + interval '6 minutes', true, null, null, null, 'u4', 'v2', '{}');

select is(vigil.error_fingerprint(null, 'TypeError', 'TypeError', 'Order 12 of 4bd3a1f0-5c55-4a43-9d0e-6c2b8a6f4e10 at 0x7ffde3a1', null),
          vigil.error_fingerprint(null, 'TypeError', 'TypeError', 'Order 99 of 00000000-1111-2222-3333-444444444444 at 0xdeadbeef99', null),
          'numbers, uuids and hex ids are normalised away');
select isnt(vigil.error_fingerprint(null, 'TypeError', 'TypeError', 'x', E'Error\n at a (f.js:1:1)'),
            vigil.error_fingerprint(null, 'TypeError', 'TypeError', 'x', E'Error\n at b (f.js:1:1)'),
            'a different top frame is a different group');
select is(vigil.error_fingerprint('mine', 'TypeError', 'TypeError', 'x', null), 'mine', 'a client fingerprint is kept as given');

select tests.authenticate_as(:'a_viewer_id');

select results_eq(
  format($$select count, users_affected, first_release, last_release, releases, status, sample_message
           from vigil_api.error_groups(%L, %L, now() + interval '1 hour') where name = 'TypeError' order by count desc$$, :'a_tenant_id', :'t0'),
  $$values (2::bigint, 2::bigint, 'v1', 'v1', '{v1}'::text[], 'unresolved', 'Cannot read order 987 of undefined'),
           (1::bigint, 1::bigint, 'v2', 'v2', '{v2}'::text[], 'unresolved', 'Cannot read order 5 of undefined')$$,
  'two TypeError groups: same frame with other numbers together, another frame apart; latest message as the sample');
select is((select count(*)::int from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour')), 4,
          'four groups: two TypeErrors, the payment error and the failed checkout');
select is((select fingerprint from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour') where name = 'PaymentError'),
          'payments-declined', 'the client fingerprint names its group');
select is((select count::int from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour') where name = 'checkout'), 1,
          'a failed operation with an error type is an error; its success is not');
select is((select count(*)::int from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour', p_limit => 1)), 1, 'p_limit');
select is_empty(format($$select * from vigil_api.error_groups(%L, %L, %L)$$, :'a_tenant_id', (:'t0'::timestamptz - interval '1 day'), :'t0'),
                'an empty window has no groups');

select results_eq(
  format($$select name, error_type from vigil_api.recent_errors(%L, %L, now() + interval '1 hour', 2)$$, :'a_tenant_id', :'t0'),
  $$values ('checkout', 'TimeoutError'), ('PaymentError', 'PaymentError')$$,
  'recent_errors lists the newest first, up to the limit');
select is((select count(*)::int from vigil_api.recent_errors(:'a_tenant_id', :'t0', now() + interval '1 hour', 50, 'payments-declined')), 1,
          'recent_errors narrows to one fingerprint');

select throws_ok(format($$select vigil_api.resolve_error_group(%L, 'payments-declined')$$, :'a_tenant_id'),
                 '42501', 'You must be an operator of this tenant to do this.', 'a viewer cannot resolve a group');
select tests.authenticate_as(:'a_operator_id');
select is((vigil_api.resolve_error_group(:'a_tenant_id', 'payments-declined') ->> 'resolved_release'), 'v2',
          'an operator resolves a group, fixed by default in the latest release it was seen in');
select is((select status from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour') where fingerprint = 'payments-declined'),
          'resolved', 'the group shows as resolved');

-- Seen again after the fix: in the same release (an old client) it stays resolved; in a newer one it regressed.
select tests.clear_authentication();
insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, fingerprint, release)
values (:'a_tenant_id', 'error', 'PaymentError', now() + interval '1 minute', false, 'PaymentError', 'payments-declined', 'v2');
select tests.authenticate_as(:'a_operator_id');
select is((select status from vigil_api.error_groups(:'a_tenant_id', :'t0', now() + interval '1 hour') where fingerprint = 'payments-declined'),
          'resolved', 'seen again in the release it was fixed in, it stays resolved');
select tests.clear_authentication();
insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, fingerprint, release)
values (:'a_tenant_id', 'error', 'PaymentError', now() + interval '2 minutes', false, 'PaymentError', 'payments-declined', 'v3');
select tests.authenticate_as(:'a_operator_id');
select results_eq(
  format($$select status, releases from vigil_api.error_groups(%L, %L, now() + interval '1 hour', 50, 'regressed')$$, :'a_tenant_id', :'t0'),
  $$values ('regressed', '{v2,v3}'::text[])$$, 'seen in a newer release, it is regressed (and p_status filters)');
select throws_ok(format($$select * from vigil_api.error_groups(%L, %L, now(), 50, 'fixed')$$, :'a_tenant_id', :'t0'),
                 '22023', 'status must be unresolved, resolved or regressed.', 'an unknown status is refused');

select * from finish();
rollback;
