import { describe, expect, it } from "vitest";
import { addDays, addMonths, dateInZone, monthGrid } from "./format";

describe("calendar helpers", () => {
  it("lays a month out in Monday-first weeks", () => {
    // 1 November 2026 is a Sunday: six empty cells before it.
    const weeks = monthGrid("2026-11");
    expect(weeks[0]).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    // February 2027 starts on a Monday and has 28 days: exactly four rows.
    expect(monthGrid("2027-02")).toHaveLength(4);
  });

  it("steps days and months across year ends and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
  });

  it("gives the calendar date of an instant in the viewer's zone", () => {
    const instant = Date.UTC(2026, 10, 23, 23, 30);
    expect(dateInZone(instant, "UTC")).toBe("2026-11-23");
    expect(dateInZone(instant, "Asia/Tokyo")).toBe("2026-11-24");
    expect(dateInZone(instant, "America/Los_Angeles")).toBe("2026-11-23");
  });
});
