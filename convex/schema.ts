import { defineSchema, defineTable } from "convex/server";
import { v, type Infer } from "convex/values";
import { rateLimitTables } from "convex-helpers/server/rateLimit";
import { authTables } from "@convex-dev/auth/server";

/** The booking flow's steps, in order. One union, used by the UI and the server. */
export const STEPS = ["service", "provider", "time", "details", "review"] as const;
export const vStep = v.union(...STEPS.map((step) => v.literal(step)));
export type Step = Infer<typeof vStep>;

/** Caps on what a person can type; shared by the zod form schemas. */
export const LIMITS = {
  name: 100,
  email: 254,
  phone: 32,
  notes: 500,
  timeZone: 64,
} as const;

/** Longest appointment plus buffers; bounds the index ranges availability reads. */
export const MAX_BLOCK_MINUTES = 8 * 60;

/** ISO weekday (1 = Monday) and local wall-clock times "HH:mm" in the provider's zone. */
export const vWorkingHours = v.object({
  weekday: v.number(),
  start: v.string(),
  end: v.string(),
});
export type WorkingHours = Infer<typeof vWorkingHours>;

export const vDetails = v.object({
  name: v.string(),
  email: v.string(),
  phone: v.string(),
  notes: v.string(),
});

/** "any" lets the server pick whichever provider is free at the chosen time. */
export const vProviderChoice = v.union(v.literal("any"), v.id("providers"));

export const vBookingStatus = v.union(
  v.literal("confirmed"),
  v.literal("cancelled"),
  // Replaced by a later booking (its reference is in `rescheduledTo`).
  v.literal("rescheduled"),
);

/**
 * Told to a tab once, then acknowledged: why its draft is gone ("expired"),
 * or why its held time was let go ("closed": the business closed that time).
 */
export const vSessionNoticeKind = v.union(v.literal("expired"), v.literal("closed"));

/** Who cancelled a booking: its customer, or the business from the console. */
export const vCancelledBy = v.union(v.literal("customer"), v.literal("business"));

/** Console roles: the owner runs everything; staff run one provider's calendar. */
export const vRole = v.union(v.literal("owner"), v.literal("staff"));

/** Local wall-clock opening hours "HH:mm" on one day (a date override's own hours). */
export const vTimeRange = v.object({ start: v.string(), end: v.string() });

export default defineSchema({
  ...rateLimitTables,
  ...authTables,

  services: defineTable({
    slug: v.string(),
    name: v.string(),
    description: v.string(),
    durationMinutes: v.number(),
    priceCents: v.number(),
    currency: v.string(),
    // Set when archived: gone from the booking flow, still named on past bookings.
    archivedAt: v.optional(v.number()),
  })
    .index("by_slug", ["slug"])
    .index("by_archivedAt", ["archivedAt"]),

  providers: defineTable({
    slug: v.string(),
    name: v.string(),
    bio: v.string(),
    timeZone: v.string(),
    weeklyHours: v.array(vWorkingHours),
    bufferMinutes: v.number(),
    minNoticeMinutes: v.number(),
    bookingWindowDays: v.number(),
    slotStepMinutes: v.number(),
  }).index("by_slug", ["slug"]),

  providerServices: defineTable({
    providerId: v.id("providers"),
    serviceId: v.id("services"),
  })
    .index("by_serviceId", ["serviceId"])
    .index("by_providerId_and_serviceId", ["providerId", "serviceId"]),

  // One row per browser tab, keyed by the tab's opaque session ID. Rows with
  // a `userId` (bookingDrafts, slotHolds, heartbeats) answer only to that
  // signed-in user: the session ID alone no longer opens them.
  bookingDrafts: defineTable({
    sessionId: v.string(),
    userId: v.optional(v.id("users")),
    step: vStep,
    serviceId: v.optional(v.id("services")),
    providerChoice: v.optional(vProviderChoice),
    start: v.optional(v.number()),
    timeZone: v.optional(v.string()),
    details: vDetails,
    // The tab's clock-based revision of `details`; older writes (a late
    // socket save racing a page-hide beacon) are ignored.
    detailsRev: v.number(),
    // The booking this draft will replace once confirmed (reschedule).
    rescheduleOf: v.optional(v.id("bookings")),
    updatedAt: v.number(),
    // updatedAt + the draft lifetime; a scheduled function and a cron sweeper delete it then.
    expiresAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_userId", ["userId"])
    .index("by_expiresAt", ["expiresAt"]),

  // A tab's claim on one time, so other tabs stop offering it.
  slotHolds: defineTable({
    sessionId: v.string(),
    userId: v.optional(v.id("users")),
    providerId: v.id("providers"),
    serviceId: v.id("services"),
    start: v.number(),
    end: v.number(),
    // When the time was taken: minimum notice is counted from here while the hold lasts.
    heldAt: v.number(),
    expiresAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_userId", ["userId"])
    .index("by_providerId_and_start", ["providerId", "start"]),

  // A tab's liveness, apart from its draft so that beats re-run no draft or
  // availability query. A visible tab silent past the timeout loses its hold.
  heartbeats: defineTable({
    sessionId: v.string(),
    userId: v.optional(v.id("users")),
    lastSeen: v.number(),
    // The tab's own counter: a beat older than the stored one is ignored.
    seq: v.number(),
    // Hidden tabs pause: silence is not read as "gone" until the tab leaves.
    state: v.union(v.literal("visible"), v.literal("hidden"), v.literal("left")),
    checkPending: v.boolean(),
    // The time whose hold the timeout released, to re-acquire if the tab comes back.
    releasedStart: v.optional(v.number()),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_userId", ["userId"])
    .index("by_lastSeen", ["lastSeen"]),

  sessionNotices: defineTable({
    sessionId: v.string(),
    kind: vSessionNoticeKind,
    createdAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_createdAt", ["createdAt"]),

  bookings: defineTable({
    reference: v.string(),
    serviceId: v.id("services"),
    providerId: v.id("providers"),
    start: v.number(),
    end: v.number(),
    timeZone: v.string(),
    name: v.string(),
    email: v.string(),
    phone: v.string(),
    notes: v.string(),
    status: vBookingStatus,
    rescheduledTo: v.optional(v.string()),
    cancelledBy: v.optional(vCancelledBy),
    // Given by the business when it cancels; shown to the customer.
    cancelReason: v.optional(v.string()),
    // The tab that booked it may show its confirmation; never returned.
    bookedBySession: v.string(),
    userId: v.optional(v.id("users")),
  })
    .index("by_providerId_and_start", ["providerId", "start"])
    .index("by_reference", ["reference"])
    .index("by_bookedBySession", ["bookedBySession"])
    .index("by_userId_and_start", ["userId", "start"]),

  // Console access: one row per team member. Staff are linked to one provider.
  members: defineTable({
    userId: v.id("users"),
    role: vRole,
    providerId: v.optional(v.id("providers")),
  })
    .index("by_userId", ["userId"])
    .index("by_role", ["role"]),

  // One-use invite links. Only the SHA-256 of the token is stored.
  invites: defineTable({
    tokenHash: v.string(),
    role: vRole,
    providerId: v.optional(v.id("providers")),
    createdBy: v.optional(v.id("users")),
    createdAt: v.number(),
    expiresAt: v.number(),
    usedAt: v.optional(v.number()),
  })
    .index("by_tokenHash", ["tokenHash"])
    .index("by_role_and_usedAt", ["role", "usedAt"]),

  // A provider's day closed, or open with its own hours instead of the weekly ones.
  dateOverrides: defineTable({
    providerId: v.id("providers"),
    date: v.string(),
    closed: v.boolean(),
    hours: v.array(vTimeRange),
  }).index("by_providerId_and_date", ["providerId", "date"]),

  // A provider away from `start` to `end` (UTC instants).
  timeOff: defineTable({
    providerId: v.id("providers"),
    start: v.number(),
    end: v.number(),
    reason: v.string(),
  }).index("by_providerId_and_end", ["providerId", "end"]),

  // Who changed what in the console, and when. Read by the owner.
  auditLog: defineTable({
    at: v.number(),
    actorId: v.optional(v.id("users")),
    actor: v.string(),
    action: v.string(),
    summary: v.string(),
  }).index("by_at", ["at"]),
});
