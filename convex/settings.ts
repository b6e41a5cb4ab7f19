// The business's settings, owner only: read by the console, each change
// audited. Today one switch: booker email verification.
import { z } from "zod";
import { ownerMutation, ownerQuery } from "./lib/roleFunctions";
import { recordAudit } from "./lib/audit";
import { verifyGuestEmail } from "./lib/bookingVerification";

export const get = ownerQuery({
  args: {},
  handler: async (ctx) => ({ verifyGuestEmail: await verifyGuestEmail(ctx) }),
});

export const setVerifyGuestEmail = ownerMutation({
  args: { on: z.boolean() },
  handler: async (ctx, { on }) => {
    const row = await ctx.db.query("businessSettings").first();
    if (row === null) await ctx.db.insert("businessSettings", { verifyGuestEmail: on });
    else await ctx.db.patch("businessSettings", row._id, { verifyGuestEmail: on });
    await recordAudit(
      ctx,
      ctx.userId,
      "settings.updated",
      on
        ? "Turned on email verification for guest bookings"
        : "Turned off email verification for guest bookings",
    );
    return { verifyGuestEmail: on };
  },
});
