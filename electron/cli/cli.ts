import type { CommandContext, Engine } from './command';
import { resolveInvocation, wantsJson } from './args';
import { commands } from './commands';
import { tokenFromEnv } from './credentials';
import { CliError, type ExitCode } from './errors';
import { commandHelp, globalHelp } from './help';
import { jsonDocument, writeError, writeText, type Io } from './output';
import { VERSION } from '../core/version';
import { redactText } from '../core/redact';

/**
 * The whole command line: parse argv first (cheap), then load the engine only if the command
 * needs it. Returns the exit code; never throws.
 */
export async function runCli(argv: string[], io: Io, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  let json = wantsJson(argv);
  try {
    const invocation = resolveInvocation(commands, argv, () => globalHelp(commands, VERSION));
    json = invocation.json;
    if (invocation.kind === 'version') {
      writeText(io.stdout, json ? jsonDocument({ version: VERSION }) : VERSION);
      return 0;
    }
    if (invocation.kind === 'help') {
      writeText(io.stdout, json ? jsonDocument({ help: invocation.text }) : invocation.text);
      return 0;
    }
    const { command, parsed } = invocation;
    const token = command.remote ? tokenFromEnv(parsed.values, env, commandHelp(command)) : null;
    let engine: Promise<Engine> | null = null;
    const ctx: CommandContext = {
      parsed,
      json,
      engine: () => (engine ??= import('./session').then(({ openEngine }) => openEngine({ io, env, token }))),
    };
    const output = await command.run(ctx);
    writeText(io.stdout, json ? jsonDocument(output.json) : output.text);
    return output.exitCode ?? 0;
  } catch (err) {
    const failure = err instanceof CliError ? err : new CliError('internal', redactText(messageOf(err)));
    writeError(io, failure, json);
    return failure.exitCode;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
