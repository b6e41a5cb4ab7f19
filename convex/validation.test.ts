/// <reference types="vite/client" />
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { LIMITS } from "./shared/constants";
import {
  EMPTY_DETAILS,
  addClinic,
  addUser,
  appData,
  beat,
  freezeClockEachTest,
  newBackend,
  newSession,
  rowsOf,
  toReview,
  type Backend,
} from "./test.fixtures";

const modules = import.meta.glob("./**/*.ts");

const NOW = Date.UTC(2026, 10, 2, 8);
const TEN = Date.UTC(2026, 10, 3, 10);

freezeClockEachTest(NOW);
let t: Backend;
let clinic: { serviceId: Id<"services">; providerId: Id<"providers"> };
let tab: SessionId;
beforeEach(async () => {
  t = newBackend();
  clinic = await addClinic(t);
  // Some state a rejected call must leave alone: a tab at review, holding 10:00.
  tab = newSession();
  await toReview(t, tab, { serviceId: clinic.serviceId, providerChoice: "any", start: TEN });
});

/** The `data` of the ConvexError a call rejects with (throws if it does not reject). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: unknown }).data;
  }
  throw new Error("Expected the call to be rejected.");
}

type Call = (sessionId: SessionId) => Promise<unknown>;

/** Every session-scoped function, called with otherwise valid arguments. */
const SESSION_FUNCTIONS: [string, Call][] = [
  ["drafts.get", (sessionId) => t.query(api.drafts.get, { sessionId })],
  [
    "drafts.chooseService",
    (sessionId) => t.mutation(api.drafts.chooseService, { sessionId, serviceId: clinic.serviceId }),
  ],
  [
    "drafts.chooseProvider",
    (sessionId) => t.mutation(api.drafts.chooseProvider, { sessionId, providerChoice: "any" }),
  ],
  [
    "drafts.selectService",
    (sessionId) => t.mutation(api.drafts.selectService, { sessionId, serviceId: clinic.serviceId }),
  ],
  [
    "drafts.selectProvider",
    (sessionId) => t.mutation(api.drafts.selectProvider, { sessionId, providerChoice: "any" }),
  ],
  ["drafts.setTimeZone", (sessionId) => t.mutation(api.drafts.setTimeZone, { sessionId, timeZone: "UTC" })],
  ["drafts.enterStep", (sessionId) => t.mutation(api.drafts.enterStep, { sessionId, step: "service" })],
  ["drafts.saveDetails", (sessionId) => t.mutation(api.drafts.saveDetails, { sessionId, ...details })],
  [
    "drafts.saveDetailsFromBeacon",
    (sessionId) => t.mutation(internal.drafts.saveDetailsFromBeacon, { sessionId, userId: null, ...details }),
  ],
  ["holds.mine", (sessionId) => t.query(api.holds.mine, { sessionId })],
  ["holds.hold", (sessionId) => t.mutation(api.holds.hold, { sessionId, start: TEN })],
  ["holds.extend", (sessionId) => t.mutation(api.holds.extend, { sessionId })],
  ["holds.release", (sessionId) => t.mutation(api.holds.release, { sessionId })],
  ["bookings.confirm", (sessionId) => t.mutation(api.bookings.confirm, { sessionId })],
  [
    "bookings.confirmation",
    (sessionId) => t.query(api.bookings.confirmation, { sessionId, reference: "ABCDEFGH" }),
  ],
  ["heartbeats.beat", (sessionId) => t.mutation(api.heartbeats.beat, { sessionId, seq: NOW, visible: true })],
  [
    "heartbeats.leaveFromBeacon",
    (sessionId) => t.mutation(internal.heartbeats.leaveFromBeacon, { sessionId, userId: null, seq: NOW }),
  ],
  [
    "myBookings.startReschedule",
    async (sessionId) =>
      (await addUser(t)).as.mutation(api.myBookings.startReschedule, { sessionId, reference: "ABCDEFGH" }),
  ],
  ["sessions.notice", (sessionId) => t.query(api.sessions.notice, { sessionId })],
  ["sessions.acknowledgeNotice", (sessionId) => t.mutation(api.sessions.acknowledgeNotice, { sessionId })],
  [
    "sessions.adopt",
    async (sessionId) =>
      (await addUser(t)).as.mutation(api.sessions.adopt, { sessionId, newSessionId: newSession() }),
  ],
  ["sessions.fork", (sessionId) => t.mutation(api.sessions.fork, { sessionId, newSessionId: newSession() })],
  ["sessions.clearOnSignOut", (sessionId) => t.mutation(api.sessions.clearOnSignOut, { sessionId })],
  ["manage.open", (sessionId) => t.mutation(api.manage.open, { sessionId, token: "A".repeat(43) })],
  [
    "bookingVerification.verify",
    (sessionId) => t.mutation(api.bookingVerification.verify, { sessionId, token: "A".repeat(43) }),
  ],
  ["manage.view", (sessionId) => t.query(api.manage.view, { sessionId })],
  ["manage.cancel", (sessionId) => t.mutation(api.manage.cancel, { sessionId })],
  ["manage.startReschedule", (sessionId) => t.mutation(api.manage.startReschedule, { sessionId })],
];
const details = { details: { ...EMPTY_DETAILS, name: "Mallory" }, rev: Number.MAX_SAFE_INTEGER };

const BAD_SESSION_IDS: [string, string][] = [
  ["not-a-uuid", "not-a-uuid"],
  ["empty", ""],
  ["10 KB", "a".repeat(10 * 1024)],
  ["UUID with trailing junk", `${newSession()}x`],
];

it("covers every function that takes a session ID", async () => {
  const withSession: string[] = [];
  for (const [path, load] of Object.entries(modules)) {
    if (path.endsWith(".test.ts") || path.endsWith(".d.ts")) continue;
    for (const [name, value] of Object.entries((await load()) as Record<string, unknown>)) {
      const fn = value as { exportArgs?: () => string } | null;
      if (typeof fn?.exportArgs !== "function") continue;
      const args = JSON.parse(fn.exportArgs()) as { value?: Record<string, unknown> };
      if (args.value?.sessionId !== undefined) withSession.push(`${path.slice(2, -3)}.${name}`);
    }
  }
  expect(withSession.sort()).toEqual(SESSION_FUNCTIONS.map(([name]) => name).sort());
});

describe.each(SESSION_FUNCTIONS)("%s", (_, call) => {
  it.each(BAD_SESSION_IDS)(
    "rejects a %s session ID with INVALID_SESSION and changes nothing",
    async (_, id) => {
      const before = await appData(t);
      expect(await rejection(call(id as SessionId))).toMatchObject({ code: "INVALID_SESSION" });
      expect(await appData(t)).toEqual(before);
    },
  );

  it("accepts a well-formed one (so the arguments above are otherwise valid)", async () => {
    await call(newSession());
  });
});

describe("drafts.saveDetails size caps", () => {
  it.each(["name", "email", "phone", "notes"] as const)("caps %s at its limit", async (field) => {
    const save = (length: number, rev: number) =>
      t.mutation(api.drafts.saveDetails, {
        sessionId: tab,
        details: { ...EMPTY_DETAILS, [field]: "x".repeat(length) },
        rev,
      });
    const before = await appData(t);
    await expect(save(LIMITS[field] + 1, 100)).rejects.toThrow(/at most/);
    expect(await appData(t)).toEqual(before);
    expect(await save(LIMITS[field], 100)).toEqual({ saved: true, rev: 100 });
  });

  it.each([-1, 1.5, Number.NaN])("rejects revision %s", async (rev) => {
    await expect(
      t.mutation(api.drafts.saveDetails, { sessionId: tab, details: EMPTY_DETAILS, rev }),
    ).rejects.toThrow();
  });
});

describe("other arguments", () => {
  it.each([
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }],
    ["an empty time zone", { timeZone: "" }],
    ["an over-long time zone", { timeZone: `Europe/${"x".repeat(100)}` }],
    ["an impossible date", { date: "2026-02-30" }],
    ["a month 13 date", { date: "2026-13-01" }],
    ["a date with a time", { date: "2026-11-03T10:00" }],
    ["a word for a date", { date: "tomorrow" }],
  ])("availability.day rejects %s", async (_, bad) => {
    const args = {
      serviceId: clinic.serviceId,
      providerChoice: "any" as const,
      timeZone: "UTC",
      date: "2026-11-03",
    };
    await expect(t.query(api.availability.day, { ...args, ...bad })).rejects.toThrow();
  });

  it.each([
    ["an unknown time zone", { timeZone: "Nowhere/Special" }],
    ["month 13", { month: "2026-13" }],
    ["month 0", { month: "2026-00" }],
    ["a full date", { month: "2026-11-01" }],
    ["a one-digit month", { month: "2026-1" }],
  ])("availability.month rejects %s", async (_, bad) => {
    const args = {
      serviceId: clinic.serviceId,
      providerChoice: "any" as const,
      timeZone: "UTC",
      month: "2026-11",
    };
    await expect(t.query(api.availability.month, { ...args, ...bad })).rejects.toThrow();
  });

  it("drafts.setTimeZone rejects an unknown time zone and keeps the old one", async () => {
    await expect(
      t.mutation(api.drafts.setTimeZone, { sessionId: tab, timeZone: "Mars/Olympus_Mons" }),
    ).rejects.toThrow();
    expect((await t.query(api.drafts.get, { sessionId: tab }))?.timeZone).toBe("Europe/Paris");
  });

  it.each([
    ["before 2020", Date.UTC(2019, 11, 31)],
    ["after 2100", Date.UTC(2100, 0, 2)],
    ["a fraction of a millisecond", TEN + 0.5],
  ])("holds.hold rejects a start %s", async (_, start) => {
    const before = await appData(t);
    await expect(t.mutation(api.holds.hold, { sessionId: tab, start })).rejects.toThrow();
    expect(await appData(t)).toEqual(before);
  });

  it("bookings.confirmation rejects a malformed reference", async () => {
    for (const reference of ["abcdefgh", "ABCDEFG", "ABCDEFGHI", "ABCDEFG0", "ABCDEFGI"]) {
      await expect(t.query(api.bookings.confirmation, { sessionId: tab, reference })).rejects.toThrow();
    }
  });
});

describe("rate limits", () => {
  /** Calls `call(1)`, `call(2)`, … until one throws; how many succeeded and the error's data. */
  const hammer = async (call: (i: number) => Promise<unknown>, times: number) => {
    for (let i = 1; i <= times; i++) {
      try {
        await call(i);
      } catch (error) {
        return { succeeded: i - 1, data: (error as { data?: unknown }).data };
      }
    }
    return { succeeded: times, data: undefined };
  };

  it("stops a tab that floods draft saves, keeps what it saved, and spares other tabs", async () => {
    const flooder = newSession();
    const save = (sessionId: SessionId, rev: number) =>
      t.mutation(api.drafts.saveDetails, { sessionId, details: { ...EMPTY_DETAILS, name: `v${rev}` }, rev });
    // 200 saves in the same instant: far beyond any typing speed.
    const { succeeded, data } = await hammer((i) => save(flooder, i), 200);
    expect(data).toMatchObject({ code: "RATE_LIMITED", retryAt: expect.any(Number) });
    expect((data as { retryAt: number }).retryAt).toBeGreaterThan(Date.now());
    // A burst of ordinary autosaves is fine.
    expect(succeeded).toBeGreaterThanOrEqual(20);
    // The refused save changed nothing: the draft holds the last accepted revision.
    expect(await t.query(api.drafts.get, { sessionId: flooder })).toMatchObject({
      detailsRev: succeeded,
      details: { name: `v${succeeded}` },
    });

    expect(await save(tab, 1_000)).toEqual({ saved: true, rev: 1_000 });

    vi.setSystemTime((data as { retryAt: number }).retryAt);
    expect(await save(flooder, 1_000)).toEqual({ saved: true, rev: 1_000 });
  });

  it("never stops the heartbeat of a person reloading twice a second for a minute", async () => {
    for (let reload = 1; reload <= 120; reload++) {
      vi.advanceTimersByTime(500);
      // The old page's leave beacon, then the new page's first beat: both recorded.
      await t.mutation(internal.heartbeats.leaveFromBeacon, {
        sessionId: tab,
        userId: null,
        seq: 2 * reload,
      });
      await beat(t, tab, 2 * reload + 1);
      expect((await rowsOf(t, tab)).heartbeat).toMatchObject({ seq: 2 * reload + 1, state: "visible" });
    }
  });

  it("answers a flood of beats quietly, records none of the excess, and asks the tab to wait", async () => {
    const replies = [];
    // 300 beats in the same instant: none throws (a thrown error is a console error in the tab).
    for (let seq = 1; seq <= 300; seq++) replies.push(await beat(t, tab, seq));
    const recorded = (await rowsOf(t, tab)).heartbeat!.seq;
    expect(recorded).toBeGreaterThanOrEqual(100);
    expect(recorded).toBeLessThan(300);
    expect(replies.at(-1)).toEqual({ beatEveryMs: expect.any(Number), hold: null });

    vi.advanceTimersByTime(replies.at(-1)!.beatEveryMs);
    await beat(t, tab, 1_000);
    expect((await rowsOf(t, tab)).heartbeat?.seq).toBe(1_000);
  });

  it("stops a tab that floods holds", async () => {
    const { data } = await hammer(() => t.mutation(api.holds.extend, { sessionId: tab }), 200);
    expect(data).toMatchObject({ code: "RATE_LIMITED" });
    expect(await t.mutation(api.holds.extend, { sessionId: newSession() })).toEqual({ ok: false });
  });
});
