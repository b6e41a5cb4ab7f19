// The deployment URL's HTTP side: Convex's HTTP API (/api/query, /api/mutation,
// /api/action, as ConvexHttpClient calls it), the local metrics endpoint, and
// the sync protocol's WebSocket upgrade.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { convexToJson } from "convex/values";
import { describeError, type Engine, type Identity } from "../engine.js";
import { AuthError, type TokenVerifier } from "../auth.js";
import type { Metrics } from "../metrics.js";
import type { SyncServer } from "../sync.js";
import { decodeArgs } from "../protocol.js";
import type { LocalAccess } from "./localAccess.js";
import type { FileStorage } from "../storage/fileStorage.js";
import { storageRoute } from "./storageRoutes.js";
import { BodyTooLarge, cors, readBody, send, sendJson } from "./respond.js";

/** Arguments over HTTP may be at most this large (Convex caps function arguments at 16 MiB). */
const MAX_API_BODY = 16 * 1024 * 1024;
/** Sync messages may be at most this large. */
const MAX_SYNC_MESSAGE = 8 * 1024 * 1024;

type Deps = {
  url: string;
  engine: Engine;
  sync: SyncServer;
  metrics: Metrics;
  verifier: TokenVerifier;
  access: LocalAccess;
  log: (line: string) => void;
  /** File storage (the durable engine's); the in-memory engine has none. */
  files?: FileStorage;
};

export function cloudHandler(deps: Deps): (req: IncomingMessage, res: ServerResponse) => void {
  const { url, log, access } = deps;
  return (req, res) => {
    void (async () => {
      const requestUrl = new URL(req.url ?? "/", url);
      const pathname = requestUrl.pathname;
      if (pathname.startsWith("/api/")) cors(res);
      if (req.method === "OPTIONS") return send(res, 204, "");
      if (!access.hostAllowed(req)) return refuseHost(res);
      if (req.method === "GET" && pathname === "/_local/metrics") return metricsEndpoint(deps, req, res);
      const stored = deps.files === undefined ? false : storageRoute(deps.files, req, res, requestUrl);
      if (stored !== false) return stored;
      const api = /^\/api\/(query|mutation|action)$/.exec(pathname);
      if (api && req.method === "POST")
        return apiCall(deps, api[1] as "query" | "mutation" | "action", req, res);
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
}

function refuseHost(res: ServerResponse): void {
  sendJson(res, 403, {
    code: "Forbidden",
    message: "This local backend only answers requests addressed to localhost (see --host).",
  });
}

function metricsEndpoint(
  { engine, metrics, sync, access }: Deps,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (!access.localEndpointAllowed(req)) {
    return sendJson(res, 401, {
      code: "Unauthorized",
      message:
        "/_local/metrics needs 'Authorization: Convex <admin key>' when the backend is not bound to loopback.",
    });
  }
  sendJson(res, 200, {
    executions: Object.fromEntries(engine.executions),
    ...metrics.toJSON(),
    subscriptions: sync.subscriptionCount,
    connections: sync.connectionCount,
    syncSessions: sync.sessionCount,
    memory: process.memoryUsage(),
  });
}

async function apiCall(
  { sync, verifier }: Deps,
  kind: "query" | "mutation" | "action",
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let identity: Identity = null;
  try {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer (.+)$/.exec(header);
      if (!match) throw new AuthError("Authorization header must be 'Bearer <token>'");
      identity = (await verifier.verify(match[1])).identity;
    }
  } catch (error) {
    return sendJson(res, 401, { code: "Unauthenticated", message: describeError(error) });
  }
  let body: { path?: unknown; args?: unknown };
  try {
    body = JSON.parse((await readBody(req, MAX_API_BODY)).toString("utf8")) as typeof body;
    if (typeof body.path !== "string") throw new Error("missing path");
  } catch (error) {
    if (error instanceof BodyTooLarge)
      return sendJson(res, 413, { code: "BadRequest", message: error.message });
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
  const outcome = await sync.calls.call(kind, body.path, args, identity);
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

/** Accepts sync-protocol WebSockets on /api/<version>/sync; returns the WebSocket server to close. */
export function acceptSyncSockets(server: Server, { url, sync, access }: Deps): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SYNC_MESSAGE });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = URL.canParse(req.url ?? "/", url) ? new URL(req.url ?? "/", url).pathname : "";
    if (!/^\/api\/[^/]+\/sync$/.test(pathname) || !access.hostAllowed(req)) {
      // The client may be gone already: a failed write must not be an unhandled 'error' event.
      socket.on("error", () => socket.destroy());
      socket.end(
        access.hostAllowed(req) ? "HTTP/1.1 404 Not Found\r\n\r\n" : "HTTP/1.1 403 Forbidden\r\n\r\n",
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => sync.attach(ws));
  });
  return wss;
}
