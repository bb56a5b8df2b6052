import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DailySeries } from "../../../storage/daily.js";
import type { Db } from "../../../storage/storage.js";
import { h } from "../../../views/jsx.js";
import { DashboardPage } from "../views/dashboard-page.js";
import { BUCKET_MS, bucketStart, DAY_MS, fillBuckets } from "./buckets.js";
import { Chart, niceScale } from "./chart.js";
import { DAILY_DAYS, loadDailySeries } from "./series-registry.js";

const WEDNESDAY_NOON = Date.UTC(2026, 10, 25, 12);

describe("chart buckets", () => {
  it("starts days at midnight UTC and weeks on Monday, before 1970 too", () => {
    assert.equal(bucketStart(WEDNESDAY_NOON, "day"), Date.UTC(2026, 10, 25));
    assert.equal(bucketStart(WEDNESDAY_NOON, "week"), Date.UTC(2026, 10, 23));
    assert.equal(bucketStart(Date.UTC(2026, 10, 23), "week"), Date.UTC(2026, 10, 23));
    assert.equal(bucketStart(Date.UTC(2026, 10, 22, 23, 59), "week"), Date.UTC(2026, 10, 16));
    assert.equal(bucketStart(Date.UTC(1969, 11, 31, 5), "week"), Date.UTC(1969, 11, 29));
  });

  it("fills every bucket, adding up values in one bucket and dropping those outside", () => {
    const first = Date.UTC(2026, 10, 2);
    const points = fillBuckets(
      [
        { at: first + BUCKET_MS.week + 5, value: 2 },
        { at: first + BUCKET_MS.week + DAY_MS, value: 3 },
        { at: first - 1, value: 100 },
        { at: first + 3 * BUCKET_MS.week, value: 100 },
      ],
      { first, count: 3, bucket: "week" },
    );
    assert.deepEqual(points, [
      { at: first, value: 0 },
      { at: first + BUCKET_MS.week, value: 5 },
      { at: first + 2 * BUCKET_MS.week, value: 0 },
    ]);
  });

  it("picks gridline steps of 1, 2 or 5 times a power of ten", () => {
    assert.deepEqual(niceScale(0), { top: 1, step: 1 });
    assert.deepEqual(niceScale(3), { top: 3, step: 1 });
    assert.deepEqual(niceScale(7), { top: 8, step: 2 });
    assert.deepEqual(niceScale(23), { top: 25, step: 5 });
    assert.deepEqual(niceScale(180), { top: 200, step: 50 });
  });
});

describe("Chart", () => {
  const points = fillBuckets([{ at: Date.UTC(2026, 10, 24), value: 4 }], {
    first: Date.UTC(2026, 10, 23),
    count: 3,
    bucket: "day",
  });

  it("draws a line chart with its title, a summary and the numbers as a table", () => {
    const html = String(
      <Chart id="votes" title="Votes <per day>" unit="votes" bucket="day" kind="line" points={points} />,
    );
    assert.match(html, /<svg [^>]*role="img" aria-labelledby="votes-title votes-desc"/);
    assert.match(html, /<title id="votes-title">Votes &lt;per day&gt;<\/title>/);
    assert.match(
      html,
      /<desc id="votes-desc">3 days from 23 Nov 2026 to 25 Nov 2026: 4 votes in all; the most, 4, in the day of 24 Nov 2026\.<\/desc>/,
    );
    assert.match(html, /<polyline [^>]*points="[\d.]+,224 [\d.]+,12 [\d.]+,224"/);
    assert.equal((html.match(/<circle /g) ?? []).length, 3);
    assert.match(html, /<th scope="col">Day<\/th><th scope="col">votes<\/th>/);
    assert.match(html, /<tr><td>24 Nov 2026<\/td><td>4<\/td><\/tr>/);
    assert.doesNotMatch(html, /style=/);
  });

  it("says so when there is nothing to draw", () => {
    const html = String(<Chart id="none" title="Nothing" unit="votes" bucket="day" kind="bar" points={[]} />);
    assert.match(html, /<desc id="none-desc">No votes to show\.<\/desc>/);
  });
});

describe("daily series on the dashboard", () => {
  const db = {} as Db;
  const votes: DailySeries = {
    id: "votes-per-day",
    label: "Votes per day",
    unit: "votes",
    load: async (_db, range) => [
      { day: range.from, value: 1 },
      { day: bucketStart(range.to, "day"), value: 7 },
    ],
  };

  it("loads each registered series over the last days, one point per day", async () => {
    const {
      charts: [loaded],
    } = await loadDailySeries(db, [votes], WEDNESDAY_NOON);
    assert.ok(loaded);
    assert.equal(loaded.points.length, DAILY_DAYS);
    assert.equal(loaded.points[0]?.at, Date.UTC(2026, 9, 27));
    assert.equal(loaded.points[0]?.value, 1);
    assert.deepEqual(loaded.points.at(-1), { at: Date.UTC(2026, 10, 25), value: 7 });
  });

  it("renders them under Reader activity (daily) with the same chart", async () => {
    const daily = await loadDailySeries(db, [votes], WEDNESDAY_NOON);
    const view = {
      staff: null,
      csrfToken: "token",
      siteTitle: "Site",
      assetUrl: (name: string) => `/${name}`,
    };
    const data = {
      counts: { published: 0, scheduled: 0, drafts: 0 },
      publishedPerWeek: [],
      daily,
      panels: [],
    };
    const html = String(<DashboardPage view={view} data={data} />);
    assert.match(html, /<h2 id="reader-activity">Reader activity \(daily\)<\/h2>/);
    assert.match(html, /<title id="votes-per-day-title">Votes per day<\/title>/);
  });
});
