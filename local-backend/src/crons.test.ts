import { describe, expect, it } from "vitest";
import { nextCronTime, nextRun } from "./crons.js";

const t = (iso: string) => Date.parse(iso);

describe("cron schedules", () => {
  it("runs intervals after the given time", () => {
    expect(nextRun({ type: "interval", seconds: 30 }, t("2026-01-01T00:00:00Z"))).toBe(
      t("2026-01-01T00:00:30Z"),
    );
    expect(() => nextRun({ type: "interval" }, 0)).toThrow(/positive/);
  });

  it("computes hourly, daily, weekly and monthly runs in UTC", () => {
    const now = t("2026-03-10T10:30:00Z"); // a Tuesday
    expect(nextRun({ type: "hourly", minuteUTC: 15 }, now)).toBe(t("2026-03-10T11:15:00Z"));
    expect(nextRun({ type: "daily", hourUTC: 9, minuteUTC: 0 }, now)).toBe(t("2026-03-11T09:00:00Z"));
    expect(nextRun({ type: "weekly", dayOfWeek: "friday", hourUTC: 8 }, now)).toBe(t("2026-03-13T08:00:00Z"));
    expect(nextRun({ type: "monthly", day: 1, hourUTC: 0 }, now)).toBe(t("2026-04-01T00:00:00Z"));
  });

  it("parses cron expressions with steps, ranges and lists", () => {
    const now = t("2026-03-10T10:31:20Z");
    expect(nextCronTime("*/15 * * * *", now)).toBe(t("2026-03-10T10:45:00Z"));
    expect(nextCronTime("0 9-17 * * 1-5", now)).toBe(t("2026-03-10T11:00:00Z"));
    expect(nextCronTime("0 0 1,15 * *", now)).toBe(t("2026-03-15T00:00:00Z"));
    expect(() => nextCronTime("61 * * * *", now)).toThrow(/invalid cron field/);
    expect(() => nextCronTime("* * *", now)).toThrow(/5 fields/);
  });
});
