"use node";
// Delivers one outbox row over SMTP with nodemailer. A Node action ("use
// node": nodemailer needs Node's net/tls), so this module holds only actions.
// The row is claimed first (one run at a time), rendered from its template,
// sent with a Message-ID fixed per row (a resend after a crash mid-send can
// be recognised as the same message), then marked sent or failed.
import nodemailer from "nodemailer";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction } from "./_generated/server";
import { mailSettings } from "./lib/mailConfig";
import { headerText, renderEmail } from "./lib/emailTemplates";

const SMTP_TIMEOUT_MS = 30_000;

export const deliver = internalAction({
  args: { outboxId: v.id("outbox") },
  handler: async (ctx, { outboxId }) => {
    const claim = await ctx.runMutation(internal.outbox.claim, { outboxId });
    if (claim === null) return;
    try {
      const settings = mailSettings();
      const email = renderEmail(claim, settings.appUrl);
      const transport = nodemailer.createTransport(settings.smtpUrl, {
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      });
      await transport.sendMail({
        from: settings.from,
        to: headerText(claim.to, 254),
        subject: email.subject,
        messageId: `<outbox-${outboxId}@tabbook>`,
        text: email.text,
        html: email.html,
        ...(email.ics === null
          ? {}
          : {
              icalEvent: { method: "PUBLISH", content: email.ics },
              attachments: [
                {
                  filename: `${claim.booking.reference}.ics`,
                  content: email.ics,
                  contentType: "text/calendar",
                },
              ],
            }),
      });
      transport.close();
    } catch (error) {
      await ctx.runMutation(internal.outbox.markFailed, {
        outboxId,
        attempt: claim.attempts,
        error: error instanceof Error ? error.message : String(error),
        tokenId: claim.tokenId,
      });
      return;
    }
    await ctx.runMutation(internal.outbox.markSent, { outboxId });
  },
});
