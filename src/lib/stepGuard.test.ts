import { beforeEach, describe, expect, it } from "vitest";
import { guardStep, type LoadedDraft } from "./stepGuard";
import { beaconRev, noteBeaconRev } from "../session/beaconRev";
import { EMPTY, contextWith, fetched, redirectTarget } from "./stepGuardHarness";

const base = { step: "service" as const, missing: "service" as const, detailsRev: 0, details: EMPTY };

describe("guardStep", () => {
  it("sends a deep link in a fresh tab to the first step", async () => {
    expect(await redirectTarget(guardStep(contextWith(null), "review"))).toBe("/book/service");
    expect(await redirectTarget(guardStep(contextWith(null), "service"))).toBeNull();
  });

  it("sends a deep link to the first step the server says is unfinished", async () => {
    const chosen = {
      ...base,
      serviceId: "s1",
      providerChoice: "any",
      missing: "time",
    } as unknown as LoadedDraft;
    expect(await redirectTarget(guardStep(contextWith(chosen), "details"))).toBe("/book/time");
    const half = { ...chosen!, start: Date.UTC(2026, 10, 24, 10), missing: "details" as const };
    expect(await redirectTarget(guardStep(contextWith(half), "review"))).toBe("/book/details");
  });

  it("lets a tab go back to any earlier step and on to the step it has earned", async () => {
    const done = {
      ...base,
      serviceId: "s1",
      providerChoice: "any",
      start: Date.UTC(2026, 10, 24, 10),
      details: { ...EMPTY, name: "Ada", email: "ada@example.com" },
      missing: "review",
    } as unknown as LoadedDraft;
    for (const step of ["service", "provider", "time", "details", "review"] as const) {
      expect(await redirectTarget(guardStep(contextWith(done), step))).toBeNull();
    }
  });

  it("right after a reload, uses the draft index.html fetched without waiting for the socket", async () => {
    const atDetails = { ...timeChosen, missing: "details" as const };
    const context = contextWith(null, { firstDraft: fetched(atDetails) });
    expect(await guardStep(context, "details")).toEqual({ draft: atDetails });
    expect(context.query).not.toHaveBeenCalled();
  });

  it("right after a reload, a tab whose ID has no draft is sent to the first step on the server's word", async () => {
    const context = contextWith(null, { firstDraft: fetched(null) });
    expect(await redirectTarget(guardStep(context, "details"))).toBe("/book/service");
    expect(context.query).not.toHaveBeenCalled();
  });

  it("asks over the socket when the startup fetch failed, was for another tab ID, or the socket already answered", async () => {
    const atDetails = { ...timeChosen, missing: "details" as const };
    for (const options of [
      { firstDraft: fetched(undefined) },
      { firstDraft: fetched(atDetails, "7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d") },
      { firstDraft: fetched(atDetails), cached: true },
    ]) {
      const context = contextWith(null, options);
      expect(await redirectTarget(guardStep(context, "details"))).toBe("/book/service");
      expect(context.query).toHaveBeenCalledOnce();
    }
  });

  it("once the first page has shown, asks over the socket even where no subscription has the draft", async () => {
    // E.g. a reload on the manage page (which reads no draft), then Reschedule (a new draft) and its navigation.
    const context = contextWith(timeChosen, { firstDraft: fetched(null) });
    context.session.firstPageShown();
    expect(await guardStep(context, "time")).toEqual({ draft: timeChosen });
    expect(context.query).toHaveBeenCalledOnce();
  });

  it("without a startup answer, asks only once the server has said who is signed in", async () => {
    const context = contextWith(timeChosen);
    context.session.auth.set({ settled: false, isAuthenticated: false });
    const guarded = guardStep(context, "time");
    await Promise.resolve();
    expect(context.query).not.toHaveBeenCalled();
    context.session.auth.set({ settled: true, isAuthenticated: true });
    expect(await guarded).toEqual({ draft: timeChosen });
  });
});

describe("guardStep after a page-hide beacon", () => {
  beforeEach(() => sessionStorage.clear());

  it("waits for the server to have the beacon's typing before the form is shown", async () => {
    const before = { ...timeChosen, missing: "details" as const, detailsRev: 1000 };
    const after = { ...before, details: { ...EMPTY, name: "Ada Lovelace" }, detailsRev: 2000 };
    noteBeaconRev(2000);
    const context = contextWith(null, { firstDraft: fetched(before) });
    const guarded = guardStep(context, "details");
    let settled = false;
    void guarded.then(() => (settled = true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(settled).toBe(false);
    context.push(after);
    expect(await guarded).toEqual({ draft: after });
    expect(beaconRev()).toBe(0);
  });

  it("does not wait when the answer already has the beacon's revision", async () => {
    const current = { ...timeChosen, missing: "details" as const, detailsRev: 2000 };
    noteBeaconRev(2000);
    expect(await guardStep(contextWith(null, { firstDraft: fetched(current) }), "details")).toEqual({
      draft: current,
    });
  });
});

const timeChosen = {
  ...base,
  serviceId: "s1",
  providerChoice: "any",
  start: Date.UTC(2026, 10, 24, 10),
  missing: "time",
} as unknown as NonNullable<LoadedDraft>;
