import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../../shared/domain';
import type { PromoteOptions, PromoteRequest, PromoteResult, PromotionMode, PromotionRecord } from '../../../shared/contract/bulk';
import { ReposyncError, toReposyncError } from '../errors';
import { countAheadBehind } from '../git/ahead-behind';
import { assertRepoFolder } from '../git/git';
import { resolveIdentity, type Identity } from '../git/identity';
import { signatureNow, writeCommit } from '../git/object-write';
import { assertBranchName } from '../git/refs';
import { fetchBranch, pushBranch, type RemoteSession } from '../git/remote';
import { applyToTree, readCommitInfo } from '../git/trees';
import type { OperationContext } from '../operations';
import type { CoreServices } from '../services';
import { materializePlan } from './merge-apply';
import { mergeBaseForMerge } from './merge-base-virtual';
import { planMerge } from './merge-trees';
import { resolveCommit } from './promote-ref';
import { appendPromotion } from './promotions-log';
import { openSession } from './remote-session';

type Ctx = Pick<OperationContext, 'signal' | 'progress'>;
type PromoteServices = Pick<CoreServices, 'credentials' | 'options' | 'events' | 'log'>;

/** The environment must be one the workspace declares, and a valid branch name. */
export function checkEnvironment(ws: Workspace, environment: string): void {
  if (!ws.environments.includes(environment)) {
    const known = ws.environments.length ? `: ${ws.environments.join(', ')}` : ' (it has none; add them in its settings)';
    throw new ReposyncError('invalid_input', `"${environment.slice(0, 100)}" is not an environment of ${ws.name}${known}.`, {
      field: 'environment',
      environments: ws.environments,
    });
  }
  assertBranchName(environment, 'environment');
}

/**
 * Start `sync.promote` as an operation holding the workspace's writer lock. Bad input (an unknown
 * environment, a ref that names nothing) fails here, before an operation exists.
 */
export async function startPromote(services: CoreServices, input: PromoteRequest): Promise<{ operationId: string; done: Promise<PromoteResult> }> {
  const ws = services.workspaces.get(input.workspaceId);
  assertRepoFolder(ws.path);
  checkEnvironment(ws, input.environment);
  await resolveCommit(ws.path, input.ref);
  const options: PromoteOptions = { ...input, allowMerge: input.allowMerge ?? false };
  return services.operations.start(
    { kind: 'promote', title: `Promote ${input.ref} to ${input.environment} in ${ws.name}`, workspaceId: ws.id, lockDir: ws.path },
    (ctx) => promote(services, ws, options, ctx),
  );
}

interface Decision {
  mode: PromotionMode | 'up_to_date';
  newTip: string;
  ahead: number;
  behind: number;
}

/**
 * Move an environment branch on the remote to a ref: fetch it, fast-forward it (or merge, when
 * allowed), push it, record it. Works on refs and objects only: the working folder, the index,
 * HEAD and every local branch stay as they are; only `refs/remotes/origin/<environment>` and new
 * objects (a merge commit) appear locally.
 */
export async function promote(services: PromoteServices, ws: Workspace, input: PromoteOptions, ctx: Ctx): Promise<PromoteResult> {
  const env = input.environment;
  checkEnvironment(ws, env);
  const dir = ws.path;
  assertRepoFolder(dir);
  // Everything local is checked before the network: a typo or a missing author fails at once.
  const who = await resolveIdentity(dir, ws.author);
  const target = await resolveCommit(dir, input.ref);
  const session = await openSession(services, ws, ctx);

  ctx.progress('fetching', 0, null);
  const from = await fetchEnvironment(session, dir, env);
  if (ctx.signal.aborted) throw cancelled();

  ctx.progress('comparing', 0, null);
  const d = await decide(dir, env, from, target, input, who);
  if (d.mode === 'up_to_date') return { mode: 'up_to_date', environment: env, from, to: from!, ahead: 0, behind: d.behind, record: null };
  if (ctx.signal.aborted) throw cancelled();

  ctx.progress('pushing', 0, null);
  try {
    // Pushing the commit id itself (not a local branch) keeps every local branch untouched.
    await pushBranch(session, { dir, localBranch: d.newTip, remoteBranch: env });
  } catch (err) {
    const e = toReposyncError(err);
    if (e.code === 'non_fast_forward') {
      throw new ReposyncError('non_fast_forward', `"${env}" changed on the remote while promoting; it was left as it is. Promote again.`, {
        environment: env,
        reason: e.details.reason ?? 'not-fast-forward',
      });
    }
    throw e;
  }
  const record: PromotionRecord = {
    id: randomUUID(),
    workspaceId: ws.id,
    environment: env,
    from,
    to: d.newTip,
    ref: input.ref,
    refOid: target,
    mode: d.mode,
    by: { name: who.name, email: who.email },
    at: new Date().toISOString(),
    message: input.message ?? null,
  };
  try {
    appendPromotion(dir, record);
  } catch (err) {
    // The push is done and cannot be taken back; failing now would only invite a confused retry.
    services.log.warn('promotion pushed but not recorded in the history', { workspaceId: ws.id, environment: env, err });
  }
  services.events.emit('workspace.changed', { workspaceId: ws.id, reason: 'synced' });
  return { mode: d.mode, environment: env, from, to: d.newTip, ahead: d.ahead, behind: d.behind, record };
}

/** The environment's tip on the remote (now in `refs/remotes/origin/<env>`), or null when the remote has no such branch. */
async function fetchEnvironment(session: RemoteSession, dir: string, env: string): Promise<string | null> {
  try {
    return (await fetchBranch(session, dir, env)).remoteOid;
  } catch (err) {
    const e = toReposyncError(err);
    // fetchBranch says "no such branch" as not_found with the branch and no HTTP status; a missing repository has a status.
    if (e.code === 'not_found' && e.details.branch === env && e.details.status === undefined) return null;
    throw e;
  }
}

async function decide(dir: string, env: string, from: string | null, target: string, input: PromoteOptions, who: Identity): Promise<Decision> {
  if (!from) return { mode: 'created', newTip: target, ahead: 0, behind: 0 };
  if (from === target) return { mode: 'up_to_date', newTip: from, ahead: 0, behind: 0 };
  const base = await mergeBaseForMerge(dir, from, target);
  const { ahead, behind } = await countAheadBehind(dir, target, from);
  if (base === from) return { mode: 'fast_forward', newTip: target, ahead, behind: 0 };
  // The environment already holds every commit of the ref: a merge would add nothing.
  if (base === target) return { mode: 'up_to_date', newTip: from, ahead: 0, behind };
  if (!input.allowMerge) {
    throw new ReposyncError(
      'non_fast_forward',
      `"${env}" has ${behind} commit${behind === 1 ? '' : 's'} that ${input.ref} does not have, so it cannot simply move forward. Promote with allowMerge to make a merge commit, or bring those commits into ${input.ref} first.`,
      { environment: env, ahead, behind, from, to: target },
    );
  }
  if (!base) {
    throw new ReposyncError('unsupported', `"${env}" and ${input.ref} share no history; Reposync will not merge unrelated histories.`, { environment: env });
  }
  const newTip = await mergeCommit(dir, { base, ours: from, theirs: target }, env, input, who);
  return { mode: 'merge', newTip, ahead, behind };
}

/** A merge commit [environment tip, ref] built from the three trees alone; refused when any path conflicts. */
async function mergeCommit(dir: string, c: { base: string; ours: string; theirs: string }, env: string, input: PromoteOptions, who: Identity): Promise<string> {
  const tree = async (oid: string) => (await readCommitInfo(dir, oid)).tree;
  const oursTree = await tree(c.ours);
  const plan = await planMerge(dir, { base: await tree(c.base), ours: oursTree, theirs: await tree(c.theirs) }, { useOurs: [], useTheirs: [] });
  if (plan.conflicting.length > 0) {
    throw new ReposyncError(
      'conflict',
      `Merging ${input.ref} into "${env}" conflicts in ${plan.conflicting.slice(0, 5).join(', ')}${plan.conflicting.length > 5 ? ', …' : ''}. Nothing was pushed; resolve it in a branch and promote that.`,
      { environment: env, files: plan.conflicting.slice(0, 1000) },
    );
  }
  const newTree = await applyToTree(dir, oursTree, materializePlan(dir, plan).tree);
  const sig = signatureNow(who.name, who.email);
  const message = input.message ?? `Merge ${input.ref} into ${env}`;
  return writeCommit(dir, { tree: newTree, parents: [c.ours, c.theirs], author: sig, committer: sig, message });
}

function cancelled(): ReposyncError {
  return new ReposyncError('cancelled', 'The promotion was cancelled; the remote was not changed.', {});
}
