/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  MONDAY_8AM,
  appData,
  addClinic,
  beat,
  elapse,
  freezeClockEachTest,
  newBackend,
  newSession,
  offeredStarts,
  toReview,
  tuesdayAt,
  type Backend,
} from "./test.fixtures";

const TEN = tuesdayAt(10);
const TIMEOUT_MS = 30_000; // TABBOOK_HEARTBEAT_TIMEOUT_SECONDS below; holds last the default 600 s.

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
let tab: SessionId;
beforeEach(async () => {
  vi.stubEnv("TABBOOK_HEARTBEAT_TIMEOUT_SECONDS", String(TIMEOUT_MS / 1000));
  t = newBackend();
  clinic = await addClinic(t, { name: "Ann" });
  tab = await tabHolding(TEN);
});

async function tabHolding(start: number) {
  const sessionId = newSession();
  await toReview(t, sessionId, { ...clinic, providerChoice: "any", start });
  return sessionId;
}
const heldStart = async (sessionId: SessionId) =>
  (await t.query(api.holds.mine, { sessionId }))?.start ?? null;
const leave = (sessionId: SessionId, seq: number) =>
  t.mutation(internal.heartbeats.leaveFromBeacon, { sessionId, userId: null, seq });
/** The tab beats, then goes silent until its hold is released. */
async function silencedUntilReleased() {
  await beat(t, tab, 1);
  await elapse(t, TIMEOUT_MS);
  expect(await heldStart(tab)).toBeNull();
}

describe("silence", () => {
  it("releases a silent visible tab's hold one timeout after its last beat, not before", async () => {
    expect(await beat(t, tab, 1)).toEqual({ beatEveryMs: TIMEOUT_MS / 6, hold: null });
    await elapse(t, TIMEOUT_MS - 1);
    expect(await heldStart(tab)).toBe(TEN);

    await elapse(t, 1);
    expect(await heldStart(tab)).toBeNull();
    expect(await offeredStarts(t, clinic.serviceId)).toContain(TEN);
  });

  it("keeps the hold while the tab beats, and releases it one timeout after the last beat", async () => {
    const beatEveryMs = TIMEOUT_MS / 6;
    for (let seq = 1; seq <= 18; seq++) {
      await beat(t, tab, seq);
      await elapse(t, beatEveryMs);
    }
    expect(await heldStart(tab)).toBe(TEN);

    // The last beat was one interval ago.
    await elapse(t, TIMEOUT_MS - beatEveryMs - 1);
    expect(await heldStart(tab)).toBe(TEN);
    await elapse(t, 1);
    expect(await heldStart(tab)).toBeNull();
  });

  it("keeps a hidden tab's hold through silence, until a page-hide beacon says it left", async () => {
    await beat(t, tab, 1);
    await beat(t, tab, 2, false);
    for (let i = 0; i < 4; i++) await elapse(t, TIMEOUT_MS);
    expect(await heldStart(tab)).toBe(TEN);

    await leave(tab, 3);
    await elapse(t, TIMEOUT_MS - 1);
    expect(await heldStart(tab)).toBe(TEN);
    await elapse(t, 1);
    expect(await heldStart(tab)).toBeNull();
  });

  it("ignores a beat older than the last one (a hidden beat overtaken by the beacon)", async () => {
    await leave(tab, 5);
    expect(await beat(t, tab, 4, false)).toEqual({ beatEveryMs: TIMEOUT_MS / 6, hold: null });
    await elapse(t, TIMEOUT_MS);
    expect(await heldStart(tab)).toBeNull();
  });

  it("writes nothing but the heartbeat", async () => {
    await beat(t, tab, 1);
    const { heartbeats: _, ...before } = await appData(t);
    vi.advanceTimersByTime(TIMEOUT_MS / 6);
    await beat(t, tab, 2);
    await beat(t, tab, 3, false);
    await leave(tab, 4);
    const { heartbeats, ...after } = await appData(t);
    expect(after).toEqual(before);
    expect(heartbeats).toEqual([
      expect.objectContaining({ sessionId: tab, seq: 4, state: "left", lastSeen: Date.now() }),
    ]);
  });
});

describe("coming back after a release", () => {
  it("re-acquires the same time on the next visible beat", async () => {
    await silencedUntilReleased();
    expect(await beat(t, tab, 2)).toEqual({ beatEveryMs: TIMEOUT_MS / 6, hold: "reacquired" });
    expect(await heldStart(tab)).toBe(TEN);
    expect(await offeredStarts(t, clinic.serviceId)).not.toContain(TEN);
    expect(await t.query(api.drafts.get, { sessionId: tab })).toMatchObject({ step: "review", start: TEN });
  });

  it("reports the time lost, and un-chooses it, when another tab took it meanwhile", async () => {
    await silencedUntilReleased();
    const other = await tabHolding(TEN);
    expect(await beat(t, tab, 2)).toEqual({ beatEveryMs: TIMEOUT_MS / 6, hold: "lost" });
    expect(await heldStart(tab)).toBeNull();
    const draft = await t.query(api.drafts.get, { sessionId: tab });
    expect(draft?.step).toBe("time");
    expect(draft?.start).toBeUndefined();
    expect(await heldStart(other)).toBe(TEN);
  });
});
