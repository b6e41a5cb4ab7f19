// The local backend: wires the function engine, the sync protocol, the HTTP
// API, HTTP actions, auth, crons and deployment env vars into two HTTP
// servers (the deployment URL and its site URL), like a Convex deployment.
import { host } from "./hostContext.js";
import { existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { WebSocketServer } from "ws";
import { convexToJson } from "convex/values";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { describeError, type HostedEngine, type Identity } from "./engine.js";
import { SqliteEngine } from "./sqliteEngine.js";
import { ConvexTestEngine } from "./memoryEngine.js";
import { setFunctionLogEcho } from "./functionLogs.js";
import { FunctionsLoader } from "./loader.js";
import { SyncServer, decodeArgs } from "./sync.js";
import { Metrics } from "./metrics.js";
import { AuthError, TokenVerifier, parseProviders, type AuthProvider } from "./auth.js";
import { EnvStore, applyEnv } from "./envStore.js";
import { CronRunner } from "./crons.js";

export class BackendError extends Error {}

export type BackendOptions = {
  functionsDir: string;
  port?: number;
  sitePort?: number;
  host?: string;
  dataDir?: string;
  projectRoot?: string;
  watch?: boolean;
  /** Env vars for this run only, over the store's (e.g. short TTLs in tests). */
  envOverrides?: Record<string, string>;
  /** Functions ("module:name", internal ones too) to run once loaded, like `npx convex dev --run`. */
  run?: string[];
  log?: (line: string) => void;
  /** "memory": the old in-memory engine, kept only as the bench's comparison. */
  engine?: "sqlite" | "memory";
};

export type Backend = {
  url: string;
  siteUrl: string;
  dataDir: string;
  close(): Promise<void>;
};

const MAX_BODY = 16 * 1024 * 1024;

export function defaultDataDir(projectRoot: string, functionsDir: string): string {
  const slug = path.relative(projectRoot, functionsDir).replace(/[^a-zA-Z0-9]+/g, "_") || "root";
  return path.join(projectRoot, ".local-backend", slug);
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const log = options.log ?? ((line: string) => host.console.log(line));
  const projectRoot = path.resolve(options.projectRoot ?? process.cwd());
  const functionsDir = path.resolve(projectRoot, options.functionsDir);
  if (!existsSync(functionsDir) || !statSync(functionsDir).isDirectory()) {
    throw new BackendError(`Functions dir not found: ${functionsDir}`);
  }
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(projectRoot, functionsDir));
  const hostname = options.host ?? "127.0.0.1";
  setFunctionLogEcho((line) => log(`  ${line}`));

  let handleCloud: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => unavailable(res);
  let handleSite: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => unavailable(res);
  const cloud = createServer((req, res) => handleCloud(req, res));
  const site = createServer((req, res) => handleSite(req, res));
  const cloudPort = await listen(cloud, options.port ?? 3210, hostname);
  let sitePort: number;
  try {
    sitePort = await listen(site, options.sitePort ?? 3211, hostname);
  } catch (error) {
    cloud.close();
    throw error;
  }
  const url = `http://${hostname}:${cloudPort}`;
  const siteUrl = `http://${hostname}:${sitePort}`;
  const closeServers = () => {
    cloud.closeAllConnections();
    site.closeAllConnections();
    cloud.close();
    site.close();
  };

  try {
    const env = new EnvStore(dataDir);
    if (await env.ensureAuthKeys()) log(`Generated JWT_PRIVATE_KEY and JWKS in ${env.file}`);
    const deploymentEnv = () => ({ ...env.read(), ...options.envOverrides });
    let applied = applyEnv(deploymentEnv(), new Set());
    process.env.CONVEX_CLOUD_URL = url;
    process.env.CONVEX_SITE_URL = siteUrl;

    const loader = new FunctionsLoader(functionsDir, projectRoot, {
      watch: options.watch ?? true,
      codegen: true,
      log,
    });
    await loader.start();
    for (const file of loader.modulePaths()) {
      try {
        await loader.load(file);
      } catch (error) {
        await loader.close();
        throw new BackendError(
          `Could not load ${path.join(functionsDir, file)}: ${describeError(error).split("\n")[0]}`,
        );
      }
    }

    const loadOptional = async (name: string) => {
      const file = loader.find(name);
      return file === undefined ? null : await loader.load(file);
    };
    const loadSchema = async () =>
      ((await loadOptional("schema"))?.default ?? null) as SchemaDefinition<GenericSchema, boolean> | null;

    let engine: HostedEngine;
    try {
      engine =
        options.engine === "memory"
          ? ConvexTestEngine.open(loader, await loadSchema())
          : await SqliteEngine.open(loader, await loadSchema(), dataDir);
    } catch (error) {
      await loader.close();
      throw new BackendError(describeError(error));
    }
    const metrics = new Metrics();
    let providers: AuthProvider[] = parseProviders((await loadOptional("auth.config"))?.default);
    const siteFetch = (target: string) =>
      target.startsWith(`${siteUrl}/`) ? engine.runHttpAction(new Request(target)) : host.fetch(target);
    const verifier = new TokenVerifier(() => Promise.resolve(providers), siteFetch);
    const sync = new SyncServer(engine, (token) => verifier.verify(token), metrics, log);
    const crons = new CronRunner(engine, log, engine instanceof SqliteEngine ? engine.cronState : null);
    crons.load(await loadOptional("crons"));

    const stopWatchingEnv = env.watch(() => {
      applied = applyEnv(deploymentEnv(), applied);
      process.env.CONVEX_CLOUD_URL = url;
      process.env.CONVEX_SITE_URL = siteUrl;
      void reloadConfig();
    });
    const reloadConfig = async () => {
      try {
        providers = parseProviders((await loadOptional("auth.config"))?.default);
        crons.load(await loadOptional("crons"));
      } catch (error) {
        log(`Reload failed: ${describeError(error)}`);
      }
    };
    loader.onChange((kind, file) => {
      void (async () => {
        try {
          if (loader.has(file)) {
            try {
              await loader.load(file);
            } catch (error) {
              log(
                `${file} has an error; its functions will fail until it is fixed: ${describeError(error).split("\n")[0]}`,
              );
              return;
            }
          }
          if (kind === "structure") {
            await engine.push(await loadSchema());
            log(`${file} changed: functions and schema reloaded.`);
          } else {
            engine.reloadModules();
            log(`${file} changed: functions reloaded.`);
          }
          await reloadConfig();
          sync.rerunAll();
        } catch (error) {
          log(`Reload failed: ${describeError(error)}`);
        }
      })();
    });

    const verifyHeader = async (req: IncomingMessage): Promise<Identity> => {
      const header = req.headers.authorization;
      if (header === undefined) return null;
      const match = /^Bearer (.+)$/.exec(header);
      if (!match) throw new AuthError("Authorization header must be 'Bearer <token>'");
      return (await verifier.verify(match[1])).identity;
    };

    handleCloud = (req, res) => {
      void (async () => {
        const pathname = new URL(req.url ?? "/", url).pathname;
        if (pathname.startsWith("/api/")) cors(res);
        if (req.method === "OPTIONS") return send(res, 204, "");
        if (req.method === "GET" && pathname === "/_local/metrics") {
          return sendJson(res, 200, {
            executions: Object.fromEntries(engine.executions),
            ...metrics.toJSON(),
            subscriptions: sync.subscriptionCount,
            connections: sync.connectionCount,
            memory: process.memoryUsage(),
          });
        }
        const api = /^\/api\/(query|mutation|action)$/.exec(pathname);
        if (api && req.method === "POST") {
          const kind = api[1] as "query" | "mutation" | "action";
          let identity: Identity;
          try {
            identity = await verifyHeader(req);
          } catch (error) {
            return sendJson(res, 401, { code: "Unauthenticated", message: describeError(error) });
          }
          let body: { path?: unknown; args?: unknown };
          try {
            body = JSON.parse((await readBody(req)).toString("utf8")) as typeof body;
            if (typeof body.path !== "string") throw new Error("missing path");
          } catch (error) {
            return sendJson(res, 400, {
              code: "BadRequest",
              message: `Invalid request body: ${describeError(error)}`,
            });
          }
          let args;
          try {
            args = decodeArgs(body.args ?? [{}]);
          } catch (error) {
            return sendJson(res, 400, { code: "BadRequest", message: describeError(error) });
          }
          const outcome = await sync.call(kind, body.path, args, identity);
          if (outcome.ok) {
            return sendJson(res, 200, {
              status: "success",
              value: convexToJson(outcome.value),
              logLines: outcome.logLines,
            });
          }
          return sendJson(res, 560, {
            status: "error",
            errorMessage: outcome.errorMessage,
            ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
            logLines: outcome.logLines,
          });
        }
        if (req.method === "GET" && pathname === "/")
          return send(res, 200, "This Convex deployment is running (tabbook local backend).");
        return sendJson(res, 404, {
          code: "NotFound",
          message: `No route for ${req.method ?? "GET"} ${pathname}`,
        });
      })().catch((error: unknown) => {
        log(`HTTP error: ${describeError(error)}`);
        if (!res.headersSent)
          sendJson(res, 500, { code: "InternalServerError", message: "Internal server error" });
      });
    };

    handleSite = (req, res) => {
      void (async () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        const method = req.method ?? "GET";
        const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
        const response = await engine.runHttpAction(
          new Request(new URL(req.url ?? "/", siteUrl), { method, headers, body }),
        );
        res.statusCode = response.status;
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(Buffer.from(await response.arrayBuffer()));
      })().catch((error: unknown) => {
        log(`HTTP action error: ${describeError(error)}`);
        if (!res.headersSent) send(res, 500, "Internal Server Error");
        else res.destroy();
      });
    };

    const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
    cloud.on("upgrade", (req, socket, head) => {
      const pathname = URL.canParse(req.url ?? "/", url) ? new URL(req.url ?? "/", url).pathname : "";
      if (!/^\/api\/[^/]+\/sync$/.test(pathname)) {
        // The client may be gone already: a failed write must not be an unhandled 'error' event.
        socket.on("error", () => socket.destroy());
        socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => sync.attach(ws));
    });

    for (const udfPath of options.run ?? []) {
      const info = await engine.describe(udfPath).catch(() => null);
      if (info === null) throw new BackendError(`--run: no function ${udfPath}`);
      const outcome =
        info.kind === "mutation"
          ? await engine.runMutation(udfPath, {}, null)
          : info.kind === "action"
            ? await engine.runAction(udfPath, {}, null)
            : await engine.runQuery(udfPath, {}, null);
      if (!outcome.ok) throw new BackendError(`--run ${udfPath} failed: ${outcome.errorMessage}`);
      log(`Ran ${udfPath}: ${JSON.stringify(convexToJson(outcome.value))}`);
    }

    return {
      url,
      siteUrl,
      dataDir,
      close: async () => {
        stopWatchingEnv();
        crons.stop();
        sync.close();
        wss.close();
        closeServers();
        await loader.close();
        engine.close();
      },
    };
  } catch (error) {
    closeServers();
    throw error;
  }
}

function listen(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new BackendError(
              `Port ${port} is already in use on ${hostname}. Pick another with --port / --site-port.`,
            )
          : error,
      );
    });
    server.listen(port, hostname, () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function cors(res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Convex-Client");
  res.setHeader("Access-Control-Max-Age", "86400");
}

function send(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}

function unavailable(res: ServerResponse): void {
  send(res, 503, "Backend is starting");
}
