import { zid } from "convex-helpers/server/zod4";
import { publicQuery } from "./lib/publicFunctions";
import { providersFor } from "./lib/availability";

/** Every bookable (not archived) service, for the first step. */
export const services = publicQuery({
  args: {},
  handler: async (ctx) => {
    const services = await ctx.db
      .query("services")
      .withIndex("by_archivedAt", (q) => q.eq("archivedAt", undefined))
      .take(50);
    services.sort((a, b) => a.slug.localeCompare(b.slug));
    return services.map(({ _id, name, description, durationMinutes, priceCents, currency }) => ({
      _id,
      name,
      description,
      durationMinutes,
      priceCents,
      currency,
    }));
  },
});

/** The people who offer a service, with what the provider step shows. */
export const providers = publicQuery({
  args: { serviceId: zid("services") },
  handler: async (ctx, { serviceId }) => {
    const providers = await providersFor(ctx, serviceId, "any");
    return providers.map(({ _id, name, bio, timeZone }) => ({ _id, name, bio, timeZone }));
  },
});
