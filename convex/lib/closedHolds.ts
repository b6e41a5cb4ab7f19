// The rule for a time a customer holds when the business then closes it:
// a hold keeps a time against other customers, not against the business. A
// console change that closes held time (new hours, a closed day, time off, a
// service archived or no longer offered by the provider) releases those
// holds in the same mutation and leaves each tab a "closed" notice, so the
// customer is sent back to pick another time with a clear message. Changes
// that do not close the time (buffer, notice, booking window) keep the hold:
// those rules are counted from when it was taken, and confirm honours that.
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { MAX_BLOCK_MINUTES } from "../schema";
import { loadRules, withinHours } from "./openHours";
import { draftBySession, patchDraft } from "./drafts";
import { stepIndex } from "./steps";

async function stillOffered(ctx: MutationCtx, hold: Doc<"slotHolds">): Promise<boolean> {
  const service = await ctx.db.get("services", hold.serviceId);
  if (service === null || service.archivedAt !== undefined) return false;
  const link = await ctx.db
    .query("providerServices")
    .withIndex("by_providerId_and_serviceId", (q) =>
      q.eq("providerId", hold.providerId).eq("serviceId", hold.serviceId),
    )
    .unique();
  return link !== null;
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
  if (holds.length === 0) return 0;
  const rules = await loadRules(
    ctx,
    provider,
    Math.min(...holds.map((h) => h.start)),
    Math.max(...holds.map((h) => h.end)),
  );
  let released = 0;
  for (const hold of holds) {
    if (withinHours(provider, rules, hold) && (await stillOffered(ctx, hold))) continue;
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
