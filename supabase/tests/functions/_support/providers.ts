// Local stand-ins for Slack, Resend, Twilio, PagerDuty and a webhook receiver on 127.0.0.1. Each
// checks a request against its provider's documented shape and answers as the provider would
// (4xx with the reason when the shape is wrong); tests can script faults ahead of the answer.
import { signWebhook } from "../../../functions/_shared/channels.ts";

export interface Recorded {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  at: number;
  /** What the server answered: a status, "hang" while it holds the request, undefined before it decides. */
  answered?: number | "hang";
}

/** A scripted answer: a status (with headers), or "hang" to never answer. */
export type Fault = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface FakeProvider {
  url: string;
  requests: Recorded[];
  /** Answers queued before the validated success answer, one per request. */
  faults: Fault[];
  /** How long every answer takes (a slow but healthy receiver); 0 by default. */
  delayMs: number;
  close(): Promise<void>;
}

type Check = (r: Recorded) => Promise<string | null> | string | null;

function start(check: Check, success: () => Response, reject: (why: string) => Response): FakeProvider {
  const requests: Recorded[] = [];
  const faults: Fault[] = [];
  const hanging: (() => void)[] = [];
  const provider = { delayMs: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    const rec: Recorded = { method: req.method, path: url.pathname, headers: req.headers, body: await req.text(), at: Date.now() };
    requests.push(rec);
    const fault = faults.shift();
    if (fault === "hang") {
      rec.answered = "hang";
      await new Promise<void>((resolve) => hanging.push(resolve));
      return new Response("too late", { status: 200 });
    }
    if (provider.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, provider.delayMs));
    const res = fault
      ? new Response(fault.body ?? `scripted ${fault.status}`, { status: fault.status, headers: fault.headers })
      : await Promise.resolve(check(rec)).then((why) => (why ? reject(why) : success()));
    rec.answered = res.status;
    return res;
  });
  return Object.assign(provider, {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    faults,
    async close() {
      hanging.forEach((release) => release());
      await server.shutdown();
    },
  });
}

const isJson = (r: Recorded) => (r.headers.get("content-type") ?? "").startsWith("application/json");
function parse(body: string): Record<string, unknown> | null {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/** Slack incoming webhook: POST JSON with text and/or blocks; answers "ok" like Slack, or 400 invalid_payload. */
export function fakeSlack(): FakeProvider {
  return start((r) => {
    if (r.method !== "POST" || !r.path.startsWith("/services/")) return "no_service";
    if (!isJson(r)) return "invalid_payload: content-type must be application/json";
    const b = parse(r.body) as { text?: unknown; blocks?: { type: string; text?: { type: string; text: string } }[] } | null;
    if (!b || (typeof b.text !== "string" && !Array.isArray(b.blocks))) return "invalid_payload: text or blocks required";
    if (!Array.isArray(b.blocks) || b.blocks.length > 50) return "invalid_blocks";
    const header = b.blocks.find((x) => x.type === "header");
    if (!header || header.text?.type !== "plain_text" || header.text.text.length > 150) return "invalid_blocks: header must be plain_text up to 150 characters";
    return null;
  }, () => new Response("ok", { status: 200 }), (why) => new Response(why, { status: 400 }));
}

/** Resend POST /emails with Bearer auth, from/to/subject and html or text; 200 {id}. */
export function fakeResend(apiKey: string): FakeProvider {
  return start((r) => {
    if (r.method !== "POST" || r.path !== "/emails") return "not_found";
    if (r.headers.get("authorization") !== `Bearer ${apiKey}`) return "missing_api_key";
    if (!isJson(r)) return "validation_error: content-type";
    const b = parse(r.body) as Record<string, unknown> | null;
    if (!b || typeof b.from !== "string" || typeof b.subject !== "string") return "validation_error: from and subject are required";
    if (!(typeof b.to === "string" || (Array.isArray(b.to) && b.to.length >= 1 && b.to.length <= 50))) return "validation_error: to";
    if (typeof b.html !== "string" && typeof b.text !== "string") return "validation_error: html or text";
    const key = r.headers.get("idempotency-key");
    if (key !== null && (key.length < 1 || key.length > 256)) return "invalid_idempotency_key";
    return null;
  }, () => Response.json({ id: crypto.randomUUID() }, { status: 200 }),
    (why) => Response.json({ statusCode: why === "missing_api_key" ? 401 : 422, name: why, message: why }, { status: why === "missing_api_key" ? 401 : 422 }));
}

/** Twilio Messages.json: form-encoded To, From, Body with basic auth SID:token; 201 with the message. */
export function fakeTwilio(accountSid: string, authToken: string): FakeProvider {
  return start((r) => {
    if (r.method !== "POST" || r.path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return "The requested resource was not found";
    if (r.headers.get("authorization") !== `Basic ${btoa(`${accountSid}:${authToken}`)}`) return "Authenticate";
    if (!(r.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) return "content-type must be form-encoded";
    const f = new URLSearchParams(r.body);
    if (!/^\+[1-9]\d{6,14}$/.test(f.get("To") ?? "")) return "A 'To' phone number is required.";
    if (!f.get("From")) return "A 'From' phone number is required.";
    if (!f.get("Body") || f.get("Body")!.length > 1600) return "Message body is required and at most 1600 characters.";
    return null;
  }, () => Response.json({ sid: "SM" + "0".repeat(32), status: "queued" }, { status: 201 }),
    (why) => Response.json({ code: 21604, message: why, status: why === "Authenticate" ? 401 : 400 }, { status: why === "Authenticate" ? 401 : 400 }));
}

/** PagerDuty Events API v2 /v2/enqueue: routing_key, event_action, dedup_key, and for triggers payload.summary/source/severity; 202. */
export function fakePagerDuty(routingKey: string): FakeProvider {
  return start((r) => {
    if (r.method !== "POST" || r.path !== "/v2/enqueue") return "Not found";
    if (!isJson(r)) return "Event object is invalid";
    const b = parse(r.body) as
      | { routing_key?: string; event_action?: string; dedup_key?: unknown; payload?: { summary?: unknown; source?: unknown; severity?: string } }
      | null;
    if (!b || b.routing_key !== routingKey) return "Invalid routing key";
    if (!["trigger", "acknowledge", "resolve"].includes(b.event_action ?? "")) return "'event_action' is invalid";
    if (b.event_action !== "trigger" && typeof b.dedup_key !== "string") return "'dedup_key' is required";
    if (typeof b.dedup_key === "string" && b.dedup_key.length > 255) return "'dedup_key' is too long";
    if (b.event_action === "trigger") {
      const p = b.payload;
      if (!p || typeof p.summary !== "string" || p.summary.length > 1024) return "'payload.summary' is missing or too long";
      if (typeof p.source !== "string" || !p.source) return "'payload.source' is missing";
      if (!["critical", "error", "warning", "info"].includes(p.severity ?? "")) return "'payload.severity' is invalid";
    }
    return null;
  }, () => Response.json({ status: "success", message: "Event processed" }, { status: 202 }),
    (why) => Response.json({ status: "invalid event", message: "Event object is invalid", errors: [why] }, { status: 400 }));
}

/** A webhook receiver that verifies X-Vigil-Signature (HMAC-SHA256 of timestamp.body) with the shared secret. */
export function fakeWebhook(secret: string): FakeProvider {
  return start(async (r) => {
    if (r.method !== "POST") return "method";
    if (!isJson(r)) return "content-type";
    const ts = r.headers.get("x-vigil-timestamp") ?? "";
    const expected = `sha256=${await signWebhook(secret, ts, r.body)}`;
    if (r.headers.get("x-vigil-signature") !== expected) return "bad signature";
    if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return "stale timestamp";
    const b = parse(r.body) as { type?: unknown; alert?: { dedup_key?: unknown } } | null;
    if (!b || typeof b.type !== "string" || !b.alert?.dedup_key) return "bad body";
    return null;
  }, () => new Response(null, { status: 204 }), (why) => new Response(why, { status: 401 }));
}
