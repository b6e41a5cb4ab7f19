import type { SessionId } from "convex-helpers/server/sessions";
import type { QueryCtx } from "./_generated/server";
import { draftFormSchema } from "./forms/draftForm";
import { sessionMutation, sessionQuery } from "./lib/sessionFunctions";

function draftFor(ctx: QueryCtx, sessionId: SessionId) {
  return ctx.db
    .query("bookingDrafts")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

/** This tab's draft, or null. Never includes the session ID. */
export const get = sessionQuery({
  args: {},
  handler: async (ctx) => {
    const draft = await draftFor(ctx, ctx.sessionId);
    if (draft === null) return null;
    return { step: draft.step, note: draft.note, updatedAt: draft.updatedAt };
  },
});

export const save = sessionMutation({
  args: draftFormSchema.shape,
  handler: async (ctx, { note, step }) => {
    const existing = await draftFor(ctx, ctx.sessionId);
    const fields = { note, step, updatedAt: Date.now() };
    if (existing === null) {
      await ctx.db.insert("bookingDrafts", { sessionId: ctx.sessionId, ...fields });
    } else {
      await ctx.db.patch("bookingDrafts", existing._id, fields);
    }
  },
});
