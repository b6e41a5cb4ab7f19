// The owner's services: list, create, edit (including which providers offer
// each), archive and restore. Archived services leave the booking flow
// (catalog, availability, confirm) but stay named on past bookings.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";
import { ConvexError } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { ownerMutation, ownerQuery } from "./lib/roleFunctions";
import { serviceEditorSchema, type ServiceEditor } from "./forms/serviceEditorForm";
import { recordAudit } from "./lib/audit";
import { releaseClosedHolds } from "./lib/closedHolds";
import { newSlug } from "./lib/slug";

function fieldsOf(form: ServiceEditor) {
  return {
    name: form.name,
    description: form.description,
    durationMinutes: form.durationMinutes,
    priceCents: Math.round(form.price * 100),
    currency: form.currency,
  };
}

async function serviceOrThrow(ctx: MutationCtx, serviceId: Id<"services">): Promise<Doc<"services">> {
  const service = await ctx.db.get("services", serviceId);
  if (service === null)
    throw new ConvexError({ code: "NOT_FOUND", message: "That service no longer exists." });
  return service;
}

async function linksOf(ctx: MutationCtx, serviceId: Id<"services">) {
  return ctx.db
    .query("providerServices")
    .withIndex("by_serviceId", (q) => q.eq("serviceId", serviceId))
    .take(100);
}

/** Makes the providers offering the service exactly `providerIds`; returns the providers touched. */
async function setProviders(ctx: MutationCtx, serviceId: Id<"services">, providerIds: Id<"providers">[]) {
  const wanted = new Set(providerIds);
  const links = await linksOf(ctx, serviceId);
  const touched: Id<"providers">[] = [];
  for (const link of links) {
    if (!wanted.delete(link.providerId)) {
      await ctx.db.delete("providerServices", link._id);
      touched.push(link.providerId);
    }
  }
  for (const providerId of wanted) {
    if ((await ctx.db.get("providers", providerId)) === null) {
      throw new ConvexError({ code: "NOT_FOUND", message: "One of the chosen providers no longer exists." });
    }
    await ctx.db.insert("providerServices", { providerId, serviceId });
  }
  return touched;
}

async function releaseHoldsAt(ctx: MutationCtx, providerIds: Id<"providers">[]) {
  for (const providerId of providerIds) {
    const provider = await ctx.db.get("providers", providerId);
    if (provider !== null) await releaseClosedHolds(ctx, provider);
  }
}

/** Every service, archived ones last, with the providers offering each. */
export const list = ownerQuery({
  args: {},
  handler: async (ctx) => {
    const services = await ctx.db.query("services").withIndex("by_slug").take(200);
    const rows = await Promise.all(
      services.map(async (service) => ({
        _id: service._id,
        name: service.name,
        description: service.description,
        durationMinutes: service.durationMinutes,
        price: service.priceCents / 100,
        currency: service.currency,
        archived: service.archivedAt !== undefined,
        providerIds: (
          await ctx.db
            .query("providerServices")
            .withIndex("by_serviceId", (q) => q.eq("serviceId", service._id))
            .take(100)
        ).map((link) => link.providerId),
      })),
    );
    return rows.sort((a, b) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name));
  },
});

export const create = ownerMutation({
  args: serviceEditorSchema.shape,
  handler: async (ctx, form) => {
    const serviceId = await ctx.db.insert("services", { slug: newSlug(form.name), ...fieldsOf(form) });
    await setProviders(ctx, serviceId, form.providerIds);
    await recordAudit(ctx, ctx.userId, "service.created", `Created the service ${form.name}`);
    return { serviceId };
  },
});

export const update = ownerMutation({
  args: { serviceId: zid("services"), ...serviceEditorSchema.shape },
  handler: async (ctx, { serviceId, ...form }) => {
    const service = await serviceOrThrow(ctx, serviceId);
    await ctx.db.patch("services", serviceId, fieldsOf(form));
    // Providers no longer offering it let go of the times held for it.
    await releaseHoldsAt(ctx, await setProviders(ctx, serviceId, form.providerIds));
    await recordAudit(ctx, ctx.userId, "service.updated", `Edited the service ${service.name}`);
    return { ok: true as const };
  },
});

export const setArchived = ownerMutation({
  args: { serviceId: zid("services"), archived: z.boolean() },
  handler: async (ctx, { serviceId, archived }) => {
    const service = await serviceOrThrow(ctx, serviceId);
    if ((service.archivedAt !== undefined) === archived) return { ok: true as const };
    await ctx.db.patch("services", serviceId, { archivedAt: archived ? Date.now() : undefined });
    if (archived)
      await releaseHoldsAt(
        ctx,
        (await linksOf(ctx, serviceId)).map((link) => link.providerId),
      );
    await recordAudit(
      ctx,
      ctx.userId,
      archived ? "service.archived" : "service.restored",
      `${archived ? "Archived" : "Restored"} the service ${service.name}`,
    );
    return { ok: true as const };
  },
});
