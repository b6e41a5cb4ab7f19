// A tab's session ID over its life: rotated on login (rows carried over and
// bound to the user), forked for a duplicated tab, cleared on logout, and
// told once why its draft is gone (expiry).
import { z } from "zod";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { requireUser, sessionAnswersTo, sessionMutation, sessionQuery } from "./lib/sessionFunctions";
import { isSessionId } from "./shared/sessionId";
import { draftBySession, draftOf, insertDraft } from "./lib/drafts";
import { deleteSessionState, noticeFor, rekeySessionState } from "./lib/sessionState";
import { heartbeatBySession } from "./lib/liveness";
import { enforceRateLimit } from "./lib/rateLimits";
import { stepIndex } from "./shared/steps";

const newSessionArgs = {
  newSessionId: z.string().refine(isSessionId, "Expected a UUID session ID."),
};

/** The new ID must be unused, so a rotation can never land on someone else's rows. */
async function isFresh(ctx: MutationCtx, sessionId: string): Promise<boolean> {
  return (
    (await draftBySession(ctx, sessionId)) === null && (await heartbeatBySession(ctx, sessionId)) === null
  );
}

/** Why this tab's draft went away, until the tab acknowledges it. */
export const notice = sessionQuery({
  args: {},
  handler: async (ctx) => {
    const found = await noticeFor(ctx);
    return found === null ? null : { kind: found.kind, at: found.createdAt };
  },
});

export const acknowledgeNotice = sessionMutation({
  args: {},
  handler: async (ctx) => {
    const found = await noticeFor(ctx);
    if (found === null) return;
    await enforceRateLimit(ctx, "session", ctx.sessionId);
    await ctx.db.delete("sessionNotices", found._id);
  },
});

/**
 * Login carry-over: the `beforeUpdate` step of the tab's session rotation.
 * Moves this tab's draft, hold and heartbeat to the new ID and binds them to
 * the signed-in user. Guest bookings are not carried over (see rekeySessionState).
 */
export const adopt = sessionMutation({
  args: newSessionArgs,
  handler: async (ctx, { newSessionId }) => {
    const userId = requireUser(ctx.userId);
    await enforceRateLimit(ctx, "session", ctx.sessionId);
    if (!(await sessionAnswersTo(ctx))) return { ok: false as const };
    if (!(await isFresh(ctx, newSessionId))) return { ok: false as const };
    await rekeySessionState(ctx, ctx.sessionId, newSessionId, userId);
    return { ok: true as const };
  },
});

/**
 * A duplicated tab (same session ID as a live tab) gets its own session:
 * a copy of the draft without the chosen time, whose hold stays with the original.
 */
export const fork = sessionMutation({
  args: newSessionArgs,
  handler: async (ctx, { newSessionId }) => {
    await enforceRateLimit(ctx, "session", ctx.sessionId);
    const draft = await draftOf(ctx);
    if (!(await isFresh(ctx, newSessionId))) return { ok: false as const };
    if (draft === null) return { ok: true as const, copied: false };
    const {
      step,
      serviceId,
      providerChoice,
      timeZone,
      details,
      detailsRev,
      userId,
      rescheduleOf,
      rescheduleToken,
    } = draft;
    await insertDraft(ctx, {
      sessionId: newSessionId,
      userId,
      serviceId,
      providerChoice,
      timeZone,
      details,
      detailsRev,
      rescheduleOf,
      rescheduleToken,
      step: draft.start !== undefined && stepIndex(step) > stepIndex("time") ? "time" : step,
    });
    return { ok: true as const, copied: true };
  },
});

async function deleteUserRows(
  ctx: MutationCtx,
  userId: Id<"users">,
  table: "bookingDrafts" | "slotHolds" | "heartbeats",
) {
  for (;;) {
    const rows = await ctx.db
      .query(table)
      .withIndex("by_userId", (q) => q.eq("userId", userId))
      .take(100);
    for (const row of rows) await ctx.db.delete(table, row._id);
    if (rows.length < 100) return rows.length;
  }
}

/**
 * Before signing out: deletes every draft, hold and heartbeat bound to the
 * user, and this tab's own (anonymous) ones. Every tab then rotates its ID.
 */
export const clearOnSignOut = sessionMutation({
  args: {},
  handler: async (ctx) => {
    await enforceRateLimit(ctx, "session", ctx.sessionId);
    if (ctx.userId !== null) {
      for (const table of ["slotHolds", "heartbeats", "bookingDrafts"] as const) {
        await deleteUserRows(ctx, ctx.userId, table);
      }
    }
    if (await sessionAnswersTo(ctx)) await deleteSessionState(ctx, ctx.sessionId);
  },
});
