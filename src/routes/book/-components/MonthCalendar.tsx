import { WEEKDAY_NAMES, addMonths, formatCalendarDay, formatMonth, monthGrid } from "../../../lib/format";

type Props = {
  month: string;
  selected: string;
  today: string;
  /** Free times per date; undefined while loading. */
  counts: Map<string, number> | undefined;
  onSelect: (date: string) => void;
};

/** A month of days; days with free times are buttons, the rest are shown but disabled. */
export function MonthCalendar({ month, selected, today, counts, onSelect }: Props) {
  const canGoBack = month > today.slice(0, 7);
  return (
    <div className="calendar">
      <div className="calendar-header">
        <button
          type="button"
          className="icon-button"
          aria-label="Previous month"
          disabled={!canGoBack}
          onClick={() => onSelect(`${addMonths(month, -1)}-01`)}
        >
          ‹
        </button>
        <h2 id="calendar-month" aria-live="polite">
          {formatMonth(month)}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Next month"
          onClick={() => onSelect(`${addMonths(month, 1)}-01`)}
        >
          ›
        </button>
      </div>
      <table className="calendar-grid" aria-labelledby="calendar-month" aria-busy={counts === undefined}>
        <thead>
          <tr>
            {WEEKDAY_NAMES.map((day) => (
              <th key={day} scope="col">
                {day}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(month).map((week, index) => (
            <tr key={index}>
              {week.map((date, day) => (
                <td key={date ?? `pad-${day}`}>
                  {date && (
                    <DayButton
                      date={date}
                      count={counts?.get(date) ?? 0}
                      selected={date === selected}
                      today={date === today}
                      onSelect={onSelect}
                    />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DayButton(props: {
  date: string;
  count: number;
  selected: boolean;
  today: boolean;
  onSelect: (date: string) => void;
}) {
  const { date, count, selected, today, onSelect } = props;
  const label = `${formatCalendarDay(date)}, ${count === 0 ? "no free times" : `${count} free ${count === 1 ? "time" : "times"}`}`;
  return (
    <button
      type="button"
      className={`day ${count > 0 ? "day-open" : ""}`}
      aria-label={label}
      aria-pressed={selected}
      aria-current={today ? "date" : undefined}
      disabled={count === 0 && !selected}
      onClick={() => onSelect(date)}
    >
      {Number(date.slice(8))}
    </button>
  );
}
