// Demo section for the console: the terminal summary of what the demo just recorded (one call to
// vigil_api.dashboard), and how to open the page on it.
import type postgres from "postgres";
import type { Dashboard } from "../../dashboard/types.ts";
import { renderStatus } from "../commands/status.ts";

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Console ==");
  const [{ d, slug }] = await sql<{ d: Dashboard; slug: string }[]>`
    select vigil_api.dashboard(${tenantId}, now() - interval '1 hour') as d, (select slug from vigil.tenants where id = ${tenantId}) as slug`;
  process.stdout.write(renderStatus(d, { colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, label: slug, window: "1h" }));
  console.log(`\nOpen the console on this data: npm run vigil -- dashboard --as demo-admin@example.com`);
  console.log(`The same summary in a terminal: npm run vigil -- status --tenant ${slug}`);
}
