-- backup_plan lists a policy's tables parents first (the longest chain of references decides), with
-- primary keys and columns; include and exclude patterns choose tables; bad settings are refused by name.
begin;
select plan(10);

create schema shop_751;
create table shop_751.lines (order_id bigint, n int, primary key (order_id, n));
create table shop_751.orders (id bigint primary key, customer_id bigint);
create table shop_751.customers (id bigint primary key, name text not null);
alter table shop_751.lines add foreign key (order_id) references shop_751.orders;
alter table shop_751.orders add foreign key (customer_id) references shop_751.customers;
create table shop_751.audit (at timestamptz, what text);
create table shop_751.sessions (id bigint primary key);

select vigil_api.set_backup_policy('shop', '{"schemas": ["shop_751"], "exclude": ["shop_751.sessions"]}');
select is(array(select table_name from vigil_api.backup_plan('shop') order by ordinal),
  array['shop_751.audit', 'shop_751.customers', 'shop_751.orders', 'shop_751.lines'],
  'parents come before the tables that reference them, and the excluded table is left out');
select is((select depth from vigil_api.backup_plan('shop') where table_name = 'shop_751.lines'), 2, 'a grandchild is two levels down');
select is((select primary_key from vigil_api.backup_plan('shop') where table_name = 'shop_751.lines'), array['order_id', 'n'],
  'the primary key is given in its column order');
select is((select primary_key from vigil_api.backup_plan('shop') where table_name = 'shop_751.audit'), null::text[],
  'a table without a primary key has none (the CLI warns)');
select is((select columns from vigil_api.backup_plan('shop') where table_name = 'shop_751.customers'),
  '[{"name": "id", "type": "bigint", "not_null": true}, {"name": "name", "type": "text", "not_null": true}]'::jsonb,
  'columns carry their types, for a restore into a scratch schema');
select is((select parents from vigil_api.backup_plan('shop') where table_name = 'shop_751.orders'), array['shop_751.customers'],
  'and each table names the tables it references');

select vigil_api.set_backup_policy('shop', '{"include": ["shop_751.c%"], "exclude": []}');
select is(array(select table_name from vigil_api.backup_plan('shop')), array['shop_751.customers'], 'include patterns choose tables');

select throws_ok($$select vigil_api.set_backup_policy('shop', '{"expected_interval": "soon"}')$$, '22023', null,
  'a bad interval is refused with 22023');
select throws_ok($$select * from vigil_api.backup_plan('nope')$$, 'P0002', 'Backup policy ''nope'' does not exist.',
  'an unknown policy is named');
select throws_ok($$select vigil_api.record_backup_verify(-1, true)$$, 'P0002', 'Backup -1 does not exist.',
  'an unknown backup is named');

select * from finish();
rollback;
