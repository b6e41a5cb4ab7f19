// The business moving a customer's booking (one flagged outside new hours,
// say) to another time: the free times it may go to, and the move itself,
// which replaces the booking as a customer's reschedule does, so manage links,
// My bookings and reminders follow it to the new time.
import { DateTime } from "luxon";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { findSlots } from "./availability";
import { newReference } from "./bookingReference";
import { replaceBooking } from "./bookingChanges";
import { enqueueBooked } from "./outbox";

/** Free starts in [from, to) a customer could book now for this booking's service with its provider. */
export async function movableStarts(
  ctx: QueryCtx,
  provider: Doc<"providers">,
  booking: Doc<"bookings">,
  from: number,
  to: number,
): Promise<number[]> {
  const service = await ctx.db.get("services", booking.serviceId);
  if (service === null) return [];
  const slots = await findSlots(ctx, {
    service,
    providers: [provider],
    from,
    to,
    now: Date.now(),
    ignoreBooking: booking._id,
  });
  return slots.map((slot) => slot.start).filter((start) => start !== booking.start);
}

/** The UTC range of `date`, a day in the provider's zone. */
export function localDay(provider: Doc<"providers">, date: string): { from: number; to: number } {
  const day = DateTime.fromISO(date, { zone: provider.timeZone }).startOf("day");
  return { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() };
}

/**
 * Replaces `booking` with a confirmed one at `start` (same customer, service
 * and provider, a new reference) and emails the customer the new time and
 * the business's reason. Callers check the time is free and the caller may.
 */
export async function moveBooking(
  ctx: MutationCtx,
  booking: Doc<"bookings">,
  start: number,
  reason: string,
): Promise<Doc<"bookings">> {
  const { serviceId, providerId, timeZone, name, email, phone, notes, bookedBySession, userId, newcomer } =
    booking;
  const movedId = await ctx.db.insert("bookings", {
    ...{ serviceId, providerId, timeZone, name, email, phone, notes, bookedBySession, userId, newcomer },
    reference: await newReference(ctx),
    start,
    end: start + (booking.end - booking.start),
    status: "confirmed",
    movedByBusiness: { from: booking.start, reason },
  });
  const moved = (await ctx.db.get("bookings", movedId))!;
  await replaceBooking(ctx, booking, moved);
  await enqueueBooked(ctx, moved, booking, { cancelledBy: "business", cancelReason: reason });
  return moved;
}
