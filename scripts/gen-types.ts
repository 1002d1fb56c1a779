// Writes src/database.types.ts from the catalog of a migrated database: the `Database` type supabase-js
// takes, for vigil_api, in the shape `supabase gen types typescript --schema vigil_api` gives (which
// needs Docker). The type mapping follows supabase/postgres-meta's TypeScript template.
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type postgres from "postgres";
import { withBareStack } from "./lib/schema.ts";
import { migrate, ROOT } from "./lib/stack.ts";

export const TYPES_FILE = join(ROOT, "src", "database.types.ts");
export const GEN_TYPES_COMMAND = "npm run vigil -- gen-types";

interface PgType {
  oid: number;
  name: string;
  schema: string;
  /** b base, c composite, d domain, e enum, p pseudo, r range, m multirange */
  kind: string;
  elem: number;
  relid: number;
  labels: string[] | null;
}

interface PgFunction {
  name: string;
  retset: boolean;
  rettype: number;
  types: number[];
  modes: string[] | null;
  names: string[] | null;
  ndefaults: number;
  signature: string;
}

interface PgAttribute {
  relid: number;
  name: string;
  type: number;
}

const NUMBER = new Set(["int2", "int4", "int8", "float4", "float8", "numeric"]);
const STRING = new Set(["bytea", "bpchar", "varchar", "date", "text", "citext", "time", "timetz", "timestamp", "timestamptz", "uuid", "vector"]);

/** A property name as prettier leaves it: bare when it is an identifier. */
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

// Names sort as postgres-meta sorts them (localeCompare), so the file does not depend on the catalog's order.
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The generated file's text for one schema. */
export async function generateTypes(sql: postgres.Sql, schema = "vigil_api"): Promise<string> {
  const types = await sql<PgType[]>`
    select t.oid::int as oid, t.typname as name, n.nspname as schema, t.typtype as kind, t.typelem::int as elem,
           t.typrelid::int as relid,
           (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = t.oid) as labels
    from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace`;
  const functions = await sql<PgFunction[]>`
    select p.proname as name, p.proretset as retset, p.prorettype::int as rettype,
           coalesce(p.proallargtypes::int[], pg_catalog.string_to_array(p.proargtypes::text, ' ')::int[]) as types, p.proargmodes::text[] as modes,
           p.proargnames as names, p.pronargdefaults::int as ndefaults,
           pg_catalog.pg_get_function_identity_arguments(p.oid) as signature
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = ${schema} and p.prokind = 'f'
    order by p.proname, signature`;
  const attributes = await sql<PgAttribute[]>`
    select a.attrelid::int as relid, a.attname as name, a.atttypid::int as type
    from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind = 'c' and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;

  const typeById = new Map(types.map((t) => [t.oid, t]));
  const enums = types.filter((t) => t.schema === schema && t.kind === "e").sort(byName);
  const composites = types.filter((t) => t.schema === schema && t.kind === "c" && attributes.some((a) => a.relid === t.relid)).sort(byName);

  function tsType(oid: number): string {
    const t = typeById.get(oid);
    if (!t) return "unknown";
    if (t.name === "bool") return "boolean";
    if (NUMBER.has(t.name)) return "number";
    if (STRING.has(t.name)) return "string";
    if (t.name === "json" || t.name === "jsonb") return "Json";
    if (t.name === "void") return "undefined";
    if (t.name === "record") return "Record<string, unknown>";
    if (t.name.startsWith("_") && t.elem) {
      const inner = tsType(t.elem);
      return /^[\w.[\]"]+$/.test(inner) ? `${inner}[]` : `(${inner})[]`;
    }
    if (t.kind === "e") {
      if (t.schema === schema) return `Database[${JSON.stringify(schema)}]["Enums"][${JSON.stringify(t.name)}]`;
      return (t.labels ?? []).map((l) => JSON.stringify(l)).join(" | ") || "never";
    }
    // Composite types of the schema are named; a table's row type, or any type from elsewhere, is unknown.
    if (t.kind === "c") {
      if (composites.includes(t)) return `Database[${JSON.stringify(schema)}]["CompositeTypes"][${JSON.stringify(t.name)}]`;
      return "unknown";
    }
    // Domains, ranges, interval and the rest: postgres-meta says unknown, and so do we.
    return "unknown";
  }

  // postgres-meta's rule: a function is callable over PostgREST when its input arguments are all
  // named, or it has a single unnamed one.
  const INPUT = new Set(["i", "b", "v"]);
  const callable = functions.filter((f) => {
    const inputs = f.types.map((_, i) => i).filter((i) => INPUT.has(f.modes?.[i] ?? "i"));
    return inputs.every((i) => f.names?.[i]) || inputs.length === 1;
  });

  function args(f: PgFunction): string {
    const inputs = f.types.map((type, i) => ({ type, i })).filter(({ i }) => INPUT.has(f.modes?.[i] ?? "i"));
    if (inputs.length === 0) return "never";
    // Defaults belong to the last pronargdefaults input arguments.
    const firstDefault = inputs.length - f.ndefaults;
    const fields = inputs.map(({ type, i }, n) => ({
      name: f.names?.[i] ?? "",
      text: `${key(f.names?.[i] ?? "")}${n >= firstDefault ? "?" : ""}: ${tsType(type)}`,
    }));
    return block(fields.sort(byName).map((x) => x.text), 10);
  }

  function returns(f: PgFunction): string {
    const tableCols = f.types.map((type, i) => ({ type, i })).filter(({ i }) => f.modes?.[i] === "t");
    let row: string;
    if (tableCols.length > 0) {
      row = block(tableCols.map(({ type, i }) => ({ name: f.names?.[i] ?? "", type }))
        .sort(byName).map((c) => `${key(c.name)}: ${tsType(c.type)}`), 10);
    } else {
      row = tsType(f.rettype);
    }
    return f.retset ? (row.startsWith("{") || /^[\w.[\]"]+$/.test(row) ? `${row}[]` : `(${row})[]`) : row;
  }

  const grouped = new Map<string, PgFunction[]>();
  for (const f of callable) grouped.set(f.name, [...(grouped.get(f.name) ?? []), f]);
  const fnEntries = [...grouped.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, overloads]) => {
    // Overloads: a union of whole { Args; Returns } objects, as supabase-js resolves them by their arguments.
    const variants = overloads.map((f) => `{\n${pad(8)}Args: ${args(f)}\n${pad(8)}Returns: ${returns(f)}\n${pad(6)}}`);
    if (variants.length === 1) return `${key(name)}: ${variants[0]}`;
    return `${key(name)}:${variants.map((v) => `\n${pad(8)}| ${v.replaceAll("\n", "\n  ")}`).join("")}`;
  });

  const never = "{\n      [_ in never]: never\n    }";
  const section = (entries: string[]) => (entries.length === 0 ? never : block(entries, 6, 4));
  const enumEntries = enums.map((e) => `${key(e.name)}: ${(e.labels ?? []).map((l) => JSON.stringify(l)).join(" | ")}`);
  const compositeEntries = composites.map((c) =>
    `${key(c.name)}: ${block(attributes.filter((a) => a.relid === c.relid).sort(byName).map((a) => `${key(a.name)}: ${tsType(a.type)} | null`), 8)}`);

  return `// Generated from the catalog of a migrated database by \`${GEN_TYPES_COMMAND}\`; do not edit.
export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  ${key(schema)}: {
    Tables: ${never}
    Views: ${never}
    Functions: ${section(fnEntries)}
    Enums: ${section(enumEntries)}
    CompositeTypes: ${section(compositeEntries)}
  }
}

export const Constants = {
  ${key(schema)}: {
    Enums: {${enums.map((e) => `\n      ${key(e.name)}: [${(e.labels ?? []).map((l) => JSON.stringify(l)).join(", ")}],`).join("")}${enums.length ? "\n    " : ""}},
  },
} as const
`;
}

function pad(n: number): string {
  return " ".repeat(n);
}

/** `{ a \n b }` with the entries at `indent` and the closing brace `close` spaces in (default indent - 2). */
function block(entries: string[], indent: number, close = indent - 2): string {
  return `{\n${entries.map((e) => pad(indent) + e).join("\n")}\n${pad(close)}}`;
}

/**
 * `npm run vigil -- gen-types`: regenerates the file from the database at `url`, or else from a
 * throwaway one the migrations have just built (a long-lived stack may predate an edited migration).
 */
export async function genTypes(url?: string): Promise<void> {
  const write = async (at: string) => {
    const { default: postgres } = await import("postgres");
    const sql = postgres(at, { max: 1, onnotice: () => {} });
    try {
      writeFileSync(TYPES_FILE, await generateTypes(sql));
    } finally {
      await sql.end();
    }
  };
  if (url) await write(url);
  else await withBareStack(async (bare) => {
    migrate(bare, { quiet: true });
    await write(bare);
  });
  console.log(`wrote ${relative(ROOT, TYPES_FILE)}`);
}
