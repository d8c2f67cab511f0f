import { useRef, useState, type FormEvent, type RefObject } from 'react';
import type { Workspace } from '../../../shared/domain';
import { describeError, errorField, type ErrorText } from '../lib/error-text';
import { useAppStore } from '../store/store-context';
import { AuthorFields, ConnectionSelect, readAuthor } from '../views/setup/shared-fields';
import { Dialog } from './dialog';
import { TextField } from './text-field';

type FieldName = 'name' | 'branch' | 'pathPrefix' | 'group' | 'authorName' | 'authorEmail';
type Values = Record<FieldName, string>;

function initial(w: Workspace): Values {
  return {
    name: w.name,
    branch: w.branch ?? '',
    pathPrefix: w.pathPrefix,
    group: w.group ?? '',
    authorName: w.author?.name ?? '',
    authorEmail: w.author?.email ?? '',
  };
}

function fieldFor(field: string | null): FieldName | null {
  if (field === 'author' || field === 'author.name') return 'authorName';
  if (field === 'author.email') return 'authorEmail';
  return field !== null && ['name', 'branch', 'pathPrefix', 'group'].includes(field) ? (field as FieldName) : null;
}

/** A workspace's settings (`workspaces.update`): name, branch, prefix, group, connection, author. */
export function WorkspaceSettingsDialog({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const updateWorkspace = useAppStore((s) => s.updateWorkspace);
  const hasConnections = useAppStore((s) => s.connections.length > 0);
  const [values, setValues] = useState<Values>(() => initial(workspace));
  const [connectionId, setConnectionId] = useState(workspace.connectionId ?? '');
  const [errors, setErrors] = useState<Partial<Values>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<FieldName, RefObject<HTMLInputElement | null>> = {
    name: useRef<HTMLInputElement>(null),
    branch: useRef<HTMLInputElement>(null),
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
    if (!values.name.trim()) return showError('name', 'A workspace needs a name.');
    const author = readAuthor(values);
    if (typeof author === 'string') return showError(author, 'Enter both the name and the e-mail, or neither.');
    setBusy(true);
    const outcome = await updateWorkspace({
      workspaceId: workspace.id,
      name: values.name.trim(),
      branch: values.branch.trim() || null,
      pathPrefix: values.pathPrefix.trim(),
      group: values.group.trim() || null,
      author,
      connectionId: connectionId || null,
    });
    setBusy(false);
    if (outcome.ok) return onClose();
    const field = fieldFor(errorField(outcome.error));
    if (field) showError(field, outcome.error.message);
    else setFormError(describeError(outcome.error));
  };

  // Opened by a "Set author" fix: start where the missing value goes.
  const focus = workspace.author ? refs.name : refs.authorName;
  return (
    <Dialog title={`Settings of “${workspace.name}”`} description="Changes apply to the next pull and push; the folder itself is not touched." onClose={onClose} initialFocus={focus} wide>
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <div className="form-error" role="alert">
            <strong>{formError.title}.</strong> {formError.message}
          </div>
        )}
        <div className="field-pair">
          <TextField ref={refs.name} label="Name" value={values.name} onChange={change('name')} error={errors.name} />
          <TextField ref={refs.group} label="Group" optional value={values.group} onChange={change('group')} error={errors.group} placeholder="e.g. Work" />
        </div>
        <div className="field-pair">
          <TextField ref={refs.branch} label="Branch" optional mono value={values.branch} onChange={change('branch')} error={errors.branch} hint="The remote branch to pull from and push to." />
          <TextField ref={refs.pathPrefix} label="Path prefix" optional mono value={values.pathPrefix} onChange={change('pathPrefix')} error={errors.pathPrefix} placeholder="docs/" />
        </div>
        {hasConnections && <ConnectionSelect value={connectionId} onChange={setConnectionId} hint="The account used to pull and push." />}
        <AuthorFields values={values} errors={errors} onChange={change} refs={refs} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Save settings
          </button>
        </div>
      </form>
    </Dialog>
  );
}
