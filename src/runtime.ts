// What the SDK needs from the runtime it finds itself in: a clock, whether this is a browser, the
// default event source, and the tab's session id.
import { childContext } from "./context.ts";
import type { Clock } from "./types.ts";

export const defaultClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms) as unknown as { unref?: () => void };
    // A pending flush must not keep a Node script alive; shutdown() is how to wait for it.
    h?.unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

// Read through globalThis so the module type-checks where the DOM library is absent (Deno).
export const isBrowser = typeof (globalThis as { window?: unknown }).window !== "undefined" &&
  typeof (globalThis as { document?: unknown }).document !== "undefined";

export function defaultSource(): string {
  if (isBrowser) return "browser";
  if ((globalThis as { Deno?: unknown }).Deno) return "deno";
  return "server";
}

// One session per browser tab, across page loads: sessionStorage lives exactly that long.
export function browserSession(): string | undefined {
  if (!isBrowser) return undefined;
  try {
    const store = (globalThis as { sessionStorage?: Storage }).sessionStorage;
    const found = store?.getItem("vigil.session");
    if (found) return found;
    const id = `s_${childContext().traceId.slice(0, 20)}`;
    store?.setItem("vigil.session", id);
    return id;
  } catch {
    // Storage can be disabled or throw in private modes.
    return undefined;
  }
}
