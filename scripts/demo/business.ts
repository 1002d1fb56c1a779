// The business part of the demo: a shop's orders (a value and a payment method each), refunds and an
// NPS survey, then revenue against its targets, the payment mix, the NPS and the revenue per hour,
// all from rollups (vigil_api.business_summary, metric_stats, metric_timeseries).
import type postgres from "postgres";

const money = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `€${v.toFixed(2)}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
const bars = " ▁▂▃▄▅▆▇█";

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Business ==");
  // What an admin sets up once: which events are revenue and transactions, the dimensions to break
  // them down by (with a cap on distinct values), and the targets.
  await sql`select vigil_api.set_business_metrics(${tenantId}, 'order_paid', 'checkout')`;
  await sql`select vigil_api.register_dimension(${tenantId}, 'milestone', 'order_paid', 'payment_method', 5)`;
  await sql`select vigil_api.register_dimension(${tenantId}, 'custom', 'nps', 'score', 11)`;
  for (const [period, target] of [["day", 6000], ["week", 40000], ["month", 150000]] as const) {
    await sql`select vigil_api.set_metric_target(${tenantId}, 'milestone', 'order_paid', ${period}, ${target})`;
  }

  // The shop's last 24 hours (a fixed seed, so the demo tells the same story): orders that follow the
  // day, log-normal totals, 4% refunds (negative values), six payment methods (cap 5: one is 'other'),
  // and 120 NPS answers from 0 to 10. A server would send these with track(); the demo writes them.
  await sql`select setseed(0.21)`;
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, user_id, attributes)
    select ${tenantId}, 'milestone', 'order_paid', o.ts,
           case when random() < 0.04 then -round((10 + random() * 40)::numeric, 2)::float8
                else round((35 * exp(0.7 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random())))::numeric, 2)::float8 end,
           true, 'customer-' || floor(random() * 400)::int,
           jsonb_build_object('payment_method', (array['card', 'card', 'card', 'paypal', 'paypal', 'apple_pay', 'klarna', 'iban', 'voucher'])[1 + floor(random() * 9)::int])
    from (select now() - interval '24 hours' + (i / 520.0) * interval '24 hours' + random() * interval '2 minutes' ts
          from generate_series(0, 519) i) o
    where random() < 0.45 + 0.4 * sin(pi() * extract(hour from o.ts at time zone 'UTC') / 24)`;
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, user_id, attributes)
    select ${tenantId}, 'custom', 'nps', now() - random() * interval '24 hours', s, true, 'customer-' || i,
           jsonb_build_object('score', s::text)
    from (select i, least(10, greatest(0, round(8 + 2.2 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random()))))::int s
          from generate_series(1, 120) i) x`;
  await sql`select vigil.fold_rollups()`;

  const [{ b }] = await sql<{ b: Record<string, any> }[]>`select vigil_api.business_summary(${tenantId}) as b`;
  const today = b.revenue.today;
  console.log(`revenue today ${money(today.revenue)} of ${money(today.target)} (${pct(today.progress)}, ${pct(today.elapsed)} of the day gone), ` +
    `${today.orders} orders, average order ${money(today.average_order_value)}`);
  console.log(`this week ${money(b.revenue.week.revenue)} of ${money(b.revenue.week.target)}, this month ${money(b.revenue.month.revenue)} of ${money(b.revenue.month.target)}`);
  console.log(`checkout today: ${b.transactions_today.count} calls, success ${pct(b.transactions_today.success_rate)}; ` +
    `active users today ${b.active_users_today}; open business alerts ${b.alerts.length}`);

  const mix = await sql<{ dimension_value: string; count: string; sum: number; count_share: number; sum_share: number }[]>`
    select * from vigil_api.metric_stats(${tenantId}, now() - interval '24 hours', now(), 'milestone', '{order_paid}', 'payment_method')`;
  console.log("\npayment mix (24 h, dimension payment_method, cap 5):");
  for (const m of mix) {
    console.log(`  ${m.dimension_value.padEnd(10)} ${String(m.count).padStart(4)} orders ${pct(m.count_share).padStart(6)}  ${money(m.sum).padStart(10)} ${pct(m.sum_share).padStart(6)}`);
  }

  // NPS: % promoters (9-10) minus % detractors (0-6), from the score dimension's shares.
  const scores = await sql<{ dimension_value: string; count_share: number }[]>`
    select * from vigil_api.metric_stats(${tenantId}, now() - interval '24 hours', now(), 'custom', '{nps}', 'score')`;
  const share = (pred: (s: number) => boolean) => scores.filter((s) => pred(Number(s.dimension_value))).reduce((n, s) => n + s.count_share, 0);
  const [nps] = await sql<{ count: string; avg: number }[]>`
    select * from vigil_api.metric_stats(${tenantId}, now() - interval '24 hours', now(), 'custom', '{nps}')`;
  console.log(`\nNPS (24 h): ${Math.round(100 * (share((s) => s >= 9) - share((s) => s <= 6)))} from ${nps.count} answers (average score ${nps.avg.toFixed(1)})`);

  const hourly = await sql<{ sum: number | null }[]>`
    select * from vigil_api.metric_timeseries(${tenantId}, 'milestone', 'order_paid',
      date_trunc('hour', now()) - interval '23 hours', now(), interval '1 hour')`;
  const max = Math.max(1, ...hourly.map((r) => r.sum ?? 0));
  console.log(`revenue per hour, last 24 h: ${hourly.map((r) => bars[Math.max(0, Math.round(((r.sum ?? 0) / max) * 8))]).join("")} (max ${money(max)})`);
}
