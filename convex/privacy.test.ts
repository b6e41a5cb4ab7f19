/// <reference types="vite/client" />
// No public query's answer carries a session ID (a tab's bearer key), or the
// personal details of anyone but the caller. Every public query is discovered
// from the modules and called by every kind of caller with plausible
// arguments; each answer is walked (keys and values) for any session ID of
// the data set and anyone else's name, email, phone or notes.
import { beforeEach, describe, expect, it } from "vitest";
import { makeFunctionReference, type FunctionReference } from "convex/server";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import { isSessionId } from "./shared/sessionId";
import { manageTokenFor, verifyTokenFor } from "./mail.fixtures";
import {
  MONDAY_8AM,
  VALID_DETAILS,
  addAdaAndBob,
  addBooking,
  addMember,
  addProvider,
  addService,
  beat,
  book,
  freezeClockEachTest,
  newBackend,
  newSession,
  signIn,
  signedInTabAtReview,
  toReview,
  tuesdayAt,
  type Backend,
  type Caller,
} from "./test.fixtures";

type Registered = { isPublic?: boolean; isQuery?: boolean };
const loaded = import.meta.glob<Record<string, unknown>>(["./**/*.ts", "!./**/*.test.ts", "!./**/*.d.ts"], {
  eager: true,
});
/** "module.export" of every exported public query. */
const PUBLIC_QUERIES = Object.entries(loaded).flatMap(([path, exports]) =>
  Object.entries(exports)
    .filter(
      ([, value]) =>
        (value as Registered | null)?.isPublic === true && (value as Registered).isQuery === true,
    )
    .map(([name]) => `${path.slice(2, -3)}.${name}`),
);

// Each person's details are distinct, so a value found names its owner.
const ADA = VALID_DETAILS;
const ADA_LATER = { ...VALID_DETAILS, phone: "+44 20 7946 0002", notes: "Right wrist, since the fall." };
const BOB = {
  name: "Bob Babbage",
  email: "bob@example.org",
  phone: "+44 20 7946 1111",
  notes: "Shoulder pain.",
};
const GUEST = {
  name: "Grace Hopper",
  email: "grace@navy.example",
  phone: "+1 202 555 0147",
  notes: "Lower back.",
};

type Person = "ada" | "bob" | "guest" | "team";
/** What would identify each person: the details they typed, and their account's email. */
const PERSONAL: Record<Person, string[]> = {
  ada: [...Object.values(ADA), ...Object.values(ADA_LATER), "ada@example.com"],
  bob: [...Object.values(BOB), "bob@example.com"],
  guest: Object.values(GUEST),
  // The business team's accounts: only the owner sees them (team list, audit trail).
  team: ["owner@clinic.example", "ann.staff@clinic.example", "ben.staff@clinic.example"],
};

const TEN = tuesdayAt(10);
const LAST_TUESDAY_TEN = TEN - 7 * 24 * 3_600_000;

freezeClockEachTest(MONDAY_8AM);
let w: Awaited<ReturnType<typeof seed>>;
beforeEach(async () => {
  w = await seed(newBackend());
});

/**
 * Two services and providers; Ada and Bob signed in, each with a tab at
 * review holding a time and a confirmed booking, Ada also with a cancelled,
 * a past and a staff-made booking and a tab rescheduling one; a guest with a
 * booking and a new draft holding a time; an expiry notice on the guest's tab.
 */
async function seed(t: Backend) {
  const serviceId = await addService(t);
  const followUpId = await addService(t, { slug: "follow-up", name: "Follow-up" });
  const ann = await addProvider(t, [serviceId], { name: "Ann Smith" });
  const ben = await addProvider(t, [serviceId, followUpId], { name: "Ben Jones", timeZone: "Europe/Paris" });
  const { ada, bob } = await addAdaAndBob(t);
  const choice = { serviceId, providerChoice: "any" as const };

  const adaTab = await signedInTabAtReview(t, ada.as, { ...choice, start: TEN, details: ADA });
  const adaBookedTab = await signedInTabAtReview(t, ada.as, {
    ...choice,
    start: tuesdayAt(14),
    details: ADA_LATER,
  });
  const adaReference = await book(ada.as, adaBookedTab);
  const cancelled = await book(
    ada.as,
    await signedInTabAtReview(t, ada.as, { ...choice, start: tuesdayAt(13) }),
  );
  await ada.as.mutation(api.myBookings.cancel, { reference: cancelled });
  const adaOldTab = newSession();
  await t.run((ctx) =>
    ctx.db.insert("bookings", {
      reference: "PASTADA2",
      serviceId,
      providerId: ann,
      start: LAST_TUESDAY_TEN,
      end: LAST_TUESDAY_TEN + 30 * 60_000,
      timeZone: "Europe/London",
      ...ADA,
      status: "confirmed",
      bookedBySession: adaOldTab,
      userId: ada.userId,
    }),
  );
  // Booked by staff for Ada (her details, no account, no tab): no query may show it.
  await addBooking(t, { serviceId, providerId: ann, start: tuesdayAt(9), end: tuesdayAt(9, 30) });
  const adaRescheduleTab = await signIn(ada.as, newSession());
  await ada.as.mutation(api.myBookings.startReschedule, {
    sessionId: adaRescheduleTab,
    reference: adaReference,
  });

  const bobChoice = { serviceId, providerChoice: ben };
  const bobTab = await signedInTabAtReview(t, bob.as, { ...bobChoice, start: tuesdayAt(11), details: BOB });
  const bobReference = await book(
    bob.as,
    await signedInTabAtReview(t, bob.as, { ...bobChoice, start: tuesdayAt(15), details: BOB }),
  );
  const bobCancelled = await book(
    bob.as,
    await signedInTabAtReview(t, bob.as, { ...bobChoice, start: tuesdayAt(12), details: BOB }),
  );

  const guestTab = newSession();
  await toReview(t, guestTab, { ...choice, start: tuesdayAt(16), details: GUEST });
  const guestReference = await book(t, guestTab);
  // The guest opens their emailed manage link in the same tab.
  const guestToken = await manageTokenFor(t, guestReference);

  await t.mutation(api.manage.open, { sessionId: guestTab, token: guestToken });
  await toReview(t, guestTab, { ...choice, start: tuesdayAt(16, 30), details: GUEST });
  await t.run((ctx) =>
    ctx.db.insert("sessionNotices", { sessionId: guestTab, kind: "expired", createdAt: MONDAY_8AM - 60_000 }),
  );

  const owner = await addMember(t, "owner@clinic.example", "owner");
  const annStaff = await addMember(t, "ann.staff@clinic.example", "staff", ann);
  const benStaff = await addMember(t, "ben.staff@clinic.example", "staff", ben);
  await owner.as.mutation(api.agenda.cancel, {
    providerId: ben,
    reference: bobCancelled,
    reason: "Ben is away.",
  });
  // The owner asks guests to confirm their email: a guest's booking with Ben waits for its link,
  // which the email carries (minted when the email is sent).
  await owner.as.mutation(api.settings.setVerifyGuestEmail, { on: true });
  const pendingTab = newSession();
  await toReview(t, pendingTab, { serviceId, providerChoice: ben, start: tuesdayAt(10, 30), details: GUEST });
  await book(t, pendingTab);
  const verifyToken = await verifyTokenFor(t);

  await beat(ada.as, adaTab, 1);
  await beat(ada.as, adaBookedTab, 1);
  await beat(bob.as, bobTab, 1);
  await beat(t, guestTab, 1);

  return {
    t,
    ada,
    bob,
    team: { owner, annStaff, benStaff },
    serviceIds: [serviceId, followUpId],
    providerIds: [ann, ben],
    tabs: {
      ada: adaTab,
      adaBooked: adaBookedTab,
      adaReschedule: adaRescheduleTab,
      bob: bobTab,
      guest: guestTab,
    },
    references: { ada: adaReference, bob: bobReference, guest: guestReference },
    guestToken,
    verifyToken,
  };
}

type World = typeof w;
type Args = Record<string, unknown>;

const CONSOLE_MODULES = ["team", "serviceAdmin", "providerAdmin", "agenda", "audit", "settings"];

/**
 * Who asks, from which tab, and whose details are theirs to see. Customers'
 * queries are asked by customers; the console's by customers and the team.
 */
function callersOf(
  w: World,
  query: string,
): { name: string; caller: Caller; sessionId: SessionId; own: Person[] }[] {
  const team = CONSOLE_MODULES.includes(query.split(".")[0]) ? teamCallersOf(w) : [];
  return [...customerCallersOf(w), ...team];
}

function customerCallersOf(
  w: World,
): { name: string; caller: Caller; sessionId: SessionId; own: Person[] }[] {
  return [
    { name: "Ada on her tab at review", caller: w.ada.as, sessionId: w.tabs.ada, own: ["ada"] },
    { name: "Ada on her tab rescheduling", caller: w.ada.as, sessionId: w.tabs.adaReschedule, own: ["ada"] },
    { name: "Bob on his tab at review", caller: w.bob.as, sessionId: w.tabs.bob, own: ["bob"] },
    { name: "the guest on their tab", caller: w.t, sessionId: w.tabs.guest, own: ["guest"] },
    { name: "a fresh anonymous tab", caller: w.t, sessionId: newSession(), own: [] },
    { name: "Bob on Ada's tab", caller: w.bob.as, sessionId: w.tabs.ada, own: ["bob"] },
    { name: "Ada on Bob's tab", caller: w.ada.as, sessionId: w.tabs.bob, own: ["ada"] },
    { name: "a signed-out caller on Ada's tab", caller: w.t, sessionId: w.tabs.ada, own: [] },
    { name: "a signed-out caller on Ada's booked tab", caller: w.t, sessionId: w.tabs.adaBooked, own: [] },
    { name: "Bob on a fresh tab", caller: w.bob.as, sessionId: newSession(), own: ["bob"] },
  ];
}

function teamCallersOf(w: World): { name: string; caller: Caller; sessionId: SessionId; own: Person[] }[] {
  return [
    {
      name: "the owner",
      caller: w.team.owner.as,
      sessionId: newSession(),
      own: ["ada", "bob", "guest", "team"],
    },
    { name: "Ann's staff", caller: w.team.annStaff.as, sessionId: newSession(), own: ["ada", "guest"] },
    { name: "Ben's staff", caller: w.team.benStaff.as, sessionId: newSession(), own: ["bob"] },
  ];
}

const DATES = ["2026-10-27", "2026-11-02", "2026-11-03"];
const MONTHS = ["2026-10", "2026-11"];
const ZONES = ["UTC", "Europe/Paris"];

/** Plausible, valid arguments for each public query: every service, provider, date with data, booking. */
const QUERIES: Record<string, (w: World, sessionId: SessionId, references: string[]) => Args[]> = {
  "auth.isAuthenticated": () => [{}],
  "catalog.services": () => [{}],
  "catalog.providers": (w) => w.serviceIds.map((serviceId) => ({ serviceId })),
  "availability.day": (w) => calendar(w).flatMap((search) => DATES.map((date) => ({ ...search, date }))),
  "availability.month": (w) => calendar(w).flatMap((search) => MONTHS.map((month) => ({ ...search, month }))),
  "bookings.confirmation": (_, sessionId, references) =>
    references.map((reference) => ({ sessionId, reference })),
  "drafts.get": (_, sessionId) => [{ sessionId }],
  "holds.mine": (_, sessionId) => [{ sessionId }],
  "sessions.notice": (_, sessionId) => [{ sessionId }],
  "myBookings.list": () => [{}],
  "manage.view": (_, sessionId) => [{ sessionId }],
  "team.me": () => [{}],
  "team.list": () => [{}],
  "serviceAdmin.list": () => [{}],
  "audit.list": () => [{}],
  "settings.get": () => [{}],
  "providerAdmin.list": () => [{}],
  "providerAdmin.get": (w) => w.providerIds.map((providerId) => ({ providerId })),
  "agenda.forProvider": (w) =>
    w.providerIds.flatMap((providerId) => AGENDA_RANGES.map((range) => ({ providerId, ...range }))),
  "agenda.all": () => AGENDA_RANGES,
  "agenda.moveOptions": (w, _, references) =>
    w.providerIds.flatMap((providerId) =>
      references.flatMap((reference) => DATES.map((date) => ({ providerId, reference, date }))),
    ),
};

const AGENDA_RANGES = [
  { date: "2026-11-03", days: 1 },
  { date: "2026-11-02", days: 7 },
  { date: "2026-10-26", days: 7 },
];

function calendar(w: World) {
  return w.serviceIds.flatMap((serviceId) =>
    ["any", ...w.providerIds].flatMap((providerChoice) =>
      ZONES.map((timeZone) => ({ serviceId, providerChoice, timeZone })),
    ),
  );
}

/** Every string in an answer, object keys included. */
function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* stringsIn(item);
    }
  }
}

/** The session IDs found anywhere in `value`, in any case, with or without dashes. */
function sessionIdsIn(value: unknown, sessionIds: string[]): string[] {
  const texts = [...stringsIn(value)].map((s) => s.toLowerCase());
  return sessionIds.filter((id) => {
    const forms = [id.toLowerCase(), id.toLowerCase().replaceAll("-", "")];
    return texts.some((text) => forms.some((form) => text.includes(form)));
  });
}

/** Whose personal details appear anywhere in `value`. */
function personsIn(value: unknown): Person[] {
  const texts = [...stringsIn(value)].map((s) => s.toLowerCase());
  return (Object.keys(PERSONAL) as Person[]).filter((person) =>
    PERSONAL[person].some(
      (detail) => detail !== "" && texts.some((text) => text.includes(detail.toLowerCase())),
    ),
  );
}

/** Every session ID the data set holds (rotated-away ones survive as rate-limit keys), and the callers'. */
async function allSessionIds(extra: string[]): Promise<string[]> {
  const stored = await w.t.run(async (ctx) => [
    ...(await ctx.db.query("bookingDrafts").collect()).map((row) => row.sessionId),
    ...(await ctx.db.query("slotHolds").collect()).map((row) => row.sessionId),
    ...(await ctx.db.query("heartbeats").collect()).map((row) => row.sessionId),
    ...(await ctx.db.query("sessionNotices").collect()).map((row) => row.sessionId),
    ...(await ctx.db.query("bookings").collect()).map((row) => row.bookedBySession),
    ...(await ctx.db.query("rateLimits").collect()).map((row) => row.key ?? ""),
  ]);
  return [...new Set([...stored, ...extra])].filter(isSessionId);
}

async function allReferences(): Promise<string[]> {
  return w.t.run(async (ctx) =>
    (await ctx.db.query("bookings").collect()).map((booking) => booking.reference),
  );
}

/** The answer, or null when the console refuses the caller (a refusal shows nothing). */
async function call(caller: Caller, name: string, args: Args): Promise<unknown> {
  const dot = name.lastIndexOf(".");
  const ref = makeFunctionReference<"query">(`${name.slice(0, dot)}:${name.slice(dot + 1)}`);
  try {
    return await caller.query(ref as FunctionReference<"query">, args);
  } catch (error) {
    const code = (error as { data?: { code?: unknown } }).data?.code;
    if (code === "FORBIDDEN" || code === "SIGNED_OUT") return null;
    throw error;
  }
}

it("has arguments for every public query, and for nothing else", () => {
  expect([...PUBLIC_QUERIES].sort()).toEqual(Object.keys(QUERIES).sort());
});

it("knows every personal detail stored, so none escapes the check", async () => {
  const stored = await w.t.run(async (ctx) => [
    ...(await ctx.db.query("bookings").collect()).flatMap(({ name, email, phone, notes }) => [
      name,
      email,
      phone,
      notes,
    ]),
    ...(await ctx.db.query("bookingDrafts").collect()).flatMap(({ details }) => Object.values(details)),
    ...(await ctx.db.query("users").collect()).map((user) => user.email ?? ""),
  ]);
  const known = Object.values(PERSONAL).flat();
  expect(stored.filter((detail) => detail !== "" && !known.includes(detail))).toEqual([]);
  expect(stored.length).toBeGreaterThan(20);
});

it("finds a session ID and someone's details wherever they are (so the walk below would catch a leak)", () => {
  const id = w.tabs.guest;
  expect(sessionIdsIn({ nested: [{ note: `tab ${id.toUpperCase()}.` }] }, [id])).toEqual([id]);
  expect(sessionIdsIn({ [id.replaceAll("-", "")]: 1 }, [id])).toEqual([id]);
  expect(sessionIdsIn({ start: 1, providerName: "Ann Smith" }, [id])).toEqual([]);
  expect(personsIn([{ deep: { text: `Call ${BOB.phone}` } }])).toEqual(["bob"]);
  expect(personsIn({ [GUEST.email.toUpperCase()]: true })).toEqual(["guest"]);
  expect(personsIn({ providerName: "Ann Smith", serviceName: "Check-up" })).toEqual([]);
});

describe.each(PUBLIC_QUERIES)("%s", (name) => {
  it("shows no session ID and no one else's details to any caller", async () => {
    const argsFor = QUERIES[name];
    expect(argsFor, `${name} has no arguments here`).toBeDefined();
    const callers = callersOf(w, name);
    const sessionIds = await allSessionIds(callers.map((c) => c.sessionId));
    const references = await allReferences();
    expect(sessionIds.length).toBeGreaterThan(10);
    const seen = new Map<string, Set<Person>>();
    let answered = 0;
    for (const { name: who, caller, sessionId, own } of callers) {
      for (const args of argsFor(w, sessionId, references)) {
        const answer = await call(caller, name, args);
        const label = `${name}(${JSON.stringify(args)}) for ${who}`;
        expect(sessionIdsIn(answer, sessionIds), label).toEqual([]);
        const persons = personsIn(answer);
        expect(
          persons.filter((person) => !own.includes(person)),
          label,
        ).toEqual([]);
        for (const person of persons) seen.set(who, (seen.get(who) ?? new Set()).add(person));
        if (answer !== null && !(Array.isArray(answer) && answer.length === 0)) answered++;
      }
    }
    // The arguments are plausible: some caller gets a real answer.
    expect(answered, `${name} answered nothing but null or []`).toBeGreaterThan(0);
    // Where a query does show details, their owners see their own: the check above is not vacuous.
    const showsDetails: Record<string, [string, Person][]> = {
      "drafts.get": [
        ["Ada on her tab at review", "ada"],
        ["Ada on her tab rescheduling", "ada"],
        ["Bob on his tab at review", "bob"],
        ["the guest on their tab", "guest"],
      ],
      "manage.view": [["the guest on their tab", "guest"]],
      "bookings.confirmation": [
        ["Ada on her tab at review", "ada"],
        ["Bob on his tab at review", "bob"],
      ],
      "agenda.forProvider": [
        ["the owner", "ada"],
        ["the owner", "bob"],
        ["the owner", "guest"],
        ["Ann's staff", "ada"],
        ["Ben's staff", "bob"],
      ],
      "agenda.all": [
        ["the owner", "ada"],
        ["the owner", "bob"],
      ],
      "team.list": [["the owner", "team"]],
    };
    for (const [who, person] of showsDetails[name] ?? []) {
      expect([...(seen.get(who) ?? [])], `${name} for ${who}`).toContain(person);
    }
  });
});

it("shows the guest's booking confirmation to the tab that booked it, and to no one else", async () => {
  const confirmation = (caller: Caller, sessionId: SessionId) =>
    caller.query(api.bookings.confirmation, { sessionId, reference: w.references.guest });
  expect(personsIn(await confirmation(w.t, w.tabs.guest))).toEqual(["guest"]);
  for (const [caller, sessionId] of [
    [w.t, newSession()],
    [w.ada.as, w.tabs.ada],
    [w.bob.as, w.tabs.guest.toUpperCase() as SessionId],
  ] as const) {
    expect(await confirmation(caller, sessionId)).toBeNull();
  }
});

it("no query answer carries a manage or email-confirmation token, or their stored hashes", async () => {
  const secrets = [
    w.guestToken,
    w.verifyToken,
    ...(await w.t.run(async (ctx) => [
      ...(await ctx.db.query("manageTokens").collect()).map((row) => row.tokenHash),
      ...(await ctx.db.query("bookingVerifications").collect()).map((row) => row.tokenHash ?? ""),
    ])),
  ];
  expect(secrets.length).toBeGreaterThan(1);
  const references = await allReferences();
  for (const name of PUBLIC_QUERIES) {
    // The tab that opened the link, and a stranger's.
    const tabs = callersOf(w, name).filter((c) =>
      ["the guest on their tab", "a fresh anonymous tab"].includes(c.name),
    );
    for (const { caller, sessionId } of tabs) {
      for (const args of QUERIES[name](w, sessionId, references)) {
        const texts = [...stringsIn(await call(caller, name, args))];
        expect(
          secrets.filter((secret) => texts.some((text) => text.includes(secret))),
          `${name}(${JSON.stringify(args)})`,
        ).toEqual([]);
      }
    }
  }
}, 30_000);
