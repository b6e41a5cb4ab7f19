// The rule for a time a customer holds when the business then changes its
// calendar: a hold keeps a time against other customers, not against the
// business. After any console change that could close time (hours, a closed
// day, time off, booking rules, a service archived or no longer offered by
// the provider), each live hold of the provider is checked exactly as
// bookings.confirm would check it (minimum notice and window counted from
// when it was taken). If confirm would refuse, the hold is released in the
// same mutation and the tab gets a "closed" notice, so the customer is sent
// back to the time step with a clear message instead of failing at confirm.
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { MAX_BLOCK_MINUTES } from "../schema";
import { findSlots, providersFor } from "./availability";
import { draftBySession, patchDraft } from "./drafts";
import { stepIndex } from "../shared/steps";

/** Whether bookings.confirm would still take the held time with its provider. */
async function stillAccepted(ctx: MutationCtx, hold: Doc<"slotHolds">): Promise<boolean> {
  const service = await ctx.db.get("services", hold.serviceId);
  if (service === null || service.archivedAt !== undefined) return false;
  const providers = await providersFor(ctx, hold.serviceId, hold.providerId);
  const [slot] = await findSlots(ctx, {
    service,
    providers,
    from: hold.start,
    to: hold.start + 1,
    now: Date.now(),
    noticeFrom: hold.heldAt,
    ignoreHoldsOf: hold.sessionId,
  });
  return slot?.start === hold.start;
}

/** Releases the provider's live holds the business would no longer accept. Returns how many. */
export async function releaseClosedHolds(ctx: MutationCtx, provider: Doc<"providers">): Promise<number> {
  const now = Date.now();
  const holds = (
    await ctx.db
      .query("slotHolds")
      .withIndex("by_providerId_and_start", (q) =>
        q.eq("providerId", provider._id).gt("start", now - MAX_BLOCK_MINUTES * 60_000),
      )
      .take(500)
  ).filter((hold) => hold.expiresAt > now);
  let released = 0;
  for (const hold of holds) {
    if (await stillAccepted(ctx, hold)) continue;
    await ctx.db.delete("slotHolds", hold._id);
    const draft = await draftBySession(ctx, hold.sessionId);
    if (draft !== null && draft.start === hold.start) {
      const step = stepIndex(draft.step) > stepIndex("time") ? "time" : draft.step;
      await patchDraft(ctx, draft, { start: undefined, step });
    }
    await ctx.db.insert("sessionNotices", { sessionId: hold.sessionId, kind: "closed", createdAt: now });
    released++;
  }
  return released;
}
