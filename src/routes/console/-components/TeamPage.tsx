import { useState } from "react";
import { useMutation, useQuery } from "convex/react";
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { StepHeading } from "../../../components/StepHeading";
import { formatDateTime, detectTimeZone } from "../../../lib/format";
import { useShowToast } from "../../../lib/toasts";
import { userMessage } from "../../../lib/errors";

/** The team and its open invites; a new staff invite link is shown once, to copy. */
export function TeamPage() {
  const showToast = useShowToast();
  const team = useQuery(api.team.list);
  const providers = useQuery(api.providerAdmin.list);
  const invite = useMutation(api.team.inviteStaff);
  const removeStaff = useMutation(api.team.removeStaff);
  const revokeInvite = useMutation(api.team.revokeInvite);
  const [providerId, setProviderId] = useState<string>("");
  const [link, setLink] = useState<string | null>(null);
  const zone = detectTimeZone();

  const onInvite = async () => {
    if (providerId === "") return;
    try {
      const { token } = await invite({ providerId });
      setLink(`${window.location.origin}/join/${token}`);
    } catch (error) {
      showToast(userMessage(error, "We couldn't make an invite just now."), "error");
    }
  };

  const onRemove = async (memberId: Id<"members">, email: string) => {
    try {
      const result = await removeStaff({ memberId });
      showToast(
        result.ok ? `${email} no longer has access to the console.` : "This member could not be removed.",
      );
    } catch (error) {
      showToast(userMessage(error, "We couldn't remove this member just now."), "error");
    }
  };

  const onRevoke = async (inviteId: Id<"invites">, providerName: string) => {
    try {
      const result = await revokeInvite({ inviteId });
      showToast(
        result.ok
          ? `The invite for ${providerName} no longer works.`
          : "This invite was already used or revoked.",
      );
    } catch (error) {
      showToast(userMessage(error, "We couldn't revoke this invite just now."), "error");
    }
  };

  return (
    <section className="card">
      <StepHeading>Team</StepHeading>
      <h2>Invite a staff member</h2>
      <p>Staff see and manage one provider's calendar. The link works once, for 7 days.</p>
      <div className="field field-inline">
        <label htmlFor="invite-provider">Provider</label>
        <select
          id="invite-provider"
          value={providerId}
          onChange={(event) => setProviderId(event.target.value)}
        >
          <option value="">Choose…</option>
          {providers
            ?.filter((p) => !p.archived)
            .map((p) => (
              <option key={p._id} value={p._id}>
                {p.name}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="button-primary"
          disabled={providerId === ""}
          onClick={() => void onInvite()}
        >
          Create invite link
        </button>
      </div>
      {link && (
        <div className="field">
          <label htmlFor="invite-link">Invite link (shown once: send it to them)</label>
          <input id="invite-link" readOnly value={link} onFocus={(event) => event.target.select()} />
        </div>
      )}
      <h2>Members</h2>
      {team === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <ul className="console-list" aria-label="Members">
          {team.members.map((m) => (
            <li key={m._id} className="console-row">
              <span>
                <strong>{m.email}</strong>{" "}
                <span className="muted">
                  {m.role === "owner" ? "Owner" : `Staff for ${m.providerName ?? "?"}`}
                </span>
              </span>
              {m.role === "staff" && (
                <button type="button" className="text-button" onClick={() => void onRemove(m._id, m.email)}>
                  Remove<span className="visually-hidden"> {m.email}</span>
                </button>
              )}
            </li>
          ))}
          {team.invites.map((i) => (
            <li key={i._id} className="console-row">
              <span className="muted">
                Open invite for {i.providerName ?? "?"}, until {formatDateTime(i.expiresAt, zone)}
              </span>
              <button
                type="button"
                className="text-button"
                onClick={() => void onRevoke(i._id, i.providerName ?? "this provider")}
              >
                Revoke<span className="visually-hidden"> the invite for {i.providerName ?? "?"}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
