import { formatTime } from "../../../lib/format";

export type TimeOption = { start: number; held: boolean };

/** Free start times as buttons; the tab's own held time is marked as chosen. */
export function TimeGrid({
  times,
  timeZone,
  busy,
  onPick,
}: {
  times: TimeOption[];
  timeZone: string;
  busy: boolean;
  onPick: (start: number) => void;
}) {
  return (
    <ul className="time-grid" aria-label="Free times" aria-busy={busy}>
      {times.map(({ start, held }) => (
        <li key={start}>
          <button
            type="button"
            className={`time ${held ? "time-held" : ""}`}
            aria-pressed={held}
            disabled={busy}
            onClick={() => onPick(start)}
          >
            {formatTime(start, timeZone)}
            {held && <span className="visually-hidden"> (held for you)</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
