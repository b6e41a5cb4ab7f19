// Rescheduling, shared by My bookings (signed in) and manage links: a new
// draft in the caller's tab, prefilled from the booking, at the time step;
// and, at confirm, whether the draft may still replace that booking.
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { draftBySession, insertDraft } from "./drafts";
import { releaseHoldsOf } from "./holds";
import type { SessionCaller } from "./sessionFunctions";

/** Replaces the tab's draft (and hold) with one that reschedules `booking`. */
export async function startRescheduleDraft(
  ctx: MutationCtx & SessionCaller,
  booking: Doc<"bookings">,
  rescheduleToken?: Id<"manageTokens">,
): Promise<void> {
  const current = await draftBySession(ctx, ctx.sessionId);
  if (current !== null) {
    await releaseHoldsOf(ctx, ctx.sessionId);
    await ctx.db.delete("bookingDrafts", current._id);
  }
  const { serviceId, providerId, timeZone, name, email, phone, notes } = booking;
  await insertDraft(ctx, {
    sessionId: ctx.sessionId,
    userId: ctx.userId ?? undefined,
    serviceId,
    providerChoice: providerId,
    timeZone,
    details: { name, email, phone, notes },
    step: "time",
    rescheduleOf: booking._id,
    rescheduleToken,
  });
}

/**
 * The booking the draft replaces on confirm, if it still may: still
 * confirmed, and either the draft's manage link still opens it or (from My
 * bookings) it belongs to the draft's user.
 */
export async function replaceableBy(
  ctx: MutationCtx,
  draft: Doc<"bookingDrafts">,
): Promise<Doc<"bookings"> | null> {
  if (draft.rescheduleOf === undefined) return null;
  const booking = await ctx.db.get("bookings", draft.rescheduleOf);
  if (booking === null || booking.status !== "confirmed") return null;
  if (draft.rescheduleToken !== undefined) {
    const token = await ctx.db.get("manageTokens", draft.rescheduleToken);
    return token?.bookingId === booking._id ? booking : null;
  }
  return booking.userId === draft.userId ? booking : null;
}
