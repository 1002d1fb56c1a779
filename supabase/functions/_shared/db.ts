// Database access for edge functions: the `postgres` driver on SUPABASE_DB_URL, and the outbox
// calls send-alert makes. The SQL holds the logic (claiming, retry policy); this only calls it.
import postgres from "postgres";

export type Db = postgres.Sql;

/** One small pool per function instance; prepare off so it also works through a transaction pooler. */
export function connect(url: string): Db {
  return postgres(url, { max: 4, prepare: false, onnotice: () => {}, connection: { application_name: "vigil-edge" } });
}

export interface ClaimedNotification {
  id: string;
  tenant_id: string;
  alert_id: string;
  kind: "firing" | "resolved" | "reminder" | "acknowledged";
  seq: number;
  attempt: number;
  dedup_key: string;
  payload: AlertPayload;
  channel_id: string;
  channel_type: "email" | "slack" | "sms" | "webhook" | "pagerduty";
  channel_config: Record<string, unknown>;
  secret_name: string;
  /** New at each claim; recording a result needs it (vigil.record_alert_delivery). */
  claim_token: string;
  /** When the claim's lease ends: the send must be over, and its result recorded, before then. */
  lease_until: Date;
  /** Dedup key, kind, severity, sequence and channel (vigil.alert_notifications.idempotency_key): Resend's Idempotency-Key. */
  idempotency_key: string;
}

/** What vigil._alert_payload puts in each notification. */
export interface AlertPayload {
  kind: string;
  state: string;
  alert_id: string;
  tenant_id: string;
  tenant: string | null;
  rule_id: string;
  rule: string;
  description: string | null;
  severity: "info" | "warning" | "critical";
  metric: string;
  unit: string | null;
  comparator: "gt" | "gte" | "lt" | "lte" | "eq";
  threshold: number;
  value: number | null;
  window: string;
  event_count: number | null;
  labels: Record<string, string>;
  dedup_key: string;
  firing_since: string | null;
  at: string;
  runbook_url: string | null;
  actor: string | null;
  channel: string;
  note?: string | null;
  /** change_pct and anomaly rules: the condition, the direction judged, the metric's own value and its baseline. */
  condition?: "threshold" | "change_pct" | "anomaly";
  direction?: "rise" | "drop" | "either" | null;
  observed?: number | null;
  baseline?: number | null;
  /** The level receivers were last told of, when this firing moves the alert to another one. */
  previous_severity?: "info" | "warning" | "critical" | null;
  /** Deployment notifications: the deployment's facts, and whether this row is a PagerDuty change event. */
  deployment?: Record<string, unknown> | null;
  change_event?: boolean;
}

export async function claimNotifications(db: Db, limit: number, leaseSeconds: number, now: Date): Promise<ClaimedNotification[]> {
  const rows = await db<ClaimedNotification[]>`
    select id::text, tenant_id::text, alert_id::text, kind, seq, attempt, dedup_key, payload, channel_id::text,
           channel_type, channel_config, secret_name, claim_token::text, lease_until, idempotency_key
    from vigil.claim_alert_notifications(${limit}, make_interval(secs => ${leaseSeconds}), ${now.toISOString()}::timestamptz)`;
  return [...rows];
}

export interface AttemptRecord {
  outcome: "delivered" | "retry" | "permanent" | "refused";
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  retryAfterSeconds: number | null;
}

/** What recording an attempt did; recorded is false when the claim had been lost (the row is another run's now). */
export interface RecordedAttempt {
  recorded: boolean;
  status: string;
  attempts: number;
  next_attempt_at?: string | null;
}

export async function recordAttempt(
  db: Db, n: Pick<ClaimedNotification, "id" | "claim_token">, a: AttemptRecord, now: Date, maxAttempts: number, backoffBaseMs: number,
): Promise<RecordedAttempt> {
  const [row] = await db<{ result: RecordedAttempt }[]>`
    select vigil.record_alert_delivery(${n.id}::bigint, ${n.claim_token}::uuid, ${a.outcome}, ${a.statusCode}, ${a.error}, ${a.durationMs},
      ${a.retryAfterSeconds}, ${now.toISOString()}::timestamptz, ${maxAttempts},
      make_interval(secs => ${backoffBaseMs / 1000})) as result`;
  return row.result;
}

/** Whether the outbound guard lets requests reach loopback: a setting only the service role or a DBA changes. */
export async function readOutboundAllowLoopback(db: Db): Promise<boolean> {
  const [row] = await db<{ allow: boolean }[]>`select vigil.outbound_allow_loopback() as allow`;
  return row?.allow === true;
}

/** A VIGIL_* secret from Supabase Vault, for secrets not in the function's environment. */
export async function readVaultSecret(db: Db, name: string): Promise<string | null> {
  const [row] = await db<{ value: string | null }[]>`select vigil.read_alert_secret(${name}) as value`;
  return row?.value ?? null;
}
