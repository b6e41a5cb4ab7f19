// Many tabs going for the same time, on the app's own functions over the real
// sync protocol: separate `ConvexClient`s (one WebSocket each), each a tab
// with its own session ID. However the tabs' mutations interleave, a time is
// booked (or held) once, and every other tab is told "taken" as a normal
// outcome, not an error.
import { describe, expect, test } from "vitest";
import type { FunctionReturnType } from "convex/server";
import { ClientPool, count, waitFor, watch, type Backend, type Watched } from "../helpers.js";
import {
  app,
  dayOf,
  detailsFor,
  followUpWith,
  freeTimes,
  backendPerFile,
  Tab,
  type SlotSearch,
} from "./tabbook.js";

const TABS = 20;
const PROVIDER = "Sam Ortiz";

let backend: Backend;
const clients = new ClientPool();
backendPerFile(clients, (started) => (backend = started));

function openTabs(search: SlotSearch): Promise<Tab[]> {
  const tabs = Array.from({ length: TABS }, () => new Tab(clients.ws(backend)));
  return Promise.all(tabs.map(async (tab) => (await tab.start(search), tab)));
}

/**
 * Sets TABBOOK_HOLD_SECONDS through the env CLI and waits until the running
 * backend applies it: a probe tab's hold on `probeStart` lapses that long
 * after it is taken.
 */
async function useHoldSeconds(seconds: number, probe: Tab, probeStart: number): Promise<void> {
  await backend.env.set("TABBOOK_HOLD_SECONDS", String(seconds));
  const ms = seconds * 1000;
  await waitFor(
    async () => {
      const held = await probe.mutation(app.hold, { start: probeStart });
      if (!held.ok) throw new Error(`probe hold: ${JSON.stringify(held)}`);
      const lasts = held.expiresAt - Date.now();
      return lasts <= ms && lasts > ms - 5_000;
    },
    { intervalMs: 250, message: `holds to last ${seconds} s` },
  );
  await probe.mutation(app.release, {});
}

const offers = (start: number) => (slots: { start: number }[] | null) =>
  slots?.some((slot) => slot.start === start) ?? false;

/**
 * An observer tab at the time step, the time to race for (a free one from
 * `daysAhead` on), and the deployment's hold length set to `holdSeconds`.
 */
async function raceSetUp({ daysAhead, holdSeconds }: { daysAhead: number; holdSeconds: number }) {
  const observer = new Tab(clients.ws(backend));
  const { search, durationMs } = await followUpWith(observer.client, PROVIDER);
  const [start, probeStart] = await freeTimes(observer.client, search, {
    count: 2,
    gapMs: 3 * 60 * 60_000,
    daysAhead,
  });
  await observer.start(search);
  await useHoldSeconds(holdSeconds, observer, probeStart);
  return { observer, search, durationMs, start };
}

describe("racing tabs", () => {
  test("20 tabs confirm the same time at once: one booking, 19 told it was taken", async () => {
    // Holds are exclusive, so the tabs can only all reach review with the same time if each hold lapses quickly.
    const { observer, search, durationMs, start } = await raceSetUp({ daysAhead: 3, holdSeconds: 0.3 });

    const tabs = await openTabs(search);
    const date = dayOf(start, search.timeZone);
    const offered = watch(observer.client, app.day, { ...search, date });
    await offered.waitFor(offers(start), { what: "the time to be offered" });

    // The tabs take the time one after another, each once the previous tab's hold has lapsed.
    let previousHold: Watched<FunctionReturnType<typeof app.myHold>> | undefined;
    for (const [i, tab] of tabs.entries()) {
      if (previousHold !== undefined) {
        const heldAt = previousHold.values.findIndex((hold) => hold?.start === start);
        await previousHold.waitFor((hold) => hold === null, {
          from: heldAt + 1,
          what: `tab ${i - 1}'s hold to lapse`,
        });
        previousHold.unsubscribe();
      }
      previousHold = watch(tab.client, app.myHold, { sessionId: tab.sessionId });
      expect(await tab.mutation(app.hold, { start }), `tab ${i} holds the time`).toMatchObject({ ok: true });
      await tab.fillDetails(detailsFor(`${i}`));
    }
    const heldAt = previousHold!.values.findIndex((hold) => hold?.start === start);
    await previousHold!.waitFor((hold) => hold === null, {
      from: heldAt + 1,
      what: "the last hold to lapse",
    });

    // Every tab is on the review step with the same time, and nobody holds it any more.
    for (const [i, tab] of tabs.entries()) {
      expect(await tab.query(app.draft, {}), `tab ${i}'s draft`).toMatchObject({
        step: "review",
        start,
        details: detailsFor(`${i}`),
      });
    }
    expect(offers(start)(await observer.client.query(app.day, { ...search, date }))).toBe(true);

    const before = await backend.metrics();
    const settled = await Promise.allSettled(tabs.map((tab) => tab.mutation(app.confirm, {})));
    const outcomes = settled.map((result, i) => {
      if (result.status === "rejected")
        throw new Error(`tab ${i}'s confirm failed: ${String(result.reason)}`);
      return result.value;
    });
    const winners = outcomes.flatMap((outcome, i) =>
      outcome.ok ? [{ i, reference: outcome.reference }] : [],
    );
    expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
    const [{ i: winnerIndex, reference }] = winners;
    expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(
      Array.from({ length: TABS - 1 }, () => ({ ok: false, reason: "taken" })),
    );
    // Each confirm ran once: no retries that could have booked twice.
    const after = await backend.metrics();
    expect(count(after.executions, "bookings:confirm") - count(before.executions, "bookings:confirm")).toBe(
      TABS,
    );

    // The winner sees its booking, for that time, with its own details.
    const winner = tabs[winnerIndex];
    expect(await winner.query(app.confirmation, { reference })).toMatchObject({
      reference,
      status: "confirmed",
      start,
      end: start + durationMs,
      providerName: PROVIDER,
      serviceName: "Follow-up session",
      name: detailsFor(`${winnerIndex}`).name,
      email: detailsFor(`${winnerIndex}`).email,
    });
    expect(await winner.query(app.draft, {})).toBeNull();
    expect(await winner.query(app.myHold, {})).toBeNull();

    // The time is gone for everyone: not offered, and a newcomer cannot hold it.
    await offered.waitFor((slots) => !offers(start)(slots), {
      from: offered.values.length - 1,
      what: "the booked time to stop being offered",
    });
    expect(offers(start)(await observer.client.query(app.day, { ...search, date }))).toBe(false);
    const newcomer = new Tab(clients.ws(backend));
    await newcomer.start(search);
    expect(await newcomer.mutation(app.hold, { start })).toEqual({ ok: false, reason: "taken" });

    // Each loser is back on the time step with nothing chosen and its details kept, and cannot see the booking.
    for (const [i, tab] of tabs.entries()) {
      if (i === winnerIndex) continue;
      const draft = await tab.query(app.draft, {});
      expect(draft, `tab ${i}'s draft`).toMatchObject({
        step: "time",
        serviceId: search.serviceId,
        providerChoice: search.providerChoice,
        details: detailsFor(`${i}`),
      });
      expect(draft?.start, `tab ${i}'s chosen time`).toBeUndefined();
      expect(await tab.query(app.myHold, {}), `tab ${i}'s hold`).toBeNull();
      expect(await tab.query(app.confirmation, { reference }), `tab ${i} sees the booking`).toBeNull();
    }
  });

  test("20 tabs hold the same free time at once: one hold, 19 told it was taken", async () => {
    // Long holds, so the winner's hold cannot lapse while the others are still trying.
    const { observer, search, start } = await raceSetUp({ daysAhead: 6, holdSeconds: 600 });

    const tabs = await openTabs(search);
    const settled = await Promise.allSettled(tabs.map((tab) => tab.mutation(app.hold, { start })));
    const outcomes = settled.map((result, i) => {
      if (result.status === "rejected") throw new Error(`tab ${i}'s hold failed: ${String(result.reason)}`);
      return result.value;
    });
    const winners = outcomes.flatMap((outcome, i) => (outcome.ok ? [i] : []));
    expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
    expect(outcomes[winners[0]]).toEqual({ ok: true, expiresAt: expect.any(Number) });
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(
      Array.from({ length: TABS - 1 }, () => ({ ok: false, reason: "taken" })),
    );

    const winner = tabs[winners[0]];
    expect(await winner.query(app.myHold, {})).toMatchObject({ start, providerName: PROVIDER });
    expect(await winner.query(app.draft, {})).toMatchObject({ step: "details", start });
    for (const [i, tab] of tabs.entries()) {
      if (i === winners[0]) continue;
      expect(await tab.query(app.myHold, {}), `tab ${i}'s hold`).toBeNull();
      const draft = await tab.query(app.draft, {});
      expect(draft, `tab ${i}'s draft`).toMatchObject({ step: "time" });
      expect(draft?.start, `tab ${i}'s chosen time`).toBeUndefined();
    }
    const date = dayOf(start, search.timeZone);
    expect(offers(start)(await observer.client.query(app.day, { ...search, date }))).toBe(false);
  });
});
