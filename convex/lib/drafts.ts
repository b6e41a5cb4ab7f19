// Reading, creating and changing a tab's draft row. Readers take the caller
// (session ID + user) from the session builders and hide a draft bound to
// another user; every write pushes the draft's expiry forward.
import { ConvexError } from "convex/values";
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { EMPTY_DETAILS } from "../forms/detailsForm";
import { draftTtlMs } from "./config";
import { ownedBy, sessionAnswersTo, type SessionCaller } from "./sessionFunctions";

/** The session's draft whoever owns it: for internal functions and ownership checks. */
export function draftBySession(ctx: QueryCtx, sessionId: string): Promise<Doc<"bookingDrafts"> | null> {
  return ctx.db
    .query("bookingDrafts")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

/** The caller's draft, or null (none, or bound to a user the caller isn't signed in as). */
export async function draftOf(ctx: QueryCtx & SessionCaller): Promise<Doc<"bookingDrafts"> | null> {
  const draft = await draftBySession(ctx, ctx.sessionId);
  return draft !== null && ownedBy(ctx, draft) ? draft : null;
}

export async function ensureDraft(ctx: MutationCtx & SessionCaller): Promise<Doc<"bookingDrafts">> {
  const existing = await draftBySession(ctx, ctx.sessionId);
  if (existing !== null && ownedBy(ctx, existing)) return existing;
  // Bound to another user: by its draft, or (with no draft yet) by its heartbeat.
  if (existing !== null || !(await sessionAnswersTo(ctx))) {
    throw new ConvexError({
      code: "SIGNED_OUT",
      message: "This booking belongs to a signed-in account. Sign in again to continue it.",
    });
  }
  return insertDraft(ctx, { sessionId: ctx.sessionId, userId: ctx.userId ?? undefined });
}

type NewDraft = Partial<Omit<Doc<"bookingDrafts">, "_id" | "_creationTime">> &
  Pick<Doc<"bookingDrafts">, "sessionId">;

/** Inserts a draft and schedules its expiry check (which re-arms itself while the draft is used). */
export async function insertDraft(ctx: MutationCtx, fields: NewDraft): Promise<Doc<"bookingDrafts">> {
  const now = Date.now();
  const expiresAt = now + draftTtlMs();
  const id = await ctx.db.insert("bookingDrafts", {
    step: "service",
    details: EMPTY_DETAILS,
    detailsRev: 0,
    ...fields,
    updatedAt: now,
    expiresAt,
  });
  await ctx.scheduler.runAt(expiresAt, internal.expiry.expireDraft, { draftId: id });
  return (await ctx.db.get("bookingDrafts", id))!;
}

/** Patches the draft, stamping `updatedAt` and pushing its expiry forward. */
export async function patchDraft(
  ctx: MutationCtx,
  draft: Doc<"bookingDrafts">,
  fields: Partial<Doc<"bookingDrafts">>,
): Promise<void> {
  const now = Date.now();
  await ctx.db.patch("bookingDrafts", draft._id, {
    ...fields,
    updatedAt: now,
    expiresAt: now + draftTtlMs(),
  });
}
