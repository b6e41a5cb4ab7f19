import { zid } from "convex-helpers/server/zod4";
import { publicQuery } from "./lib/publicFunctions";
import { dateSchema, monthSchema, timeZoneSchema } from "./lib/calendarArgs";
import { dayRange, findSlots, localDate, monthRange, providersFor } from "./lib/availability";
import { providerFormSchema } from "./forms/providerForm";
import type { QueryCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";

const searchArgs = {
  serviceId: zid("services"),
  providerChoice: providerFormSchema.shape.providerChoice,
  timeZone: timeZoneSchema,
};

async function searchFor(
  ctx: QueryCtx,
  serviceId: Id<"services">,
  providerChoice: "any" | Id<"providers">,
  range: { start: number; end: number },
) {
  const service = await ctx.db.get("services", serviceId);
  if (service === null || service.archivedAt !== undefined) return null;
  const providers = await providersFor(ctx, serviceId, providerChoice);
  return findSlots(ctx, { service, providers, from: range.start, to: range.end, now: Date.now() });
}

/**
 * Free start times on one day of the viewer's calendar. Shared by every tab
 * (no session): a tab's own hold is shown from holds.mine.
 */
export const day = publicQuery({
  args: { ...searchArgs, date: dateSchema },
  handler: async (ctx, { serviceId, providerChoice, timeZone, date }) => {
    const slots = await searchFor(ctx, serviceId, providerChoice, dayRange(date, timeZone));
    return slots?.map(({ start, end }) => ({ start, end })) ?? null;
  },
});

/** How many free times each day of a month has, for the calendar. */
export const month = publicQuery({
  args: { ...searchArgs, month: monthSchema },
  handler: async (ctx, { serviceId, providerChoice, timeZone, month }) => {
    const slots = await searchFor(ctx, serviceId, providerChoice, monthRange(month, timeZone));
    if (slots === null) return null;
    const counts = new Map<string, number>();
    for (const slot of slots) {
      const date = localDate(slot.start, timeZone);
      counts.set(date, (counts.get(date) ?? 0) + 1);
    }
    return [...counts].map(([date, count]) => ({ date, count }));
  },
});
