import { useAppStore } from '../store/store-context';

/** Long work running on this workspace (pull, push, …) with its phase and progress. */
export function OperationBanner({ workspaceId }: { workspaceId: string }) {
  const operation = useAppStore((s) =>
    Object.values(s.operations).find(
      (op) => op.workspaceId === workspaceId && (op.status === 'running' || op.status === 'queued'),
    ),
  );
  if (!operation) return null;
  const fraction = operation.total ? Math.min(1, operation.loaded / operation.total) : undefined;
  return (
    <div className="callout callout-info operation" role="status">
      <span>
        <strong>{operation.title}</strong>
        {operation.phase && <span className="muted"> · {operation.phase}</span>}
      </span>
      <progress aria-label={operation.title} max={1} value={fraction} />
    </div>
  );
}
