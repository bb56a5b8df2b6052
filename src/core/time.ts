/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (e.g. +3,600,000 for Paris in winter). */
function zoneOffset(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2026-03-29T02:30" as a wall-clock time in `timeZone` → epoch ms, or null if malformed. A time
 * skipped by a DST jump resolves to the same wall time after the jump, as calendars do.
 */
export function zonedLocalToEpoch(local: string, timeZone: string): number | null {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) return null;
  const [, y, mo, d, hh, mm] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || hh > 23 || mm > 59) return null;
  // Two passes settle on the offset in force at the resulting instant, also across DST changes.
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}

/**
 * The instants a calendar day "YYYY-MM-DD" starts and ends (exclusive) in `timeZone`, or null if
 * malformed. A day is 23 or 25 hours long when the clocks change, so the end is the next day's
 * midnight, never the start plus 24 hours.
 */
export function zonedDayBounds(date: string, timeZone: string): { start: number; end: number } | null {
  const start = zonedLocalToEpoch(`${date}T00:00`, timeZone);
  if (start === null) return null;
  const next = new Date(`${date}T00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const end = zonedLocalToEpoch(`${next.toISOString().slice(0, 10)}T00:00`, timeZone);
  return end === null ? null : { start, end };
}

/** Epoch ms → "YYYY-MM-DDTHH:mm" in `timeZone`, the value a datetime-local input expects. */
export function epochToZonedLocal(epochMs: number, timeZone: string): string {
  return new Date(epochMs + zoneOffset(epochMs, timeZone)).toISOString().slice(0, 16);
}
