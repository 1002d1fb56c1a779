// Builds what `npm pack` ships of the SDK: the TypeScript source bundled to ESM JavaScript that plain
// Node, Deno and bundlers load (dependencies left to the consumer's install), and the type declarations
// tsc writes from the same source. Run by `prepack`, so the repository itself never holds dist/.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./lib/stack.ts";

const DIST = join(ROOT, "dist");
/** The package's entry points: the export name and the source it is built from. */
const ENTRIES = { index: "src/index.ts", events: "src/events.ts" } as const;

rmSync(DIST, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(ROOT, file)])),
  outdir: DIST,
  bundle: true,
  splitting: true, // index and events share the event contract: one copy of it, in a chunk both import
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external", // zod and web-vitals come from the consumer's own install, deduplicated there
  logLevel: "warning",
});
// The CI command (`npx supabase-vigil deploy …`), for Node, its dependencies (postgres, zod) from the install.
await build({
  entryPoints: { cli: join(ROOT, "scripts", "package-cli.ts") },
  outdir: DIST,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
// Declarations keep the source's relative `.ts` imports; TypeScript resolves those to the `.d.ts` beside them.
const tsc = spawnSync(join(ROOT, "node_modules", ".bin", "tsc"), [
  "--noEmit", "false", "--declaration", "--emitDeclarationOnly", "--rootDir", ROOT, "--outDir", join(DIST, "types"),
  "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--allowImportingTsExtensions",
  "--strict", "--skipLibCheck", "--lib", "ES2022,DOM,DOM.Iterable", "--types", "node",
  ...Object.values(ENTRIES).map((file) => join(ROOT, file)),
], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
