import { dispatch, type CallContext, type Handlers } from './dispatch';
import type { Envelope } from '../../shared/errors';
import { createHandlers } from './handlers';
import { createServices, type CoreOptions, type CoreServices } from './services';

export interface Core {
  services: CoreServices;
  handlers: Handlers;
  /** Validate, run and wrap one call; what the IPC adapter, the host and the tests use. */
  call(channel: unknown, input: unknown, origin: CallContext['origin']): Promise<Envelope<unknown>>;
}

/** The engine as one object, free of Electron: the same in Electron main, the host and the CLI. */
export function createCore(options: CoreOptions): Core {
  const services = createServices(options);
  const handlers = createHandlers(services);
  return {
    services,
    handlers,
    call: (channel, input, origin) => dispatch(handlers, channel, input, origin, services.log),
  };
}

export type { CoreOptions, CoreServices };
