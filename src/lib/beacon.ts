// Page-hide messages to the deployment's HTTP actions. They must leave even
// while the page unloads, so they go by `navigator.sendBeacon`.
import type { BeaconBodies, BeaconMessage, BeaconPath } from "@convex/shared/beacons";
import { convexSiteUrl } from "./siteUrl";

/** `token`: the signed-in tab's access token (a beacon cannot send an Authorization header). */
export function sendBeacon<P extends BeaconPath>(path: P, body: BeaconBodies[P], token: string | null): void {
  const message: BeaconMessage<P> = token === null ? body : { ...body, token };
  navigator.sendBeacon(`${convexSiteUrl()}${path}`, JSON.stringify(message));
}
