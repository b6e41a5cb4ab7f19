// Booker email verification, as the owner sets it (convex/settings.ts): a
// guest's booking starts "pending", its time held (nobody else is offered it,
// and it counts against the newcomer share), until the customer clicks the
// link in the email in time (TABBOOK_VERIFY_SECONDS, 15 minutes by default); an internal scheduled function
// lets it go ("expired") otherwise. The link's token is minted when the email
// is sent (outbox claim), kept only as its SHA-256, and works once (its row
// is deleted when used).
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { hashToken, newLinkToken } from "./manageTokens";
import { enqueueBookingEmail } from "./outbox";

export async function verifyGuestEmail(ctx: QueryCtx): Promise<boolean> {
  return (await ctx.db.query("businessSettings").first())?.verifyGuestEmail ?? false;
}

/** Whether a new booking by `userId` (none: a guest) must wait for the email link. */
export async function mustVerify(ctx: QueryCtx, userId: Id<"users"> | undefined): Promise<boolean> {
  if (!(await verifyGuestEmail(ctx))) return false;
  // A signed-in customer confirmed their email when they made the account.
  const user = userId === undefined ? null : await ctx.db.get("users", userId);
  return user?.emailVerificationTime === undefined;
}

/** The booking was inserted pending: its email goes out, and its deadline is scheduled. */
export async function startVerification(ctx: MutationCtx, booking: Doc<"bookings">): Promise<void> {
  const expiresAt = booking.verifyBy!;
  await ctx.db.insert("bookingVerifications", { bookingId: booking._id, expiresAt });
  await enqueueBookingEmail(ctx, "verifyBooking", booking);
  await ctx.scheduler.runAt(expiresAt, internal.bookingVerification.expire, { bookingId: booking._id });
}

function verificationOf(ctx: QueryCtx, bookingId: Id<"bookings">) {
  return ctx.db
    .query("bookingVerifications")
    .withIndex("by_bookingId", (q) => q.eq("bookingId", bookingId))
    .unique();
}

/** For the email about to be sent: a fresh token (an earlier, unsent one stops working). */
export async function mintVerifyToken(ctx: MutationCtx, bookingId: Id<"bookings">): Promise<string | null> {
  const row = await verificationOf(ctx, bookingId);
  if (row === null || row.expiresAt <= Date.now()) return null;
  const token = newLinkToken();
  await ctx.db.patch("bookingVerifications", row._id, { tokenHash: await hashToken(token) });
  return token;
}

export async function findVerification(ctx: QueryCtx, token: string) {
  const tokenHash = await hashToken(token);
  return ctx.db
    .query("bookingVerifications")
    .withIndex("by_tokenHash", (q) => q.eq("tokenHash", tokenHash))
    .unique();
}

/**
 * The deadline passed unconfirmed: the time goes back to everyone. The
 * link's row stays (one per such booking), so a late click can say why.
 */
export async function expireVerification(ctx: MutationCtx, bookingId: Id<"bookings">): Promise<void> {
  const booking = await ctx.db.get("bookings", bookingId);
  if (booking?.status === "pending") await ctx.db.patch("bookings", bookingId, { status: "expired" });
}
