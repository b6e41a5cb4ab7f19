// File storage for the durable engine: `_storage` documents (sha256 in
// base64, size, contentType, as Convex's system table has them) whose bytes
// live in the data dir (blobFiles.ts), served from the deployment's own
// origin (`/api/storage/<key>`, see http/storageRoutes.ts). Storing writes
// and fsyncs the bytes before the commit that inserts the document; a
// deleted document's bytes go once the deletion is committed.
import type { Readable } from "node:stream";
import type { Value } from "convex/values";
import type { Write } from "../engine.js";
import type { Doc } from "../readSet.js";
import type { Catalog } from "../store/catalog.js";
import type { SqliteStore } from "../store/sqliteStore.js";
import { Transaction } from "../store/transaction.js";
import { BlobFiles, writeTempBlob, type WrittenBlob } from "./blobFiles.js";
import { UploadTokens } from "./uploadTokens.js";
import { storeSecret, UrlKeys } from "./urlKeys.js";

export const STORAGE_TABLE = "_storage";
const BY_SHA256 = `${STORAGE_TABLE}.by_sha256`;

export type StorageDoc = Doc & { sha256: string; size: number; contentType?: string };
/** What file storage needs from the engine. */
export type StorageHost = {
  store: SqliteStore;
  catalog: Catalog;
  readonly snapshotTs: number;
  mutate<T>(fn: (txn: Transaction) => T | Promise<T>): Promise<T>;
};

export class StorageError extends Error {}

export class FileStorage {
  readonly blobs: BlobFiles;
  readonly tokens: UploadTokens;
  private readonly urlKeys: UrlKeys;

  constructor(
    private readonly host: StorageHost,
    dataDir: string,
  ) {
    this.blobs = new BlobFiles(dataDir);
    this.tokens = new UploadTokens(storeSecret(host.store, "storage_token_key", 32));
    this.urlKeys = new UrlKeys(host.store, host.catalog.tableNumber(STORAGE_TABLE));
  }

  /** Start-up: removes bytes no `_storage` document references (a crash mid-store, or mid-delete). */
  sweep(): number {
    return this.blobs.sweep((hex) => this.referenced(hex));
  }

  /** The deployment's origin, as the client reaches it (the backend sets CONVEX_CLOUD_URL). */
  private origin(): string {
    return (process.env.CONVEX_CLOUD_URL ?? "http://127.0.0.1:3210").replace(/\/+$/, "");
  }

  uploadUrl(): string {
    return `${this.origin()}/api/storage/upload?token=${encodeURIComponent(this.tokens.issue())}`;
  }

  url(id: string): string {
    return `${this.origin()}/api/storage/${this.urlKeys.of(id)}`;
  }

  /**
   * The `_storage` document ID for a storage ID as functions pass it: a
   * document ID, or the URL key getMetadata reports (Convex's legacy
   * string storage IDs); null for anything else.
   */
  resolve(storageId: unknown): string | null {
    if (typeof storageId !== "string") return null;
    if (this.host.catalog.tableOf(storageId) === STORAGE_TABLE) return storageId;
    return this.urlKeys.idOf(storageId);
  }

  /** A storage ID that is neither: Convex refuses it as an invalid argument. */
  requireId(storageId: unknown, method: string): string {
    const id = this.resolve(storageId);
    if (id === null)
      throw new StorageError(
        `Invalid argument \`storageId\` for \`storage.${method}\`: ${String(storageId)}`,
      );
    return id;
  }

  /** The document behind a serving URL's key, at the latest durable snapshot. */
  byUrlKey(key: string): StorageDoc | null {
    const id = this.urlKeys.idOf(key);
    if (id === null) return null;
    const txn = new Transaction(this.host.store, this.host.catalog, null, this.host.snapshotTs);
    return txn.get(id, STORAGE_TABLE) as StorageDoc | null;
  }

  metadata(doc: StorageDoc): Value {
    return {
      storageId: this.urlKeys.of(doc._id),
      // Convex's getMetadata reports the hex digest (its _storage documents, base64).
      sha256: Buffer.from(doc.sha256, "base64").toString("hex"),
      size: doc.size,
      contentType: doc.contentType ?? null,
    };
  }

  /**
   * Adopts written bytes and inserts their document in `txn` (the caller's
   * mutation). The hash stays held until `release`, after the commit.
   */
  insert(txn: Transaction, blob: WrittenBlob, contentType: string | null, expectedSha256?: string) {
    checkDigest(blob, expectedSha256, this.blobs);
    const adopted = this.blobs.adopt(blob);
    const fields: Record<string, Value> = { sha256: blob.sha256.toString("base64"), size: blob.size };
    if (contentType !== null && contentType !== "") fields.contentType = contentType;
    try {
      return { id: txn.insert(STORAGE_TABLE, fields), release: adopted.release };
    } catch (error) {
      adopted.release();
      throw error;
    }
  }

  /** Stores written bytes in their own transaction; resolves with the storage ID once durable. */
  async commit(blob: WrittenBlob, contentType: string | null, expectedSha256?: string): Promise<string> {
    let release = () => {};
    try {
      return await this.host.mutate((txn) => {
        const inserted = this.insert(txn, blob, contentType, expectedSha256);
        release = inserted.release;
        return inserted.id;
      });
    } finally {
      release();
      this.blobs.discard(blob);
    }
  }

  /** Streams bytes to disk, then stores them (an upload, or `ctx.storage.store` in an action). */
  async storeStream(
    source: AsyncIterable<Uint8Array>,
    contentType: string | null,
    expectedSha256?: string,
  ): Promise<string> {
    return this.commit(await writeTempBlob(this.blobs.tmpDir, source), contentType, expectedSha256);
  }

  delete(txn: Transaction, storageId: unknown): void {
    const id = this.requireId(storageId, "delete");
    if (txn.get(id, STORAGE_TABLE) === null)
      throw new StorageError(`storage id ${String(storageId)} not found`);
    txn.delete(id, STORAGE_TABLE);
  }

  open(doc: StorageDoc, start?: number, end?: number): Readable {
    return this.blobs.read(hexOf(doc), start, end);
  }

  /** Whether the document's bytes are on disk (they are, unless the data dir was edited by hand). */
  hasBytes(doc: StorageDoc): boolean {
    return this.blobs.size(hexOf(doc)) !== null;
  }

  pathOf(doc: StorageDoc): string {
    return this.blobs.pathOf(hexOf(doc));
  }

  /** After a durable commit: drops the bytes of deleted documents nothing else references. */
  afterCommit(changes: Write[]): void {
    for (const change of changes) {
      if (change.table !== STORAGE_TABLE || change.oldDoc === null || change.newDoc !== null) continue;
      this.blobs.unlinkIfUnused(hexOf(change.oldDoc as StorageDoc), (hex) => this.referenced(hex));
    }
  }

  /** Whether any live `_storage` document has these bytes (read at the head, writes in flight included). */
  private referenced(sha256Hex: string): boolean {
    const head = new Transaction(this.host.store, this.host.catalog, 0, 0);
    const value = Buffer.from(sha256Hex, "hex").toString("base64");
    const stream = head.stream({
      source: {
        type: "IndexRange",
        indexName: BY_SHA256,
        range: [{ type: "Eq", fieldPath: "sha256", value }],
      },
      operators: [{ limit: 1 }],
    });
    return stream.next() !== null;
  }
}

function hexOf(doc: StorageDoc): string {
  return Buffer.from(doc.sha256, "base64").toString("hex");
}

/** `store(blob, { sha256 })` and an upload's Digest header: Convex refuses bytes that do not match. */
function checkDigest(blob: WrittenBlob, expectedSha256: string | undefined, blobs: BlobFiles): void {
  if (expectedSha256 === undefined) return;
  const expected = /^[0-9a-f]{64}$/i.test(expectedSha256)
    ? Buffer.from(expectedSha256, "hex")
    : Buffer.from(expectedSha256, "base64");
  if (expected.equals(blob.sha256)) return;
  blobs.discard(blob);
  throw new StorageError(
    `Sha256 mismatch. Expected: ${expected.toString("base64")} Actual: ${blob.sha256.toString("base64")}`,
  );
}
