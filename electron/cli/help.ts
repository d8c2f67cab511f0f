import type { Command } from './command';
import { argSynopsis, flagLabel, optionsOf } from './options';

const BIN = 'reposync';

function columns(rows: Array<[string, string]>, indent = '  '): string[] {
  const width = Math.min(34, Math.max(0, ...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => (left.length > width ? `${indent}${left}\n${indent}${' '.repeat(width + 2)}${right}` : `${indent}${left.padEnd(width)}  ${right}`));
}

export function usageLine(command: Command): string {
  const args = argSynopsis(command);
  return `Usage: ${BIN} ${command.name}${args ? ` ${args}` : ''} [options]`;
}

/** `reposync <command> --help`, and what a usage error prints on stderr. */
export function commandHelp(command: Command): string {
  const options = Object.entries(optionsOf(command)).map(([name, spec]): [string, string] => [flagLabel(name, spec), spec.description]);
  const lines = [usageLine(command), '', command.summary, '', 'Options:', ...columns(options)];
  if (command.notes?.length) lines.push('', ...command.notes);
  return `${lines.join('\n')}\n`;
}

/** Help for a group such as `workspace`: its subcommands. */
export function groupHelp(group: string, commands: Command[]): string {
  const members = commands.filter((c) => c.name.startsWith(`${group} `));
  const rows = members.map((c): [string, string] => [`${c.name} ${argSynopsis(c)}`.trim(), c.summary]);
  return [`Usage: ${BIN} ${group} <subcommand> [options]`, '', 'Subcommands:', ...columns(rows), '', `Run \`${BIN} ${group} <subcommand> --help\` for details.`, ''].join('\n');
}

export function globalHelp(commands: Command[], version: string): string {
  const rows = commands.map((c): [string, string] => [`${c.name} ${argSynopsis(c)}`.trim(), c.summary]);
  return [
    `${BIN} ${version}: keep local folders in sync with Git repositories.`,
    '',
    `Usage: ${BIN} <command> [arguments] [options]`,
    '',
    'Commands:',
    ...columns(rows),
    '',
    'Global options:',
    ...columns([
      ['--json', 'Print exactly one JSON document on stdout (errors too)'],
      ['-h, --help', 'Show help (also `<command> --help`)'],
      ['--version', 'Print the version'],
    ]),
    '',
    'A <folder> may be any Git working folder: a registered workspace is used as is,',
    'any other folder with its defaults (remote origin, current branch), without registering it.',
    'Remote commands read a token from an environment variable: --token-env VAR.',
    '',
    'Environment: REPOSYNC_HOME selects the data folder.',
    'Exit codes: 0 ok, 1 failed, 2 bad usage.',
    '',
  ].join('\n');
}
