// Booking references: 8 characters without look-alikes (no I, L, O, 0, 1), so
// one can be read out over the phone. The schema is shared with the tab, which
// checks a reference in the address before asking the server about it.
import { z } from "zod";

export const REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const REFERENCE_LENGTH = 8;

export const referenceSchema = z
  .string()
  .regex(
    new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`),
    "That booking reference is not valid.",
  );
