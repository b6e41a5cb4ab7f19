// HTTP routes. Page-hide beacons (`navigator.sendBeacon`) reach the server
// even when the socket is gone: POST /drafts/flush carries the details
// form's last values, POST /heartbeats/leave says the tab is closing or
// reloading. Plus @convex-dev/auth's OIDC discovery and JWKS routes.
import { httpRouter } from "convex/server";
import { ConvexError } from "convex/values";
import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";
import { auth } from "./auth";
import { beaconUserId } from "./lib/beaconUser";
import { BEACON_PATHS, type BeaconMessage, type BeaconPath } from "./shared/beacons";

const MAX_BEACON_BYTES = 8 * 1024;

const tooLarge = () => new Response("Payload too large", { status: 413 });

/** Parsed, not yet validated: the internal mutation behind each route checks every field. */
type BeaconBody = Partial<BeaconMessage<BeaconPath>> & Record<string, unknown>;
type HttpCtx = Parameters<Parameters<typeof httpAction>[0]>[0];

/** A beacon route: size cap, JSON, token → user, then one internal session mutation. */
function beaconRoute(run: (ctx: HttpCtx, args: Record<string, unknown>) => Promise<unknown>) {
  return httpAction(async (ctx, request) => {
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_BEACON_BYTES) return tooLarge();
    const text = await request.text();
    if (new TextEncoder().encode(text).byteLength > MAX_BEACON_BYTES) return tooLarge();
    let body: BeaconBody;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as BeaconBody;
    } catch {
      return new Response("Expected a JSON object", { status: 400 });
    }
    const { token, ...args } = body;
    try {
      return Response.json(await run(ctx, { ...args, userId: await beaconUserId(token) }));
    } catch (error) {
      const message = error instanceof ConvexError ? JSON.stringify(error.data) : "Invalid beacon";
      return new Response(message, { status: 400 });
    }
  });
}

const http = httpRouter();

auth.addHttpRoutes(http);

http.route({
  path: BEACON_PATHS.flushDetails,
  method: "POST",
  // The internal mutation validates every field (session ID, user ID, details, rev).
  handler: beaconRoute((ctx, args) => ctx.runMutation(internal.drafts.saveDetailsFromBeacon, args as never)),
});

http.route({
  path: BEACON_PATHS.leave,
  method: "POST",
  handler: beaconRoute((ctx, args) => ctx.runMutation(internal.heartbeats.leaveFromBeacon, args as never)),
});

export default http;
