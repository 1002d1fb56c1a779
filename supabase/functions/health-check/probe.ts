// One check of one monitor: an HTTP request (status, keyword, JSON path), a TLS handshake (days until
// the certificate expires) or a TCP connection, through the outbound guard, within the monitor's
// timeout. The result is what vigil.record_check_results stores; secret header values never enter it.
import net from "node:net";
import tls from "node:tls";
import { checkOutbound, guardedRequest, type OutboundPolicy } from "../_shared/outbound.ts";

/** A monitor as vigil.claim_due_monitors returns it. */
export interface DueMonitor {
  id: string;
  name: string;
  type: "http" | "keyword" | "json" | "tls" | "tcp";
  url: string;
  method: "GET" | "HEAD" | "POST";
  headers: Record<string, string>;
  secret_headers: Record<string, string>;
  body: string | null;
  /** An int4multirange as text: {[200,300),[404,405)}. */
  expected_status: string;
  keyword: string | null;
  keyword_absent: boolean;
  json_path: string[] | null;
  json_expected: unknown;
  timeout_ms: number;
}

export interface CheckResult {
  monitor_id: string;
  ok: boolean;
  region: string;
  at: string;
  duration_ms: number;
  status_code?: number;
  /** "<kind>: <words>"; the kind (timeout, status, keyword, json, redirect, network, refused, tls, config) becomes error_type. */
  reason?: string;
  cert_days_left?: number;
}

export interface ProbeDeps {
  policy: OutboundPolicy;
  clock: () => Date;
  /** A secret's value by name (environment, then Vault); null when it is nowhere. */
  secret: (name: string) => Promise<string | null>;
  /** Trusted roots instead of the system's (tests with self-signed certificates). */
  ca?: string[];
}

/** Redirects followed, each hop checked by the outbound guard again; past this the check fails. */
export const MAX_REDIRECTS = 5;
const MAX_BODY_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;

/** Whether a status is in the multirange text Postgres gives for int4multirange. */
export function statusExpected(status: number, ranges: string): boolean {
  for (const m of ranges.matchAll(/([[(])(\d+),(\d+)([\])])/g)) {
    const lo = Number(m[2]) + (m[1] === "(" ? 1 : 0);
    const hi = Number(m[3]) - (m[4] === ")" ? 1 : 0);
    if (status >= lo && status <= hi) return true;
  }
  return false;
}

function describeRanges(ranges: string): string {
  return [...ranges.matchAll(/\[(\d+),(\d+)\)/g)].map((m) => Number(m[2]) - 1 === Number(m[1]) ? m[1] : `${m[1]}-${Number(m[2]) - 1}`).join(", ");
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** What the body says against the monitor's keyword or JSON path: null when it passes, else the reason. */
export function judgeBody(m: Pick<DueMonitor, "type" | "keyword" | "keyword_absent" | "json_path" | "json_expected">, text: string): string | null {
  if (m.type === "keyword" && m.keyword !== null) {
    const found = text.includes(m.keyword);
    if (found && m.keyword_absent) return `keyword: ${JSON.stringify(m.keyword)} is present`;
    if (!found && !m.keyword_absent) return `keyword: ${JSON.stringify(m.keyword)} not found`;
  }
  if (m.type === "json" && m.json_path) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return "json: the body is not JSON";
    }
    for (const key of m.json_path) {
      value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (canonical(value ?? null) !== canonical(m.json_expected ?? null)) {
      return `json: ${m.json_path.join(".")} is ${value === undefined ? "missing" : canonical(value)}, expected ${canonical(m.json_expected ?? null)}`;
    }
  }
  return null;
}

const errorText = (e: unknown) => (e instanceof Error ? (e as Error & { code?: string }).code ?? e.message : String(e));

async function headersOf(m: DueMonitor, deps: ProbeDeps): Promise<Record<string, string> | string> {
  const out: Record<string, string> = { "user-agent": "vigil-uptime/1", ...m.headers };
  for (const [header, name] of Object.entries(m.secret_headers)) {
    const value = await deps.secret(name);
    if (value === null) return `config: secret ${name} is not set in the function's environment or in Vault`;
    out[header] = value;
  }
  return out;
}

async function checkHttp(m: DueMonitor, deps: ProbeDeps, signal: AbortSignal): Promise<Omit<CheckResult, "monitor_id" | "region" | "at" | "duration_ms">> {
  const headers = await headersOf(m, deps);
  if (typeof headers === "string") return { ok: false, reason: headers };
  const seen = new Set<string>();
  let url = m.url;
  let method = m.method;
  let body = m.body ?? undefined;
  for (let hop = 0; ; hop++) {
    seen.add(url);
    const r = await guardedRequest({ url, method, headers, body }, deps.policy, { signal, maxBodyBytes: MAX_BODY_BYTES, ca: deps.ca });
    if (r.refused) return { ok: false, reason: `refused: ${r.error}` };
    const { status, headers: h, text } = r.response;
    const location = h.get("location");
    if (status >= 300 && status < 400 && location && !statusExpected(status, m.expected_status)) {
      const next = new URL(location, url).toString();
      if (seen.has(next)) return { ok: false, status_code: status, reason: `redirect: a loop back to ${next}` };
      if (hop + 1 >= MAX_REDIRECTS) return { ok: false, status_code: status, reason: `redirect: more than ${MAX_REDIRECTS} redirects` };
      url = next;
      // As browsers do: 303 (and 301/302 after a POST) continue with a GET and no body.
      if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      continue;
    }
    if (!statusExpected(status, m.expected_status)) {
      return { ok: false, status_code: status, reason: `status: ${status}, expected ${describeRanges(m.expected_status)}` };
    }
    const why = judgeBody(m, text);
    return why ? { ok: false, status_code: status, reason: why } : { ok: true, status_code: status };
  }
}

/** Opens a socket to the checked address (TLS with the URL's host name for SNI and verification). */
async function connect(m: DueMonitor, deps: ProbeDeps, signal: AbortSignal, secure: boolean) {
  const checked = await checkOutbound(m.url, deps.policy);
  if (!checked.ok) return { error: `refused: ${checked.error}` } as const;
  const host = checked.url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(checked.url.port || 443);
  return await new Promise<{ socket: net.Socket; error?: undefined } | { error: string }>((resolve) => {
    const done = (v: { socket: net.Socket } | { error: string }) => {
      signal.removeEventListener("abort", abort);
      resolve(v);
    };
    const socket: net.Socket = secure
      ? tls.connect({ host: checked.address.address, port, ca: deps.ca, rejectUnauthorized: true,
        ...(net.isIP(host) ? {} : { servername: host }) }, () => done({ socket }))
      : net.connect({ host: checked.address.address, port }, () => done({ socket }));
    const abort = () => socket.destroy();
    signal.addEventListener("abort", abort, { once: true });
    socket.on("error", (e) => done({ error: `${secure ? "tls" : "network"}: ${errorText(e)}` }));
    socket.on("close", () => done({ error: signal.aborted ? "timeout" : "network: the connection closed" }));
  });
}

async function checkSocket(m: DueMonitor, deps: ProbeDeps, signal: AbortSignal): Promise<Omit<CheckResult, "monitor_id" | "region" | "at" | "duration_ms">> {
  const c = await connect(m, deps, signal, m.type === "tls");
  if (c.error !== undefined) return { ok: false, reason: c.error };
  try {
    if (m.type !== "tls") return { ok: true };
    const cert = (c.socket as tls.TLSSocket).getPeerCertificate();
    const days = Math.round((Date.parse(cert.valid_to) - deps.clock().getTime()) / DAY_MS);
    return days < 0 ? { ok: false, cert_days_left: days, reason: `tls: the certificate expired ${-days} days ago` } : { ok: true, cert_days_left: days };
  } finally {
    c.socket.destroy();
  }
}

/** Runs one check; never throws: a failure of any kind is a failed result with its reason. */
export async function probe(m: DueMonitor, region: string, deps: ProbeDeps): Promise<CheckResult> {
  const at = deps.clock().toISOString();
  const started = performance.now();
  const signal = AbortSignal.timeout(m.timeout_ms);
  let outcome: Omit<CheckResult, "monitor_id" | "region" | "at" | "duration_ms">;
  try {
    outcome = m.type === "tls" || m.type === "tcp" ? await checkSocket(m, deps, signal) : await checkHttp(m, deps, signal);
  } catch (e) {
    outcome = { ok: false, reason: `network: ${errorText(e)}` };
  }
  if (signal.aborted && !outcome.ok) outcome = { ok: false, reason: `timeout: no answer within ${m.timeout_ms} ms` };
  const duration = Math.round((performance.now() - started) * 10) / 10;
  return { monitor_id: m.id, region, at, duration_ms: duration, ...outcome };
}
