// The console's agenda: one provider's days (staff and owner) or every
// provider's (owner), live like any query, and cancelling or moving a booking
// for the business with a reason the customer sees. Either frees the old time
// at once, since availability reads bookings in the same transaction log.
import { z } from "zod";
import { ownerQuery, staffMutation, staffQuery } from "./lib/roleFunctions";
import { dateSchema } from "./lib/calendarArgs";
import { providerAgenda } from "./lib/agenda";
import { cancelFormSchema } from "./forms/cancelForm";
import { moveFormSchema } from "./forms/moveForm";
import { checkForm } from "./lib/formArgs";
import { localDay, movableStarts, moveBooking } from "./lib/moveBooking";
import { formatWhen } from "./lib/emailTemplates";
import { recordAudit } from "./lib/audit";
import { cancelBooking, changeable, revokeLinks } from "./lib/bookingChanges";
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

/** Free times on the provider's local `date` that this provider's booking could move to. */
export const moveOptions = staffQuery({
  args: { reference: referenceSchema, date: dateSchema },
  handler: async (ctx, { reference, date }) => {
    const booking = await bookingByReference(ctx, reference);
    if (booking === null || booking.providerId !== ctx.provider._id || !changeable(booking)) return null;
    const { from, to } = localDay(ctx.provider, date);
    return { starts: await movableStarts(ctx, ctx.provider, booking, from, to) };
  },
});

/**
 * Moves a confirmed, not yet started booking of this provider to a free time
 * (one a customer could book now). The customer is emailed the new time and
 * the reason; their manage links and My bookings follow the booking.
 */
export const move = staffMutation({
  args: moveFormSchema.shape,
  handler: async (ctx, args) => {
    const { reference, start, reason } = checkForm(moveFormSchema, args);
    const booking = await bookingByReference(ctx, reference);
    if (booking === null || booking.providerId !== ctx.provider._id || !changeable(booking)) {
      return { ok: false as const, reason: "unchangeable" as const };
    }
    const free = await movableStarts(ctx, ctx.provider, booking, start, start + 1);
    if (!free.includes(start)) return { ok: false as const, reason: "taken" as const };
    const date = formatWhen(start, ctx.provider.timeZone);
    const moved = await moveBooking(ctx, booking, start, reason);
    await recordAudit(
      ctx,
      ctx.userId,
      "booking.moved",
      `Moved booking ${reference} with ${ctx.provider.name} to ${date} (now ${moved.reference})`,
    );
    return { ok: true as const, reference: moved.reference };
  },
});
