// A tab's slot holds: looked up and released by session, from any module
// whose action makes the held time moot (new choice, going back, booking).
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export function holdOf(ctx: QueryCtx, sessionId: string): Promise<Doc<"slotHolds"> | null> {
  return ctx.db
    .query("slotHolds")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .first();
}

export async function releaseHoldsOf(ctx: MutationCtx, sessionId: string): Promise<void> {
  const holds = await ctx.db
    .query("slotHolds")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .take(10);
  for (const hold of holds) await ctx.db.delete("slotHolds", hold._id);
}

/**
 * Releases the tab's hold and returns the draft fields that un-choose its
 * time, for a patch that also records whatever made the time moot.
 */
export async function dropChosenTime(ctx: MutationCtx, sessionId: string): Promise<{ start: undefined }> {
  await releaseHoldsOf(ctx, sessionId);
  return { start: undefined };
}
