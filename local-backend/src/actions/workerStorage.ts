// `ctx.storage.store` and `ctx.storage.get` for an action in a worker thread:
// the worker writes (and fsyncs) the blob's bytes to file storage's temp
// folder and reads stored bytes from disk itself, so only their paths cross
// to the main thread, which commits or finds the `_storage` document.
import { readFile } from "node:fs/promises";
import { writeTempBlob } from "../storage/blobFiles.js";
import { ADOPT_BLOB, BLOB_PATH } from "../storage/storageSyscalls.js";

type Forward = (op: string, args: string) => Promise<string>;

export async function workerJsSyscall(
  forward: Forward,
  blobTmpDir: string | null,
  op: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  switch (op) {
    case "storage/storeBlob": {
      if (blobTmpDir === null) throw new Error("File storage is not available on this engine");
      const blob = args.blob as Blob;
      const written = await writeTempBlob(blobTmpDir, blob.stream() as unknown as AsyncIterable<Uint8Array>);
      const options = (args.options ?? {}) as { sha256?: string };
      const adopt = {
        tmpPath: written.tmpPath,
        sha256: written.sha256.toString("base64"),
        size: written.size,
        contentType: blob.type === "" ? null : blob.type,
        ...(options.sha256 !== undefined ? { expected: options.sha256 } : {}),
      };
      return JSON.parse(await forward(ADOPT_BLOB, JSON.stringify(adopt))) as string;
    }
    case "storage/getBlob": {
      const found = JSON.parse(await forward(BLOB_PATH, JSON.stringify({ storageId: args.storageId }))) as {
        path: string;
        contentType: string | null;
      } | null;
      if (found === null) return null;
      return new Blob([await readFile(found.path)], { type: found.contentType ?? "" });
    }
  }
  throw new Error(`${op} is not supported by the local backend's action workers`);
}
