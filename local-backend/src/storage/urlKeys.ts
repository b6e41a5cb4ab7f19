// The key in a file's serving URL (`/api/storage/<key>`): a UUID-shaped
// string, as Convex's is, that is the `_storage` document's 16 random ID
// bytes encrypted with this deployment's own AES key (one block, so a
// permutation). Knowing a storage ID does not give its URL (only getUrl does,
// as on Convex), yet the URL leads back to the document without a lookup
// table. The key is made once per data dir and kept in the store's globals.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeDocumentId, encodeDocumentId } from "../documentIds.js";
import type { SqliteStore } from "../store/sqliteStore.js";

const GLOBAL = "storage_url_key";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A persisted random secret from the store's globals (made on first use). */
export function storeSecret(store: SqliteStore, name: string, bytes: number): Buffer {
  let hex = store.getGlobal<string>(name);
  if (hex === undefined) {
    hex = randomBytes(bytes).toString("hex");
    const value = hex;
    store.transaction(() => store.setGlobal(name, value));
  }
  return Buffer.from(hex, "hex");
}

export class UrlKeys {
  private readonly key: Buffer;

  constructor(
    store: SqliteStore,
    private readonly storageTableNumber: number,
  ) {
    this.key = storeSecret(store, GLOBAL, 16);
  }

  /** The URL key of a `_storage` document ID. */
  of(id: string): string {
    const decoded = decodeDocumentId(id);
    if (decoded === null) throw new Error(`Not a storage ID: ${id}`);
    const cipher = createCipheriv("aes-128-ecb", this.key, null).setAutoPadding(false);
    const hex = Buffer.concat([cipher.update(decoded.internalId), cipher.final()]).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** The `_storage` document ID a URL key stands for, or null if it is not one. */
  idOf(key: string): string | null {
    if (!UUID.test(key)) return null;
    const decipher = createDecipheriv("aes-128-ecb", this.key, null).setAutoPadding(false);
    const internalId = Buffer.concat([
      decipher.update(Buffer.from(key.replace(/-/g, ""), "hex")),
      decipher.final(),
    ]);
    return encodeDocumentId({ tableNumber: this.storageTableNumber, internalId });
  }
}
