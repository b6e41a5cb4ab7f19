import { useEffect } from "react";
import { dismissToast, useToasts, type Toast } from "../lib/toasts";

const TOAST_MS = 8000;

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => dismissToast(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id]);
  return (
    <div className={`toast toast-${toast.tone}`}>
      <span>{toast.message}</span>
      <button type="button" className="toast-close" onClick={() => dismissToast(toast.id)}>
        Dismiss
      </button>
    </div>
  );
}

/** Outcome messages in one polite live region, so screen readers hear them once. */
export function Toaster() {
  const toasts = useToasts();
  return (
    <div className="toaster" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
