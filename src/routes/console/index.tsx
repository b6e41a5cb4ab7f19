import { createFileRoute, redirect } from "@tanstack/react-router";

/** The console opens on the agenda. */
export const Route = createFileRoute("/console/")({
  beforeLoad: () => {
    throw redirect({ to: "/console/agenda", replace: true });
  },
});
