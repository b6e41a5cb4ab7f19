// Free times for a service, computed from each provider's opening hours
// (lib/openHours: weekly hours, date overrides, time off) in their own IANA
// zone (luxon handles DST), minus confirmed bookings and live
// holds (both widened by the provider's buffer), minimum notice and booking
// window. Reads go through index ranges bounded by the requested interval.
import { DateTime } from "luxon";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { MAX_BLOCK_MINUTES } from "../schema";
import { loadRules, openWindows, overlaps, type Interval, type OpeningRules } from "./openHours";
import { holdsItsTime } from "./bookingHold";

const MINUTE = 60_000;

export type Slot = { start: number; end: number; providerIds: Id<"providers">[] };

export type SlotSearch = {
  service: Doc<"services">;
  providers: Doc<"providers">[];
  /** UTC instants; a slot is returned when its start is in [from, to). */
  from: number;
  to: number;
  now: number;
  /**
   * When minimum notice and the booking window are counted from; `now` by
   * default. A tab confirming the time it holds counts from when it took the
   * hold, so the hold keeps the time for as long as it lasts.
   */
  noticeFrom?: number;
  /** When the booking window is counted from; `noticeFrom` by default. */
  windowFrom?: number;
  /** This session's own hold does not block it from re-choosing the same time. */
  ignoreHoldsOf?: string;
  /** A booking being moved by the business does not block its own new time. */
  ignoreBooking?: Id<"bookings">;
};

export async function providersFor(
  ctx: QueryCtx,
  serviceId: Id<"services">,
  choice: "any" | Id<"providers">,
): Promise<Doc<"providers">[]> {
  if (choice !== "any") {
    const link = await ctx.db
      .query("providerServices")
      .withIndex("by_providerId_and_serviceId", (q) => q.eq("providerId", choice).eq("serviceId", serviceId))
      .unique();
    const provider = link === null ? null : await ctx.db.get("providers", choice);
    return provider === null || provider.archivedAt !== undefined ? [] : [provider];
  }
  const links = await ctx.db
    .query("providerServices")
    .withIndex("by_serviceId", (q) => q.eq("serviceId", serviceId))
    .take(100);
  const providers = await Promise.all(links.map((link) => ctx.db.get("providers", link.providerId)));
  // An archived provider takes no new bookings, even for a time held before.
  return providers
    .filter((p): p is Doc<"providers"> => p !== null && p.archivedAt === undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Merged providers ("any") are offered on one grid: the coarsest of their
 * steps, counted in UTC from midnight 1970 (so 30 minutes means :00 and :30
 * in every whole- or half-hour zone). A single provider keeps their own step.
 * Without this, 30- and 15-minute steps would mix within one day.
 */
export function sharedGridMs(providers: Doc<"providers">[]): number | null {
  if (providers.length < 2) return null;
  return Math.max(...providers.map((p) => p.slotStepMinutes)) * MINUTE;
}

export async function findSlots(ctx: QueryCtx, search: SlotSearch): Promise<Slot[]> {
  const byStart = new Map<number, Slot>();
  const grid = sharedGridMs(search.providers);
  for (const provider of search.providers) {
    for (const slot of await providerSlots(ctx, provider, search)) {
      if (grid !== null && slot.start % grid !== 0) continue;
      const existing = byStart.get(slot.start);
      if (existing === undefined) byStart.set(slot.start, { ...slot, providerIds: [provider._id] });
      else existing.providerIds.push(provider._id);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

async function providerSlots(
  ctx: QueryCtx,
  provider: Doc<"providers">,
  search: SlotSearch,
): Promise<Interval[]> {
  const durationMs = search.service.durationMinutes * MINUTE;
  const noticeFrom = search.noticeFrom ?? search.now;
  const earliest = Math.max(search.from, noticeFrom + provider.minNoticeMinutes * MINUTE);
  const latest = Math.min(
    search.to,
    DateTime.fromMillis(search.windowFrom ?? noticeFrom, { zone: provider.timeZone })
      .plus({ days: provider.bookingWindowDays })
      .toMillis(),
  );
  if (earliest >= latest) return [];

  const bufferMs = provider.bufferMinutes * MINUTE;
  const busy = await busyIntervals(ctx, provider._id, earliest, latest + durationMs, search);
  const rules = await loadRules(ctx, provider, earliest, latest + durationMs);
  const free: Interval[] = [];
  for (const candidate of workingSlots(provider, rules, durationMs, earliest, latest)) {
    const clashes = busy.some(
      (b) => candidate.start < b.end + bufferMs && candidate.end > b.start - bufferMs,
    );
    if (!clashes && !rules.timeOff.some((off) => overlaps(off, candidate))) free.push(candidate);
  }
  return free;
}

/** Slot starts in [from, to) inside the provider's open windows, stepping from each window's start. */
function workingSlots(
  provider: Doc<"providers">,
  rules: OpeningRules,
  durationMs: number,
  from: number,
  to: number,
): Interval[] {
  const slots: Interval[] = [];
  const stepMs = provider.slotStepMinutes * MINUTE;
  for (const window of openWindows(provider, rules, from, to)) {
    for (let start = window.start; start + durationMs <= window.end; start += stepMs) {
      if (start >= from && start < to) slots.push({ start, end: start + durationMs });
    }
  }
  return slots.sort((a, b) => a.start - b.start);
}

/** Confirmed bookings and unexpired holds of one provider that could touch [from, to). */
async function busyIntervals(
  ctx: QueryCtx,
  providerId: Id<"providers">,
  from: number,
  to: number,
  search: SlotSearch,
): Promise<Interval[]> {
  const lower = from - MAX_BLOCK_MINUTES * MINUTE;
  const upper = to + MAX_BLOCK_MINUTES * MINUTE;
  const bookings = await ctx.db
    .query("bookings")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", providerId).gt("start", lower).lt("start", upper),
    )
    .collect();
  const holds = await ctx.db
    .query("slotHolds")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", providerId).gt("start", lower).lt("start", upper),
    )
    .collect();
  return [
    ...bookings.filter((b) => holdsItsTime(b, search.now) && b._id !== search.ignoreBooking),
    ...holds.filter((h) => h.expiresAt > search.now && h.sessionId !== search.ignoreHoldsOf),
  ].map(({ start, end }) => ({ start, end }));
}

/** Providers free at exactly `start` for the draft's service and provider choice. */
export async function freeProvidersAt(
  ctx: QueryCtx,
  draft: Doc<"bookingDrafts">,
  start: number,
  noticeFrom?: number,
): Promise<{ service: Doc<"services">; providerIds: Id<"providers">[] } | null> {
  if (draft.serviceId === undefined || draft.providerChoice === undefined) return null;
  const service = await ctx.db.get("services", draft.serviceId);
  // An archived service takes no new bookings, even for a time held before.
  if (service === null || service.archivedAt !== undefined) return null;
  const providers = await providersFor(ctx, draft.serviceId, draft.providerChoice);
  const [slot] = await findSlots(ctx, {
    service,
    providers,
    from: start,
    to: start + 1,
    now: Date.now(),
    noticeFrom,
    ignoreHoldsOf: draft.sessionId,
  });
  return { service, providerIds: slot?.start === start ? slot.providerIds : [] };
}

/** The UTC interval of a calendar day, or month, as seen in `timeZone`. */
export function dayRange(date: string, timeZone: string): Interval {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf("day");
  return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

export function monthRange(month: string, timeZone: string): Interval {
  const start = DateTime.fromISO(`${month}-01`, { zone: timeZone }).startOf("month");
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
}

export function localDate(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toISODate() ?? "";
}
