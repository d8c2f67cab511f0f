import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../shared/client';
import { App } from './App';
import { connectEngine } from './store/connect-engine';
import { browserStorage, createAppStore } from './store/create-app-store';
import { StoreProvider } from './store/store-context';
import { pickTransport } from './transport/pick-transport';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/navigation.css';
import './styles/detail.css';
import './styles/dialogs.css';

// The host's login link carries the token; the cookie holds it from now on, so keep it out of
// the address bar, the history and any screenshot.
const url = new URL(window.location.href);
if (url.searchParams.has('token')) {
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

const transport = pickTransport();
const client = createClient(transport);
const store = createAppStore({ client, settings: browserStorage() });
connectEngine(store, client, transport);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App showConnection={transport.kind === 'host'} />
    </StoreProvider>
  </StrictMode>,
);
