-- vigil_api is what PostgREST publishes, so it holds functions and nothing else: no table, view,
-- sequence, type or operator a client could reach, no procedure or aggregate, and every function is
-- security invoker with a comment (PostgREST and `supabase gen types` publish the comments).
begin;
select plan(7);

select is_empty($$select c.relname, c.relkind from pg_class c where c.relnamespace = 'vigil_api'::regnamespace$$,
  'vigil_api holds no relation of any kind (table, view, sequence, index, composite type)');
select is_empty($$select t.typname from pg_type t where t.typnamespace = 'vigil_api'::regnamespace$$, 'vigil_api holds no type');
select is_empty($$select o.oprname from pg_operator o where o.oprnamespace = 'vigil_api'::regnamespace$$, 'vigil_api holds no operator');
select is_empty($$select p.oid::regprocedure from pg_proc p where p.pronamespace = 'vigil_api'::regnamespace and p.prokind <> 'f'$$,
  'vigil_api holds plain functions only: no procedure, aggregate or window function');
select is_empty($$select p.oid::regprocedure from pg_proc p where p.pronamespace = 'vigil_api'::regnamespace and p.prosecdef$$,
  'every vigil_api function is security invoker');
select is_empty($$select p.oid::regprocedure from pg_proc p where p.pronamespace = 'vigil_api'::regnamespace
    and coalesce(obj_description(p.oid, 'pg_proc'), '') = ''$$, 'every vigil_api function has a comment');
-- Aggregates cannot carry settings; their support functions are held to it like every other.
select is_empty($$select p.oid::regprocedure from pg_proc p where p.pronamespace in ('vigil'::regnamespace, 'vigil_api'::regnamespace)
    and p.prokind <> 'a' and not coalesce(p.proconfig @> array['search_path=""'], false)$$,
  'every Vigil function pins search_path to the empty string, not merely to something');

select * from finish();
rollback;
