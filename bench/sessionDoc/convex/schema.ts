// The anti-pattern the seed articles warn about, kept for one benchmark
// figure (session_doc_rerun_queries): one document per tab that holds its
// draft, its held time and its heartbeat. Never deployed.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  sessions: defineTable({
    sessionId: v.string(),
    step: v.string(),
    notes: v.string(),
    providerId: v.string(),
    heldStart: v.number(),
    lastSeen: v.number(),
    seq: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_providerId_and_heldStart", ["providerId", "heldStart"]),
});
