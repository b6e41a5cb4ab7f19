import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { SettingsPage } from "./-components/SettingsPage";

export const Route = createFileRoute("/console/settings")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  component: SettingsPage,
});
