// The email outbox: a booking change calls these in its own mutation, so the
// message is written in the same transaction as the change (or not at all),
// and an internal action (convex/mailer.ts) delivers it afterwards.
import { internal } from "../_generated/api";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { EmailBooking, EmailKind } from "../schema";

export const REMINDER_BEFORE_MS = 24 * 60 * 60_000;

type Extra = Partial<Pick<Doc<"outbox">, "previousStart" | "cancelledBy" | "cancelReason">> & {
  /** Where to send (staff emails); the booking's own email otherwise. */
  to?: string;
  /** When to send; now by default. */
  sendAt?: number;
};

/** What the email says about the booking, as it is now. */
async function snapshot(ctx: MutationCtx, booking: Doc<"bookings">): Promise<EmailBooking> {
  const [service, provider] = await Promise.all([
    ctx.db.get("services", booking.serviceId),
    ctx.db.get("providers", booking.providerId),
  ]);
  return {
    reference: booking.reference,
    serviceName: service?.name ?? "",
    providerName: provider?.name ?? "",
    start: booking.start,
    end: booking.end,
    timeZone: booking.timeZone,
    name: booking.name,
    priceCents: service?.priceCents ?? 0,
    currency: service?.currency ?? "EUR",
  };
}

/** Writes one message to the outbox and schedules its delivery. Callable from any mutation. */
export async function enqueueBookingEmail(
  ctx: MutationCtx,
  kind: EmailKind,
  booking: Doc<"bookings">,
  extra: Extra = {},
): Promise<Id<"outbox">> {
  const { to = booking.email, sendAt = Date.now(), ...fields } = extra;
  const outboxId = await ctx.db.insert("outbox", {
    kind,
    to,
    bookingId: booking._id,
    booking: await snapshot(ctx, booking),
    ...fields,
    status: "pending",
    nextAttemptAt: sendAt,
    attempts: 0,
  });
  await ctx.scheduler.runAt(sendAt, internal.mailer.deliver, { outboxId });
  return outboxId;
}

/** The provider's address for staff emails, if the business gave one. */
export async function staffAddress(ctx: MutationCtx, booking: Doc<"bookings">): Promise<string | null> {
  const provider = await ctx.db.get("providers", booking.providerId);
  return provider?.email ?? null;
}

/**
 * A new booking: confirmation (or reschedule) email, its reminder, and the
 * staff email. `movedBy` says the business moved it, and why.
 */
export async function enqueueBooked(
  ctx: MutationCtx,
  booking: Doc<"bookings">,
  replaced: Doc<"bookings"> | null,
  movedBy: Pick<Extra, "cancelledBy" | "cancelReason"> = {},
): Promise<void> {
  if (replaced === null) await enqueueBookingEmail(ctx, "confirmed", booking);
  else await enqueueBookingEmail(ctx, "rescheduled", booking, { previousStart: replaced.start, ...movedBy });
  const remindAt = booking.start - REMINDER_BEFORE_MS;
  if (remindAt > Date.now()) await enqueueBookingEmail(ctx, "reminder", booking, { sendAt: remindAt });
  const staff = await staffAddress(ctx, booking);
  if (staff !== null) await enqueueBookingEmail(ctx, "staffBooked", booking, { to: staff });
}

/** A booking no longer happens at its time: its reminders that are still due are dropped. */
export async function dropPendingReminders(ctx: MutationCtx, bookingId: Id<"bookings">): Promise<void> {
  const rows = await ctx.db
    .query("outbox")
    .withIndex("by_bookingId", (q) => q.eq("bookingId", bookingId))
    .take(100);
  for (const row of rows) {
    if (row.kind === "reminder" && row.status === "pending") {
      await ctx.db.patch("outbox", row._id, { status: "dropped" });
    }
  }
}
