import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const OLD = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f";
const NEW = "7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d";
type Auth = { isLoading: boolean; isAuthenticated: boolean };
let server: Auth;
let token: Auth;
let sessionId: string;
const mutation = vi.fn();
const toast = vi.fn();
const refreshSessionId = vi.fn(async (beforeUpdate?: (id: string) => Promise<void>) => {
  await beforeUpdate?.(NEW);
  sessionId = NEW;
  return NEW;
});
vi.mock("convex/react", () => ({ useConvexAuth: () => server, useConvex: () => ({ mutation }) }));
vi.mock("@convex-dev/auth/react", () => ({ useConvexAuth: () => token }));
vi.mock("convex-helpers/react/sessions", () => ({ useSessionId: () => [sessionId, refreshSessionId] }));
vi.mock("../lib/toasts", async (original) => ({
  ...(await original<typeof import("../lib/toasts")>()),
  useShowToast: () => toast,
}));

const { useAccountSync, SIGNED_OUT_MESSAGE } = await import("./useAccountSync");
const { wasSignedIn, markSignedIn } = await import("./signedInMark");
const { createTabSession } = await import("./tabSession");
let session = createTabSession();

const signedOut = { isLoading: false, isAuthenticated: false };
const signedIn = { isLoading: false, isAuthenticated: true };

beforeEach(() => {
  sessionStorage.clear();
  sessionId = OLD;
  server = signedOut;
  token = signedOut;
  mutation.mockReset().mockResolvedValue({ ok: true });
  toast.mockReset();
  refreshSessionId.mockClear();
  session = createTabSession();
});
afterEach(cleanup);

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

describe("useAccountSync", () => {
  it("leaves a guest tab alone", async () => {
    renderHook(() => useAccountSync(session));
    await settle();
    expect(refreshSessionId).not.toHaveBeenCalled();
  });

  it("on sign-in, rotates the session ID and carries the draft over once the server knows the user", async () => {
    const { rerender } = renderHook(() => useAccountSync(session));
    token = signedIn; // the token arrived; the server has not confirmed it yet
    rerender();
    await settle();
    expect(refreshSessionId).not.toHaveBeenCalled();

    server = signedIn;
    rerender();
    await settle();
    expect(mutation).toHaveBeenCalledWith(expect.anything(), { sessionId: OLD, newSessionId: NEW });
    expect(refreshSessionId).toHaveBeenCalledTimes(1);
    expect(wasSignedIn()).toBe(true);
    rerender();
    await settle();
    expect(refreshSessionId).toHaveBeenCalledTimes(1);
  });

  it("keeps the session ID of a tab opened while signed in: it never served a guest", async () => {
    session.auth.set({ settled: true, isAuthenticated: true });
    server = signedIn;
    token = signedIn;
    renderHook(() => useAccountSync(session));
    await settle();
    expect(refreshSessionId).not.toHaveBeenCalled();
    expect(mutation).not.toHaveBeenCalled();
    expect(wasSignedIn()).toBe(true);
    expect(session.accountPhase.get()).toBe("member");
  });

  it("still carries over a tab that had a session ID before it loaded, or was a guest first", async () => {
    sessionStorage.setItem("tabbook.sessionId", OLD);
    session = createTabSession();
    session.auth.set({ settled: true, isAuthenticated: true });
    server = signedIn;
    token = signedIn;
    renderHook(() => useAccountSync(session));
    await settle();
    expect(refreshSessionId).toHaveBeenCalledTimes(1);

    sessionStorage.clear();
    refreshSessionId.mockClear();
    session = createTabSession();
    session.auth.set({ settled: true, isAuthenticated: false });
    session.auth.set({ settled: true, isAuthenticated: true });
    renderHook(() => useAccountSync(session));
    await settle();
    expect(refreshSessionId).toHaveBeenCalledTimes(1);
  });

  it("on sign-out (here, in another tab, or while this one was closed), rotates, restarts and says so once", async () => {
    markSignedIn(true);
    const { rerender } = renderHook(() => useAccountSync(session));
    await settle();
    expect(refreshSessionId).toHaveBeenCalledTimes(1);
    expect(refreshSessionId.mock.calls[0]).toEqual([]);
    expect(toast).toHaveBeenCalledExactlyOnceWith(SIGNED_OUT_MESSAGE);
    expect(session.takeRestart()).toBe(true);
    expect(wasSignedIn()).toBe(false);
    rerender();
    await settle();
    expect(toast).toHaveBeenCalledTimes(1);
  });

  it("does not take a token refresh (server briefly unsure, token still there) for a sign-out", async () => {
    markSignedIn(true);
    token = signedIn;
    server = signedIn;
    const { rerender } = renderHook(() => useAccountSync(session));
    server = { isLoading: false, isAuthenticated: false };
    rerender();
    await settle();
    expect(refreshSessionId).not.toHaveBeenCalled();
    expect(toast).not.toHaveBeenCalled();
  });

  it("keeps the session and says so when the carry-over fails", async () => {
    mutation.mockRejectedValue(new Error("offline"));
    server = signedIn;
    token = signedIn;
    renderHook(() => useAccountSync(session));
    await settle();
    expect(sessionId).toBe(OLD);
    expect(wasSignedIn()).toBe(false);
    expect(toast).toHaveBeenCalledWith(expect.stringContaining("could not be moved"), "error");
  });
});
