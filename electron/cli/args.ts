import { parseArgs } from 'node:util';
import type { Command, OptionSpec, ParsedArgs } from './command';
import { usageError } from './errors';
import { commandHelp, groupHelp } from './help';
import { optionsOf } from './options';

export type Invocation =
  | { kind: 'version'; json: boolean }
  | { kind: 'help'; text: string; json: boolean }
  | { kind: 'run'; command: Command; parsed: ParsedArgs; json: boolean };

const GLOBAL_FLAGS = new Set(['--json', '--help', '-h', '--version', '-V']);

/** Whether errors should be JSON: decided before parsing, so even a usage error honours `--json`. */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The leading words that name the command (global flags may sit between them). */
function commandWords(argv: string[]): Array<{ word: string; index: number }> {
  const words: Array<{ word: string; index: number }> = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i]!;
    if (GLOBAL_FLAGS.has(token)) continue;
    if (token.startsWith('-')) break;
    words.push({ word: token, index: i });
  }
  return words;
}

function groupsOf(commands: Command[]): Set<string> {
  return new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));
}

/** Turn argv into what to do. Bad usage throws a CliError with exit code 2 and the right usage text. */
export function resolveInvocation(commands: Command[], argv: string[], globalUsage: () => string): Invocation {
  const json = wantsJson(argv);
  const words = commandWords(argv);
  const byName = new Map(commands.map((c) => [c.name, c]));
  const groups = groupsOf(commands);
  const flags = new Set(argv.filter((t) => GLOBAL_FLAGS.has(t)));

  if (words.length === 0) {
    const stray = argv.find((t) => t.startsWith('-') && !GLOBAL_FLAGS.has(t));
    if (stray) throw usageError(`Unknown option ${optionName(stray)}.`, globalUsage());
    if (flags.has('--version') || flags.has('-V')) return { kind: 'version', json };
    if (flags.has('--help') || flags.has('-h')) return { kind: 'help', text: globalUsage(), json };
    throw usageError('A command is required.', globalUsage());
  }

  const [first, second] = words;
  if (first!.word === 'help') return { kind: 'help', text: helpTopic(commands, argv.slice(first!.index + 1).filter((t) => !t.startsWith('-')), globalUsage), json };

  const pair = second ? byName.get(`${first!.word} ${second.word}`) : undefined;
  const command = pair ?? byName.get(first!.word);
  if (!command) {
    if (groups.has(first!.word)) {
      if (flags.has('--help') || flags.has('-h')) return { kind: 'help', text: groupHelp(first!.word, commands), json };
      const what = second ? `Unknown subcommand "${first!.word} ${second.word}".` : `"${first!.word}" needs a subcommand.`;
      throw usageError(what, groupHelp(first!.word, commands));
    }
    throw usageError(`Unknown command "${first!.word}". Run \`reposync --help\` for the list.`, globalUsage());
  }

  const consumed = new Set([first!.index, ...(pair ? [second!.index] : [])]);
  const rest = argv.filter((_, i) => !consumed.has(i));
  const parsed = parseCommandArgs(command, rest);
  if (parsed.values.help) return { kind: 'help', text: commandHelp(command), json };
  return { kind: 'run', command, parsed, json };
}

function helpTopic(commands: Command[], words: string[], globalUsage: () => string): string {
  if (words.length === 0) return globalUsage();
  const command = commands.find((c) => c.name === words.slice(0, 2).join(' ')) ?? commands.find((c) => c.name === words[0]);
  if (command) return commandHelp(command);
  if (groupsOf(commands).has(words[0]!)) return groupHelp(words[0]!, commands);
  throw usageError(`Unknown command "${words.join(' ')}".`, globalUsage());
}

/** Strict parseArgs for one command, then positionals by name and the command's own checks. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const specs = optionsOf(command);
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({ args: argv, options: toParseArgsOptions(specs), strict: true, allowPositionals: true });
  } catch (err) {
    throw usageError(describeParseError(err), commandHelp(command));
  }
  const values = result.values as ParsedArgs['values'];
  const positionals = result.positionals;
  if (values.help) return { values, args: {}, rest: [] };

  const args: Record<string, string | undefined> = {};
  let rest: string[] = [];
  let i = 0;
  for (const spec of command.args) {
    if (spec.variadic) {
      rest = positionals.slice(i);
      i = positionals.length;
      if (rest.length === 0 && !spec.optional) throw usageError(`Missing argument <${spec.name}>.`, commandHelp(command));
      continue;
    }
    const value = positionals[i++];
    if (value === undefined && !spec.optional) throw usageError(`Missing argument <${spec.name}>.`, commandHelp(command));
    args[spec.name] = value;
  }
  if (positionals.length > i) {
    throw usageError(`Too many arguments: "${positionals.slice(i).join(' ')}" is not expected here.`, commandHelp(command));
  }
  const parsed = { values, args, rest };
  const problem = command.check?.(parsed);
  if (problem) throw usageError(problem, commandHelp(command));
  return parsed;
}

function toParseArgsOptions(specs: Record<string, OptionSpec>) {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  return out;
}

/** `--token=abc` must never echo `abc`: only the option's name goes into messages. */
export function optionName(token: string): string {
  return token.split('=', 1)[0]!;
}

function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      if (optionName(quoted) === '--token') return 'A token is never taken on the command line (it would show in ps and shell history); use --token-env VAR.';
      return `Unknown option ${optionName(quoted)}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return (e.message ?? 'Invalid option value.').replace(/\s+$/, '') + (/[.]$/.test(e.message ?? '') ? '' : '.');
    default:
      return e.message ?? 'Invalid arguments.';
  }
}
