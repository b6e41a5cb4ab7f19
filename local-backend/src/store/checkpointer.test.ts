// The WAL is copied into the database file by the checkpointer's worker, not
// by the commits themselves (which would stall every request meanwhile), and
// what was committed is all there when the store is opened again.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { Checkpointer } from "./checkpointer.js";
import { SqliteStore } from "./sqliteStore.js";
import { waitFor } from "../../test/helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store in a fresh dir, with `commits` write groups of one 4 KiB document each (~3000 WAL pages in all). */
function storeWithCommits(commitsPerCheckpoint: number, commits = 1000, delayMs?: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "checkpointer-"));
  dirs.push(dir);
  const store = new SqliteStore(dir);
  const checkpointer = new Checkpointer(store, { commitsPerCheckpoint, delayMs });
  const sizeAtStart = statSync(store.file).size;
  const text = JSON.stringify("x".repeat(4096));
  for (let i = 1; i <= commits; i++) {
    store.savepoint();
    store.putDoc(`doc${i}`, i, "things", text, null);
    store.release();
    store.commit();
    checkpointer.afterCommit();
  }
  return { dir, store, checkpointer, sizeAtStart };
}

const databaseSize = (store: SqliteStore) => statSync(store.file).size;

test("commits never copy the WAL into the database file themselves", async () => {
  const { store, checkpointer, sizeAtStart } = storeWithCommits(Infinity);
  // SQLite's automatic checkpoint would have run inside several of these COMMITs.
  expect(databaseSize(store)).toBe(sizeAtStart);
  await checkpointer.close();
  store.close();
});

test("the worker checkpoints every so many commits, the store still closes last, and reopening finds every document", async () => {
  const { dir, store, checkpointer, sizeAtStart } = storeWithCommits(200);
  await waitFor(() => databaseSize(store) > sizeAtStart + 1000 * 4096, {
    message: "the documents to be checkpointed into the database file",
  });
  await checkpointer.close();
  store.close();
  // The last connection to close removes the WAL: the store's, not one the worker left open.
  expect(existsSync(`${store.file}-wal`)).toBe(false);
  const reopened = new SqliteStore(dir);
  for (const i of [1, 500, 1000]) expect(reopened.getDoc("reader", `doc${i}`, 1000)?.ts).toBe(i);
  reopened.close();
});

test("a write with no commits after it is checkpointed soon all the same", async () => {
  const { store, checkpointer, sizeAtStart } = storeWithCommits(Infinity, 300, 50);
  await waitFor(() => databaseSize(store) > sizeAtStart + 300 * 4096, {
    message: "the last commits to be checkpointed",
  });
  await checkpointer.close();
  store.close();
});
