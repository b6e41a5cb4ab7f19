// The dev SMTP catcher as a spec sees it: the messages `npm run dev` caught
// (at /dev/mail/api/messages on the app's port), and the manage link in one.
import { expect, type APIRequestContext } from "@playwright/test";

export type CaughtMessage = {
  messageId: string | null;
  to: string[];
  subject: string;
  text: string;
  links: string[];
  attachments: { filename: string | null; contentType: string }[];
};

export async function caughtMail(request: APIRequestContext, to: string): Promise<CaughtMessage[]> {
  const response = await request.get("/dev/mail/api/messages");
  expect(response.ok()).toBe(true);
  return ((await response.json()) as CaughtMessage[]).filter((message) => message.to.includes(to));
}

/** Waits for the message to `to` whose subject matches, and returns it. */
export async function waitForMail(
  request: APIRequestContext,
  to: string,
  subject: RegExp,
): Promise<CaughtMessage> {
  let found: CaughtMessage | undefined;
  await expect
    .poll(
      async () => {
        found = (await caughtMail(request, to)).find((message) => subject.test(message.subject));
        return found !== undefined;
      },
      { message: `an email to ${to} with subject ${subject}`, timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

export function manageLinkIn(message: CaughtMessage): string {
  const link = message.links.find((l) => /\/manage\/[A-Za-z0-9_-]{43}$/.test(l));
  expect(link, `a manage link in ${JSON.stringify(message.links)}`).toBeDefined();
  return link!;
}
