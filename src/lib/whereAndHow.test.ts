import { describe, expect, it } from "vitest";
import { localTimeNote, whereText, worksInNote, type ProviderPlace } from "./whereAndHow";

const WINTER_9AM_UTC = Date.UTC(2026, 10, 23, 9);
const aiko: ProviderPlace = {
  name: "Aiko Tanaka",
  timeZone: "Asia/Tokyo",
  location: "Shibuya, Tokyo",
  mode: "in_person",
};

describe("where and how", () => {
  it("says in person where, or online from where", () => {
    expect(whereText(aiko)).toBe("In person · Shibuya, Tokyo");
    expect(whereText({ ...aiko, mode: "online" })).toBe("Online (video call) · from Shibuya, Tokyo");
    expect(whereText({ ...aiko, mode: "online", location: null })).toBe("Online (video call) · from Tokyo");
  });

  it("gives the provider's local time only when their clock differs from the viewer's", () => {
    expect(localTimeNote(aiko, "Europe/London", WINTER_9AM_UTC)).toMatch(
      /^Local time in Tokyo: 6:00\sPM, 9 h ahead of you$/,
    );
    expect(localTimeNote(aiko, "Asia/Seoul", WINTER_9AM_UTC)).toBeNull();
    expect(worksInNote(aiko, "America/New_York", WINTER_9AM_UTC)).toBe(
      "Aiko Tanaka works in Tokyo, 14 h ahead of you",
    );
  });
});
