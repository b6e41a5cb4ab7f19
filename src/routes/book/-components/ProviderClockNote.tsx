// Above the free times: which providers work on another clock than the
// viewer's, so 0:00–6:00 with a Tokyo provider does not come as a surprise.
import { zoneCity } from "../../../lib/timeZones";
import { worksInNote, type ProviderPlace } from "../../../lib/whereAndHow";

export function ProviderClockNote({
  providers,
  chosen,
  timeZone,
  at,
}: {
  providers: ProviderPlace[];
  /** One provider was chosen (their clock is shown under each time), rather than "any". */
  chosen: boolean;
  timeZone: string;
  at: number;
}) {
  const notes = providers
    .map((provider) => worksInNote(provider, timeZone, at))
    .filter((note): note is string => note !== null);
  if (notes.length === 0) return null;
  return (
    <p className="zone-note">
      {chosen
        ? `${notes[0]}. The smaller time on each button is the time in ${zoneCity(providers[0].timeZone)}.`
        : `Some of these times are with providers on another clock. ${notes.join(". ")}.`}
    </p>
  );
}
