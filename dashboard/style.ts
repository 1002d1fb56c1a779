// The console's look: system fonts, light and dark from prefers-color-scheme, traffic-light colours.
export const STYLE = `
:host { display: block; --bg: #fff; --fg: #1b1f24; --muted: #667; --line: #e3e5e8; --panel: #f7f8fa;
  --ok: #1a7f37; --warn: #b76e00; --bad: #cf222e; --none: #8c959f;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
@media (prefers-color-scheme: dark) {
  :host { --bg: #0d1117; --fg: #e6edf3; --muted: #9aa4af; --line: #30363d; --panel: #161b22;
    --ok: #3fb950; --warn: #d29922; --bad: #f85149; --none: #6e7681; }
}
main { padding: 16px 20px; max-width: 1440px; margin: 0 auto; }
header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
h1 { font-size: 18px; margin: 0 8px 0 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
select, button { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
.windows { display: flex; gap: 0; }
.windows button { border-radius: 0; margin-left: -1px; }
.windows button:first-child { border-radius: 6px 0 0 6px; }
.windows button:last-child { border-radius: 0 6px 6px 0; }
.windows button[aria-pressed="true"] { background: var(--fg); color: var(--bg); }
.updated { color: var(--muted); font-size: 12px; margin-left: auto; }
.flash:empty { display: none; }
.flash { background: var(--panel); border-left: 3px solid var(--bad); padding: 6px 10px; margin-bottom: 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin-bottom: 14px; }
.card { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--none); border-radius: 8px; padding: 10px 12px; }
.card.ok { border-left-color: var(--ok); } .card.warn { border-left-color: var(--warn); } .card.bad { border-left-color: var(--bad); }
.card .title { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 24px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.charts { display: grid; gap: 4px; margin-bottom: 8px; }
.u-title { font-size: 13px !important; font-weight: 600 !important; text-align: left !important; color: var(--fg); }
.markers { list-style: none; padding: 0; margin: 0 0 14px; font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 14px; }
.markers li::before { content: "│ "; color: var(--warn); } .markers li.critical::before { color: var(--bad); }
.block { margin: 18px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: 12px; }
th[data-sort] { cursor: pointer; user-select: none; }
td.up { color: var(--muted); } td.down { color: var(--muted); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 10px; background: var(--panel); border: 1px solid var(--line); }
.badge.critical { color: var(--bad); border-color: var(--bad); } .badge.warning { color: var(--warn); border-color: var(--warn); }
.badge.info, .badge.ok { color: var(--ok); border-color: var(--ok); }
.actions button { margin-right: 4px; padding: 2px 8px; font-size: 12px; }
.kind { color: var(--muted); font-size: 12px; }
.sample { color: var(--muted); font-size: 12px; }
.spark { color: #38c; vertical-align: middle; }
.empty { background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; padding: 12px 14px; margin: 8px 0 14px; }
.empty p { margin: 0; } .empty .next { color: var(--muted); margin-top: 4px; }
.refusal { border: 1px solid var(--bad); border-radius: 8px; padding: 12px 16px; }
.refusal h2 { color: var(--bad); }
td.ok { color: var(--ok); } td.warning, td.critical { color: var(--bad); } tr.bad td { color: var(--bad); }
`;
