// What a booking looks like to its owner (confirmation page, My bookings):
// times, service and provider names, never the session that made it.
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

export async function bookingSummary(ctx: QueryCtx, booking: Doc<"bookings">) {
  const [service, provider] = await Promise.all([
    ctx.db.get("services", booking.serviceId),
    ctx.db.get("providers", booking.providerId),
  ]);
  return {
    reference: booking.reference,
    status: booking.status,
    rescheduledTo: booking.rescheduledTo ?? null,
    cancelledBy: booking.cancelledBy ?? null,
    cancelReason: booking.cancelReason ?? null,
    movedByBusiness: booking.movedByBusiness ?? null,
    start: booking.start,
    end: booking.end,
    timeZone: booking.timeZone,
    serviceName: service?.name ?? "",
    priceCents: service?.priceCents ?? 0,
    currency: service?.currency ?? "EUR",
    providerName: provider?.name ?? "",
  };
}
