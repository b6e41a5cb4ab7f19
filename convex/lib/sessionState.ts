// Everything the server keeps for one tab, spread over its own tables
// (draft, hold, heartbeat, notices): deleted together on expiry and logout,
// and re-keyed together when the tab's session ID rotates.
import type { Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { draftBySession } from "./drafts";
import { releaseHoldsOf } from "./holds";
import { heartbeatBySession } from "./liveness";
import { ownedBy, type SessionCaller } from "./sessionFunctions";

/** Deletes the tab's draft, hold and heartbeat. Returns whether it had a draft. */
export async function deleteSessionState(ctx: MutationCtx, sessionId: string): Promise<boolean> {
  const draft = await draftBySession(ctx, sessionId);
  if (draft !== null) await ctx.db.delete("bookingDrafts", draft._id);
  await releaseHoldsOf(ctx, sessionId);
  const heartbeat = await heartbeatBySession(ctx, sessionId);
  if (heartbeat !== null) await ctx.db.delete("heartbeats", heartbeat._id);
  return draft !== null;
}

/**
 * Moves the tab's in-progress rows to a new session ID, bound to `userId`
 * (login carry-over). Bookings made in the tab stay where they are: a
 * session ID is no proof of who made them, so it must not hand them over.
 */
export async function rekeySessionState(
  ctx: MutationCtx,
  from: string,
  to: string,
  userId: Id<"users">,
): Promise<void> {
  const draft = await draftBySession(ctx, from);
  if (draft !== null) await ctx.db.patch("bookingDrafts", draft._id, { sessionId: to, userId });
  const holds = await ctx.db
    .query("slotHolds")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", from))
    .take(10);
  for (const hold of holds) await ctx.db.patch("slotHolds", hold._id, { sessionId: to, userId });
  const heartbeat = await heartbeatBySession(ctx, from);
  if (heartbeat !== null) await ctx.db.patch("heartbeats", heartbeat._id, { sessionId: to, userId });
}

/** The caller's notice: one for a signed-in tab answers only to its user. */
export async function noticeFor(ctx: QueryCtx & SessionCaller) {
  const notice = await ctx.db
    .query("sessionNotices")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", ctx.sessionId))
    .first();
  return notice !== null && ownedBy(ctx, notice) ? notice : null;
}
