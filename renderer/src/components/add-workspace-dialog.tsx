import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { describeError, errorField, type ErrorText } from '../lib/error-text';
import { useAppStore } from '../store/store-context';
import { Dialog } from './dialog';
import { TextField } from './text-field';

type FieldName = 'path' | 'name' | 'pathPrefix' | 'group';
type Values = Record<FieldName, string>;
const EMPTY: Values = { path: '', name: '', pathPrefix: '', group: '' };

function isFieldName(field: string | null): field is FieldName {
  return field !== null && field in EMPTY;
}

function examplePath(platform: string | undefined): string {
  if (platform === 'win32') return 'C:\\Users\\you\\Projects\\website';
  if (platform === 'darwin') return '/Users/you/Projects/website';
  return '/home/you/projects/website';
}

/** Registers an existing Git folder. Engine errors that name a field are shown beside it. */
export function AddWorkspaceDialog({ onClose }: { onClose(): void }) {
  const info = useAppStore((s) => s.info);
  const addWorkspace = useAppStore((s) => s.addWorkspace);
  const pickFolder = useAppStore((s) => s.pickFolder);
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Values>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<FieldName, RefObject<HTMLInputElement | null>> = {
    path: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    pathPrefix: useRef<HTMLInputElement>(null),
    group: useRef<HTMLInputElement>(null),
  };

  const change = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const browse = async () => {
    const picked = await pickFolder();
    if (picked) change('path')(picked);
  };

  const showError = (field: FieldName, message: string) => {
    setErrors({ [field]: message });
    refs[field].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const path = values.path.trim();
    if (!path) return showError('path', 'Enter the folder of a Git repository.');
    const optional = (v: string) => v.trim() || undefined;
    setBusy(true);
    const outcome = await addWorkspace({
      path,
      name: optional(values.name),
      pathPrefix: optional(values.pathPrefix),
      group: optional(values.group),
    });
    setBusy(false);
    if (outcome.ok) return onClose();
    const field = errorField(outcome.error);
    if (isFieldName(field)) showError(field, outcome.error.message);
    else setFormError(describeError(outcome.error));
  };

  return (
    <Dialog
      title="Add workspace"
      description="Choose a folder on this computer that already holds a Git repository. Reposync only reads it; nothing in the folder changes."
      onClose={onClose}
      initialFocus={refs.path}
    >
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <div className="form-error" role="alert">
            <strong>{formError.title}.</strong> {formError.message}
          </div>
        )}
        <TextField
          ref={refs.path}
          label="Folder"
          mono
          value={values.path}
          onChange={change('path')}
          error={errors.path}
          placeholder={examplePath(info?.platform)}
          hint="The folder with the .git folder inside."
          addon={
            info?.canPickFolder && (
              <button type="button" className="button" onClick={() => void browse()}>
                Browse…
              </button>
            )
          }
        />
        <TextField
          ref={refs.name}
          label="Name"
          optional
          value={values.name}
          onChange={change('name')}
          error={errors.name}
          hint="Shown in the sidebar. The folder's name when left empty."
        />
        <div className="field-pair">
          <TextField
            ref={refs.pathPrefix}
            label="Path prefix"
            mono
            optional
            value={values.pathPrefix}
            onChange={change('pathPrefix')}
            error={errors.pathPrefix}
            placeholder="docs/"
            hint="Only this sub-folder of the repository."
          />
          <TextField
            ref={refs.group}
            label="Group"
            optional
            value={values.group}
            onChange={change('group')}
            error={errors.group}
            placeholder="e.g. Work"
            hint="Workspaces of a group are listed together."
          />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Add workspace
          </button>
        </div>
      </form>
    </Dialog>
  );
}
