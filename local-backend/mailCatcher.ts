// The development SMTP catcher that `npm run dev` starts: an SMTP server
// (smtp-server) that accepts every message, parses it (mailparser) and keeps
// the last few hundred in memory, and an HTTP server with a page listing them
// (subject, addresses, text, links, attachments) and the same as JSON, so a
// developer sees exactly what a customer would get. Nothing is relayed.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";

const MAX_MESSAGES = 500;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export type CaughtMessage = {
  id: number;
  messageId: string | null;
  receivedAt: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  links: string[];
  attachments: { filename: string | null; contentType: string; content: string }[];
};

export type MailCatcher = {
  smtpPort: number;
  httpUrl: string;
  messages: CaughtMessage[];
  close(): Promise<void>;
};

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? "")).filter(Boolean);
}

const LINK = /https?:\/\/[^\s"'<>]+/g;

function toCaught(id: number, mail: ParsedMail): CaughtMessage {
  const text = mail.text ?? "";
  const html = typeof mail.html === "string" ? mail.html : null;
  const links = [...new Set([...(text.match(LINK) ?? []), ...((html ?? "").match(LINK) ?? [])])].map((link) =>
    link.replace(/&amp;/g, "&"),
  );
  return {
    id,
    messageId: mail.messageId ?? null,
    receivedAt: Date.now(),
    from: mail.from?.text ?? "",
    to: addresses(mail.to),
    subject: mail.subject ?? "",
    text,
    html,
    links,
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      content: attachment.contentType.startsWith("text/") ? attachment.content.toString("utf8") : "",
    })),
  };
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function messageHtml(message: CaughtMessage): string {
  const links = message.links
    .map((link) => `<li><a href="${escape(link)}">${escape(link)}</a></li>`)
    .join("");
  const attachments = message.attachments
    .map((a) => `<li>${escape(a.filename ?? a.contentType)}</li>`)
    .join("");
  return `<article class="mail" aria-labelledby="mail-${message.id}">
<h2 id="mail-${message.id}">${escape(message.subject || "(no subject)")}</h2>
<dl><dt>To</dt><dd>${escape(message.to.join(", "))}</dd><dt>From</dt><dd>${escape(message.from)}</dd>
<dt>Received</dt><dd><time datetime="${new Date(message.receivedAt).toISOString()}">${escape(new Date(message.receivedAt).toLocaleString("en-GB"))}</time></dd></dl>
${links ? `<h3>Links</h3><ul>${links}</ul>` : ""}
${attachments ? `<h3>Attachments</h3><ul>${attachments}</ul>` : ""}
<h3>Text</h3><pre>${escape(message.text)}</pre>
</article>`;
}

function page(messages: CaughtMessage[], basePath: string): string {
  const newest = [...messages].reverse();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caught mail (development) – tabbook</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#111;background:#fff}
.mail{border:1px solid #767676;border-radius:8px;padding:1rem;margin:1rem 0}
h2{font-size:1.2rem;margin:0 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.75rem;border-radius:6px}
a{color:#1d4ed8;overflow-wrap:anywhere}
</style></head><body><main>
<h1>Caught mail</h1>
<p>Every email the app sent in development lands here instead of a real inbox. Newest first. <a href="${escape(basePath)}/">Refresh</a> · <a href="${escape(basePath)}/api/messages">JSON</a></p>
${newest.length === 0 ? '<p role="status">No mail yet. Book an appointment and its confirmation appears here.</p>' : newest.map(messageHtml).join("\n")}
</main></body></html>`;
}

export async function startMailCatcher(
  options: { host?: string; smtpPort?: number; httpPort?: number; basePath?: string } = {},
): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const basePath = options.basePath ?? "";
  const messages: CaughtMessage[] = [];
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(toCaught(nextId++, mail));
          if (messages.length > MAX_MESSAGES) messages.shift();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  smtp.on("error", () => undefined);

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? "/", "http://catcher").pathname.replace(/\/+$/, "");
    if (req.method === "GET" && pathname === "/api/messages") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(messages));
    } else if (req.method === "GET" && pathname === "") {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(page(messages, basePath));
    } else {
      res.statusCode = 404;
      res.end("Not found");
    }
  });

  const smtpPort = await new Promise<number>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve((smtp.server.address() as AddressInfo).port));
  });
  const httpPort = await new Promise<number>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.httpPort ?? 0, host, () => resolve((http.address() as AddressInfo).port));
  });
  return {
    smtpPort,
    httpUrl: `http://${host}:${httpPort}`,
    messages,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}
