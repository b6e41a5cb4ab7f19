import { describe, expect, it } from "vitest";
import { buildIcs } from "./ics";

const event = {
  uid: "ABCD2345@tabbook",
  start: Date.UTC(2026, 10, 24, 23, 0),
  end: Date.UTC(2026, 10, 25, 0, 0),
  summary: "Sports massage with Aiko Tanaka",
  description: "Notes: left knee; bring shoes, water\nSecond line",
  now: Date.UTC(2026, 10, 23, 8, 0, 5),
};

describe("buildIcs", () => {
  it("writes one UTC event with CRLF line endings", () => {
    const ics = buildIcs(event);
    expect(ics.endsWith("\r\n")).toBe(true);
    const lines = ics.split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("DTSTART:20261124T230000Z");
    expect(lines).toContain("DTEND:20261125T000000Z");
    expect(lines).toContain("DTSTAMP:20261123T080005Z");
    expect(lines).toContain("UID:ABCD2345@tabbook");
    expect(ics.split("\n").every((line) => line === "" || line.endsWith("\r"))).toBe(true);
  });

  it("escapes commas, semicolons and newlines in text", () => {
    const unfolded = buildIcs(event).replace(/\r\n /g, "");
    expect(unfolded).toContain("DESCRIPTION:Notes: left knee\\; bring shoes\\, water\\nSecond line");
  });

  it("folds lines longer than 75 octets, even with multi-byte characters", () => {
    const ics = buildIcs({ ...event, summary: "Séance très spéciale ".repeat(8) });
    for (const line of ics.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain(`SUMMARY:${"Séance très spéciale ".repeat(8)}`);
  });

  it("keeps hostile text inside its property: no bare CR, no injected lines", () => {
    const hostile = "a\rb\r\nc\nd,e;f\\g\u0000h\rEND:VEVENT\r\nATTENDEE:mailto:evil@example.com";
    const ics = buildIcs({ ...event, summary: hostile, description: hostile });
    expect(ics).not.toMatch(/\r(?!\n)/);
    expect(ics).not.toMatch(/(?<!\r)\n/);
    const lines = ics.replace(/\r\n /g, "").split("\r\n");
    expect(lines.filter((line) => line.startsWith("ATTENDEE"))).toEqual([]);
    expect(lines.filter((line) => line === "END:VEVENT")).toHaveLength(1);
    const escaped = "a\\nb\\nc\\nd\\,e\\;f\\\\gh\\nEND:VEVENT\\nATTENDEE:mailto:evil@example.com";
    expect(lines).toContain(`SUMMARY:${escaped}`);
    expect(lines).toContain(`DESCRIPTION:${escaped}`);
  });
});
