// The console's service editor: used by its form (zodResolver) and by
// serviceAdmin.create / serviceAdmin.update. Prices are typed in major units.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";

export const CURRENCIES = ["EUR", "GBP", "USD"] as const;
export const MAX_SERVICE_MINUTES = 240;

export const serviceEditorSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80, "Name must be at most 80 characters."),
  description: z.string().trim().max(300, "Description must be at most 300 characters."),
  durationMinutes: z
    .number({ message: "Enter a duration in minutes." })
    .int("Use whole minutes.")
    .min(5, "At least 5 minutes.")
    .max(MAX_SERVICE_MINUTES, `At most ${MAX_SERVICE_MINUTES} minutes.`),
  price: z
    .number({ message: "Enter a price." })
    .min(0, "A price cannot be negative.")
    .max(100_000, "At most 100,000.")
    .refine((price) => Math.abs(price * 100 - Math.round(price * 100)) < 1e-6, "Use at most two decimals."),
  currency: z.enum(CURRENCIES),
  providerIds: z.array(zid("providers")).max(50),
});

export type ServiceEditor = z.infer<typeof serviceEditorSchema>;
