import { useAppStore } from '../store/store-context';

const TEXT = { open: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as const;

/** Only the browser (host) build can lose its connection; Electron shows nothing here. */
export function ConnectionIndicator({ visible }: { visible: boolean }) {
  const connection = useAppStore((s) => s.connection);
  if (!visible) return null;
  return (
    <div className={`connection connection-${connection}`} role="status" aria-label="Connection">
      <span className="connection-dot" aria-hidden="true" />
      {TEXT[connection]}
    </div>
  );
}
