import type { Workspace } from '../../shared/domain';
import type { Channel, Input, Output } from '../../shared/contract';

/** One option of a command, in `node:util` parseArgs terms plus what help shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help after the flag, e.g. `--limit <n>`. */
  value?: string;
  description: string;
}

export interface ArgSpec {
  name: string;
  optional?: boolean;
  /** Takes every remaining positional (only the last one). */
  variadic?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  /** Positionals by name, in the order of `args`. */
  args: Record<string, string | undefined>;
  rest: string[];
}

/** What a command prints: the one JSON document for `--json`, or text for people. */
export interface CommandOutput {
  json: unknown;
  text: string;
  /** 1 when the command printed a result but part of it failed (bulk pull). */
  exitCode?: 0 | 1;
}

/** The engine as a command sees it; loaded lazily so `--help` and `--version` never pay for it. */
export interface Engine {
  /** A channel that exists in the contract, fully typed. Engine errors are thrown as CliError. */
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  /**
   * Like `call`, but a returned `{ operationId }` is waited for (progress on a TTY, Ctrl-C
   * cancels) and the operation's result returned.
   */
  run<C extends Channel>(channel: C, input: Input<C>): Promise<unknown>;
  /**
   * The workspace of a Git folder: the registered one, else an in-memory one with the folder's
   * defaults. `use` applies flags to an in-memory workspace for this run only: --connection, and
   * --env for promote (an unregistered folder has no environments list of its own).
   */
  workspaceFor(folder: string, use?: WorkspaceUse): Promise<Workspace>;
  /** Every workspace, registered and in-memory. */
  workspaces(): Workspace[];
}

export interface WorkspaceUse {
  connectionId?: string;
  environment?: string;
}

export interface CommandContext {
  parsed: ParsedArgs;
  json: boolean;
  engine(): Promise<Engine>;
}

export interface Command {
  /** One or two words: `status`, `workspace add`. */
  name: string;
  summary: string;
  args: ArgSpec[];
  /** Required flags shown in the usage line, e.g. `-m <msg>`. */
  synopsis?: string;
  options: Record<string, OptionSpec>;
  /** Adds --token-env, --username and --connection. */
  remote?: boolean;
  /** Extra lines for `<command> --help`. */
  notes?: string[];
  /** Checks across options that parseArgs cannot express; return a usage message to reject. */
  check?(parsed: ParsedArgs): string | null;
  run(ctx: CommandContext): Promise<CommandOutput>;
}

export function defineCommand(command: Command): Command {
  return command;
}
