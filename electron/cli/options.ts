import type { Command, OptionSpec } from './command';

/** Flags every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print exactly one JSON document on stdout' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

/** Flags of commands that talk to a remote. A token is never accepted in argv (it would show in `ps` and shell history). */
export const REMOTE_OPTIONS: Record<string, OptionSpec> = {
  'token-env': { type: 'string', value: 'VAR', description: 'Read the access token from environment variable VAR' },
  username: { type: 'string', value: 'name', description: 'User name sent with the token (default: x-access-token)' },
  connection: { type: 'string', value: 'id', description: 'Use the saved connection with this id' },
};

export function optionsOf(command: Command): Record<string, OptionSpec> {
  return { ...command.options, ...(command.remote ? REMOTE_OPTIONS : {}), ...GLOBAL_OPTIONS };
}

/** `<folder>`, `[folder]`, `<folders...>`: how an argument looks in a usage line. */
export function argSynopsis(command: Command): string {
  return command.args
    .map((a) => {
      const name = a.variadic ? `${a.name}...` : a.name;
      return a.optional ? `[${name}]` : `<${name}>`;
    })
    .concat(command.synopsis ? [command.synopsis] : [])
    .join(' ');
}

export function flagLabel(name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : ''}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}
