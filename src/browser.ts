// Browser instrumentation: page views (SPA navigation included), uncaught errors and rejections, web
// vitals, clicks on [data-vigil-action], and one last keepalive flush when the page is hidden or left.
/// <reference lib="dom" />
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from "web-vitals";
import type { BrowserOptions, Vigil } from "./types.ts";

export function instrumentBrowser(vigil: Vigil, opts: BrowserOptions, cleanups: (() => void)[], isClosed: () => boolean): void {
  const listen = <K extends string>(target: EventTarget, type: K, fn: (e: Event) => void, capture = false) => {
    const wrapped = (e: Event) => {
      if (isClosed()) return;
      try {
        fn(e);
      } catch {
        // never into the page
      }
    };
    target.addEventListener(type, wrapped, capture);
    cleanups.push(() => target.removeEventListener(type, wrapped, capture));
  };

  if (opts.pageViews !== false) {
    let last = location.pathname;
    vigil.recordPageView(last, { title: document.title || undefined, referrer: document.referrer || undefined });
    const changed = (how: string) => {
      const path = location.pathname;
      if (path === last) return;
      last = path;
      vigil.recordPageView(path, { navigation: how });
    };
    // SPA routers move with history.pushState/replaceState, which fire no event: wrap them.
    for (const method of ["pushState", "replaceState"] as const) {
      const original = history[method];
      const patched = function (this: History, ...args: Parameters<History["pushState"]>) {
        const r = original.apply(this, args);
        try {
          if (!isClosed()) changed(method);
        } catch {
          // ignore
        }
        return r;
      };
      history[method] = patched;
      cleanups.push(() => {
        if (history[method] === patched) history[method] = original;
      });
    }
    listen(window, "popstate", () => changed("popstate"));
    listen(window, "hashchange", () => changed("hashchange"));
  }

  if (opts.errors !== false) {
    listen(window, "error", (e) => {
      const ev = e as ErrorEvent;
      // Resource load failures (img, script) arrive here too, without an ErrorEvent's message.
      if (!(ev instanceof ErrorEvent)) return;
      const err = ev.error ?? { name: "Error", message: ev.message, stack: `at ${ev.filename}:${ev.lineno}:${ev.colno}` };
      vigil.recordError(err, { handled: false, attributes: { mechanism: "onerror", url: location.pathname } });
    });
    listen(window, "unhandledrejection", (e) => {
      const reason = (e as PromiseRejectionEvent).reason;
      vigil.recordError(reason, { handled: false, attributes: { mechanism: "unhandledrejection", url: location.pathname } });
    });
  }

  if (opts.actions !== false) {
    listen(document, "click", (e) => {
      const el = (e.target as Element | null)?.closest?.("[data-vigil-action]");
      const action = el?.getAttribute("data-vigil-action");
      if (action) vigil.recordUserAction(action, { element: el!.tagName.toLowerCase() });
    }, true);
  }

  if (opts.webVitals !== false) {
    const report = (m: Metric) => {
      if (isClosed()) return;
      vigil.recordWebVital(m.name as "LCP", m.value, { rating: m.rating, id: m.id, navigation_type: m.navigationType, path: location.pathname });
    };
    const all = { reportAllChanges: opts.reportAllChanges ?? false };
    onLCP(report, all);
    onCLS(report, all);
    onINP(report, all);
    onFCP(report);
    onTTFB(report);
  }

  // On window, in the bubbling phase: web-vitals reports its final LCP, CLS and INP from listeners
  // on document, which run first, so those values are in the queue when this sends it.
  const leave = () => void vigil.flush({ keepalive: true });
  listen(window, "visibilitychange", () => {
    if (document.visibilityState === "hidden") leave();
  });
  listen(window, "pagehide", leave);
}
