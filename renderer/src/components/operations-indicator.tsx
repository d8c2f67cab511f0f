import { useShallow } from 'zustand/react/shallow';
import { isActive } from '../store/operations-slice';
import { useAppStore } from '../store/store-context';
import { ActivityIcon } from './icons';

/** The top bar's "N running" button; hidden while nothing runs so the bar stays calm. */
export function OperationsIndicator() {
  const running = useAppStore(useShallow((s) => Object.values(s.operations).filter(isActive)));
  const navigate = useAppStore((s) => s.navigate);
  if (running.length === 0) return null;
  const label = running.length === 1 ? (running[0]?.title ?? '1 operation running') : `${running.length} operations running`;
  return (
    <button
      type="button"
      className="ops-indicator"
      aria-label={`Operations: ${running.length} running`}
      title={label}
      onClick={() => navigate({ page: 'operations' })}
    >
      <span className="spinner" aria-hidden="true" />
      <ActivityIcon />
      <span>{running.length} running</span>
    </button>
  );
}
