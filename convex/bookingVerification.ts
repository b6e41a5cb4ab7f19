// The link in a pending booking's email (/verify/$token): opening it confirms
// the booking, once. Unknown, used and malformed links get one answer; a link
// opened after the deadline says the time was let go.
import { z } from "zod";
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { sessionMutation } from "./lib/sessionFunctions";
import { enforceRateLimit, requireBudget } from "./lib/rateLimits";
import { manageTokenSchema } from "./forms/manageForm";
import { bookingSummary } from "./lib/bookingSummary";
import { enqueueBooked } from "./lib/outbox";
import { expireVerification, findVerification } from "./lib/bookingVerification";

const MAX_TOKEN_ARG = 128;
const MISS_KEY = "deployment";

export const verify = sessionMutation({
  args: { token: z.string().max(MAX_TOKEN_ARG) },
  handler: async (ctx, { token }) => {
    // The same budgets as opening a manage link: per tab, and misses per deployment.
    await enforceRateLimit(ctx, "manageOpen", ctx.sessionId);
    await requireBudget(ctx, "manageMiss", MISS_KEY);
    const row = manageTokenSchema.safeParse(token).success ? await findVerification(ctx, token) : null;
    const booking = row === null ? null : await ctx.db.get("bookings", row.bookingId);
    if (row === null || booking === null) {
      await enforceRateLimit(ctx, "manageMiss", MISS_KEY);
      return { ok: false as const, reason: "invalid" as const };
    }
    if (booking.status !== "pending" || row.expiresAt <= Date.now()) {
      await expireVerification(ctx, booking._id);
      return { ok: false as const, reason: "expired" as const };
    }
    await ctx.db.delete("bookingVerifications", row._id);
    await ctx.db.patch("bookings", booking._id, { status: "confirmed", verifyBy: undefined });
    const confirmed = (await ctx.db.get("bookings", booking._id))!;
    await enqueueBooked(ctx, confirmed, null);
    return { ok: true as const, booking: await bookingSummary(ctx, confirmed) };
  },
});

/** Scheduled at the deadline by the booking's confirm. */
export const expire = internalMutation({
  args: { bookingId: v.id("bookings") },
  handler: (ctx, { bookingId }) => expireVerification(ctx, bookingId),
});
