import { useForm, type Resolver, type UseFormProps } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";

type Input<Schema extends z.ZodObject> = z.input<Schema>;
type Output<Schema extends z.ZodObject> = z.output<Schema>;

/** react-hook-form driven by a step's zod schema, the same one its Convex mutation validates with. */
export function useStepForm<Schema extends z.ZodObject>(
  schema: Schema,
  options: Omit<UseFormProps<Input<Schema>, unknown, Output<Schema>>, "resolver">,
) {
  // zodResolver's overloads cannot see through a generic schema; the types match by construction.
  const resolver = zodResolver(schema) as unknown as Resolver<Input<Schema>, unknown, Output<Schema>>;
  return useForm<Input<Schema>, unknown, Output<Schema>>({ resolver, ...options });
}
