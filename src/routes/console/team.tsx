import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { TeamPage } from "./-components/TeamPage";

export const Route = createFileRoute("/console/team")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  component: TeamPage,
});
