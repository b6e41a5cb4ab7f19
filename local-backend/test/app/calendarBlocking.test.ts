// The calendar-blocking script from the security test, replayed with a bound:
// for every free time of one provider's day it makes a fresh session ID,
// picks service and provider, holds the time and books it as a fake guest.
// It must end with no more than the newcomer share of that day, and a real
// customer must still book in the same run.
import { ConvexClient } from "convex/browser";
import { expect, test } from "vitest";
import { ClientPool, type Backend } from "../helpers.js";
import { app, backendPerFile, dayOf, detailsFor, followUpWith, freeTimes, Tab } from "./tabbook.js";
import { mailCatcherPerFile, signUpConfirmed } from "./accounts.js";

// Aiko Tanaka has no buffer and 30-minute steps, so her day's free
// follow-ups (30 minutes) tile her working day: half of them is half of it.
const PROVIDER = "Aiko Tanaka";
const SHARE = 0.5;
const DAYS_AHEAD = 10;

let backend: Backend;
const clients = new ClientPool();
// Accounts count as established at once here, so the real customer below is one.
const env: Record<string, string> = {
  TABBOOK_NEWCOMER_SHARE: String(SHARE),
  TABBOOK_NEWCOMER_ACCOUNT_SECONDS: "0",
};
const catcher = mailCatcherPerFile(env);
backendPerFile(clients, (started) => (backend = started), env);

async function signedUpClient(email: string): Promise<ConvexClient> {
  const { token } = await signUpConfirmed(clients, backend, catcher(), email, "correct horse battery staple");
  const client = clients.ws(backend);
  await new Promise<boolean>((resolve) => client.setAuth(() => Promise.resolve(token), resolve));
  return client;
}

test("a script with fresh session IDs takes at most the newcomer share of a day; a customer still books", async () => {
  const attacker = clients.ws(backend);
  const { search } = await followUpWith(attacker, PROVIDER);
  const [first] = await freeTimes(attacker, search, { count: 1, gapMs: 0, daysAhead: DAYS_AHEAD });
  const date = dayOf(first, search.timeZone);
  const dayFree = async () => (await attacker.query(app.day, { ...search, date }))?.map((s) => s.start) ?? [];
  const freeBefore = await dayFree();
  expect(freeBefore.length).toBeGreaterThanOrEqual(8);

  let requests = 0;
  const outcomes = { held: 0, booked: 0, busy: 0 };
  for (const start of freeBefore) {
    const tab = new Tab(attacker);
    await tab.start(search);
    const held = await tab.mutation(app.hold, { start });
    requests += 4;
    if (!held.ok) {
      if ((held as { reason: string }).reason === "busy") outcomes.busy++;
      continue;
    }
    outcomes.held++;
    await tab.fillDetails(detailsFor(`fake-${start}`));
    const booked = await tab.mutation(app.confirm, {});
    requests += 3;
    if (booked.ok) outcomes.booked++;
  }
  const share = Math.floor(freeBefore.length * SHARE);
  expect(requests).toBeGreaterThan(freeBefore.length * 4);
  expect(outcomes.booked).toBeLessThanOrEqual(share);
  expect(outcomes.held).toBeLessThanOrEqual(share);
  expect(outcomes.busy).toBe(freeBefore.length - outcomes.held);
  const freeAfter = await dayFree();
  expect(freeAfter.length).toBeGreaterThanOrEqual(freeBefore.length - share);

  // A guest during the attack is told the day is busy for new customers.
  const guest = new Tab(clients.ws(backend));
  await guest.start(search);
  expect(await guest.mutation(app.hold, { start: freeAfter[0] })).toEqual({ ok: false, reason: "busy" });

  // A customer with an account books one of the times the attack could not take.
  const customer = new Tab(await signedUpClient("regular@customer.example"));
  await customer.start(search);
  expect(await customer.mutation(app.hold, { start: freeAfter[0] })).toMatchObject({ ok: true });
  await customer.fillDetails(detailsFor("regular"));
  expect(await customer.mutation(app.confirm, {})).toMatchObject({ ok: true });
});
