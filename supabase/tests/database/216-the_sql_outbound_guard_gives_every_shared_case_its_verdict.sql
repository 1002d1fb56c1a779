-- The SQL half of the outbound guard against the case list it shares with the edge functions'
-- guard (supabase/tests/outbound-cases.json): same URLs, same verdicts, read from the one file.
begin;
select plan(4);

\set cases `cat supabase/tests/outbound-cases.json`
create temporary table outbound_cases on commit drop as
  select c ->> 'url' as url, c ->> 'purpose' as purpose, coalesce((c ->> 'allow_loopback')::boolean, false) as allow_loopback,
         c ->> 'reason' as expected
  from jsonb_array_elements((:'cases'::jsonb) -> 'cases') c;

select cmp_ok((select count(*)::int from outbound_cases), '>=', 150, 'the shared case list is read whole');

select is_empty($$
  select url, purpose, allow_loopback, expected, vigil._outbound_url_refusal(url, purpose, allow_loopback) as got
  from outbound_cases where vigil._outbound_url_refusal(url, purpose, allow_loopback) is distinct from expected
$$, 'the SQL guard gives every shared case its verdict and reason');

select is((select array_agg(distinct expected order by expected) from outbound_cases where expected is not null),
  array['internal-name', 'invalid', 'link-local', 'loopback', 'metadata', 'multicast', 'private', 'reserved', 'scheme',
        'unique-local', 'unspecified', 'userinfo'],
  'the cases cover every reason the guard gives');

select throws_ok($$select vigil._outbound_url_refusal('https://hooks.example.com/', 'crawler')$$, '22023',
  'purpose must be one of channel, provider, monitor.', 'an unknown purpose is a programming error, not a verdict');

select * from finish();
rollback;
