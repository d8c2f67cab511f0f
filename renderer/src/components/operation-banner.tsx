import { activeOperationFor } from '../store/operations-slice';
import { useAppStore } from '../store/store-context';
import { ProgressBar } from './progress-bar';

/** Long work running on this workspace (pull, push, …) with its phase, progress and Cancel. */
export function OperationBanner({ workspaceId }: { workspaceId: string }) {
  const operation = useAppStore((s) => activeOperationFor(s.operations, workspaceId));
  const cancel = useAppStore((s) => s.cancelOperation);
  if (!operation) return null;
  return (
    <div className="callout callout-info operation" role="status" aria-label={operation.title}>
      <div className="operation-main">
        <strong>{operation.title}</strong>
        <ProgressBar operation={operation} label={`${operation.title} progress`} />
      </div>
      <button type="button" className="button" onClick={() => void cancel(operation.id)}>
        Cancel
      </button>
    </div>
  );
}
