import type { FileChange } from '../../../shared/domain';
import { CHANGE_LABELS } from '../lib/status-text';

/** Rendering stays cheap on huge trees; the rest is counted, not drawn (virtualized later). */
const MAX_SHOWN = 500;

function splitPath(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { dir: '', base: path } : { dir: path.slice(0, slash + 1), base: path.slice(slash + 1) };
}

export function ChangedFiles({ files, hasCommits }: { files: FileChange[]; hasCommits: boolean }) {
  if (files.length === 0) {
    const text = hasCommits ? 'No changes. The folder matches the last commit.' : 'The repository is empty: no commits and no files yet.';
    return <p className="muted empty-note">{text}</p>;
  }
  const shown = files.slice(0, MAX_SHOWN);
  return (
    <>
      <ul className="file-list" aria-label="Changed files">
        {shown.map((file) => {
          const { dir, base } = splitPath(file.path);
          return (
            <li key={file.path} className="file-row">
              <span className={`kind kind-${file.kind}`}>{CHANGE_LABELS[file.kind]}</span>
              <span className="file-path" title={file.path}>
                {dir && <span className="file-dir">{dir}</span>}
                <span className="file-base">{base}</span>
              </span>
            </li>
          );
        })}
      </ul>
      {files.length > MAX_SHOWN && (
        <p className="muted empty-note">and {files.length - MAX_SHOWN} more files not shown.</p>
      )}
    </>
  );
}
