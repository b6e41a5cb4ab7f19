/// <reference types="vite/client" />
import { beforeEach, describe, expect, it } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import type { DetailsDraft } from "./forms/detailsForm";
import { api, internal } from "./_generated/api";
import {
  EMPTY_DETAILS,
  VALID_DETAILS,
  addClinic,
  addService,
  appData,
  newSession,
  toReview,
  freezeClockEachTest,
  newBackend,
  type Backend,
} from "./test.fixtures";

const NOW = Date.UTC(2026, 10, 2, 8);

freezeClockEachTest(NOW);
let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const draft = (sessionId: SessionId) => t.query(api.drafts.get, { sessionId });
const typed = (name: string) => ({ ...EMPTY_DETAILS, name });

type SaveArgs = { sessionId: SessionId; details: DetailsDraft; rev: number };
describe.each([
  ["drafts.saveDetails (socket autosave)", (args: SaveArgs) => t.mutation(api.drafts.saveDetails, args)],
  [
    "drafts.saveDetailsFromBeacon (page-hide beacon)",
    (args: SaveArgs) => t.mutation(internal.drafts.saveDetailsFromBeacon, { ...args, userId: null }),
  ],
])("%s", (_, save) => {
  it("keeps the newest revision and ignores older or repeated ones", async () => {
    const tab = newSession();
    expect(await save({ sessionId: tab, details: typed("Ada Lov"), rev: 5 })).toEqual({
      saved: true,
      rev: 5,
    });
    // A late save typed before rev 5, and a replay of rev 5 with other text, must not win.
    expect(await save({ sessionId: tab, details: typed("Ada"), rev: 3 })).toEqual({
      saved: false,
      rev: 5,
    });
    expect(await save({ sessionId: tab, details: typed("A"), rev: 5 })).toEqual({
      saved: false,
      rev: 5,
    });
    expect(await draft(tab)).toMatchObject({ details: typed("Ada Lov"), detailsRev: 5 });

    await save({ sessionId: tab, details: typed("Ada Lovelace"), rev: 6 });
    expect(await draft(tab)).toMatchObject({ details: typed("Ada Lovelace"), detailsRev: 6 });
  });

  it("creates the draft on first save, at the first step", async () => {
    const tab = newSession();
    await save({ sessionId: tab, details: typed("Ada"), rev: 1 });
    expect(await draft(tab)).toMatchObject({ step: "service", details: typed("Ada"), detailsRev: 1 });
  });
});

describe("drafts", () => {
  it("keeps each tab's draft to itself", async () => {
    const first = await addService(t, { slug: "first" });
    const second = await addService(t, { slug: "second" });
    const [tabA, tabB] = [newSession(), newSession()];
    await t.mutation(api.drafts.chooseService, { sessionId: tabA, serviceId: first });
    await t.mutation(api.drafts.saveDetails, { sessionId: tabA, details: typed("Ada"), rev: 10 });
    await t.mutation(api.drafts.chooseService, { sessionId: tabB, serviceId: second });
    await t.mutation(api.drafts.saveDetails, { sessionId: tabB, details: typed("Grace"), rev: 2 });

    expect(await draft(tabA)).toMatchObject({ serviceId: first, details: typed("Ada"), detailsRev: 10 });
    expect(await draft(tabB)).toMatchObject({ serviceId: second, details: typed("Grace"), detailsRev: 2 });
    expect(await draft(newSession())).toBeNull();
  });

  it("get returns the draft's answers and never the session ID", async () => {
    const clinic = await addClinic(t);
    const tab = newSession();
    const start = Date.UTC(2026, 10, 3, 10);
    await toReview(t, tab, {
      serviceId: clinic.serviceId,
      providerChoice: "any",
      start,
      timeZone: "Asia/Tokyo",
    });
    const got = await draft(tab);
    expect(got).toEqual({
      step: "review",
      missing: "review",
      serviceId: clinic.serviceId,
      providerChoice: "any",
      start,
      timeZone: "Asia/Tokyo",
      details: VALID_DETAILS,
      detailsRev: 1,
      rescheduling: null,
    });
    expect(JSON.stringify(got)).not.toContain(tab);
  });

  it("tells the tab which step is still missing, judging details by the form's schema", async () => {
    const clinic = await addClinic(t);
    const tab = newSession();
    const missing = async () => (await draft(tab))?.missing;
    await t.mutation(api.drafts.chooseService, { sessionId: tab, serviceId: clinic.serviceId });
    expect(await missing()).toBe("provider");
    await t.mutation(api.drafts.chooseProvider, { sessionId: tab, providerChoice: "any" });
    expect(await missing()).toBe("time");
    await t.mutation(api.holds.hold, { sessionId: tab, start: Date.UTC(2026, 10, 3, 10) });
    expect(await missing()).toBe("details");
    const save = (details: typeof VALID_DETAILS, rev: number) =>
      t.mutation(api.drafts.saveDetails, { sessionId: tab, details, rev });
    await save({ ...EMPTY_DETAILS, name: "Ada", email: "ada@" }, 1);
    expect(await missing()).toBe("details");
    await save(VALID_DETAILS, 2);
    expect(await missing()).toBe("review");
  });

  it("saves a picked service and provider without moving the tab on; picking another service drops the provider", async () => {
    const clinic = await addClinic(t);
    const other = await addService(t, { slug: "other" });
    const tab = newSession();
    await t.mutation(api.drafts.selectService, { sessionId: tab, serviceId: clinic.serviceId });
    expect(await draft(tab)).toMatchObject({ step: "service", serviceId: clinic.serviceId });
    await t.mutation(api.drafts.enterStep, { sessionId: tab, step: "provider" });
    await t.mutation(api.drafts.selectProvider, { sessionId: tab, providerChoice: clinic.providerId });
    expect(await draft(tab)).toMatchObject({ step: "provider", providerChoice: clinic.providerId });
    await t.mutation(api.drafts.selectService, { sessionId: tab, serviceId: other });
    expect(await draft(tab)).toMatchObject({ serviceId: other });
    expect((await draft(tab))?.providerChoice).toBeUndefined();
    // A provider who does not offer the picked service is refused, as on Continue.
    expect(
      await t.mutation(api.drafts.selectProvider, { sessionId: tab, providerChoice: clinic.providerId }),
    ).toEqual({ ok: false });
  });

  it("refuses a provider before a service, or one who does not offer the chosen service", async () => {
    const clinic = await addClinic(t);
    const other = await addService(t, { slug: "other" });
    const tab = newSession();
    const choose = () =>
      t.mutation(api.drafts.chooseProvider, { sessionId: tab, providerChoice: clinic.providerId });
    expect(await choose()).toEqual({ ok: false });
    await t.mutation(api.drafts.chooseService, { sessionId: tab, serviceId: other });
    expect(await choose()).toEqual({ ok: false });
    expect((await draft(tab))?.providerChoice).toBeUndefined();
  });
});

describe("POST /drafts/flush", () => {
  const flush = (body: string) =>
    t.fetch("/drafts/flush", { method: "POST", headers: { "Content-Type": "text/plain" }, body });

  it("saves the details sent as a text/plain JSON beacon", async () => {
    const tab = newSession();
    const response = await flush(JSON.stringify({ sessionId: tab, details: typed("Ada"), rev: 7 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ saved: true, rev: 7 });
    expect(await draft(tab)).toMatchObject({ details: typed("Ada"), detailsRev: 7 });

    // The socket save that left before the beacon arrives late and is ignored.
    const late = await t.mutation(api.drafts.saveDetails, { sessionId: tab, details: typed("Ad"), rev: 6 });
    expect(late).toEqual({ saved: false, rev: 7 });
  });

  it.each([
    ["malformed JSON", () => '{"sessionId": '],
    ["JSON that is not an object", () => "null"],
    [
      "a malformed session ID",
      () => JSON.stringify({ sessionId: "not-a-uuid", details: typed("Ada"), rev: 1 }),
    ],
    ["missing details", () => JSON.stringify({ sessionId: newSession(), rev: 1 })],
    [
      "an over-long name",
      () => JSON.stringify({ sessionId: newSession(), details: typed("x".repeat(101)), rev: 1 }),
    ],
  ])("rejects %s with 400 and saves nothing", async (_, body) => {
    const before = await appData(t);
    expect((await flush(body())).status).toBe(400);
    expect(await appData(t)).toEqual(before);
  });

  it("says why a session ID was refused", async () => {
    const response = await flush(JSON.stringify({ sessionId: "not-a-uuid", details: typed("Ada"), rev: 1 }));
    expect(JSON.parse(await response.text())).toMatchObject({ code: "INVALID_SESSION" });
  });

  const oversized = (filler: string, bytes: number) => {
    const body = JSON.stringify({ sessionId: newSession(), details: typed(""), rev: 1, pad: "" });
    const padding = filler.repeat(Math.ceil((bytes - body.length) / new TextEncoder().encode(filler).length));
    return body.replace('"pad":""', `"pad":"${padding}"`);
  };

  it("rejects a body over 8 KB with 413", async () => {
    const body = oversized("x", 8 * 1024 + 1);
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(8 * 1024);
    expect((await flush(body)).status).toBe(413);
  });

  // The cap is in bytes: 5 000 "é" are 10 000 bytes but only 5 000 UTF-16 code units.
  it("rejects a body over 8 KB of multi-byte text with 413", async () => {
    const body = oversized("é", 10_000);
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(8 * 1024);
    expect((await flush(body)).status).toBe(413);
  });
});
