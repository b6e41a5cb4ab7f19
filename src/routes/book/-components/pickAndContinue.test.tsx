// The service and provider steps save a pick at once (select*) and move on
// with Continue (choose*). The pick's echo from the server can land while
// Continue is being handled; it must not swallow the Continue (react-hook-form
// drops a submit whose validation straddles a form reset).
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useSyncExternalStore } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getFunctionName } from "convex/server";

const SERVICE = "j57czdn0tj30j2j5zfabe6d99ex4cjd4";
const PROVIDER = "k57czdn0tj30j2j5zfabe6d99ex4cjd5";

type Draft = Record<string, unknown> | null;

/** The tab's draft as the socket has it; tests push the server's echo into it. */
const live = (() => {
  let draft: Draft = null;
  const listeners = new Set<() => void>();
  return {
    get: () => draft,
    set: (next: Draft) => {
      draft = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
})();
let guardDraft: Draft = null;
const mutations = new Map<string, ReturnType<typeof vi.fn>>();
const navigate = vi.fn();

vi.mock("convex-helpers/react/sessions", () => ({
  useSessionQuery: () => useSyncExternalStore(live.subscribe, live.get),
  useSessionMutation: (ref: Parameters<typeof getFunctionName>[0]) => mutations.get(getFunctionName(ref)),
}));
vi.mock("convex/react", () => ({
  useQuery: (ref: Parameters<typeof getFunctionName>[0]) =>
    getFunctionName(ref) === "catalog:services"
      ? [{ _id: SERVICE, name: "Initial assessment", durationMinutes: 60, priceCents: 9000, currency: "EUR" }]
      : [{ _id: PROVIDER, name: "Maya Chen", bio: "Physiotherapist", timeZone: "UTC" }],
}));
vi.mock("@tanstack/react-router", () => ({
  Link: ({ children }: { children: unknown }) => children,
  useNavigate: () => navigate,
  useRouteContext: () => vi.fn(), // the toast function
  getRouteApi: () => ({
    useRouteContext: ({ select }: { select: (context: { draft: Draft }) => unknown }) =>
      select({ draft: guardDraft }),
  }),
}));

const { ServiceStep } = await import("./ServiceStep");
const { ProviderStep } = await import("./ProviderStep");

const draftWith = (fields: Record<string, unknown>) => ({
  step: "service",
  missing: "service",
  details: { name: "", email: "", phone: "", notes: "" },
  detailsRev: 0,
  rescheduling: null,
  ...fields,
});

/** A select* mutation whose answer (and echo) the test delivers. */
function pendingSelect() {
  let answer!: () => void;
  const select = vi.fn(() => new Promise((resolve) => (answer = () => resolve({ ok: true }))));
  return { select, answer: () => answer() };
}

beforeEach(() => {
  navigate.mockReset().mockResolvedValue(undefined);
  mutations.clear();
  mutations.set("drafts:enterStep", vi.fn().mockResolvedValue(null));
});
afterEach(cleanup);

describe("a pick's echo arriving while Continue is handled", () => {
  it("service step: Continue still saves the service and moves on", async () => {
    const { select, answer } = pendingSelect();
    const choose = vi.fn().mockResolvedValue({ ok: true });
    mutations.set("drafts:selectService", select);
    mutations.set("drafts:chooseService", choose);
    guardDraft = null;
    live.set(null);
    render(<ServiceStep />);

    fireEvent.click(screen.getByRole("radio", { name: "Initial assessment" }));
    expect(select).toHaveBeenCalledWith({ serviceId: SERVICE });
    // Continue, and in the same turn the server's echo of the pick (selectService's Transition).
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Continue" }));
      answer();
      live.set(draftWith({ serviceId: SERVICE, missing: "provider" }));
    });
    await act(async () => {});

    expect(choose).toHaveBeenCalledWith({ serviceId: SERVICE });
    expect(navigate).toHaveBeenCalledWith({ to: "/book/provider" });
  });

  it("provider step: Continue still saves the provider and moves on", async () => {
    const { select, answer } = pendingSelect();
    const choose = vi.fn().mockResolvedValue({ ok: true });
    mutations.set("drafts:selectProvider", select);
    mutations.set("drafts:chooseProvider", choose);
    guardDraft = draftWith({ serviceId: SERVICE, step: "provider", missing: "provider" });
    live.set(guardDraft);
    render(<ProviderStep />);

    fireEvent.click(screen.getByRole("radio", { name: "Maya Chen" }));
    expect(select).toHaveBeenCalledWith({ providerChoice: PROVIDER });
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Continue" }));
      answer();
      live.set(
        draftWith({ serviceId: SERVICE, providerChoice: PROVIDER, step: "provider", missing: "time" }),
      );
    });
    await act(async () => {});

    expect(choose).toHaveBeenCalledWith({ providerChoice: PROVIDER });
    expect(navigate).toHaveBeenCalledWith({ to: "/book/time" });
  });
});
