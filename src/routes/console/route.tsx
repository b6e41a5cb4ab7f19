import { Outlet, createFileRoute } from "@tanstack/react-router";
import { guardConsole } from "../../lib/consoleGuard";
import { ConsoleNav } from "./-components/ConsoleNav";

export const Route = createFileRoute("/console")({
  beforeLoad: ({ context, location }) => guardConsole(context, location.pathname),
  component: ConsoleLayout,
});

function ConsoleLayout() {
  const { member } = Route.useRouteContext();
  return (
    <div className="console">
      <ConsoleNav role={member.role} />
      <Outlet />
    </div>
  );
}
