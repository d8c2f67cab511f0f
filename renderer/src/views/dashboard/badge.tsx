import type { WorkspaceBadge } from './workspace-badge';

export function Badge({ badge }: { badge: WorkspaceBadge }) {
  return (
    <span className={`badge badge-${badge.tone}`} title={badge.detail}>
      <span className="badge-dot" aria-hidden="true" />
      {badge.label}
    </span>
  );
}
