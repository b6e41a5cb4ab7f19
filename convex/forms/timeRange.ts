// Opening hours as local wall-clock "HH:mm" ranges: shared by the weekly
// hours editor and a date override's own hours, in the tab and on the server.
import { z } from "zod";

export const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:30.");

export const timeRangeSchema = z
  .object({ start: hhmmSchema, end: hhmmSchema })
  .refine((range) => range.start < range.end, { message: "End must be after start.", path: ["end"] });

/** Ranges on one day must not overlap (touching is fine). */
export function overlapsIn(ranges: { start: string; end: string }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start));
  return sorted.some((range, i) => i > 0 && range.start < sorted[i - 1].end);
}

export const MAX_RANGES_PER_DAY = 6;
