import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { TextField } from '../../components/text-field';
import { describeError, errorField, type ErrorText } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { AuthorFields, ConnectionSelect, FolderField, readAuthor } from './shared-fields';

type FieldName = 'path' | 'name' | 'pathPrefix' | 'group' | 'authorName' | 'authorEmail';
type Values = Record<FieldName, string>;
const EMPTY: Values = { path: '', name: '', pathPrefix: '', group: '', authorName: '', authorEmail: '' };

function isFieldName(field: string | null): field is FieldName {
  return field !== null && field in EMPTY;
}

/** Registers a folder that already holds a Git repository. Engine errors that name a field are shown beside it. */
export function ExistingFolderForm({ onDone, onCancel, folderRef }: { onDone(): void; onCancel(): void; folderRef: RefObject<HTMLInputElement | null> }) {
  const addWorkspace = useAppStore((s) => s.addWorkspace);
  const openWorkspace = useAppStore((s) => s.openWorkspace);
  const hasConnections = useAppStore((s) => s.connections.length > 0);
  const [values, setValues] = useState<Values>(EMPTY);
  const [connectionId, setConnectionId] = useState('');
  const [errors, setErrors] = useState<Partial<Values>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<FieldName, RefObject<HTMLInputElement | null>> = {
    path: folderRef,
    name: useRef<HTMLInputElement>(null),
    pathPrefix: useRef<HTMLInputElement>(null),
    group: useRef<HTMLInputElement>(null),
    authorName: useRef<HTMLInputElement>(null),
    authorEmail: useRef<HTMLInputElement>(null),
  };

  const change = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
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
    const author = readAuthor(values);
    if (typeof author === 'string') return showError(author, 'Enter both the name and the e-mail, or neither.');
    const optional = (v: string) => v.trim() || undefined;
    setBusy(true);
    const outcome = await addWorkspace({
      path,
      name: optional(values.name),
      pathPrefix: optional(values.pathPrefix),
      group: optional(values.group),
      author: author ?? undefined,
      connectionId: connectionId || undefined,
    });
    setBusy(false);
    if (outcome.ok) {
      openWorkspace(outcome.workspace.id);
      return onDone();
    }
    const field = errorField(outcome.error);
    const mapped = field?.startsWith('author.') ? (field === 'author.email' ? 'authorEmail' : 'authorName') : field;
    if (isFieldName(mapped)) showError(mapped, outcome.error.message);
    else setFormError(describeError(outcome.error));
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add an existing folder">
      {formError && (
        <div className="form-error" role="alert">
          <strong>{formError.title}.</strong> {formError.message}
        </div>
      )}
      <FolderField inputRef={refs.path} value={values.path} onChange={change('path')} error={errors.path} hint="The folder with the .git folder inside. Nothing in it changes when you add it." />
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
      {hasConnections && (
        <ConnectionSelect value={connectionId} onChange={setConnectionId} hint="The account used to pull and push this folder’s remote." />
      )}
      <AuthorFields values={values} errors={errors} onChange={change} refs={refs} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Add workspace
        </button>
      </div>
    </form>
  );
}
