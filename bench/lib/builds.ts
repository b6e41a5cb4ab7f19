// Production builds for the browser measurements, served the way a static
// host serves them: hashed assets cached for good, HTML revalidated.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { build } from "vite";
import { REPO_ROOT } from "../../local-backend/test/helpers.js";

const OUT = path.join(REPO_ROOT, "bench", ".out");
/** Where buildApp writes; known before the build so the app can be served (and its address given to the backend) first. */
export const APP_DIR = path.join(OUT, "app");

/** Builds the app as `npm run build` does, pointed at `backend`. */
export async function buildApp(backend: { url: string; siteUrl: string }): Promise<string> {
  const outDir = APP_DIR;
  process.env.VITE_CONVEX_URL = backend.url;
  process.env.VITE_CONVEX_SITE_URL = backend.siteUrl;
  await build({ root: REPO_ROOT, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Builds the localStorage baseline page (bench/baseline). */
export async function buildBaseline(): Promise<string> {
  const outDir = path.join(OUT, "baseline");
  await build({
    root: path.join(REPO_ROOT, "bench", "baseline"),
    configFile: false,
    logLevel: "warn",
    plugins: [react()],
    resolve: { alias: [{ find: /^@convex\//, replacement: path.join(REPO_ROOT, "convex") + "/" }] },
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Gzipped size (kB, 1000 bytes) of the JavaScript the page loads before it runs: entry and modulepreloads. */
export function initialJsGzipKb(outDir: string): { kb: number; files: string[] } {
  const html = readFileSync(path.join(outDir, "index.html"), "utf8");
  const files = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(outDir, file))).length, 0);
  return { kb: Math.round(bytes / 100) / 10, files };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
};

const MAIL_PAGE = "/dev/mail";

type StaticServer = { url: string; close(): Promise<void> };

/**
 * Serves `dir` on 127.0.0.1 with an SPA fallback to index.html. `mail` is the
 * SMTP catcher's HTTP address, answered at /dev/mail as `npm run dev` does, so
 * the e2e sign-up helper can read the emailed code.
 */
export async function serveStatic(dir: string, mail?: string): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (mail !== undefined && pathname.startsWith(MAIL_PAGE + "/")) {
      void fetch(mail + pathname.slice(MAIL_PAGE.length)).then(async (answer) => {
        res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "text/plain" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
      return;
    }
    let file = path.join(dir, path.normalize(pathname));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = path.join(dir, "index.html");
    }
    const hashed = pathname.startsWith("/assets/");
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
