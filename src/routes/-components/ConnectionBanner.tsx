import { useConvexConnectionState } from "convex/react";

/** Says so when a connection that worked has dropped; queued writes go out when it returns. */
export function ConnectionBanner() {
  const { isWebSocketConnected, hasEverConnected } = useConvexConnectionState();
  const reconnecting = hasEverConnected && !isWebSocketConnected;
  return (
    <div
      role="status"
      aria-live="polite"
      className={reconnecting ? "banner banner-warning" : "visually-hidden"}
    >
      {reconnecting
        ? "Reconnecting… Your changes are kept and will be saved when the connection returns."
        : ""}
    </div>
  );
}
