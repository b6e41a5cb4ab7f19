// Free times for the booking flow's calendar: one day's start times and a
// month's counts. Computed as of the minute the tab passes (`at`), so a time
// that slides inside minimum notice leaves the list when the next minute's
// query runs, even though nothing was written and the cached answer for the
// previous minute would never be re-run.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";
import { publicQuery } from "./lib/publicFunctions";
import { dateSchema, monthSchema, timeZoneSchema } from "./lib/calendarArgs";
import { dayRange, findSlots, localDate, monthRange, providersFor } from "./lib/availability";
import { providerFormSchema } from "./forms/providerForm";
import type { QueryCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { TIME_BUCKET_MS } from "./shared/timeBucket";

/** How far a tab's minute may be from the server's; beyond that the server's own clock bounds it. */
const MAX_SKEW_MS = 5 * TIME_BUCKET_MS;

const searchArgs = {
  serviceId: zid("services"),
  providerChoice: providerFormSchema.shape.providerChoice,
  timeZone: timeZoneSchema,
  /**
   * The tab's current minute (shared/timeBucket.ts). Optional for scripts and
   * tests, which then get the server's clock; the app always passes it.
   */
  at: z
    .number()
    .int()
    .refine((at) => at % TIME_BUCKET_MS === 0, "Expected the start of a minute.")
    .optional(),
};

/**
 * The instants the search counts from. Minimum notice counts from the end of
 * the minute and the booking window from its start, so nothing is offered
 * that stops being bookable during the minute the answer stands for. A
 * skewed or made-up minute is clamped to the server's clock.
 */
function asOf(at: number | undefined): { now: number; noticeFrom: number; windowFrom: number } {
  const serverNow = Date.now();
  if (at === undefined) return { now: serverNow, noticeFrom: serverNow, windowFrom: serverNow };
  const now = Math.min(Math.max(at, serverNow - MAX_SKEW_MS), serverNow + MAX_SKEW_MS);
  return { now, noticeFrom: now + TIME_BUCKET_MS, windowFrom: now };
}

async function searchFor(
  ctx: QueryCtx,
  serviceId: Id<"services">,
  providerChoice: "any" | Id<"providers">,
  range: { start: number; end: number },
  at: number | undefined,
) {
  const service = await ctx.db.get("services", serviceId);
  if (service === null || service.archivedAt !== undefined) return null;
  const providers = await providersFor(ctx, serviceId, providerChoice);
  return findSlots(ctx, { service, providers, from: range.start, to: range.end, ...asOf(at) });
}

/**
 * Free start times on one day of the viewer's calendar. Shared by every tab
 * (no session): a tab's own hold is shown from holds.mine.
 */
export const day = publicQuery({
  args: { ...searchArgs, date: dateSchema },
  handler: async (ctx, { serviceId, providerChoice, timeZone, date, at }) => {
    const slots = await searchFor(ctx, serviceId, providerChoice, dayRange(date, timeZone), at);
    return slots?.map(({ start, end }) => ({ start, end })) ?? null;
  },
});

/** How many free times each day of a month has, for the calendar. */
export const month = publicQuery({
  args: { ...searchArgs, month: monthSchema },
  handler: async (ctx, { serviceId, providerChoice, timeZone, month, at }) => {
    const slots = await searchFor(ctx, serviceId, providerChoice, monthRange(month, timeZone), at);
    if (slots === null) return null;
    const counts = new Map<string, number>();
    for (const slot of slots) {
      const date = localDate(slot.start, timeZone);
      counts.set(date, (counts.get(date) ?? 0) + 1);
    }
    return [...counts].map(([date, count]) => ({ date, count }));
  },
});
