import { useId, type ReactNode, type Ref } from 'react';

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  placeholder?: string;
  ref?: Ref<HTMLTextAreaElement>;
}

/** A labelled multi-line field (a PEM private key) with TextField's hint/error wiring. */
export function TextAreaField({ label, value, onChange, hint, error, optional, placeholder, ref }: TextAreaFieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      <textarea
        ref={ref}
        id={id}
        className="input input-mono textarea"
        rows={5}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
