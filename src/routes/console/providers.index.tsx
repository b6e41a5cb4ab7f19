import { createFileRoute, redirect } from "@tanstack/react-router";
import { ProvidersPage } from "./-components/ProvidersPage";

/** The owner's list of providers; staff go straight to their own. */
export const Route = createFileRoute("/console/providers/")({
  beforeLoad: ({ context }) => {
    const { member } = context;
    if (member.role !== "owner" && member.providerId !== null) {
      throw redirect({
        to: "/console/providers/$providerId",
        params: { providerId: member.providerId },
        replace: true,
      });
    }
  },
  component: ProvidersPage,
});
