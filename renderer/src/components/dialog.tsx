import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  /** Shown under the title and read as the dialog's description. */
  description?: ReactNode;
  onClose(): void;
  /** Where focus starts; the first focusable element when absent. */
  initialFocus?: RefObject<HTMLElement | null>;
  role?: 'dialog' | 'alertdialog';
  /** Room for longer forms (clone setup, provider fields). */
  wide?: boolean;
  children: ReactNode;
}

/**
 * A modal dialog: labelled by its title, Escape closes, Tab stays inside, focus returns to
 * whatever opened it. The app shell is made inert meanwhile so neither the keyboard nor
 * assistive tech (nor a test's getByRole) can reach what is behind the dialog.
 */
export function Dialog({ title, description, onClose, initialFocus, role = 'dialog', wide, children }: DialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const shell = document.querySelector<HTMLElement>('[data-app-shell]');
    shell?.setAttribute('inert', '');
    shell?.setAttribute('aria-hidden', 'true');
    const first = initialFocus?.current ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel.current)?.focus();
    return () => {
      shell?.removeAttribute('inert');
      shell?.removeAttribute('aria-hidden');
      // The opener may be gone (the last workspace was removed): keep focus in the page, not on <body>.
      const fallback = document.querySelector<HTMLElement>('[data-app-shell] main');
      (opener?.isConnected && opener !== document.body ? opener : fallback)?.focus();
    };
    // Runs once per opening; a new initialFocus ref later must not steal focus again.
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}>
      <div
        ref={panel}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {description && (
          <div id={descriptionId} className="dialog-description">
            {description}
          </div>
        )}
        {children}
      </div>
    </div>,
    document.body,
  );
}
