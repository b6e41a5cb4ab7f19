// Simulated tabs of the app for the Node-client benchmarks: each a
// ConvexClient with its own session ID, driven through the public API the
// way the browser tab drives it.
import { randomUUID } from "node:crypto";
import type { ConvexClient } from "convex/browser";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "../../convex/_generated/api.js";
import type { Id } from "../../convex/_generated/dataModel.js";

export type Clinic = { serviceId: Id<"services">; providerId: Id<"providers">; timeZone: string };

/** The demo data's "Initial assessment" with Maya Chen. */
export async function demoClinic(client: ConvexClient): Promise<Clinic> {
  const services = await client.query(api.catalog.services, {});
  const service = services.find((s) => s.name === "Initial assessment")!;
  const providers = await client.query(api.catalog.providers, { serviceId: service._id });
  const provider = providers.find((p) => p.name === "Maya Chen")!;
  return { serviceId: service._id, providerId: provider._id, timeZone: provider.timeZone };
}

export const newSessionId = () => randomUUID() as SessionId;

/** Takes a fresh tab through service and provider to the time step. */
export async function toTimeStep(client: ConvexClient, sessionId: SessionId, clinic: Clinic): Promise<void> {
  await client.mutation(api.drafts.chooseService, { sessionId, serviceId: clinic.serviceId });
  await client.mutation(api.drafts.chooseProvider, { sessionId, providerChoice: clinic.providerId });
}

/** The provider's days with free times, from today, as `YYYY-MM-DD` in its zone. */
export async function freeDays(client: ConvexClient, clinic: Clinic): Promise<string[]> {
  const days: string[] = [];
  const now = new Date();
  for (let offset = 0; offset < 3; offset++) {
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
    const month = at.toISOString().slice(0, 7);
    const counts = await client.query(api.availability.month, {
      serviceId: clinic.serviceId,
      providerChoice: clinic.providerId,
      timeZone: clinic.timeZone,
      month,
    });
    days.push(...(counts ?? []).map((c) => c.date));
  }
  return days;
}

export const dayArgs = (clinic: Clinic, date: string) => ({
  serviceId: clinic.serviceId,
  providerChoice: clinic.providerId,
  timeZone: clinic.timeZone,
  date,
});

/** Holds the first free time on the first of `days` that has one; returns it and its day. */
export async function holdNextFreeTime(
  client: ConvexClient,
  sessionId: SessionId,
  clinic: Clinic,
  days: string[],
): Promise<{ date: string; start: number }> {
  for (const date of days) {
    for (const slot of (await client.query(api.availability.day, dayArgs(clinic, date))) ?? []) {
      const outcome = await client.mutation(api.holds.hold, { sessionId, start: slot.start });
      if (outcome.ok) return { date, start: slot.start };
    }
  }
  throw new Error("no free time left to hold");
}
