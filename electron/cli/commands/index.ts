import type { Command } from '../command';
import { bulkPull } from './bulk-pull';
import { clone } from './clone';
import { conflicts, merge, resolve } from './conflicts';
import { connectionCommands } from './connection';
import { fetch } from './fetch';
import { history, show } from './history';
import { operations } from './operations';
import { promote, promotions } from './promote';
import { pull } from './pull';
import { push } from './push';
import { status } from './status';
import { backups, undo } from './undo';
import { workspaceAdd, workspaceList, workspaceRemove, workspaceTest } from './workspace';

/**
 * Every command, in the order `--help` lists them. Command files import only light modules;
 * the engine is loaded by `ctx.engine()` when a command runs.
 */
export const commands: Command[] = [
  workspaceAdd,
  workspaceList,
  workspaceRemove,
  workspaceTest,
  status,
  clone,
  fetch,
  pull,
  push,
  conflicts,
  resolve,
  merge,
  history,
  show,
  bulkPull,
  promote,
  promotions,
  undo,
  backups,
  operations,
  ...connectionCommands,
];
