/*
 * Operations names: region 'Operations' (heading level 2), button 'Refresh'; list 'Running'
 * and list 'Recent', one listitem per operation named by its title, with a badge 'Running' |
 * 'Waiting' | 'Done' | 'Failed' | 'Cancelled'; running ones have progressbar '<title> progress'
 * and button 'Cancel <title>'; failed ones show the error and, where one exists, the fix ('Re-enter token', 'Pull first', …).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ActivityIcon, RefreshIcon } from '../../components/icons';
import { isActive } from '../../store/operations-slice';
import { useAppStore } from '../../store/store-context';
import { OperationRow } from './operation-row';

/** Keeps the page to what a person can scan; the engine keeps its own bounded history. */
const MAX_RECENT = 50;

/** Long work: what runs now (with Cancel) and how recent work ended. */
export function OperationsView() {
  const operations = useAppStore(useShallow((s) => Object.values(s.operations)));
  const state = useAppStore((s) => s.operationsState);
  const loadOperations = useAppStore((s) => s.loadOperations);
  useEffect(() => {
    void loadOperations();
  }, [loadOperations]);

  const newestFirst = [...operations].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const running = newestFirst.filter(isActive);
  const recent = newestFirst.filter((op) => !isActive(op)).slice(0, MAX_RECENT);

  return (
    <section className="page" aria-labelledby="operations-title">
      <header className="page-header">
        <div>
          <h2 id="operations-title" className="page-title">
            Operations
          </h2>
          <p className="page-lead">Clones, pulls, pushes and fetches: what runs now and how recent ones ended.</p>
        </div>
        <div className="toolbar">
          <button type="button" className="button" onClick={() => void loadOperations()}>
            <RefreshIcon />
            Refresh
          </button>
        </div>
      </header>

      <h3 className="section-title">
        Running <span className="count">{running.length}</span>
      </h3>
      {running.length === 0 ? (
        <p className="muted empty-note">Nothing is running.</p>
      ) : (
        <ul className="op-list" aria-label="Running">
          {running.map((op) => (
            <OperationRow key={op.id} operation={op} />
          ))}
        </ul>
      )}

      <h3 className="section-title section-gap">Recent</h3>
      {recent.length === 0 ? (
        <div className="page-empty">
          <ActivityIcon />
          <p className="muted">{state === 'error' ? 'The operations could not be loaded.' : 'No finished operations yet. Pull, push or clone, and they appear here.'}</p>
        </div>
      ) : (
        <ul className="op-list" aria-label="Recent">
          {recent.map((op) => (
            <OperationRow key={op.id} operation={op} />
          ))}
        </ul>
      )}
    </section>
  );
}
