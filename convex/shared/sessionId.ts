// What a tab's session ID looks like (convex-helpers' SessionProvider makes
// UUIDs). Pure, so the tab can check its stored ID with the server's rule.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isSessionId(value: string): boolean {
  return UUID.test(value);
}
