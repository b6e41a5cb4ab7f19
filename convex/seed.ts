import { internalMutation } from "./_generated/server";
import type { WorkingHours } from "./schema";

const weekdays = (days: number[], start: string, end: string): WorkingHours[] =>
  days.map((weekday) => ({ weekday, start, end }));

const SERVICES = [
  {
    slug: "initial-assessment",
    name: "Initial assessment",
    description: "A first visit: history, examination and a treatment plan.",
    durationMinutes: 45,
    priceCents: 6500,
    currency: "EUR",
    mode: "in_person" as const,
  },
  {
    slug: "follow-up",
    name: "Follow-up session",
    description: "A video call to review your progress and exercises, building on your plan.",
    durationMinutes: 30,
    priceCents: 4500,
    currency: "EUR",
    mode: "online" as const,
  },
  {
    slug: "sports-massage",
    name: "Sports massage",
    description: "Deep-tissue work for recovery after training or an event.",
    durationMinutes: 60,
    priceCents: 7000,
    currency: "EUR",
    mode: "in_person" as const,
  },
];

const PROVIDERS = [
  {
    slug: "maya-chen",
    // Staff emails for this calendar (new bookings, cancellations) go here.
    email: "maya@clinic.example",
    name: "Maya Chen",
    bio: "Physiotherapist, back and neck pain.",
    timeZone: "Europe/London",
    location: "Marylebone, London",
    weeklyHours: weekdays([1, 2, 3, 4, 5], "09:00", "17:00"),
    bufferMinutes: 15,
    minNoticeMinutes: 120,
    bookingWindowDays: 60,
    slotStepMinutes: 30,
    services: ["initial-assessment", "follow-up"],
  },
  {
    slug: "sam-ortiz",
    email: "sam@clinic.example",
    name: "Sam Ortiz",
    bio: "Sports physiotherapist and massage therapist.",
    timeZone: "America/New_York",
    location: "Brooklyn, New York",
    weeklyHours: [...weekdays([1, 2, 3, 4], "10:00", "18:00"), ...weekdays([6], "09:00", "13:00")],
    bufferMinutes: 10,
    minNoticeMinutes: 60,
    bookingWindowDays: 45,
    slotStepMinutes: 15,
    services: ["initial-assessment", "follow-up", "sports-massage"],
  },
  {
    slug: "aiko-tanaka",
    email: "aiko@clinic.example",
    name: "Aiko Tanaka",
    bio: "Massage therapist, recovery and mobility.",
    timeZone: "Asia/Tokyo",
    location: "Shibuya, Tokyo",
    weeklyHours: [
      ...weekdays([2, 3, 4, 5, 6], "08:00", "12:00"),
      ...weekdays([2, 3, 4, 5, 6], "13:00", "16:00"),
    ],
    bufferMinutes: 0,
    minNoticeMinutes: 24 * 60,
    bookingWindowDays: 30,
    slotStepMinutes: 30,
    services: ["follow-up", "sports-massage"],
  },
];

/**
 * Fills an empty deployment with demo services and providers. Idempotent:
 * run it on every start (`npm run dev` does; on Convex, `npx convex dev --run seed:ensureDemoData`).
 */
export const ensureDemoData = internalMutation({
  args: {},
  handler: async (ctx) => {
    if ((await ctx.db.query("services").withIndex("by_slug").first()) !== null) return { seeded: false };
    const serviceIds = new Map<string, Awaited<ReturnType<typeof ctx.db.insert<"services">>>>();
    for (const service of SERVICES) serviceIds.set(service.slug, await ctx.db.insert("services", service));
    for (const { services, ...provider } of PROVIDERS) {
      const providerId = await ctx.db.insert("providers", provider);
      for (const slug of services) {
        await ctx.db.insert("providerServices", { providerId, serviceId: serviceIds.get(slug)! });
      }
    }
    return { seeded: true };
  },
});
