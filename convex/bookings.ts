import { sessionMutation, sessionQuery } from "./lib/sessionFunctions";
import { draftOf, patchDraft } from "./lib/drafts";
import { dropChosenTime, holdOf, releaseHoldsOf } from "./lib/holds";
import { enforceRateLimit } from "./lib/rateLimits";
import { firstIncompleteStep } from "./lib/draftProgress";
import { detailsFormSchema } from "./forms/detailsForm";
import { freeProvidersAt } from "./lib/availability";
import { isNewcomer, providersOpenTo } from "./lib/newcomerShare";
import { bookingByReference, newReference, referenceSchema } from "./lib/bookingReference";
import { bookingSummary } from "./lib/bookingSummary";
import { replaceableBy } from "./lib/reschedule";
import { replaceBooking } from "./lib/bookingChanges";
import { enqueueBooked } from "./lib/outbox";
import { mintManageToken } from "./lib/manageTokens";
import { mustVerify, startVerification } from "./lib/bookingVerification";
import { verifyWindowMs } from "./lib/config";

/**
 * Books the draft's time in one transaction: re-checks it against bookings
 * and other tabs' holds, inserts the booking, writes its emails to the
 * outbox, and deletes the hold and draft. Returns the manage link's token once.
 * Losing a race is an expected outcome, so it is returned, not thrown.
 */
export const confirm = sessionMutation({
  args: {},
  handler: async (ctx) => {
    await enforceRateLimit(ctx, "confirm", ctx.sessionId);
    const draft = await draftOf(ctx);
    const missing = firstIncompleteStep(draft);
    if (draft === null || missing !== "review" || draft.start === undefined) {
      return { ok: false as const, reason: "incomplete" as const, step: missing };
    }
    const details = detailsFormSchema.parse(draft.details);
    const start = draft.start;
    const hold = await holdOf(ctx);
    const liveHold = hold !== null && hold.start === start && hold.expiresAt > Date.now() ? hold : null;
    // Minimum notice was met when the hold was taken; a live hold keeps the time.
    const free = await freeProvidersAt(ctx, draft, start, liveHold?.heldAt);
    if (free === null || free.providerIds.length === 0) {
      await patchDraft(ctx, draft, { step: "time", ...(await dropChosenTime(ctx, ctx.sessionId)) });
      return { ok: false as const, reason: "taken" as const };
    }
    const open = await providersOpenTo(ctx, draft, free.providerIds, start, free.service.durationMinutes);
    const heldProvider = liveHold?.providerId;
    const providerId = heldProvider !== undefined && open.includes(heldProvider) ? heldProvider : open[0];
    // Free, but newcomers have claimed their share of that day: the draft keeps its time and details.
    if (providerId === undefined) return { ok: false as const, reason: "busy" as const };
    const reference = await newReference(ctx);
    // A reschedule gives up the old time only now, in the same transaction.
    const replaced = await replaceableBy(ctx, draft);
    // The business asks guests to confirm their email first; a reschedule came from an emailed link.
    const pending = replaced === null && (await mustVerify(ctx, draft.userId));
    const bookingId = await ctx.db.insert("bookings", {
      reference,
      serviceId: free.service._id,
      providerId,
      start,
      end: start + free.service.durationMinutes * 60_000,
      timeZone: draft.timeZone ?? "UTC",
      ...details,
      ...(pending
        ? { status: "pending" as const, verifyBy: Date.now() + verifyWindowMs() }
        : { status: "confirmed" as const }),
      bookedBySession: ctx.sessionId,
      // Rescheduled from a manage link, it stays in its owner's My bookings.
      userId: replaced === null ? draft.userId : replaced.userId,
      newcomer: await isNewcomer(ctx, draft.userId),
    });
    const booking = (await ctx.db.get("bookings", bookingId))!;
    await releaseHoldsOf(ctx, ctx.sessionId);
    await ctx.db.delete("bookingDrafts", draft._id);
    if (pending) {
      await startVerification(ctx, booking);
      return { ok: true as const, reference, manageToken: null };
    }
    if (replaced !== null) await replaceBooking(ctx, replaced, booking);
    await enqueueBooked(ctx, booking, replaced);
    // Shown once, on this tab's confirmation page; only its hash is kept.
    const { token: manageToken } = await mintManageToken(ctx, bookingId);
    return { ok: true as const, reference, manageToken };
  },
});

/** The confirmation page's summary, shown only to the tab that booked it or its signed-in owner. */
export const confirmation = sessionQuery({
  args: { reference: referenceSchema },
  handler: async (ctx, { reference }) => {
    const booking = await bookingByReference(ctx, reference);
    if (booking === null) return null;
    const mine =
      booking.userId === undefined
        ? booking.bookedBySession === ctx.sessionId
        : booking.userId === ctx.userId;
    if (!mine) return null;
    return {
      ...(await bookingSummary(ctx, booking)),
      name: booking.name,
      email: booking.email,
      // Pending: when the emailed link stops working and the time is let go.
      verifyBy: booking.status === "pending" ? (booking.verifyBy ?? null) : null,
    };
  },
});
