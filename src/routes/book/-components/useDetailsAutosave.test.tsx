import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SESSION = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f";
const save = vi.fn();
vi.mock("convex-helpers/react/sessions", () => ({
  useSessionMutation: () => save,
  useSessionId: () => [SESSION],
}));
vi.mock("../../../lib/siteUrl", () => ({ convexSiteUrl: () => "https://site.example" }));

const { useDetailsAutosave } = await import("./useDetailsAutosave");
const { createTabSession } = await import("../../../session/tabSession");
const session = createTabSession();

const details = (name: string) => ({ name, email: "", phone: "", notes: "" });
const sendBeacon = vi.fn(() => true);

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 9) });
  save.mockReset().mockResolvedValue({ saved: true });
  sendBeacon.mockClear();
  Object.defineProperty(navigator, "sendBeacon", { value: sendBeacon, configurable: true });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useDetailsAutosave", () => {
  it("saves once typing pauses, with the latest values", async () => {
    const { result } = renderHook(() => useDetailsAutosave(0, session));
    act(() => result.current.change(details("A")));
    act(() => result.current.change(details("Ad")));
    expect(save).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0]).toMatchObject({ details: details("Ad") });
    expect(result.current.status).toBe("saved");
  });

  it("saves at least every 2 s while someone keeps typing", async () => {
    const { result } = renderHook(() => useDetailsAutosave(0, session));
    for (let i = 1; i <= 20; i++) {
      act(() => result.current.change(details("x".repeat(i))));
      await act(() => vi.advanceTimersByTimeAsync(150));
    }
    // 3 s of steady typing, never a 400 ms pause: still saved, in at most 2 s batches.
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(save.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it("sends unsaved values by beacon when the page is hidden, and nothing once saved", async () => {
    const { result } = renderHook(() => useDetailsAutosave(0, session));
    act(() => result.current.change(details("Typed just now")));
    window.dispatchEvent(new Event("pagehide"));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, body] = sendBeacon.mock.calls[0] as unknown as [string, string];
    expect(url).toBe("https://site.example/drafts/flush");
    expect(JSON.parse(body)).toMatchObject({ sessionId: SESSION, details: details("Typed just now") });

    await act(() => vi.advanceTimersByTimeAsync(400));
    window.dispatchEvent(new Event("pagehide"));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
  });

  it("numbers revisions above the restored one even if the clock is behind", async () => {
    const { result } = renderHook(() => useDetailsAutosave(Date.UTC(2030, 0, 1), session));
    act(() => result.current.change(details("B")));
    await act(() => vi.advanceTimersByTimeAsync(400));
    act(() => result.current.change(details("Bo")));
    await act(() => vi.advanceTimersByTimeAsync(400));
    const [first, second] = save.mock.calls.map(([args]) => (args as { rev: number }).rev);
    expect(first).toBeGreaterThan(Date.UTC(2030, 0, 1));
    expect(second).toBeGreaterThan(first);
  });

  it("keeps the values pending when a save fails, and says so", async () => {
    save.mockRejectedValueOnce(new Error("rate limited"));
    const { result } = renderHook(() => useDetailsAutosave(0, session));
    act(() => result.current.change(details("Kept")));
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(result.current.status).toBe("error");
    expect(result.current.hasUnsaved()).toBe(true);
  });
});
