// Changes to a booking that customers (My bookings, manage links) and the
// business (the owner/staff console) share. Each writes its emails to the
// outbox in the caller's transaction.
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { dropPendingReminders, enqueueBookingEmail, staffAddress } from "./outbox";
import { moveTokens, revokeAllTokens } from "./manageTokens";

export type CancelledBy = { cancelledBy: "customer" } | { cancelledBy: "business"; cancelReason: string };

/** Still confirmed and not yet started. */
export function changeable(booking: Doc<"bookings"> | null): booking is Doc<"bookings"> {
  return booking !== null && booking.status === "confirmed" && booking.start > Date.now();
}

/**
 * Marks the booking cancelled and writes its emails: the customer's (saying
 * who cancelled and, for the business, why) and the staff one. Callers check
 * the booking is still changeable and that the caller may cancel it.
 */
export async function cancelBooking(
  ctx: MutationCtx,
  booking: Doc<"bookings">,
  by: CancelledBy,
): Promise<void> {
  await ctx.db.patch("bookings", booking._id, { status: "cancelled", ...by });
  await dropPendingReminders(ctx, booking._id);
  const cancelled = (await ctx.db.get("bookings", booking._id))!;
  await enqueueBookingEmail(ctx, "cancelled", cancelled, by);
  const staff = await staffAddress(ctx, cancelled);
  if (staff !== null) await enqueueBookingEmail(ctx, "staffCancelled", cancelled, { to: staff, ...by });
}

/**
 * A reschedule's old booking gives way to the new one: its reminder is
 * dropped, its manage links now open the new booking, and its provider's
 * staff hear that the old time is free.
 */
export async function replaceBooking(
  ctx: MutationCtx,
  replaced: Doc<"bookings">,
  replacement: Doc<"bookings">,
): Promise<void> {
  await ctx.db.patch("bookings", replaced._id, {
    status: "rescheduled",
    rescheduledTo: replacement.reference,
  });
  await dropPendingReminders(ctx, replaced._id);
  await moveTokens(ctx, replaced._id, replacement._id);
  const staff = await staffAddress(ctx, replaced);
  if (staff !== null) await enqueueBookingEmail(ctx, "staffCancelled", replaced, { to: staff });
}

/**
 * Every manage link of the booking stops working (open tabs included) and,
 * while it can still be managed, the customer is emailed a new one.
 */
export async function revokeLinks(ctx: MutationCtx, booking: Doc<"bookings">): Promise<void> {
  await revokeAllTokens(ctx, booking._id);
  if (booking.status === "confirmed") await enqueueBookingEmail(ctx, "newLink", booking);
}
