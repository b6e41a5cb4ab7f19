// The zone times are shown in, as a searchable combobox (WAI-ARIA APG
// "editable combobox with list autocomplete"): type part of a city, region
// or offset; arrows move through the matches, Enter picks, Escape puts the
// current zone back. The detected and common zones come first, each labelled
// "City — GMT+n" with its current offset.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { detectTimeZone } from "../../../lib/format";
import { searchZones, zoneLabel, zoneOptions } from "../../../lib/timeZones";

/** Options moved by Page Up / Page Down. */
const PAGE = 10;

export function TimeZoneSelect({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const id = useId();
  const [now] = useState(() => Date.now());
  // The full list (~400 zones, one Intl formatter each) is built once the picker is first focused.
  const [wanted, setWanted] = useState(false);
  const options = useMemo(
    () => (wanted ? zoneOptions(detectTimeZone(), value, now) : []),
    [wanted, value, now],
  );
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const matches = useMemo(() => searchZones(options, query ?? ""), [options, query]);
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    if (open)
      listRef.current?.querySelector(`[id="${optionId(active)}"]`)?.scrollIntoView({ block: "nearest" });
  });

  const openAt = (index: number) => {
    setOpen(true);
    setActive(Math.max(0, Math.min(index, matches.length - 1)));
  };
  const close = () => {
    setOpen(false);
    setQuery(null);
  };
  const choose = (zone: string) => {
    close();
    if (zone !== value) onChange(zone);
  };
  const move = (by: number) =>
    open
      ? openAt(active + by)
      : openAt(
          Math.max(
            0,
            matches.findIndex((o) => o.zone === value),
          ),
        );

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      PageDown: () => move(PAGE),
      PageUp: () => move(-PAGE),
      Enter: () => {
        if (open && matches[active]) choose(matches[active].zone);
      },
      Escape: () => close(),
    };
    const action = keys[event.key];
    if (action === undefined || (event.key === "Enter" && !open)) return;
    event.preventDefault();
    action();
  };

  return (
    <div className="field zone-picker">
      <label htmlFor={`${id}-input`}>Times shown in</label>
      <div className="combobox">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-activedescendant={open && matches[active] ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          value={query ?? zoneLabel(value, now)}
          onChange={(event) => {
            setWanted(true);
            setQuery(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={(event) => {
            setWanted(true);
            event.target.select();
          }}
          onClick={() => (open ? close() : move(0))}
          onBlur={close}
          onKeyDown={onKeyDown}
        />
        <p id={`${id}-hint`} className="visually-hidden">
          Type a city or region, then use the arrow keys and Enter.
        </p>
        <ul
          id={`${id}-list`}
          ref={listRef}
          role="listbox"
          aria-label="Time zones"
          className="combobox-list"
          hidden={!open}
        >
          {open &&
            matches.map((option, index) => (
              <li
                key={option.zone}
                id={optionId(index)}
                role="option"
                aria-selected={option.zone === value}
                className={`combobox-option ${index === active ? "combobox-option-active" : ""}`}
                // Keep focus in the input; the click then picks the option.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option.zone)}
              >
                <span className="combobox-option-label">{option.label}</span>
                {option.note && <span className="combobox-option-note">{option.note}</span>}
              </li>
            ))}
        </ul>
        {open && matches.length === 0 && <p className="combobox-empty">No time zone matches “{query}”.</p>}
        <p className="visually-hidden" role="status">
          {open ? `${matches.length} ${matches.length === 1 ? "time zone" : "time zones"} match.` : ""}
        </p>
      </div>
    </div>
  );
}
