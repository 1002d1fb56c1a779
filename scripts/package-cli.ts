// The command an installed package offers, `npx supabase-vigil deploy report | smoke | rollback`: what a
// CI job runs. Built to dist/cli.js by build-package.ts; the rest of the vigil CLI (the local stack, tests,
// benchmarks) needs this repository and stays in it.
import { deployCommand } from "./commands/deploy.ts";

const [command, ...rest] = process.argv.slice(2);
if (command !== "deploy") {
  console.error("usage: npx supabase-vigil deploy report | smoke | rollback   (npx supabase-vigil deploy --help)");
  process.exit(2);
}
process.exit(await deployCommand(rest));
