// What the flow says about where and how an appointment happens, and about
// a provider's clock when it differs from the viewer's.
import { formatTime } from "./format";
import { zoneCity, zoneDifference } from "./timeZones";

export type ProviderPlace = {
  name: string;
  timeZone: string;
  location: string | null;
  mode: "in_person" | "online";
};

export const MODE_LABELS = { in_person: "In person", online: "Online (video call)" } as const;

/** "In person · Marylebone, London" or "Online (video call) · from Tokyo". */
export function whereText(provider: ProviderPlace): string {
  const place = provider.location ?? zoneCity(provider.timeZone);
  return provider.mode === "online"
    ? `${MODE_LABELS.online} · from ${place}`
    : `${MODE_LABELS.in_person} · ${place}`;
}

/** "Local time in Tokyo: 6:12 AM, 9 h ahead of you", or null when the clocks agree. */
export function localTimeNote(provider: ProviderPlace, viewerZone: string, now: number): string | null {
  const difference = zoneDifference(provider.timeZone, viewerZone, now);
  if (difference === null) return null;
  return `Local time in ${zoneCity(provider.timeZone)}: ${formatTime(now, provider.timeZone)}, ${difference}`;
}

/** "Sam Ortiz works in New York, 5 h behind you", or null when the clocks agree. */
export function worksInNote(provider: ProviderPlace, viewerZone: string, at: number): string | null {
  const difference = zoneDifference(provider.timeZone, viewerZone, at);
  return difference === null
    ? null
    : `${provider.name} works in ${zoneCity(provider.timeZone)}, ${difference}`;
}
