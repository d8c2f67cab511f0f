import { useId, type ReactNode, type Ref } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  placeholder?: string;
  /** Extra control beside the input (the folder field's Browse… button). */
  addon?: ReactNode;
  autoComplete?: string;
  /** Paths and URLs read better in a monospace font. */
  mono?: boolean;
  /** `password` for secrets: never echoed, never autofilled into other fields. */
  type?: 'text' | 'password' | 'email' | 'url';
  /** Id of a <datalist> with suggestions (branches of a remote). */
  list?: string;
  disabled?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are tied to it, so screen readers announce both. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  optional,
  placeholder,
  addon,
  autoComplete = 'off',
  mono,
  type = 'text',
  list,
  disabled,
  ref,
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      <div className="field-row">
        <input
          ref={ref}
          id={id}
          className={mono ? 'input input-mono' : 'input'}
          type={type}
          list={list}
          disabled={disabled}
          value={value}
          placeholder={placeholder}
          autoComplete={autoComplete}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        {addon}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
