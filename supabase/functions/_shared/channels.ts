// Channel senders: each turns a claimed notification into its provider's documented request
// (Slack incoming webhook, Resend, Twilio, PagerDuty Events v2, signed webhook), sends it with a
// timeout, and classifies the answer: delivered, retry (5xx, 429, timeout, network) or permanent.
import type { AlertPayload, AttemptRecord, ClaimedNotification } from "./db.ts";
import type { SendAlertEnv } from "./env.ts";
import { hmacHex } from "./auth.ts";
import { guardedRequest, type OutboundPolicy } from "./outbound.ts";

export interface ProviderRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  /** For the outbound guard: channel when the URL comes from a tenant's channel or secret, provider for the configured APIs. */
  purpose: "channel" | "provider";
}

const SYMBOL = { gt: ">", gte: "≥", lt: "<", lte: "≤", eq: "=" } as const;
const TITLE = { firing: "FIRING", resolved: "RESOLVED", reminder: "STILL FIRING", acknowledged: "ACKNOWLEDGED" } as const;
const EMOJI = { firing: "🔴", resolved: "✅", reminder: "🔁", acknowledged: "👀" } as const;

/** A metric value as people read it: ratios as percentages, durations in ms, burn rates as ×. */
export function formatValue(value: number | null | undefined, unit: string | null): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no data";
  const round = (n: number, d: number) => Number(n.toFixed(d)).toString();
  switch (unit) {
    case "ratio":
      return `${round(value * 100, 2)}%`;
    case "ms":
      return `${round(value, value < 10 ? 2 : 0)} ms`;
    case "count":
      return round(value, 0);
    case "burn":
      return `${round(value, 2)}×`;
    case "percent":
      return `${round(value, 2)}%`;
    case "sigma":
      return `${round(value, 2)}σ`;
    default:
      return round(value, 4);
  }
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
}

export function summarize(p: AlertPayload, kind: ClaimedNotification["kind"]): string {
  const series = labelText(p.labels);
  return `[${TITLE[kind]}] ${p.rule}${series ? ` (${series})` : ""}: ${p.metric} ${formatValue(p.value, p.unit)} ` +
    `${SYMBOL[p.comparator]} ${formatValue(p.threshold, p.unit)} over ${p.window}`;
}

export function alertLink(p: AlertPayload, env: SendAlertEnv): string | undefined {
  if (p.runbook_url) return p.runbook_url;
  if (env.VIGIL_DASHBOARD_URL) return `${env.VIGIL_DASHBOARD_URL}/alerts/${p.alert_id}`;
  return undefined;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Slack incoming webhook with Block Kit: header, the facts as fields, a link button, a context line with the dedup key. */
export function slackRequest(n: ClaimedNotification, webhookUrl: string, env: SendAlertEnv): ProviderRequest {
  const p = n.payload;
  const link = alertLink(p, env);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: `${EMOJI[n.kind]} ${TITLE[n.kind]}: ${p.rule}`.slice(0, 150), emoji: true } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Rule*\n${p.rule}` },
        { type: "mrkdwn", text: `*Severity*\n${p.severity}` },
        { type: "mrkdwn", text: `*Value*\n${formatValue(p.value, p.unit)}` },
        { type: "mrkdwn", text: `*Threshold*\n${p.metric} ${SYMBOL[p.comparator]} ${formatValue(p.threshold, p.unit)} over ${p.window}` },
      ],
    },
  ];
  const details = [p.description, labelText(p.labels) && `Labels: ${labelText(p.labels)}`,
    n.kind === "acknowledged" && p.note ? `Note: ${p.note}` : null].filter(Boolean).join("\n");
  if (details) blocks.push({ type: "section", text: { type: "mrkdwn", text: details.slice(0, 3000) } });
  if (link) {
    blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open alert" }, url: link }] });
  }
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Vigil · ${p.tenant ?? p.tenant_id} · dedup \`${n.dedup_key}\` · ${p.at}` }],
  });
  return {
    url: webhookUrl,
    purpose: "channel",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: summarize(p, n.kind), blocks }),
  };
}

/**
 * Resend POST /emails; the Idempotency-Key (dedup key, state, severity, sequence, channel, made by the
 * outbox row) makes a retried send harmless, and a move to another level a new email.
 */
export function resendRequest(n: ClaimedNotification, apiKey: string, env: SendAlertEnv): ProviderRequest {
  const p = n.payload;
  const cfg = n.channel_config as { to: string | string[]; from: string; reply_to?: string };
  const link = alertLink(p, env);
  const subject = `[${TITLE[n.kind]}][${p.severity}] ${p.rule}: ${formatValue(p.value, p.unit)} ${SYMBOL[p.comparator]} ${formatValue(p.threshold, p.unit)}`;
  const rows: [string, string][] = [
    ["Rule", p.rule],
    ["State", n.kind],
    ["Severity", p.severity],
    ["Value", formatValue(p.value, p.unit)],
    ["Threshold", `${p.metric} ${SYMBOL[p.comparator]} ${formatValue(p.threshold, p.unit)} over ${p.window}`],
    ["Labels", labelText(p.labels) || "none"],
    ["Dedup key", n.dedup_key],
    ["At", p.at],
  ];
  const text = [summarize(p, n.kind), "", ...(p.description ? [p.description, ""] : []),
    ...rows.map(([k, v]) => `${k}: ${v}`), ...(link ? ["", link] : [])].join("\n");
  const html = `<h2>${escapeHtml(`${TITLE[n.kind]}: ${p.rule}`)}</h2>` +
    (p.description ? `<p>${escapeHtml(p.description)}</p>` : "") +
    `<table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>` +
    (link ? `<p><a href="${escapeHtml(link)}">Open alert</a></p>` : "");
  return {
    url: `${env.RESEND_API_URL}/emails`,
    purpose: "provider",
    method: "POST",
    headers: {
      "Authorization": `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      "Idempotency-Key": n.idempotency_key,
    },
    body: JSON.stringify({
      from: cfg.from,
      to: Array.isArray(cfg.to) ? cfg.to : [cfg.to],
      subject: subject.slice(0, 250),
      html,
      text,
      ...(cfg.reply_to ? { reply_to: cfg.reply_to } : {}),
    }),
  };
}

/** Twilio Messages: form-encoded To, From, Body with basic auth (account SID : auth token). */
export function twilioRequest(n: ClaimedNotification, authToken: string, env: SendAlertEnv): ProviderRequest {
  const cfg = n.channel_config as { to: string; from: string; account_sid: string };
  const body = new URLSearchParams({ To: cfg.to, From: cfg.from, Body: summarize(n.payload, n.kind).slice(0, 1600) });
  return {
    url: `${env.TWILIO_API_URL}/2010-04-01/Accounts/${encodeURIComponent(cfg.account_sid)}/Messages.json`,
    purpose: "provider",
    method: "POST",
    headers: {
      "Authorization": `Basic ${btoa(`${cfg.account_sid}:${authToken}`)}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: body.toString(),
  };
}

/** PagerDuty Events API v2: trigger (firing, reminder), acknowledge, resolve, all on the alert's dedup key. */
export function pagerDutyRequest(n: ClaimedNotification, routingKey: string, env: SendAlertEnv): ProviderRequest {
  const p = n.payload;
  if (p.change_event) return pagerDutyChangeRequest(n, routingKey, env);
  const action = n.kind === "resolved" ? "resolve" : n.kind === "acknowledged" ? "acknowledge" : "trigger";
  const link = alertLink(p, env);
  const cfg = n.channel_config as { source?: string };
  const event: Record<string, unknown> = { routing_key: routingKey, event_action: action, dedup_key: n.dedup_key };
  if (action === "trigger") {
    event.payload = {
      summary: summarize(p, n.kind).slice(0, 1024),
      source: cfg.source ?? `vigil/${p.tenant ?? p.tenant_id}`,
      severity: p.severity,
      timestamp: p.at,
      component: p.labels?.name,
      group: p.rule,
      class: p.metric,
      custom_details: {
        value: p.value, threshold: p.threshold, comparator: p.comparator, window: p.window,
        event_count: p.event_count, labels: p.labels, description: p.description,
        ...(p.condition && p.condition !== "threshold"
          ? { condition: p.condition, direction: p.direction, observed: p.observed, baseline: p.baseline }
          : {}),
        ...(p.previous_severity && p.previous_severity !== p.severity ? { previous_severity: p.previous_severity } : {}),
      },
    };
    event.client = "Vigil";
    if (link) event.links = [{ href: link, text: "Open alert" }];
  }
  return {
    url: `${env.PAGERDUTY_EVENTS_URL}/v2/enqueue`,
    purpose: "provider",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(event),
  };
}

/**
 * PagerDuty Change Events (POST /v2/change/enqueue): a deploy's transitions on the service's change
 * timeline, beside any incident, so a responder sees "v2 rolled back" next to the alert it caused.
 */
export function pagerDutyChangeRequest(n: ClaimedNotification, routingKey: string, env: SendAlertEnv): ProviderRequest {
  const p = n.payload;
  const cfg = n.channel_config as { source?: string };
  const link = alertLink(p, env);
  return {
    url: `${env.PAGERDUTY_EVENTS_URL}/v2/change/enqueue`,
    purpose: "provider",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      routing_key: routingKey,
      payload: {
        summary: (p.description ?? p.rule).slice(0, 1024),
        timestamp: p.at,
        source: cfg.source ?? `vigil/${p.tenant ?? p.tenant_id}`,
        custom_details: { event: p.state, labels: p.labels, deployment: p.deployment ?? null },
      },
      ...(link ? { links: [{ href: link, text: "Open" }] } : {}),
    }),
  };
}

/** HMAC-SHA256 of `${timestamp}.${body}`, hex: what a receiver recomputes to trust a webhook. */
export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  return await hmacHex("SHA-256", secret, `${timestamp}.${body}`);
}

/** Generic webhook: the payload as JSON, signed (X-Vigil-Signature: sha256=<hex>) with the shared secret. */
export async function webhookRequest(n: ClaimedNotification, secret: string, now: Date): Promise<ProviderRequest> {
  const cfg = n.channel_config as { url: string };
  const body = JSON.stringify({ type: `alert.${n.kind}`, id: n.id, dedup_key: n.dedup_key, alert: n.payload, sent_at: now.toISOString() });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    url: cfg.url,
    purpose: "channel",
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Vigil-Event": `alert.${n.kind}`,
      "X-Vigil-Delivery": n.id,
      "X-Vigil-Timestamp": timestamp,
      "X-Vigil-Signature": `sha256=${await signWebhook(secret, timestamp, body)}`,
    },
    body,
  };
}

export async function buildRequest(n: ClaimedNotification, secret: string, env: SendAlertEnv, now: Date): Promise<ProviderRequest> {
  switch (n.channel_type) {
    case "slack":
      return slackRequest(n, secret, env);
    case "email":
      return resendRequest(n, secret, env);
    case "sms":
      return twilioRequest(n, secret, env);
    case "pagerduty":
      return pagerDutyRequest(n, secret, env);
    case "webhook":
      return await webhookRequest(n, secret, now);
  }
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, (date - now.getTime()) / 1000);
}

/**
 * Sends one request through the outbound guard with a timeout and says what it means for the
 * outbox. An address the guard refuses is recorded as refused and nothing is sent; a redirect is
 * never followed (a permanent failure); secrets never reach the error text.
 */
export async function send(
  request: ProviderRequest,
  opts: { outbound: Omit<OutboundPolicy, "purpose">; timeoutMs: number; now: () => Date; secret: string },
): Promise<AttemptRecord> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const redact = (s: string) => (opts.secret ? s.split(opts.secret).join("***") : s).slice(0, 500);
  try {
    const result = await guardedRequest(
      { url: request.url, method: request.method, headers: request.headers, body: request.body },
      { ...opts.outbound, purpose: request.purpose },
      { signal: controller.signal, maxBodyBytes: 4096 },
    );
    const durationMs = performance.now() - started;
    if (result.refused) return { outcome: "refused", statusCode: null, error: redact(result.error), durationMs, retryAfterSeconds: null };
    const res = result.response;
    if (res.status >= 200 && res.status < 300) return { outcome: "delivered", statusCode: res.status, error: null, durationMs, retryAfterSeconds: null };
    if (res.status >= 300 && res.status < 400) {
      // Following it would send the alert (and read the answer) wherever the receiver points,
      // internal addresses included: a receiver must give its final URL.
      return { outcome: "permanent", statusCode: res.status, error: `HTTP ${res.status}: redirect refused (redirects are not followed)`,
        durationMs, retryAfterSeconds: null };
    }
    const text = res.text;
    const error = redact(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
    // 4xx is the request's fault and will fail the same way again, except 429 (slow down).
    if (res.status === 429 || res.status >= 500) {
      return { outcome: "retry", statusCode: res.status, error, durationMs,
        retryAfterSeconds: parseRetryAfter(res.headers.get("retry-after"), opts.now()) };
    }
    return { outcome: "permanent", statusCode: res.status, error, durationMs, retryAfterSeconds: null };
  } catch (err) {
    const durationMs = performance.now() - started;
    const error = controller.signal.aborted
      ? `timed out after ${opts.timeoutMs} ms`
      : redact(`network error: ${err instanceof Error ? err.message : String(err)}`);
    return { outcome: "retry", statusCode: null, error, durationMs, retryAfterSeconds: null };
  } finally {
    clearTimeout(timer);
  }
}
