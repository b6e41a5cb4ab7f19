// Free start times, grouped into morning, afternoon and evening on the
// viewer's clock, as one compact grid of equal buttons that fits a phone.
// With a provider in another zone, each time also shows the provider's clock.
import { useId } from "react";
import { formatTime } from "../../../lib/format";
import { DAY_PARTS, dayPart, zoneCity, type DayPart } from "../../../lib/timeZones";

export type TimeOption = { start: number; held: boolean };

const PART_LABELS: Record<DayPart, string> = {
  morning: "Morning",
  afternoon: "Afternoon",
  evening: "Evening",
};

/** The tab's own held time is marked as chosen. */
export function TimeGrid({
  times,
  timeZone,
  providerZone,
  busy,
  onPick,
}: {
  times: TimeOption[];
  timeZone: string;
  /** The chosen provider's zone, when their clock differs from the viewer's. */
  providerZone?: string;
  busy: boolean;
  onPick: (start: number) => void;
}) {
  const id = useId();
  const groups = DAY_PARTS.map((part) => ({
    part,
    times: times.filter(({ start }) => dayPart(start, timeZone) === part),
  })).filter((group) => group.times.length > 0);
  return (
    <div role="group" aria-label="Free times" aria-busy={busy} className="time-groups">
      {groups.map(({ part, times: partTimes }) => (
        <div key={part} role="group" aria-labelledby={`${id}-${part}`}>
          <h3 id={`${id}-${part}`} className="time-group-heading">
            {PART_LABELS[part]}
          </h3>
          <ul className="time-grid">
            {partTimes.map(({ start, held }) => (
              <li key={start}>
                <button
                  type="button"
                  className={`time ${held ? "time-held" : ""}`}
                  aria-pressed={held}
                  disabled={busy}
                  onClick={() => onPick(start)}
                >
                  {formatTime(start, timeZone)}
                  {providerZone && (
                    <span className="time-local">
                      <span className="visually-hidden">, </span>
                      {formatTime(start, providerZone)}
                      <span className="visually-hidden"> in {zoneCity(providerZone)}</span>
                    </span>
                  )}
                  {held && <span className="visually-hidden"> (held for you)</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
