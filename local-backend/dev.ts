// `npm run dev`: the local backend (child process) plus Vite's dev server for
// the app, pointed at that backend, plus an SMTP catcher the backend sends
// its email to, shown at /dev/mail. Ctrl-C stops them all.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createServer } from "vite";
import { startMailCatcher } from "./mailCatcher.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "5173" },
    "backend-port": { type: "string", default: "3210" },
    "site-port": { type: "string", default: "3211" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string" },
    env: { type: "string", multiple: true, default: [] },
    // 0: any free port. The caught mail is shown at /dev/mail on the app's port either way.
    "smtp-port": { type: "string", default: "0" },
  },
});

const MAIL_PAGE = "/dev/mail";
const catcher = await startMailCatcher({
  host: values.host,
  smtpPort: Number(values["smtp-port"]),
  basePath: MAIL_PAGE,
});
const appUrl = `http://${values.host}:${values.port}`;
// Mail settings for the deployment; an --env given on the command line wins (e.g. a real SMTP_URL).
const mailEnv = [
  `SMTP_URL=smtp://${values.host}:${catcher.smtpPort}`,
  `MAIL_FROM=tabbook <bookings@tabbook.localhost>`,
  `APP_URL=${appUrl}`,
];

const backend = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    path.join(import.meta.dirname, "cli.ts"),
    "--port",
    values["backend-port"],
    "--site-port",
    values["site-port"],
    ...(values["data-dir"] ? ["--data-dir", values["data-dir"]] : []),
    ...[...mailEnv, ...values.env].flatMap((pair) => ["--env", pair]),
    // Like `npx convex dev --run`: an empty deployment gets demo data (idempotent).
    "--run",
    "seed:ensureDemoData",
    // While the deployment has no owner: a fresh one-use owner invite (printed below).
    "--run",
    "team:ensureLocalOwnerInvite",
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);

let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  backend.kill("SIGTERM");
  void catcher.close().finally(() => process.exit(code));
};
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));
backend.on("exit", (code) => {
  if (!stopping) {
    console.error(`dev: the local backend exited (code ${code ?? "signal"}); stopping.`);
    stop(code || 1);
  }
});

const owner: { token: string | null } = { token: null };
const [backendUrl, siteUrl] = await new Promise<[string, string]>((resolve) => {
  let buffer = "";
  backend.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    // The token is printed once, as a link, below; not echoed in the backend's own log line.
    owner.token ??= /Ran team:ensureLocalOwnerInvite: \{"token":"([\w-]+)"\}/.exec(buffer)?.[1] ?? null;
    process.stdout.write(chunk.toString().replace(/("token":")[\w-]+/, "$1…"));
    const match = /ready: (http\S+) \(site: (http\S+)\)/.exec(buffer);
    if (match) {
      buffer = "";
      resolve([match[1], match[2]]);
    }
  });
});

process.env.VITE_CONVEX_URL = backendUrl;
// On Convex cloud the site URL is the deployment URL with .convex.site; locally it is its own port.
process.env.VITE_CONVEX_SITE_URL = siteUrl;
const vite = await createServer({
  server: {
    port: Number(values.port),
    host: values.host,
    strictPort: true,
    proxy: { [MAIL_PAGE]: { target: catcher.httpUrl, rewrite: (p) => p.slice(MAIL_PAGE.length) || "/" } },
  },
});
await vite.listen();
console.log(`tabbook dev server:   http://${values.host}:${vite.config.server.port}`);
console.log(`Convex local backend: ${backendUrl} (HTTP actions: ${siteUrl})`);
console.log(`Caught mail:          ${appUrl}${MAIL_PAGE} (SMTP catcher on port ${catcher.smtpPort})`);
if (owner.token !== null) {
  const link = `http://${values.host}:${vite.config.server.port}/join/${owner.token}`;
  console.log(`\nNo owner yet. Become the owner (one use): ${link}`);
  // For the e2e suite, which reads it back; the data directory is local and git-ignored.
  if (values["data-dir"]) writeFileSync(path.join(values["data-dir"], "owner-invite.txt"), link);
}
