import type { Operation } from '../../../shared/domain';
import { operationFraction } from '../store/operations-slice';

/** Bytes or objects, as the phase counts them: the engine reports both through loaded/total. */
function amount(op: Operation): string | null {
  if (!op.total) return op.loaded > 0 ? String(op.loaded) : null;
  return `${op.loaded} / ${op.total}`;
}

/** The engine's phase ("receiving objects") as a label: first letter up. */
function phaseText(op: Operation): string {
  const phase = op.phase.trim();
  if (!phase) return op.status === 'queued' ? 'Waiting…' : 'Starting…';
  return phase.charAt(0).toUpperCase() + phase.slice(1);
}

/**
 * An operation's progress: phase in words, percent when the total is known, an indeterminate
 * bar while it is not. The <progress> is named by `label` so tests and screen readers find it.
 */
export function ProgressBar({ operation, label }: { operation: Operation; label: string }) {
  const fraction = operationFraction(operation);
  const percent = fraction === undefined ? null : Math.round(fraction * 100);
  const counted = amount(operation);
  return (
    <div className="progress">
      <div className="progress-text">
        <span className="progress-phase">{phaseText(operation)}</span>
        <span className="progress-numbers muted">
          {counted && <span>{counted}</span>}
          {percent !== null && <strong>{percent}%</strong>}
        </span>
      </div>
      <progress className="progress-bar" aria-label={label} max={1} value={fraction} />
    </div>
  );
}
