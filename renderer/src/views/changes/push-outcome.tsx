import type { PushResult } from '../../../../shared/contract';
import type { ErrorPayload } from '../../../../shared/errors';
import { describeError } from '../../lib/error-text';
import type { Outcome } from '../../store/sync-slice';

/**
 * How the last push ended, kept by the view (the commit box disappears when nothing is left to
 * commit, e.g. after a refused push made its commit): the pull request link, or the error with its fix.
 */
export function PushOutcome({ outcome, onPullFirst, onDismiss }: { outcome: Outcome<PushResult>; onPullFirst(): void; onDismiss(): void }) {
  if (outcome.ok) {
    const prError = outcome.value.pullRequestError;
    if (!outcome.value.pullRequestUrl && prError) {
      const text = describeError(prError);
      return (
        <div className="callout callout-warn push-outcome" role="alert">
          <span>
            Pushed to “{outcome.value.pushedTo}”, but the pull request was not opened: <strong>{text.title}.</strong> {text.message} You can open it on
            the provider's website.
          </span>
          <button type="button" className="button button-small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      );
    }
    if (!outcome.value.pullRequestUrl) return null;
    return (
      <div className="callout callout-ok push-outcome" role="status">
        <span>
          Pushed to “{outcome.value.pushedTo}”. Pull request opened:{' '}
          <a href={outcome.value.pullRequestUrl} target="_blank" rel="noreferrer noopener">
            {outcome.value.pullRequestUrl}
          </a>
        </span>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return <PushError error={outcome.error} onPullFirst={onPullFirst} onDismiss={onDismiss} />;
}

function count(n: number): string {
  return `${n} commit${n === 1 ? '' : 's'}`;
}

function PushError({ error, onPullFirst, onDismiss }: { error: ErrorPayload; onPullFirst(): void; onDismiss(): void }) {
  if (error.code === 'non_fast_forward' && error.details.reviewBranch === true) {
    // A push to a review branch makes no local commit: pulling the workspace's branch would not help.
    return (
      <div className="callout callout-warn push-outcome" role="alert">
        <span>
          <strong>Someone else pushed to “{String(error.details.branch ?? '')}” meanwhile.</strong> Nothing was changed here and your changes are still
          listed: push again to add them on top of theirs.
        </span>
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (error.code === 'non_fast_forward') {
    const behind = typeof error.details.behind === 'number' ? error.details.behind : null;
    const ahead = typeof error.details.ahead === 'number' ? error.details.ahead : null;
    return (
      <div className="callout callout-warn push-outcome" role="alert">
        <span>
          <strong>The remote has new commits.</strong>{' '}
          {behind !== null && ahead !== null && behind > 0
            ? `It is ${count(behind)} ahead of you, and you have ${count(ahead)} it does not have yet.`
            : 'Someone pushed before you.'}{' '}
          Your commit is kept here: pull their changes first, then push again.
        </span>
        <button type="button" className="button" onClick={onPullFirst}>
          Pull first
        </button>
      </div>
    );
  }
  const text = describeError(error);
  return (
    <div className="callout callout-danger push-outcome" role="alert">
      <span>
        <strong>{text.title}.</strong> {text.message}
      </span>
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
