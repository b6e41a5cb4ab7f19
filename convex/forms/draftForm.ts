// The draft form's schema: used by react-hook-form (zodResolver) in the tab
// and by drafts.save on the server, so both sides validate the same way.
import { z } from "zod";
import { MAX_NOTE_LENGTH, STEPS } from "../schema";

export const draftFormSchema = z.object({
  note: z
    .string()
    .trim()
    .max(MAX_NOTE_LENGTH, `Keep the note under ${MAX_NOTE_LENGTH + 1} characters.`),
  step: z.enum(STEPS),
});

export type DraftForm = z.infer<typeof draftFormSchema>;
