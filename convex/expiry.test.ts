/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api, internal } from "./_generated/api";
import { SWEEP_BATCH } from "./expiry";
import {
  EMPTY_DETAILS,
  HOUR,
  MINUTE,
  MONDAY_8AM,
  addAdaAndBob,
  addClinic,
  beat,
  elapse,
  freezeClockEachTest,
  newBackend,
  newSession,
  offeredStarts,
  rowsOf,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
} from "./test.fixtures";

const NOW = MONDAY_8AM;
const TEN = tuesdayAt(10);
// Shorter than a hold (600 s), so a draft can expire while it still holds a time.
const TTL_MS = 5 * MINUTE;

freezeClockEachTest(NOW);
let t: Backend;
beforeEach(() => {
  vi.stubEnv("TABBOOK_DRAFT_TTL_SECONDS", String(TTL_MS / 1000));
  t = newBackend();
});

const draft = (sessionId: SessionId) => t.query(api.drafts.get, { sessionId });
const notice = (sessionId: SessionId) => t.query(api.sessions.notice, { sessionId });
const sweep = () => t.mutation(internal.expiry.sweep, {});

describe("per-draft expiry", () => {
  it("deletes a draft untouched for the TTL with its hold and heartbeat, and tells the tab once", async () => {
    const clinic = await addClinic(t);
    const tab = newSession();
    await toReview(t, tab, { ...clinic, providerChoice: "any", start: TEN });
    await beat(t, tab, 1, false);

    await elapse(t, TTL_MS - 1);
    expect(await draft(tab)).not.toBeNull();
    expect(await notice(tab)).toBeNull();

    await elapse(t, 1);
    expect(await rowsOf(t, tab)).toEqual({ draft: null, holds: [], heartbeat: null });
    expect(await offeredStarts(t, clinic.serviceId)).toContain(TEN);
    expect(await notice(tab)).toEqual({ kind: "expired", at: NOW + TTL_MS });
    expect(await notice(newSession())).toBeNull();

    await t.mutation(api.sessions.acknowledgeNotice, { sessionId: tab });
    expect(await notice(tab)).toBeNull();
  });

  it("tells a signed-in tab's expiry only to its user: the session ID alone neither reads nor clears it", async () => {
    const clinic = await addClinic(t);
    const { ada, bob } = await addAdaAndBob(t);
    const tab = await signedInTabAtReview(t, ada.as, { ...clinic, providerChoice: "any", start: TEN });
    await elapse(t, TTL_MS);

    for (const stranger of [t, bob.as]) {
      expect(await stranger.query(api.sessions.notice, { sessionId: tab })).toBeNull();
      await stranger.mutation(api.sessions.acknowledgeNotice, { sessionId: tab });
    }
    expect(await ada.as.query(api.sessions.notice, { sessionId: tab })).toEqual({
      kind: "expired",
      at: NOW + TTL_MS,
    });
    await ada.as.mutation(api.sessions.acknowledgeNotice, { sessionId: tab });
    expect(await ada.as.query(api.sessions.notice, { sessionId: tab })).toBeNull();
  });

  it("counts the TTL from the last write (rolling expiry)", async () => {
    const tab = newSession();
    await t.mutation(api.drafts.saveDetails, { sessionId: tab, details: EMPTY_DETAILS, rev: 1 });
    await elapse(t, TTL_MS - MINUTE);
    await t.mutation(api.drafts.saveDetails, { sessionId: tab, details: EMPTY_DETAILS, rev: 2 });

    await elapse(t, MINUTE); // the first scheduled check
    await elapse(t, TTL_MS - MINUTE - 1);
    expect(await draft(tab)).toMatchObject({ detailsRev: 2 });
    expect(await notice(tab)).toBeNull();

    await elapse(t, 1);
    expect(await draft(tab)).toBeNull();
    expect(await notice(tab)).toEqual({ kind: "expired", at: NOW + 2 * TTL_MS - MINUTE });
  });

  it("gives drafts 2 hours when TABBOOK_DRAFT_TTL_SECONDS is unset", async () => {
    vi.unstubAllEnvs();
    const tab = newSession();
    await t.mutation(api.drafts.saveDetails, { sessionId: tab, details: EMPTY_DETAILS, rev: 1 });
    expect((await rowsOf(t, tab)).draft?.expiresAt).toBe(NOW + 2 * HOUR);
  });
});

describe("expiry.sweep (cron backstop)", () => {
  /** Rows as a missed schedule would leave them: inserted directly, nothing scheduled. */
  const insertDrafts = (expiresAt: number[]) =>
    t.run(async (ctx) => {
      for (const at of expiresAt) {
        await ctx.db.insert("bookingDrafts", {
          sessionId: newSession(),
          step: "service",
          details: EMPTY_DETAILS,
          detailsRev: 0,
          updatedAt: at - TTL_MS,
          expiresAt: at,
        });
      }
    });
  const count = (table: "bookingDrafts" | "sessionNotices" | "heartbeats") =>
    t.run(async (ctx) => (await ctx.db.query(table).collect()).length);

  it("expires drafts a batch at a time, scheduling itself until none are left", async () => {
    await insertDrafts([...Array<number>(SWEEP_BATCH + 5).fill(NOW - HOUR), NOW, NOW + 1]);

    expect(await sweep()).toEqual({ drafts: SWEEP_BATCH, heartbeats: 0, notices: 0, more: true });
    expect(await count("bookingDrafts")).toBe(7);
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(scheduled.map((job) => [job.name, job.state.kind])).toEqual([["expiry:sweep", "pending"]]);

    await elapse(t, 0);
    const [left] = await t.run((ctx) => ctx.db.query("bookingDrafts").collect());
    expect([await count("bookingDrafts"), left?.expiresAt]).toEqual([1, NOW + 1]);
    expect(await count("sessionNotices")).toBe(SWEEP_BATCH + 6);
  });

  it("drops heartbeats and notices older than a draft's lifetime", async () => {
    const staleBefore = NOW - TTL_MS;
    await t.run(async (ctx) => {
      for (const at of [staleBefore - 1, staleBefore]) {
        await ctx.db.insert("heartbeats", {
          sessionId: newSession(),
          lastSeen: at,
          seq: 1,
          state: "hidden",
          checkPending: false,
        });
        await ctx.db.insert("sessionNotices", { sessionId: newSession(), kind: "expired", createdAt: at });
      }
    });

    expect(await sweep()).toEqual({ drafts: 0, heartbeats: 1, notices: 1, more: false });
    const kept = await t.run(async (ctx) => ({
      heartbeats: (await ctx.db.query("heartbeats").collect()).map((h) => h.lastSeen),
      notices: (await ctx.db.query("sessionNotices").collect()).map((n) => n.createdAt),
    }));
    expect(kept).toEqual({ heartbeats: [staleBefore], notices: [staleBefore] });
  });
});
