import { useRef, useState, type FormEvent } from 'react';
import type { Connection } from '../../../../shared/contract';
import { Dialog } from '../../components/dialog';
import { TextField } from '../../components/text-field';
import { describeError, type ErrorText } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { TextAreaField } from './text-area-field';

/**
 * Rename a connection or replace its secret (the engine checks a new one before saving).
 * Opened from "Re-enter token", focus starts in the secret field.
 */
export function EditConnectionDialog({ connection, focusSecret, onClose }: { connection: Connection; focusSecret?: boolean; onClose(): void }) {
  const updateConnection = useAppStore((s) => s.updateConnection);
  const isApp = connection.authKind === 'github_app';
  const [label, setLabel] = useState(connection.label);
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<{ label?: string; secret?: string }>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const labelRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const newLabel = label.trim() !== connection.label ? label.trim() : undefined;
    if (newLabel === '') {
      setErrors({ label: 'A label is required.' });
      return labelRef.current?.focus();
    }
    if (newLabel === undefined && !secret.trim()) return onClose();
    setBusy(true);
    const outcome = await updateConnection({
      id: connection.id,
      label: newLabel,
      ...(secret.trim() ? (isApp ? { privateKey: secret } : { token: secret }) : {}),
    });
    setBusy(false);
    setSecret('');
    if (outcome.ok) return onClose();
    const { error } = outcome;
    const field = typeof error.details.field === 'string' ? error.details.field : null;
    if (error.code === 'auth_failed' || error.code === 'forbidden' || field === 'token' || field === 'privateKey') {
      setErrors({ secret: error.message });
      secretRef.current?.focus();
    } else if (field === 'label') {
      setErrors({ label: error.message });
      labelRef.current?.focus();
    } else setFormError(describeError(error));
  };

  const secretLabel = isApp ? 'New private key' : 'New token';
  return (
    <Dialog
      title={`Edit “${connection.label}”`}
      description={`Signed in as ${connection.username}. Leave the ${isApp ? 'key' : 'token'} empty to keep the current one.`}
      onClose={onClose}
      initialFocus={focusSecret ? secretRef : labelRef}
    >
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <div className="form-error" role="alert">
            <strong>{formError.title}.</strong> {formError.message}
          </div>
        )}
        <TextField ref={labelRef} label="Label" value={label} onChange={setLabel} error={errors.label} />
        {isApp ? (
          <TextAreaField ref={secretRef} label={secretLabel} optional value={secret} onChange={setSecret} error={errors.secret} />
        ) : (
          <TextField
            ref={secretRef}
            label={secretLabel}
            type="password"
            mono
            optional
            autoComplete="new-password"
            value={secret}
            onChange={setSecret}
            error={errors.secret}
            hint="Checked with the provider before it replaces the saved one."
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Save changes
          </button>
        </div>
      </form>
    </Dialog>
  );
}
