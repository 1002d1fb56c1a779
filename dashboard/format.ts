// How numbers read on the console: one formatter per unit, used by the page, the web component and
// `vigil status` alike, so a card in the browser and a line in the terminal agree.

/** A count with thousands separators: 12,345. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US");
}

/** Milliseconds: 87 ms, 1.24 s. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** A ratio as a percentage: 0.0123 -> 1.23%. */
export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined) return "–";
  const p = r * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(1) : p.toFixed(2)}%`;
}

/** A relative change: +12%, -3%, "new" when there was nothing before. */
export function formatChange(c: number | null | undefined, before?: number | null): string {
  if (c === null || c === undefined) return before === 0 ? "new" : "–";
  const p = Math.round(c * 100);
  return `${p > 0 ? "+" : ""}${p}%`;
}

/** A card's value in its unit. */
export function formatValue(value: unknown, unit: string | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  if (unit === "ms") return formatMs(value);
  if (unit === "ratio") return formatRatio(value);
  if (unit === "s ago") return `${Math.round(value)} s ago`;
  return `${formatCount(value)}${unit ? ` ${unit}` : ""}`;
}

/** How long ago, in words short enough for a table cell: 45 s, 12 min, 3 h, 2 d. */
export function formatAgo(at: string | null | undefined, now = Date.now()): string {
  if (!at) return "–";
  const s = Math.max(0, (now - Date.parse(at)) / 1000);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** The windows the console offers, in the URL's spelling, and their length. */
export const WINDOWS: Record<string, number> = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };

/** Parse "15m", "1h", "24h", "7d" (and "90s") to milliseconds; null when it is none of those. */
export function parseWindow(text: string): number | null {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}
