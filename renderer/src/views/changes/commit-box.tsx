import { useId, useState, type KeyboardEvent } from 'react';
import type { PushResult } from '../../../../shared/contract';
import type { Outcome } from '../../store/sync-slice';
import type { Workspace } from '../../../../shared/domain';
import { UploadIcon } from '../../components/icons';
import { ProgressBar } from '../../components/progress-bar';
import { useAppStore } from '../../store/store-context';

interface CommitBoxProps {
  workspace: Workspace;
  /** The checked paths; null = every change (too many to list). */
  paths: string[] | null;
  selectedCount: number;
  /** Reports how a push ended; the view shows it (this box may vanish once nothing is left to commit). */
  onPushed(outcome: Outcome<PushResult>): void;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** A branch name from the subject: `reposync/fix-the-header`. */
export function suggestBranch(subject: string): string {
  const slug = subject
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `reposync/${slug || 'changes'}`;
}

/** The pull request part of a push: an empty title falls back to the commit summary in the engine. */
export function pullRequestFields(title: string, body: string): { title?: string; body?: string } {
  return { ...(title.trim() ? { title: title.trim().slice(0, 256) } : {}), ...(body.trim() ? { body } : {}) };
}

/** Why Push cannot run yet, in words; null when it can. */
export function pushBlocker(o: { selectedCount: number; subject: string; busy: boolean; authorOk: boolean; branchOk: boolean }): string | null {
  if (o.busy) return 'A sync is running in this workspace.';
  if (o.selectedCount === 0) return 'Select at least one file to push.';
  if (!o.subject.trim()) return 'Write a summary of your changes.';
  if (!o.authorOk) return 'Enter your name and e-mail address.';
  if (!o.branchOk) return 'Enter a name for the new branch.';
  return null;
}

/** The message, the author, the pull-request option and the Push button with its progress and outcome. */
export function CommitBox({ workspace, paths, selectedCount, onPushed }: CommitBoxProps) {
  const pushChanges = useAppStore((s) => s.pushChanges);
  const saveAuthor = useAppStore((s) => s.saveAuthor);
  const activity = useAppStore((s) => s.syncActivity[workspace.id]);
  const operation = useAppStore((s) => (activity?.operationId ? s.operations[activity.operationId] : undefined));
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [authorName, setAuthorName] = useState('');
  const [authorEmail, setAuthorEmail] = useState('');
  const [openPr, setOpenPr] = useState(false);
  const [branch, setBranch] = useState('');
  const [branchEdited, setBranchEdited] = useState(false);
  const [prTitle, setPrTitle] = useState('');
  const [prBody, setPrBody] = useState('');
  const [authorError, setAuthorError] = useState(false);
  const ids = { subject: useId(), description: useId(), reason: useId(), name: useId(), email: useId(), branch: useId(), prTitle: useId(), prBody: useId(), prHint: useId() };

  const needsAuthor = workspace.author === null;
  const authorGiven = authorName.trim() !== '' || authorEmail.trim() !== '';
  // Without a saved author the engine falls back to the repository's git config; fields are optional then, but both or neither.
  const authorOk = !needsAuthor || !authorGiven || (authorName.trim() !== '' && EMAIL.test(authorEmail.trim()));
  const canOpenPr = workspace.connectionId !== null && workspace.remoteUrl !== null;
  const targetBranch = branchEdited ? branch : suggestBranch(subject);
  const busy = activity !== undefined;
  const blocker = pushBlocker({ selectedCount, subject, busy, authorOk, branchOk: !(openPr && canOpenPr) || targetBranch.trim() !== '' });
  const pushing = activity?.action === 'push';

  const push = async () => {
    if (blocker) return;
    setAuthorError(false);
    const author = needsAuthor && authorGiven ? { name: authorName.trim(), email: authorEmail.trim() } : undefined;
    const message = description.trim() ? `${subject.trim()}\n\n${description.trim()}` : subject.trim();
    const outcome = await pushChanges({
      workspaceId: workspace.id,
      message,
      ...(paths ? { paths } : {}),
      ...(author ? { author } : {}),
      ...(openPr && canOpenPr ? { branch: targetBranch.trim(), pullRequest: pullRequestFields(prTitle, prBody) } : {}),
    });
    onPushed(outcome);
    if (!outcome.ok) {
      setAuthorError(outcome.error.code === 'invalid_input' && outcome.error.details.field === 'author');
      return;
    }
    setSubject('');
    setDescription('');
    setBranchEdited(false);
    setPrTitle('');
    setPrBody('');
    if (author) void saveAuthor(workspace.id, author);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void push();
    }
  };

  return (
    <div className="commit-box" onKeyDown={onKeyDown}>
      <label className="sr-only" htmlFor={ids.subject}>
        Summary
      </label>
      <input
        id={ids.subject}
        className="input commit-subject"
        placeholder="Summary (required)"
        value={subject}
        maxLength={500}
        onChange={(e) => setSubject(e.target.value)}
      />
      <label className="sr-only" htmlFor={ids.description}>
        Description
      </label>
      <textarea
        id={ids.description}
        className="input commit-description"
        placeholder="Description (optional)"
        rows={3}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />

      {needsAuthor ? (
        <fieldset className={`commit-author-fields${authorError ? ' field-invalid' : ''}`}>
          <legend className="commit-legend">Author</legend>
          <div className="commit-author-row">
            <input className="input" aria-label="Author name" placeholder="Your name" value={authorName} onChange={(e) => setAuthorName(e.target.value)} autoComplete="name" />
            <input className="input" aria-label="Author e-mail" placeholder="you@example.com" value={authorEmail} onChange={(e) => setAuthorEmail(e.target.value)} autoComplete="email" />
          </div>
          <p className="field-hint">Leave empty to use the repository's Git settings. Saved for this workspace after the push.</p>
        </fieldset>
      ) : (
        <p className="commit-author muted">
          Committing as <strong className="commit-author-name">{workspace.author!.name}</strong> &lt;{workspace.author!.email}&gt;
        </p>
      )}

      {canOpenPr && (
        <div className="commit-pr">
          <label className="inline-check">
            <input type="checkbox" checked={openPr} onChange={(e) => setOpenPr(e.target.checked)} />
            Open a pull request
          </label>
          {openPr && (
            <div className="commit-pr-fields">
              <label className="field-label" htmlFor={ids.branch}>
                New branch name
              </label>
              <input
                id={ids.branch}
                className="input input-mono"
                value={targetBranch}
                onChange={(e) => {
                  setBranchEdited(true);
                  setBranch(e.target.value);
                }}
              />
              <p className="field-hint" id={ids.prHint}>
                Your commit goes to this branch instead of “{workspace.branch ?? 'the workspace branch'}”, and a pull request into “
                {workspace.branch ?? 'it'}” is opened.
              </p>
              <label className="field-label" htmlFor={ids.prTitle}>
                Pull request title
              </label>
              <input
                id={ids.prTitle}
                className="input"
                placeholder={subject.trim() || 'Same as the summary'}
                value={prTitle}
                maxLength={256}
                onChange={(e) => setPrTitle(e.target.value)}
              />
              <label className="field-label" htmlFor={ids.prBody}>
                Pull request description
              </label>
              <textarea
                id={ids.prBody}
                className="input commit-pr-body"
                placeholder="What changed and why (optional)"
                rows={4}
                value={prBody}
                onChange={(e) => setPrBody(e.target.value)}
              />
            </div>
          )}
        </div>
      )}

      <button
        type="button"
        className="button button-primary button-block"
        disabled={blocker !== null}
        aria-describedby={blocker ? ids.reason : undefined}
        onClick={() => void push()}
      >
        {pushing ? <span className="spinner" aria-hidden="true" /> : <UploadIcon />}
        {pushing ? 'Pushing…' : openPr && canOpenPr ? `Push to ${targetBranch || 'new branch'}` : `Push ${selectedCount} file${selectedCount === 1 ? '' : 's'}`}
      </button>
      {blocker && !pushing && (
        <p id={ids.reason} className="field-hint push-reason">
          {blocker}
        </p>
      )}
      {pushing && operation && <ProgressBar operation={operation} label="Push progress" />}

    </div>
  );
}
