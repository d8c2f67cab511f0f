import type { RemoteTestResult } from '../../../../shared/contract';
import { AlertIcon, CheckIcon } from '../../components/icons';

function Yes({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <span className={ok ? 'test-ok' : 'test-bad'}>{ok ? <CheckIcon /> : <AlertIcon />} {ok ? yes : no}</span>;
}

/** What `workspaces.test` found: reachable, may read, may push, default branch, latency. */
export function RemoteTestPanel({ result }: { result: RemoteTestResult }) {
  return (
    <div className="remote-test" role="status" aria-label="Test result">
      <dl className="remote-test-grid">
        <div>
          <dt>Server</dt>
          <dd>
            <Yes ok={result.reachable} yes="Reachable" no="Not reachable" />
          </dd>
        </div>
        <div>
          <dt>Read</dt>
          <dd>
            <Yes ok={result.canRead} yes="Allowed" no="Not allowed" />
          </dd>
        </div>
        <div>
          <dt>Push</dt>
          <dd>
            <Yes ok={result.canWrite} yes="Allowed" no="Not allowed" />
          </dd>
        </div>
        <div>
          <dt>Default branch</dt>
          <dd>{result.defaultBranch ?? <span className="muted">none (empty repository)</span>}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{result.latencyMs === null ? '—' : `${Math.round(result.latencyMs)} ms`}</dd>
        </div>
      </dl>
      {result.error && <p className="test-bad remote-test-msg">{result.error.message}</p>}
      {!result.error && result.writeError && <p className="muted remote-test-msg">Push: {result.writeError.message}</p>}
    </div>
  );
}
