// Form schemas with cross-field rules (end after start, hours or closed):
// convex-helpers validates a function's arguments by the object's fields
// only, so handlers run the whole schema again with this, failing the same
// way argument validation does (a ConvexError carrying the ZodError issues).
import { ConvexError, type Value } from "convex/values";
import type { z } from "zod";

export function checkForm<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ConvexError({ ZodError: JSON.parse(JSON.stringify(parsed.error.issues)) as Value });
  }
  return parsed.data;
}
