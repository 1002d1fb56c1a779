// plpgsql_check over every PL/pgSQL function of Vigil's schemas, with its extra, performance and security
// warnings on: what Supabase's linter runs, as a test suite (one failure per function with findings).
import { spawnSync } from "node:child_process";

export interface Finding {
  fn: string;
  line: number | null;
  level: string;
  sqlstate: string | null;
  message: string;
  detail: string | null;
  hint: string | null;
}

export interface CheckResult {
  suite: string;
  passed: number;
  failed: number;
  /** One line per finding: function, line, level, message. */
  report: string;
  findings: Finding[];
}

export const SCHEMAS = ["vigil", "vigil_api"];

// A trigger function is checked against a table whose trigger calls it (its NEW and OLD need one); a
// function the checker cannot check at all is a finding too, never a silent pass. Runs in a
// temporary function so one psql call checks them all.
const SQL = `
create function pg_temp.vigil_check() returns table (fn text, lineno integer, level text, state text,
  message text, detail text, hint text, checked boolean)
language plpgsql as $$
declare
  v_fn record;
  v_rel regclass;
  v_found boolean;
begin
  for v_fn in
    select p.oid, p.oid::regprocedure::text as name, p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype as is_trigger
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    join pg_catalog.pg_language l on l.oid = p.prolang
    where n.nspname = any (array[${SCHEMAS.map((n) => `'${n}'`).join(", ")}]) and l.lanname = 'plpgsql' and p.prokind in ('f', 'p')
    order by 2
  loop
    v_rel := null;
    if v_fn.is_trigger then
      select t.tgrelid::regclass into v_rel from pg_catalog.pg_trigger t where t.tgfoid = v_fn.oid order by t.oid limit 1;
    end if;
    v_found := false;
    begin
      for fn, lineno, level, state, message, detail, hint in
        select v_fn.name, t.lineno, t.level, t.sqlstate, t.message, t.detail, t.hint
        from extensions.plpgsql_check_function_tb(v_fn.oid, relid => coalesce(v_rel, 0::oid::regclass),
          fatal_errors => false, other_warnings => true, extra_warnings => true,
          performance_warnings => true, security_warnings => true) t
      loop
        checked := true;
        v_found := true;
        return next;
      end loop;
    exception when others then
      fn := v_fn.name; lineno := null; level := 'error'; state := SQLSTATE;
      message := 'could not be checked: ' || SQLERRM; detail := null; hint := null; checked := true;
      v_found := true;
      return next;
    end;
    if not v_found then
      fn := v_fn.name; lineno := null; level := null; state := null; message := null; detail := null; hint := null;
      checked := false;
      return next;
    end if;
  end loop;
end
$$;
select coalesce(jsonb_agg(c), '[]') from pg_temp.vigil_check() c;
`;

/** Runs plpgsql_check on the database at `url` and counts one failure per function with findings. */
export function plpgsqlCheck(url: string): CheckResult {
  const suite = "plpgsql_check";
  const present = spawnSync("psql", ["-X", "-At", "-d", url, "-c",
    "select exists (select from pg_catalog.pg_extension where extname = 'plpgsql_check')"], { encoding: "utf8" });
  if (present.status !== 0 || present.stdout.trim() !== "t") {
    const why = present.status !== 0 ? present.stderr.trim()
      : "the plpgsql_check extension is not installed in this database (Debian: postgresql-15-plpgsql-check)";
    return { suite, passed: 0, failed: 1, report: why, findings: [] };
  }
  const r = spawnSync("psql", ["-X", "-At", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
    { encoding: "utf8", input: SQL, env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" }, maxBuffer: 64 << 20 });
  if (r.status !== 0) return { suite, passed: 0, failed: 1, report: r.stderr.trim(), findings: [] };
  const rows = JSON.parse(r.stdout.trim() || "[]") as (Finding & { lineno: number | null; state: string | null; checked: boolean })[];
  const clean = new Set<string>();
  const findings: Finding[] = [];
  for (const row of rows) {
    if (!row.checked) clean.add(row.fn);
    else findings.push({ fn: row.fn, line: row.lineno, level: row.level, sqlstate: row.state, message: row.message,
      detail: row.detail, hint: row.hint });
  }
  const dirty = new Set(findings.map((f) => f.fn));
  const report = findings.map((f) =>
    `${f.fn} line ${f.line ?? "-"}: ${f.level}: ${f.message}${f.detail ? ` (${f.detail})` : ""}`).join("\n");
  return { suite, passed: clean.size, failed: dirty.size, report, findings };
}
