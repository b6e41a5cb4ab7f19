// The durable store, laid out like Convex's own SQLite persistence: a
// versioned `documents` log (one row per document version, by commit
// timestamp, with the previous version's timestamp), an `indexes` table of
// encoded index keys per version (a tombstone when a key stops holding a
// document), and `globals`. Reading "the latest version at or before ts"
// gives snapshot reads. WAL mode: a COMMIT appends to the WAL, and `syncWal`
// then fsyncs the WAL on libuv's thread pool, so the event loop never waits
// for the disk; the engine answers a write group's mutations only after that
// fsync. One connection writes; another serves snapshot reads.
import Database from "better-sqlite3";
import { closeSync, fsync, mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";

export type DocRow = { ts: number; tbl: string; json: string | null; deleted: number };
export type IndexRow = { key: Buffer; ts: number; deleted: number; document_id: string };
export type KeyBound = { key: Buffer; inclusive: boolean };
export type Conn = "reader" | "writer";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT NOT NULL, ts INTEGER NOT NULL, tbl TEXT NOT NULL, json TEXT,
  deleted INTEGER NOT NULL, prev_ts INTEGER,
  PRIMARY KEY (id, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS indexes (
  index_id TEXT NOT NULL, key BLOB NOT NULL, ts INTEGER NOT NULL,
  deleted INTEGER NOT NULL, document_id TEXT NOT NULL,
  PRIMARY KEY (index_id, key, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS globals (key TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

/** Page cache per connection (KiB): memory is bounded by this, not by the data. */
const CACHE_KIB = 16 * 1024;
const FILE = "convex.sqlite3";

/** Deletes a data dir's database (documents, indexes, scheduled functions); env vars stay. */
export function wipeData(dataDir: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path.join(dataDir, FILE + suffix), { force: true });
}

export class SqliteStore {
  readonly file: string;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private depth = 0;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, FILE);
    this.writer = new Database(this.file);
    this.writer.pragma("journal_mode = WAL");
    // Commits are made durable by syncWal (checkpoints still sync on their own).
    this.writer.pragma("synchronous = NORMAL");
    this.writer.pragma(`cache_size = -${CACHE_KIB}`);
    this.writer.exec(SCHEMA);
    this.reader = new Database(this.file, { readonly: true });
    this.reader.pragma(`cache_size = -${CACHE_KIB}`);
  }

  private walFd: number | null = null;

  /** Resolves once everything committed so far is on disk (an fsync of the WAL). */
  syncWal(): Promise<void> {
    this.walFd ??= openSync(`${this.file}-wal`, "r");
    const fd = this.walFd;
    return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    if (this.walFd !== null) closeSync(this.walFd);
    if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
    this.reader.close();
    this.writer.close();
  }

  private stmt(conn: Conn, sql: string): Database.Statement {
    const key = `${conn}\u0000${sql}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = (conn === "reader" ? this.reader : this.writer).prepare(sql);
      this.statements.set(key, statement);
    }
    return statement;
  }

  getGlobal<T>(key: string): T | undefined {
    const row = this.stmt("writer", "SELECT json FROM globals WHERE key = ?").get(key) as
      { json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.json) as T);
  }

  setGlobal(key: string, value: unknown): void {
    this.stmt("writer", "INSERT OR REPLACE INTO globals (key, json) VALUES (?, ?)").run(
      key,
      JSON.stringify(value),
    );
  }

  /** The latest version of a document at or before `ts`. */
  getDoc(conn: Conn, id: string, ts: number): DocRow | undefined {
    return this.stmt(
      conn,
      "SELECT ts, tbl, json, deleted FROM documents WHERE id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1",
    ).get(id, ts) as DocRow | undefined;
  }

  /**
   * Up to `limit` keys of an index in (lower, upper), each with its latest
   * entry at or before `ts` (tombstones included: the caller skips them).
   */
  scanIndex(
    conn: Conn,
    indexId: string,
    lower: KeyBound,
    upper: KeyBound,
    ts: number,
    order: "asc" | "desc",
    limit: number,
  ): IndexRow[] {
    const sql =
      `SELECT key, max(ts) AS ts, deleted, document_id FROM indexes WHERE index_id = ? ` +
      `AND key ${lower.inclusive ? ">=" : ">"} ? AND key ${upper.inclusive ? "<=" : "<"} ? AND ts <= ? ` +
      `GROUP BY key ORDER BY key ${order === "asc" ? "ASC" : "DESC"} LIMIT ?`;
    return this.stmt(conn, sql).all(indexId, lower.key, upper.key, ts, limit) as IndexRow[];
  }

  putDoc(id: string, ts: number, table: string, json: string | null, prevTs: number | null): void {
    this.stmt(
      "writer",
      "INSERT OR REPLACE INTO documents (id, ts, tbl, json, deleted, prev_ts) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(id, ts, table, json, json === null ? 1 : 0, prevTs);
  }

  putIndex(indexId: string, key: Buffer, ts: number, deleted: boolean, documentId: string): void {
    this.stmt(
      "writer",
      "INSERT OR REPLACE INTO indexes (index_id, key, ts, deleted, document_id) VALUES (?, ?, ?, ?, ?)",
    ).run(indexId, key, ts, deleted ? 1 : 0, documentId);
  }

  deleteIndex(indexId: string): void {
    this.stmt("writer", "DELETE FROM indexes WHERE index_id = ?").run(indexId);
  }

  /** Opens the write group's transaction if needed, then a savepoint for one transaction in it. */
  savepoint(): void {
    if (!this.writer.inTransaction) this.writer.exec("BEGIN IMMEDIATE");
    this.writer.exec(`SAVEPOINT s${this.depth++}`);
  }

  release(): void {
    this.writer.exec(`RELEASE s${--this.depth}`);
  }

  rollback(): void {
    const name = `s${--this.depth}`;
    this.writer.exec(`ROLLBACK TO ${name}`);
    this.writer.exec(`RELEASE ${name}`);
  }

  /** Commits the write group to the WAL (durable once syncWal resolves). */
  commit(): void {
    if (this.writer.inTransaction) this.writer.exec("COMMIT");
  }

  /** Pages the WAL may grow by before a COMMIT checkpoints it itself (0: never; see checkpointer.ts). */
  autoCheckpoint(pages: number): void {
    this.writer.pragma(`wal_autocheckpoint = ${pages}`);
  }

  get inGroup(): boolean {
    return this.writer.inTransaction;
  }

  /** Runs `fn` in its own durable transaction (outside any write group). */
  transaction<T>(fn: () => T): T {
    return this.writer.transaction(fn)();
  }
}
