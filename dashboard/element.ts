// <vigil-dashboard>: the console as a web component. It reads everything through vigil_api with the
// supabase-js client it is given (or builds one from its supabase-url and anon-key attributes), so every
// number passes the project's own RLS; the standalone page is this element plus a sign-in.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css";
import { drawCharts, sparkline, visibleMarkers } from "./chart.ts";
import { formatAgo, formatChange, formatCount, formatMs, formatRatio, formatValue, parseWindow, WINDOWS } from "./format.ts";
import { STYLE } from "./style.ts";
import type { Alert, Dashboard, ErrorGroup, FunnelStep, Operation, Tenant } from "./types.ts";

const REFRESH_MS = 30_000;

type Child = Node | string | null | undefined | false;

/** A DOM element with attributes and children: the page's whole templating. */
function h(tag: string, attrs: Record<string, string | number | boolean | null | undefined> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** An error from vigil_api as PostgREST reports it, with the sentence the database raised. */
export class RpcError extends Error {
  constructor(readonly code: string, message: string, readonly hint: string | null = null) {
    super(message);
  }
}

type SortKey = "name" | "count" | "error_rate" | "p95_ms" | "p99_ms" | "count_change";

interface State {
  tenant: string | null;
  window: string;
  sort: SortKey;
  desc: boolean;
  funnel: string[];
  /** The series' bucket ("1m", "1h"); none: the database picks one for the window. */
  bucket: string | null;
}

export class VigilDashboard extends HTMLElement {
  /** The supabase-js client to call vigil_api with; set it to share the app's signed-in session. */
  client: SupabaseClient | null = null;
  /** The clock, so a test or a screenshot can pin "now". */
  now: () => number = () => Date.now();
  private root: ShadowRoot;
  private state: State = { tenant: null, window: "1h", sort: "count", desc: true, funnel: [], bucket: null };
  /** How long the last draw took (DOM and charts), in ms: what the render budget measures. */
  lastRenderMs = 0;
  private tenants: Tenant[] | null = null;
  private data: Dashboard | null = null;
  private charts: uPlot[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private loading = false;
  private lastLoad = 0;
  private onVisibility = () => {
    if (!document.hidden && this.now() - this.lastLoad >= REFRESH_MS) void this.refresh();
  };

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  connectedCallback() {
    if (!this.client) {
      const url = this.getAttribute("supabase-url");
      const key = this.getAttribute("anon-key");
      if (url && key) this.client = createClient(url, key);
    }
    this.readUrl();
    this.state.tenant ??= this.getAttribute("tenant");
    this.state.window = this.getAttribute("window") && !this.syncsUrl() ? this.getAttribute("window")! : this.state.window;
    // Auto-refresh every 30 s, skipped while the tab is hidden (no one is looking, and a phone's
    // battery is not ours to spend); coming back after longer than that refreshes at once.
    this.timer = setInterval(() => {
      if (!document.hidden) void this.refresh();
    }, REFRESH_MS);
    document.addEventListener("visibilitychange", this.onVisibility);
    void this.refresh();
  }

  disconnectedCallback() {
    clearInterval(this.timer);
    document.removeEventListener("visibilitychange", this.onVisibility);
    for (const c of this.charts) c.destroy();
  }

  private syncsUrl(): boolean {
    return this.hasAttribute("sync-url");
  }

  /** State lives in the URL (tenant, window, sort, funnel), so a view can be bookmarked and shared. */
  private readUrl() {
    if (!this.syncsUrl()) return;
    const q = new URLSearchParams(location.search);
    const w = q.get("window");
    if (w && WINDOWS[w]) this.state.window = w;
    this.state.tenant = q.get("tenant") ?? this.state.tenant;
    const sort = q.get("sort");
    if (sort) {
      this.state.desc = sort.startsWith("-");
      this.state.sort = sort.replace(/^-/, "") as SortKey;
    }
    const bucket = q.get("bucket");
    this.state.bucket = bucket && parseWindow(bucket) ? bucket : null;
    this.state.funnel = (q.get("funnel") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  }

  private writeUrl() {
    if (!this.syncsUrl()) return;
    const q = new URLSearchParams(location.search);
    if (this.state.tenant) q.set("tenant", this.state.tenant);
    q.set("window", this.state.window);
    q.set("sort", `${this.state.desc ? "-" : ""}${this.state.sort}`);
    history.replaceState(null, "", `${location.pathname}?${q}`);
  }

  private async rpc<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
    if (!this.client) throw new RpcError("PGRST000", "No Supabase client: set supabase-url and anon-key, or the client property.");
    const { data, error } = await this.client.schema("vigil_api").rpc(fn, args);
    if (error) throw new RpcError(error.code ?? "", error.message, error.hint ?? null);
    return data as T;
  }

  /** Load the tenants once, then the dashboard of the chosen one, and draw it. */
  async refresh(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    try {
      this.tenants ??= (await this.rpc<Tenant[]>("my_tenants")).filter((t) => t.role !== null || this.tenantsIncludeAll());
      // The newest tenant first: after `npm run demo` that is the run just recorded.
      if (!this.state.tenant) this.state.tenant = this.tenants.at(-1)?.id ?? null;
      if (!this.state.tenant) {
        this.data = null;
        this.draw(null);
        return;
      }
      this.writeUrl();
      const until = new Date(this.now());
      const since = new Date(until.getTime() - WINDOWS[this.state.window]);
      const bucketMs = this.state.bucket ? parseWindow(this.state.bucket) : null;
      this.data = await this.rpc<Dashboard>("dashboard", {
        p_tenant: this.state.tenant, p_since: since.toISOString(), p_until: until.toISOString(),
        ...(bucketMs ? { p_bucket: `${bucketMs / 1000} seconds` } : {}),
      });
      if (this.state.funnel.length > 1) {
        this.funnel = await this.rpc<FunnelStep[]>("funnel", { p_tenant: this.state.tenant, p_steps: this.state.funnel, p_since: since.toISOString(), p_until: until.toISOString() });
      }
      this.lastLoad = this.now();
      this.draw(null);
    } catch (err) {
      this.draw(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.loading = false;
    }
  }

  private funnel: FunnelStep[] | null = null;

  /** The service role sees every tenant with no role; a signed-in user only those they belong to. */
  private tenantsIncludeAll(): boolean {
    return this.hasAttribute("all-tenants");
  }

  private async act(action: "acknowledge" | "resolve" | "silence", alert: Alert) {
    try {
      if (action === "silence") {
        await this.rpc("create_silence", {
          p_tenant: this.state.tenant, p_matchers: { rule: alert.rule },
          p_ends_at: new Date(this.now() + 3_600_000).toISOString(), p_comment: "silenced for 1 h from the console",
        });
      } else {
        await this.rpc(`${action}_alert`, { p_alert: alert.id, p_note: "from the console" });
      }
      await this.refresh();
    } catch (err) {
      this.flash(err instanceof Error ? err.message : String(err));
    }
  }

  private flash(message: string) {
    const bar = this.root.querySelector(".flash");
    if (bar) bar.textContent = message;
  }

  private draw(error: Error | null) {
    const started = performance.now();
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const d = this.data;
    const body = h("main", {},
      this.header(),
      h("div", { class: "flash", role: "status" }),
      error ? this.refusal(error)
        : !this.state.tenant ? this.empty("You are not a member of any tenant yet.",
          "Ask an admin to add you (vigil_api.add_member), or create one with vigil_api.create_tenant.")
        : d ? this.body(d) : null);
    this.root.replaceChildren(h("style", {}, uplotCss + STYLE), body);
    if (d && !error) {
      const into = this.root.querySelector<HTMLElement>(".charts");
      if (into && d.summary.count > 0) {
        const width = Math.max(320, Math.min(into.clientWidth || 960, 1400));
        this.charts = drawCharts(into, d, width, matchMedia("(prefers-color-scheme: dark)").matches);
      }
    }
    this.lastRenderMs = performance.now() - started;
    this.dispatchEvent(new CustomEvent("vigil-rendered", { detail: { error: error?.message ?? null } }));
  }

  private header(): HTMLElement {
    const tenantPicker = this.tenants && this.tenants.length > 0
      ? h("select", { class: "tenant", "aria-label": "Tenant" }, this.tenants.map((t) =>
        h("option", { value: t.id, selected: t.id === this.state.tenant }, `${t.name}${t.role ? ` (${t.role})` : ""}`)))
      : null;
    tenantPicker?.addEventListener("change", (e) => {
      this.state.tenant = (e.target as HTMLSelectElement).value;
      void this.refresh();
    });
    const windows = h("nav", { class: "windows", "aria-label": "Window" }, Object.keys(WINDOWS).map((w) => {
      const b = h("button", { type: "button", "data-window": w, "aria-pressed": w === this.state.window ? "true" : "false" }, w);
      b.addEventListener("click", () => {
        this.state.window = w;
        void this.refresh();
      });
      return b;
    }));
    const updated = this.lastLoad ? `updated ${new Date(this.lastLoad).toLocaleTimeString("en-GB")} · refreshes every 30 s` : "";
    return h("header", {}, h("h1", {}, "Vigil"), tenantPicker, windows, h("span", { class: "updated" }, updated));
  }

  private refusal(error: Error): HTMLElement {
    const code = error instanceof RpcError ? error.code : "";
    return h("section", { class: "refusal", role: "alert", "data-code": code },
      h("h2", {}, code === "42501" ? "Not allowed" : "Something went wrong"),
      h("p", { class: "message" }, error.message),
      error instanceof RpcError && error.hint ? h("p", { class: "hint" }, error.hint) : null);
  }

  private empty(what: string, next: string): HTMLElement {
    return h("div", { class: "empty" }, h("p", {}, what), h("p", { class: "next" }, next));
  }

  private body(d: Dashboard): (HTMLElement | null)[] {
    return [
      h("section", { class: "cards" }, d.cards.map((c) =>
        h("div", { class: `card ${c.status}`, "data-card": c.name, "data-status": c.status, title: c.detail ?? "" },
          h("div", { class: "title" }, c.title),
          h("div", { class: "value", "data-raw": JSON.stringify(c.value ?? null) }, formatValue(c.value, c.unit)),
          h("div", { class: "detail" }, c.detail ?? "")))),
      d.summary.count === 0
        ? this.empty("No events in this window.", "Send some with the SDK (createVigil, see the README), or run `npm run demo` and pick its tenant.")
        : h("section", { class: "charts" }),
      visibleMarkers(d).length ? h("ul", { class: "markers" }, visibleMarkers(d).slice(-20).map((m) =>
        h("li", { class: m.severity ?? "info", "data-kind": m.kind }, h("time", {}, new Date(m.at).toLocaleTimeString("en-GB")), " ", m.label))) : null,
      this.alertsTable(d),
      this.operationsTable(d.operations),
      this.errorGroupsTable(d.error_groups),
      this.funnelTable(),
      this.vitalsTable(d),
      this.systemSection(d),
    ];
  }

  private section(title: string, name: string, content: HTMLElement): HTMLElement {
    return h("section", { class: "block", "data-section": name }, h("h2", {}, title), content);
  }

  private alertsTable(d: Dashboard): HTMLElement {
    if (d.alerts.length === 0) {
      return this.section("Open alerts", "alerts", this.empty("No alert is open.",
        "Rules fire here when they breach; install the defaults with vigil_api.install_default_rules."));
    }
    const rows = d.alerts.map((a) => {
      const actions = d.can_operate ? h("td", { class: "actions" },
        a.acknowledged_at ? null : this.button("Acknowledge", () => this.act("acknowledge", a)),
        this.button("Resolve", () => this.act("resolve", a)),
        a.muted_by ? null : this.button("Silence 1 h", () => this.act("silence", a))) : null;
      return h("tr", { "data-alert": a.id, "data-state": a.state },
        h("td", { "data-col": "rule" }, a.rule),
        h("td", { "data-col": "severity" }, h("span", { class: `badge ${a.severity}` }, a.severity)),
        h("td", { "data-col": "state" }, a.state),
        h("td", { "data-col": "since" }, formatAgo(a.firing_since ?? a.state_since, this.now())),
        h("td", { "data-col": "value", "data-raw": JSON.stringify(a.value) }, a.value === null ? "–" : `${+a.value.toPrecision(4)} ${a.comparator} ${a.threshold}`),
        h("td", { "data-col": "acknowledged" }, a.acknowledged_at ? "yes" : a.muted_by ? `muted (${a.muted_by})` : "no"),
        actions);
    });
    return this.section("Open alerts", "alerts", h("table", {},
      h("thead", {}, h("tr", {}, ["Rule", "Severity", "State", "Since", "Value", "Acknowledged", d.can_operate ? "" : null]
        .filter((x) => x !== null).map((x) => h("th", {}, x)))),
      h("tbody", {}, rows)));
  }

  private button(label: string, onClick: () => void): HTMLElement {
    const b = h("button", { type: "button", "data-action": label.split(" ")[0].toLowerCase() }, label);
    b.addEventListener("click", onClick);
    return b;
  }

  private operationsTable(ops: Operation[]): HTMLElement {
    if (ops.length === 0) return this.section("Operations", "operations", this.empty("No operation recorded in this window.", "Wrap calls with vigil.track(name, fn)."));
    const key = this.state.sort;
    const sorted = [...ops].sort((a, b) => {
      const x = a[key] ?? -Infinity;
      const y = b[key] ?? -Infinity;
      const c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : (x as number) - (y as number);
      return this.state.desc ? -c : c;
    });
    const columns: [SortKey, string][] = [["name", "Operation"], ["count", "Count"], ["error_rate", "Error rate"], ["p95_ms", "p95"], ["p99_ms", "p99"], ["count_change", "vs a week ago"]];
    const head = h("tr", {}, columns.map(([k, label]) => {
      const th = h("th", { "data-sort": k, "aria-sort": k === key ? (this.state.desc ? "descending" : "ascending") : null }, label, k === key ? (this.state.desc ? " ▾" : " ▴") : "");
      th.addEventListener("click", () => {
        this.state.desc = this.state.sort === k ? !this.state.desc : k !== "name";
        this.state.sort = k;
        this.writeUrl();
        this.draw(null);
      });
      return th;
    }), h("th", {}, "Trend"));
    const rows = sorted.map((o) => h("tr", { "data-operation": `${o.kind}:${o.name}` },
      h("td", { "data-col": "name" }, o.name, o.kind !== "operation" ? h("span", { class: "kind" }, ` ${o.kind}`) : null),
      h("td", { "data-col": "count", "data-raw": o.count }, formatCount(o.count)),
      h("td", { "data-col": "error_rate", "data-raw": JSON.stringify(o.error_rate) }, formatRatio(o.error_rate)),
      h("td", { "data-col": "p95_ms", "data-raw": JSON.stringify(o.p95_ms) }, formatMs(o.p95_ms)),
      h("td", { "data-col": "p99_ms", "data-raw": JSON.stringify(o.p99_ms) }, formatMs(o.p99_ms)),
      h("td", { "data-col": "count_change", class: (o.count_change ?? 0) < 0 ? "down" : "up" }, formatChange(o.count_change, o.count_before)),
      h("td", { "data-col": "trend" }, sparkline(o.spark))));
    return this.section("Operations", "operations", h("table", { class: "operations" }, h("thead", {}, head), h("tbody", {}, rows)));
  }

  private errorGroupsTable(groups: ErrorGroup[]): HTMLElement {
    if (groups.length === 0) return this.section("Error groups", "error_groups", this.empty("No error in this window.", "Errors recorded with vigil.recordError are grouped here by fingerprint."));
    return this.section("Error groups", "error_groups", h("table", {},
      h("thead", {}, h("tr", {}, ["Error", "Where", "Count", "Users", "Last seen", "Release"].map((x) => h("th", {}, x)))),
      h("tbody", {}, groups.map((g) => h("tr", { "data-fingerprint": g.fingerprint },
        h("td", { "data-col": "error" },
          g.status === "regressed" ? h("span", { class: "badge critical" }, "REGRESSED") : g.is_new ? h("span", { class: "badge warning" }, "NEW") : null,
          ` ${g.error_type ?? "Error"}`, g.sample_message ? h("div", { class: "sample" }, g.sample_message) : null),
        h("td", { "data-col": "name" }, g.name),
        h("td", { "data-col": "count", "data-raw": g.count }, formatCount(g.count)),
        h("td", { "data-col": "users" }, formatCount(g.users_affected)),
        h("td", { "data-col": "last_seen" }, formatAgo(g.last_seen, this.now())),
        h("td", { "data-col": "release" }, g.last_release ?? "–"))))));
  }

  private funnelTable(): HTMLElement | null {
    if (this.state.funnel.length < 2 || !this.funnel) return null;
    return this.section(`Funnel: ${this.state.funnel.join(" → ")}`, "funnel", h("table", {},
      h("thead", {}, h("tr", {}, ["Step", "Users", "From previous", "From first"].map((x) => h("th", {}, x)))),
      h("tbody", {}, this.funnel.map((s) => h("tr", { "data-step": s.name },
        h("td", {}, `${s.step}. ${s.name}`), h("td", { "data-raw": s.count }, formatCount(s.count)),
        h("td", {}, formatRatio(s.conversion_from_previous)), h("td", {}, formatRatio(s.conversion_from_first)))))));
  }

  private vitalsTable(d: Dashboard): HTMLElement {
    const seen = d.web_vitals.filter((v) => v.count > 0);
    if (seen.length === 0) return this.section("Web vitals", "web_vitals", this.empty("No web vital in this window.", "The browser SDK records LCP, INP, CLS, FCP and TTFB by itself (createBrowserVigil)."));
    return this.section("Web vitals (p75)", "web_vitals", h("table", {},
      h("thead", {}, h("tr", {}, ["Vital", "p75", "Rating", "Good", "Needs improvement", "Poor", "Samples"].map((x) => h("th", {}, x)))),
      h("tbody", {}, seen.map((v) => h("tr", { "data-vital": v.name },
        h("td", {}, v.name),
        h("td", { "data-col": "p75", "data-raw": JSON.stringify(v.p75) }, v.name === "CLS" ? (v.p75 ?? 0).toFixed(3) : formatMs(v.p75)),
        h("td", { "data-col": "rating" }, h("span", { class: `badge ${v.rating === "good" ? "ok" : v.rating === "poor" ? "critical" : "warning"}` }, v.rating ?? "–")),
        h("td", {}, formatRatio(v.good)), h("td", {}, formatRatio(v.needs_improvement)), h("td", {}, formatRatio(v.poor)),
        h("td", {}, formatCount(v.count)))))));
  }

  private systemSection(d: Dashboard): HTMLElement | null {
    if (!d.system) return null;
    const m = d.system.maintenance as { stale: boolean; scheduled: boolean; schedule: string | null; last_run_at: string | null; last_duration_ms: number | null; failed_steps: { step: string; error: string }[] };
    const metrics = Object.entries(d.system.db_health.metrics ?? {});
    return this.section("System", "system", h("div", { class: "system" },
      h("table", {}, h("tbody", {},
        h("tr", {}, h("th", {}, "Maintenance"), h("td", { "data-col": "maintenance" }, m.stale ? "stale" : "running")),
        h("tr", {}, h("th", {}, "pg_cron job"), h("td", {}, m.scheduled ? `scheduled (${m.schedule})` : "not scheduled: select vigil_api.schedule();")),
        h("tr", {}, h("th", {}, "Last run"), h("td", {}, `${formatAgo(m.last_run_at, this.now())}, ${formatMs(m.last_duration_ms)}`)),
        m.failed_steps.map((s) => h("tr", { class: "bad" }, h("th", {}, `step ${s.step}`), h("td", {}, s.error))),
        metrics.length ? metrics.map(([name, v]) => h("tr", { "data-metric": name }, h("th", {}, name), h("td", { class: v.status }, `${+Number(v.value).toPrecision(4)} (${v.status})`)))
          : h("tr", {}, h("th", {}, "Database"), h("td", {}, d.system.db_health.note ?? "no sample"))))));
  }
}

/** Define <vigil-dashboard> once (a page may load the bundle twice). */
export function defineVigilDashboard(name = "vigil-dashboard") {
  if (!customElements.get(name)) customElements.define(name, VigilDashboard);
}
