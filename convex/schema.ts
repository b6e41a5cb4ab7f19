import { defineSchema, defineTable } from "convex/server";
import { v, type Infer } from "convex/values";
import { rateLimitTables } from "convex-helpers/server/rateLimit";
import { authTables } from "@convex-dev/auth/server";
import { STEPS } from "./shared/constants";

export const vStep = v.union(...STEPS.map((step) => v.literal(step)));

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

/** How an appointment happens: at the provider's location, or by video call. */
export const vAppointmentMode = v.union(v.literal("in_person"), v.literal("online"));
export type AppointmentMode = Infer<typeof vAppointmentMode>;

/** "any" lets the server pick whichever provider is free at the chosen time. */
export const vProviderChoice = v.union(v.literal("any"), v.id("providers"));

export const vBookingStatus = v.union(
  v.literal("confirmed"),
  v.literal("cancelled"),
  // Replaced by a later booking (its reference is in `rescheduledTo`).
  v.literal("rescheduled"),
  // Booker email verification (lib/bookingVerification.ts): its time is held
  // until the customer clicks the emailed link, or let go ("expired").
  v.literal("pending"),
  v.literal("expired"),
);

/** Who cancelled a booking (the owner/staff console sets "business" with a reason). */
export const vCancelledBy = v.union(v.literal("customer"), v.literal("business"));

/** Every email the app sends; one template per kind (convex/lib/emailTemplates.ts). */
export const EMAIL_KINDS = [
  "confirmed",
  "rescheduled",
  "cancelled",
  "reminder",
  "newLink",
  "staffBooked",
  "staffCancelled",
  "verifyBooking",
] as const;
export const vEmailKind = v.union(...EMAIL_KINDS.map((kind) => v.literal(kind)));
export type EmailKind = Infer<typeof vEmailKind>;

/**
 * An outbox row's life: pending (waiting for its time or a retry), sending
 * (claimed by one delivery run until its lease ends), then sent, failed (gave
 * up, last error kept) or dropped (its booking changed before it was due).
 */
export const vOutboxStatus = v.union(
  v.literal("pending"),
  v.literal("sending"),
  v.literal("sent"),
  v.literal("failed"),
  v.literal("dropped"),
);

/** What an email says about its booking, copied when the change is made. */
export const vEmailBooking = v.object({
  reference: v.string(),
  serviceName: v.string(),
  providerName: v.string(),
  start: v.number(),
  end: v.number(),
  timeZone: v.string(),
  name: v.string(),
  priceCents: v.number(),
  currency: v.string(),
});
export type EmailBooking = Infer<typeof vEmailBooking>;

/**
 * Told to a tab once, then acknowledged: why its draft is gone ("expired"),
 * or why its held time was let go ("closed": the business closed that time).
 */
export const vSessionNoticeKind = v.union(v.literal("expired"), v.literal("closed"));

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
    // "online" makes every appointment for it a video call; otherwise the provider's mode decides.
    mode: v.optional(vAppointmentMode),
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
    // Where they see people in person ("Marylebone, London"), or where they work from when online.
    location: v.optional(v.string()),
    // "online": sees people only by video call. In person when absent.
    mode: v.optional(vAppointmentMode),
    // Where staff emails about this calendar go; none are sent without it.
    email: v.optional(v.string()),
    // Set when archived: gone from the booking flow, still named on past bookings.
    archivedAt: v.optional(v.number()),
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
    // Set when the reschedule was started from a manage link: the link must
    // still be valid at confirm for the old booking to be replaced.
    rescheduleToken: v.optional(v.id("manageTokens")),
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
    // Taken by a guest or a new account: counts against the newcomer share (lib/newcomerShare.ts).
    newcomer: v.optional(v.boolean()),
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
    // The user the expired draft was bound to: only they may read the notice.
    userId: v.optional(v.id("users")),
    kind: vSessionNoticeKind,
    createdAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_createdAt", ["createdAt"]),

  // Failed sign-ins per hashed account email and per client (lib/signInThrottle.ts).
  signInThrottles: defineTable({
    key: v.string(),
    failures: v.number(),
    lastFailureAt: v.number(),
  })
    .index("by_key", ["key"])
    .index("by_lastFailureAt", ["lastFailureAt"]),

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
    // Set on the new booking when the business moved the customer's booking
    // (the old one becomes "rescheduled"): the time it had, and why.
    movedByBusiness: v.optional(v.object({ from: v.number(), reason: v.string() })),
    // The tab that booked it may show its confirmation; never returned.
    bookedBySession: v.string(),
    userId: v.optional(v.id("users")),
    // Booked by a guest or a new account: counts against the newcomer share.
    newcomer: v.optional(v.boolean()),
    // Pending: the customer must confirm their email by then, or the time is let go.
    verifyBy: v.optional(v.number()),
  })
    .index("by_providerId_and_start", ["providerId", "start"])
    .index("by_reference", ["reference"])
    .index("by_bookedBySession", ["bookedBySession"])
    .index("by_userId_and_start", ["userId", "start"]),

  // Manage links: only the SHA-256 of each secret token is kept. A booking
  // can have several (one per email and one shown on the confirmation page);
  // revoking deletes them all, so a revoked link reads as an unknown one.
  manageTokens: defineTable({
    bookingId: v.id("bookings"),
    tokenHash: v.string(),
    createdAt: v.number(),
  })
    .index("by_tokenHash", ["tokenHash"])
    .index("by_bookingId", ["bookingId"]),

  // A tab that opened a manage link (through the rate-limited mutation) may
  // read and change that booking, so no query ever takes the token itself.
  manageGrants: defineTable({
    sessionId: v.string(),
    userId: v.optional(v.id("users")),
    bookingId: v.id("bookings"),
    tokenId: v.id("manageTokens"),
    expiresAt: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_bookingId", ["bookingId"])
    .index("by_expiresAt", ["expiresAt"]),

  // Emails to send, written in the same transaction as the change they tell
  // of, and delivered by an internal action (convex/mailer.ts).
  outbox: defineTable({
    kind: vEmailKind,
    to: v.string(),
    bookingId: v.id("bookings"),
    booking: vEmailBooking,
    // rescheduled: the time it replaced; cancelled: who and why.
    previousStart: v.optional(v.number()),
    cancelledBy: v.optional(vCancelledBy),
    cancelReason: v.optional(v.string()),
    status: vOutboxStatus,
    // pending: when to try next; sending: when the claim's lease ends.
    nextAttemptAt: v.number(),
    attempts: v.number(),
    lastError: v.optional(v.string()),
    sentAt: v.optional(v.number()),
  })
    .index("by_status_and_nextAttemptAt", ["status", "nextAttemptAt"])
    .index("by_bookingId", ["bookingId"]),

  // A pending booking's email link: only the SHA-256 of its token (minted
  // when the email is sent); deleted when used or when the booking expires.
  bookingVerifications: defineTable({
    bookingId: v.id("bookings"),
    tokenHash: v.optional(v.string()),
    expiresAt: v.number(),
  })
    .index("by_tokenHash", ["tokenHash"])
    .index("by_bookingId", ["bookingId"]),

  // The business's settings, set by the owner in the console: one row at most.
  businessSettings: defineTable({
    // Guests confirm their email before a booking counts (lib/bookingVerification.ts).
    verifyGuestEmail: v.boolean(),
  }),

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
    .index("by_role_and_usedAt", ["role", "usedAt"])
    .index("by_providerId_and_usedAt", ["providerId", "usedAt"]),

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
