"use node";
// Sends the sign-up emails (lib/accountEmails.ts). Scheduled by the password
// provider's action (lib/uniformPassword.ts) right after it answers, on both
// the new-account and the existing-account path, so the answer's timing does
// not depend on SMTP. The code exists only in this job's arguments and the
// email; @convex-dev/auth keeps just its hash.
import nodemailer from "nodemailer";
import { v } from "convex/values";
import { internalAction } from "./_generated/server";
import { mailSettings } from "./lib/mailConfig";
import { headerText, renderContent } from "./lib/emailTemplates";
import { accountEmailContent, vAccountEmail } from "./lib/accountEmails";

const SMTP_TIMEOUT_MS = 30_000;

export const send = internalAction({
  args: {
    to: v.string(),
    email: vAccountEmail,
  },
  handler: async (_ctx, { to, email }) => {
    const settings = mailSettings();
    const rendered = renderContent(accountEmailContent(email, settings.appUrl));
    const transport = nodemailer.createTransport(settings.smtpUrl, {
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    try {
      await transport.sendMail({
        from: settings.from,
        to: headerText(to, 254),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
      });
    } finally {
      transport.close();
    }
  },
});
