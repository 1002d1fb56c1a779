// send-alert: claims due notifications from the outbox, delivers each through its channel and
// records every attempt. Takes its dependencies as arguments so tests run it against a real
// database and local provider servers.
import { z } from "zod";
import { json, serviceCall } from "../_shared/request.ts";
import { buildRequest, send } from "../_shared/channels.ts";
import { type ClaimedNotification, claimNotifications, readOutboundAllowLoopback, recordAttempt } from "../_shared/db.ts";
import { LEASE_MARGIN_MS, type SendAlertEnv } from "../_shared/env.ts";
import type { OutboundPolicy } from "../_shared/outbound.ts";
import type { FunctionDeps } from "../_shared/deps.ts";

export type SendAlertDeps = FunctionDeps<SendAlertEnv>;

const Body = z.object({ limit: z.number().int().min(1).max(500).optional() }).strict();

export interface SendAlertSummary {
  claimed: number;
  delivered: number;
  retrying: number;
  dead: number;
  /** Claims found lost when recording (the lease had passed and another run took the row): the run stopped there. */
  lost: number;
  results: { id: string; channel: string; kind: string; status: string; error: string | null }[];
}

async function deliver(n: ClaimedNotification, deps: SendAlertDeps, outbound: Omit<OutboundPolicy, "purpose">) {
  const secret = await deps.secret(n.secret_name);
  if (!secret) {
    // A configuration error: retrying cannot fix it. The operator sets the secret and retries the dead letter.
    return { outcome: "permanent" as const, statusCode: null, durationMs: 0, retryAfterSeconds: null,
      error: `secret ${n.secret_name} is not set in the function's environment or in Vault` };
  }
  const request = await buildRequest(n, secret, deps.env, deps.clock());
  // A send may take the whole timeout, and must end with a margin left to record it before
  // the lease does; otherwise another run could claim the row again and send it a second time.
  const leftMs = n.lease_until.getTime() - deps.clock().getTime();
  if (leftMs < deps.env.SEND_ALERT_TIMEOUT_MS + LEASE_MARGIN_MS) {
    return { outcome: "retry" as const, statusCode: null, durationMs: 0, retryAfterSeconds: 0,
      error: `not sent: ${Math.max(0, Math.round(leftMs))} ms were left of the claim's lease, less than the send timeout and its margin` };
  }
  return await send(request, { outbound, timeoutMs: deps.env.SEND_ALERT_TIMEOUT_MS, now: deps.clock, secret });
}

export function createSendAlertHandler(deps: SendAlertDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    const parsed = await serviceCall(req, deps.env.SUPABASE_SERVICE_ROLE_KEY, "send-alert", Body, '{} or {"limit": 20}');
    if (parsed.refusal) return parsed.refusal;

    const env = deps.env;
    const limit = parsed.data.limit ?? env.SEND_ALERT_BATCH;
    const summary: SendAlertSummary = { claimed: 0, delivered: 0, retrying: 0, dead: 0, lost: 0, results: [] };
    // Read once per run, when the first row is claimed: the loopback allowance of the outbound
    // guard (off unless the service role or a DBA set it).
    let allowLoopback: Promise<boolean> | undefined;
    const outbound = async () => ({ allowLoopback: await (allowLoopback ??= readOutboundAllowLoopback(deps.db)), lookup: deps.lookup });
    // Each worker claims one row just before sending it, so a claim's lease only has to
    // cover one send (the env schema keeps it above the timeout plus two margins), however long
    // the run and however slow the receivers. Every result is recorded under its claim token; when
    // that says the claim was lost (this run stalled past a lease and another run took the row),
    // the run stops: it is running late, and what it would claim next is better left to the others.
    let budget = limit;
    let stop = false;
    const worker = async () => {
      while (!stop && budget > 0) {
        budget--;
        const [n] = await claimNotifications(deps.db, 1, env.SEND_ALERT_LEASE_SECONDS, deps.clock());
        if (!n) return;
        summary.claimed++;
        // One row's failure (its secret unreadable, its request impossible to build) is that row's
        // attempt, retried with backoff and dead-lettered at the limit: it never stops the other rows.
        const attempt = await deliver(n, deps, await outbound()).catch((err: unknown) => ({
          outcome: "retry" as const, statusCode: null, durationMs: 0, retryAfterSeconds: null,
          error: `could not be sent: ${err instanceof Error ? err.message : String(err)}`,
        }));
        const recorded = await recordAttempt(deps.db, n, attempt, deps.clock(), env.SEND_ALERT_MAX_ATTEMPTS, env.SEND_ALERT_BACKOFF_BASE_MS);
        if (!recorded.recorded) {
          stop = true;
          summary.lost++;
          summary.results.push({ id: n.id, channel: n.channel_type, kind: n.kind, status: "lost", error: attempt.error });
          continue;
        }
        if (recorded.status === "delivered") summary.delivered++;
        else if (recorded.status === "dead") summary.dead++;
        else summary.retrying++;
        summary.results.push({ id: n.id, channel: n.channel_type, kind: n.kind, status: recorded.status, error: attempt.error });
      }
    };
    // A small pool: providers are slow compared with the database, so deliveries overlap.
    await Promise.all(Array.from({ length: Math.min(env.SEND_ALERT_CONCURRENCY, limit) }, worker));
    return json(200, { data: summary, error: null });
  };
}
