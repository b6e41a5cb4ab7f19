// The business cancelling a booking: the console's form and agenda.cancel.
import { z } from "zod";
import { referenceSchema } from "./referenceForm";

export const CANCEL_REASON_MAX = 300;

/** Why the business changed a customer's booking (cancel, move): the customer sees it. */
export const customerReasonSchema = z
  .string()
  .trim()
  .min(1, "Tell the customer why.")
  .max(CANCEL_REASON_MAX, `At most ${CANCEL_REASON_MAX} characters.`);

export const cancelFormSchema = z.object({
  reference: referenceSchema,
  reason: customerReasonSchema,
});

export type CancelForm = z.infer<typeof cancelFormSchema>;
