// The business moving a booking to another free time: the console's form and
// agenda.move. The reason is shown to the customer, as when cancelling.
import { z } from "zod";
import { referenceSchema } from "./referenceForm";
import { timeFormSchema } from "./timeForm";
import { customerReasonSchema } from "./cancelForm";

export const moveFormSchema = z.object({
  reference: referenceSchema,
  start: timeFormSchema.shape.start,
  reason: customerReasonSchema,
});

export type MoveForm = z.infer<typeof moveFormSchema>;
