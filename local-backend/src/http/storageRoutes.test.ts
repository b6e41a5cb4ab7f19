// Byte ranges as RFC 9110 defines them and Convex serves them (one range per
// request): which requests get a slice, which a 416, which the whole file.
import { expect, test } from "vitest";
import { parseRange } from "./storageRoutes.js";

test("single ranges are clamped to the file", () => {
  expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
  expect(parseRange("bytes=3-", 10)).toEqual({ start: 3, end: 9 });
  expect(parseRange("bytes=-4", 10)).toEqual({ start: 6, end: 9 });
  expect(parseRange("bytes=-40", 10)).toEqual({ start: 0, end: 9 });
  expect(parseRange("bytes=8-400", 10)).toEqual({ start: 8, end: 9 });
});

test("ranges outside the file, several ranges, or an empty suffix are unsatisfiable", () => {
  expect(parseRange("bytes=10-", 10)).toBe("unsatisfiable");
  expect(parseRange("bytes=0-1,3-4", 10)).toBe("unsatisfiable");
  expect(parseRange("bytes=-0", 10)).toBe("unsatisfiable");
  expect(parseRange("bytes=0-", 0)).toBe("unsatisfiable");
});

test("a header that is not a byte range is ignored (the whole file is served)", () => {
  expect(parseRange("items=0-1", 10)).toBeNull();
  expect(parseRange("bytes=x-y", 10)).toBeNull();
  expect(parseRange("bytes=-", 10)).toBeNull();
});
