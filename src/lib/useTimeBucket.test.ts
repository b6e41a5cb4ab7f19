import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useKeptAcrossMinutes, useTimeBucket } from "./useTimeBucket";

const at = (minute: number, second = 0) => Date.UTC(2026, 10, 23, 9, minute, second);

beforeEach(() => vi.useFakeTimers({ now: at(0, 40) }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useTimeBucket", () => {
  it("is the current minute and ticks over at each minute's start", () => {
    const { result } = renderHook(() => useTimeBucket());
    expect(result.current).toBe(at(0));
    act(() => void vi.advanceTimersByTime(19_999));
    expect(result.current).toBe(at(0));
    act(() => void vi.advanceTimersByTime(1));
    expect(result.current).toBe(at(1));
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(at(2));
  });
});

describe("useKeptAcrossMinutes", () => {
  it("keeps the last answer while the next minute's loads, but not for other arguments", () => {
    const { result, rerender } = renderHook(({ value, key }) => useKeptAcrossMinutes(value, key), {
      initialProps: { value: ["09:00"] as string[] | undefined, key: "monday" },
    });
    rerender({ value: undefined, key: "monday" });
    expect(result.current).toEqual(["09:00"]);
    rerender({ value: undefined, key: "tuesday" });
    expect(result.current).toBeUndefined();
  });
});
