// Manage links (/manage/$token): a guest opens their booking without an
// account. The token is exchanged once per tab, by a rate-limited mutation,
// for a grant on the tab's session; every read and change then goes through
// the grant, so no query takes (or returns) a token. Unknown, malformed and
// revoked tokens all get the same answer.
import { z } from "zod";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, type QueryCtx } from "./_generated/server";
import {
  ownedBy,
  sessionAnswersTo,
  sessionMutation,
  sessionQuery,
  type SessionCaller,
} from "./lib/sessionFunctions";
import { enforceRateLimit, requireBudget } from "./lib/rateLimits";
import { findManageToken } from "./lib/manageTokens";
import { manageTokenSchema } from "./forms/manageForm";
import { bookingSummary } from "./lib/bookingSummary";
import { cancelBooking, changeable, revokeLinks } from "./lib/bookingChanges";
import { startRescheduleDraft } from "./lib/reschedule";

/** How long a tab that opened a link keeps it open without opening it again. */
const GRANT_MS = 24 * 60 * 60_000;
const MISS_KEY = "deployment";
const MAX_TOKEN_ARG = 128;

const NO_SUCH_LINK = { ok: false as const, reason: "invalid" as const };

function grantOfSession(ctx: QueryCtx, sessionId: string) {
  return ctx.db
    .query("manageGrants")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

/** The booking this tab's grant opens, while the grant and its link are still valid. */
async function grantedBooking(
  ctx: QueryCtx & SessionCaller,
): Promise<{ grant: Doc<"manageGrants">; booking: Doc<"bookings"> } | null> {
  const grant = await grantOfSession(ctx, ctx.sessionId);
  if (grant === null || !ownedBy(ctx, grant) || grant.expiresAt <= Date.now()) return null;
  const token = await ctx.db.get("manageTokens", grant.tokenId);
  if (token === null || token.bookingId !== grant.bookingId) return null;
  const booking = await ctx.db.get("bookings", grant.bookingId);
  return booking === null ? null : { grant, booking };
}

/** Opens a manage link in this tab. */
export const open = sessionMutation({
  args: { token: z.string().max(MAX_TOKEN_ARG) },
  handler: async (ctx, { token }) => {
    await enforceRateLimit(ctx, "manageOpen", ctx.sessionId);
    await requireBudget(ctx, "manageMiss", MISS_KEY);
    const found = manageTokenSchema.safeParse(token).success ? await findManageToken(ctx, token) : null;
    if (found === null) {
      await enforceRateLimit(ctx, "manageMiss", MISS_KEY);
      return NO_SUCH_LINK;
    }
    if (!(await sessionAnswersTo(ctx))) return NO_SUCH_LINK;
    const fields = {
      bookingId: found.bookingId,
      tokenId: found._id,
      userId: ctx.userId ?? undefined,
      expiresAt: Date.now() + GRANT_MS,
    };
    const existing = await grantOfSession(ctx, ctx.sessionId);
    if (existing === null) await ctx.db.insert("manageGrants", { sessionId: ctx.sessionId, ...fields });
    else await ctx.db.replace("manageGrants", existing._id, { sessionId: ctx.sessionId, ...fields });
    return { ok: true as const };
  },
});

/** The booking this tab's link opens, or null (none opened, or revoked since). */
export const view = sessionQuery({
  args: {},
  handler: async (ctx) => {
    const granted = await grantedBooking(ctx);
    if (granted === null) return null;
    const { booking } = granted;
    return {
      ...(await bookingSummary(ctx, booking)),
      name: booking.name,
      email: booking.email,
      cancelledBy: booking.cancelledBy ?? null,
      cancelReason: booking.cancelReason ?? null,
    };
  },
});

/** Cancels the opened booking (the page asks twice first). */
export const cancel = sessionMutation({
  args: {},
  handler: async (ctx) => {
    await enforceRateLimit(ctx, "account", ctx.sessionId);
    const granted = await grantedBooking(ctx);
    if (granted === null || !changeable(granted.booking)) return { ok: false as const };
    await cancelBooking(ctx, granted.booking, { cancelledBy: "customer" });
    return { ok: true as const };
  },
});

/** Starts the normal booking flow in this tab, replacing the opened booking once confirmed. */
export const startReschedule = sessionMutation({
  args: {},
  handler: async (ctx) => {
    await enforceRateLimit(ctx, "account", ctx.sessionId);
    const granted = await grantedBooking(ctx);
    if (granted === null || !changeable(granted.booking)) return { ok: false as const };
    if (!(await sessionAnswersTo(ctx))) return { ok: false as const };
    await startRescheduleDraft(ctx, granted.booking, granted.grant.tokenId);
    return { ok: true as const };
  },
});

/**
 * For the owner console: every link of the booking stops working (open tabs
 * included) and, if it can still be managed, a new one is emailed.
 */
export const revokeLink = internalMutation({
  args: { bookingId: v.id("bookings") },
  handler: async (ctx, { bookingId }) => {
    const booking = await ctx.db.get("bookings", bookingId);
    if (booking === null) return { ok: false as const };
    await revokeLinks(ctx, booking);
    return { ok: true as const };
  },
});

/** Backstop (cron): grants past their time are deleted. */
export const sweepGrants = internalMutation({
  args: {},
  handler: async (ctx) => {
    const expired = await ctx.db
      .query("manageGrants")
      .withIndex("by_expiresAt", (q) => q.lt("expiresAt", Date.now()))
      .take(100);
    for (const grant of expired) await ctx.db.delete("manageGrants", grant._id);
  },
});
