import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getFunctionName } from "convex/server";

const NOW = Date.UTC(2026, 10, 23, 9);
const START = Date.UTC(2026, 10, 24, 14);
const results = new Map<string, unknown>();
const extend = vi.fn();
vi.mock("convex-helpers/react/sessions", () => ({
  useSessionQuery: (ref: Parameters<typeof getFunctionName>[0]) => results.get(getFunctionName(ref)),
  useSessionMutation: () => extend,
}));
vi.mock("@tanstack/react-router", () => ({
  Link: ({ children }: { children: unknown }) => children,
  useNavigate: () => vi.fn(),
  useRouteContext: () => vi.fn(), // the toast function
}));

const { HoldBanner } = await import("./HoldBanner");

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  extend.mockReset().mockResolvedValue({ ok: true });
  results.set("drafts:get", { start: START, timeZone: "UTC", details: {}, step: "details" });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("HoldBanner", () => {
  it("counts down, warns from 60 s before the end, and extends with one click", async () => {
    results.set("holds:mine", { start: START, expiresAt: NOW + 90_000, providerName: "Maya Chen" });
    render(<HoldBanner step="details" />);
    expect(screen.getByRole("timer").textContent).toBe("1:30");
    expect(screen.queryByRole("alert")).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(31_000));
    expect(screen.getByRole("timer").textContent).toBe("0:59");
    expect(screen.getByRole("alert").textContent).toContain("Your hold ends soon");
    fireEvent.click(screen.getByRole("button", { name: "Keep this time longer" }));
    expect(extend).toHaveBeenCalledTimes(1);
  });

  it("says when the hold has lapsed and offers to hold the time again", () => {
    results.set("holds:mine", null);
    render(<HoldBanner step="review" />);
    expect(screen.getByRole("alert").textContent).toMatch(/Your hold on .* has ended/);
    expect(screen.getByRole("button", { name: "Hold it again" })).toBeTruthy();
  });

  it("shows nothing on the time step before a time is held", () => {
    results.set("holds:mine", null);
    results.set("drafts:get", { timeZone: "UTC", details: {}, step: "time" });
    const { container } = render(<HoldBanner step="time" />);
    expect(container.textContent).toBe("");
  });
});
