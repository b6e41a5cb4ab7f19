// Draft expiry. Each draft has one scheduled check that re-arms itself at
// the draft's current `expiresAt` while the draft is in use; a cron sweeper
// walks the `by_expiresAt` index in bounded batches to catch anything a
// schedule missed, and drops stale heartbeats and acknowledged-never notices.
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { deleteSessionState } from "./lib/sessionState";
import { draftTtlMs } from "./lib/config";

export const SWEEP_BATCH = 64;

async function expire(ctx: MutationCtx, draft: Doc<"bookingDrafts">): Promise<void> {
  await deleteSessionState(ctx, draft.sessionId);
  await ctx.db.insert("sessionNotices", {
    sessionId: draft.sessionId,
    userId: draft.userId,
    kind: "expired",
    createdAt: Date.now(),
  });
}

export const expireDraft = internalMutation({
  args: { draftId: v.id("bookingDrafts") },
  handler: async (ctx, { draftId }) => {
    const draft = await ctx.db.get("bookingDrafts", draftId);
    if (draft === null) return;
    if (draft.expiresAt > Date.now()) {
      await ctx.scheduler.runAt(draft.expiresAt, internal.expiry.expireDraft, { draftId });
      return;
    }
    await expire(ctx, draft);
  },
});

/** Cron: expired drafts, heartbeats and notices older than a draft's lifetime, a batch at a time. */
export const sweep = internalMutation({
  args: {},
  handler: async (ctx) => {
    const now = Date.now();
    const drafts = await ctx.db
      .query("bookingDrafts")
      .withIndex("by_expiresAt", (q) => q.lte("expiresAt", now))
      .take(SWEEP_BATCH);
    for (const draft of drafts) await expire(ctx, draft);

    const staleBefore = now - draftTtlMs();
    const heartbeats = await ctx.db
      .query("heartbeats")
      .withIndex("by_lastSeen", (q) => q.lt("lastSeen", staleBefore))
      .take(SWEEP_BATCH);
    for (const heartbeat of heartbeats) await ctx.db.delete("heartbeats", heartbeat._id);

    const notices = await ctx.db
      .query("sessionNotices")
      .withIndex("by_createdAt", (q) => q.lt("createdAt", staleBefore))
      .take(SWEEP_BATCH);
    for (const notice of notices) await ctx.db.delete("sessionNotices", notice._id);

    const more = [drafts, heartbeats, notices].some((batch) => batch.length === SWEEP_BATCH);
    if (more) await ctx.scheduler.runAfter(0, internal.expiry.sweep, {});
    return { drafts: drafts.length, heartbeats: heartbeats.length, notices: notices.length, more };
  },
});
