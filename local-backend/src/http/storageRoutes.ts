// File storage on the deployment's origin, as Convex serves it
// (crates/local_backend/src/storage.rs): `POST /api/storage/upload?token=…`
// stores the body and answers `{ storageId }`; `GET /api/storage/<key>`
// serves the bytes with Content-Type, Content-Length, a Digest, long private
// caching (the bytes behind a URL never change) and single byte ranges.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { describeError } from "../engine.js";
import { StorageError, type FileStorage, type StorageDoc } from "../storage/fileStorage.js";
import { sendJson } from "./respond.js";

/** Convex: "The file size is not limited, but upload POST request has a 2 minute timeout" (file-storage/upload-files). */
const UPLOAD_TIMEOUT_MS = 2 * 60 * 1000;
/** Convex's storage.rs MAX_CACHE_AGE: 30 days, private. */
const CACHE_CONTROL = `private, max-age=${60 * 60 * 24 * 30}`;

/** Handles a storage route; false if the path is not one. */
export function storageRoute(
  files: FileStorage,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> | false {
  if (url.pathname === "/api/storage/upload" && req.method === "POST") return upload(files, req, res, url);
  const served = /^\/api\/storage\/([^/]+)$/.exec(url.pathname);
  if (served && (req.method === "GET" || req.method === "HEAD")) {
    serve(files, req, res, decodeURIComponent(served[1]));
    return Promise.resolve();
  }
  return false;
}

async function upload(
  files: FileStorage,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const refusal = files.tokens.redeem(url.searchParams.get("token") ?? "");
  if (refusal !== null) {
    req.resume();
    return sendJson(res, 401, refusal);
  }
  const timer = setTimeout(
    () => req.destroy(new Error("The upload took longer than 2 minutes")),
    UPLOAD_TIMEOUT_MS,
  );
  try {
    const digest = /^sha-256=(.+)$/i.exec(String(req.headers.digest ?? ""))?.[1];
    const storageId = await files.storeStream(req, req.headers["content-type"] ?? null, digest);
    sendJson(res, 200, { storageId });
  } catch (error) {
    if (res.headersSent || res.destroyed) return;
    if (error instanceof StorageError)
      return sendJson(res, 400, { code: "Sha256Mismatch", message: error.message });
    sendJson(res, 400, { code: "UploadFailed", message: describeError(error) });
  } finally {
    clearTimeout(timer);
  }
}

function serve(files: FileStorage, req: IncomingMessage, res: ServerResponse, key: string): void {
  const doc = files.byUrlKey(key);
  if (doc === null || !files.hasBytes(doc)) {
    const known = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);
    return known
      ? sendJson(res, 404, { code: "FileNotFound", message: `File ${key} not found` })
      : sendJson(res, 400, {
          code: "InvalidStoragePath",
          message: `Invalid storage path: "${key}". Please use \`storage.getUrl(storageId: Id<"_storage">)\` to generate a valid URL to retrieve files. See https://docs.convex.dev/file-storage/serve-files for more details`,
        });
  }
  res.setHeader("Cache-Control", CACHE_CONTROL);
  res.setHeader("Accept-Ranges", "bytes");
  if (doc.contentType !== undefined) res.setHeader("Content-Type", doc.contentType);
  const range = req.headers.range === undefined ? null : parseRange(req.headers.range, doc.size);
  if (range === "unsatisfiable") {
    res.statusCode = 416;
    res.setHeader("Content-Range", `bytes */${doc.size}`);
    res.removeHeader("Content-Type");
    return void res.end();
  }
  if (range === null || doc.size === 0) {
    res.statusCode = 200;
    res.setHeader("Content-Length", doc.size);
    res.setHeader("Digest", `sha-256=${doc.sha256}`);
    return body(files, req, res, doc);
  }
  res.statusCode = 206;
  res.setHeader("Content-Range", `bytes ${range.start}-${range.end}/${doc.size}`);
  res.setHeader("Content-Length", range.end - range.start + 1);
  body(files, req, res, doc, range);
}

function body(
  files: FileStorage,
  req: IncomingMessage,
  res: ServerResponse,
  doc: StorageDoc,
  range?: { start: number; end: number },
): void {
  if (req.method === "HEAD" || doc.size === 0) return void res.end();
  pipeline(files.open(doc, range?.start, range?.end), res).catch(() => res.destroy());
}

/**
 * One `bytes=` range of RFC 9110 (first-last, first-, -suffix), clamped to
 * the file; several ranges, or none inside the file, are unsatisfiable (as
 * on Convex, which serves a single range). A header that is not a bytes
 * range is ignored: the whole file is served.
 */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=\s*(.+)$/i.exec(header.trim());
  if (match === null) return null;
  const specs = match[1].split(",").map((s) => s.trim());
  if (specs.length !== 1) return "unsatisfiable";
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]);
  if (spec === null || (spec[1] === "" && spec[2] === "")) return null;
  if (spec[1] === "") {
    const suffix = Number(spec[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === "" ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
