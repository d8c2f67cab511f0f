import { describe, expect, it } from 'vitest';
import { parseCommandArgs, resolveInvocation, wantsJson, type Invocation } from './args';
import { commands } from './commands';
import { CliError } from './errors';
import { tokenFromEnv } from './credentials';

const usage = () => 'GLOBAL USAGE';
const resolve = (...argv: string[]): Invocation => resolveInvocation(commands, argv, usage);

function usageFailure(...argv: string[]): CliError {
  try {
    resolve(...argv);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    const e = err as CliError;
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('invalid_input');
    return e;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

function ran(...argv: string[]) {
  const inv = resolve(...argv);
  if (inv.kind !== 'run') throw new Error(`expected a command, got ${inv.kind}`);
  return inv;
}

describe('resolveInvocation', () => {
  it('answers --version and --help without a command', () => {
    expect(resolve('--version')).toEqual({ kind: 'version', json: false });
    expect(resolve('--json', '--version')).toEqual({ kind: 'version', json: true });
    expect(resolve('--help')).toEqual({ kind: 'help', text: 'GLOBAL USAGE', json: false });
    expect(resolve('-h').kind).toBe('help');
  });

  it('rejects no command, unknown commands and unknown global flags with exit 2', () => {
    expect(usageFailure().usage).toBe('GLOBAL USAGE');
    expect(usageFailure('frobnicate').message).toContain('Unknown command "frobnicate"');
    expect(usageFailure('--frob').message).toBe('Unknown option --frob.');
  });

  it('finds two-word commands and their positionals, with global flags anywhere', () => {
    const inv = ran('--json', 'workspace', 'add', 'some/folder', '--name', 'Site', '--group', 'web');
    expect(inv.command.name).toBe('workspace add');
    expect(inv.json).toBe(true);
    expect(inv.parsed.args.folder).toBe('some/folder');
    expect(inv.parsed.values).toMatchObject({ name: 'Site', group: 'web', json: true });
  });

  it('shows a group its subcommands, and a command its help', () => {
    const missing = usageFailure('workspace');
    expect(missing.usage).toContain('workspace add');
    expect(usageFailure('workspace', 'frob').message).toContain('Unknown subcommand');
    const groupHelp = resolve('workspace', '--help');
    expect(groupHelp.kind === 'help' && groupHelp.text).toContain('workspace remove');
    const help = resolve('status', '--help');
    expect(help.kind === 'help' && help.text).toContain('Usage: reposync status <folder> [options]');
    const viaHelp = resolve('help', 'workspace', 'add');
    expect(viaHelp.kind === 'help' && viaHelp.text).toContain('Usage: reposync workspace add <folder>');
  });

  it('reports missing and extra arguments and unknown flags with the command usage', () => {
    const missing = usageFailure('status');
    expect(missing.message).toBe('Missing argument <folder>.');
    expect(missing.usage).toContain('Usage: reposync status');
    expect(usageFailure('status', 'a', 'b').message).toContain('"b" is not expected');
    expect(usageFailure('status', 'a', '--bogus').message).toBe('Unknown option --bogus.');
    expect(usageFailure('history', 'a', '--limit').message).toContain('argument missing');
  });

  it('never echoes a token given in argv', () => {
    const e = usageFailure('fetch', 'f', '--token=ghp_abcdefghijklmnopqrstuvwxyz123456');
    expect(e.message).toContain('--token-env');
    expect(e.message).not.toContain('ghp_');
  });

  it('applies each command’s own checks', () => {
    expect(usageFailure('push', 'f').message).toContain('-m');
    expect(ran('push', 'f', '-m', 'msg', '--paths', 'a', '--paths', 'b c').parsed.values.paths).toEqual(['a', 'b c']);
    expect(usageFailure('pull', 'f', '--ours', 'x', '--theirs', 'x').message).toContain('both');
    expect(usageFailure('pull', 'f', '--strategy', 'rebase').message).toContain('merge, ff-only');
    expect(ran('pull', 'f', '--strategy', 'ff-only', '--dry-run', '--theirs', 'a', '--theirs', 'b').parsed.values.theirs).toEqual(['a', 'b']);
    expect(usageFailure('resolve', 'f', 'p').message).toContain('exactly one');
    expect(usageFailure('resolve', 'f', 'p', '--ours', '--theirs').message).toContain('exactly one');
    expect(ran('resolve', 'f', 'p', '--merged-file', 'm.txt').parsed.args).toEqual({ folder: 'f', path: 'p' });
    expect(usageFailure('merge', 'f').message).toContain('--continue or --abort');
    expect(usageFailure('merge', 'f', '--abort', '-m', 'x').message).toContain('only go with --continue');
    expect(usageFailure('history', 'f', '--limit', '0').message).toContain('positive');
    expect(usageFailure('show', 'f', 'HEAD~1').message).toContain('commit id');
    expect(usageFailure('promote', 'f', '--env', 'prod').message).toContain('--ref');
    expect(usageFailure('workspace', 'add', 'f', '--author-name', 'Ada').message).toContain('go together');
  });

  it('takes either a group or folders for bulk-pull', () => {
    expect(usageFailure('bulk-pull').message).toContain('either');
    expect(usageFailure('bulk-pull', 'a', '--group', 'g').message).toContain('either');
    expect(ran('bulk-pull', 'a', 'b').parsed.rest).toEqual(['a', 'b']);
    expect(ran('bulk-pull', '--group', 'g').parsed.values.group).toBe('g');
  });

  it('sees --json only before a `--` separator', () => {
    expect(wantsJson(['status', 'x', '--json'])).toBe(true);
    expect(wantsJson(['status', '--', '--json'])).toBe(false);
  });

  it('parses one command directly', () => {
    const history = commands.find((c) => c.name === 'history')!;
    expect(parseCommandArgs(history, ['f', '--limit', '5', '--search', 'fix bug'])).toMatchObject({
      args: { folder: 'f' },
      values: { limit: '5', search: 'fix bug' },
    });
  });
});

describe('tokenFromEnv', () => {
  it('is absent without --token-env, and --username alone is bad usage', () => {
    expect(tokenFromEnv({}, {}, 'U')).toBeNull();
    expect(() => tokenFromEnv({ username: 'bob' }, {}, 'U')).toThrow(/--token-env/);
  });

  it('rejects a missing or empty variable with exit 2', () => {
    for (const env of [{}, { MY_TOKEN: '' }, { MY_TOKEN: '   ' }]) {
      try {
        tokenFromEnv({ 'token-env': 'MY_TOKEN' }, env, 'U');
        throw new Error('expected a failure');
      } catch (err) {
        expect((err as CliError).exitCode).toBe(2);
        expect((err as CliError).message).toContain('$MY_TOKEN is not set or empty');
        expect((err as CliError).usage).toBe('U');
      }
    }
  });

  it('does not echo a value that looks like a token rather than a variable name', () => {
    const err = (() => {
      try {
        tokenFromEnv({ 'token-env': 'ghp_abcdefghijklmnop1234' }, {}, 'U');
      } catch (e) {
        return e as CliError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.message).not.toContain('ghp_');
    expect(() => tokenFromEnv({ 'token-env': 'https://x' }, {}, 'U')).toThrow(/NAME of an environment variable/);
  });

  it('hands the token out as x-access-token or the given user name', () => {
    expect(tokenFromEnv({ 'token-env': 'T' }, { T: ' s3cret-token \n' }, 'U')).toEqual({ token: 's3cret-token', username: 'x-access-token' });
    expect(tokenFromEnv({ 'token-env': 'T', username: 'oauth2' }, { T: 'abc' }, 'U')).toEqual({ token: 'abc', username: 'oauth2' });
  });
});
