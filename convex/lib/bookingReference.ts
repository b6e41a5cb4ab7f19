// Booking references on the server: finding a booking by one, and making a
// new one. Their shape (forms/referenceForm.ts) is shared with the tab.
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { REFERENCE_ALPHABET, REFERENCE_LENGTH } from "../forms/referenceForm";

// Kept here too so the functions that take a reference import it with the lookup.
export { referenceSchema } from "../forms/referenceForm";

/** The booking with this reference, if any. */
export function bookingByReference(ctx: QueryCtx, reference: string): Promise<Doc<"bookings"> | null> {
  return ctx.db
    .query("bookings")
    .withIndex("by_reference", (q) => q.eq("reference", reference))
    .unique();
}

/** A random reference no booking has yet. */
export async function newReference(ctx: MutationCtx): Promise<string> {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(REFERENCE_LENGTH));
    const reference = Array.from(bytes, (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join("");
    if ((await bookingByReference(ctx, reference)) === null) return reference;
  }
}
