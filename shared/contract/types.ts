import type { z } from 'zod';

/** One channel: what the caller sends and what it gets back, both checked at the boundary. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for docs and the CLI's help. */
  summary: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): ChannelDef<I, O> {
  return { input, output, summary };
}
