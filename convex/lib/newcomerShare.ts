// Calendar blocking: a script can make any number of fresh session IDs, so
// per-session limits cannot stop it from holding or booking every free time.
// What it cannot fake is an established account. So newcomers (guest tabs and
// accounts younger than a day) may together hold or book only a share of
// each provider's working day; an attack fills that share, not the calendar.
import { DateTime } from "luxon";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { newcomerAccountAgeMs, newcomerShare } from "./config";
import { holdsItsTime } from "./bookingHold";

const MINUTE = 60_000;

/** Guests, and accounts younger than TABBOOK_NEWCOMER_ACCOUNT_SECONDS. */
export async function isNewcomer(ctx: QueryCtx, userId: Id<"users"> | undefined | null): Promise<boolean> {
  if (userId === undefined || userId === null) return true;
  const user = await ctx.db.get("users", userId);
  return user === null || Date.now() - user._creationTime < newcomerAccountAgeMs();
}

/**
 * Of `providerIds` (all free at `start`), those on whose local day newcomers
 * may still claim `durationMinutes` more: all of them for an established
 * account. The draft's own holds are not counted, since a new claim replaces them.
 */
export async function providersOpenTo(
  ctx: QueryCtx,
  draft: Doc<"bookingDrafts">,
  providerIds: Id<"providers">[],
  start: number,
  durationMinutes: number,
): Promise<Id<"providers">[]> {
  if (!(await isNewcomer(ctx, draft.userId))) return providerIds;
  const open: Id<"providers">[] = [];
  for (const providerId of providerIds) {
    const provider = await ctx.db.get("providers", providerId);
    if (provider === null) continue;
    const used = await newcomerMinutesOn(ctx, provider, start, draft.sessionId);
    if (used + durationMinutes <= newcomerShare() * workingMinutesOn(provider, start)) open.push(providerId);
  }
  return open;
}

/** Minutes of the provider's local day (the one holding `instant`) newcomers hold or have booked. */
async function newcomerMinutesOn(
  ctx: QueryCtx,
  provider: Doc<"providers">,
  instant: number,
  exceptSession: string,
): Promise<number> {
  const day = DateTime.fromMillis(instant, { zone: provider.timeZone }).startOf("day");
  const [from, to] = [day.toMillis(), day.plus({ days: 1 }).toMillis()];
  const now = Date.now();
  const holds = await ctx.db
    .query("slotHolds")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", provider._id).gte("start", from).lt("start", to),
    )
    .collect();
  const bookings = await ctx.db
    .query("bookings")
    .withIndex("by_providerId_and_start", (q) =>
      q.eq("providerId", provider._id).gte("start", from).lt("start", to),
    )
    .collect();
  const claims = [
    ...holds.filter((h) => h.newcomer === true && h.expiresAt > now && h.sessionId !== exceptSession),
    ...bookings.filter((b) => b.newcomer === true && holdsItsTime(b, now)),
  ];
  return claims.reduce((sum, claim) => sum + (claim.end - claim.start) / MINUTE, 0);
}

/** The provider's working minutes on the local day holding `instant`. */
export function workingMinutesOn(provider: Doc<"providers">, instant: number): number {
  const weekday = DateTime.fromMillis(instant, { zone: provider.timeZone }).weekday;
  return provider.weeklyHours
    .filter((hours) => hours.weekday === weekday)
    .reduce((sum, hours) => sum + Math.max(0, minutesOf(hours.end) - minutesOf(hours.start)), 0);
}

function minutesOf(hhmm: string): number {
  const [hour, minute] = hhmm.split(":").map(Number);
  return hour * 60 + minute;
}
