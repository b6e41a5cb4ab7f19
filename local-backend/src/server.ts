// The local backend: wires the function engine, the sync protocol, the HTTP
// API, HTTP actions, auth, crons and deployment env vars into two HTTP
// servers (the deployment URL and its site URL), like a Convex deployment.
// startBackend reads as its steps: listen, load functions, build the
// services, route HTTP, follow code changes, run --run functions.
import { host } from "./hostContext.js";
import { existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { convexToJson } from "convex/values";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { describeError, type HostedEngine } from "./engine.js";
import { SqliteEngine } from "./sqliteEngine.js";
import { ConvexTestEngine } from "./memoryEngine.js";
import { setFunctionLogEcho } from "./functionLogs.js";
import { FunctionsLoader, type ChangeKind } from "./loader.js";
import { SyncServer } from "./sync.js";
import { Metrics } from "./metrics.js";
import { TokenVerifier, parseProviders, type AuthProvider } from "./auth.js";
import { EnvStore, applyEnv } from "./envStore.js";
import { CronRunner } from "./crons.js";
import { LocalAccess } from "./http/localAccess.js";
import { acceptSyncSockets, cloudHandler } from "./http/cloudHandler.js";
import { siteHandler } from "./http/siteHandler.js";
import { send } from "./http/respond.js";
import { ActionRunner } from "./actions/actionRunner.js";
import { WriteGate } from "./writeGate.js";
import { runActionSyscall } from "./syscalls.js";

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

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Log = (line: string) => void;

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
  const access = new LocalAccess(hostname, LocalAccess.keyFile(dataDir));
  if (!access.loopbackOnly) warnNotLoopback(hostname, access, log);

  const servers = await listenBoth(options, hostname);
  const { url, siteUrl } = servers;
  try {
    const env = new EnvStore(dataDir);
    if (await env.ensureAuthKeys()) log(`Generated JWT_PRIVATE_KEY and JWKS in ${env.file}`);
    const deploymentEnv = () => ({ ...env.read(), ...options.envOverrides });
    let applied = applyEnv(deploymentEnv(), new Set());
    const setUrls = () => {
      process.env.CONVEX_CLOUD_URL = url;
      process.env.CONVEX_SITE_URL = siteUrl;
    };
    setUrls();

    const loader = await loadFunctions(functionsDir, projectRoot, options.watch ?? true, log);
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
    const gate = new WriteGate();
    // Actions run in worker threads unless LOCAL_BACKEND_INLINE_ACTIONS=1 (then on the engine, in-process).
    const actions =
      process.env.LOCAL_BACKEND_INLINE_ACTIONS === "1"
        ? null
        : new ActionRunner(
            {
              runQuery: (...call) => engine.runQuery(...call),
              runMutation: (...call) => gate.run(() => engine.runMutation(...call)),
              vectorSearch: engine.vectorSearch?.bind(engine),
              executions: engine.executions,
            },
            { functionsDir, modulePaths: () => loader.modulePaths() },
            log,
            engine instanceof SqliteEngine
              ? { run: runActionSyscall, blobTmpDir: engine.files.blobs.tmpDir }
              : null,
          );
    const sync = new SyncServer(
      engine,
      (token) => verifier.verify(token),
      metrics,
      log,
      actions ?? engine,
      gate,
    );
    const crons = new CronRunner(engine, log, engine instanceof SqliteEngine ? engine.cronState : null);
    crons.load(await loadOptional("crons"));

    const reloadConfig = async () => {
      try {
        providers = parseProviders((await loadOptional("auth.config"))?.default);
        crons.load(await loadOptional("crons"));
      } catch (error) {
        log(`Reload failed: ${describeError(error)}`);
      }
    };
    const stopWatchingEnv = env.watch(() => {
      applied = applyEnv(deploymentEnv(), applied);
      setUrls();
      void reloadConfig();
    });
    followCodeChanges(loader, log, async (kind) => {
      // A schema the data violates is refused, and the previous one keeps serving.
      if (kind === "structure") await engine.push(await loadSchema());
      else engine.reloadModules();
      await reloadConfig();
      actions?.restart();
      sync.rerunAll();
    });

    const files = engine instanceof SqliteEngine ? engine.files : undefined;
    const deps = { url, engine, sync, metrics, verifier, access, log, files };
    servers.route(cloudHandler(deps), siteHandler(engine, siteUrl, log));
    const wss = acceptSyncSockets(servers.cloud, deps);
    await runAtStartup(engine, options.run ?? [], log);

    return {
      url,
      siteUrl,
      dataDir,
      close: async () => {
        stopWatchingEnv();
        crons.stop();
        sync.close();
        wss.close();
        servers.close();
        await actions?.close();
        engine.close();
        await loader.close();
      },
    };
  } catch (error) {
    servers.close();
    throw error;
  }
}

function warnNotLoopback(hostname: string, access: LocalAccess, log: Log): void {
  access.key();
  log(
    `Warning: --host ${hostname} is not a loopback address. Anyone who can reach this machine can call your ` +
      `public functions and open sync connections. /_local/metrics needs 'Authorization: Convex <key>' with the key ` +
      `in ${access.adminKeyFile}.`,
  );
}

/** The deployment and site servers, listening before anything is loaded (they answer 503 until routed). */
async function listenBoth(options: BackendOptions, hostname: string) {
  let handleCloud: Handler = (_req, res) => send(res, 503, "Backend is starting");
  let handleSite: Handler = handleCloud;
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
  return {
    cloud,
    url: `http://${hostname}:${cloudPort}`,
    siteUrl: `http://${hostname}:${sitePort}`,
    route(cloudRoutes: Handler, siteRoutes: Handler) {
      handleCloud = cloudRoutes;
      handleSite = siteRoutes;
    },
    close() {
      cloud.closeAllConnections();
      site.closeAllConnections();
      cloud.close();
      site.close();
    },
  };
}

/** Loads every module of the functions dir, failing with the first broken file's name. */
async function loadFunctions(functionsDir: string, projectRoot: string, watch: boolean, log: Log) {
  const loader = new FunctionsLoader(functionsDir, projectRoot, { watch, codegen: true, log });
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
  return loader;
}

/**
 * Reloads a changed module, then lets `reload` refresh schema, config and
 * subscriptions. One change at a time, in the order they came: an editor's
 * save can fire twice (the file emptied, then written), and a reload of the
 * first finishing after the second's would leave the emptied file in force.
 */
function followCodeChanges(
  loader: FunctionsLoader,
  log: Log,
  reload: (kind: ChangeKind) => Promise<void>,
): void {
  let previous = Promise.resolve();
  loader.onChange((kind, file) => {
    previous = previous.then(async () => {
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
        await reload(kind);
        log(
          kind === "structure"
            ? `${file} changed: functions and schema reloaded.`
            : `${file} changed: functions reloaded.`,
        );
      } catch (error) {
        log(`Reload failed: ${describeError(error)}`);
      }
    });
  });
}

/** `--run`: runs each function once, like `npx convex dev --run`. */
async function runAtStartup(engine: HostedEngine, udfPaths: string[], log: Log): Promise<void> {
  for (const udfPath of udfPaths) {
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
