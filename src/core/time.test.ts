import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { epochToZonedLocal, zonedLocalToEpoch } from "./time.js";

describe("zoned local times", () => {
  it("reads a wall-clock time in the site's time zone", () => {
    assert.equal(zonedLocalToEpoch("2026-11-25T14:30", "UTC"), Date.UTC(2026, 10, 25, 14, 30));
    assert.equal(zonedLocalToEpoch("2026-11-25T14:30", "Europe/Paris"), Date.UTC(2026, 10, 25, 13, 30));
    assert.equal(zonedLocalToEpoch("2026-07-01T09:00", "Europe/Paris"), Date.UTC(2026, 6, 1, 7, 0));
    assert.equal(zonedLocalToEpoch("2026-07-01T09:00", "America/New_York"), Date.UTC(2026, 6, 1, 13, 0));
    assert.equal(zonedLocalToEpoch("2026-01-01T00:00", "Asia/Kolkata"), Date.UTC(2025, 11, 31, 18, 30));
  });

  it("moves a time skipped by the spring DST jump past the jump", () => {
    // Paris skips 02:00–03:00 on 2026-03-29; 02:30 does not exist there.
    const epoch = zonedLocalToEpoch("2026-03-29T02:30", "Europe/Paris");
    assert.equal(epoch, Date.UTC(2026, 2, 29, 1, 30));
  });

  it("round-trips through the datetime-local format", () => {
    for (const zone of ["UTC", "Europe/Paris", "America/Los_Angeles", "Australia/Sydney"]) {
      const epoch = Date.UTC(2026, 5, 15, 8, 45);
      const local = epochToZonedLocal(epoch, zone);
      assert.match(local, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      assert.equal(zonedLocalToEpoch(local, zone), epoch, zone);
    }
  });

  it("rejects malformed or impossible values", () => {
    for (const bad of ["", "2026-11-25", "2026-13-01T00:00", "2026-02-30T10:00", "2026-11-25T24:00", "x"]) {
      assert.equal(zonedLocalToEpoch(bad, "UTC"), null, bad);
    }
  });
});
