// The time step's choice (a UTC instant): used by the tab and holds.hold.
import { z } from "zod";

export const timeFormSchema = z.object({
  start: z
    .number({ message: "Choose a time." })
    .int()
    .min(Date.UTC(2020, 0, 1), "That time is not valid.")
    .max(Date.UTC(2100, 0, 1), "That time is not valid."),
});
