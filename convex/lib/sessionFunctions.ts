// App-level builders for every session-scoped function. A tab's session ID
// is a secret bearer key for its server-side state, so it is validated here,
// once, and handed to handlers on `ctx` with the signed-in user (if any);
// ownership of the session's rows is checked by the lib/ readers through
// that pair (never echoed back in results). Feature modules use these
// builders instead of checking sessions themselves.
import { zCustomMutation, zCustomQuery } from "convex-helpers/server/zod4";
import { SessionIdArg, type SessionId } from "convex-helpers/server/sessions";
import { getAuthUserId } from "@convex-dev/auth/server";
import { ConvexError, v } from "convex/values";
import { isSessionId } from "../shared/sessionId";
import type { Id } from "../_generated/dataModel";
import { internalMutation, mutation, query, type QueryCtx } from "../_generated/server";

export function assertSessionId(sessionId: string): SessionId {
  if (!isSessionId(sessionId)) {
    throw new ConvexError({
      code: "INVALID_SESSION",
      message: "This tab's session ID is malformed. Reload the page to start a new session.",
    });
  }
  return sessionId as SessionId;
}

/** Who is asking: the tab and, when signed in, the user. */
export type SessionCaller = { sessionId: SessionId; userId: Id<"users"> | null };

const withSession = {
  args: SessionIdArg,
  input: async (ctx: QueryCtx, { sessionId }: { sessionId: SessionId }) => ({
    ctx: { sessionId: assertSessionId(sessionId), userId: await getAuthUserId(ctx) },
    args: {},
  }),
};

export const sessionQuery = zCustomQuery(query, withSession);
export const sessionMutation = zCustomMutation(mutation, withSession);

/**
 * For HTTP actions (page-hide beacons): a beacon cannot carry an
 * Authorization header, so the route verifies the token itself and passes
 * the user it proved (or null) explicitly.
 */
export const internalSessionMutation = zCustomMutation(internalMutation, {
  args: { ...SessionIdArg, userId: v.union(v.id("users"), v.null()) },
  input: (_ctx, { sessionId, userId }) =>
    Promise.resolve({ ctx: { sessionId: assertSessionId(sessionId), userId }, args: {} }),
});

/** Signed-in functions that are not tied to a tab ("My bookings"). */
export const userQuery = zCustomQuery(query, {
  args: {},
  input: async (ctx) => ({ ctx: { userId: await getAuthUserId(ctx) }, args: {} }),
});

export function requireUser(userId: Id<"users"> | null): Id<"users"> {
  if (userId === null) {
    throw new ConvexError({ code: "SIGNED_OUT", message: "Sign in to manage your bookings." });
  }
  return userId;
}

export const userMutation = zCustomMutation(mutation, {
  args: {},
  input: async (ctx) => ({ ctx: { userId: requireUser(await getAuthUserId(ctx)) }, args: {} }),
});

/** A session's row answers to its tab while anonymous, and only to its user once bound. */
export function ownedBy(caller: SessionCaller, row: { userId?: Id<"users"> }): boolean {
  return row.userId === undefined || row.userId === caller.userId;
}

/**
 * Whether every row of the caller's session (draft, holds, heartbeat) answers
 * to the caller. A signed-in tab with no draft (before its first booking step,
 * or after booking) is still bound by its heartbeat, so checking the draft
 * alone would let a leaked ID create, carry over or delete rows there.
 */
export async function sessionAnswersTo(ctx: QueryCtx & SessionCaller): Promise<boolean> {
  const rows = [
    await ctx.db
      .query("bookingDrafts")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", ctx.sessionId))
      .unique(),
    await ctx.db
      .query("heartbeats")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", ctx.sessionId))
      .unique(),
    ...(await ctx.db
      .query("slotHolds")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", ctx.sessionId))
      .take(10)),
  ];
  return rows.every((row) => row === null || ownedBy(ctx, row));
}
