// Providers in the console: profile, time zone, weekly hours and booking
// rules; date overrides and time off. Staff manage their own provider, the
// owner all of them (and creates new ones). Every change that can close a
// held time releases those holds (lib/closedHolds) and is audited; bookings
// are never touched here: ones left outside the hours are flagged in the agenda.
import { zid } from "convex-helpers/server/zod4";
import { ConvexError } from "convex/values";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Doc, Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { memberQuery, ownerMutation, staffMutation, staffQuery } from "./lib/roleFunctions";
import { providerSettingsSchema, type ProviderSettings } from "./forms/providerSettingsForm";
import { overrideFormSchema } from "./forms/overrideForm";
import { timeOffFormSchema } from "./forms/timeOffForm";
import { dateSchema } from "./lib/calendarArgs";
import { checkForm } from "./lib/formArgs";
import { recordAudit } from "./lib/audit";
import { releaseClosedHolds } from "./lib/closedHolds";
import { newSlug } from "./lib/slug";
import { revokeOpenInvites } from "./lib/invites";
import { MAX_BLOCK_MINUTES } from "./schema";

const MAX_TIME_OFF_DAYS = 366;

/** The providers the caller may manage: all for the owner, their own for staff. */
export const list = memberQuery({
  args: {},
  handler: async (ctx) => {
    const providers =
      ctx.member.role === "owner"
        ? await ctx.db.query("providers").withIndex("by_slug").take(100)
        : [ctx.member.providerId === undefined ? null : await ctx.db.get("providers", ctx.member.providerId)];
    return providers
      .filter((p): p is Doc<"providers"> => p !== null)
      .map(({ _id, name, timeZone, archivedAt }) => ({
        _id,
        name,
        timeZone,
        archived: archivedAt !== undefined,
      }))
      .sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
  },
});

const localText = (instant: number, zone: string) =>
  DateTime.fromMillis(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

/** One provider's settings, upcoming overrides and time off. */
export const get = staffQuery({
  args: {},
  handler: async (ctx) => {
    const provider = ctx.provider;
    const today = DateTime.now().setZone(provider.timeZone).toISODate() ?? "";
    const overrides = await ctx.db
      .query("dateOverrides")
      .withIndex("by_providerId_and_date", (q) => q.eq("providerId", provider._id).gte("date", today))
      .take(100);
    const timeOff = await ctx.db
      .query("timeOff")
      .withIndex("by_providerId_and_end", (q) => q.eq("providerId", provider._id).gt("end", Date.now()))
      .take(100);
    const settings: ProviderSettings = {
      name: provider.name,
      bio: provider.bio,
      timeZone: provider.timeZone,
      weeklyHours: provider.weeklyHours,
      bufferMinutes: provider.bufferMinutes,
      minNoticeMinutes: provider.minNoticeMinutes,
      bookingWindowDays: provider.bookingWindowDays,
      slotStepMinutes: provider.slotStepMinutes,
    };
    return {
      _id: provider._id,
      archived: provider.archivedAt !== undefined,
      settings,
      overrides: overrides.map(({ date, closed, hours }) => ({ date, closed, hours })),
      timeOff: timeOff
        .sort((a, b) => a.start - b.start)
        .map((off) => ({
          _id: off._id,
          start: localText(off.start, provider.timeZone),
          end: localText(off.end, provider.timeZone),
          reason: off.reason,
        })),
    };
  },
});

export const create = ownerMutation({
  args: providerSettingsSchema.shape,
  handler: async (ctx, args) => {
    const settings = checkForm(providerSettingsSchema, args);
    const providerId = await ctx.db.insert("providers", { slug: newSlug(settings.name), ...settings });
    await recordAudit(ctx, ctx.userId, "provider.created", `Added the provider ${settings.name}`);
    return { providerId };
  },
});

export const update = staffMutation({
  args: providerSettingsSchema.shape,
  handler: async (ctx, args) => {
    const settings = checkForm(providerSettingsSchema, args);
    await ctx.db.patch("providers", ctx.provider._id, settings);
    const released = await releaseAfterChange(ctx, ctx.provider);
    await recordAudit(
      ctx,
      ctx.userId,
      "provider.updated",
      `Edited ${settings.name}'s profile, hours and rules${released}`,
    );
    return { ok: true as const };
  },
});

/**
 * Archiving takes a provider out of the booking flow (their held times are
 * released) while past bookings keep their name. It is refused while they
 * still have upcoming bookings: the owner moves or cancels those first, so
 * none is dropped silently. Their unused staff invites stop working.
 */
export const setArchived = ownerMutation({
  args: { providerId: zid("providers"), archived: z.boolean() },
  handler: async (ctx, { providerId, archived }) => {
    const provider = await ctx.db.get("providers", providerId);
    if (provider === null)
      throw new ConvexError({ code: "NOT_FOUND", message: "That provider no longer exists." });
    if ((provider.archivedAt !== undefined) === archived) return { ok: true as const };
    if (archived) {
      const upcoming = await upcomingBookings(ctx, providerId);
      if (upcoming > 0) {
        throw new ConvexError({
          code: "HAS_UPCOMING_BOOKINGS",
          message: `${provider.name} still has ${upcoming === MAX_UPCOMING_COUNTED ? `${upcoming} or more` : upcoming} upcoming booking${upcoming === 1 ? "" : "s"}. Move or cancel ${upcoming === 1 ? "it" : "them"} in the agenda first.`,
        });
      }
      await revokeOpenInvites(ctx, providerId);
    }
    await ctx.db.patch("providers", providerId, { archivedAt: archived ? Date.now() : undefined });
    const released = await releaseAfterChange(ctx, provider);
    await recordAudit(
      ctx,
      ctx.userId,
      archived ? "provider.archived" : "provider.restored",
      `${archived ? "Archived" : "Restored"} the provider ${provider.name}${released}`,
    );
    return { ok: true as const };
  },
});

const MAX_UPCOMING_COUNTED = 100;

/** How many confirmed bookings of the provider have not ended yet (counted up to 100). */
async function upcomingBookings(ctx: MutationCtx, providerId: Id<"providers">): Promise<number> {
  const now = Date.now();
  let count = 0;
  const rows = ctx.db
    .query("bookings")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", providerId).gt("start", now - MAX_BLOCK_MINUTES * 60_000),
    );
  for await (const booking of rows) {
    if (booking.status === "confirmed" && booking.end > now) count += 1;
    if (count === MAX_UPCOMING_COUNTED) break;
  }
  return count;
}

/** Re-reads the provider and releases holds it no longer accepts; a note for the audit line. */
async function releaseAfterChange(ctx: MutationCtx, provider: Doc<"providers">): Promise<string> {
  const fresh = await ctx.db.get("providers", provider._id);
  const released = fresh === null ? 0 : await releaseClosedHolds(ctx, fresh);
  return released === 0 ? "" : ` (released ${released} held time${released === 1 ? "" : "s"})`;
}

async function overrideOn(ctx: MutationCtx, provider: Doc<"providers">, date: string) {
  return ctx.db
    .query("dateOverrides")
    .withIndex("by_providerId_and_date", (q) => q.eq("providerId", provider._id).eq("date", date))
    .unique();
}

/** A day closed, or open with its own hours, replacing any earlier override of that date. */
export const setOverride = staffMutation({
  args: overrideFormSchema.shape,
  handler: async (ctx, args) => {
    const { date, closed, hours } = checkForm(overrideFormSchema, args);
    const existing = await overrideOn(ctx, ctx.provider, date);
    const fields = { closed, hours: closed ? [] : hours };
    if (existing === null)
      await ctx.db.insert("dateOverrides", { providerId: ctx.provider._id, date, ...fields });
    else await ctx.db.patch("dateOverrides", existing._id, fields);
    const released = await releaseAfterChange(ctx, ctx.provider);
    const what = closed
      ? "Closed"
      : `Set own hours (${hours.map((h) => `${h.start}–${h.end}`).join(", ")}) on`;
    await recordAudit(ctx, ctx.userId, "override.set", `${what} ${date} for ${ctx.provider.name}${released}`);
    return { ok: true as const };
  },
});

/** Back to the weekly hours on `date`. */
export const removeOverride = staffMutation({
  args: { date: dateSchema },
  handler: async (ctx, { date }) => {
    const existing = await overrideOn(ctx, ctx.provider, date);
    if (existing === null) return { ok: false as const };
    await ctx.db.delete("dateOverrides", existing._id);
    await recordAudit(
      ctx,
      ctx.userId,
      "override.removed",
      `Weekly hours again on ${date} for ${ctx.provider.name}`,
    );
    return { ok: true as const };
  },
});

/** Time off from `start` to `end`, local date-times in the provider's zone. */
export const addTimeOff = staffMutation({
  args: timeOffFormSchema.shape,
  handler: async (ctx, args) => {
    const form = checkForm(timeOffFormSchema, args);
    const zone = ctx.provider.timeZone;
    const start = DateTime.fromISO(form.start, { zone }).toMillis();
    const end = DateTime.fromISO(form.end, { zone }).toMillis();
    if (!(end > start) || end - start > MAX_TIME_OFF_DAYS * 24 * 60 * 60_000) {
      throw new ConvexError({
        code: "INVALID_TIME_OFF",
        message: `Time off must end after it starts and last at most ${MAX_TIME_OFF_DAYS} days.`,
      });
    }
    await ctx.db.insert("timeOff", { providerId: ctx.provider._id, start, end, reason: form.reason });
    const released = await releaseAfterChange(ctx, ctx.provider);
    await recordAudit(
      ctx,
      ctx.userId,
      "timeOff.added",
      `Time off for ${ctx.provider.name} from ${form.start.replace("T", " ")} to ${form.end.replace("T", " ")}${released}`,
    );
    return { ok: true as const };
  },
});

export const removeTimeOff = staffMutation({
  args: { timeOffId: zid("timeOff") },
  handler: async (ctx, { timeOffId }) => {
    const off = await ctx.db.get("timeOff", timeOffId);
    if (off === null || off.providerId !== ctx.provider._id) return { ok: false as const };
    await ctx.db.delete("timeOff", timeOffId);
    await recordAudit(ctx, ctx.userId, "timeOff.removed", `Removed time off for ${ctx.provider.name}`);
    return { ok: true as const };
  },
});
