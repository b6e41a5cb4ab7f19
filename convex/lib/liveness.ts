// A tab's liveness row (its heartbeat) and the silence check that releases
// a held time once the tab goes quiet. The check is armed when a time is
// taken, not only by a first beat: a script that never beats must not keep
// a time past the heartbeat timeout.
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { heartbeatTimeoutMs } from "./config";

export function heartbeatBySession(ctx: QueryCtx, sessionId: string) {
  return ctx.db
    .query("heartbeats")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

/** Schedules the silence check one timeout after the tab was last seen, unless one is pending. */
export async function armSilenceCheck(ctx: MutationCtx, heartbeat: Doc<"heartbeats">): Promise<void> {
  if (heartbeat.checkPending) return;
  await ctx.db.patch("heartbeats", heartbeat._id, { checkPending: true });
  await ctx.scheduler.runAt(heartbeat.lastSeen + heartbeatTimeoutMs(), internal.heartbeats.checkSilence, {
    heartbeatId: heartbeat._id,
  });
}

/**
 * Taking a time is a sign of life: the silence clock (re)starts now, for a
 * tab that has never beaten as for one that has.
 */
export async function startSilenceClock(
  ctx: MutationCtx,
  sessionId: string,
  userId: Id<"users"> | undefined,
): Promise<void> {
  const now = Date.now();
  const existing = await heartbeatBySession(ctx, sessionId);
  if (existing === null) {
    const id = await ctx.db.insert("heartbeats", {
      sessionId,
      userId,
      lastSeen: now,
      // The tab's own counter is clock-based, so its first beat is newer than this.
      seq: 0,
      state: "visible",
      checkPending: false,
    });
    await armSilenceCheck(ctx, (await ctx.db.get("heartbeats", id))!);
    return;
  }
  await ctx.db.patch("heartbeats", existing._id, { lastSeen: now, state: "visible" });
  await armSilenceCheck(ctx, { ...existing, lastSeen: now });
}

/** Whether the tab beat within the heartbeat timeout (and has not left). */
export function beatRecently(heartbeat: Doc<"heartbeats"> | null): boolean {
  return (
    heartbeat !== null && heartbeat.state !== "left" && Date.now() - heartbeat.lastSeen < heartbeatTimeoutMs()
  );
}
