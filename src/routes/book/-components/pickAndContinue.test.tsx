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

beforeEach(() => {
  navigate.mockReset().mockResolvedValue(undefined);
  mutations.clear();
  mutations.set("drafts:enterStep", vi.fn().mockResolvedValue(null));
});
afterEach(cleanup);

const STEPS = [
  {
    step: "service",
    Page: ServiceStep,
    name: "Service",
    radio: "Initial assessment",
    opened: null,
    pick: { serviceId: SERVICE },
    echo: draftWith({ serviceId: SERVICE, missing: "provider" }),
    next: "/book/provider",
  },
  {
    step: "provider",
    Page: ProviderStep,
    name: "Provider",
    radio: "Maya Chen",
    opened: draftWith({ serviceId: SERVICE, step: "provider", missing: "provider" }),
    pick: { providerChoice: PROVIDER },
    echo: draftWith({ serviceId: SERVICE, providerChoice: PROVIDER, step: "provider", missing: "time" }),
    next: "/book/time",
  },
];

describe("a pick's echo arriving while Continue is handled", () => {
  it.each(STEPS)(
    "$step step: Continue still saves the pick and moves on",
    async ({ Page, name, radio, opened, pick, echo, next }) => {
      // select* answers (and its echo lands) only when the test says so.
      let answer!: () => void;
      const select = vi.fn(() => new Promise((resolve) => (answer = () => resolve({ ok: true }))));
      const choose = vi.fn().mockResolvedValue({ ok: true });
      mutations.set(`drafts:select${name}`, select);
      mutations.set(`drafts:choose${name}`, choose);
      guardDraft = opened;
      live.set(opened);
      render(<Page />);

      fireEvent.click(screen.getByRole("radio", { name: radio }));
      expect(select).toHaveBeenCalledWith(pick);
      // Continue, and in the same turn the server's echo of the pick (select*'s Transition).
      act(() => {
        fireEvent.click(screen.getByRole("button", { name: "Continue" }));
        answer();
        live.set(echo);
      });
      await act(async () => {});

      expect(choose).toHaveBeenCalledWith(pick);
      expect(navigate).toHaveBeenCalledWith({ to: next });
    },
  );
});
