// "My bookings" for a signed-in user: list, cancel (frees the time for
// everyone at once, since availability reads bookings live), and start a
// reschedule, a new flow whose old time is released only on confirm.
import type { Doc, Id } from "./_generated/dataModel";
import type { QueryCtx } from "./_generated/server";
import {
  requireUser,
  sessionAnswersTo,
  sessionMutation,
  userMutation,
  userQuery,
} from "./lib/sessionFunctions";
import { cancelBooking, changeable } from "./lib/bookingChanges";
import { startRescheduleDraft } from "./lib/reschedule";
import { enforceRateLimit } from "./lib/rateLimits";
import { bookingByReference, referenceSchema } from "./lib/bookingReference";
import { bookingSummary } from "./lib/bookingSummary";

const LIST_LIMIT = 100;

async function ownBooking(
  ctx: QueryCtx,
  userId: Id<"users">,
  reference: string,
): Promise<Doc<"bookings"> | null> {
  const booking = await bookingByReference(ctx, reference);
  return booking !== null && booking.userId === userId ? booking : null;
}

/** The user's bookings, newest start first (the tab splits upcoming from past by its clock). */
export const list = userQuery({
  args: {},
  handler: async (ctx) => {
    if (ctx.userId === null) return null;
    const userId = ctx.userId;
    const bookings = await ctx.db
      .query("bookings")
      .withIndex("by_userId_and_start", (q) => q.eq("userId", userId))
      .order("desc")
      .take(LIST_LIMIT);
    return Promise.all(bookings.map((booking) => bookingSummary(ctx, booking)));
  },
});

export const cancel = userMutation({
  args: { reference: referenceSchema },
  handler: async (ctx, { reference }) => {
    await enforceRateLimit(ctx, "account", ctx.userId);
    const booking = await ownBooking(ctx, ctx.userId, reference);
    if (!changeable(booking)) return { ok: false as const };
    await cancelBooking(ctx, booking, { cancelledBy: "customer" });
    return { ok: true as const };
  },
});

/**
 * Replaces this tab's draft with one prefilled from the booking, at the
 * time step. The booking keeps its time until the new one is confirmed.
 */
export const startReschedule = sessionMutation({
  args: { reference: referenceSchema },
  handler: async (ctx, { reference }) => {
    const userId = requireUser(ctx.userId);
    await enforceRateLimit(ctx, "account", userId);
    const booking = await ownBooking(ctx, userId, reference);
    if (!changeable(booking)) return { ok: false as const };
    if (!(await sessionAnswersTo(ctx))) return { ok: false as const };
    await startRescheduleDraft(ctx, booking);
    return { ok: true as const };
  },
});
