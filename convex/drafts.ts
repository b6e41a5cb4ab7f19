import { z } from "zod";
import type { MutationCtx } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { STEPS } from "./shared/constants";
import {
  internalSessionMutation,
  sessionMutation,
  sessionQuery,
  type SessionCaller,
} from "./lib/sessionFunctions";
import { draftOf, ensureDraft, patchDraft } from "./lib/drafts";
import { dropChosenTime } from "./lib/holds";
import { enforceRateLimit } from "./lib/rateLimits";
import { providersFor } from "./lib/availability";
import { stepIndex } from "./shared/steps";
import { firstIncompleteStep } from "./lib/draftProgress";
import { timeZoneSchema } from "./lib/calendarArgs";
import { serviceFormSchema } from "./forms/serviceForm";
import { providerFormSchema } from "./forms/providerForm";
import { detailsDraftSchema } from "./forms/detailsForm";

/** This tab's draft, or null. Never includes the session ID. */
export const get = sessionQuery({
  args: {},
  handler: async (ctx) => {
    const draft = await draftOf(ctx);
    if (draft === null) return null;
    const { step, serviceId, providerChoice, start, timeZone, details, detailsRev, rescheduleOf } = draft;
    const replacing = rescheduleOf === undefined ? null : await ctx.db.get("bookings", rescheduleOf);
    const rescheduling =
      replacing === null
        ? null
        : { reference: replacing.reference, start: replacing.start, end: replacing.end };
    const missing = firstIncompleteStep(draft);
    return { step, missing, serviceId, providerChoice, start, timeZone, details, detailsRev, rescheduling };
  },
});

/**
 * Saves the service choice; `advance` (Continue) also moves the tab to the
 * provider step. A different service drops the provider and the time.
 */
async function saveService(ctx: MutationCtx & SessionCaller, serviceId: Id<"services">, advance: boolean) {
  await enforceRateLimit(ctx, "draftWrite", ctx.sessionId);
  const service = await ctx.db.get("services", serviceId);
  if (service === null || service.archivedAt !== undefined) return { ok: false as const };
  const draft = await ensureDraft(ctx);
  const changed = draft.serviceId !== serviceId;
  if (!changed && !advance) return { ok: true as const };
  await patchDraft(ctx, draft, {
    serviceId,
    ...(advance ? { step: "provider" as const } : {}),
    ...(changed ? { providerChoice: undefined, ...(await dropChosenTime(ctx, draft.sessionId)) } : {}),
  });
  return { ok: true as const };
}

/** Saves the provider choice; `advance` (Continue) also moves the tab to the time step. */
async function saveProvider(
  ctx: MutationCtx & SessionCaller,
  providerChoice: "any" | Id<"providers">,
  advance: boolean,
) {
  await enforceRateLimit(ctx, "draftWrite", ctx.sessionId);
  const draft = await draftOf(ctx);
  if (draft?.serviceId === undefined) return { ok: false as const };
  if (providerChoice !== "any" && (await providersFor(ctx, draft.serviceId, providerChoice)).length === 0) {
    return { ok: false as const };
  }
  const changed = draft.providerChoice !== providerChoice;
  if (!changed && !advance) return { ok: true as const };
  await patchDraft(ctx, draft, {
    providerChoice,
    ...(advance ? { step: "time" as const } : {}),
    ...(changed ? await dropChosenTime(ctx, draft.sessionId) : {}),
  });
  return { ok: true as const };
}

/** Continue on the service step. */
export const chooseService = sessionMutation({
  args: serviceFormSchema.shape,
  handler: (ctx, { serviceId }) => saveService(ctx, serviceId, true),
});

/** A service picked but not yet confirmed: kept so a reload shows it, as typed details are. */
export const selectService = sessionMutation({
  args: serviceFormSchema.shape,
  handler: (ctx, { serviceId }) => saveService(ctx, serviceId, false),
});

/** Continue on the provider step. */
export const chooseProvider = sessionMutation({
  args: providerFormSchema.shape,
  handler: (ctx, { providerChoice }) => saveProvider(ctx, providerChoice, true),
});

/** A provider picked but not yet confirmed, kept like a picked service. */
export const selectProvider = sessionMutation({
  args: providerFormSchema.shape,
  handler: (ctx, { providerChoice }) => saveProvider(ctx, providerChoice, false),
});

export const setTimeZone = sessionMutation({
  args: { timeZone: timeZoneSchema },
  handler: async (ctx, { timeZone }) => {
    await enforceRateLimit(ctx, "draftWrite", ctx.sessionId);
    const draft = await ensureDraft(ctx);
    if (draft.timeZone !== timeZone) await patchDraft(ctx, draft, { timeZone });
  },
});

/**
 * Records the step the tab is showing, so a reopened tab resumes there.
 * Going back before the time step gives up the chosen time and its hold.
 */
export const enterStep = sessionMutation({
  args: { step: z.enum(STEPS) },
  handler: async (ctx, { step }) => {
    const draft = await draftOf(ctx);
    if (draft === null) return;
    const dropsTime = stepIndex(step) < stepIndex("time") && draft.start !== undefined;
    if (draft.step === step && !dropsTime) return;
    await enforceRateLimit(ctx, "draftWrite", ctx.sessionId);
    await patchDraft(ctx, draft, { step, ...(dropsTime ? await dropChosenTime(ctx, draft.sessionId) : {}) });
  },
});

const saveDetailsArgs = {
  details: detailsDraftSchema,
  // The tab's monotonic revision; a save older than the stored one is ignored.
  rev: z.number().int().nonnegative(),
};

async function saveDetailsHandler(
  ctx: MutationCtx & SessionCaller,
  { details, rev }: { details: z.infer<typeof detailsDraftSchema>; rev: number },
) {
  await enforceRateLimit(ctx, "draftWrite", ctx.sessionId);
  const draft = await ensureDraft(ctx);
  if (rev <= draft.detailsRev) return { saved: false as const, rev: draft.detailsRev };
  await patchDraft(ctx, draft, { details, detailsRev: rev });
  return { saved: true as const, rev };
}

/** Autosave of the details form while the person types (debounced in the tab). */
export const saveDetails = sessionMutation({ args: saveDetailsArgs, handler: saveDetailsHandler });

/** The same save, sent by `navigator.sendBeacon` when the page is hidden (see http.ts). */
export const saveDetailsFromBeacon = internalSessionMutation({
  args: saveDetailsArgs,
  handler: saveDetailsHandler,
});
