import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { sessionMutation, sessionQuery } from "./lib/sessionFunctions";
import { draftOf, patchDraft } from "./lib/drafts";
import { dropChosenTime, holdOf, placeHold } from "./lib/holds";
import { beatRecently, heartbeatBySession } from "./lib/liveness";
import { providersOpenTo } from "./lib/newcomerShare";
import { enforceRateLimit } from "./lib/rateLimits";
import { freeProvidersAt } from "./lib/availability";
import { holdDurationMs } from "./lib/config";
import { timeFormSchema } from "./forms/timeForm";
import { stepIndex } from "./shared/steps";

/** This tab's hold, if any: the time it keeps and when it lapses. */
export const mine = sessionQuery({
  args: {},
  handler: async (ctx) => {
    const hold = await holdOf(ctx);
    if (hold === null) return null;
    const provider = await ctx.db.get("providers", hold.providerId);
    return {
      start: hold.start,
      end: hold.end,
      expiresAt: hold.expiresAt,
      providerId: hold.providerId,
      providerName: provider?.name ?? "",
    };
  },
});

/**
 * Holds a time for this tab, releasing the time it held before. Returns
 * `{ ok: false, reason: "taken" }` (not an error) when someone got there first.
 */
export const hold = sessionMutation({
  args: timeFormSchema.shape,
  handler: async (ctx, { start }) => {
    await enforceRateLimit(ctx, "hold", ctx.sessionId);
    const draft = await draftOf(ctx);
    if (draft === null) return { ok: false as const, reason: "incomplete" as const };
    const free = await freeProvidersAt(ctx, draft, start);
    if (free === null) return { ok: false as const, reason: "incomplete" as const };
    if (free.providerIds.length === 0) {
      // A time already held elsewhere stays held; a lapsed own choice is cleared.
      if (draft.start === start) await patchDraft(ctx, draft, { start: undefined });
      return { ok: false as const, reason: "taken" as const };
    }
    const [providerId] = await providersOpenTo(
      ctx,
      draft,
      free.providerIds,
      start,
      free.service.durationMinutes,
    );
    if (providerId === undefined) return { ok: false as const, reason: "busy" as const };
    const expiresAt = await placeHold(ctx, draft, providerId, free.service, start);
    const step = stepIndex(draft.step) < stepIndex("details") ? "details" : draft.step;
    await patchDraft(ctx, draft, { start, step });
    return { ok: true as const, expiresAt };
  },
});

/**
 * Restarts the hold's countdown (the "keep this time" button), for a tab
 * that is still beating: a hold cannot be kept alive by `extend` alone.
 */
export const extend = sessionMutation({
  args: {},
  handler: async (ctx) => {
    await enforceRateLimit(ctx, "hold", ctx.sessionId);
    const hold = await holdOf(ctx);
    // A lapsed hold (its scheduled delete not yet run) can't be revived: another tab may hold the time now.
    if (hold === null || hold.expiresAt <= Date.now()) return { ok: false as const };
    if (!beatRecently(await heartbeatBySession(ctx, ctx.sessionId))) return { ok: false as const };
    const expiresAt = Date.now() + holdDurationMs();
    await ctx.db.patch("slotHolds", hold._id, { expiresAt });
    await ctx.scheduler.runAt(expiresAt, internal.holds.expire, { holdId: hold._id });
    return { ok: true as const, expiresAt };
  },
});

/** Gives the time back and un-chooses it, keeping the rest of the draft. */
export const release = sessionMutation({
  args: {},
  handler: async (ctx) => {
    const draft = await draftOf(ctx);
    // Only the owner may give the time back: a bound tab's session ID alone cannot.
    if (draft === null && (await holdOf(ctx)) === null) return;
    const unchosen = await dropChosenTime(ctx, ctx.sessionId);
    if (draft?.start !== undefined) await patchDraft(ctx, draft, unchosen);
  },
});

/** Scheduled at a hold's expiry; an extended hold outlives its first schedule. */
export const expire = internalMutation({
  args: { holdId: v.id("slotHolds") },
  handler: async (ctx, { holdId }) => {
    const hold = await ctx.db.get("slotHolds", holdId);
    if (hold !== null && hold.expiresAt <= Date.now()) await ctx.db.delete("slotHolds", holdId);
  },
});
