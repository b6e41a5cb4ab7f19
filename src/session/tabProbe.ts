// Tells a duplicated tab from a reload or a reopened tab. "Duplicate tab"
// copies sessionStorage, so the copy starts with a session ID another live
// tab is using. Each tab asks on a BroadcastChannel whether anyone holds its
// ID (as a hash: the ID itself is a secret); a live holder answers, and
// only the asking (newer) tab forks. A reloaded or reopened tab gets no answer,
// since the page that had its ID is gone.
export type ProbeMessage =
  { type: "probe"; from: string; session: string } | { type: "taken"; to: string; session: string };

export async function sessionFingerprint(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`tabbook:${sessionId}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

type Channel = Pick<BroadcastChannel, "postMessage" | "close"> & {
  onmessage: ((event: MessageEvent<ProbeMessage>) => void) | null;
};

/**
 * Joins the channel as the holder of `session` (a fingerprint), asks once
 * whether another tab holds it too, and calls `onDuplicate` if one answers.
 * Keeps answering other tabs' probes until closed.
 */
export function probeForTwin(channel: Channel, session: string, onDuplicate: () => void): () => void {
  const me = crypto.randomUUID();
  let answered = false;
  channel.onmessage = ({ data }) => {
    if (data.session !== session) return;
    if (data.type === "probe" && data.from !== me) {
      channel.postMessage({ type: "taken", to: data.from, session } satisfies ProbeMessage);
    } else if (data.type === "taken" && data.to === me && !answered) {
      answered = true;
      onDuplicate();
    }
  };
  channel.postMessage({ type: "probe", from: me, session } satisfies ProbeMessage);
  return () => channel.close();
}
