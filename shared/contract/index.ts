import type { z } from 'zod';
import { appChannels } from './app';
import { workspaceChannels } from './workspaces';
import { operationChannels } from './operations';
import { historyChannels } from './history';
import { mergeChannels } from './merge';
import { connectionChannels } from './connections';
import { remoteChannels } from './remote';
import { changesChannels } from './changes';
import { bulkChannels } from './bulk';
import { events } from './events';

/**
 * The single source of truth for every channel between the UI and the engine.
 * Each area keeps its channels in its own file; this map joins them.
 */
export const contract = {
  ...appChannels,
  ...workspaceChannels,
  ...operationChannels,
  ...historyChannels,
  ...mergeChannels,
  ...connectionChannels,
  ...remoteChannels,
  ...changesChannels,
  ...bulkChannels,
};

export { events };
export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What a caller may send (defaults not yet applied). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = z.output<Contract[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CHANNELS = Object.keys(contract) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export * from './types';
export * from './app';
export * from './workspaces';
export * from './operations';
export * from './history';
export * from './merge';
export * from './connections';
export * from './remote';
export * from './changes';
export * from './bulk';
