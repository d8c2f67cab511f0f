import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { RemoteTestResult, RepoSummary } from '../../../../shared/contract';
import { TextField } from '../../components/text-field';
import { describeError, errorField, toErrorPayload, type ErrorText } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { CloneProgress } from './clone-progress';
import { RemoteTestPanel } from './remote-test-panel';
import { RepoPicker } from './repo-picker';
import { AuthorFields, ConnectionSelect, FolderField, readAuthor } from './shared-fields';

type FieldName = 'url' | 'branch' | 'folder' | 'name' | 'pathPrefix' | 'group' | 'authorName' | 'authorEmail';
type Values = Record<FieldName, string>;
const EMPTY: Values = { url: '', branch: '', folder: '', name: '', pathPrefix: '', group: '', authorName: '', authorEmail: '' };

function isFieldName(field: string | null): field is FieldName {
  return field !== null && field in EMPTY;
}

/** The engine names `folder`/`url`/`author.email`…; map them onto this form's fields. */
function fieldFor(field: string | null): FieldName | null {
  if (field === 'author.name') return 'authorName';
  if (field === 'author.email') return 'authorEmail';
  if (field === 'path') return 'folder';
  return isFieldName(field) ? field : null;
}

/**
 * Clone a repository into a new or empty folder and add it as a workspace: pick it from a
 * connection's list or paste its URL, test it, then watch the clone with Cancel at hand.
 */
export function CloneForm({
  onDone,
  onCancel,
  onCloning,
  urlRef,
}: {
  onDone(): void;
  onCancel(): void;
  /** While a clone runs the dialog shows only its progress. */
  onCloning(cloning: boolean): void;
  urlRef: RefObject<HTMLInputElement | null>;
}) {
  const connections = useAppStore((s) => s.connections);
  const testRemote = useAppStore((s) => s.testRemote);
  const startClone = useAppStore((s) => s.startClone);
  const cancelOperation = useAppStore((s) => s.cancelOperation);
  const [values, setValues] = useState<Values>(EMPTY);
  const [connectionId, setConnectionId] = useState('');
  const [errors, setErrors] = useState<Partial<Values>>({});
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [test, setTest] = useState<RemoteTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [starting, setStarting] = useState(false);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [cancelledIn, setCancelledIn] = useState<string | null>(null);
  const operation = useAppStore((s) => (operationId ? s.operations[operationId] : undefined));
  const branchListId = useId();
  const submitRef = useRef<HTMLButtonElement>(null);
  const refs: Record<FieldName, RefObject<HTMLInputElement | null>> = {
    url: urlRef,
    branch: useRef<HTMLInputElement>(null),
    folder: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    pathPrefix: useRef<HTMLInputElement>(null),
    group: useRef<HTMLInputElement>(null),
    authorName: useRef<HTMLInputElement>(null),
    authorEmail: useRef<HTMLInputElement>(null),
  };
  const connection = connections.find((c) => c.id === connectionId);
  const cloning = operationId !== null && (!operation || operation.status === 'running' || operation.status === 'queued');
  useEffect(() => onCloning(cloning), [cloning]);

  const change = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'url') setTest(null);
  };
  const showError = (field: FieldName, message: string) => {
    setErrors({ [field]: message });
    refs[field].current?.focus();
  };

  const chooseConnection = (id: string) => {
    setConnectionId(id);
    setTest(null);
    // A plain Git server's connection is tied to one repository: its URL is the one to clone.
    const picked = connections.find((c) => c.id === id);
    if (picked?.provider === 'generic' && !values.url.trim()) setValues((v) => ({ ...v, url: picked.baseUrl }));
  };

  const pickRepo = (repo: RepoSummary) => {
    setValues((v) => ({ ...v, url: repo.cloneUrl, branch: repo.defaultBranch ?? '' }));
    setErrors({});
    setTest(null);
  };

  const runTest = async () => {
    const url = values.url.trim();
    if (!url) return showError('url', 'Enter the repository’s address first.');
    setTesting(true);
    setFormError(null);
    const outcome = await testRemote({ url, connectionId: connectionId || undefined });
    setTesting(false);
    if (!outcome.ok) {
      const field = fieldFor(errorField(outcome.error));
      return field ? showError(field, outcome.error.message) : setFormError(describeError(outcome.error));
    }
    setTest(outcome.value);
    if (!values.branch.trim() && outcome.value.defaultBranch) setValues((v) => ({ ...v, branch: outcome.value.defaultBranch ?? '' }));
  };

  // The outcome of the clone: success closes the dialog (the slice opens the workspace).
  useEffect(() => {
    if (!operation || !operationId) return;
    if (operation.status === 'succeeded') onDone();
    else if (operation.status === 'cancelled') {
      setCancelledIn(values.folder.trim());
      setOperationId(null);
      // "Cancel clone" is gone with the progress: keep the keyboard in the form.
      setTimeout(() => submitRef.current?.focus(), 0);
    } else if (operation.status === 'failed' && operation.error) {
      setOperationId(null);
      const error = toErrorPayload(operation.error);
      const field = fieldFor(errorField(error));
      if (field) setTimeout(() => showError(field, error.message), 0);
      else {
        setFormError(describeError(error));
        setTimeout(() => submitRef.current?.focus(), 0);
      }
    }
  }, [operation?.status]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (starting || cloning) return;
    setFormError(null);
    setCancelledIn(null);
    const url = values.url.trim();
    const folder = values.folder.trim();
    if (!url) return showError('url', 'Enter the repository’s address, or pick one from the list.');
    if (!folder) return showError('folder', 'Choose where to put the copy: a new or empty folder.');
    const author = readAuthor(values);
    if (typeof author === 'string') return showError(author, 'Enter both the name and the e-mail, or neither.');
    const optional = (v: string) => v.trim() || undefined;
    setStarting(true);
    const outcome = await startClone({
      url,
      folder,
      branch: optional(values.branch),
      name: optional(values.name),
      pathPrefix: optional(values.pathPrefix),
      group: optional(values.group),
      author: author ?? undefined,
      connectionId: connectionId || undefined,
    });
    setStarting(false);
    if (outcome.ok) return setOperationId(outcome.value);
    const field = fieldFor(errorField(outcome.error));
    if (field) showError(field, outcome.error.message);
    else setFormError(describeError(outcome.error));
  };

  const locked = cloning || starting;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Clone from a repository">
      {cloning ? (
        <CloneProgress url={values.url.trim()} folder={values.folder.trim()} operation={operation} />
      ) : (
        <>
      {connections.length > 0 && (
        <ConnectionSelect
          value={connectionId}
          onChange={chooseConnection}
          disabled={locked}
          hint="Its token is used to clone, pull and push. Choose one to pick from its repositories."
        />
      )}
      {connection && connection.provider !== 'generic' && (
        <RepoPicker connectionId={connection.id} selectedUrl={values.url} onPick={pickRepo} disabled={locked} />
      )}
      <TextField
        ref={refs.url}
        label="Repository URL"
        mono
        value={values.url}
        onChange={change('url')}
        error={errors.url}
        disabled={locked}
        placeholder="https://github.com/owner/repository.git"
        hint="HTTPS address of the repository (SSH is not supported)."
        addon={
          <button type="button" className="button" aria-disabled={testing || locked || undefined} onClick={() => !testing && !locked && void runTest()}>
            {testing && <span className="spinner" aria-hidden="true" />}
            Test
          </button>
        }
      />
      {test && <RemoteTestPanel result={test} />}
      <div className="field-pair">
        <TextField
          ref={refs.branch}
          label="Branch"
          optional
          mono
          list={test && test.branches.length > 0 ? branchListId : undefined}
          value={values.branch}
          onChange={change('branch')}
          error={errors.branch}
          disabled={locked}
          placeholder={test?.defaultBranch ?? 'default branch'}
          hint="Default: the repository’s default branch."
        />
        <TextField
          ref={refs.pathPrefix}
          label="Path prefix"
          optional
          mono
          value={values.pathPrefix}
          onChange={change('pathPrefix')}
          error={errors.pathPrefix}
          disabled={locked}
          placeholder="docs/"
          hint="Only this sub-folder is synced."
        />
      </div>
      {test && test.branches.length > 0 && (
        <datalist id={branchListId}>
          {test.branches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      )}
      <FolderField
        inputRef={refs.folder}
        value={values.folder}
        onChange={change('folder')}
        error={errors.folder}
        disabled={locked}
        hint="A new or empty folder; it is created when missing."
      />
      <div className="field-pair">
        <TextField ref={refs.name} label="Name" optional value={values.name} onChange={change('name')} error={errors.name} disabled={locked} hint="Default: the folder’s name." />
        <TextField ref={refs.group} label="Group" optional value={values.group} onChange={change('group')} error={errors.group} disabled={locked} placeholder="e.g. Work" />
      </div>
      <AuthorFields values={values} errors={errors} onChange={change} refs={refs} disabled={locked} />
        </>
      )}
      {/* Outcomes sit beside the buttons, where the eyes are after clicking Clone or Cancel clone. */}
      {formError && (
        <div className="form-error" role="alert">
          <strong>{formError.title}.</strong> {formError.message}
        </div>
      )}
      {cancelledIn !== null && (
        <div className="callout callout-info" role="status">
          <strong>Clone cancelled.</strong> Nothing was left behind{cancelledIn ? <> in <code className="path-inline">{cancelledIn}</code></> : null}. You can change the settings and clone again.
        </div>
      )}
      <div className="dialog-actions">
        {cloning ? (
          <>
            <button type="button" className="button" onClick={onCancel} title="The clone goes on; the Operations page shows it">
              Hide
            </button>
            <button type="button" className="button button-quiet-danger" onClick={() => operationId && void cancelOperation(operationId)}>
              Cancel clone
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button ref={submitRef} type="submit" className="button button-primary" aria-disabled={starting || undefined}>
              {starting && <span className="spinner" aria-hidden="true" />}
              Clone
            </button>
          </>
        )}
      </div>
    </form>
  );
}
