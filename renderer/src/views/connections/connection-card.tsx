import { useState } from 'react';
import type { Connection, ConnectionTestResult } from '../../../../shared/contract';
import { AlertIcon, CheckIcon } from '../../components/icons';
import { describeError } from '../../lib/error-text';
import { useAppStore } from '../../store/store-context';
import { PROVIDER_LABELS, expiryText, providerChoice, rateLimitText } from './connection-text';
import { ProviderIcon } from './provider-icon';

type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: ConnectionTestResult } | { kind: 'error'; title: string; message: string };

function TestOutcome({ state }: { state: TestState }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'running') return <span className="muted">Checking with the provider…</span>;
  if (state.kind === 'error') {
    return (
      <span className="test-bad">
        <AlertIcon /> {state.title}. {state.message}
      </span>
    );
  }
  const r = state.result;
  return r.valid ? (
    <span className="test-ok">
      <CheckIcon /> Works: signed in as {r.username}.
    </span>
  ) : (
    <span className="test-bad">
      <AlertIcon /> {describeError({ ...r.error, details: {}, requestId: '' }).title}. {r.error.message}
    </span>
  );
}

/** One saved account: who, where, how long its token lasts, and Test / Edit / Delete. */
export function ConnectionCard({ connection, onEdit, onDelete }: { connection: Connection; onEdit(focusSecret: boolean): void; onDelete(): void }) {
  const testConnection = useAppStore((s) => s.testConnection);
  const usedBy = useAppStore((s) => s.workspaces.filter((w) => w.connectionId === connection.id).length);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const choice = providerChoice(connection);
  const expiry = expiryText(connection.expiresAt);
  const rate = rateLimitText(connection);
  const titleId = `conn-${connection.id}`;

  const runTest = async () => {
    setTest({ kind: 'running' });
    const outcome = await testConnection(connection.id);
    setTest(outcome.ok ? { kind: 'done', result: outcome.value } : { kind: 'error', ...describeError(outcome.error) });
  };

  return (
    <li className="conn-card" aria-labelledby={titleId}>
      <div className={`conn-logo conn-logo-${choice}`}>
        <ProviderIcon provider={choice} />
      </div>
      <div className="conn-body">
        <h3 id={titleId} className="conn-title">
          {connection.label}
        </h3>
        <p className="conn-facts">
          <span>{PROVIDER_LABELS[choice]}</span>
          <span aria-hidden="true">·</span>
          <span>{connection.username}</span>
          <span aria-hidden="true">·</span>
          <code className="path-inline">{connection.baseUrl}</code>
        </p>
        <p className="conn-facts muted">
          <span>{usedBy === 0 ? 'Not used by a workspace' : `Used by ${usedBy} workspace${usedBy === 1 ? '' : 's'}`}</span>
          {rate && (
            <>
              <span aria-hidden="true">·</span>
              <span>{rate}</span>
            </>
          )}
        </p>
        {expiry && (
          <p className={`conn-expiry tone-text-${expiry.tone}`}>
            {expiry.tone !== 'neutral' && <AlertIcon />} {expiry.text}
            {expiry.expired && (
              <button type="button" className="button button-small" onClick={() => onEdit(true)}>
                Re-enter token
              </button>
            )}
          </p>
        )}
        <p className="conn-test" role="status" aria-label={`Test result for ${connection.label}`}>
          <TestOutcome state={test} />
        </p>
      </div>
      <div className="conn-actions">
        <button type="button" className="button button-small" aria-label={`Test ${connection.label}`} aria-disabled={test.kind === 'running' || undefined} onClick={() => test.kind !== 'running' && void runTest()}>
          Test
        </button>
        <button type="button" className="button button-small" aria-label={`Edit ${connection.label}`} onClick={() => onEdit(false)}>
          Edit
        </button>
        <button type="button" className="button button-small button-quiet-danger" aria-label={`Delete ${connection.label}`} onClick={onDelete}>
          Delete
        </button>
      </div>
    </li>
  );
}
