// The session-document variant's functions: the same reads the app's tab
// subscribes to (its draft, a day's taken times) and the same heartbeat
// write, but all against the one `sessions` document per tab.
import {
  mutationGeneric,
  queryGeneric,
  type DataModelFromSchemaDefinition,
  type MutationBuilder,
  type QueryBuilder,
} from "convex/server";
import { v } from "convex/values";
import type schema from "./schema";

type DataModel = DataModelFromSchemaDefinition<typeof schema>;
const query = queryGeneric as QueryBuilder<DataModel, "public">;
const mutation = mutationGeneric as MutationBuilder<DataModel, "public">;

export const open = mutation({
  args: { sessionId: v.string(), providerId: v.string(), heldStart: v.number() },
  handler: async (ctx, args) => {
    await ctx.db.insert("sessions", { ...args, step: "details", notes: "", lastSeen: Date.now(), seq: 0 });
  },
});

export const draft = query({
  args: { sessionId: v.string() },
  handler: async (ctx, { sessionId }) => {
    const session = await ctx.db
      .query("sessions")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .unique();
    return session === null ? null : { step: session.step, notes: session.notes, start: session.heldStart };
  },
});

/** Times held on a provider's day: with holds inside session documents, availability must read them. */
export const day = query({
  args: { providerId: v.string(), from: v.number(), to: v.number() },
  handler: async (ctx, { providerId, from, to }) => {
    const held = await ctx.db
      .query("sessions")
      .withIndex("by_providerId_and_heldStart", (q) =>
        q.eq("providerId", providerId).gte("heldStart", from).lt("heldStart", to),
      )
      .take(200);
    return held.map((session) => session.heldStart);
  },
});

export const beat = mutation({
  args: { sessionId: v.string(), seq: v.number() },
  handler: async (ctx, { sessionId, seq }) => {
    const session = await ctx.db
      .query("sessions")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .unique();
    if (session !== null) await ctx.db.patch("sessions", session._id, { lastSeen: Date.now(), seq });
  },
});
