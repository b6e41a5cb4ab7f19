// Options shared by every step's file route: the draft guard in `beforeLoad`
// and the step's component. Route files stay one line of configuration.
import type { RouteComponent } from "@tanstack/react-router";
import type { Step } from "../../convex/schema";
import type { RouterContext } from "./routerContext";
import { guardStep } from "./stepGuard";

export function stepRoute(step: Step, component: RouteComponent) {
  return {
    beforeLoad: ({ context }: { context: RouterContext }) => guardStep(context, step),
    component,
  };
}
