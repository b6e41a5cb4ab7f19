// Booking references: 8 characters without look-alikes (no I, L, O, 0, 1), so
// one can be read out over the phone. The schema is shared with the tab.
import { z } from "zod";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

const REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const REFERENCE_LENGTH = 8;

export const referenceSchema = z
  .string()
  .regex(
    new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`),
    "That booking reference is not valid.",
  );

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
