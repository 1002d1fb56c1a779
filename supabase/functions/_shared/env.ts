// The send-alert function's configuration, parsed once at start-up: a missing or malformed value
// fails loudly with the variable's name instead of surfacing later as a failed delivery.
import { z } from "zod";

/** A base URL setting, without its trailing slashes. */
export const url = (name: string) =>
  z.string({ error: `${name} must be set` }).url({ error: `${name} must be a URL` }).transform((u) => u.replace(/\/+$/, ""));

/** A whole-number setting between min and max, fallback when unset. */
export const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** What every edge function needs: the service role key its callers present, and its database. */
export const functionEnv = {
  SUPABASE_SERVICE_ROLE_KEY: z.string({ error: "SUPABASE_SERVICE_ROLE_KEY must be set" }).min(1, "SUPABASE_SERVICE_ROLE_KEY must be set"),
  SUPABASE_DB_URL: z.string({ error: "SUPABASE_DB_URL must be set" }).regex(/^postgres(ql)?:\/\//, "SUPABASE_DB_URL must be a postgres:// URL"),
};

/**
 * Time a claim's lease keeps beyond a send's timeout: for recording the result once the send has
 * ended, and for the clocks of two runs disagreeing a little. The lease must also leave one more
 * such margin between the claim and the start of the send (reading the secret, building the request).
 */
export const LEASE_MARGIN_MS = 1000;

export const SendAlertEnvSchema = z.object({
  ...functionEnv,
  /** Provider base URLs: the public APIs by default, local servers in tests. */
  RESEND_API_URL: url("RESEND_API_URL").default("https://api.resend.com"),
  TWILIO_API_URL: url("TWILIO_API_URL").default("https://api.twilio.com"),
  PAGERDUTY_EVENTS_URL: url("PAGERDUTY_EVENTS_URL").default("https://events.pagerduty.com"),
  /** Where "Open" links point when a rule has no runbook_url: `${VIGIL_DASHBOARD_URL}/alerts/<id>`. */
  VIGIL_DASHBOARD_URL: url("VIGIL_DASHBOARD_URL").optional(),
  SEND_ALERT_TIMEOUT_MS: int(100, 120_000, 10_000),
  SEND_ALERT_BATCH: int(1, 500, 50),
  SEND_ALERT_CONCURRENCY: int(1, 32, 8),
  SEND_ALERT_MAX_ATTEMPTS: int(1, 50, 8),
  SEND_ALERT_BACKOFF_BASE_MS: int(10, 3_600_000, 30_000),
  /** How long a claim holds its row; it covers one send (one row is claimed just before each send). */
  SEND_ALERT_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
}).superRefine((env, ctx) => {
  // A send that outlives its claim's lease can be sent a second time by another run: refuse
  // settings under which a send that takes the whole timeout would.
  const needMs = env.SEND_ALERT_TIMEOUT_MS + 2 * LEASE_MARGIN_MS;
  if (env.SEND_ALERT_LEASE_SECONDS * 1000 < needMs) {
    ctx.addIssue({
      code: "custom",
      path: ["SEND_ALERT_LEASE_SECONDS"],
      message: `${env.SEND_ALERT_LEASE_SECONDS} s is too short: a lease must be at least SEND_ALERT_TIMEOUT_MS ` +
        `(${env.SEND_ALERT_TIMEOUT_MS} ms) plus ${(2 * LEASE_MARGIN_MS) / 1000} s, i.e. ${needMs / 1000}, so that a send ends, ` +
        `and its result is recorded, while its claim holds`,
    });
  }
});

export type SendAlertEnv = z.infer<typeof SendAlertEnvSchema>;

export type Result<T> = { data: T; error: null } | { data: null; error: string };

/** Parses a function's environment with its schema; the error names every bad variable. */
export function parseEnv<T>(schema: z.ZodType<T>, raw: Record<string, string | undefined>): Result<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, error: null };
  return { data: null, error: parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ") };
}

export const parseSendAlertEnv = (raw: Record<string, string | undefined>): Result<SendAlertEnv> => parseEnv(SendAlertEnvSchema, raw);
