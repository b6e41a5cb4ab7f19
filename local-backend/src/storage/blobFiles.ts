// File storage's bytes on disk, in the data dir's `files/` folder, named by
// their SHA-256 (content-addressed: two `_storage` documents with the same
// bytes share one file). A file is written to `files/tmp/`, fsync'd, then
// renamed to its hash name (and the folder fsync'd) before the commit that
// inserts its `_storage` document, so a committed document always has its
// bytes. A file no document references (a crash between the two, or a
// deleted document's) is removed after the deleting commit, or by the sweep
// at start-up.
import { createHash, randomBytes, type Hash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** A file written to the temp folder, not yet adopted under its hash. */
export type WrittenBlob = { tmpPath: string; sha256: Buffer; size: number };

/** Streams `source` into a new temp file in `tmpDir`, hashing it; fsyncs before resolving. */
export async function writeTempBlob(tmpDir: string, source: AsyncIterable<Uint8Array>): Promise<WrittenBlob> {
  const tmpPath = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
  const hash: Hash = createHash("sha256");
  let size = 0;
  let handle: FileHandle | null = await open(tmpPath, "wx");
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      hash.update(chunk);
      await handle.write(chunk);
    }
    await handle.sync();
    await handle.close();
    handle = null;
    return { tmpPath, sha256: hash.digest(), size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    rmSync(tmpPath, { force: true });
    throw error;
  }
}

/** Writes bytes already in memory to a temp file (synchronously: used by mutations and tests). */
export function writeTempBlobSync(tmpDir: string, bytes: Uint8Array): WrittenBlob {
  const tmpPath = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
  const fd = openSync(tmpPath, "wx");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { tmpPath, sha256: createHash("sha256").update(bytes).digest(), size: bytes.byteLength };
}

export class BlobFiles {
  readonly dir: string;
  readonly tmpDir: string;
  /** Hashes whose `_storage` document is being committed: never unlinked meanwhile. */
  private readonly adopting = new Map<string, number>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "files");
    this.tmpDir = path.join(this.dir, "tmp");
    mkdirSync(this.tmpDir, { recursive: true });
  }

  pathOf(sha256Hex: string): string {
    return path.join(this.dir, sha256Hex);
  }

  /**
   * Moves a written temp file to its hash name, durably, and holds the hash
   * until `release` (call it once the document's commit is over, either way).
   */
  adopt(blob: WrittenBlob): { sha256Hex: string; release: () => void } {
    const sha256Hex = blob.sha256.toString("hex");
    this.adopting.set(sha256Hex, (this.adopting.get(sha256Hex) ?? 0) + 1);
    renameSync(blob.tmpPath, this.pathOf(sha256Hex));
    const dirFd = openSync(this.dir, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    let released = false;
    return {
      sha256Hex,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.adopting.get(sha256Hex) ?? 1) - 1;
        if (left === 0) this.adopting.delete(sha256Hex);
        else this.adopting.set(sha256Hex, left);
      },
    };
  }

  discard(blob: WrittenBlob): void {
    rmSync(blob.tmpPath, { force: true });
  }

  /** Removes the file of `sha256Hex` unless a document (`referenced`) or a commit in flight still needs it. */
  unlinkIfUnused(sha256Hex: string, referenced: (sha256Hex: string) => boolean): void {
    if (this.adopting.has(sha256Hex) || referenced(sha256Hex)) return;
    rmSync(this.pathOf(sha256Hex), { force: true });
  }

  /** Start-up: drops temp files and files no document references. */
  sweep(referenced: (sha256Hex: string) => boolean): number {
    let removed = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(path.join(this.tmpDir, name), { force: true });
      removed++;
    }
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{64}$/.test(name) || referenced(name)) continue;
      rmSync(this.pathOf(name), { force: true });
      removed++;
    }
    return removed;
  }

  size(sha256Hex: string): number | null {
    const file = this.pathOf(sha256Hex);
    return existsSync(file) ? statSync(file).size : null;
  }

  /** The bytes from `start` to `end` inclusive. */
  read(sha256Hex: string, start?: number, end?: number): Readable {
    return createReadStream(this.pathOf(sha256Hex), { start, end });
  }
}
