// Document IDs read from a URL (path params, search) get their table's type
// once, at the route boundary; the server checks each ID's table and the
// caller's access on every call, so a forged one is refused there.
import type { Id } from "@convex/_generated/dataModel";

export function providerIdFrom(raw: string): Id<"providers"> {
  return raw as Id<"providers">;
}
