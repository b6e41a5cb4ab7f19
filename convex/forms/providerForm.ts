// The provider step's form: used by the tab (zodResolver) and drafts.chooseProvider.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";

export const providerFormSchema = z.object({
  providerChoice: z.union([z.literal("any"), zid("providers")]),
});
