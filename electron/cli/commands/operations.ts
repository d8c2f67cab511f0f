import { defineCommand } from '../command';
import { table } from '../format';

export const operations = defineCommand({
  name: 'operations',
  summary: 'Running and recent operations of this engine, newest first',
  args: [],
  options: {
    active: { type: 'boolean', description: 'Only operations still running' },
  },
  notes: ['Operations live in the engine process that runs them: a CLI run sees only its own.'],
  async run(ctx) {
    const engine = await ctx.engine();
    const ops = await engine.call('operations.list', ctx.parsed.values.active ? { activeOnly: true } : {});
    const text =
      ops.length === 0
        ? 'No operations.'
        : table(
            ['ID', 'KIND', 'STATUS', 'PHASE', 'TITLE'],
            ops.map((o) => [o.id, o.kind, o.status, o.phase, o.title]),
          );
    return { json: ops, text };
  },
});
