import { useAppStore } from '../store/store-context';
import { ConnectionIndicator } from './connection-indicator';
import { LogoMark } from './icons';
import { OperationsIndicator } from './operations-indicator';

export function TopBar({ showConnection }: { showConnection: boolean }) {
  const version = useAppStore((s) => s.info?.version);
  return (
    <header className="topbar">
      <div className="brand">
        <LogoMark />
        <h1 className="brand-name">Reposync</h1>
        {version && <span className="brand-version">v{version}</span>}
      </div>
      <div className="topbar-tools">
        <OperationsIndicator />
        <ConnectionIndicator visible={showConnection} />
      </div>
    </header>
  );
}
