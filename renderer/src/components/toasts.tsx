import { useEffect } from 'react';
import type { Toast } from '../store/toasts-slice';
import { useAppStore } from '../store/store-context';
import { CloseIcon } from './icons';

/** Confirmations fade on their own; errors stay until dismissed so nobody misses them. */
const AUTO_DISMISS_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  useEffect(() => {
    if (toast.tone === 'error' || toast.action) return;
    const timer = setTimeout(() => dismiss(toast.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  const action = toast.action;
  return (
    <div className={`toast toast-${toast.tone}`}>
      <div className="toast-body">
        <p className="toast-title">{toast.title}</p>
        <p className="toast-message">{toast.message}</p>
        {action && (
          <button
            type="button"
            className="button button-small toast-action"
            onClick={() => {
              dismiss(toast.id);
              action.run();
            }}
          >
            {action.label}
          </button>
        )}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** One polite live region: new toasts are read out without stealing focus. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
