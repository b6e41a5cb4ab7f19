import { useMemo } from "react";

function zones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return all.includes(current) ? all : [current, ...all];
}

/** The zone times are shown in: detected at first, changeable, always labelled. */
export function TimeZoneSelect({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const options = useMemo(() => zones(value), [value]);
  return (
    <div className="field field-inline">
      <label htmlFor="time-zone">Times shown in</label>
      <select id="time-zone" value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, " ")}
          </option>
        ))}
      </select>
    </div>
  );
}
