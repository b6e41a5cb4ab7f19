// Readable time zones: "Tokyo — GMT+9" labels from IANA names, how far a
// provider's zone is from the viewer's, the part of the day an instant falls
// in, and the ordered, searchable list behind the time-zone picker. Offsets
// come from Intl at a given instant, so daylight saving is always current.

/** Zones most people pick, shown after the detected one before the full list. */
export const COMMON_ZONES = [
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "UTC",
] as const;

// Building a formatter costs far more than using one; the picker needs one per zone.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC for `timeZone` at `at`. */
export function offsetMinutes(timeZone: string, at: number): number {
  const name =
    offsetFormatter(timeZone)
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** "GMT+0", "GMT+9", "GMT-3:30". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `GMT${sign}${Math.floor(abs / 60)}${rest === 0 ? "" : `:${String(rest).padStart(2, "0")}`}`;
}

/** The place a zone is named for: "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(timeZone: string): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return "UTC";
  return (timeZone.split("/").at(-1) ?? timeZone).replace(/_/g, " ");
}

/** The region before the city, for telling apart places with the same name: "America/Argentina". */
export function zoneRegion(timeZone: string): string {
  return timeZone.split("/").slice(0, -1).join("/").replace(/_/g, " ");
}

/** "London — GMT+0". */
export function zoneLabel(timeZone: string, at: number): string {
  return `${zoneCity(timeZone)} — ${formatOffset(offsetMinutes(timeZone, at))}`;
}

/** "9 h ahead of you", "5 h 30 min behind you", or null when both zones read the same clock. */
export function zoneDifference(timeZone: string, viewerZone: string, at: number): string | null {
  const diff = offsetMinutes(timeZone, at) - offsetMinutes(viewerZone, at);
  if (diff === 0) return null;
  const abs = Math.abs(diff);
  const amount = abs % 60 === 0 ? `${abs / 60} h` : `${Math.floor(abs / 60)} h ${abs % 60} min`;
  return `${amount} ${diff > 0 ? "ahead of" : "behind"} you`;
}

export type DayPart = "morning" | "afternoon" | "evening";
export const DAY_PARTS: DayPart[] = ["morning", "afternoon", "evening"];

/** Morning before 12:00, afternoon before 17:00, evening after, on the clock of `timeZone`. */
export function dayPart(instant: number, timeZone: string): DayPart {
  const hour = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(instant),
  );
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

export type ZoneOption = {
  zone: string;
  label: string;
  /** Shown under the label: the IANA region, or why the zone is near the top. */
  note: string;
  suggested: boolean;
};

/**
 * Every zone the browser knows, the detected one first, then the current
 * choice and the common ones, then the rest by offset and name.
 */
export function zoneOptions(detected: string, current: string, at: number): ZoneOption[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const suggested = [...new Set([detected, current, ...COMMON_ZONES])];
  const rest = [...new Set(known)]
    .filter((zone) => !suggested.includes(zone))
    .map((zone) => ({ zone, offset: offsetMinutes(zone, at) }))
    .sort((a, b) => a.offset - b.offset || zoneCity(a.zone).localeCompare(zoneCity(b.zone)))
    .map(({ zone }) => zone);
  const option = (zone: string, isSuggested: boolean): ZoneOption => ({
    zone,
    label: zoneLabel(zone, at),
    note: zone === detected ? "Detected from this device" : zoneRegion(zone),
    suggested: isSuggested,
  });
  return [...suggested.map((zone) => option(zone, true)), ...rest.map((zone) => option(zone, false))];
}

const normalise = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[_/]/g, " ");

/**
 * Options matching every word typed, in the city, region, IANA name or
 * offset ("york", "tok", "gmt+9", "america"). Zones whose city starts with
 * the query come first; otherwise the list keeps its order.
 */
export function searchZones(options: ZoneOption[], query: string): ZoneOption[] {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return options;
  const matches = options.filter((option) => {
    const haystack = normalise(`${option.label} ${option.zone} ${option.note}`);
    return words.every((word) => haystack.includes(word));
  });
  const first = normalise(query.trim());
  const startsCity = (option: ZoneOption) => normalise(zoneCity(option.zone)).startsWith(first);
  return [...matches.filter(startsCity), ...matches.filter((option) => !startsCity(option))];
}
