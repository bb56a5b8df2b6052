import { epochToZonedLocal, zonedLocalToEpoch } from "../../core/time.js";
import type { Newsletter } from "./newsletter.js";

type Schedule = Pick<Newsletter, "cadence" | "sendTime" | "sendWeekday">;

const DAY_MS = 86_400_000;
const shiftDay = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00Z`).getUTCDay();

/** The digest's local days, from `from` going forward (step 1) or backward (step -1). */
function* sendDays(schedule: Schedule, from: string, step: 1 | -1) {
  for (let offset = 0; offset !== step * 15; offset += step) {
    const day = shiftDay(from, offset);
    if (schedule.cadence === "daily" || weekday(day) === schedule.sendWeekday) yield day;
  }
}

/**
 * A digest goes out at a wall-clock time in the site's time zone ("07:00"), whatever the offset that
 * day: across a DST change the gap between two digests is 23 or 25 hours, not 24. A time the change
 * skips (02:30 on the spring-forward night) is sent at the same wall time after the jump.
 */
function slotOn(schedule: Schedule, day: string, timeZone: string): number {
  const at = zonedLocalToEpoch(`${day}T${schedule.sendTime}`, timeZone);
  if (at === null) throw new Error(`Bad digest time ${schedule.sendTime}`);
  return at;
}

/** The next digest time strictly after `after`; undefined for lists that are not digests. */
export function nextDigestAt(schedule: Schedule, timeZone: string, after: number): number | undefined {
  if (schedule.cadence !== "daily" && schedule.cadence !== "weekly") return undefined;
  const today = epochToZonedLocal(after, timeZone).slice(0, 10);
  for (const day of sendDays(schedule, shiftDay(today, -1), 1)) {
    const at = slotOn(schedule, day, timeZone);
    if (at > after) return at;
  }
  return undefined;
}

/**
 * The latest digest time at or before `now`, with the local day that names its issue and the
 * previous digest time (its stories are those published in between). Undefined for non-digests.
 */
export function latestDigest(schedule: Schedule, timeZone: string, now: number) {
  if (schedule.cadence !== "daily" && schedule.cadence !== "weekly") return undefined;
  const today = epochToZonedLocal(now, timeZone).slice(0, 10);
  const slots: { day: string; at: number }[] = [];
  for (const day of sendDays(schedule, shiftDay(today, 1), -1)) {
    const at = slotOn(schedule, day, timeZone);
    if (at <= now) slots.push({ day, at });
    if (slots.length === 2) break;
  }
  const [latest, previous] = slots;
  if (!latest || !previous) return undefined;
  return { issueKey: `digest:${latest.day}`, at: latest.at, since: previous.at };
}
