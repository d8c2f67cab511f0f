import fs from 'node:fs';
import type { Connection, ConnectionCreate, ConnectionTestResult, ConnectionUpdate } from '../../../shared/contract/connections';
import { defineCommand, type OptionValues } from '../command';
import { CliError, usageError } from '../errors';
import { table } from '../format';
import { defined, oneOf, str } from './common';
import { confirmOnTerminal, readSecretFromStdin } from './prompt';

// Secrets reach this command only through an environment variable, stdin or a key file: argv is
// visible in `ps` and shell history (`--token` itself is refused by the parser, see args.ts).
const SECRET_OPTIONS = {
  'token-env': { type: 'string', value: 'VAR', description: 'Read the token from environment variable VAR' },
  'token-stdin': { type: 'boolean', description: 'Read the token from stdin (first line)' },
} as const;

const PROVIDERS = ['github', 'gitlab', 'gitea', 'generic'];
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The token from `--token-env VAR` or `--token-stdin`, or null when neither was given. Never echoes it. */
async function tokenOf(values: OptionValues, env: NodeJS.ProcessEnv): Promise<string | null> {
  const name = str(values, 'token-env');
  if (name !== undefined) {
    if (!SAFE_NAME.test(name)) throw usageError('--token-env takes the NAME of an environment variable holding the token, not the token itself.');
    const token = env[name]?.trim();
    if (!token) throw usageError(`$${name} is not set or empty; export the token in it first.`);
    return token;
  }
  if (values['token-stdin'] === true) {
    const token = await readSecretFromStdin(process.stdin);
    if (!token) throw usageError('--token-stdin read no token: pipe it in, e.g. `printenv TOKEN | reposync connection add ... --token-stdin`.');
    return token;
  }
  return null;
}

function bothTokenSources(values: OptionValues): string | null {
  return values['token-env'] !== undefined && values['token-stdin'] === true ? 'Give the token with either --token-env VAR or --token-stdin, not both.' : null;
}

function describeConnection(c: Connection): string {
  const lines = [`${c.label} (${c.id})`, `  ${c.provider}${c.authKind === 'github_app' ? ' app' : ''} at ${c.baseUrl}, as ${c.username}`];
  if (c.expiresAt) lines.push(`  token expires ${c.expiresAt}`);
  return lines.join('\n');
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw usageError(`Cannot read the private key file ${file}.`);
  }
}

export const connectionAdd = defineCommand({
  name: 'connection add',
  summary: 'Save an account on a Git host (the token is checked with the provider first)',
  args: [],
  synopsis: '--provider <kind> (--token-env <VAR> | --token-stdin)',
  options: {
    provider: { type: 'string', value: 'kind', description: 'github, gitlab, gitea or generic (required)' },
    'base-url': { type: 'string', value: 'url', description: 'API base: GitHub Enterprise https://host/api/v3, GitLab/Gitea host' },
    label: { type: 'string', value: 'label', description: 'Name shown in lists (default: provider and user)' },
    ...SECRET_OPTIONS,
    username: { type: 'string', value: 'name', description: 'generic: the user name sent with the token' },
    'repo-url': { type: 'string', value: 'url', description: 'generic: the repository URL the token is for' },
    'app-id': { type: 'string', value: 'n', description: 'GitHub App: the app id' },
    'installation-id': { type: 'string', value: 'n', description: 'GitHub App: the installation id' },
    'private-key-file': { type: 'string', value: 'file', description: "GitHub App: the app's PEM private key file" },
  },
  notes: ['Nothing is saved when the provider refuses the token (exit 1, auth_failed).'],
  check: ({ values }) => {
    if (str(values, 'provider') === undefined) return '--provider is required (github, gitlab, gitea or generic).';
    const bad = oneOf(values, 'provider', PROVIDERS) ?? bothTokenSources(values);
    if (bad) return bad;
    const app = ['app-id', 'installation-id', 'private-key-file'].filter((k) => values[k] !== undefined);
    const token = values['token-env'] !== undefined || values['token-stdin'] === true;
    if (app.length > 0) {
      if (values.provider !== 'github') return '--app-id, --installation-id and --private-key-file are for --provider github only.';
      if (token) return 'Give either a token or GitHub App fields, not both.';
      if (app.length < 3) return 'A GitHub App needs --app-id, --installation-id and --private-key-file.';
      return null;
    }
    if (!token) return 'A token is required: --token-env VAR or --token-stdin (never on the command line).';
    if (values.provider === 'generic' && (values.username === undefined || values['repo-url'] === undefined)) {
      return '--provider generic needs --username and --repo-url.';
    }
    if (values.provider === 'gitea' && values['base-url'] === undefined) return '--provider gitea needs --base-url (your Gitea server).';
    return null;
  },
  async run(ctx) {
    const { values } = ctx.parsed;
    const provider = str(values, 'provider') as ConnectionCreate['provider'];
    const label = str(values, 'label');
    const baseUrl = str(values, 'base-url');
    let input: Record<string, unknown>;
    if (values['app-id'] !== undefined) {
      input = {
        provider,
        label,
        baseUrl,
        appId: str(values, 'app-id'),
        installationId: str(values, 'installation-id'),
        privateKey: readKeyFile(str(values, 'private-key-file')!),
      };
    } else {
      const token = await tokenOf(values, process.env);
      input =
        provider === 'generic'
          ? { provider, label, token, username: str(values, 'username'), repoUrl: str(values, 'repo-url') }
          : { provider, label, baseUrl, token };
    }
    const engine = await ctx.engine();
    const created = await engine.call('connections.create', defined(input) as ConnectionCreate);
    return { json: created, text: `Saved connection ${describeConnection(created)}` };
  },
});

export const connectionList = defineCommand({
  name: 'connection list',
  summary: 'List saved connections (never their secrets)',
  args: [],
  options: {},
  async run(ctx) {
    const engine = await ctx.engine();
    const all = await engine.call('connections.list', {});
    const text =
      all.length === 0
        ? 'No connections yet; add one with `reposync connection add --provider github --token-env VAR`.'
        : table(
            ['ID', 'PROVIDER', 'LABEL', 'USER', 'BASE URL', 'EXPIRES'],
            all.map((c) => [c.id, c.provider, c.label, c.username, c.baseUrl, c.expiresAt ?? '-']),
          );
    return { json: all, text };
  },
});

export const connectionTest = defineCommand({
  name: 'connection test',
  summary: "Check a saved connection's token with the provider",
  args: [{ name: 'id' }],
  options: {},
  notes: ['Exits 1 when the provider refuses the token.'],
  async run(ctx) {
    const engine = await ctx.engine();
    const result: ConnectionTestResult = await engine.call('connections.test', { id: ctx.parsed.args.id! });
    const text = result.valid
      ? `The token works: signed in as ${result.username}${result.expiresAt ? `, expires ${result.expiresAt}` : ''}.`
      : `The token does not work: ${result.error.message} [${result.error.code}]`;
    return { json: result, text, exitCode: result.valid ? 0 : 1 };
  },
});

export const connectionUpdate = defineCommand({
  name: 'connection update',
  summary: 'Rename a connection or replace its token (the new token is checked first)',
  args: [{ name: 'id' }],
  options: {
    label: { type: 'string', value: 'label', description: 'New name' },
    ...SECRET_OPTIONS,
    'private-key-file': { type: 'string', value: 'file', description: "GitHub App: the app's new PEM private key file" },
  },
  check: ({ values }) => {
    const bad = bothTokenSources(values);
    if (bad) return bad;
    const given = ['label', 'token-env', 'private-key-file'].some((k) => values[k] !== undefined) || values['token-stdin'] === true;
    return given ? null : 'Nothing to change: give --label, --token-env VAR, --token-stdin or --private-key-file.';
  },
  async run(ctx) {
    const { values, args } = ctx.parsed;
    const keyFile = str(values, 'private-key-file');
    const input = defined({
      id: args.id!,
      label: str(values, 'label'),
      token: (await tokenOf(values, process.env)) ?? undefined,
      privateKey: keyFile ? readKeyFile(keyFile) : undefined,
    }) as ConnectionUpdate;
    const engine = await ctx.engine();
    const updated = await engine.call('connections.update', input);
    return { json: updated, text: `Updated connection ${describeConnection(updated)}` };
  },
});

export const connectionRemove = defineCommand({
  name: 'connection remove',
  summary: 'Delete a connection and its secret; workspaces using it are forgotten (folders stay)',
  args: [{ name: 'id' }],
  options: { yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' } },
  notes: ['Asks for confirmation on a terminal; in scripts pass --yes.'],
  async run(ctx) {
    const id = ctx.parsed.args.id!;
    const engine = await ctx.engine();
    const found = (await engine.call('connections.list', {})).find((c) => c.id === id);
    if (!found) throw new CliError('not_found', `No connection has the id "${id}".`, { details: { connectionId: id } });
    if (ctx.parsed.values.yes !== true) {
      if (!process.stdin.isTTY) {
        throw usageError(`Removing connection "${found.label}" needs confirmation; stdin is not a terminal, so pass --yes.`);
      }
      const users = engine.workspaces().filter((w) => w.connectionId === id).length;
      const question = `Remove connection "${found.label}"${users > 0 ? ` and forget its ${users} workspace${users === 1 ? '' : 's'} (folders stay)` : ''}? [y/N] `;
      if (!(await confirmOnTerminal(process.stdin, process.stderr, question))) {
        throw new CliError('cancelled', 'Nothing was removed.');
      }
    }
    const result = await engine.call('connections.delete', { id, confirm: true });
    const forgot = result.removedWorkspaceIds.length;
    return {
      json: result,
      text: `Removed connection ${found.label} (${id})${forgot > 0 ? `; forgot ${forgot} workspace${forgot === 1 ? '' : 's'}, their folders are unchanged` : ''}.`,
    };
  },
});

export const connectionCommands = [connectionAdd, connectionList, connectionTest, connectionUpdate, connectionRemove];
