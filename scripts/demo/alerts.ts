// Demo section for alerting: default rules, a custom one, an evaluation, the alerts it raised, what
// went to the outbox for send-alert, and an operator's acknowledgement.
import type postgres from "postgres";

/** The outage's size: enough failed charges and slow checkouts to cross the rules' thresholds over 15 minutes. */
const OUTAGE_CHARGES = 25;
const OUTAGE_CHECKOUTS = 40;

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Alerts ==");
  const [channel] = await sql<{ id: string }[]>`
    select (vigil_api.create_alert_channel(${tenantId}, 'ops webhook', 'webhook',
      '{"url": "https://hooks.example.com/vigil"}') ->> 'id') as id`;
  const [{ added }] = await sql<{ added: number }[]>`select vigil_api.install_default_rules(${tenantId}) as added`;
  console.log(`installed ${added} default rules, notifying channel "ops webhook"`);
  await sql`select vigil_api.create_alert_rule(${tenantId}, ${sql.json({
    name: "Checkout slower than 800 ms (p95)", metric: "latency_p95", kind: "operation", event_name: "checkout",
    comparator: "gt", threshold: 800, window: "15 minutes", min_events: 5, severity: "warning", channels: [channel.id],
  })})`;

  // A payment provider outage in the last minute, on the traffic's own operation names so the rules'
  // series already hold the hour's calls: 25 charges time out, and the checkouts waiting on them crawl.
  await sql`select vigil_api.track(${tenantId}, 'operation', 'payment.charge', 2300, false, null,
              '{"error_type": "CardGatewayTimeout", "error_message": "gateway timed out"}')
            from generate_series(1, ${OUTAGE_CHARGES})`;
  await sql`select vigil_api.track(${tenantId}, 'operation', 'checkout', 2600, true) from generate_series(1, ${OUTAGE_CHECKOUTS})`;
  const [{ r }] = await sql<{ r: Record<string, number> }[]>`select vigil.evaluate_alerts() as r`;
  console.log(`evaluate_alerts(): ${r.rules} rules, ${r.series} series, ${r.transitions} transitions, ` +
    `${r.notifications} notifications enqueued in ${r.ms} ms`);

  const alerts = await sql<{ id: string; rule: string; series: string; state: string; value: number | null; severity: string }[]>`
    select id, rule, coalesce(labels ->> 'name', '') as series, state, value, severity
    from vigil_api.list_alerts(${tenantId}) where state <> 'ok' limit 8`;
  console.log("alerts that are not ok:");
  for (const a of alerts) {
    const value = a.value === null ? "no data" : Number(a.value.toFixed(4));
    console.log(`  ${a.state.padEnd(9)} ${a.severity.padEnd(8)} ${a.rule}${a.series ? ` [${a.series}]` : ""}: ${value}`);
  }

  const outbox = await sql<{ kind: string; rule: string; status: string }[]>`
    select n.kind, n.payload ->> 'rule' as rule, n.status from vigil.alert_notifications n
    where n.tenant_id = ${tenantId} order by n.id limit 5`;
  console.log("outbox (send-alert delivers these):");
  for (const n of outbox) console.log(`  ${n.kind.padEnd(8)} ${n.status.padEnd(8)} ${n.rule}`);

  // The outage's own alert first: that is the one an operator would take.
  const firing = alerts.find((a) => a.state === "firing" && a.series === "payment.charge" && a.rule.startsWith("Error rate"))
    ?? alerts.find((a) => a.state === "firing");
  if (firing) {
    const [{ ack }] = await sql<{ ack: { state: string } }[]>`select vigil_api.acknowledge_alert(${firing.id}, 'on it') as ack`;
    console.log(`acknowledged "${firing.rule}" (still ${ack.state}; reminders stop until it resolves)`);
  }
}
