// Reading, creating and changing a tab's draft row; every caller has already
// had its session ID validated by the session builders.
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { EMPTY_DETAILS } from "../forms/detailsForm";

export function draftOf(ctx: QueryCtx, sessionId: string): Promise<Doc<"bookingDrafts"> | null> {
  return ctx.db
    .query("bookingDrafts")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

export async function ensureDraft(ctx: MutationCtx, sessionId: string): Promise<Doc<"bookingDrafts">> {
  const existing = await draftOf(ctx, sessionId);
  if (existing !== null) return existing;
  const id = await ctx.db.insert("bookingDrafts", {
    sessionId,
    step: "service",
    details: EMPTY_DETAILS,
    detailsRev: 0,
    updatedAt: Date.now(),
  });
  return (await ctx.db.get("bookingDrafts", id))!;
}

/** Patches the draft, stamping `updatedAt`. */
export async function patchDraft(
  ctx: MutationCtx,
  draft: Doc<"bookingDrafts">,
  fields: Partial<Doc<"bookingDrafts">>,
): Promise<void> {
  await ctx.db.patch("bookingDrafts", draft._id, { ...fields, updatedAt: Date.now() });
}
