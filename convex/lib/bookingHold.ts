// Which bookings keep their time from everyone else: confirmed ones, and
// pending ones (waiting for the customer's email link) until their deadline.
// Dependency-free, so availability and the newcomer share can use it.
import type { Doc } from "../_generated/dataModel";

export function holdsItsTime(booking: Doc<"bookings">, now = Date.now()): boolean {
  if (booking.status === "confirmed") return true;
  return booking.status === "pending" && (booking.verifyBy ?? 0) > now;
}
