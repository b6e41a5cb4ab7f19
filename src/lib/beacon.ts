// Page-hide messages to the deployment's HTTP actions. They must leave even
// while the page unloads, so they go by `navigator.sendBeacon`.
import { convexSiteUrl } from "./siteUrl";

/** `token`: the signed-in tab's access token (a beacon cannot send an Authorization header). */
export function sendBeacon(
  path: "/drafts/flush" | "/heartbeats/leave",
  body: Record<string, unknown>,
  token: string | null,
): void {
  navigator.sendBeacon(
    `${convexSiteUrl()}${path}`,
    JSON.stringify(token === null ? body : { ...body, token }),
  );
}
