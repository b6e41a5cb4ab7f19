// Index keys sort, as bytes, exactly as Convex orders values (compareValues),
// within and across types.
import { expect, test } from "vitest";
import { compareValues, type Value } from "convex/values";
import { encodeKey } from "./indexKey.js";

const samples: (Value | undefined)[] = [
  undefined,
  null,
  -(2n ** 63n),
  -1n,
  0n,
  1n,
  2n ** 63n - 1n,
  -Infinity,
  -1.5,
  -0,
  0,
  1e-300,
  2.5,
  Infinity,
  NaN,
  false,
  true,
  "",
  "a",
  "a\u0000",
  "ab",
  "b",
  "é",
  "\u{1F600}",
  "\uFFFF",
  new Uint8Array([]).buffer,
  new Uint8Array([0]).buffer,
  new Uint8Array([0, 1]).buffer,
  new Uint8Array([1]).buffer,
  [],
  [null],
  [1, 2],
  [1, "x"],
  [[]],
  {},
  { a: 1 },
  { a: 1, b: 2 },
  { a: 2 },
  { b: 0 },
];

test("byte order of encoded keys is compareValues order", () => {
  for (const a of samples) {
    for (const b of samples) {
      const expected = Math.sign(compareValues(a, b));
      const actual = Math.sign(Buffer.compare(encodeKey([a]), encodeKey([b])));
      expect(
        actual,
        `${JSON.stringify([a, b].map((x) => typeof x))} ${samples.indexOf(a)} vs ${samples.indexOf(b)}`,
      ).toBe(expected);
    }
  }
});

test("tuples compare field by field, a shorter value first", () => {
  expect(Buffer.compare(encodeKey(["a", 2]), encodeKey(["ab", 1]))).toBe(-1);
  expect(Buffer.compare(encodeKey([1, "z"]), encodeKey([2, "a"]))).toBe(-1);
  expect(Buffer.compare(encodeKey([undefined, 5]), encodeKey([null, 0]))).toBe(-1);
});
