// Arguments naming a calendar day or month in a viewer's IANA time zone.
import { z } from "zod";
import { LIMITS } from "../shared/constants";
import { isIsoDate } from "../shared/isoDate";

export const timeZoneSchema = z.string().max(LIMITS.timeZone).refine(isTimeZone, "Unknown time zone.");

/** Whether Intl knows the IANA zone (it throws a RangeError for unknown ones). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const dateSchema = z.string().refine(isIsoDate, "Use a date like 2026-11-23.");

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-11.");
