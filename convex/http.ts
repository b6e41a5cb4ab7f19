// HTTP routes. POST /drafts/flush receives the details form's last values
// from `navigator.sendBeacon` when a tab is hidden or unloads, so characters
// typed just before a reload reach the server even if the socket is gone.
import { httpRouter, type FunctionArgs } from "convex/server";
import { ConvexError } from "convex/values";
import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";

const MAX_BEACON_BYTES = 8 * 1024;

const tooLarge = () => new Response("Payload too large", { status: 413 });

const http = httpRouter();

http.route({
  path: "/drafts/flush",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_BEACON_BYTES) return tooLarge();
    const text = await request.text();
    if (new TextEncoder().encode(text).byteLength > MAX_BEACON_BYTES) return tooLarge();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response("Expected a JSON body", { status: 400 });
    }
    try {
      const result = await ctx.runMutation(
        internal.drafts.saveDetailsFromBeacon,
        body as FunctionArgs<typeof internal.drafts.saveDetailsFromBeacon>,
      );
      return Response.json(result);
    } catch (error) {
      const message = error instanceof ConvexError ? JSON.stringify(error.data) : "Invalid draft";
      return new Response(message, { status: 400 });
    }
  }),
});

export default http;
