import { h } from "../../../views/jsx.js";
import type { Bucket, ChartPoint } from "./buckets.js";

export interface ChartProps {
  /** Unique on the page: the ids that tie the SVG to its title and description derive from it. */
  id: string;
  title: string;
  /** What is counted, plural ("articles"): the axis and table headings. */
  unit: string;
  bucket: Bucket;
  kind: "bar" | "line";
  /** One point per bucket, oldest first (see fillBuckets). */
  points: readonly ChartPoint[];
}

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 12, bottom: 36, left: 60 };
const PLOT = { width: WIDTH - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
const MAX_X_LABELS = 9;
const COLOURS = { ink: "#5b6270", rule: "#dfe2e8", axis: "#8a909c", data: "#1f5fbf" };

const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const longDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const round = (n: number) => Math.round(n * 10) / 10;

/** A top value and step of 1, 2 or 5 × 10ⁿ that give at most five gridlines above zero. */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((f) => f * magnitude >= rough) ?? 10) * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

function describe(props: ChartProps): string {
  const { points, unit, bucket } = props;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `No ${unit} to show.`;
  const total = points.reduce((sum, point) => sum + point.value, 0);
  const peak = points.reduce((best, point) => (point.value > best.value ? point : best), first);
  const span = `${points.length} ${bucket}s from ${longDate.format(first.at)} to ${longDate.format(last.at)}`;
  const busiest =
    peak.value > 0
      ? `; the most, ${number.format(peak.value)}, in the ${bucket} of ${longDate.format(peak.at)}`
      : "";
  return `${span}: ${number.format(total)} ${unit} in all${busiest}.`;
}

/**
 * A bar or line chart of one value per day or week, drawn as SVG on the server: no client script,
 * and presentation attributes rather than inline styles, so it passes our Content-Security-Policy.
 * Screen readers get its title and a summary; everyone can open the numbers as a table.
 */
export function Chart(props: ChartProps) {
  const { id, points, unit, bucket } = props;
  const { top, step } = niceScale(Math.max(0, ...points.map((point) => point.value)));
  const slot = PLOT.width / Math.max(points.length, 1);
  const x = (i: number) => MARGIN.left + i * slot + slot / 2;
  const y = (value: number) => MARGIN.top + PLOT.height - (value / top) * PLOT.height;
  const baseline = MARGIN.top + PLOT.height;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const labelEvery = Math.ceil(points.length / MAX_X_LABELS);
  const pointTitle = (point: ChartPoint) =>
    `${bucket === "week" ? "Week of " : ""}${longDate.format(point.at)}: ${number.format(point.value)} ${unit}`;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        font-family="system-ui, sans-serif"
        font-size="12"
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{describe(props)}</desc>
        <g fill={COLOURS.ink} text-anchor="end">
          {ticks.map((tick) => (
            <g>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={round(y(tick))}
                y2={round(y(tick))}
                stroke={COLOURS.rule}
              />
              <text x={MARGIN.left - 6} y={round(y(tick) + 4)}>
                {number.format(tick)}
              </text>
            </g>
          ))}
          <text transform="rotate(-90)" x={-(MARGIN.top + PLOT.height / 2)} y={14} text-anchor="middle">
            {unit}
          </text>
        </g>
        <g fill={COLOURS.ink} text-anchor="middle">
          {points.map((point, i) =>
            i % labelEvery === 0 ? (
              <text x={round(x(i))} y={baseline + 18}>
                {shortDate.format(point.at)}
              </text>
            ) : null,
          )}
        </g>
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={baseline} y2={baseline} stroke={COLOURS.axis} />
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={baseline} stroke={COLOURS.axis} />
        {props.kind === "bar" ? (
          <g fill={COLOURS.data}>
            {points.map((point, i) => (
              <rect
                x={round(x(i) - slot * 0.35)}
                y={round(y(point.value))}
                width={round(slot * 0.7)}
                height={round(baseline - y(point.value))}
              >
                <title>{pointTitle(point)}</title>
              </rect>
            ))}
          </g>
        ) : (
          <g fill={COLOURS.data}>
            <polyline
              fill="none"
              stroke={COLOURS.data}
              stroke-width="2"
              points={points.map((point, i) => `${round(x(i))},${round(y(point.value))}`).join(" ")}
            />
            {points.map((point, i) => (
              <circle cx={round(x(i))} cy={round(y(point.value))} r="3">
                <title>{pointTitle(point)}</title>
              </circle>
            ))}
          </g>
        )}
      </svg>
      <details>
        <summary>The numbers as a table</summary>
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{bucket === "week" ? "Week of" : "Day"}</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr>
                <td>{longDate.format(point.at)}</td>
                <td>{number.format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
