import { defineSchema, defineTable } from "convex/server";
import { v, type Infer } from "convex/values";

/** The booking flow's steps, in order. One union, used by the UI and the server. */
export const STEPS = ["service", "provider", "time", "details", "review"] as const;
export const vStep = v.union(...STEPS.map((step) => v.literal(step)));
export type Step = Infer<typeof vStep>;

export const MAX_NOTE_LENGTH = 200;

export default defineSchema({
  // One row per browser tab, keyed by the tab's opaque session ID.
  bookingDrafts: defineTable({
    sessionId: v.string(),
    step: vStep,
    note: v.string(),
    updatedAt: v.number(),
  }).index("by_sessionId", ["sessionId"]),
});
