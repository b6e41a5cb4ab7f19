// The console's agenda: one provider's days (staff and owner) or every
// provider's (owner), live like any query, and cancelling a booking for the
// business with a reason the customer sees. Cancelling frees the time at
// once, since availability reads bookings in the same transaction log.
import { z } from "zod";
import { ownerQuery, staffMutation, staffQuery } from "./lib/roleFunctions";
import { dateSchema } from "./lib/calendarArgs";
import { providerAgenda } from "./lib/agenda";
import { cancelFormSchema } from "./forms/cancelForm";
import { recordAudit } from "./lib/audit";
import { cancelBooking, revokeLinks } from "./lib/bookingChanges";
import { bookingByReference, referenceSchema } from "./lib/bookingReference";

const rangeArgs = { date: dateSchema, days: z.union([z.literal(1), z.literal(7)]) };

export const forProvider = staffQuery({
  args: rangeArgs,
  handler: (ctx, { date, days }) => providerAgenda(ctx, ctx.provider, date, days),
});

export const all = ownerQuery({
  args: rangeArgs,
  handler: async (ctx, { date, days }) => {
    const providers = await ctx.db.query("providers").withIndex("by_slug").take(50);
    providers.sort((a, b) => a.name.localeCompare(b.name));
    return Promise.all(providers.map((provider) => providerAgenda(ctx, provider, date, days)));
  },
});

/** Cancels a confirmed, not yet ended booking of this provider, for the business. */
export const cancel = staffMutation({
  args: cancelFormSchema.shape,
  handler: async (ctx, { reference, reason }) => {
    const booking = await bookingByReference(ctx, reference);
    if (booking === null || booking.providerId !== ctx.provider._id) return { ok: false as const };
    if (booking.status !== "confirmed" || booking.end <= Date.now()) return { ok: false as const };
    // Emails the customer (with the reason) and the provider's staff address.
    await cancelBooking(ctx, booking, { cancelledBy: "business", cancelReason: reason });
    await recordAudit(
      ctx,
      ctx.userId,
      "booking.cancelled",
      `Cancelled booking ${reference} with ${ctx.provider.name}`,
    );
    return { ok: true as const };
  },
});

/**
 * A booking's manage links stop working (a leaked link, say) and the customer
 * is emailed a new one.
 */
export const revokeLink = staffMutation({
  args: { reference: referenceSchema },
  handler: async (ctx, { reference }) => {
    const booking = await bookingByReference(ctx, reference);
    if (booking === null || booking.providerId !== ctx.provider._id) return { ok: false as const };
    await revokeLinks(ctx, booking);
    await recordAudit(
      ctx,
      ctx.userId,
      "booking.linkRevoked",
      `Sent a new manage link for booking ${reference}`,
    );
    return { ok: true as const };
  },
});
