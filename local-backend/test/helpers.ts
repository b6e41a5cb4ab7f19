// Test helpers for the local backend conformance suite: start and stop a
// backend process on a functions dir, drive its `env` CLI, read its metrics,
// make unmodified `convex/browser` clients, and wait for observable
// conditions (never fixed sleeps).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient, type ConvexClientOptions } from "convex/browser";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import WebSocket from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = path.resolve(here, "..", "..");
export const CLI_PATH = path.join(REPO_ROOT, "local-backend", "cli.ts");
export const FIXTURE_FUNCTIONS_DIR = path.join(here, "fixtures", "conformance", "convex");

const READY_LINE = /ready: (http\S+) \(site: (http\S+)\)/;

// ---------------------------------------------------------------------------
// Waiting

export type WaitOptions = {
  timeoutMs?: number;
  intervalMs?: number;
  message?: string | (() => string);
};

/**
 * Polls `check` until it returns a value other than `undefined`/`false`/`null`
 * (or stops throwing), then returns that value. Fails after `timeoutMs` with
 * the last thrown error or returned value in the message.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, message = "condition" }: WaitOptions = {},
): Promise<NonNullable<Exclude<T, false>>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false)
        return value as NonNullable<Exclude<T, false>>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail =
        last === undefined ? "" : ` (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`;
      const what = typeof message === "function" ? message() : message;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with `promise`, or rejects after `timeoutMs` naming `what`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

let uidCounter = 0;
/** A name unique to this process run, so tests never share rows. */
export function uid(prefix: string): string {
  uidCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${uidCounter}`;
}

// ---------------------------------------------------------------------------
// The CLI

export type CliResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

/** Runs `local-backend/cli.ts` with `args` (as `npx tsx local-backend/cli.ts …` would) and collects its output. */
export function runCli(
  args: string[],
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_PATH, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `cli ${args.join(" ")} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------
// The backend process

export type Metrics = {
  executions: Record<string, number>;
  rerunsByFunction: Record<string, number>;
  rerunsByTable: Record<string, number>;
  /** table -> query -> re-runs caused by writes to that table */
  rerunsByTableAndFunction: Record<string, Record<string, number>>;
  /** query -> documents its runs read, summed */
  docsRead: Record<string, number>;
  commits: number;
  subscriptions: number;
  connections: number;
  /** Sync sessions (Connect's sessionId) the backend remembers mutation answers for. */
  syncSessions: number;
};

export type EnvCli = {
  set(name: string, value: string): Promise<void>;
  get(name: string): Promise<string>;
  list(): Promise<string>;
  remove(name: string): Promise<void>;
};

export type Backend = {
  /** Deployment URL (`VITE_CONVEX_URL` / `CONVEX_CLOUD_URL`), without a trailing slash. */
  url: string;
  /** HTTP actions URL (`CONVEX_SITE_URL`), without a trailing slash. */
  siteUrl: string;
  functionsDir: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  metrics(): Promise<Metrics>;
  env: EnvCli;
  stop(): Promise<void>;
};

export type StartOptions = {
  functionsDir?: string;
  /** Reuse a data dir (e.g. to restart on the same data); a fresh temp dir otherwise. */
  dataDir?: string;
  /** Environment variables set through the `env set` CLI before the backend starts. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  extraArgs?: string[];
};

function envCli(functionsDir: string, dataDir: string): EnvCli {
  const run = async (args: string[]): Promise<string> => {
    const result = await runCli(["env", ...args, "--dir", functionsDir, "--data-dir", dataDir]);
    if (result.code !== 0) {
      throw new Error(
        `env ${args.join(" ")} exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`,
      );
    }
    return result.stdout;
  };
  return {
    set: async (name, value) => void (await run(["set", name, value])),
    get: async (name) => (await run(["get", name])).replace(/\r?\n$/, ""),
    list: async () => run(["list"]),
    remove: async (name) => void (await run(["remove", name])),
  };
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Never leave a backend behind if the test process dies without teardown.
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** Starts `local-backend/cli.ts` on a functions dir with ephemeral ports and waits for its ready line. */
export async function startBackend(options: StartOptions = {}): Promise<Backend> {
  installExitHook();
  const functionsDir = options.functionsDir ?? FIXTURE_FUNCTIONS_DIR;
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "local-backend-test-"));
  const env = envCli(functionsDir, dataDir);
  for (const [name, value] of Object.entries(options.env ?? {})) await env.set(name, value);

  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI_PATH,
      "--dir",
      functionsDir,
      "--port",
      "0",
      "--site-port",
      "0",
      "--data-dir",
      dataDir,
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child);
  let output = "";
  let stdoutBuffer = "";
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve();
    });
  });

  const ready = new Promise<{ url: string; siteUrl: string }>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 45_000;
    const timer = setTimeout(() => {
      reject(new Error(`backend did not print its ready line within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      stdoutBuffer += text;
      const match = READY_LINE.exec(stdoutBuffer);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1].replace(/\/+$/, ""),
          siteUrl: match[2].replace(/\/+$/, ""),
        });
        stdoutBuffer = "";
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`backend exited (${JSON.stringify(exited)}) before it was ready. Output:\n${output}`));
    });
  });

  let urls: { url: string; siteUrl: string };
  try {
    urls = await ready;
  } catch (error) {
    child.kill("SIGKILL");
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const stop = async (): Promise<void> => {
    if (exited === null) {
      child.kill("SIGTERM");
      const killed = await Promise.race([
        exitPromise.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
      ]);
      if (!killed) {
        child.kill("SIGKILL");
        await exitPromise;
      }
    }
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  return {
    ...urls,
    functionsDir,
    dataDir,
    process: child,
    output: () => output,
    metrics: async () => {
      const response = await fetch(`${urls.url}/_local/metrics`);
      if (!response.ok)
        throw new Error(`GET /_local/metrics: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as Metrics;
    },
    env,
    stop,
  };
}

/** Starts the backend on the app's own functions (convex/) with the demo catalog, as `npm run dev` does. */
export function startAppBackend(
  env: Record<string, string> = {},
  functionsDir = path.join(REPO_ROOT, "convex"),
): Promise<Backend> {
  return startBackend({
    functionsDir,
    env,
    extraArgs: ["--run", "seed:ensureDemoData"],
    readyTimeoutMs: 120_000,
  });
}

/** `metrics[key]` treating a missing entry as 0. */
export function count(record: Record<string, number> | undefined, key: string): number {
  return record?.[key] ?? 0;
}

// ---------------------------------------------------------------------------
// Clients

export type LogCall = {
  level: "log" | "warn" | "error" | "logVerbose";
  args: unknown[];
};

/** A `convex/browser` logger that records what it is given instead of printing it. */
export class CapturingLogger {
  readonly calls: LogCall[] = [];
  log = (...args: unknown[]): void => void this.calls.push({ level: "log", args });
  warn = (...args: unknown[]): void => void this.calls.push({ level: "warn", args });
  error = (...args: unknown[]): void => void this.calls.push({ level: "error", args });
  logVerbose = (...args: unknown[]): void => void this.calls.push({ level: "logVerbose", args });
  text(level?: LogCall["level"]): string[] {
    return this.calls
      .filter((c) => level === undefined || c.level === level)
      .map((c) => c.args.map(String).join(" "));
  }
}

/** Tracks clients made during a test so they can all be closed afterwards. */
export class ClientPool {
  private wsClients: ConvexClient[] = [];

  ws(backend: Pick<Backend, "url">, options: ConvexClientOptions = {}): ConvexClient {
    const client = new ConvexClient(backend.url, {
      // Node 20 has no global WebSocket; convex/browser's node entry bundles one, but be explicit.
      webSocketConstructor: WebSocket as unknown as ConvexClientOptions["webSocketConstructor"],
      unsavedChangesWarning: false,
      logger: false,
      ...options,
    });
    this.wsClients.push(client);
    return client;
  }

  http(
    backend: Pick<Backend, "url">,
    options: ConstructorParameters<typeof ConvexHttpClient>[1] = {},
  ): ConvexHttpClient {
    return new ConvexHttpClient(backend.url, { logger: false, ...options });
  }

  async closeAll(): Promise<void> {
    const clients = this.wsClients;
    this.wsClients = [];
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}

export type WatchWaitOptions = {
  timeoutMs?: number;
  what?: string;
  from?: number;
};

export type Watched<T> = {
  /** Every value delivered to the onUpdate callback, in order. */
  values: T[];
  /** Every error delivered to the onError callback, in order. */
  errors: Error[];
  latest(): T | undefined;
  /**
   * Resolves with the first value delivered at index `from` or later (default:
   * any, past or future) that satisfies `predicate`. Use `from: w.values.length`
   * to wait for a value delivered after now.
   */
  waitFor(predicate: (value: T) => boolean, options?: WatchWaitOptions): Promise<T>;
  waitForError(predicate?: (error: Error) => boolean, options?: WatchWaitOptions): Promise<Error>;
  unsubscribe(): void;
};

/** Subscribes with `client.onUpdate` and records every delivered result and error. */
export function watch<Query extends FunctionReference<"query">>(
  client: ConvexClient,
  query: Query,
  args: FunctionArgs<Query>,
): Watched<FunctionReturnType<Query>> {
  type T = FunctionReturnType<Query>;
  const values: T[] = [];
  const errors: Error[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const unsubscribe = client.onUpdate(
    query,
    args,
    (value) => {
      values.push(value);
      notify();
    },
    (error) => {
      errors.push(error);
      notify();
    },
  );
  const waitUntil = <R>(find: () => R | undefined, timeoutMs: number, what: string): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${what}; values so far: ${JSON.stringify(values)}; errors: ${errors
              .map((e) => e.message)
              .join(" | ")}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    values,
    errors,
    latest: () => values[values.length - 1],
    waitFor: (predicate, { timeoutMs = 10_000, what = "a matching value", from = 0 } = {}) =>
      waitUntil(
        () => {
          for (let i = from; i < values.length; i++) if (predicate(values[i]!)) return { value: values[i]! };
          return undefined;
        },
        timeoutMs,
        what,
      ).then((found) => found.value),
    waitForError: (predicate = () => true, { timeoutMs = 10_000, what = "an error", from = 0 } = {}) =>
      waitUntil(() => errors.slice(from).find((e) => predicate(e)), timeoutMs, what),
    unsubscribe: () => unsubscribe(),
  };
}

/** Resolves with the error `promise` rejects with; fails if it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & { data?: unknown }> {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`, {
      cause: "resolved",
    });
  } catch (error) {
    if (error instanceof Error && error.cause === "resolved") throw error;
    if (!(error instanceof Error))
      throw new Error(`rejected with a non-Error: ${JSON.stringify(error)}`, { cause: error });
    return error;
  }
}

// ---------------------------------------------------------------------------
// Raw sync-protocol sockets (for protocol-shape and robustness tests)

export type RawSocket = {
  ws: WebSocket;
  /** Parsed JSON messages received so far. */
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The first message received at index `from` or later that satisfies `predicate`. */
  next(
    predicate: (message: Record<string, unknown>) => boolean,
    options?: { timeoutMs?: number; from?: number },
  ): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
};

export function syncUrl(backend: Backend, version = "1.48.0"): string {
  return `${backend.url.replace(/^http/, "ws")}/api/${version}/sync`;
}

/** The `Connect` message a fresh `convex/browser` client sends first. */
export function connectMessage(
  sessionId: string = randomUUID(),
  connectionCount = 0,
): Record<string, unknown> {
  return {
    type: "Connect",
    sessionId,
    connectionCount,
    lastCloseReason: "InitialConnect",
    clientTs: Date.now(),
  };
}

/** A first `ModifyQuerySet` (version 0 to 1) adding one query as query 0. */
export function addQueryMessage(udfPath: string, args: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "ModifyQuerySet",
    baseVersion: 0,
    newVersion: 1,
    modifications: [{ type: "Add", queryId: 0, udfPath, args: [args] }],
  };
}

export async function openRawSocket(backend: Backend): Promise<RawSocket> {
  const ws = new WebSocket(syncUrl(backend));
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      isClosed = true;
      resolve({ code, reason: reason.toString() });
      for (const waiter of [...waiters]) waiter();
    });
  });
  ws.on("error", () => undefined);
  ws.on("message", (data) => {
    try {
      messages.push(JSON.parse(Buffer.from(data as Buffer).toString("utf8")) as Record<string, unknown>);
    } catch {
      messages.push({ type: "<unparseable>", raw: Buffer.from(data as Buffer).toString("utf8") });
    }
    for (const waiter of [...waiters]) waiter();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    messages,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (data) => ws.send(data),
    next: (predicate, { timeoutMs = 10_000, from = 0 } = {}) =>
      new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < messages.length; i++) {
            if (predicate(messages[i])) {
              cleanup();
              resolve(messages[i]);
              return;
            }
          }
          if (isClosed) {
            cleanup();
            reject(new Error(`socket closed before a matching message; got ${JSON.stringify(messages)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for a message; got ${JSON.stringify(messages)}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    closed,
    isClosed: () => isClosed,
  };
}

/** Decodes a sync-protocol timestamp (u64, 8 little-endian bytes, base64). */
export function decodeTs(ts: unknown): bigint {
  if (typeof ts !== "string") throw new Error(`timestamp is not a string: ${JSON.stringify(ts)}`);
  const bytes = Buffer.from(ts, "base64");
  if (bytes.length !== 8) throw new Error(`timestamp ${ts} is ${bytes.length} bytes, not 8`);
  return bytes.readBigUInt64LE(0);
}

// ---------------------------------------------------------------------------
// An external JWT issuer for customJwt providers

export type JwksServer = {
  /** `iss` of the tokens it issues. */
  issuer: string;
  /** URL of its JWKS document. */
  jwksUrl: string;
  kid: string;
  /** How many times the JWKS document was fetched. */
  requests(): number;
  sign(
    claims: Record<string, unknown>,
    options?: { expiresIn?: string | number; audience?: string },
  ): Promise<string>;
  close(): Promise<void>;
};

export async function startJwksServer(): Promise<JwksServer> {
  const { generateKeyPair, exportJWK, SignJWT } = await import("jose");
  const { createServer } = await import("node:http");
  const { privateKey, publicKey } = await generateKeyPair("RS256", {
    extractable: true,
  });
  const kid = "conformance-key-1";
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid,
    alg: "RS256",
    use: "sig",
  };
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url === "/jwks.json") {
      requests += 1;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("JWKS server has no port");
  const origin = `http://127.0.0.1:${address.port}`;
  const issuer = `${origin}/issuer`;
  return {
    issuer,
    jwksUrl: `${origin}/jwks.json`,
    kid,
    requests: () => requests,
    sign: (claims, { expiresIn = "1h", audience = "conformance-app" } = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `beforeEach` hook: when a test fails, print what the backend logged during it. */
export function showBackendOutputOnFailure(
  current: () => Pick<Backend, "output"> | undefined,
): (context: { task: { name: string }; onTestFailed(fn: () => void): void }) => void {
  return (context) => {
    const mark = current()?.output().length ?? 0;
    context.onTestFailed(() => {
      const output = current()?.output().slice(mark) ?? "";
      process.stderr.write(
        `\n--- backend output during "${context.task.name}" ---\n${output || "(none)"}\n--- end ---\n`,
      );
    });
  };
}
