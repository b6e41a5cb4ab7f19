import { describe, expect, it } from "vitest";
import { dayTimes } from "./dayTimes";

const H = 3_600_000;

describe("dayTimes", () => {
  it("lists the held time once, marked held, even when the free list still offers it", () => {
    expect(dayTimes([{ start: 9 * H }, { start: 10 * H }, { start: 11 * H }], 10 * H)).toEqual([
      { start: 9 * H, held: false },
      { start: 10 * H, held: true },
      { start: 11 * H, held: false },
    ]);
  });

  it("puts a held time the free list leaves out in its place, and lists free times alone without one", () => {
    expect(dayTimes([{ start: 11 * H }, { start: 9 * H }], 10 * H).map((t) => t.start)).toEqual([
      9 * H,
      10 * H,
      11 * H,
    ]);
    expect(dayTimes([{ start: 9 * H }], null)).toEqual([{ start: 9 * H, held: false }]);
  });
});
