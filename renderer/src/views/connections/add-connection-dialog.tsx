import { useRef, useState, type FormEvent } from 'react';
import type { Input } from '../../../../shared/contract';
import type { ErrorPayload } from '../../../../shared/errors';
import { Dialog } from '../../components/dialog';
import { TextField } from '../../components/text-field';
import { describeError, type ErrorText } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { PROVIDER_LABELS, type ProviderChoice } from './connection-text';
import { ProviderIcon } from './provider-icon';
import { TextAreaField } from './text-area-field';

type Field = 'label' | 'baseUrl' | 'username' | 'repoUrl' | 'token' | 'appId' | 'installationId' | 'privateKey';
type Values = Record<Field, string>;
const EMPTY: Values = { label: '', baseUrl: '', username: '', repoUrl: '', token: '', appId: '', installationId: '', privateKey: '' };
const CHOICES = Object.keys(PROVIDER_LABELS) as ProviderChoice[];

/** The fields each choice shows, in order; the rest are not sent. */
const FIELDS: Record<ProviderChoice, Field[]> = {
  github: ['token', 'label'],
  github_enterprise: ['baseUrl', 'token', 'label'],
  github_app: ['appId', 'installationId', 'privateKey', 'baseUrl', 'label'],
  gitlab: ['baseUrl', 'token', 'label'],
  gitea: ['baseUrl', 'token', 'label'],
  generic: ['repoUrl', 'username', 'token', 'label'],
};
const OPTIONAL: Partial<Record<ProviderChoice, Field[]>> = { github_app: ['baseUrl'], gitlab: ['baseUrl'] };

const BASE_URL_TEXT: Partial<Record<ProviderChoice, { label: string; placeholder: string; hint: string }>> = {
  github_enterprise: { label: 'API URL', placeholder: 'https://github.example.com/api/v3', hint: 'Your server’s API address, usually ending in /api/v3.' },
  github_app: { label: 'API URL', placeholder: 'https://api.github.com', hint: 'Only for GitHub Enterprise; leave empty for github.com.' },
  gitlab: { label: 'Server URL', placeholder: 'https://gitlab.example.com', hint: 'Only for a self-hosted GitLab; leave empty for gitlab.com.' },
  gitea: { label: 'Server URL', placeholder: 'https://gitea.example.com', hint: 'The address of your Gitea server.' },
};

const TOKEN_HINTS: Record<ProviderChoice, string> = {
  github: 'A personal access token with the “repo” scope (Settings → Developer settings).',
  github_enterprise: 'A personal access token from your server, with the “repo” scope.',
  github_app: '',
  gitlab: 'A personal access token with the “api” and “write_repository” scopes.',
  gitea: 'An access token with repository read and write access.',
  generic: 'The password or access token for this server. It is sent only to this server.',
};

function buildInput(choice: ProviderChoice, v: Values): Input<'connections.create'> {
  const opt = (s: string) => s.trim() || undefined;
  const label = opt(v.label);
  switch (choice) {
    case 'github':
      return { provider: 'github', label, token: v.token };
    case 'github_enterprise':
      return { provider: 'github', label, baseUrl: v.baseUrl.trim(), token: v.token };
    case 'github_app':
      return { provider: 'github', label, baseUrl: opt(v.baseUrl), appId: v.appId.trim(), installationId: v.installationId.trim(), privateKey: v.privateKey };
    case 'gitlab':
      return { provider: 'gitlab', label, baseUrl: opt(v.baseUrl), token: v.token };
    case 'gitea':
      return { provider: 'gitea', label, baseUrl: v.baseUrl.trim(), token: v.token };
    case 'generic':
      return { provider: 'generic', label, username: v.username.trim(), token: v.token, repoUrl: v.repoUrl.trim() };
  }
}

/** Which field an engine error belongs to: the named field, or the secret when sign-in failed. */
function fieldOf(error: ErrorPayload, choice: ProviderChoice): Field | null {
  const secret: Field = choice === 'github_app' ? 'privateKey' : 'token';
  if (error.code === 'auth_failed' || error.code === 'forbidden') return secret;
  const named = typeof error.details.field === 'string' ? error.details.field.split('.')[0] : null;
  return named && FIELDS[choice].includes(named as Field) ? (named as Field) : null;
}

/** Adds an account on a Git host; the engine checks it with the provider before saving anything. */
export function AddConnectionDialog({ onClose }: { onClose(): void }) {
  const createConnection = useAppStore((s) => s.createConnection);
  const [choice, setChoice] = useState<ProviderChoice>('github');
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const firstChoice = useRef<HTMLInputElement>(null);

  const fields = FIELDS[choice];
  const change = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const showError = (field: Field, message: string) => {
    setErrors({ [field]: message });
    inputs.current[field]?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const missing = fields.find((f) => f !== 'label' && !OPTIONAL[choice]?.includes(f) && !values[f].trim());
    if (missing) return showError(missing, 'This field is required.');
    setBusy(true);
    const outcome = await createConnection(buildInput(choice, values));
    setBusy(false);
    // The secret never stays in the page longer than the one call that needed it.
    setValues((v) => ({ ...v, token: '', privateKey: '' }));
    if (outcome.ok) return onClose();
    const field = fieldOf(outcome.error, choice);
    if (field) showError(field, outcome.error.message);
    else setFormError(describeError(outcome.error));
  };

  const ref = (field: Field) => (el: HTMLInputElement | HTMLTextAreaElement | null) => {
    inputs.current[field] = el;
  };
  const optional = (f: Field) => f === 'label' || OPTIONAL[choice]?.includes(f);
  const baseText = BASE_URL_TEXT[choice];

  return (
    <Dialog
      title="Add connection"
      description="Reposync checks the account with the provider before saving it. The token goes to the vault and is never shown again."
      onClose={onClose}
      initialFocus={firstChoice}
      wide
    >
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="provider-choices">
          <legend className="field-label">Provider</legend>
          {CHOICES.map((c, i) => (
            <label key={c} className={`provider-choice${c === choice ? ' provider-choice-on' : ''}`}>
              <input
                ref={i === 0 ? firstChoice : undefined}
                type="radio"
                name="provider"
                value={c}
                checked={c === choice}
                onChange={() => {
                  setChoice(c);
                  setErrors({});
                  setFormError(null);
                }}
              />
              <ProviderIcon provider={c} size={20} />
              <span>{PROVIDER_LABELS[c]}</span>
            </label>
          ))}
        </fieldset>
        {formError && (
          <div className="form-error" role="alert">
            <strong>{formError.title}.</strong> {formError.message}
          </div>
        )}
        {fields.map((f) => {
          const common = { value: values[f], onChange: change(f), error: errors[f], optional: optional(f) };
          switch (f) {
            case 'token':
              return <TextField key={f} ref={ref(f)} label="Token" type="password" mono autoComplete="new-password" hint={TOKEN_HINTS[choice]} {...common} />;
            case 'baseUrl':
              return <TextField key={f} ref={ref(f)} label={baseText?.label ?? 'Server URL'} type="url" mono placeholder={baseText?.placeholder} hint={baseText?.hint} {...common} />;
            case 'repoUrl':
              return <TextField key={f} ref={ref(f)} label="Repository URL" type="url" mono placeholder="https://git.example.com/team/site.git" hint="Any repository on the server: Reposync checks the account against it." {...common} />;
            case 'username':
              return <TextField key={f} ref={ref(f)} label="User name" autoComplete="username" {...common} />;
            case 'appId':
              return <TextField key={f} ref={ref(f)} label="App ID" mono {...common} />;
            case 'installationId':
              return <TextField key={f} ref={ref(f)} label="Installation ID" mono hint="In the URL of the app’s installation page." {...common} />;
            case 'privateKey':
              return <TextAreaField key={f} ref={ref(f)} label="Private key" placeholder="-----BEGIN RSA PRIVATE KEY-----" hint="The .pem file’s content, generated on the app’s settings page." {...common} />;
            case 'label':
              return <TextField key={f} ref={ref(f)} label="Label" placeholder={`e.g. ${PROVIDER_LABELS[choice]} (work)`} hint="How the connection is listed. Defaults to the provider and user name." {...common} />;
          }
        })}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Save connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
