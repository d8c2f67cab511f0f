import type { Ref } from 'react';
import { SelectField } from '../../components/select-field';
import { TextField } from '../../components/text-field';
import { useAppStore } from '../../store/store-context';
import { PROVIDER_LABELS, providerChoice } from '../connections/connection-text';

export function examplePath(platform: string | undefined, name = 'website'): string {
  if (platform === 'win32') return `C:\\Users\\you\\Projects\\${name}`;
  if (platform === 'darwin') return `/Users/you/Projects/${name}`;
  return `/home/you/projects/${name}`;
}

/** The folder field with Browse… where the app has a native picker (Electron), a path field otherwise. */
export function FolderField({
  value,
  onChange,
  error,
  hint,
  inputRef,
  disabled,
}: {
  value: string;
  onChange(value: string): void;
  error?: string;
  hint: string;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}) {
  const info = useAppStore((s) => s.info);
  const pickFolder = useAppStore((s) => s.pickFolder);
  const browse = async () => {
    const picked = await pickFolder();
    if (picked) onChange(picked);
  };
  return (
    <TextField
      ref={inputRef}
      label="Folder"
      mono
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      placeholder={examplePath(info?.platform)}
      hint={hint}
      addon={
        info?.canPickFolder && (
          <button type="button" className="button" disabled={disabled} onClick={() => void browse()}>
            Browse…
          </button>
        )
      }
    />
  );
}

/** "None" plus every saved connection; the engine uses its token for this workspace's remote. */
export function ConnectionSelect({ value, onChange, hint, disabled }: { value: string; onChange(id: string): void; hint: string; disabled?: boolean }) {
  const connections = useAppStore((s) => s.connections);
  const options = [
    { value: '', label: 'None (public, or the folder’s own access)' },
    ...connections.map((c) => ({ value: c.id, label: `${c.label} — ${PROVIDER_LABELS[providerChoice(c)]}, ${c.username}` })),
  ];
  return <SelectField label="Connection" optional value={value} options={options} onChange={onChange} hint={hint} disabled={disabled} />;
}

export interface AuthorValues {
  authorName: string;
  authorEmail: string;
}

/** Both or neither: returns the author, null when both are empty, or the field that is missing. */
export function readAuthor(v: AuthorValues): { name: string; email: string } | null | 'authorName' | 'authorEmail' {
  const name = v.authorName.trim();
  const email = v.authorEmail.trim();
  if (!name && !email) return null;
  if (!name) return 'authorName';
  if (!email) return 'authorEmail';
  return { name, email };
}

export function AuthorFields({
  values,
  errors,
  onChange,
  refs,
  disabled,
}: {
  values: AuthorValues;
  errors: Partial<Record<keyof AuthorValues, string>>;
  onChange(field: keyof AuthorValues): (value: string) => void;
  refs: Record<keyof AuthorValues, Ref<HTMLInputElement>>;
  disabled?: boolean;
}) {
  return (
    <div className="field-pair">
      <TextField
        ref={refs.authorName}
        label="Author name"
        optional
        value={values.authorName}
        onChange={onChange('authorName')}
        error={errors.authorName}
        disabled={disabled}
        autoComplete="name"
        hint="Written on your commits. Default: the repository’s or Git’s setting."
      />
      <TextField
        ref={refs.authorEmail}
        label="Author e-mail"
        type="email"
        optional
        value={values.authorEmail}
        onChange={onChange('authorEmail')}
        error={errors.authorEmail}
        disabled={disabled}
        autoComplete="email"
        placeholder="you@example.com"
      />
    </div>
  );
}
