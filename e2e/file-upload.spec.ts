// A browser uploads a file to the local backend the way Convex's docs show
// (file-storage/upload-files): a mutation generates an upload URL, the page
// POSTs the picked file to it and gets `{ storageId }`, a mutation saves the
// ID, and a query's `getUrl` gives the URL the page fetches the bytes from.
// The page is served from its own origin, as an app's would be, and talks to
// a backend running the conformance fixture, with the `convex` browser
// bundle's ConvexHttpClient.
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { test, expect } from "./fixtures.js";
import { REPO_ROOT, startBackend, uid, type Backend } from "../local-backend/test/helpers.js";

/** The `convex` package's browser build (global `convex`), as a plain script tag loads it. */
const CONVEX_BUNDLE = readFileSync(
  path.join(REPO_ROOT, "node_modules/convex/dist/browser.bundle.js"),
  "utf8",
);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Upload</title></head>
<body>
  <main>
    <h1>Upload a file</h1>
    <label>File <input type="file" id="file"></label>
    <button id="upload">Upload</button>
    <p id="status" role="status"></p>
  </main>
  <script src="/convex.js"></script>
  <script>
    const params = new URLSearchParams(location.search);
    const client = new convex.ConvexHttpClient(params.get("backend"));
    const channel = params.get("channel");
    const status = document.getElementById("status");
    document.getElementById("upload").addEventListener("click", async () => {
      const file = document.getElementById("file").files[0];
      const uploadUrl = await client.mutation("files:generateUploadUrl", {});
      const posted = await fetch(uploadUrl, { method: "POST", headers: { "Content-Type": file.type }, body: file });
      const { storageId } = await posted.json();
      await client.mutation("files:saveUpload", { channel, storageId });
      const saved = await client.query("files:latestUpload", { channel });
      const served = await fetch(saved.url);
      status.textContent = JSON.stringify({
        storageId,
        size: saved.file.size,
        status: served.status,
        contentType: served.headers.get("content-type"),
        body: await served.text(),
      });
    });
  </script>
</body></html>`;

let backend: Backend;
let pageServer: Server;
let pageOrigin: string;

test.beforeAll(async () => {
  backend = await startBackend();
  pageServer = createServer((req, res) => {
    const isBundle = req.url === "/convex.js";
    res.setHeader("Content-Type", isBundle ? "text/javascript" : "text/html; charset=utf-8");
    res.end(isBundle ? CONVEX_BUNDLE : PAGE);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  pageServer?.close();
  await backend?.stop();
});

test("a file picked in the page is uploaded, saved by ID, and served back by getUrl with its type", async ({
  page,
}) => {
  const channel = uid("upload");
  const text = `# Notes\n${channel}\n`;
  await page.goto(`${pageOrigin}/?backend=${encodeURIComponent(backend.url)}&channel=${channel}`);
  await page.getByLabel("File").setInputFiles({
    name: "notes.md",
    mimeType: "text/markdown",
    buffer: Buffer.from(text),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).not.toBeEmpty();
  const result = JSON.parse((await page.getByRole("status").textContent())!) as Record<string, unknown>;
  expect(result).toEqual({
    storageId: expect.any(String),
    size: text.length,
    status: 200,
    contentType: "text/markdown",
    body: text,
  });
});
