// A date override (a day closed, or open with its own hours): used by the
// console's form and by providerAdmin.setOverride.
import { z } from "zod";
import { dateSchema } from "../lib/calendarArgs";
import { MAX_RANGES_PER_DAY, overlapsIn, timeRangeSchema } from "./timeRange";

export const overrideFormSchema = z
  .object({
    date: dateSchema,
    closed: z.boolean(),
    hours: z
      .array(timeRangeSchema)
      .max(MAX_RANGES_PER_DAY)
      .refine((ranges) => !overlapsIn(ranges), "Hours must not overlap."),
  })
  .refine((override) => override.closed || override.hours.length > 0, {
    message: "Add opening hours, or close the day.",
    path: ["hours"],
  });

export type OverrideForm = z.infer<typeof overrideFormSchema>;
