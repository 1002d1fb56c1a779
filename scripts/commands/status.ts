// `vigil status`: the console in a terminal, for a DBA over SSH. One call to vigil_api.dashboard() as
// the service role, printed as traffic lights, the top operations and the open alerts; colour only on
// a TTY (and never with NO_COLOR), `--json` for scripts.
import { parseArgs } from "node:util";
import postgres from "postgres";
import { formatAgo, formatChange, formatCount, formatMs, formatRatio, formatValue, parseWindow } from "../../dashboard/format.ts";
import type { Dashboard, Status } from "../../dashboard/types.ts";

const COLOUR: Record<Status, string> = { ok: "\x1b[32m", warn: "\x1b[33m", bad: "\x1b[31m", none: "\x1b[90m" };
const RESET = "\x1b[0m";
const LIGHT: Record<Status, string> = { ok: "●", warn: "▲", bad: "✖", none: "○" };

function pad(s: string, n: number, right = false): string {
  const cut = s.length > n ? s.slice(0, n - 1) + "…" : s;
  return right ? cut.padStart(n) : cut.padEnd(n);
}

function labelText(labels: Record<string, string> | null): string {
  const pairs = Object.entries(labels ?? {});
  return pairs.length ? ` {${pairs.map(([k, v]) => `${k}=${v}`).join(", ")}}` : "";
}

/** The summary as lines of text. Each light has its own shape too, so it reads without colour. */
export function renderStatus(d: Dashboard, opts: { colour: boolean; label: string; window: string; now?: number }): string {
  const paint = (status: Status, text: string) => (opts.colour ? `${COLOUR[status]}${text}${RESET}` : text);
  const bold = (text: string) => (opts.colour ? `\x1b[1m${text}${RESET}` : text);
  const lines: string[] = [];
  lines.push(bold(`Vigil · ${opts.label} · last ${opts.window} · until ${d.until.slice(0, 19).replace("T", " ")} UTC`));
  for (const c of d.cards) {
    lines.push(`${paint(c.status, LIGHT[c.status])} ${pad(c.title, 14)} ${pad(formatValue(c.value, c.unit), 12)} ${c.detail ?? ""}`.trimEnd());
  }
  lines.push("");
  if (d.operations.length === 0) {
    lines.push("No operation in this window.");
  } else {
    lines.push(bold(`${pad("Top operations", 28)} ${pad("count", 9, true)} ${pad("errors", 7, true)} ${pad("p95", 9, true)} ${pad("vs week", 8, true)}`));
    for (const o of d.operations) {
      const rate = o.error_rate ?? 0;
      const status: Status = rate > 0.05 ? "bad" : rate > 0.01 ? "warn" : "ok";
      lines.push(`${pad(o.kind === "operation" ? o.name : `${o.name} (${o.kind})`, 28)} ${pad(formatCount(o.count), 9, true)} `
        + `${paint(status, pad(formatRatio(o.error_rate), 7, true))} ${pad(formatMs(o.p95_ms), 9, true)} ${pad(formatChange(o.count_change, o.count_before), 8, true)}`);
    }
  }
  lines.push("");
  if (d.alerts.length === 0) {
    lines.push(`${paint("ok", LIGHT.ok)} No open alert.`);
  } else {
    lines.push(bold("Open alerts"));
    for (const a of d.alerts) {
      const status: Status = a.state === "firing" ? "bad" : "warn";
      lines.push(`${paint(status, LIGHT[status])} ${pad(a.severity, 8)} ${pad(a.state, 10)} ${a.rule}${labelText(a.labels)}, since ${formatAgo(a.firing_since ?? a.state_since, opts.now)}`
        + `${a.acknowledged_at ? " (acknowledged)" : ""}${a.muted_by ? ` (muted: ${a.muted_by})` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Runs the command; returns the exit code (2 for a usage error). */
export async function statusCommand(databaseUrl: string, argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { tenant: { type: "string" }, since: { type: "string", default: "1h" }, json: { type: "boolean", default: false } } });
  const windowMs = parseWindow(values.since!);
  if (windowMs === null) {
    console.error(`--since ${values.since}: give a length such as 15m, 1h, 24h or 7d`);
    return 2;
  }
  const sql = postgres(databaseUrl, { onnotice: () => {}, max: 1 });
  try {
    const tenants = await sql<{ id: string; slug: string; name: string }[]>`
      select id::text, slug, name from vigil.tenants where slug <> 'vigil-system' order by created_at`;
    const chosen = values.tenant ? tenants.find((t) => t.slug === values.tenant) : tenants.length === 1 ? tenants[0] : undefined;
    if (!chosen) {
      console.error((values.tenant ? `No tenant with slug ${values.tenant}.` : "Several tenants: name one with --tenant.") + "\n" +
        (tenants.length ? `Tenants: ${tenants.map((t) => t.slug).join(", ")}` : "There is no tenant yet: run `npm run demo`."));
      return 2;
    }
    const until = new Date();
    const since = new Date(until.getTime() - windowMs);
    // As the service role, the way an operator's script or a DBA reads every tenant.
    const d = await sql.begin(async (tx) => {
      await tx`select pg_catalog.set_config('role', 'service_role', true), pg_catalog.set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
      const [row] = await tx`select vigil_api.dashboard(${chosen.id}::uuid, ${since}, ${until}) as d`;
      return row.d as Dashboard;
    });
    out.write(values.json ? JSON.stringify(d, null, 2) + "\n"
      : renderStatus(d, { colour: Boolean(out.isTTY) && !process.env.NO_COLOR, label: `${chosen.slug} (${chosen.name})`, window: values.since! }));
    return 0;
  } finally {
    await sql.end();
  }
}
