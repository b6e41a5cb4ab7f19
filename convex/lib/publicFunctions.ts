// Builder for public queries that need no session (catalog, availability):
// arguments are still validated by zod schemas shared with the tab.
import { zCustomQuery } from "convex-helpers/server/zod4";
import { NoOp } from "convex-helpers/server/customFunctions";
import { query } from "../_generated/server";

export const publicQuery = zCustomQuery(query, NoOp);
