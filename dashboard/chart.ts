// The console's charts: requests, error rate and p95 over the window with uPlot, alert-firing intervals
// shaded behind the lines and markers (alert changes, and deployments or incidents once registered)
// drawn as vertical lines.
import uPlot from "uplot";
import { formatMs, formatRatio } from "./format.ts";
import type { Dashboard } from "./types.ts";

const SEVERITY_COLOUR: Record<string, string> = { critical: "#dd3333", warning: "#ee9900", info: "#3388cc" };

/** uPlot's aligned data: x in seconds, then one array per series. */
export function seriesData(d: Dashboard): { x: number[]; count: number[]; errorRate: number[]; p95: (number | null)[] } {
  return {
    x: d.series.t.map((t) => Date.parse(t) / 1000),
    count: d.series.count,
    errorRate: d.series.error_rate,
    p95: d.series.p95_ms,
  };
}

/**
 * The marks worth a line on the chart: every registered kind, but of alert changes only those into or
 * out of firing (an alert moving between ok, pending and nodata is noise at this scale).
 */
export function visibleMarkers(d: Dashboard) {
  return d.markers.filter((m) => m.kind !== "alert" || m.ref?.from_state === "firing" || m.ref?.to_state === "firing");
}

function shadeAndMark(d: Dashboard): uPlot.Plugin {
  const firing = d.firing.map((f) => ({ from: Date.parse(f.from) / 1000, until: Date.parse(f.until) / 1000, severity: f.severity }));
  const marks = visibleMarkers(d).map((m) => ({ at: Date.parse(m.at) / 1000, severity: m.severity ?? "info" }));
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        for (const f of firing) {
          const x0 = u.valToPos(f.from, "x", true);
          const x1 = u.valToPos(f.until, "x", true);
          ctx.fillStyle = (SEVERITY_COLOUR[f.severity] ?? "#dd3333") + "26";
          ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
        }
        ctx.restore();
      },
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.setLineDash([4, 3]);
        for (const m of marks) {
          const x = Math.round(u.valToPos(m.at, "x", true)) + 0.5;
          ctx.strokeStyle = SEVERITY_COLOUR[m.severity] ?? "#888888";
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/** Three charts sharing a cursor, in `into`; returns them so a refresh can destroy them. */
export function drawCharts(into: HTMLElement, d: Dashboard, width: number, dark: boolean): uPlot[] {
  const { x, count, errorRate, p95 } = seriesData(d);
  const axis = dark ? "#bbb" : "#444";
  const grid = dark ? "#333" : "#eee";
  const sync = uPlot.sync("vigil");
  const make = (title: string, label: string, values: (number | null)[], colour: string, fmt: (v: number) => string, fill: boolean) => {
    const el = document.createElement("div");
    el.className = "chart";
    el.dataset.chart = label;
    into.append(el);
    return new uPlot({
      title, width, height: 160,
      cursor: { sync: { key: sync.key } },
      legend: { show: false },
      plugins: [shadeAndMark(d)],
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: axis, grid: { stroke: grid } },
        { stroke: axis, grid: { stroke: grid }, size: 60, values: (_u, ticks) => ticks.map(fmt) },
      ],
      series: [{}, { label, stroke: colour, width: 1.5, fill: fill ? colour + "33" : undefined, spanGaps: false, points: { show: false } }],
    }, [x, values as number[]], el);
  };
  return [
    make("Requests", "count", count, "#3388cc", (v) => String(Math.round(v)), true),
    make("Error rate", "error_rate", errorRate, "#dd3333", formatRatio, false),
    make("p95 latency", "p95_ms", p95, "#8a5cd6", formatMs, false),
  ];
}

/** A sparkline as inline SVG: cheaper than a chart per row, and crisp. */
export function sparkline(values: number[] | null, width = 90, height = 20): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("class", "spark");
  const v = values ?? [];
  if (v.length > 1) {
    const max = Math.max(...v, 1);
    const points = v.map((y, i) => `${((i / (v.length - 1)) * width).toFixed(1)},${(height - 1 - (y / max) * (height - 2)).toFixed(1)}`).join(" ");
    const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    line.setAttribute("points", points);
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", "currentColor");
    svg.append(line);
  }
  return svg;
}
