// Constants the tab and the server share. Dependency-free on purpose: the
// browser imports this instead of schema.ts, which would bring the whole
// schema (auth tables, validators) into the tab's bundle.

/** The booking flow's steps, in order. One union, used by the UI and the server. */
export const STEPS = ["service", "provider", "time", "details", "review"] as const;
export type Step = (typeof STEPS)[number];

/** Caps on what a person can type; shared by the zod form schemas. */
export const LIMITS = {
  name: 100,
  email: 254,
  phone: 32,
  notes: 500,
  timeZone: 64,
} as const;
