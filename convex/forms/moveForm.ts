// The business moving a booking to another free time: the console's form and
// agenda.move. The reason is shown to the customer, as when cancelling.
import { z } from "zod";
import { referenceSchema } from "../lib/bookingReference";
import { timeFormSchema } from "./timeForm";
import { CANCEL_REASON_MAX } from "./cancelForm";

export const moveFormSchema = z.object({
  reference: referenceSchema,
  start: timeFormSchema.shape.start,
  reason: z
    .string()
    .trim()
    .min(1, "Tell the customer why.")
    .max(CANCEL_REASON_MAX, `At most ${CANCEL_REASON_MAX} characters.`),
});

export type MoveForm = z.infer<typeof moveFormSchema>;
