import { Link } from "@tanstack/react-router";

const OWNER_LINKS = [
  { to: "/console/agenda", label: "Agenda" },
  { to: "/console/services", label: "Services" },
  { to: "/console/providers", label: "Providers" },
  { to: "/console/team", label: "Team" },
  { to: "/console/settings", label: "Settings" },
  { to: "/console/audit", label: "Audit trail" },
] as const;

const STAFF_LINKS = [
  { to: "/console/agenda", label: "Agenda" },
  { to: "/console/providers", label: "Hours and time off" },
] as const;

/** The console's sections; staff see only their own calendar's. */
export function ConsoleNav({ role }: { role: "owner" | "staff" }) {
  return (
    <nav aria-label="Console" className="console-nav">
      {(role === "owner" ? OWNER_LINKS : STAFF_LINKS).map((link) => (
        <Link key={link.to} to={link.to} activeProps={{ "aria-current": "page", className: "active" }}>
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
