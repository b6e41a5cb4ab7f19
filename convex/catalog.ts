import { zid } from "convex-helpers/server/zod4";
import { publicQuery } from "./lib/publicFunctions";
import { providersFor } from "./lib/availability";
import { appointmentMode } from "./lib/appointmentMode";

/** Every bookable (not archived) service, for the first step. */
export const services = publicQuery({
  args: {},
  handler: async (ctx) => {
    const services = await ctx.db
      .query("services")
      .withIndex("by_archivedAt", (q) => q.eq("archivedAt", undefined))
      .take(50);
    services.sort((a, b) => a.slug.localeCompare(b.slug));
    return services.map(({ _id, name, description, durationMinutes, priceCents, currency, mode }) => ({
      _id,
      name,
      description,
      durationMinutes,
      priceCents,
      currency,
      mode: mode ?? null,
    }));
  },
});

/**
 * The people who offer a service, with what the provider step shows: where
 * they are (their zone and location) and how this service happens with them.
 */
export const providers = publicQuery({
  args: { serviceId: zid("services") },
  handler: async (ctx, { serviceId }) => {
    const service = await ctx.db.get("services", serviceId);
    if (service === null) return [];
    const providers = await providersFor(ctx, serviceId, "any");
    return providers.map((provider) => ({
      _id: provider._id,
      name: provider.name,
      bio: provider.bio,
      timeZone: provider.timeZone,
      location: provider.location ?? null,
      mode: appointmentMode(service, provider),
    }));
  },
});
