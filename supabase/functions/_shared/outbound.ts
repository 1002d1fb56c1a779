// The outbound guard of the edge functions: the same form check as vigil._outbound_url_refusal in
// SQL (both are tested against supabase/tests/outbound-cases.json), then DNS resolution, a check
// of every address the name resolves to, and a request pinned to the checked address that never
// follows a redirect. So a tenant's URL cannot reach loopback, the private network or a cloud
// metadata service, whether by its spelling, by its DNS records or by a redirect.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { Buffer } from "node:buffer";

/** channel and provider: https only; monitor: http, https and tcp://host:port. */
export type OutboundPurpose = "channel" | "provider" | "monitor";

export type RefusalReason =
  | "invalid" | "scheme" | "userinfo" | "loopback" | "private" | "link-local" | "unique-local"
  | "multicast" | "unspecified" | "reserved" | "metadata" | "internal-name";

const METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

/** The reason as words, the same sentence fragments the SQL guard raises. */
export function refusalText(reason: RefusalReason, purpose: OutboundPurpose = "channel"): string {
  switch (reason) {
    case "invalid":
      return "it is not a valid absolute URL (names in punycode, no spaces or backslashes)";
    case "scheme":
      return purpose === "monitor" ? "it must use http, https or tcp" : "it must use https";
    case "userinfo":
      return "it must not carry a user name or password";
    case "loopback":
      return "it points at a loopback address";
    case "private":
      return "it points at a private network address";
    case "link-local":
      return "it points at a link-local address";
    case "unique-local":
      return "it points at a unique local IPv6 address";
    case "multicast":
      return "it points at a multicast address";
    case "unspecified":
      return "it points at the unspecified address";
    case "reserved":
      return "it points at a reserved or documentation address";
    case "metadata":
      return "it names a cloud metadata service";
    case "internal-name":
      return "it names a host internal to a network";
  }
}

/**
 * The IPv4 address a host ending in a number stands for, as browsers, fetch and inet_aton read it
 * (WHATWG URL IPv4 parser: decimal, 0x hex, 0 octal, one to four parts), or null.
 */
export function parseIPv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length === 0 || parts.length > 4) return null;
  let value = 0n;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === "" || part.length > 40) return null;
    let base: bigint;
    let digits: string;
    if (part.startsWith("0x")) {
      base = 16n;
      digits = part.slice(2);
      if (!/^[0-9a-f]*$/.test(digits)) return null;
    } else if (part.length > 1 && part.startsWith("0")) {
      base = 8n;
      digits = part.slice(1);
      if (!/^[0-7]+$/.test(digits)) return null;
    } else {
      base = 10n;
      digits = part;
      if (!/^[0-9]+$/.test(digits)) return null;
    }
    let n = 0n;
    for (const d of digits) n = n * base + BigInt(parseInt(d, 16));
    if (i < parts.length - 1) {
      if (n > 255n) return null;
      value += n * 256n ** BigInt(3 - i);
    } else {
      if (n >= 256n ** BigInt(4 - i)) return null;
      value += n;
    }
  }
  return Number(value);
}

/** An IPv6 address as a 128-bit number, or null when it is not one (zone ids are refused). */
export function parseIPv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    const items = s.split(":");
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (g.includes(".")) {
        if (i !== items.length - 1) return null;
        const q = g.split(".");
        if (q.length !== 4 || q.some((x) => !/^(0|[1-9][0-9]{0,2})$/.test(x) || Number(x) > 255)) return null;
        const [a, b, c, d] = q.map(Number);
        out.push(a * 256 + b, c * 256 + d);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return null;
  if (halves.length === 2 && halves[0].includes(".")) return null; // a dotted quad comes last
  const all = halves.length === 2
    ? left.length + right.length > 7 ? null : [...left, ...Array(8 - left.length - right.length).fill(0), ...right]
    : left.length === 8 ? left : null;
  if (!all) return null;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
const in4 = (addr: number, base: number, bits: number) => bits === 0 || (addr >>> (32 - bits)) === (base >>> (32 - bits));
const in6 = (addr: bigint, base: bigint, bits: number) => (addr >> BigInt(128 - bits)) === (base >> BigInt(128 - bits));
const p6 = (s: string) => parseIPv6(s)!;

function v4Refusal(a: number): RefusalReason | null {
  if (a === 0) return "unspecified";
  if (in4(a, 0, 8)) return "reserved";
  if (in4(a, v4(127, 0, 0, 0), 8)) return "loopback";
  if (in4(a, v4(10, 0, 0, 0), 8) || in4(a, v4(172, 16, 0, 0), 12) || in4(a, v4(192, 168, 0, 0), 16) || in4(a, v4(100, 64, 0, 0), 10)) {
    return "private";
  }
  if (in4(a, v4(169, 254, 0, 0), 16)) return "link-local";
  if (in4(a, v4(224, 0, 0, 0), 4)) return "multicast";
  if (in4(a, v4(240, 0, 0, 0), 4) || in4(a, v4(192, 0, 0, 0), 24) || in4(a, v4(192, 0, 2, 0), 24) || in4(a, v4(192, 88, 99, 0), 24) ||
    in4(a, v4(198, 18, 0, 0), 15) || in4(a, v4(198, 51, 100, 0), 24) || in4(a, v4(203, 0, 113, 0), 24)) return "reserved";
  return null;
}

function v6Refusal(a: bigint): RefusalReason | null {
  const low32 = Number(a & 0xffffffffn);
  if (a === 0n) return "unspecified";
  if (a === 1n) return "loopback";
  // IPv4-mapped, IPv4-compatible and NAT64 addresses are judged by the IPv4 address they carry.
  if (in6(a, p6("::ffff:0:0"), 96) || in6(a, 0n, 96) || in6(a, p6("64:ff9b::"), 96)) return v4Refusal(low32);
  if (in6(a, p6("fe80::"), 10)) return "link-local";
  if (in6(a, p6("fc00::"), 7)) return "unique-local";
  if (in6(a, p6("ff00::"), 8)) return "multicast";
  if (!in6(a, p6("2000::"), 3) || in6(a, p6("2001::"), 23) || in6(a, p6("2001:db8::"), 32) || in6(a, p6("2002::"), 16)) return "reserved";
  return null;
}

/** The verdict on one address as DNS or a literal gives it ("10.0.0.1", "::ffff:7f00:1"): null when public. */
export function addressRefusal(address: string): RefusalReason | null {
  if (address.includes(":")) {
    const a = parseIPv6(address);
    return a === null ? "invalid" : v6Refusal(a);
  }
  const a = /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? parseIPv4(address.replace(/(^|\.)0+(?=\d)/g, "$1")) : null;
  return a === null ? "invalid" : v4Refusal(a);
}

function percentDecode(host: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < host.length;) {
    const m = /^%([0-9a-f]{2})/i.exec(host.slice(i));
    if (m) {
      bytes.push(parseInt(m[1], 16));
      i += 3;
    } else {
      const cp = host.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...new TextEncoder().encode(ch));
      i += ch.length;
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/**
 * Why a URL must be refused by its form, or null: the same algorithm and verdicts as the SQL
 * guard vigil._outbound_url_refusal. Strict on purpose: whatever a URL parser might read two ways
 * (spaces, backslashes, credentials) is refused rather than interpreted.
 */
export function urlRefusal(url: string, purpose: OutboundPurpose, allowLoopback = false): RefusalReason | null {
  // deno-lint-ignore no-control-regex -- control characters are exactly what must be refused
  if (typeof url !== "string" || url.length > 2048 || /[\x00-\x20\x7f\\]/.test(url)) return "invalid";
  let m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!m) return "invalid";
  const scheme = m[1].toLowerCase();
  const authority = m[2];
  const rest = m[3];
  if (!["http", "https", "tcp"].includes(scheme)) return "scheme";
  if (authority.includes("@")) return "userinfo";

  let address: RefusalReason | null | undefined;
  let host = "";
  if (authority.startsWith("[")) {
    m = /^\[([0-9A-Fa-f:.]+)\](:([0-9]*))?$/.exec(authority);
    if (!m) return "invalid";
    const a = parseIPv6(m[1]);
    if (a === null) return "invalid";
    address = v6Refusal(a);
  } else {
    m = /^([^:]*)(:([0-9]*))?$/.exec(authority);
    if (!m) return "invalid";
    host = m[1];
    // What the URL parser does to a host before resolving it: percent-decoding, Unicode
    // compatibility folding (full-width digits and letters, ideographic full stops), lower case.
    if (host.includes("%")) {
      const decoded = percentDecode(host);
      // deno-lint-ignore no-control-regex -- a decoded control character is refused like a literal one
      if (decoded === null || /[\x00-\x20\x7f\\%]/.test(decoded)) return "invalid";
      host = decoded;
    }
    host = host.normalize("NFKC").replace(/[\u3002\uFF0E\uFF61]/g, ".").toLowerCase();
    if (host.endsWith(".")) host = host.slice(0, -1);
    if (host === "") return "invalid";
    if (/(^|\.)(0x[0-9a-f]*|[0-9]+)$/.test(host)) {
      const a = parseIPv4(host);
      if (a === null) return "invalid";
      address = v4Refusal(a);
    } else if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) {
      return "invalid";
    }
  }
  const port = m[3];
  if (m[2] !== undefined && (port === "" || !(Number(port) >= 1 && Number(port) <= 65535))) return "invalid";
  if (scheme === "tcp" && (port === undefined || !["", "/"].includes(rest))) return "invalid";

  let reason: RefusalReason | null;
  if (address !== undefined) reason = address;
  else if (host === "localhost" || host.endsWith(".localhost")) reason = "loopback";
  else if (METADATA_NAMES.has(host)) reason = "metadata";
  else if (!host.includes(".") || /\.(internal|local|localdomain|home\.arpa|lan|intranet|corp)$/.test(host)) reason = "internal-name";
  else reason = null;
  let loopback = false;
  if (reason === "loopback" && allowLoopback) {
    reason = null;
    loopback = true;
  }
  if (reason) return reason;
  if ((purpose === "channel" || purpose === "provider") && scheme !== "https" && !(loopback && scheme === "http")) return "scheme";
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address the system would connect to (getaddrinfo, /etc/hosts included). */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((f) => ({ address: f.address, family: f.family === 6 ? 6 : 4 }));
};

export interface OutboundPolicy {
  purpose: OutboundPurpose;
  /** vigil.outbound_allow_loopback(): only the service role or a DBA turns it on, for local tests. */
  allowLoopback: boolean;
  lookup: Lookup;
}

export type Checked =
  | { ok: true; url: URL; address: ResolvedAddress }
  | { ok: false; reason: RefusalReason; error: string };

/**
 * The form check, then resolution: refused when ANY address of the name is refused (an attacker
 * may mix a public and a private record). The address returned is the one to connect to.
 */
export async function checkOutbound(raw: string, policy: OutboundPolicy): Promise<Checked> {
  const refuse = (reason: RefusalReason, detail = ""): Checked => ({
    ok: false, reason, error: `refused by the outbound guard: ${refusalText(reason, policy.purpose)}${detail}; no request was sent`,
  });
  const form = urlRefusal(raw, policy.purpose, policy.allowLoopback);
  if (form) return refuse(form);
  let url: URL;
  try {
    url = new URL(raw.replace(/^tcp:/i, "http:"));
  } catch {
    return refuse("invalid");
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = host.includes(":") ? 6 : /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 4 : 0;
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal }] : await policy.lookup(host);
  if (addresses.length === 0) throw new Error(`${host} did not resolve to any address`);
  for (const a of addresses) {
    let reason = addressRefusal(a.address);
    if (reason === "loopback" && policy.allowLoopback) reason = null;
    if (reason) return refuse(reason, ` (${literal ? host : `${host} resolves to ${a.address}`})`);
  }
  return { ok: true, url, address: addresses[0] };
}

export interface OutboundRequest {
  url: string;
  method: "POST" | "GET" | "HEAD";
  headers: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  /** The body's start: at most maxBodyBytes are read, the rest is never downloaded. */
  text: string;
}

export type OutboundResult = { refused: false; response: OutboundResponse } | { refused: true; reason: RefusalReason; error: string };

/**
 * Sends one request through the guard. The connection goes to the address that was checked
 * (node:http's lookup hook), so a second DNS answer cannot swap in another address (DNS
 * rebinding), while TLS still verifies the certificate against the URL's host name (SNI). A 3xx
 * comes back as it is: redirects are never followed. Network errors and the timeout throw.
 */
export async function guardedRequest(
  request: OutboundRequest,
  policy: OutboundPolicy,
  opts: { signal?: AbortSignal; maxBodyBytes?: number; /** Trusted roots instead of the system's (tests). */ ca?: string[] } = {},
): Promise<OutboundResult> {
  const checked = await checkOutbound(request.url, policy);
  if (!checked.ok) return { refused: true, reason: checked.reason, error: checked.error };
  const { url, address } = checked;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const max = opts.maxBodyBytes ?? 64 * 1024;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const mod = url.protocol === "https:" ? https : http;
  return await new Promise<OutboundResult>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason ?? new Error("aborted"));
    const req = mod.request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || (url.protocol === "https:" ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: { ...request.headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
      agent: false,
      ...(url.protocol === "https:" && !host.includes(":") && !/^\d+\.\d+\.\d+\.\d+$/.test(host) ? { servername: host } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      // The pin: whatever name the URL holds, the socket connects to the address checked above.
      lookup: ((_name: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
        if (options?.all) cb(null, [{ address: address.address, family: address.family }]);
        else cb(null, address.address, address.family);
      }) as never,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : String(v));
        }
        const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, max));
        resolve({ refused: false, response: { status: res.statusCode ?? 0, headers, text } });
      };
      res.on("data", (c: Buffer) => {
        if (size < max) chunks.push(c);
        size += c.length;
        if (size >= max) {
          finish();
          res.destroy();
        }
      });
      res.on("end", finish);
      res.on("close", finish);
      res.on("error", (e) => done ? undefined : reject(e));
    });
    const abort = () => req.destroy(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error("aborted"));
    opts.signal?.addEventListener("abort", abort, { once: true });
    req.on("error", (e) => reject(e));
    req.on("close", () => opts.signal?.removeEventListener("abort", abort));
    if (body) req.write(body);
    req.end();
  });
}
