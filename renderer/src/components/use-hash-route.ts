import { useEffect } from 'react';
import { formatHash, parseHash } from '../store/navigation-slice';
import { useAppStore } from '../store/store-context';

/**
 * Keeps `location.hash` and the store's route in step: a reload, Back/Forward or a pasted
 * `#/workspaces/<id>/history` lands on the same place. Each navigation is one history entry.
 */
export function useHashRoute(): void {
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    const follow = () => navigate(parseHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    window.addEventListener('popstate', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
      window.removeEventListener('popstate', follow);
    };
  }, [navigate]);

  useEffect(() => {
    const wanted = formatHash(route);
    if (window.location.hash === wanted) return;
    // The dashboard has no hash at all: drop the bare '#' too.
    window.history.pushState(null, '', wanted || window.location.pathname + window.location.search);
  }, [route]);
}
