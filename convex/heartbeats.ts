// Tab liveness. Beats write only the `heartbeats` table, which no
// subscribed query reads, so they re-run nothing. A visible (or departed)
// tab silent past the timeout has its hold released by a scheduled check;
// a hidden tab is paused, not gone. When a tab whose hold was released
// beats again, the hold is re-acquired if the time is still free.
import { ConvexError, v } from "convex/values";
import { z } from "zod";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import {
  internalSessionMutation,
  ownedBy,
  sessionAnswersTo,
  sessionMutation,
  type SessionCaller,
} from "./lib/sessionFunctions";
import { armSilenceCheck, heartbeatBySession } from "./lib/liveness";
import { draftBySession, draftOf, patchDraft } from "./lib/drafts";
import { holdOf, placeHold, releaseHoldsOf } from "./lib/holds";
import { freeProvidersAt } from "./lib/availability";
import { providersOpenTo } from "./lib/newcomerShare";
import { heartbeatTimeoutMs } from "./lib/config";
import { enforceRateLimit, spendRateLimit } from "./lib/rateLimits";

type BeatState = Doc<"heartbeats">["state"];
type HoldOutcome = "reacquired" | "lost" | null;

const beatArgs = {
  // The tab's clock-based counter; a beat older than the stored one (a
  // "hidden" beat overtaken by the page-hide beacon) is ignored.
  seq: z.number().int().nonnegative(),
};

async function reacquire(ctx: MutationCtx & SessionCaller, start: number): Promise<HoldOutcome> {
  const draft = await draftOf(ctx);
  if (draft === null || draft.start !== start || (await holdOf(ctx)) !== null) return null;
  const free = await freeProvidersAt(ctx, draft, start);
  const providerId =
    free === null
      ? undefined
      : (await providersOpenTo(ctx, draft, free.providerIds, start, free.service.durationMinutes))[0];
  if (free === null || providerId === undefined) {
    await patchDraft(ctx, draft, { start: undefined, step: "time" });
    return "lost";
  }
  await placeHold(ctx, draft, providerId, free.service, start);
  return "reacquired";
}

/** How often a visible tab should beat: six times per timeout. */
const beatPaceMs = () => Math.round(heartbeatTimeoutMs() / 6);

async function recordBeat(ctx: MutationCtx & SessionCaller, seq: number, state: BeatState) {
  const now = Date.now();
  const reply = (hold: HoldOutcome) => ({ beatEveryMs: beatPaceMs(), hold });
  let heartbeat = await heartbeatBySession(ctx, ctx.sessionId);
  if (heartbeat !== null && (!ownedBy(ctx, heartbeat) || seq <= heartbeat.seq)) return reply(null);
  if (heartbeat === null) {
    // A first beat for a bound tab must come from its user, or a leaked ID could plant one.
    const draft = await draftBySession(ctx, ctx.sessionId);
    if (draft !== null && !ownedBy(ctx, draft)) return reply(null);
    const id = await ctx.db.insert("heartbeats", {
      sessionId: ctx.sessionId,
      userId: ctx.userId ?? undefined,
      lastSeen: now,
      seq,
      state,
      checkPending: false,
    });
    heartbeat = (await ctx.db.get("heartbeats", id))!;
  } else {
    await ctx.db.patch("heartbeats", heartbeat._id, { lastSeen: now, seq, state });
  }

  let outcome: HoldOutcome = null;
  if (state === "visible" && heartbeat.releasedStart !== undefined) {
    await ctx.db.patch("heartbeats", heartbeat._id, { releasedStart: undefined });
    outcome = await reacquire(ctx, heartbeat.releasedStart);
  }
  if (state !== "hidden" && (await holdOf(ctx)) !== null) {
    // Re-read: re-acquiring a hold above restarts the silence clock itself.
    const current = (await ctx.db.get("heartbeats", heartbeat._id))!;
    await armSilenceCheck(ctx, current);
  }
  return reply(outcome);
}

/**
 * A beat from the tab: `visible: false` when it is hidden (paused, not gone).
 * Over its budget, a beat is not recorded and is answered, not thrown: the
 * Convex client logs every failed call as a console error, and a heartbeat
 * is no error of the person's. The reply asks the tab to wait until then.
 */
export const beat = sessionMutation({
  args: { ...beatArgs, visible: z.boolean() },
  handler: async (ctx, { seq, visible }) => {
    const budget = await spendRateLimit(ctx, "heartbeat", ctx.sessionId);
    if (!budget.ok) {
      return { beatEveryMs: Math.max(beatPaceMs(), budget.retryAt - Date.now()), hold: null };
    }
    return recordBeat(ctx, seq, visible ? "visible" : "hidden");
  },
});

/**
 * The page-hide beacon (http.ts): the tab is closing or reloading, so silence
 * from now on counts. Refused (the route answers 400) for a tab bound to a
 * user the beacon's token does not prove.
 */
export const leaveFromBeacon = internalSessionMutation({
  args: beatArgs,
  handler: async (ctx, { seq }) => {
    if (!(await sessionAnswersTo(ctx))) {
      throw new ConvexError({ code: "SIGNED_OUT", message: "This tab belongs to a signed-in account." });
    }
    await enforceRateLimit(ctx, "heartbeat", ctx.sessionId);
    return recordBeat(ctx, seq, "left");
  },
});

/** Scheduled one timeout after a beat while the tab holds a time; re-arms itself while beats continue. */
export const checkSilence = internalMutation({
  args: { heartbeatId: v.id("heartbeats") },
  handler: async (ctx, { heartbeatId }) => {
    const heartbeat = await ctx.db.get("heartbeats", heartbeatId);
    if (heartbeat === null) return;
    const hold = await ctx.db
      .query("slotHolds")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", heartbeat.sessionId))
      .first();
    // Nothing to guard, or paused: stand down until a beat re-arms the check.
    if (hold === null || heartbeat.state === "hidden") {
      await ctx.db.patch("heartbeats", heartbeatId, { checkPending: false });
      return;
    }
    const timeout = heartbeatTimeoutMs();
    if (Date.now() - heartbeat.lastSeen < timeout) {
      await ctx.scheduler.runAt(heartbeat.lastSeen + timeout, internal.heartbeats.checkSilence, {
        heartbeatId,
      });
      return;
    }
    await releaseHoldsOf(ctx, heartbeat.sessionId);
    await ctx.db.patch("heartbeats", heartbeatId, { checkPending: false, releasedStart: hold.start });
  },
});
