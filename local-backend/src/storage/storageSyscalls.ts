// The `ctx.storage` syscalls convex/server makes (storage_impl.js), answered
// by the durable engine's file storage: in a query or mutation against its
// transaction (getUrl and getMetadata are reads its subscription tracks), in
// an action in a transaction of their own. Also the two a worker thread's
// action sends for store/get, whose bytes it writes and reads on disk itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Value } from "convex/values";
import { execStorage } from "../execContext.js";
import { Transaction } from "../store/transaction.js";
import type { Call } from "../syscalls.js";
import { writeTempBlobSync } from "./blobFiles.js";
import {
  STORAGE_TABLE,
  StorageError,
  type FileStorage,
  type StorageDoc,
  type StorageHost,
} from "./fileStorage.js";

/** What a worker sends to have bytes it wrote to the temp folder stored. */
export const ADOPT_BLOB = "local/storage/adoptBlob";
/** What a worker sends to find a stored file's bytes on disk. */
export const BLOB_PATH = "local/storage/blobPath";

type Args = Record<string, unknown>;
const NOT_STORAGE = Symbol("not a storage syscall");

/** Answers a storage syscall, or returns NOT_STORAGE for any other op. */
export async function storageSyscall(
  storage: FileStorage,
  host: StorageHost,
  call: Call,
  op: string,
  args: Args,
): Promise<Value | typeof NOT_STORAGE> {
  const read = (method: string) => readDoc(host, call, storage.requireId(args.storageId, method));
  switch (op) {
    case "1.0/storageGenerateUploadUrl":
      return storage.uploadUrl();
    case "1.0/storageGetUrl": {
      const doc = read("getUrl");
      return doc === null ? null : storage.url(doc._id);
    }
    case "1.0/storageGetMetadata": {
      const doc = read("getMetadata");
      return doc === null ? null : storage.metadata(doc);
    }
    case "1.0/storageGet": {
      const doc = read("get");
      if (doc === null) return null;
      return {
        blob: readFileSync(storage.pathOf(doc)).toString("base64"),
        contentType: doc.contentType ?? null,
      };
    }
    case "1.0/storageDelete":
      if (call.txn !== null) storage.delete(call.txn, args.storageId);
      else await host.mutate((txn) => storage.delete(txn, args.storageId));
      return null;
    case "1.0/storageStore": {
      const bytes = Buffer.from(String(args.blob), "base64");
      const blob = writeTempBlobSync(storage.blobs.tmpDir, bytes);
      const contentType = typeof args.contentType === "string" ? args.contentType : null;
      const sha256 = typeof args.sha256 === "string" ? args.sha256 : undefined;
      if (call.txn === null) return storage.commit(blob, contentType, sha256);
      const inserted = storage.insert(call.txn, blob, contentType, sha256);
      // Reads at the head see this mutation's insert from now on, so the hash needs no hold.
      inserted.release();
      return inserted.id;
    }
    case ADOPT_BLOB: {
      const tmpPath = path.resolve(String(args.tmpPath));
      if (path.dirname(tmpPath) !== storage.blobs.tmpDir) throw new StorageError("Invalid blob path");
      const blob = { tmpPath, sha256: Buffer.from(String(args.sha256), "base64"), size: Number(args.size) };
      const contentType = typeof args.contentType === "string" ? args.contentType : null;
      return storage.commit(blob, contentType, typeof args.expected === "string" ? args.expected : undefined);
    }
    case BLOB_PATH: {
      const doc = read("get");
      return doc === null ? null : { path: storage.pathOf(doc), contentType: doc.contentType ?? null };
    }
  }
  return NOT_STORAGE;
}

export function isStorageResult<T>(value: T | typeof NOT_STORAGE): value is T {
  return value !== NOT_STORAGE;
}

/** `storage/storeBlob` and `storage/getBlob`: an action's store/get, with real Blobs (in this thread). */
export async function storageJsSyscall(
  storage: FileStorage,
  host: StorageHost,
  call: Call,
  op: string,
  args: Args,
): Promise<unknown> {
  switch (op) {
    case "storage/storeBlob": {
      const blob = args.blob as Blob;
      const options = (args.options ?? {}) as { sha256?: string };
      const chunks = blob.stream() as unknown as AsyncIterable<Uint8Array>;
      return storage.storeStream(chunks, blob.type === "" ? null : blob.type, options.sha256);
    }
    case "storage/getBlob": {
      const doc = readDoc(host, call, storage.requireId(args.storageId, "get"));
      if (doc === null) return null;
      return new Blob([readFileSync(storage.pathOf(doc))], { type: doc.contentType ?? "" });
    }
  }
  throw new Error(`The local backend does not support ${op}`);
}

/** A `_storage` document read in the call's transaction (recorded for its subscription), or at the snapshot. */
function readDoc(host: StorageHost, call: Call, id: string): StorageDoc | null {
  if (call.txn === null) {
    const txn = new Transaction(host.store, host.catalog, null, host.snapshotTs);
    return txn.get(id, STORAGE_TABLE) as StorageDoc | null;
  }
  execStorage.getStore()?.readSet?.addId(id, STORAGE_TABLE);
  return call.txn.get(id, STORAGE_TABLE) as StorageDoc | null;
}
