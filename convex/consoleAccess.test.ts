/// <reference types="vite/client" />
// Authorisation on every console function: each is called with valid
// arguments by a signed-out guest, a customer with a booking, a signed-in
// stranger and a staff member of another provider (all refused, nothing
// written), by the provider's own staff (allowed for their calendar only)
// and by the owner. Functions are discovered from the console modules, so
// a new one fails here until it has an entry.
import { beforeEach, describe, expect, it } from "vitest";
import { makeFunctionReference, type FunctionReference } from "convex/server";
import { api } from "./_generated/api";
import {
  PROVIDER_SETTINGS,
  addBooking,
  addMember,
  addProvider,
  addService,
  addUser,
  book,
  freezeClockEachTest,
  MONDAY_8AM,
  newBackend,
  signedInTabAtReview,
  tuesdayAt,
  type Backend,
  type Caller,
} from "./test.fixtures";
import * as team from "./team";
import * as serviceAdmin from "./serviceAdmin";
import * as providerAdmin from "./providerAdmin";
import * as agenda from "./agenda";
import * as audit from "./audit";

type Registered = { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean };
const MODULES = { team, serviceAdmin, providerAdmin, agenda, audit };
/** Reached by any signed-in account (joining the team, asking one's own role): not console functions. */
const FOR_EVERY_ACCOUNT = ["team.me", "team.acceptInvite"];

const CONSOLE_FUNCTIONS = Object.entries(MODULES).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([, fn]) => (fn as Registered).isPublic === true)
    .map(([name, fn]) => ({
      name: `${module}.${name}`,
      kind: (fn as Registered).isQuery ? "query" : "mutation",
    }))
    .filter(({ name }) => !FOR_EVERY_ACCOUNT.includes(name)),
);

freezeClockEachTest(MONDAY_8AM);

async function seed(t: Backend) {
  const serviceId = await addService(t);
  const ann = await addProvider(t, [serviceId], { name: "Ann Smith" });
  const ben = await addProvider(t, [serviceId], { name: "Ben Jones" });
  const owner = await addMember(t, "owner@clinic.example", "owner");
  const annStaff = await addMember(t, "ann.staff@clinic.example", "staff", ann);
  const benStaff = await addMember(t, "ben.staff@clinic.example", "staff", ben);
  const customer = await addUser(t, "ada@example.com");
  const stranger = await addUser(t, "eve@example.net");
  const reference = await book(
    customer.as,
    await signedInTabAtReview(t, customer.as, { serviceId, providerChoice: ann, start: tuesdayAt(10) }),
  );
  await addBooking(t, { serviceId, providerId: ben, start: tuesdayAt(11), end: tuesdayAt(11, 30) });
  const timeOffId = await t.run((ctx) =>
    ctx.db.insert("timeOff", {
      providerId: ann,
      start: tuesdayAt(15),
      end: tuesdayAt(16),
      reason: "Dentist",
    }),
  );
  await t.run((ctx) =>
    ctx.db.insert("dateOverrides", { providerId: ann, date: "2026-11-05", closed: true, hours: [] }),
  );
  const inviteId = await t.run((ctx) =>
    ctx.db.insert("invites", {
      tokenHash: "0".repeat(64),
      role: "staff",
      providerId: ann,
      createdAt: MONDAY_8AM,
      expiresAt: MONDAY_8AM + 86_400_000,
    }),
  );
  const benStaffMemberId = (await t.run((ctx) =>
    ctx.db
      .query("members")
      .withIndex("by_userId", (q) => q.eq("userId", benStaff.userId))
      .unique(),
  ))!._id;
  return {
    t,
    serviceId,
    ann,
    ben,
    owner,
    annStaff,
    benStaff,
    benStaffMemberId,
    customer,
    stranger,
    reference,
    timeOffId,
    inviteId,
  };
}

type World = Awaited<ReturnType<typeof seed>>;
type Scope = "owner" | "provider" | "member";

const SERVICE_FORM = {
  name: "Hydrotherapy",
  description: "In the pool.",
  durationMinutes: 45,
  price: 55.5,
  currency: "EUR",
};

/** Who may call each function (owner only, or the provider's staff too), with valid arguments on Ann's calendar. */
const CALLS: Record<string, { scope: Scope; args: (w: World) => Record<string, unknown> }> = {
  "team.list": { scope: "owner", args: () => ({}) },
  "team.inviteStaff": { scope: "owner", args: (w) => ({ providerId: w.ann }) },
  "team.removeStaff": { scope: "owner", args: (w) => ({ memberId: w.benStaffMemberId }) },
  "team.revokeInvite": { scope: "owner", args: (w) => ({ inviteId: w.inviteId }) },
  "serviceAdmin.list": { scope: "owner", args: () => ({}) },
  "serviceAdmin.create": { scope: "owner", args: (w) => ({ ...SERVICE_FORM, providerIds: [w.ann] }) },
  "serviceAdmin.update": {
    scope: "owner",
    args: (w) => ({ serviceId: w.serviceId, ...SERVICE_FORM, providerIds: [w.ann, w.ben] }),
  },
  "serviceAdmin.setArchived": { scope: "owner", args: (w) => ({ serviceId: w.serviceId, archived: true }) },
  "providerAdmin.list": { scope: "member", args: () => ({}) },
  "providerAdmin.setArchived": { scope: "owner", args: (w) => ({ providerId: w.ann, archived: false }) },
  "providerAdmin.get": { scope: "provider", args: (w) => ({ providerId: w.ann }) },
  "providerAdmin.create": { scope: "owner", args: () => PROVIDER_SETTINGS },
  "providerAdmin.update": { scope: "provider", args: (w) => ({ providerId: w.ann, ...PROVIDER_SETTINGS }) },
  "providerAdmin.setOverride": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, date: "2026-11-04", closed: true, hours: [] }),
  },
  "providerAdmin.removeOverride": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, date: "2026-11-05" }),
  },
  "providerAdmin.addTimeOff": {
    scope: "provider",
    args: (w) => ({
      providerId: w.ann,
      start: "2026-11-06T09:00",
      end: "2026-11-06T12:00",
      reason: "Course",
    }),
  },
  "providerAdmin.removeTimeOff": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, timeOffId: w.timeOffId }),
  },
  "agenda.forProvider": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, date: "2026-11-02", days: 7 }),
  },
  "agenda.all": { scope: "owner", args: () => ({ date: "2026-11-02", days: 7 }) },
  "agenda.cancel": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, reference: w.reference, reason: "Ann is ill." }),
  },
  "agenda.revokeLink": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, reference: w.reference }),
  },
  "agenda.moveOptions": {
    scope: "provider",
    args: (w) => ({ providerId: w.ann, reference: w.reference, date: "2026-11-03" }),
  },
  "agenda.move": {
    scope: "provider",
    args: (w) => ({
      providerId: w.ann,
      reference: w.reference,
      start: tuesdayAt(12),
      reason: "Ann's hours changed.",
    }),
  },
  "audit.list": { scope: "owner", args: () => ({}) },
};

function call(caller: Caller, name: string, kind: string, args: Record<string, unknown>): Promise<unknown> {
  const dot = name.lastIndexOf(".");
  const ref = makeFunctionReference(`${name.slice(0, dot)}:${name.slice(dot + 1)}`);
  return kind === "query"
    ? caller.query(ref as FunctionReference<"query">, args)
    : caller.mutation(ref as FunctionReference<"mutation">, args);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? String(error);
  }
}

/** Every table the app and the console keep (not rate-limit buckets). */
function everything(t: Backend) {
  return t.run(async (ctx) => {
    const tables = [
      "services",
      "providers",
      "providerServices",
      "bookings",
      "slotHolds",
      "bookingDrafts",
      "sessionNotices",
      "members",
      "invites",
      "dateOverrides",
      "timeOff",
      "auditLog",
    ] as const;
    const rows: Record<string, unknown[]> = {};
    for (const name of tables) rows[name] = await ctx.db.query(name).collect();
    return rows;
  });
}

let w: World;
beforeEach(async () => {
  w = await seed(newBackend());
});

it("has an entry for every console function", () => {
  expect(CONSOLE_FUNCTIONS.map((f) => f.name).sort()).toEqual(Object.keys(CALLS).sort());
  expect(CONSOLE_FUNCTIONS.length).toBeGreaterThan(15);
});

describe.each(CONSOLE_FUNCTIONS)("$name", ({ name, kind }) => {
  it("refuses a guest, a customer, a stranger and another provider's staff, and writes nothing", async () => {
    const { scope, args } = CALLS[name];
    const before = await everything(w.t);
    const refused: [string, Caller, string][] = [
      ["a signed-out guest", w.t, "SIGNED_OUT"],
      ["a customer with a booking", w.customer.as, "FORBIDDEN"],
      ["a signed-in stranger", w.stranger.as, "FORBIDDEN"],
    ];
    if (scope !== "member") refused.push(["Ben's staff", w.benStaff.as, "FORBIDDEN"]);
    if (scope === "owner") refused.push(["Ann's staff", w.annStaff.as, "FORBIDDEN"]);
    for (const [who, caller, code] of refused) {
      expect(await refusal(call(caller, name, kind, args(w))), `${name} by ${who}`).toBe(code);
    }
    expect(await everything(w.t)).toEqual(before);
  });

  it("answers the owner, and the provider's own staff where it is theirs to manage", async () => {
    const { scope, args } = CALLS[name];
    expect(await refusal(call(w.owner.as, name, kind, args(w)))).toBe("resolved");
    if (scope !== "owner") {
      const fresh = await seed(newBackend());
      expect(await refusal(call(fresh.annStaff.as, name, kind, args(fresh)))).toBe("resolved");
    }
  });
});

it("lists only the staff member's own provider, and every provider for the owner", async () => {
  const names = async (caller: Caller) =>
    (await caller.query(api.providerAdmin.list, {})).map((provider) => provider.name);
  expect(await names(w.benStaff.as)).toEqual(["Ben Jones"]);
  expect(await names(w.owner.as)).toEqual(["Ann Smith", "Ben Jones"]);
});

it("does not let another provider's staff cancel a booking by naming their own provider", async () => {
  const result = await w.benStaff.as.mutation(api.agenda.cancel, {
    providerId: w.ben,
    reference: w.reference,
    reason: "Not mine to cancel.",
  });
  expect(result).toEqual({ ok: false });
  const listed = await w.customer.as.query(api.myBookings.list, {});
  expect(listed?.[0]).toMatchObject({ reference: w.reference, status: "confirmed" });
});

it("does not let a staff member remove another provider's time off by its ID", async () => {
  const result = await w.benStaff.as.mutation(api.providerAdmin.removeTimeOff, {
    providerId: w.ben,
    timeOffId: w.timeOffId,
  });
  expect(result).toEqual({ ok: false });
  expect(await w.t.run((ctx) => ctx.db.get("timeOff", w.timeOffId))).not.toBeNull();
});

it("tells the customer who the team member is not: team.me is null for customers and guests", async () => {
  expect(await w.t.query(api.team.me, {})).toBeNull();
  expect(await w.customer.as.query(api.team.me, {})).toBeNull();
  expect(await w.annStaff.as.query(api.team.me, {})).toEqual({
    role: "staff",
    providerId: w.ann,
    providerName: "Ann Smith",
  });
  expect(await w.owner.as.query(api.team.me, {})).toMatchObject({ role: "owner", providerId: null });
});

it("removing a staff member ends their console access at once; the owner cannot be removed this way", async () => {
  expect(await w.owner.as.mutation(api.team.removeStaff, { memberId: w.benStaffMemberId })).toEqual({
    ok: true,
  });
  expect(await w.benStaff.as.query(api.team.me, {})).toBeNull();
  expect(
    await refusal(
      w.benStaff.as.query(api.agenda.forProvider, { providerId: w.ben, date: "2026-11-03", days: 1 }),
    ),
  ).toBe("FORBIDDEN");
  const ownerMember = await w.t.run((ctx) =>
    ctx.db
      .query("members")
      .withIndex("by_role", (q) => q.eq("role", "owner"))
      .first(),
  );
  expect(await w.owner.as.mutation(api.team.removeStaff, { memberId: ownerMember!._id })).toEqual({
    ok: false,
  });
  expect((await w.owner.as.query(api.audit.list, {}))[0]).toMatchObject({ action: "member.removed" });
});
