// File storage against a started backend, driven by the real `convex`
// clients and plain fetch as a browser would: upload URLs on the
// deployment's origin, single-use tokens, served bytes with Convex's headers
// and byte ranges, `_storage` documents, store/get/delete from actions and
// HTTP actions, live queries over `_storage`, and files that survive a
// restart while deleted ones leave the data dir.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import type { Id } from "./fixtures/conformance/convex/_generated/dataModel.js";
import { api } from "./fixtures/conformance/convex/_generated/api.js";
import { errorOf, startBackend, uid, watch } from "./helpers.js";
import { useFixtureBackend } from "./fixtureBackend.js";

const { backend, clients } = useFixtureBackend();

async function upload(body: BodyInit, contentType?: string): Promise<Id<"_storage">> {
  const uploadUrl = await clients.http(backend()).mutation(api.files.generateUploadUrl, {});
  const response = await fetch(uploadUrl, {
    method: "POST",
    body,
    headers: contentType === undefined ? {} : { "Content-Type": contentType },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { storageId: Id<"_storage"> }).storageId;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest();
const filesIn = (dataDir: string) => readdirSync(path.join(dataDir, "files")).filter((f) => f !== "tmp");

test("an upload URL is on the deployment's own origin; a POST stores the file and answers { storageId } (Convex docs: file-storage/upload-files)", async () => {
  const http = clients.http(backend());
  const uploadUrl = await http.mutation(api.files.generateUploadUrl, {});
  expect(new URL(uploadUrl).origin).toBe(new URL(backend().url).origin);
  expect(new URL(uploadUrl).pathname).toBe("/api/storage/upload");

  const text = `hello ${uid("file")}`;
  const response = await fetch(uploadUrl, {
    method: "POST",
    body: text,
    headers: { "Content-Type": "text/plain" },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { storageId: Id<"_storage"> };
  expect(Object.keys(body)).toEqual(["storageId"]);

  const doc = await http.query(api.files.info, { storageId: body.storageId });
  expect(doc).toEqual({
    _id: body.storageId,
    _creationTime: expect.any(Number),
    // Convex's _storage documents carry the digest in base64 (model/src/file_storage/virtual_table.rs).
    sha256: sha256(text).toString("base64"),
    size: text.length,
    contentType: "text/plain",
  });
});

test("an upload URL works once; a forged or reused token is refused and stores nothing", async () => {
  const http = clients.http(backend());
  const before = (await http.query(api.files.list, {})).length;
  const uploadUrl = await http.mutation(api.files.generateUploadUrl, {});
  expect((await fetch(uploadUrl, { method: "POST", body: "first" })).status).toBe(200);
  const reused = await fetch(uploadUrl, { method: "POST", body: "second" });
  expect(reused.status).toBe(401);
  expect(((await reused.json()) as { code: string }).code).toBe("StorageTokenUsed");

  const forged = new URL(uploadUrl);
  const token = forged.searchParams.get("token")!;
  forged.searchParams.set("token", token.replace(/^\d+/, String(Date.now() + 10 * 3600_000)));
  const refused = await fetch(forged, { method: "POST", body: "forged" });
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { code: string }).code).toBe("StorageTokenInvalid");
  expect((await http.query(api.files.list, {})).length).toBe(before + 1);
});

test("getUrl serves the bytes with their type, length, digest and Convex's caching headers", async () => {
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
  const storageId = await upload(bytes, "image/png");
  const url = (await clients.http(backend()).query(api.files.url, { storageId }))!;
  expect(new URL(url).origin).toBe(new URL(backend().url).origin);

  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/png");
  expect(response.headers.get("content-length")).toBe(String(bytes.length));
  // crates/local_backend/src/storage.rs: private, 30-day max-age; byte ranges; a Digest header.
  expect(response.headers.get("cache-control")).toBe("private, max-age=2592000");
  expect(response.headers.get("accept-ranges")).toBe("bytes");
  expect(response.headers.get("digest")).toBe(`sha-256=${sha256(bytes).toString("base64")}`);
  expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
});

test("a range request gets 206 with its slice; an unsatisfiable one gets 416", async () => {
  const text = "0123456789abcdefghij";
  const storageId = await upload(text, "text/plain");
  const url = (await clients.http(backend()).query(api.files.url, { storageId }))!;

  const cases: [string, string, string][] = [
    ["bytes=2-5", "bytes 2-5/20", "2345"],
    ["bytes=15-", "bytes 15-19/20", "fghij"],
    ["bytes=-3", "bytes 17-19/20", "hij"],
    ["bytes=18-99", "bytes 18-19/20", "ij"],
  ];
  for (const [range, contentRange, body] of cases) {
    const response = await fetch(url, { headers: { Range: range } });
    expect(response.status, range).toBe(206);
    expect(response.headers.get("content-range"), range).toBe(contentRange);
    expect(response.headers.get("content-length"), range).toBe(String(body.length));
    expect(await response.text(), range).toBe(body);
  }
  for (const range of ["bytes=20-", "bytes=0-1,4-5"]) {
    const response = await fetch(url, { headers: { Range: range } });
    expect(response.status, range).toBe(416);
    await response.arrayBuffer();
  }
});

test("a URL that names no stored file is a 404, and a malformed one a 400", async () => {
  const storageId = await upload("short-lived");
  const url = (await clients.http(backend()).query(api.files.url, { storageId }))!;
  await clients.http(backend()).mutation(api.files.remove, { storageId });
  expect((await fetch(url)).status).toBe(404);
  expect((await fetch(`${backend().url}/api/storage/not-a-key`)).status).toBe(400);
  // A storage ID is not its URL: knowing one does not give the other.
  expect((await fetch(`${backend().url}/api/storage/${storageId}`)).status).toBe(400);
});

test("actions store, read, describe and delete files (ctx.storage in a worker thread)", async () => {
  const http = clients.http(backend());
  const text = `from an action ${uid("a")}`;
  const storageId = await http.action(api.files.storeText, { text, contentType: "text/markdown" });
  expect(await http.action(api.files.readText, { storageId })).toEqual({ text, type: "text/markdown" });

  const calls = (await http.action(api.files.actionCalls, { storageId })) as {
    url: string;
    metadata: { storageId: string; sha256: string; size: number; contentType: string | null };
    uploadUrl: string;
    afterDelete: string | null;
  };
  // The action deleted the file after taking its URL: the URL is dead too.
  expect(new URL(calls.url).origin).toBe(new URL(backend().url).origin);
  expect((await fetch(calls.url)).status).toBe(404);
  // getMetadata reports the hex digest (isolate's storage_get_metadata), unlike the table's base64.
  expect(calls.metadata).toEqual({
    storageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    sha256: sha256(text).toString("hex"),
    size: text.length,
    contentType: "text/markdown",
  });
  expect(new URL(calls.uploadUrl).origin).toBe(new URL(backend().url).origin);
  expect(calls.afterDelete).toBeNull();
  expect(await http.action(api.files.readText, { storageId })).toBeNull();
});

test("store with a sha256 that does not match the bytes is refused", async () => {
  const error = await errorOf(
    clients
      .http(backend())
      .action(api.files.storeText, { text: "abc", sha256: sha256("abd").toString("base64") }),
  );
  expect(error.message).toContain("Sha256 mismatch");
});

test("an upload with a Digest header is stored only if the bytes match it", async () => {
  const http = clients.http(backend());
  const post = async (digest: Buffer) =>
    fetch(await http.mutation(api.files.generateUploadUrl, {}), {
      method: "POST",
      body: "digested",
      headers: { Digest: `sha-256=${digest.toString("base64")}` },
    });
  const refused = await post(sha256("something else"));
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { code: string }).code).toBe("Sha256Mismatch");
  const accepted = await post(sha256("digested"));
  expect(accepted.status).toBe(200);
});

test("an HTTP action stores a request body and serves it back from ctx.storage.get", async () => {
  const response = await fetch(`${backend().siteUrl}/store`, {
    method: "POST",
    body: "posted to an http action",
    headers: { "Content-Type": "application/json" },
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("posted to an http action");
  const storageId = response.headers.get("x-storage-id") as Id<"_storage">;
  const doc = await clients.http(backend()).query(api.files.info, { storageId });
  expect(doc?.contentType).toBe("application/json");
});

test("a live query over _storage and a live getUrl update when a file is stored and deleted", async () => {
  const client = clients.ws(backend());
  const listed = watch(client, api.files.list, {});
  await listed.waitFor(() => true);
  const storageId = await upload(`live ${uid("l")}`, "text/plain");
  await listed.waitFor((docs) => docs.some((d) => d._id === storageId), { what: "the new file listed" });

  const url = watch(client, api.files.url, { storageId });
  await url.waitFor((value) => typeof value === "string");
  // A deletion that rolls back changes nothing.
  expect((await errorOf(client.mutation(api.files.removeThenFail, { storageId }))).message).toContain(
    "changed my mind",
  );
  await client.mutation(api.files.remove, { storageId });
  await url.waitFor((value) => value === null, { what: "getUrl to return null after delete" });
  await listed.waitFor((docs) => !docs.some((d) => d._id === storageId), { what: "the file unlisted" });
});

test("deleting a file removes its bytes from the data dir; acknowledged files survive a crash (SIGKILL) and orphans are swept at start", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "storage-test-"));
  const own = await startBackend({ dataDir });
  try {
    const http = clients.http(own);
    const uploadTo = async (text: string) => {
      const uploadUrl = await http.mutation(api.files.generateUploadUrl, {});
      const response = await fetch(uploadUrl, { method: "POST", body: text });
      return ((await response.json()) as { storageId: Id<"_storage"> }).storageId;
    };
    const kept = await uploadTo("kept across a restart");
    const dropped = await uploadTo("deleted before the restart");
    // The same bytes twice share one file, which outlives the first deletion.
    const twin = await uploadTo("kept across a restart");
    expect(filesIn(own.dataDir).sort()).toEqual(
      [sha256("kept across a restart"), sha256("deleted before the restart")]
        .map((d) => d.toString("hex"))
        .sort(),
    );
    await http.mutation(api.files.remove, { storageId: dropped });
    await http.mutation(api.files.remove, { storageId: twin });
    expect(filesIn(own.dataDir)).toEqual([sha256("kept across a restart").toString("hex")]);

    // A crash, not a clean stop: acknowledged files must survive it.
    const exited = new Promise((resolve) => own.process.once("exit", resolve));
    own.process.kill("SIGKILL");
    await exited;
    // Bytes no document references (a crash between writing them and the commit) are swept at start.
    const orphan = path.join(own.dataDir, "files", sha256("orphan").toString("hex"));
    writeFileSync(orphan, "orphan");
    const again = await startBackend({ dataDir });
    try {
      expect(existsSync(orphan)).toBe(false);
      const url = (await clients.http(again).query(api.files.url, { storageId: kept }))!;
      expect(await (await fetch(url)).text()).toBe("kept across a restart");
    } finally {
      await again.stop();
    }
  } finally {
    await own.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
