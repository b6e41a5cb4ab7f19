// Page-hide messages to the deployment's HTTP actions. They must leave even
// while the page unloads, so they go by `navigator.sendBeacon`.
import { authToken } from "./authToken";
import { convexSiteUrl } from "./siteUrl";

export function sendBeacon(path: "/drafts/flush" | "/heartbeats/leave", body: Record<string, unknown>): void {
  const token = authToken();
  navigator.sendBeacon(
    `${convexSiteUrl()}${path}`,
    JSON.stringify(token === null ? body : { ...body, token }),
  );
}
