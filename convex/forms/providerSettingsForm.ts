// The console's provider editor (profile, weekly hours, booking rules): used
// by its form (zodResolver) and by providerAdmin.create / providerAdmin.update.
import { z } from "zod";
import { timeZoneSchema } from "../lib/calendarArgs";
import { MAX_RANGES_PER_DAY, hhmmSchema, overlapsIn } from "./timeRange";

const weeklyRangeSchema = z
  .object({ weekday: z.number().int().min(1).max(7), start: hhmmSchema, end: hhmmSchema })
  .refine((range) => range.start < range.end, { message: "End must be after start.", path: ["end"] });

const whole = (label: string, min: number, max: number) =>
  z
    .number({ message: `Enter the ${label}.` })
    .int("Use a whole number.")
    .min(min, `At least ${min}.`)
    .max(max, `At most ${max}.`);

export const providerSettingsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80, "Name must be at most 80 characters."),
  bio: z.string().trim().max(300, "Bio must be at most 300 characters."),
  timeZone: timeZoneSchema,
  weeklyHours: z
    .array(weeklyRangeSchema)
    .max(7 * MAX_RANGES_PER_DAY)
    .refine(
      (hours) =>
        [1, 2, 3, 4, 5, 6, 7].every((day) => {
          const ranges = hours.filter((range) => range.weekday === day);
          return ranges.length <= MAX_RANGES_PER_DAY && !overlapsIn(ranges);
        }),
      "Hours on the same day must not overlap.",
    ),
  bufferMinutes: whole("buffer", 0, 120),
  minNoticeMinutes: whole("minimum notice", 0, 30 * 24 * 60),
  bookingWindowDays: whole("booking window", 1, 365),
  slotStepMinutes: whole("slot step", 5, 240),
});

export type ProviderSettings = z.infer<typeof providerSettingsSchema>;
