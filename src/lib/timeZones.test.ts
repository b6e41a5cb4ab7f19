import { describe, expect, it } from "vitest";
import {
  dayPart,
  formatOffset,
  offsetMinutes,
  searchZones,
  zoneCity,
  zoneDifference,
  zoneLabel,
  zoneOptions,
} from "./timeZones";

const WINTER = Date.UTC(2026, 10, 23, 12);
const SUMMER = Date.UTC(2026, 6, 1, 12);

describe("time-zone labels", () => {
  it("names a zone by its city with the current offset, daylight saving included", () => {
    expect(zoneLabel("Europe/London", WINTER)).toBe("London — GMT+0");
    expect(zoneLabel("Europe/London", SUMMER)).toBe("London — GMT+1");
    expect(zoneLabel("Asia/Tokyo", WINTER)).toBe("Tokyo — GMT+9");
    expect(zoneLabel("America/New_York", WINTER)).toBe("New York — GMT-5");
    expect(zoneLabel("Asia/Kolkata", WINTER)).toBe("Kolkata — GMT+5:30");
    expect(zoneCity("America/Argentina/Buenos_Aires")).toBe("Buenos Aires");
    expect(formatOffset(-210)).toBe("GMT-3:30");
    expect(offsetMinutes("UTC", WINTER)).toBe(0);
  });

  it("says how far a provider's clock is from the viewer's, or nothing when they match", () => {
    expect(zoneDifference("Asia/Tokyo", "Europe/London", WINTER)).toBe("9 h ahead of you");
    expect(zoneDifference("America/New_York", "Europe/London", WINTER)).toBe("5 h behind you");
    expect(zoneDifference("Asia/Kolkata", "UTC", WINTER)).toBe("5 h 30 min ahead of you");
    expect(zoneDifference("Europe/London", "UTC", WINTER)).toBeNull();
  });

  it("splits the day into morning, afternoon and evening on the viewer's clock", () => {
    expect(dayPart(Date.UTC(2026, 10, 23, 11, 59), "UTC")).toBe("morning");
    expect(dayPart(Date.UTC(2026, 10, 23, 12), "UTC")).toBe("afternoon");
    expect(dayPart(Date.UTC(2026, 10, 23, 17), "UTC")).toBe("evening");
    // 00:00 UTC is 09:00 in Tokyo.
    expect(dayPart(Date.UTC(2026, 10, 23, 0), "Asia/Tokyo")).toBe("morning");
  });
});

describe("the zone list", () => {
  const options = zoneOptions("Europe/Lisbon", "Asia/Tokyo", WINTER);

  it("puts the detected zone first, then the current one and the common ones, then every other zone once", () => {
    expect(options[0]).toMatchObject({ zone: "Europe/Lisbon", note: "Detected from this device" });
    expect(options[1].zone).toBe("Asia/Tokyo");
    expect(options.slice(0, 8).every((option) => option.suggested)).toBe(true);
    const zones = options.map((option) => option.zone);
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones.length).toBeGreaterThan(300);
  });

  it("finds zones by part of a city name, any case or accent, with cities starting so first", () => {
    expect(searchZones(options, "york").map((o) => o.zone)).toEqual(["America/New_York"]);
    expect(searchZones(options, "TOK")[0].zone).toBe("Asia/Tokyo");
    expect(searchZones(options, "sao pa")[0].zone).toBe("America/Sao_Paulo");
    expect(searchZones(options, "buenos")[0].label).toMatch(/^Buenos Aires — GMT-3$/);
    expect(searchZones(options, "gmt+9").map((o) => o.zone)).toContain("Asia/Seoul");
    expect(searchZones(options, "")).toBe(options);
    expect(searchZones(options, "atlantis")).toEqual([]);
  });
});
