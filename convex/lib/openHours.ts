// When a provider is open: weekly hours, replaced on a date by its override
// (closed, or its own hours), minus time off. Wall-clock hours are turned
// into instants in the provider's IANA zone by luxon, so DST days are right.
// Used by availability, by the agenda's "outside hours" flags and by the
// console when it closes times that tabs hold.
import { DateTime } from "luxon";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

const DAY = 24 * 60 * 60_000;

export type Interval = { start: number; end: number };
type Range = { start: string; end: string };

/** The overrides and time off that can touch [from, to). */
export type OpeningRules = { overrides: Map<string, Doc<"dateOverrides">>; timeOff: Interval[] };

export async function loadRules(
  ctx: QueryCtx,
  provider: Doc<"providers">,
  from: number,
  to: number,
): Promise<OpeningRules> {
  const firstDate = localDate(from - DAY, provider.timeZone);
  const lastDate = localDate(to + DAY, provider.timeZone);
  const overrides = await ctx.db
    .query("dateOverrides")
    .withIndex("by_providerId_and_date", (q) =>
      q.eq("providerId", provider._id).gte("date", firstDate).lte("date", lastDate),
    )
    .take(500);
  const timeOff = await ctx.db
    .query("timeOff")
    .withIndex("by_providerId_and_end", (q) => q.eq("providerId", provider._id).gt("end", from))
    .take(200);
  return {
    overrides: new Map(overrides.map((override) => [override.date, override])),
    timeOff: timeOff.filter((off) => off.start < to).map(({ start, end }) => ({ start, end })),
  };
}

function localDate(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? "";
}

/** The wall-clock ranges the provider works on `day` (a local start of day). */
function rangesOn(provider: Doc<"providers">, rules: OpeningRules, day: DateTime): Range[] {
  const override = rules.overrides.get(day.toISODate() ?? "");
  if (override !== undefined) return override.closed ? [] : override.hours;
  return provider.weeklyHours.filter((hours) => hours.weekday === day.weekday);
}

function atLocalTime(day: DateTime, hhmm: string): number {
  const [hour, minute] = hhmm.split(":").map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** Open intervals (as instants) of the local days that [from, to) touches, in order. */
export function openWindows(
  provider: Doc<"providers">,
  rules: OpeningRules,
  from: number,
  to: number,
): Interval[] {
  const zone = provider.timeZone;
  const windows: Interval[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf("day");
  const lastDay = DateTime.fromMillis(to, { zone }).startOf("day");
  while (day <= lastDay) {
    for (const range of rangesOn(provider, rules, day)) {
      windows.push({ start: atLocalTime(day, range.start), end: atLocalTime(day, range.end) });
    }
    day = day.plus({ days: 1 });
  }
  return windows.sort((a, b) => a.start - b.start);
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && a.end > b.start;

/** Whether the business would take [start, end) by its hours: inside a window, clear of time off. */
export function withinHours(provider: Doc<"providers">, rules: OpeningRules, slot: Interval): boolean {
  const inWindow = openWindows(provider, rules, slot.start, slot.end).some(
    (window) => window.start <= slot.start && slot.end <= window.end,
  );
  return inWindow && !rules.timeOff.some((off) => overlaps(off, slot));
}
