// The owner's view of the audit trail: newest changes first.
import { ownerQuery } from "./lib/roleFunctions";

export const list = ownerQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("auditLog").withIndex("by_at").order("desc").take(200);
    return rows.map(({ _id, at, actor, action, summary }) => ({ _id, at, actor, action, summary }));
  },
});
