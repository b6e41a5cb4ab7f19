// The service step's form: used by the tab (zodResolver) and drafts.chooseService.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";

export const serviceFormSchema = z.object({
  serviceId: zid("services"),
});
