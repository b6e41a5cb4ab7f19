// The tab's current access token, kept where page-hide code can read it
// synchronously: `navigator.sendBeacon` cannot send an Authorization header,
// so beacons for a signed-in tab carry the token in their body.
let current: string | null = null;

export function setAuthToken(token: string | null): void {
  current = token;
}

export function authToken(): string | null {
  return current;
}
