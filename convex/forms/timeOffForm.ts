// Time off, as local date-times in the provider's zone ("2026-12-24T13:00"):
// used by the console's form and by providerAdmin.addTimeOff.
import { z } from "zod";

const localDateTime = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, "Choose a date and time.");

export const timeOffFormSchema = z
  .object({
    start: localDateTime,
    end: localDateTime,
    reason: z.string().trim().max(200, "Reason must be at most 200 characters."),
  })
  .refine((range) => range.start < range.end, { message: "End must be after start.", path: ["end"] });

export type TimeOffForm = z.infer<typeof timeOffFormSchema>;
