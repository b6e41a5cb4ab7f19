import { useForm, type Resolver, type UseFormProps } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";

type Input<Schema extends z.ZodObject> = z.input<Schema>;
type Output<Schema extends z.ZodObject> = z.output<Schema>;

/**
 * react-hook-form driven by a step's zod schema, the same one its Convex
 * mutation validates with. A step's form starts from the draft its guard read
 * (`defaultValues`) and is not driven by the live draft (`values`): the
 * server's echo of the tab's own save would reset the form, and
 * react-hook-form silently drops a submit whose validation straddles a reset,
 * so a Continue pressed as the echo lands would do nothing.
 */
export function useStepForm<Schema extends z.ZodObject>(
  schema: Schema,
  options: Omit<UseFormProps<Input<Schema>, unknown, Output<Schema>>, "resolver" | "values" | "resetOptions">,
) {
  // zodResolver's overloads cannot see through a generic schema; the types match by construction.
  const resolver = zodResolver(schema) as unknown as Resolver<Input<Schema>, unknown, Output<Schema>>;
  return useForm<Input<Schema>, unknown, Output<Schema>>({ resolver, ...options });
}
