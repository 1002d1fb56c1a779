// Builds the console with esbuild: one self-contained HTML file (the page, its JavaScript and CSS
// inlined) and the <vigil-dashboard> web component as one ES module. Built on demand, never committed.
import { build } from "esbuild";
import { join } from "node:path";
import { ROOT } from "./stack.ts";

export interface PageConfig {
  /** The Supabase project URL; for the local server, its own origin (the page uses location.origin). */
  url?: string;
  anonKey?: string;
  local: boolean;
}

async function bundle(entry: string, format: "iife" | "esm"): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, "dashboard", entry)],
    bundle: true, format, platform: "browser", target: "es2020", minify: true, write: false, sourcemap: false,
    loader: { ".css": "text" }, legalComments: "none", logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

/** The page's JavaScript alone (what the size budget measures). */
export async function pageScript(): Promise<string> {
  return await bundle("main.ts", "iife");
}

/** The web component as an ES module. */
export async function componentModule(): Promise<string> {
  return await bundle("web-component.ts", "esm");
}

/** The whole page as one HTML file; `</` is escaped so inlined code cannot close the script element. */
export async function pageHtml(config: PageConfig, script?: string): Promise<string> {
  const js = (script ?? (await pageScript())).replace(/<\/(script)/gi, "<\\/$1");
  const settings = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Vigil</title>
<style>body{margin:0;font:14px/1.4 system-ui,sans-serif;background:Canvas;color:CanvasText}
.session{display:flex;gap:10px;justify-content:flex-end;align-items:center;padding:6px 20px 0;font-size:12px;opacity:.8}
.picker{list-style:none;padding:0}.picker li{margin:6px 0}.picker .tenants{opacity:.7;font-size:12px}
#app>h1,.sign-in,.picker{max-width:560px;margin:24px auto;padding:0 20px}.sign-in input{display:block;margin:8px 0;padding:6px;width:100%}</style>
</head><body><div id="app"></div>
<script>window.__VIGIL_CONFIG__ = ${settings};</script>
<script>${js}</script>
</body></html>
`;
}
