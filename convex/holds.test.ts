/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { SessionId } from "convex-helpers/server/sessions";
import {
  MINUTE,
  addClinic,
  addProvider,
  addService,
  beat,
  newSession,
  toTimeStep,
  freezeClockEachTest,
  newBackend,
  type Backend,
} from "./test.fixtures";

// Monday 2 November 2026 08:00 UTC; the clinic (UTC, weekdays 09:00–17:00, 30-minute slots)
// is asked about Tuesday 3 November.
const NOW = Date.UTC(2026, 10, 2, 8);
const TEN = Date.UTC(2026, 10, 3, 10);
const ELEVEN = Date.UTC(2026, 10, 3, 11);
const DEFAULT_HOLD_MS = 600_000;

freezeClockEachTest(NOW);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" });
});

/** A tab at the time step with "any" provider for the clinic's service. */
async function tabAtTimeStep() {
  const sessionId = newSession();
  await toTimeStep(t, sessionId, { serviceId: clinic.serviceId, providerChoice: "any" });
  return sessionId;
}

const hold = (sessionId: SessionId, start: number) => t.mutation(api.holds.hold, { sessionId, start });
const mine = (sessionId: SessionId) => t.query(api.holds.mine, { sessionId });
const draft = (sessionId: SessionId) => t.query(api.drafts.get, { sessionId });
const allHolds = () => t.run((ctx) => ctx.db.query("slotHolds").collect());
/** The heartbeat timeout (TABBOOK_HEARTBEAT_TIMEOUT_SECONDS unset: 60 s). */
const SILENCE_MS = 60_000;
let seq = 0;
/** Lets `ms` pass for a live tab: it beats every 10 s, and scheduled functions run as they fall due. */
async function keepBeating(sessionId: SessionId, ms: number) {
  for (let left = ms; left > 0; left -= 10_000) {
    await beat(t, sessionId, ++seq);
    vi.advanceTimersByTime(Math.min(10_000, left));
    await t.finishInProgressScheduledFunctions();
  }
}

const offered = async () => {
  const slots = await t.query(api.availability.day, {
    serviceId: clinic.serviceId,
    providerChoice: "any",
    timeZone: "UTC",
    date: "2026-11-03",
  });
  return slots?.map((slot) => slot.start);
};

describe("holds.hold", () => {
  it("holds the time for this tab, moves the draft on, and never reveals the session", async () => {
    const tab = await tabAtTimeStep();
    expect(await hold(tab, TEN)).toEqual({ ok: true, expiresAt: NOW + DEFAULT_HOLD_MS });

    const held = await mine(tab);
    expect(held).toEqual({
      start: TEN,
      end: TEN + 30 * MINUTE,
      expiresAt: NOW + DEFAULT_HOLD_MS,
      providerId: clinic.providerId,
      providerName: "Ann",
    });
    expect(JSON.stringify(held)).not.toContain(tab);
    expect(await draft(tab)).toMatchObject({ start: TEN, step: "details" });
    expect(await offered()).not.toContain(TEN);
  });

  it("tells a second tab the time is taken, leaving the first tab's hold alone", async () => {
    const first = await tabAtTimeStep();
    const second = await tabAtTimeStep();
    await hold(first, TEN);
    expect(await hold(second, TEN)).toEqual({ ok: false, reason: "taken" });
    expect(await mine(second)).toBeNull();
    expect((await draft(second))?.start).toBeUndefined();
    expect((await mine(first))?.start).toBe(TEN);
  });

  it('gives "any" tabs whichever provider is still free, then reports the time taken', async () => {
    await addProvider(t, [clinic.serviceId], { name: "Bo" });
    const [first, second, third] = [await tabAtTimeStep(), await tabAtTimeStep(), await tabAtTimeStep()];
    await hold(first, TEN);
    await hold(second, TEN);
    expect([(await mine(first))?.providerName, (await mine(second))?.providerName].sort()).toEqual([
      "Ann",
      "Bo",
    ]);
    expect(await hold(third, TEN)).toEqual({ ok: false, reason: "taken" });
  });

  it("releases the previous hold when the tab picks another time", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await hold(tab, ELEVEN);
    expect((await allHolds()).map((h) => h.start)).toEqual([ELEVEN]);
    expect((await draft(tab))?.start).toBe(ELEVEN);

    const other = await tabAtTimeStep();
    expect((await hold(other, TEN)).ok).toBe(true);
  });

  it("refuses times that are not on offer: off the slot grid, outside hours, or before the flow", async () => {
    const tab = await tabAtTimeStep();
    expect(await hold(tab, TEN + 10 * MINUTE)).toEqual({ ok: false, reason: "taken" });
    expect(await hold(tab, Date.UTC(2026, 10, 3, 18))).toEqual({ ok: false, reason: "taken" });
    expect(await hold(newSession(), TEN)).toEqual({ ok: false, reason: "incomplete" });
    expect(await allHolds()).toEqual([]);
  });
});

describe("holds.extend and holds.release", () => {
  it("extend restarts the countdown from now", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await keepBeating(tab, 5 * MINUTE);
    const expiresAt = NOW + 5 * MINUTE + DEFAULT_HOLD_MS;
    expect(await t.mutation(api.holds.extend, { sessionId: tab })).toEqual({ ok: true, expiresAt });
    expect((await mine(tab))?.expiresAt).toBe(expiresAt);
  });

  it("extend needs a recent beat: a hold cannot be kept alive by extending alone", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    // The silence check has not run yet; extend itself must refuse.
    vi.setSystemTime(NOW + SILENCE_MS);
    expect(await t.mutation(api.holds.extend, { sessionId: tab })).toEqual({ ok: false });
    expect((await mine(tab))?.expiresAt).toBe(NOW + DEFAULT_HOLD_MS);
  });

  it("extend without a hold reports it", async () => {
    expect(await t.mutation(api.holds.extend, { sessionId: await tabAtTimeStep() })).toEqual({ ok: false });
  });

  // A hold whose expiresAt has passed but whose scheduled delete has not run
  // yet is over: another tab may hold the time by now.
  it("extend does not revive a lapsed hold that another tab has taken over", async () => {
    const first = await tabAtTimeStep();
    await hold(first, TEN);
    vi.setSystemTime(NOW + DEFAULT_HOLD_MS + 1); // lapsed; the expiry timer has not fired
    const second = await tabAtTimeStep();
    expect((await hold(second, TEN)).ok).toBe(true);

    expect(await t.mutation(api.holds.extend, { sessionId: first })).toEqual({ ok: false });
    const live = (await allHolds()).filter((h) => h.expiresAt > Date.now());
    expect(live).toHaveLength(1);
  });

  it("release gives the time back to everyone", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await t.mutation(api.holds.release, { sessionId: tab });
    expect(await mine(tab)).toBeNull();
    expect(await offered()).toContain(TEN);
    // The tab no longer counts the time as chosen (no "your hold has ended" notice).
    expect((await t.query(api.drafts.get, { sessionId: tab }))?.start).toBeUndefined();
  });
});

describe("hold expiry", () => {
  it("deletes the hold TABBOOK_HOLD_SECONDS after it was made, even for a tab that keeps beating", async () => {
    vi.stubEnv("TABBOOK_HOLD_SECONDS", "120");
    const tab = await tabAtTimeStep();
    expect(await hold(tab, TEN)).toEqual({ ok: true, expiresAt: NOW + 120_000 });

    await keepBeating(tab, 119_999);
    expect(await mine(tab)).not.toBeNull();

    await keepBeating(tab, 1);
    expect(await mine(tab)).toBeNull();
    expect(await offered()).toContain(TEN);
  });

  it("lets an extended hold outlive its first scheduled expiry", async () => {
    vi.stubEnv("TABBOOK_HOLD_SECONDS", "120");
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await keepBeating(tab, 60_000);
    await t.mutation(api.holds.extend, { sessionId: tab }); // now expires at NOW + 180 s

    await keepBeating(tab, 60_000); // the first expiry (NOW + 120 s) runs
    expect((await mine(tab))?.expiresAt).toBe(NOW + 180_000);

    await keepBeating(tab, 60_000);
    expect(await mine(tab)).toBeNull();
  });

  it("releases the time of a tab that never beats one heartbeat timeout after it was taken", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    vi.advanceTimersByTime(SILENCE_MS - 1);
    await t.finishInProgressScheduledFunctions();
    expect(await mine(tab)).not.toBeNull();
    expect(await offered()).not.toContain(TEN);

    vi.advanceTimersByTime(1);
    await t.finishInProgressScheduledFunctions();
    expect(await mine(tab)).toBeNull();
    expect(await offered()).toContain(TEN);
  });
});

describe("going back in the flow", () => {
  it.each(["service", "provider"] as const)(
    "entering the %s step drops the hold and the time",
    async (step) => {
      const tab = await tabAtTimeStep();
      await hold(tab, TEN);
      await t.mutation(api.drafts.enterStep, { sessionId: tab, step });
      expect(await mine(tab)).toBeNull();
      const after = await draft(tab);
      expect(after?.step).toBe(step);
      expect(after?.start).toBeUndefined();
      expect(await offered()).toContain(TEN);
    },
  );

  it("entering the time or details step keeps the hold", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "time" });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "details" });
    expect((await mine(tab))?.start).toBe(TEN);
  });

  it("choosing another provider drops the hold; choosing the same one keeps it", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    await t.mutation(api.drafts.chooseProvider, { sessionId: tab, providerChoice: "any" });
    expect((await mine(tab))?.start).toBe(TEN);

    await t.mutation(api.drafts.chooseProvider, { sessionId: tab, providerChoice: clinic.providerId });
    expect(await mine(tab)).toBeNull();
    expect((await draft(tab))?.start).toBeUndefined();
  });

  it("choosing another service drops the hold and the provider choice", async () => {
    const tab = await tabAtTimeStep();
    await hold(tab, TEN);
    const other = await addService(t, { slug: "other", name: "Other" });
    await t.mutation(api.drafts.chooseService, { sessionId: tab, serviceId: other });
    expect(await mine(tab)).toBeNull();
    const after = await draft(tab);
    expect(after?.serviceId).toBe(other);
    expect(after?.providerChoice).toBeUndefined();
    expect(after?.start).toBeUndefined();
  });
});
