import { type Html, h } from "../../../views/jsx.js";
import type { ChartPoint } from "../chart/buckets.js";
import { Chart } from "../chart/chart.js";
import type { DailySection } from "../chart/series-registry.js";
import { AdminLayout, type AdminView } from "./admin-layout.js";

export interface DashboardData {
  counts: { published: number; scheduled: number; drafts: number };
  publishedPerWeek: ChartPoint[];
  daily: DailySection;
  /** The features' panels for this staff member (null: nothing to show them). */
  panels: (Html | null)[];
}

export function DashboardPage(props: { view: AdminView; data: DashboardData }) {
  const { counts, publishedPerWeek, daily, panels } = props.data;
  const tiles: [string, number, string][] = [
    ["published", counts.published, "/admin/articles/?status=published"],
    ["scheduled", counts.scheduled, "/admin/articles/?status=scheduled"],
    ["drafts", counts.drafts, "/admin/articles/?status=draft"],
  ];
  return (
    <AdminLayout view={props.view} title="Dashboard">
      <div class="filters">
        {tiles.map(([label, count, href]) => (
          <a class="button secondary" href={href}>
            <strong>{count}</strong> {label}
          </a>
        ))}
      </div>
      {panels}
      <Chart
        id="published-per-week"
        title={`Articles published per week (last ${publishedPerWeek.length} weeks)`}
        unit="articles"
        bucket="week"
        kind="bar"
        points={publishedPerWeek}
      />
      {daily.charts.length + daily.notes.length > 0 ? (
        <section aria-labelledby="reader-activity">
          <h2 id="reader-activity">Reader activity (daily)</h2>
          {daily.charts.map(({ series, points }) => (
            <Chart
              id={series.id}
              title={series.label}
              unit={series.unit ?? ""}
              bucket="day"
              kind="line"
              points={points}
            />
          ))}
          {daily.notes.map((note) => (
            <p class="hint">{note}</p>
          ))}
        </section>
      ) : null}
    </AdminLayout>
  );
}
