// What the console's agenda shows for one provider over a run of local days:
// confirmed and cancelled bookings with the customer's details (for the
// team only), times being held in some tab right now (no personal data),
// the open windows, and a flag on each confirmed booking the current hours,
// overrides or time off would no longer accept.
import { DateTime } from "luxon";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { MAX_BLOCK_MINUTES } from "../schema";
import { loadRules, openWindows, withinHours } from "./openHours";

const MAX_ROWS = 500;

export async function providerAgenda(ctx: QueryCtx, provider: Doc<"providers">, date: string, days: number) {
  const first = DateTime.fromISO(date, { zone: provider.timeZone }).startOf("day");
  const from = first.toMillis();
  const to = first.plus({ days }).toMillis();
  const lower = from - MAX_BLOCK_MINUTES * 60_000;
  const bookings = await ctx.db
    .query("bookings")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", provider._id).gt("start", lower).lt("start", to),
    )
    .take(MAX_ROWS);
  const holds = await ctx.db
    .query("slotHolds")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", provider._id).gt("start", lower).lt("start", to),
    )
    .take(MAX_ROWS);
  const rules = await loadRules(ctx, provider, from, to);
  const now = Date.now();
  const serviceNames = new Map<string, string>();
  const serviceName = async (booking: Doc<"bookings"> | Doc<"slotHolds">) => {
    if (!serviceNames.has(booking.serviceId)) {
      serviceNames.set(booking.serviceId, (await ctx.db.get("services", booking.serviceId))?.name ?? "");
    }
    return serviceNames.get(booking.serviceId)!;
  };
  const shown = bookings.filter((b) => b.end > from && b.status !== "rescheduled" && b.status !== "expired");
  return {
    providerId: provider._id,
    providerName: provider.name,
    timeZone: provider.timeZone,
    from,
    to,
    windows: openWindows(provider, rules, from, to - 1).filter((w) => w.end > from && w.start < to),
    timeOff: rules.timeOff,
    closedDates: [...rules.overrides.values()].filter((o) => o.closed).map((o) => o.date),
    bookings: await Promise.all(
      shown.map(async (booking) => ({
        reference: booking.reference,
        start: booking.start,
        end: booking.end,
        status: booking.status,
        serviceName: await serviceName(booking),
        // Pending (email not confirmed yet): the time only, nobody's details.
        ...(booking.status === "pending"
          ? { name: "", email: "", phone: "", notes: "" }
          : { name: booking.name, email: booking.email, phone: booking.phone, notes: booking.notes }),
        cancelledBy: booking.cancelledBy ?? null,
        cancelReason: booking.cancelReason ?? null,
        movedByBusiness: booking.movedByBusiness ?? null,
        outsideHours: booking.status === "confirmed" && !withinHours(provider, rules, booking),
        cancellable: booking.status === "confirmed" && booking.end > now,
      })),
    ),
    // A time someone is booking right now: when and what, never who.
    beingBooked: await Promise.all(
      holds
        .filter((hold) => hold.expiresAt > now && hold.end > from)
        .map(async (hold) => ({ start: hold.start, end: hold.end, serviceName: await serviceName(hold) })),
    ),
  };
}
