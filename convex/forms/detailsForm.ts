// The details step's form. `detailsFormSchema` is what a booking needs
// (zodResolver in the tab, bookings.confirm on the server);
// `detailsDraftSchema` accepts half-typed values for autosave, capped in size.
import { z } from "zod";
import { LIMITS } from "../shared/constants";

const tooLong = (label: string, max: number) => `${label} must be at most ${max} characters.`;

export const detailsDraftSchema = z.object({
  name: z.string().max(LIMITS.name, tooLong("Name", LIMITS.name)),
  email: z.string().max(LIMITS.email, tooLong("Email", LIMITS.email)),
  phone: z.string().max(LIMITS.phone, tooLong("Phone", LIMITS.phone)),
  notes: z.string().max(LIMITS.notes, tooLong("Notes", LIMITS.notes)),
});

export const detailsFormSchema = z.object({
  name: detailsDraftSchema.shape.name.trim().min(1, "Enter your name."),
  email: detailsDraftSchema.shape.email
    .trim()
    .min(1, "Enter your email address.")
    .pipe(z.email("Enter an email address like name@example.com.")),
  phone: detailsDraftSchema.shape.phone
    .trim()
    // Digits, plain spaces and + ( ) - . only: no tabs or line breaks, which
    // could break the lines of a calendar file or an email.
    .regex(/^[0-9 +().-]*$/, "Use digits, spaces and + ( ) - . only."),
  notes: detailsDraftSchema.shape.notes.trim(),
});

export type DetailsDraft = z.infer<typeof detailsDraftSchema>;

export const EMPTY_DETAILS: DetailsDraft = { name: "", email: "", phone: "", notes: "" };
