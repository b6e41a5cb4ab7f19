// The limits in force by default are the numbers Convex documents
// (docs.convex.dev/production/state/limits and /search/text-search), so a
// test that lowers some of them still checks the real ones are enforced.
import { describe, expect, test } from "vitest";
import { CONVEX_LIMITS, formatBytes, formatDuration, limits } from "./convexLimits.js";
import { nesting } from "./transactionUsage.js";
import { convexTokens, queryTerms } from "../search/tokenize.js";

describe("Convex's documented limits", () => {
  test("the defaults are the documented numbers, and are the ones in force", () => {
    expect(CONVEX_LIMITS).toEqual({
      executionTimeMs: 1000,
      argumentsBytes: 16 * 1024 * 1024,
      nodeActionArgumentsBytes: 5 * 1024 * 1024,
      returnBytes: 16 * 1024 * 1024,
      documentsRead: 32_000,
      bytesRead: 16 * 1024 * 1024,
      indexRangesRead: 4096,
      documentsWritten: 16_000,
      bytesWritten: 16 * 1024 * 1024,
      documentBytes: 1024 * 1024,
      nestingDepth: 16,
      functionsScheduled: 1000,
      scheduledArgumentsBytes: 16 * 1024 * 1024,
      searchTerms: 16,
      searchFilters: 8,
      searchTermBytes: 32,
      searchResults: 1024,
      vectorResults: 256,
    });
    expect(limits).toEqual(CONVEX_LIMITS);
  });

  test("sizes and durations print as Convex's messages print them", () => {
    expect(formatBytes(16 * 1024 * 1024)).toBe("16 MiB");
    expect(formatBytes(20_000)).toBe("19.53 KiB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatDuration(1000)).toBe("1s");
    expect(formatDuration(250)).toBe("250ms");
  });

  test("nesting counts each array or object around a value ('[[[[]]]]' is 4)", () => {
    expect(nesting("x")).toBe(0);
    expect(nesting([[[[]]]])).toBe(4);
    expect(nesting({ a: { b: [1] } })).toBe(3);
  });
});

describe("search tokens (tantivy's SimpleTokenizer, RemoveLongFilter(32), LowerCaser)", () => {
  test("split on every non-alphanumeric character, lowercased, letters of any script kept", () => {
    expect(convexTokens("Real-time: ada@example.com, https://docs.convex.dev/x?q=1 Größe 42")).toEqual([
      "real",
      "time",
      "ada",
      "example",
      "com",
      "https",
      "docs",
      "convex",
      "dev",
      "x",
      "q",
      "1",
      "größe",
      "42",
    ]);
  });

  test("tokens of 32 bytes or more are dropped; a query keeps its first 16 terms", () => {
    expect(convexTokens(`${"a".repeat(31)} ${"b".repeat(32)} ${"é".repeat(16)}`)).toEqual(["a".repeat(31)]);
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(queryTerms(words.join(" "))).toEqual(words.slice(0, 16));
  });
});
