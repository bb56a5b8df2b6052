import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { latestDigest, nextDigestAt } from "./digest-schedule.js";

const daily = { cadence: "daily" as const, sendTime: "07:00", sendWeekday: 0 };
const ZURICH = "Europe/Zurich";
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("digest times in the site's time zone", () => {
  test("a daily 07:00 digest stays at 07:00 local across the spring and autumn DST changes", () => {
    // Zurich: CET (+1) until 29 March 2026 02:00, CEST (+2) until 25 October 2026 03:00.
    const beforeSpring = Date.parse("2026-03-28T06:00:00Z"); // 07:00 local, just sent
    const spring = nextDigestAt(daily, ZURICH, beforeSpring);
    assert.equal(iso(spring), "2026-03-29T05:00:00.000Z", "07:00 CEST");
    assert.equal(((spring ?? 0) - beforeSpring) / 3_600_000, 23);

    const beforeAutumn = Date.parse("2026-10-24T05:00:00Z"); // 07:00 CEST
    const autumn = nextDigestAt(daily, ZURICH, beforeAutumn);
    assert.equal(iso(autumn), "2026-10-25T06:00:00.000Z", "07:00 CET");
    assert.equal(((autumn ?? 0) - beforeAutumn) / 3_600_000, 25);
  });

  test("a time skipped by the spring change goes out at the same wall time after the jump", () => {
    const early = { ...daily, sendTime: "02:30" };
    assert.equal(
      iso(nextDigestAt(early, ZURICH, Date.parse("2026-03-28T12:00:00Z"))),
      "2026-03-29T01:30:00.000Z",
    );
  });

  test("weekly digests wait for their weekday; lists that are not digests have no time", () => {
    const mondays = { cadence: "weekly" as const, sendTime: "18:00", sendWeekday: 1 };
    // Wednesday 2 December 2026 → Monday 7 December, 18:00 CET.
    assert.equal(
      iso(nextDigestAt(mondays, ZURICH, Date.parse("2026-12-02T08:00:00Z"))),
      "2026-12-07T17:00:00.000Z",
    );
    assert.equal(nextDigestAt({ ...daily, cadence: "each-story" }, ZURICH, 0), undefined);
    assert.equal(nextDigestAt({ ...daily, cadence: "manual" }, ZURICH, 0), undefined);
  });

  test("the latest digest names its local day and covers the stories since the one before", () => {
    const now = Date.parse("2026-03-29T09:00:00Z"); // 11:00 CEST, after the spring change
    assert.deepEqual(latestDigest(daily, ZURICH, now), {
      issueKey: "digest:2026-03-29",
      at: Date.parse("2026-03-29T05:00:00Z"),
      since: Date.parse("2026-03-28T06:00:00Z"),
    });
    // Just before 07:00 local the latest is still yesterday's.
    assert.equal(
      latestDigest(daily, ZURICH, Date.parse("2026-03-29T04:59:00Z"))?.issueKey,
      "digest:2026-03-28",
    );
  });
});
