import { useMemo } from "react";
import { timeZoneOptions } from "../../../lib/format";

/** The zone times are shown in: detected at first, changeable, always labelled. */
export function TimeZoneSelect({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const options = useMemo(() => timeZoneOptions(value), [value]);
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
