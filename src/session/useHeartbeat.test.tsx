import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SESSION = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f";
const beat = vi.fn();
const navigate = vi.fn();
const toast = vi.fn();
vi.mock("convex-helpers/react/sessions", () => ({
  useSessionMutation: () => beat,
  useSessionId: () => [SESSION],
}));
vi.mock("@tanstack/react-router", () => ({ useRouter: () => ({ navigate }) }));
vi.mock("../lib/siteUrl", () => ({ convexSiteUrl: () => "https://site.example" }));
vi.mock("../lib/toasts", async (original) => ({
  ...(await original<typeof import("../lib/toasts")>()),
  useShowToast: () => toast,
}));

const { useHeartbeat, HOLD_BACK_MESSAGE, HOLD_LOST_MESSAGE } = await import("./useHeartbeat");
const { createTabSession } = await import("./tabSession");
let session = createTabSession();

const PACE = 10_000;
const sendBeacon = vi.fn(() => true);

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

const beats = () => beat.mock.calls.map(([args]) => args as { seq: number; visible: boolean });
const beaconBody = () =>
  JSON.parse((sendBeacon.mock.calls[0] as unknown as [string, string])[1]) as Record<string, unknown>;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 9) });
  Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
  beat.mockReset().mockResolvedValue({ beatEveryMs: PACE, hold: null });
  navigate.mockReset();
  toast.mockReset();
  sendBeacon.mockClear();
  Object.defineProperty(navigator, "sendBeacon", { value: sendBeacon, configurable: true });
  session = createTabSession();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useHeartbeat", () => {
  it("beats at once, then every 10–15 s at the server's pace", async () => {
    renderHook(() => useHeartbeat(session));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(beats()).toEqual([expect.objectContaining({ visible: true })]);
    await act(() => vi.advanceTimersByTimeAsync(PACE - 1));
    expect(beat).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(PACE / 2 + 1));
    expect(beat).toHaveBeenCalledTimes(2);
    expect(beats()[1].seq).toBeGreaterThan(beats()[0].seq);
  });

  it("says once that a hidden tab is paused, stays quiet while hidden, and resumes when shown", async () => {
    renderHook(() => useHeartbeat(session));
    await act(() => vi.advanceTimersByTimeAsync(0));
    act(() => setVisibility("hidden"));
    await act(() => vi.advanceTimersByTimeAsync(10 * PACE));
    expect(beats().map((b) => b.visible)).toEqual([true, false]);
    act(() => setVisibility("visible"));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(beats().map((b) => b.visible)).toEqual([true, false, true]);
  });

  it("on page hide sends a leave beacon, and the hidden event that follows it sends nothing", async () => {
    session.authToken.set("jwt-of-the-signed-in-tab");
    renderHook(() => useHeartbeat(session));
    await act(() => vi.advanceTimersByTimeAsync(0));
    act(() => {
      window.dispatchEvent(new Event("pagehide"));
      setVisibility("hidden");
    });
    await act(() => vi.advanceTimersByTimeAsync(10 * PACE));
    expect(beat).toHaveBeenCalledTimes(1);
    expect(sendBeacon).toHaveBeenCalledWith("https://site.example/heartbeats/leave", expect.any(String));
    expect(beaconBody()).toMatchObject({ sessionId: SESSION, token: "jwt-of-the-signed-in-tab" });
    expect(beaconBody().seq).toBeGreaterThan(beats()[0].seq);
  });

  it("tells the person when their released time was taken meanwhile, and sends them to pick another", async () => {
    beat.mockResolvedValueOnce({ beatEveryMs: PACE, hold: "lost" });
    renderHook(() => useHeartbeat(session));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(toast).toHaveBeenCalledWith(HOLD_LOST_MESSAGE, "error");
    expect(navigate).toHaveBeenCalledWith({ to: "/book/time" });
  });

  it("says when the time was held again on return", async () => {
    beat.mockResolvedValueOnce({ beatEveryMs: PACE, hold: "reacquired" });
    renderHook(() => useHeartbeat(session));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(toast).toHaveBeenCalledWith(HOLD_BACK_MESSAGE);
    expect(navigate).not.toHaveBeenCalled();
  });
});
