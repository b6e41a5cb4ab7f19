/// <reference types="vite/client" />
// Shared fixtures for the convex-test suites (convex/*.test.ts). Its name has
// two dots, so neither `npx convex dev` nor the local backend pushes it as a
// function module.
import { convexTest, type TestConvex } from "convex-test";
import { afterEach, beforeEach, vi } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import schema, { type WorkingHours } from "./schema";
import { exportJWK, generateKeyPair, type CryptoKey } from "jose";

const modules = import.meta.glob("./**/*.ts");

export type Backend = TestConvex<typeof schema>;

/** A fresh in-memory deployment of convex/. */
export function newBackend(): Backend {
  return convexTest(schema, modules);
}

/** For each test of the file: fake timers with the clock at `now`; real timers and env afterwards. */
export function freezeClockEachTest(now: number): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A fresh tab: session IDs are UUIDs, as convex-helpers' SessionProvider makes them. */
export function newSession(): SessionId {
  return crypto.randomUUID() as SessionId;
}

/** Details that pass the details form (what confirm needs). */
export const VALID_DETAILS = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: "+44 20 7946 0000",
  notes: "Left knee.",
};

export { EMPTY_DETAILS } from "./forms/detailsForm";

/** The same hours on each ISO weekday in `days` (1 = Monday). */
export function hours(days: number[], start: string, end: string): WorkingHours[] {
  return days.map((weekday) => ({ weekday, start, end }));
}

export const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * A provider's settings that pass the console's provider editor: UTC, Monday
 * to Friday 09:00–17:00, 30-minute steps, no buffer, no minimum notice, a
 * 60-day window. Also addProvider's defaults.
 */
export const PROVIDER_SETTINGS = {
  name: "Pat Doe",
  bio: "A test provider.",
  timeZone: "UTC",
  weeklyHours: hours(WEEKDAYS, "09:00", "17:00"),
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  bookingWindowDays: 60,
  slotStepMinutes: 30,
};

type Fields<T extends "services" | "providers"> = Omit<Doc<T>, "_id" | "_creationTime">;

export async function addService(t: Backend, fields: Partial<Fields<"services">> = {}) {
  return t.run((ctx) =>
    ctx.db.insert("services", {
      slug: "check-up",
      name: "Check-up",
      description: "A test service.",
      durationMinutes: 30,
      priceCents: 5000,
      currency: "EUR",
      ...fields,
    }),
  );
}

/** A provider offering `serviceIds`, with PROVIDER_SETTINGS unless `fields` say otherwise. */
export async function addProvider(
  t: Backend,
  serviceIds: Id<"services">[],
  fields: Partial<Fields<"providers">> = {},
) {
  return t.run(async (ctx) => {
    const providerId = await ctx.db.insert("providers", {
      slug: (fields.name ?? "pat-doe").toLowerCase().replace(/\W+/g, "-"),
      ...PROVIDER_SETTINGS,
      ...fields,
    });
    for (const serviceId of serviceIds) await ctx.db.insert("providerServices", { providerId, serviceId });
    return providerId;
  });
}

/** One service and one provider offering it. */
export async function addClinic(
  t: Backend,
  provider: Partial<Fields<"providers">> = {},
  service: Partial<Fields<"services">> = {},
) {
  const serviceId = await addService(t, service);
  const providerId = await addProvider(t, [serviceId], provider);
  return { serviceId, providerId };
}

/** A confirmed (or cancelled) booking made outside the flow, e.g. by staff. */
export async function addBooking(
  t: Backend,
  booking: { serviceId: Id<"services">; providerId: Id<"providers">; start: number; end: number },
  status: "confirmed" | "cancelled" = "confirmed",
) {
  return t.run((ctx) =>
    ctx.db.insert("bookings", {
      ...booking,
      reference: "STAFF234",
      timeZone: "UTC",
      ...VALID_DETAILS,
      status,
      bookedBySession: "staff",
    }),
  );
}

export type Choice = { serviceId: Id<"services">; providerChoice: "any" | Id<"providers"> };

/** Takes a tab through the service and provider steps, to the time step. */
export async function toTimeStep(t: Backend, sessionId: SessionId, { serviceId, providerChoice }: Choice) {
  await t.mutation(api.drafts.chooseService, { sessionId, serviceId });
  await t.mutation(api.drafts.chooseProvider, { sessionId, providerChoice });
}

/**
 * Takes a tab through every step to review, holding `start`, as the UI would.
 * Throws if the time cannot be held, since the caller expects a held time.
 */
export async function toReview(
  t: Backend,
  sessionId: SessionId,
  choice: Choice & { start: number; details?: typeof VALID_DETAILS; timeZone?: string },
) {
  await toTimeStep(t, sessionId, choice);
  await t.mutation(api.drafts.setTimeZone, { sessionId, timeZone: choice.timeZone ?? "Europe/Paris" });
  const held = await t.mutation(api.holds.hold, { sessionId, start: choice.start });
  if (!held.ok) throw new Error(`Could not hold ${new Date(choice.start).toISOString()}: ${held.reason}`);
  await t.mutation(api.drafts.saveDetails, { sessionId, details: choice.details ?? VALID_DETAILS, rev: 1 });
  await t.mutation(api.drafts.enterStep, { sessionId, step: "review" });
  return held;
}

/** The app's tables, for checking that a rejected call changed nothing. */
export async function appData(t: Backend) {
  return t.run(async (ctx) => ({
    services: await ctx.db.query("services").collect(),
    providers: await ctx.db.query("providers").collect(),
    providerServices: await ctx.db.query("providerServices").collect(),
    bookingDrafts: await ctx.db.query("bookingDrafts").collect(),
    slotHolds: await ctx.db.query("slotHolds").collect(),
    bookings: await ctx.db.query("bookings").collect(),
    heartbeats: await ctx.db.query("heartbeats").collect(),
    sessionNotices: await ctx.db.query("sessionNotices").collect(),
  }));
}

/** A user account and a backend handle that calls functions signed in as it. */
export async function addUser(t: Backend, email = "ada@example.com") {
  const userId = await t.run((ctx) => ctx.db.insert("users", { email }));
  // @convex-dev/auth's token subject is "<userId>|<auth session id>".
  return { userId, as: t.withIdentity({ subject: `${userId}|test-session` }) };
}

export type User = Awaited<ReturnType<typeof addUser>>;

/** Two accounts, for "only its owner" checks: Ada owns things, Bob must not reach them. */
export async function addAdaAndBob(t: Backend): Promise<{ ada: User; bob: User }> {
  return { ada: await addUser(t, "ada@example.com"), bob: await addUser(t, "bob@example.com") };
}

// ---- Accounts and the draft lifecycle (sessions, heartbeats, expiry, My bookings, beacons) ----

/** Monday 2 November 2026 08:00 UTC, the clock the lifecycle suites freeze. */
export const MONDAY_8AM = Date.UTC(2026, 10, 2, 8);

/** Tuesday 3 November 2026 at hour:minute UTC, inside the default clinic's hours. */
export function tuesdayAt(hour: number, minute = 0): number {
  return Date.UTC(2026, 10, 3, hour, minute);
}

/** Whoever calls: `t` itself (signed out) or a user's `as`. */
export type Caller = Pick<Backend, "query" | "mutation">;

/** The `data` of the ConvexError a call rejects with (throws if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: unknown }).data;
  }
  throw new Error("Expected the call to be rejected.");
}

/** Login carry-over as the tab does it: adopt onto a fresh session ID, which is returned. */
export async function signIn(as: Caller, sessionId: SessionId): Promise<SessionId> {
  const newSessionId = newSession();
  const adopted = await as.mutation(api.sessions.adopt, { sessionId, newSessionId });
  if (!adopted.ok) throw new Error("sessions.adopt refused the carry-over");
  return newSessionId;
}

/** A signed-in user's tab at review holding `choice.start`: filled in signed out, carried over at login. */
export async function signedInTabAtReview(
  t: Backend,
  as: Caller,
  choice: Parameters<typeof toReview>[2],
): Promise<SessionId> {
  const tab = newSession();
  await toReview(t, tab, choice);
  return signIn(as, tab);
}

/** Confirms the tab's draft and returns the booking's reference; throws unless it booked. */
export async function book(caller: Caller, sessionId: SessionId): Promise<string> {
  const result = await caller.mutation(api.bookings.confirm, { sessionId });
  if (!result.ok) throw new Error(`confirm failed: ${result.reason}`);
  return result.reference;
}

/** A heartbeat from the tab (`visible: false` when it is hidden). */
export function beat(caller: Caller, sessionId: SessionId, seq: number, visible = true) {
  return caller.mutation(api.heartbeats.beat, { sessionId, seq, visible });
}

/** The start times availability.day offers any tab for the service on `date` (UTC). */
export async function offeredStarts(t: Caller, serviceId: Id<"services">, date = "2026-11-03") {
  const slots = await t.query(api.availability.day, {
    serviceId,
    providerChoice: "any",
    timeZone: "UTC",
    date,
  });
  return slots?.map((slot) => slot.start) ?? [];
}

/** A session's draft, holds and heartbeat as stored, whoever they answer to. */
export async function rowsOf(t: Backend, sessionId: string) {
  return t.run(async (ctx) => ({
    draft: await ctx.db
      .query("bookingDrafts")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .unique(),
    holds: await ctx.db
      .query("slotHolds")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .collect(),
    heartbeat: await ctx.db
      .query("heartbeats")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .unique(),
  }));
}

/** Moves the fake clock on by `ms` and waits for the scheduled functions that came due. */
export async function elapse(t: Backend, ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await t.finishInProgressScheduledFunctions();
}

/** The deployment's RS256 signing key as a JWKS, plus a stranger's key, for access tokens made in tests. */
export async function newSigningKeys(): Promise<{
  signingKey: CryptoKey;
  strangersKey: CryptoKey;
  jwks: string;
}> {
  const pair = await generateKeyPair("RS256");
  return {
    signingKey: pair.privateKey,
    strangersKey: (await generateKeyPair("RS256")).privateKey,
    jwks: JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), use: "sig", alg: "RS256" }] }),
  };
}

// ---- The business console ----

/** A team member: the owner, or staff linked to `providerId`. */
export async function addMember(
  t: Backend,
  email: string,
  role: "owner" | "staff",
  providerId?: Id<"providers">,
): Promise<User> {
  const user = await addUser(t, email);
  await t.run((ctx) => ctx.db.insert("members", { userId: user.userId, role, providerId }));
  return user;
}
