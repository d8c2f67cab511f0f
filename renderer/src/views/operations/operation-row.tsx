import type { Operation } from '../../../../shared/domain';
import { ProgressBar } from '../../components/progress-bar';
import { describeError, toErrorPayload } from '../../lib/error-text';
import { relativeTime } from '../../lib/relative-time';
import { isActive } from '../../store/operations-slice';
import { useAppStore } from '../../store/store-context';

const OUTCOME: Record<Operation['status'], { label: string; tone: string }> = {
  queued: { label: 'Waiting', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Done', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

function duration(op: Operation): string | null {
  if (!op.finishedAt) return null;
  const ms = Date.parse(op.finishedAt) - Date.parse(op.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** One operation: title, workspace, outcome; running ones show progress and Cancel. */
export function OperationRow({ operation }: { operation: Operation }) {
  const workspaceName = useAppStore((s) => s.workspaces.find((w) => w.id === operation.workspaceId)?.name);
  const cancel = useAppStore((s) => s.cancelOperation);
  const operationFix = useAppStore((s) => s.operationFix);
  const active = isActive(operation);
  const outcome = OUTCOME[operation.status];
  const error = operation.error ? describeError(toErrorPayload(operation.error)) : null;
  const fix = operation.error ? operationFix(operation.error, operation.workspaceId) : undefined;
  const took = duration(operation);
  const titleId = `op-${operation.id}`;

  return (
    <li className={`op-row op-${operation.status}`} aria-labelledby={titleId}>
      <div className="op-head">
        <span id={titleId} className="op-title">
          {operation.title}
        </span>
        <span className={`badge badge-${outcome.tone}`}>
          <span className="badge-dot" aria-hidden="true" />
          {outcome.label}
        </span>
      </div>
      <p className="op-meta muted">
        {workspaceName && <span>{workspaceName}</span>}
        <span>
          Started <time dateTime={operation.startedAt} title={new Date(operation.startedAt).toLocaleString()}>{relativeTime(operation.startedAt)}</time>
        </span>
        {took && <span>took {took}</span>}
      </p>
      {active && (
        <div className="op-progress">
          <ProgressBar operation={operation} label={`${operation.title} progress`} />
          <button type="button" className="button button-small" aria-label={`Cancel ${operation.title}`} onClick={() => void cancel(operation.id)}>
            Cancel
          </button>
        </div>
      )}
      {error && operation.status === 'failed' && (
        <div className="op-error">
          <p>
            <strong>{error.title}.</strong> {error.message}
          </p>
          {/* The same fix a toast offers, for an error noticed later. */}
          {fix && (
            <button type="button" className="button button-small" onClick={fix.run}>
              {fix.label}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
