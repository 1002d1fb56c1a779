// The shape of vigil_api.dashboard()'s answer, as the page reads it.

export type Status = "ok" | "warn" | "bad" | "none";

export interface Card {
  name: string;
  title: string;
  value: unknown;
  unit: string | null;
  status: Status;
  detail: string | null;
  at?: string | null;
  error?: string;
}

export interface Operation {
  kind: string;
  name: string;
  count: number;
  errors: number;
  error_rate: number | null;
  success_rate: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  count_before: number | null;
  count_change: number | null;
  p95_change: number | null;
  error_rate_change: number | null;
  spark: number[] | null;
}

export interface Alert {
  id: string;
  rule: string;
  severity: string;
  metric: string;
  labels: Record<string, string>;
  state: string;
  state_since: string;
  value: number | null;
  threshold: number | null;
  comparator: string;
  firing_since: string | null;
  acknowledged_at: string | null;
  muted_by: string | null;
}

export interface ErrorGroup {
  fingerprint: string;
  error_type: string | null;
  name: string;
  sample_message: string | null;
  count: number;
  users_affected: number;
  first_seen: string;
  last_seen: string;
  status: string;
  is_new: boolean;
  last_release: string | null;
}

export interface WebVital {
  name: string;
  count: number;
  p75: number | null;
  rating: string | null;
  good: number | null;
  needs_improvement: number | null;
  poor: number | null;
}

export interface Marker {
  at: string;
  kind: string;
  label: string;
  severity: string | null;
  source: string;
  ref: Record<string, unknown> | null;
}

export interface Dashboard {
  tenant: string;
  since: string;
  until: string;
  bucket: string;
  can_operate: boolean;
  summary: { count: number; errors: number; success_rate: number | null; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; open_alerts: number };
  cards: Card[];
  series: { t: string[]; count: number[]; errors: number[]; error_rate: number[]; p95_ms: (number | null)[] };
  markers: Marker[];
  marker_errors: { source: string; error: string; message: string }[];
  firing: { alert_id: string; rule: string; severity: string; from: string; until: string }[];
  operations: Operation[];
  alerts: Alert[];
  error_groups: ErrorGroup[];
  web_vitals: WebVital[];
  system: { maintenance: Record<string, unknown>; db_health: { sampled_at: string | null; metrics: Record<string, { value: number; status: string; threshold: number | null }> | null; note?: string } } | null;
}

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  role: string | null;
}

export interface FunnelStep {
  step: number;
  name: string;
  count: number;
  conversion_from_previous: number | null;
  conversion_from_first: number | null;
}
