import { useId } from 'react';
import type { Workspace } from '../../../../shared/domain';
import { relativeTime } from '../../lib/relative-time';
import { AUTO_FETCH_MINUTES } from '../../store/operations-slice';
import { useAppStore } from '../../store/store-context';

function optionLabel(minutes: number): string {
  if (minutes === 0) return 'Off';
  return minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`;
}

function AutoFetchRow({ workspace }: { workspace: Workspace }) {
  const minutes = useAppStore((s) => s.autoFetch[workspace.id] ?? 0);
  const last = useAppStore((s) => s.autoFetchLast[workspace.id]);
  const setAutoFetch = useAppStore((s) => s.setAutoFetch);
  const id = useId();
  return (
    <li className="setting-row">
      <div className="setting-text">
        <label htmlFor={id} className="setting-name">
          <span className="sr-only">Fetch </span>
          {workspace.name}
          <span className="sr-only"> automatically</span>
        </label>
        <span className="muted setting-desc">
          {last ? (
            last.error ? (
              <span className="tone-text-danger">Last automatic fetch failed: {last.error}</span>
            ) : (
              <>Last fetched {relativeTime(last.at)}</>
            )
          ) : (
            <bdi>{workspace.path}</bdi>
          )}
        </span>
      </div>
      <select id={id} className="select" value={minutes} onChange={(e) => setAutoFetch(workspace.id, Number(e.target.value))}>
        {AUTO_FETCH_MINUTES.map((m) => (
          <option key={m} value={m}>
            {optionLabel(m)}
          </option>
        ))}
      </select>
    </li>
  );
}

/** Per workspace: download new commits in the background, so "behind N" shows without a click. */
export function AutoFetchSettings() {
  const workspaces = useAppStore((s) => s.workspaces);
  return (
    <section className="settings-section" aria-labelledby="autofetch-title">
      <h3 id="autofetch-title" className="section-title">
        Fetch automatically
      </h3>
      <p className="muted settings-lead">
        Checks the remote for new commits every few minutes. Fetching never changes your files; pull when you are ready.
        It runs only while this window is open, and skips a workspace while something else runs on it.
      </p>
      {workspaces.length === 0 ? (
        <p className="muted empty-note">Add a workspace first.</p>
      ) : (
        <ul className="settings-list" aria-label="Fetch automatically">
          {workspaces.map((w) => (
            <AutoFetchRow key={w.id} workspace={w} />
          ))}
        </ul>
      )}
    </section>
  );
}
