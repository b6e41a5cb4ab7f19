// The site URL: HTTP actions (http.ts), like a deployment's .convex.site.
// The request body is streamed into the action, capped, so an action that
// refuses a large body from its headers (the app's beacons) never makes the
// server read it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { describeError, type Engine } from "../engine.js";
import { bodyStream, declaresMoreThan, send } from "./respond.js";

/** Convex caps an HTTP action's request body at 20 MiB. */
const MAX_HTTP_ACTION_BODY = 20 * 1024 * 1024;

export function siteHandler(
  engine: Engine,
  siteUrl: string,
  log: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const method = req.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD";
      if (hasBody && declaresMoreThan(req, MAX_HTTP_ACTION_BODY)) return refuse(req, res);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const init: RequestInit & { duplex?: "half" } = { method, headers };
      if (hasBody) {
        init.body = bodyStream(req, MAX_HTTP_ACTION_BODY);
        init.duplex = "half";
      }
      const response = await engine.runHttpAction(new Request(new URL(req.url ?? "/", siteUrl), init));
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      // A body the action did not read is not read at all: close the connection instead.
      if (hasBody && !req.readableEnded) res.setHeader("Connection", "close");
      res.end(Buffer.from(await response.arrayBuffer()), () => {
        if (!req.readableEnded) req.destroy();
      });
    })().catch((error: unknown) => {
      log(`HTTP action error: ${describeError(error)}`);
      if (!res.headersSent) send(res, 500, "Internal Server Error");
      else res.destroy();
    });
  };
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Connection", "close");
  res.on("finish", () => req.destroy());
  send(res, 413, "Payload too large");
}
