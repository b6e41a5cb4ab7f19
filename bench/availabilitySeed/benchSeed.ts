// Bench-only module, copied next to a copy of convex/ (never deployed):
// inserts BENCH_BOOKINGS confirmed bookings, a few on BENCH_DAY for the
// provider BENCH_PROVIDER and the rest on other days, past and future.
import {
  internalMutationGeneric,
  type DataModelFromSchemaDefinition,
  type MutationBuilder,
} from "convex/server";
// Types only (erased), so the copy needs nothing beside it.
import type schema from "../../convex/schema";

type DataModel = DataModelFromSchemaDefinition<typeof schema>;
const internalMutation = internalMutationGeneric as MutationBuilder<DataModel, "internal">;

const DAY_MS = 24 * 60 * 60 * 1000;
const ON_THE_DAY = 4;

export const insertBookings = internalMutation({
  args: {},
  handler: async (ctx) => {
    const total = Number(process.env.BENCH_BOOKINGS ?? 0);
    const day = Date.parse(`${process.env.BENCH_DAY}T00:00:00Z`);
    const onTheDay = await ctx.db
      .query("providers")
      .withIndex("by_slug", (q) => q.eq("slug", process.env.BENCH_PROVIDER ?? ""))
      .unique();
    const providers = await ctx.db.query("providers").withIndex("by_slug").take(10);
    const service = await ctx.db.query("services").withIndex("by_slug").first();
    if (onTheDay === null || service === null) throw new Error("run seed:ensureDemoData first");
    for (let i = 0; i < total; i++) {
      const sameDay = i < Math.min(ON_THE_DAY, total);
      // Others: alternate past and future days, 1 to 90 days away, on every provider.
      const away = sameDay ? 0 : (1 + (i % 90)) * (i % 2 === 0 ? -1 : 1);
      const start = day + away * DAY_MS + 9 * 60 * 60 * 1000 + (i % 8) * 60 * 60 * 1000;
      await ctx.db.insert("bookings", {
        reference: `B${i.toString(36).toUpperCase().padStart(7, "0")}`,
        serviceId: service._id,
        providerId: sameDay ? onTheDay._id : providers[i % providers.length]._id,
        start,
        end: start + 30 * 60 * 1000,
        timeZone: "UTC",
        name: `Bench ${i}`,
        email: `bench${i}@example.com`,
        phone: "",
        notes: "",
        status: "confirmed",
        bookedBySession: crypto.randomUUID(),
      });
    }
    return { inserted: total };
  },
});
