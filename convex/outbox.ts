// The outbox's delivery bookkeeping, called by the mailer action
// (convex/mailer.ts) and a cron. A row is claimed by one delivery run at a
// time (pending → sending, with a lease), so duplicate schedules, the sweeper
// and retries never send it twice; a failed send is retried with backoff and
// a row that keeps failing stays visible as "failed" with its last error.
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, internalQuery, type MutationCtx } from "./_generated/server";
import { mintManageToken } from "./lib/manageTokens";
import { mintVerifyToken } from "./lib/bookingVerification";
import type { EmailKind } from "./schema";

export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
/** How long one delivery run owns a row; longer than the SMTP timeouts (mailer.ts). */
export const LEASE_MS = 2 * 60_000;
/** A pending row this late has lost its schedule (e.g. a backend restart): the sweeper reschedules it. */
const OVERDUE_MS = 60_000;
const SWEEP_BATCH = 50;
const MAX_ERROR_LENGTH = 500;

/** Emails that carry a manage link (minted when the email is claimed, never stored). */
const WITH_LINK: ReadonlySet<EmailKind> = new Set(["confirmed", "rescheduled", "reminder", "newLink"]);

export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
}

/** What the mailer needs to render and send one row. */
export type Claim = Pick<
  Doc<"outbox">,
  "kind" | "to" | "booking" | "previousStart" | "cancelledBy" | "cancelReason" | "attempts"
> & {
  outboxId: Doc<"outbox">["_id"];
  manageToken: string | null;
  tokenId: Doc<"manageTokens">["_id"] | null;
  /** verifyBooking: the email-confirmation link's token (minted now, only its hash kept). */
  verifyToken: string | null;
};

/**
 * Claims a due, pending row for one delivery run. Returns null when there is
 * nothing to send (already sent or being sent, not due, dropped, or a
 * reminder whose booking no longer happens at that time).
 */
export const claim = internalMutation({
  args: { outboxId: v.id("outbox") },
  handler: async (ctx, { outboxId }): Promise<Claim | null> => {
    const row = await ctx.db.get("outbox", outboxId);
    const now = Date.now();
    if (row === null || row.status !== "pending" || row.nextAttemptAt > now) return null;
    const booking = await ctx.db.get("bookings", row.bookingId);
    if (row.kind === "reminder" && (booking === null || booking.status !== "confirmed")) {
      await ctx.db.patch("outbox", row._id, { status: "dropped" });
      return null;
    }
    const attempts = row.attempts + 1;
    await ctx.db.patch("outbox", row._id, { status: "sending", attempts, nextAttemptAt: now + LEASE_MS });
    // A link only for a booking that can still be managed; a stale email gets none.
    const link =
      WITH_LINK.has(row.kind) && booking?.status === "confirmed"
        ? await mintManageToken(ctx, booking._id)
        : null;
    const verifyToken =
      row.kind === "verifyBooking" && booking?.status === "pending"
        ? await mintVerifyToken(ctx, booking._id)
        : null;
    return {
      outboxId,
      kind: row.kind,
      to: row.to,
      booking: row.booking,
      previousStart: row.previousStart,
      cancelledBy: row.cancelledBy,
      cancelReason: row.cancelReason,
      attempts,
      manageToken: link?.token ?? null,
      tokenId: link?.tokenId ?? null,
      verifyToken,
    };
  },
});

/** The SMTP server took the message. A late run whose lease lapsed still counts, unless another run has it. */
export const markSent = internalMutation({
  args: { outboxId: v.id("outbox") },
  handler: async (ctx, { outboxId }) => {
    const row = await ctx.db.get("outbox", outboxId);
    if (row === null || (row.status !== "sending" && row.status !== "pending")) return;
    await ctx.db.patch("outbox", outboxId, { status: "sent", sentAt: Date.now(), lastError: undefined });
  },
});

async function retryLater(ctx: MutationCtx, row: Doc<"outbox">, error: string): Promise<void> {
  const lastError = error.slice(0, MAX_ERROR_LENGTH);
  if (row.attempts >= MAX_ATTEMPTS) {
    await ctx.db.patch("outbox", row._id, { status: "failed", lastError });
    return;
  }
  const nextAttemptAt = Date.now() + retryDelayMs(row.attempts);
  await ctx.db.patch("outbox", row._id, { status: "pending", nextAttemptAt, lastError });
  await ctx.scheduler.runAt(nextAttemptAt, internal.mailer.deliver, { outboxId: row._id });
}

/** A send failed: the unsent link is deleted and the row retried with backoff, or given up on. */
export const markFailed = internalMutation({
  args: {
    outboxId: v.id("outbox"),
    attempt: v.number(),
    error: v.string(),
    tokenId: v.union(v.id("manageTokens"), v.null()),
  },
  handler: async (ctx, { outboxId, attempt, error, tokenId }) => {
    if (tokenId !== null && (await ctx.db.get("manageTokens", tokenId)) !== null) {
      await ctx.db.delete("manageTokens", tokenId);
    }
    const row = await ctx.db.get("outbox", outboxId);
    // Only the run that holds the claim decides; a lapsed one has been superseded.
    if (row === null || row.status !== "sending" || row.attempts !== attempt) return;
    await retryLater(ctx, row, error);
  },
});

/**
 * Backstop (cron): rows whose delivery run never finished (a crash or restart
 * mid-send: the lease lapsed) are retried, and pending rows whose schedule
 * was lost are scheduled again.
 */
export const sweep = internalMutation({
  args: {},
  handler: async (ctx) => {
    const now = Date.now();
    const stuck = await ctx.db
      .query("outbox")
      .withIndex("by_status_and_nextAttemptAt", (q) => q.eq("status", "sending").lt("nextAttemptAt", now))
      .take(SWEEP_BATCH);
    for (const row of stuck)
      await retryLater(ctx, row, "The delivery run did not finish (its lease ran out).");
    const overdue = await ctx.db
      .query("outbox")
      .withIndex("by_status_and_nextAttemptAt", (q) =>
        q.eq("status", "pending").lt("nextAttemptAt", now - OVERDUE_MS),
      )
      .take(SWEEP_BATCH);
    for (const row of overdue)
      await ctx.scheduler.runAfter(0, internal.mailer.deliver, { outboxId: row._id });
  },
});

/** Rows that gave up, newest first, with their last error: for the console and operators. */
export const failed = internalQuery({
  args: {},
  handler: (ctx) =>
    ctx.db
      .query("outbox")
      .withIndex("by_status_and_nextAttemptAt", (q) => q.eq("status", "failed"))
      .order("desc")
      .take(100),
});
