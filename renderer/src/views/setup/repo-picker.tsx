import { useEffect, useId, useRef, useState } from 'react';
import type { RepoSummary } from '../../../../shared/contract';
import { LockIcon, SearchIcon } from '../../components/icons';
import { describeError, type ErrorText } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';

const PER_PAGE = 30;
/** Typing pauses this long before the provider is asked, so a search is one request, not ten. */
const SEARCH_DELAY_MS = 300;

/**
 * The repositories a connection can reach, newest first, searchable and paged
 * (`providers.listRepos`). Choosing one fills the URL and default branch of the clone form.
 */
export function RepoPicker({ connectionId, selectedUrl, onPick, disabled }: { connectionId: string; selectedUrl: string; onPick(repo: RepoSummary): void; disabled?: boolean }) {
  const listRepos = useAppStore((s) => s.listRepos);
  const [query, setQuery] = useState('');
  const [repos, setRepos] = useState<RepoSummary[]>([]);
  const [nextPage, setNextPage] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorText | null>(null);
  const request = useRef(0);
  const searchId = useId();

  const load = async (page: number, q: string) => {
    const id = ++request.current;
    setLoading(true);
    setError(null);
    const outcome = await listRepos({ connectionId, page, perPage: PER_PAGE, sort: 'updated', query: q.trim() || undefined });
    // A newer search (or another connection) has taken over.
    if (id !== request.current) return;
    setLoading(false);
    if (!outcome.ok) return setError(describeError(outcome.error));
    setRepos((r) => (page === 1 ? outcome.value.repos : [...r, ...outcome.value.repos]));
    setNextPage(outcome.value.nextPage);
  };

  useEffect(() => {
    const timer = setTimeout(() => void load(1, query), query ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
    // `load` is recreated each render; the inputs that matter are these two.
  }, [connectionId, query]);

  return (
    <div className="repo-picker">
      <label htmlFor={searchId} className="field-label">
        Repository
      </label>
      <div className="search-box">
        <SearchIcon />
        <input
          id={searchId}
          className="input"
          type="search"
          placeholder="Search repositories"
          aria-label="Search repositories"
          value={query}
          disabled={disabled}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="repo-results" aria-busy={loading || undefined}>
        {error && (
          <p className="field-error" role="alert">
            {error.title}. {error.message}
          </p>
        )}
        {!error && !loading && repos.length === 0 && <p className="muted repo-note">{query ? 'No repository matches.' : 'This account has no repositories.'}</p>}
        {repos.length > 0 && (
          <ul className="repo-list" aria-label="Repositories">
            {repos.map((r) => (
              <li key={r.cloneUrl}>
                <button
                  type="button"
                  className="repo-item"
                  aria-pressed={r.cloneUrl === selectedUrl}
                  disabled={disabled}
                  onClick={() => onPick(r)}
                >
                  <span className="repo-name">
                    {r.fullName}
                    {r.private && (
                      <span className="repo-private" title="Private">
                        <LockIcon />
                        <span className="sr-only"> (private)</span>
                      </span>
                    )}
                  </span>
                  {r.description && <span className="repo-desc muted">{r.description}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
        {loading && <p className="muted repo-note">Loading…</p>}
        {nextPage !== null && !loading && (
          <button type="button" className="button button-small repo-more" disabled={disabled} onClick={() => void load(nextPage, query)}>
            Load more
          </button>
        )}
      </div>
    </div>
  );
}
