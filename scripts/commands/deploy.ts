// `vigil deploy report | smoke | rollback`: the CI side of deployments. report and smoke authenticate
// with a deploy key (never the service role); rollback is an operator's act. Exit codes: 0 done or
// passed, 1 a smoke check failed (or the server refused the report), 2 could not run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { z } from "zod";
import { defaultChecks, runSmoke, type SmokeCheck } from "../../supabase/functions/_shared/smoke.ts";

export const DEPLOY_USAGE = `usage: npm run vigil -- deploy <report|smoke|rollback> [options]

  report    --id <provider deployment id> [--status building|ready|build_failed] [--version v]
            [--commit sha] [--ref branch] [--url https://...] [--environment production] [--actor who]
  smoke     --url <base url> [--expect-version sha] [--checks checks.json] [--retries 2] [--interval 2000]
            [--report <deployment id>]   (checks: the file, else the target's (with a key), else / and /api/version)
  rollback  --deployment <uuid> [--to <uuid>] [--reason text]

  report and smoke use a deploy key: --key or VIGIL_DEPLOY_KEY. The API is reached through
  SUPABASE_URL with SUPABASE_ANON_KEY (rollback: VIGIL_ACCESS_TOKEN, an operator's token, or
  SUPABASE_SERVICE_ROLE_KEY), or through DATABASE_URL.
  Exit codes: 0 done / passed, 1 failed (a smoke check, or a refused report), 2 could not run.`;

/** What went wrong before anything could be judged: bad arguments, no way to reach the API. */
export class CouldNotRun extends Error {}

/** The API refused the call (an RPC error with its SQLSTATE). */
export class Refused extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

type Rpc = (fn: string, args: Record<string, unknown>, as: "anon" | "operator") => Promise<unknown>;

/** The API, through PostgREST when SUPABASE_URL is set, else straight to DATABASE_URL (anon by SET ROLE, as PostgREST does). */
export function rpcFrom(env: NodeJS.ProcessEnv): Rpc {
  if (env.SUPABASE_URL) {
    const base = env.SUPABASE_URL.replace(/\/+$/, "");
    return async (fn, args, as) => {
      const apikey = env.SUPABASE_ANON_KEY ?? "";
      const bearer = as === "anon" ? apikey : env.VIGIL_ACCESS_TOKEN ?? env.SUPABASE_SERVICE_ROLE_KEY ?? "";
      if (!apikey || !bearer) throw new CouldNotRun(as === "anon" ? "SUPABASE_ANON_KEY must be set with SUPABASE_URL"
        : "rollback needs VIGIL_ACCESS_TOKEN (an operator's token) or SUPABASE_SERVICE_ROLE_KEY");
      let res: Response;
      try {
        res = await fetch(`${base}/rest/v1/rpc/${fn}`, {
          method: "POST",
          headers: { apikey, Authorization: `Bearer ${bearer}`, "Content-Type": "application/json", "Content-Profile": "vigil_api" },
          body: JSON.stringify(args),
        });
      } catch (err) {
        throw new CouldNotRun(`could not reach ${base}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const body = await res.json().catch(() => null) as { message?: string; code?: string } | null;
      if (!res.ok) throw new Refused(body?.message ?? `HTTP ${res.status}`, body?.code);
      return body;
    };
  }
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    return async (fn, args, as) => {
      const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        return await sql.begin(async (tx) => {
          // As the key's holder: anon, exactly what PostgREST would do; an operator's call needs the service role here.
          await tx.unsafe(as === "anon" ? "set local role anon" : "set local role service_role");
          const names = Object.keys(args);
          const [row] = await tx.unsafe(`select vigil_api.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(", ")}) as r`,
            names.map((n) => args[n]) as never[]);
          return row.r;
        });
      } catch (err) {
        const e = err as { code?: string; message?: string; errno?: string };
        if (e.code && /^[0-9A-Z]{5}$/.test(e.code) && !/^(08|28|3D|57P)/.test(e.code)) throw new Refused(e.message ?? String(err), e.code);
        throw new CouldNotRun(`could not reach the database: ${e.message ?? String(err)}`);
      } finally {
        await sql.end({ timeout: 1 });
      }
    };
  }
  return () => Promise.reject(new CouldNotRun("set SUPABASE_URL and SUPABASE_ANON_KEY, or DATABASE_URL"));
}

const OPTIONS = {
  key: { type: "string" }, id: { type: "string" }, status: { type: "string" }, version: { type: "string" },
  commit: { type: "string" }, ref: { type: "string" }, url: { type: "string" }, environment: { type: "string" },
  actor: { type: "string" }, "expect-version": { type: "string" }, checks: { type: "string" }, retries: { type: "string" },
  interval: { type: "string" }, report: { type: "string" }, deployment: { type: "string" }, to: { type: "string" },
  reason: { type: "string" },
} as const;

const Check: z.ZodType<SmokeCheck> = z.object({
  name: z.string().min(1), path: z.string().optional(), url: z.string().url().optional(), status: z.number().int().optional(),
  text: z.string().optional(), json_path: z.string().optional(), equals: z.unknown().optional(), version: z.boolean().optional(),
}).strict();

const need = (value: string | undefined, flag: string) => {
  if (!value) throw new CouldNotRun(`--${flag} is required\n\n${DEPLOY_USAGE}`);
  return value;
};

async function fetchText(url: string) {
  const res = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000), headers: { "User-Agent": "vigil-smoke" } });
  return { status: res.status, text: (await res.text()).slice(0, 65_536) };
}

/** Runs one `deploy` subcommand; returns the exit code. Output goes to `out`, one line per fact. */
export async function deployCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log,
                                    rpc: Rpc = rpcFrom(env)): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    let values: Partial<Record<keyof typeof OPTIONS, string>>;
    try {
      values = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false }).values;
    } catch (err) {
      throw new CouldNotRun(`${err instanceof Error ? err.message : String(err)}\n\n${DEPLOY_USAGE}`);
    }
    const key = values.key ?? env.VIGIL_DEPLOY_KEY;
    switch (sub) {
      case "report": {
        const deployment = Object.fromEntries(Object.entries({
          id: need(values.id, "id"), status: values.status, version: values.version, commit: values.commit, ref: values.ref,
          url: values.url, environment: values.environment, actor: values.actor,
        }).filter(([, v]) => v !== undefined));
        const r = await rpc("report_deployment", { p_key: need(key, "key (or VIGIL_DEPLOY_KEY)"), p_deployment: deployment }, "anon") as
          { id: string; external_id: string; status: string; created: boolean };
        out(`reported ${r.external_id}: ${r.status}${r.created ? "" : " (already known)"} (deployment ${r.id})`);
        return 0;
      }
      case "smoke": {
        const base = need(values.url, "url");
        const retries = z.coerce.number().int().min(0).max(20).safeParse(values.retries ?? "2");
        const interval = z.coerce.number().int().min(0).max(600_000).safeParse(values.interval ?? "2000");
        if (!retries.success || !interval.success) throw new CouldNotRun("--retries and --interval must be whole numbers");
        let checks: SmokeCheck[];
        if (values.checks) {
          let raw: unknown;
          try {
            raw = JSON.parse(readFileSync(values.checks, "utf8"));
          } catch (err) {
            throw new CouldNotRun(`--checks: ${err instanceof Error ? err.message : String(err)}`);
          }
          const parsed = z.array(Check).min(1).safeParse(raw);
          if (!parsed.success) throw new CouldNotRun(`--checks: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
          checks = parsed.data;
        } else if (key) {
          const target = await rpc("deploy_smoke_checks", { p_key: key }, "anon") as { checks: SmokeCheck[] };
          checks = target.checks.length ? target.checks : defaultChecks(values["expect-version"]);
        } else {
          checks = defaultChecks(values["expect-version"]);
        }
        const report = await runSmoke(checks, { baseUrl: base, expectVersion: values["expect-version"], retries: retries.data,
          intervalMs: interval.data, fetch: fetchText });
        for (const c of report.checks) out(`${c.passed ? "pass" : "FAIL"}  ${c.name}  ${c.url}  ${c.detail}`);
        // Nothing answered at all: the site could not be reached, so nothing was judged.
        const unreachable = report.checks.every((c) => c.detail.startsWith("no answer"));
        if (values.report && !unreachable) {
          const r = await rpc("report_smoke", { p_key: need(key, "key (or VIGIL_DEPLOY_KEY)"), p_deployment: values.report,
            p_results: { passed: report.passed, checks: report.checks } }, "anon") as { status: string };
          out(`reported smoke results of ${values.report}: ${r.status}`);
        }
        out(report.passed ? `smoke passed (${report.checks.length} checks)` : unreachable ? "smoke could not run: nothing answered" :
          `smoke failed (${report.checks.filter((c) => !c.passed).length} of ${report.checks.length} checks)`);
        return report.passed ? 0 : unreachable ? 2 : 1;
      }
      case "rollback": {
        const r = await rpc("request_rollback", { p_deployment: need(values.deployment, "deployment"), p_to: values.to ?? null,
          p_reason: values.reason ?? "requested from the command line" }, "operator") as { action: number; to: string; status: string };
        out(`rollback queued (action ${r.action}) to deployment ${r.to}; the deployment is ${r.status}`);
        return 0;
      }
      default:
        throw new CouldNotRun(sub ? `unknown deploy command ${JSON.stringify(sub)}\n\n${DEPLOY_USAGE}` : DEPLOY_USAGE);
    }
  } catch (err) {
    if (err instanceof Refused) {
      out(`refused: ${err.message}${err.code ? ` (${err.code})` : ""}`);
      // An unknown or disabled key, or one over its budget, is the setup's problem: nothing was judged.
      return err.code === "PT401" || err.code === "PT429" ? 2 : 1;
    }
    if (err instanceof CouldNotRun) {
      out(err.message);
      return 2;
    }
    throw err;
  }
}
