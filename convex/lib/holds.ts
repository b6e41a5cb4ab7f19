// A tab's slot holds: looked up and released by session, from any module
// whose action makes the held time moot (new choice, going back, booking).
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { holdDurationMs } from "./config";
import { ownedBy, type SessionCaller } from "./sessionFunctions";
import { startSilenceClock } from "./liveness";
import { isNewcomer } from "./newcomerShare";

/** The caller's hold, or null (none, or bound to a user the caller isn't signed in as). */
export async function holdOf(ctx: QueryCtx & SessionCaller): Promise<Doc<"slotHolds"> | null> {
  const hold = await ctx.db
    .query("slotHolds")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", ctx.sessionId))
    .first();
  return hold !== null && ownedBy(ctx, hold) ? hold : null;
}

/** Deletes a session's holds; callers have already established ownership (or run internally). */
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

/**
 * Replaces the draft's session's hold with one on `start` (already checked
 * free) and schedules its expiry. Returns when it lapses.
 */
export async function placeHold(
  ctx: MutationCtx,
  draft: Doc<"bookingDrafts">,
  providerId: Id<"providers">,
  service: Doc<"services">,
  start: number,
): Promise<number> {
  await releaseHoldsOf(ctx, draft.sessionId);
  const heldAt = Date.now();
  const expiresAt = heldAt + holdDurationMs();
  const holdId = await ctx.db.insert("slotHolds", {
    sessionId: draft.sessionId,
    userId: draft.userId,
    providerId,
    serviceId: service._id,
    start,
    end: start + service.durationMinutes * 60_000,
    heldAt,
    expiresAt,
    newcomer: await isNewcomer(ctx, draft.userId),
  });
  await ctx.scheduler.runAt(expiresAt, internal.holds.expire, { holdId });
  await startSilenceClock(ctx, draft.sessionId, draft.userId);
  return expiresAt;
}
