// Mail settings from deployment env vars (`npx convex env set …` on Convex,
// `npm run backend -- env set …` or --env locally; `npm run dev` points them
// at its SMTP catcher):
//   SMTP_URL   smtp(s)://user:pass@host:port, where mail is handed over
//   MAIL_FROM  the From address, e.g. "tabbook <bookings@example.com>"
//   APP_URL    the app's public origin, for the links in emails
import { env } from "../_generated/server";

export type MailSettings = { smtpUrl: string; from: string; appUrl: string };

export class MailNotConfigured extends Error {}

export function mailSettings(): MailSettings {
  const smtpUrl = env.SMTP_URL;
  const appUrl = env.APP_URL;
  if (!smtpUrl) throw new MailNotConfigured("SMTP_URL is not set on the deployment.");
  if (!appUrl) throw new MailNotConfigured("APP_URL is not set on the deployment.");
  return {
    smtpUrl,
    from: env.MAIL_FROM || "tabbook <no-reply@tabbook.invalid>",
    appUrl: appUrl.replace(/\/+$/, ""),
  };
}
