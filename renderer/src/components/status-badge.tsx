import type { WorkspaceStatus } from '../../../shared/domain';
import { statusBadge } from '../lib/status-text';

export function StatusBadge({ status }: { status: WorkspaceStatus }) {
  const { label, tone } = statusBadge(status);
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
