import { useEffect } from "react";
import { useRouteContext } from "@tanstack/react-router";
import type { Toast } from "../lib/toasts";
import { useStore } from "../lib/store";

const TOAST_MS = 8000;

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id, dismiss]);
  return (
    <div className={`toast toast-${toast.tone}`}>
      <span>{toast.message}</span>
      <button type="button" className="toast-close" onClick={() => dismiss(toast.id)}>
        Dismiss
      </button>
    </div>
  );
}

/** Outcome messages in one polite live region, so screen readers hear them once. */
export function Toaster() {
  const { list, dismiss } = useRouteContext({
    from: "__root__",
    select: (context) => context.session.toasts,
  });
  const toasts = useStore(list);
  return (
    <div className="toaster" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} dismiss={dismiss} />
      ))}
    </div>
  );
}
