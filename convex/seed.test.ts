/// <reference types="vite/client" />
import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { appData, freezeClockEachTest, newBackend } from "./test.fixtures";

freezeClockEachTest(Date.UTC(2026, 10, 2, 8));

it("seeds an empty deployment once; running it again inserts nothing", async () => {
  const t = newBackend();
  expect(await t.mutation(internal.seed.ensureDemoData, {})).toEqual({ seeded: true });
  const seeded = await appData(t);
  expect(seeded.services.length).toBeGreaterThan(0);
  expect(seeded.providers.length).toBeGreaterThan(0);

  expect(await t.mutation(internal.seed.ensureDemoData, {})).toEqual({ seeded: false });
  expect(await appData(t)).toEqual(seeded);
});

it("seeds services that every seeded provider offers and can be booked", async () => {
  const t = newBackend();
  await t.mutation(internal.seed.ensureDemoData, {});
  const { providers, providerServices } = await appData(t);
  expect(new Set(providerServices.map((link) => link.providerId))).toEqual(
    new Set(providers.map((p) => p._id)),
  );
  for (const service of await t.query(api.catalog.services, {})) {
    const month = await t.query(api.availability.month, {
      serviceId: service._id,
      providerChoice: "any",
      timeZone: "UTC",
      month: "2026-11",
    });
    expect(month?.length, service.name).toBeGreaterThan(0);
  }
});
